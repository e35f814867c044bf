"""What each step of the sending achieved: the figures on the quality developer's page."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery

from enkat import receipts
from enkat.models import Invitation, Survey
from register.dimensions import snapshot_value_label
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
    """Per channel and step. "Answered (opted out) after" a step: it was the last step sent before.

    (Nothing is sent after an answer or an opt-out; no answer time is stored.)
    After the invitations are erased, read from their tallies.
    """
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
    """`step_rows` computed from the messages and, with the key, the receipts and drafts, while the
    invitations exist."""
    rows = (
        Message.objects.filter(survey=survey)
        .values("channel", "step")
        .annotate(
            planned=Count("pk"),
            sent=Count("pk", filter=Q(sent_at__isnull=False)),
            delivered=Count("pk", filter=Q(status=MessageStatus.DELIVERED)),
            failed=Count("pk", filter=Q(status__in=[MessageStatus.FAILED, MessageStatus.UNDELIVERED])),
            uncertain=Count("pk", filter=Q(status=MessageStatus.UNCERTAIN)),
            not_sent=Count("pk", filter=Q(status=MessageStatus.SKIPPED)),
        )
        .order_by("channel", "step")
    )
    offsets = _offsets(survey)
    progress = receipts.survey_progress(survey.pk)
    answered = _per_last_step(survey, progress.answered)
    opted_out = _per_last_step(survey, progress.opted_out)
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
            opted_out=opted_out.get((row["channel"], row["step"]), 0),
            answered=answered.get((row["channel"], row["step"]), 0),
        )
        for row in rows
    ]


def _per_last_step(survey: Survey, invitation_ids: set[int]) -> Counter:
    """These invitations by the last step sent to them (the wave their answer or opt-out followed), per channel."""
    waves = receipts.last_waves(survey.pk, invitation_ids)
    sent = Message.objects.filter(survey=survey, sent_at__isnull=False).values_list("invitation_id", "channel", "step")
    return Counter((channel, step) for invitation_id, channel, step in sent if waves.get(invitation_id) == step)


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

    channels = dict(Channel.choices)

    def label(value: str | None) -> str:
        if field_name == "channel":
            return str(channels.get(value, value or "–"))
        return snapshot_value_label(field_name, value or "")

    if erased(survey):
        tallies = GroupTally.objects.filter(survey=survey, per_provider=False, dimension=field_name)
        return [
            GroupRow(label(t.value), t.invited, t.answered, t.unreached) for t in sorted(tallies, key=lambda t: t.value)
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
        .values("group")
        .annotate(
            invited=Count("pk"),
            undeliverable=Count(
                "pk", filter=~Q(reached=True) & (Q(mobile_undeliverable=True) | Q(email_undeliverable=True))
            ),
        )
        .order_by("group")
    )
    answered_ids = receipts.answered_invitation_ids(survey.pk)
    answered = Counter(group for pk, group in invitations.values_list("pk", "group") if pk in answered_ids)
    return [
        GroupRow(label(row["group"]), row["invited"], answered.get(row["group"], 0), row["undeliverable"])
        for row in rows
    ]
