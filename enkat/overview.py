"""Counts for the quality developer's survey page: invited, started, answered, response rate.

While the invitations exist they are counted; after they are erased (`utskick.purge`) the
same figures come from their tallies (`utskick.tallies`).
"""

import textwrap
from dataclasses import dataclass

from django.db.models import Count, Q

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


def _live(survey: Survey) -> tuple[dict, dict[str, dict[str, Counts]]]:
    invitations = Invitation.objects.filter(survey=survey)
    # Opened, started and answered are known only with the key (enkat.receipts): counted here, per invitation.
    progress = receipts.survey_progress(survey.pk)
    fields = [d.snapshot_field for d in DIMENSIONS]
    total = invitations.aggregate(
        invited=Count("id"),
        with_mobile=Count("id", filter=~Q(mobile="")),
        with_email=Count("id", filter=~Q(email="")),
        # Erased on purpose (a set number of days after the survey closed) is not "without".
        no_contact=Count("id", filter=Q(mobile="", email="", contacts_erased_at__isnull=True)),
        contacts_erased=Count("id", filter=Q(contacts_erased_at__isnull=False)),
        mobile_undeliverable=Count("id", filter=Q(mobile_undeliverable=True)),
        email_undeliverable=Count("id", filter=Q(email_undeliverable=True)),
    )
    total.update(
        opened=len(progress.opened),
        started=len(progress.started),
        answered=len(progress.answered),
        opted_out=len(progress.opted_out),
    )
    groups: dict[str, dict[str, Counts]] = {field: {} for field in fields}
    for pk, *values in invitations.values_list("pk", *fields).order_by():
        is_started = pk in progress.started
        is_answered = pk in progress.answered
        for field, value in zip(fields, values, strict=True):
            counts = groups[field].setdefault(value, Counts(snapshot_value_label(field, value), 0, 0, 0))
            counts.invited += 1
            counts.started += is_started
            counts.answered += is_answered
    return total, groups


def _tallied(survey: Survey) -> tuple[dict, dict[str, dict[str, Counts]]]:
    from utskick.tallies import OVERVIEW_COUNTS, tallies

    (row,) = tallies(survey, "total")
    total = {name: getattr(row, name) for name in OVERVIEW_COUNTS}
    # The invitations are erased: every contact detail was erased on purpose, none is "missing".
    total["contacts_erased"], total["no_contact"] = total["invited"], 0
    groups = {
        d.snapshot_field: {
            t.value: Counts(snapshot_value_label(d.snapshot_field, t.value), t.invited, t.started, t.answered)
            for t in tallies(survey, d.snapshot_field)
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
