"""Counts for the quality developer's survey page: invited, started, answered, response rate."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from enkat import receipts
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


def _aggregate(invitations: QuerySet[Invitation], progress: receipts.Progress) -> dict:
    counts = invitations.aggregate(
        invited=Count("id"),
        with_mobile=Count("id", filter=~Q(mobile="")),
        with_email=Count("id", filter=~Q(email="")),
        no_contact=Count("id", filter=Q(mobile="", email="")),
        mobile_undeliverable=Count("id", filter=Q(mobile_undeliverable=True)),
        email_undeliverable=Count("id", filter=Q(email_undeliverable=True)),
    )
    counts.update(
        opened=len(progress.opened),
        started=len(progress.started),
        answered=len(progress.answered),
        opted_out=len(progress.opted_out),
    )
    return counts


def survey_overview(survey: Survey) -> dict:
    invitations = Invitation.objects.filter(survey=survey)
    # Opened, started and answered are known only with the key (enkat.receipts): counted here, per invitation.
    progress = receipts.survey_progress(survey.pk)
    total = _aggregate(invitations, progress)
    fields = [dimension.snapshot_field for dimension in DIMENSIONS]
    rows = list(invitations.values_list("pk", *fields))
    groups = []
    for index, dimension in enumerate(DIMENSIONS, start=1):
        field, title = dimension.snapshot_field, dimension.label
        invited: Counter = Counter()
        started: Counter = Counter()
        answered: Counter = Counter()
        for row in rows:
            value = row[index]
            invited[value] += 1
            started[value] += row[0] in progress.started
            answered[value] += row[0] in progress.answered
        groups.append(
            {
                "field": field,
                "title": title,
                "rows": [
                    Counts(value or "–", invited[value], started[value], answered[value]) for value in sorted(invited)
                ],
            }
        )
    return {
        "total": Counts("", total["invited"], total["started"], total["answered"]),
        "counts": total,
        "groups": groups,
        "responses": survey.responses.count(),
    }
