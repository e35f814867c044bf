"""Counts for the quality developer's survey page: invited, started, answered, response rate."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from enkat.models import Invitation, Survey
from register.dimensions import DIMENSIONS


@dataclass
class Counts:
    label: str
    invited: int
    started: int
    answered: int

    @property
    def rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None


def _aggregate(invitations: QuerySet[Invitation]) -> dict:
    return invitations.aggregate(
        invited=Count("id"),
        opened=Count("id", filter=Q(first_opened_at__isnull=False)),
        started=Count("id", filter=Q(started_at__isnull=False) | Q(answered_at__isnull=False)),
        answered=Count("id", filter=Q(answered_at__isnull=False)),
        opted_out=Count("id", filter=Q(opted_out_at__isnull=False)),
        with_mobile=Count("id", filter=~Q(mobile="")),
        with_email=Count("id", filter=~Q(email="")),
        no_contact=Count("id", filter=Q(mobile="", email="")),
        mobile_undeliverable=Count("id", filter=Q(mobile_undeliverable=True)),
        email_undeliverable=Count("id", filter=Q(email_undeliverable=True)),
    )


def survey_overview(survey: Survey) -> dict:
    invitations = Invitation.objects.filter(survey=survey)
    total = _aggregate(invitations)
    groups = []
    for dimension in DIMENSIONS:
        field, title = dimension.snapshot_field, dimension.label
        rows = (
            invitations.values(field)
            .annotate(
                invited=Count("id"),
                started=Count("id", filter=Q(started_at__isnull=False) | Q(answered_at__isnull=False)),
                answered=Count("id", filter=Q(answered_at__isnull=False)),
            )
            .order_by(field)
        )
        groups.append(
            {
                "field": field,
                "title": title,
                "rows": [Counts(r[field] or "–", r["invited"], r["started"], r["answered"]) for r in rows],
            }
        )
    return {
        "total": Counts("", total["invited"], total["started"], total["answered"]),
        "counts": total,
        "groups": groups,
        "responses": survey.responses.count(),
    }
