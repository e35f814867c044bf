"""Counts for the quality developer's survey page: invited, started, answered, response rate.

While the invitations exist they are counted; after they are erased (`utskick.purge`) the
same figures come from their tallies (`utskick.tallies`).
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from enkat.models import Invitation, Survey
from enkat.receipts import answered_invitation_ids
from register.dimensions import DIMENSIONS

TOTAL_COUNTS = (
    "invited",
    "opened",
    "started",
    "answered",
    "opted_out",
    "with_mobile",
    "with_email",
    "no_contact",
    "mobile_undeliverable",
    "email_undeliverable",
)


@dataclass
class Counts:
    label: str
    invited: int
    started: int
    answered: int

    @property
    def rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None


def _live(survey: Survey) -> tuple[dict, dict[str, dict[str, Counts]]]:
    invitations = Invitation.objects.filter(survey=survey)
    answered = answered_invitation_ids(survey.pk)
    fields = [d.snapshot_field for d in DIMENSIONS]
    total = invitations.aggregate(
        invited=Count("id"),
        opened=Count("id", filter=Q(first_opened_at__isnull=False)),
        opted_out=Count("id", filter=Q(opted_out_at__isnull=False)),
        with_mobile=Count("id", filter=~Q(mobile="")),
        with_email=Count("id", filter=~Q(email="")),
        no_contact=Count("id", filter=Q(mobile="", email="")),
        mobile_undeliverable=Count("id", filter=Q(mobile_undeliverable=True)),
        email_undeliverable=Count("id", filter=Q(email_undeliverable=True)),
    )
    total["started"] = total["answered"] = 0
    groups: dict[str, dict[str, Counts]] = {field: {} for field in fields}
    for pk, started_at, *values in invitations.values_list("pk", "started_at", *fields).order_by():
        is_answered = pk in answered
        is_started = started_at is not None or is_answered
        total["started"] += is_started
        total["answered"] += is_answered
        for field, value in zip(fields, values, strict=True):
            counts = groups[field].setdefault(value, Counts(value or "–", 0, 0, 0))
            counts.invited += 1
            counts.started += is_started
            counts.answered += is_answered
    return total, groups


def _tallied(survey: Survey) -> tuple[dict, dict[str, dict[str, Counts]]]:
    from utskick.tallies import tallies

    (row,) = tallies(survey, "total")
    total = {name: getattr(row, name) for name in TOTAL_COUNTS}
    groups = {
        d.snapshot_field: {
            t.value: Counts(t.value or "–", t.invited, t.started, t.answered) for t in tallies(survey, d.snapshot_field)
        }
        for d in DIMENSIONS
    }
    return total, groups


def survey_overview(survey: Survey) -> dict:
    from utskick.tallies import erased

    total, by_field = _tallied(survey) if erased(survey) else _live(survey)
    groups = [
        {
            "field": d.snapshot_field,
            "title": d.label,
            "rows": [by_field[d.snapshot_field][value] for value in sorted(by_field[d.snapshot_field])],
        }
        for d in DIMENSIONS
    ]
    return {
        "total": Counts("", total["invited"], total["started"], total["answered"]),
        "counts": total,
        "groups": groups,
        "responses": survey.responses.count(),
    }
