"""What each step of the sending achieved: the figures on the quality developer's page."""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery

from enkat.models import Invitation, Survey
from register.dimensions import snapshot_value_label
from utskick.models import Channel, Message, MessageStatus

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
    """Per channel and step. "Answered after" a step means after it was sent and before the next was."""
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
            answered=Count(
                "pk",
                filter=Q(sent_at__isnull=False, invitation__answered_at__gte=F("sent_at"))
                & (before_next | Q(invitation__answered_at__lt=F("next_sent"))),
            ),
        )
        .order_by("channel", "step")
    )
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
            answered=row["answered"],
        )
        for row in rows
    ]


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
    """Response rate per group; undeliverable invitations are counted apart."""
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
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            undeliverable=Count(
                "pk", filter=~Q(reached=True) & (Q(mobile_undeliverable=True) | Q(email_undeliverable=True))
            ),
        )
        .order_by("group")
    )
    channels = dict(Channel.choices)

    def label(value: str | None) -> str:
        if field_name == "channel":
            return str(channels.get(value, value or "–"))
        return snapshot_value_label(field_name, value or "")

    return [GroupRow(label(row["group"]), row["invited"], row["answered"], row["undeliverable"]) for row in rows]
