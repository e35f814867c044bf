"""Counts for the quality developer's survey page: invited, started, answered, response rate."""

import textwrap
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from enkat import receipts
from enkat.models import AreaText, Invitation, Survey
from enkat.question_texts import shown_texts
from register.dimensions import DIMENSIONS, snapshot_value_label


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
        # Erased on purpose (a set number of days after the survey closed) is not "without".
        no_contact=Count("id", filter=Q(mobile="", email="", contacts_erased_at__isnull=True)),
        contacts_erased=Count("id", filter=Q(contacts_erased_at__isnull=False)),
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
                    Counts(snapshot_value_label(field, value), invited[value], started[value], answered[value])
                    for value in sorted(invited)
                ],
            }
        )
    return {
        "total": Counts("", total["invited"], total["started"], total["answered"]),
        "counts": total,
        "groups": groups,
        "responses": survey.responses.count(),
        "imported": survey.responses.filter(import_batch__isnull=False).count(),
    }


@dataclass(frozen=True)
class QuestionRow:
    code: str
    text: str  # the Swedish text the survey shows, shortened
    area: str  # the area's Swedish name
    allows_dont_know: bool


def question_rows(survey: Survey, width: int = 80) -> list[QuestionRow]:
    """The survey's questions for staff: code, Swedish text (short form) and area name."""
    rows = list(survey.survey_questions.select_related("question__area").order_by("position"))
    texts = shown_texts(rows, ["sv"])
    areas = dict(AreaText.objects.filter(language="sv").values_list("area_id", "name"))
    return [
        QuestionRow(
            row.question.code,
            textwrap.shorten(texts.get((row.question_id, "sv"), ""), width=width, placeholder="…"),
            areas.get(row.question.area_id) or row.question.area.code,
            row.question.allows_dont_know,
        )
        for row in rows
    ]
