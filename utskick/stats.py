"""What each step of the sending achieved: the figures on the quality developer's page."""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery

from enkat.models import Invitation, Survey
from enkat.receipts import answered_invitation_ids, answered_waves
from utskick.models import Channel, GroupTally, Message, MessageStatus, WaveTally

SENT_STATUSES = [MessageStatus.QUEUED, MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.UNDELIVERED]


@dataclass
class StepRow:
    channel: str
    step: int
    day_offset: int
    planned: int
    sent: int
    delivered: int
    failed: int
    uncertain: int
    not_sent: int
    opted_out: int
    answered: int

    @property
    def answered_per_sent(self) -> float | None:
        return self.answered / self.sent if self.sent else None


def step_rows(survey: Survey) -> list[StepRow]:
    """Per channel and step. "Answered after" a step: the step was the last one sent before the answer
    (`enkat.receipts.answered_waves`). After the invitations are erased, read from their tallies."""
    from utskick.tallies import erased

    if erased(survey):
        return [
            StepRow(
                t.channel,
                t.step,
                t.day_offset,
                t.planned,
                t.sent,
                t.delivered,
                t.failed,
                t.uncertain,
                t.not_sent,
                t.opted_out,
                t.answered,
            )  # fmt: skip
            for t in WaveTally.objects.filter(survey=survey).order_by("channel", "step")
        ]
    return live_step_rows(survey)


def live_step_rows(survey: Survey) -> list[StepRow]:
    """`step_rows` computed from the messages and the receipts, while the invitations exist."""
    next_sent = (
        Message.objects.filter(invitation=OuterRef("invitation"), step__gt=OuterRef("step"), sent_at__isnull=False)
        .order_by("step")
        .values("sent_at")[:1]
    )
    messages = Message.objects.filter(survey=survey).annotate(next_sent=Subquery(next_sent))
    before_next = Q(next_sent__isnull=True)
    rows = (
        messages.values("channel", "step")
        .annotate(
            planned=Count("pk"),
            sent=Count("pk", filter=Q(sent_at__isnull=False)),
            delivered=Count("pk", filter=Q(status=MessageStatus.DELIVERED)),
            failed=Count("pk", filter=Q(status__in=[MessageStatus.FAILED, MessageStatus.UNDELIVERED])),
            uncertain=Count("pk", filter=Q(status=MessageStatus.UNCERTAIN)),
            not_sent=Count("pk", filter=Q(status=MessageStatus.SKIPPED)),
            opted_out=Count(
                "pk",
                filter=Q(sent_at__isnull=False, invitation__opted_out_at__gte=F("sent_at"))
                & (before_next | Q(invitation__opted_out_at__lt=F("next_sent"))),
            ),
        )
        .order_by("channel", "step")
    )
    answered = _answered_per_step(survey)
    offsets = _offsets(survey)
    return [
        StepRow(
            channel=row["channel"],
            step=row["step"],
            day_offset=offsets.get((row["channel"], row["step"]), 0),
            planned=row["planned"],
            sent=row["sent"],
            delivered=row["delivered"],
            failed=row["failed"],
            uncertain=row["uncertain"],
            not_sent=row["not_sent"],
            opted_out=row["opted_out"],
            answered=answered.get((row["channel"], row["step"]), 0),
        )
        for row in rows
    ]


def _answered_per_step(survey: Survey) -> dict[tuple[str, int], int]:
    """Answers per (channel, step) of the wave they followed: step = wave - 1, its message's channel."""
    waves = answered_waves(survey.pk)
    followed = {invitation: wave - 1 for invitation, wave in waves.items() if wave > 0}
    counts: dict[tuple[str, int], int] = {}
    sent = Message.objects.filter(survey=survey, sent_at__isnull=False).values_list("invitation_id", "step", "channel")
    for invitation, step, channel in sent:
        if followed.get(invitation) == step:
            counts[(channel, step)] = counts.get((channel, step), 0) + 1
    return counts


def _offsets(survey: Survey) -> dict[tuple[str, int], int]:
    return {
        (channel, step): day
        for channel, step, day in Message.objects.filter(survey=survey)
        .values_list("channel", "step", "day_offset")
        .distinct()
    }


@dataclass
class GroupRow:
    label: str
    invited: int
    answered: int
    undeliverable: int

    @property
    def rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None


def group_rows(survey: Survey, field_name: str) -> list[GroupRow]:
    """Response rate per group; undeliverable invitations are counted apart.

    After the invitations are erased, read from their tallies."""
    from utskick.tallies import erased

    labels = dict(Channel.choices) if field_name == "channel" else {}
    if erased(survey):
        tallies = GroupTally.objects.filter(survey=survey, per_provider=False, dimension=field_name)
        return [
            GroupRow(str(labels.get(t.value, t.value or "–")), t.invited, t.answered, t.unreached)
            for t in sorted(tallies, key=lambda t: t.value)
        ]
    invitations = Invitation.objects.filter(survey=survey)
    if field_name == "channel":
        first = Message.objects.filter(invitation=OuterRef("pk"), step=0).values("channel")[:1]
        invitations = invitations.annotate(group=Subquery(first))
    else:
        invitations = invitations.annotate(group=F(field_name))
    reached = Message.objects.filter(invitation=OuterRef("pk"), sent_at__isnull=False)
    rows = (
        invitations.annotate(reached=Exists(reached))
        .values("pk", "group", "reached", "mobile_undeliverable", "email_undeliverable")
        .order_by()
    )
    answered = answered_invitation_ids(survey.pk)
    groups: dict[str, GroupRow] = {}
    for row in rows:
        key = row["group"] or ""
        group = groups.setdefault(key, GroupRow(str(labels.get(key, key or "–")), 0, 0, 0))
        group.invited += 1
        group.answered += row["pk"] in answered
        group.undeliverable += not row["reached"] and (row["mobile_undeliverable"] or row["email_undeliverable"])
    return [groups[key] for key in sorted(groups)]
