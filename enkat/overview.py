"""Counts for the quality developer's survey page: invited, started, answered, response rate."""

import textwrap
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

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


def _aggregate(invitations: QuerySet[Invitation]) -> dict:
    return invitations.aggregate(
        invited=Count("id"),
        opened=Count("id", filter=Q(first_opened_at__isnull=False)),
        started=Count("id", filter=Q(started_at__isnull=False) | Q(answered_at__isnull=False)),
        answered=Count("id", filter=Q(answered_at__isnull=False)),
        opted_out=Count("id", filter=Q(opted_out_at__isnull=False)),
        with_mobile=Count("id", filter=~Q(mobile="")),
        with_email=Count("id", filter=~Q(email="")),
        # Erased on purpose (a set number of days after the survey closed) is not "without".
        no_contact=Count("id", filter=Q(mobile="", email="", contacts_erased_at__isnull=True)),
        contacts_erased=Count("id", filter=Q(contacts_erased_at__isnull=False)),
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
                "rows": [
                    Counts(snapshot_value_label(field, r[field]), r["invited"], r["started"], r["answered"])
                    for r in rows
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
