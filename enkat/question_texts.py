"""Question texts in versions: which version a survey shows, and writing a new one.

A question's code stands for its meaning. An editorial correction of the Swedish original,
or any change of a translation, is a new text version under the same code; a new meaning is
a new question with a new code. A survey shows the versions pinned on its questions
(SurveyQuestion.text_version): a draft follows the current version, opening pins it, and
open and past surveys never change wording.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q

from enkat.models import Question, QuestionText, Survey, SurveyQuestion


class SwedishMeaningChanged(Exception):
    """The Swedish original changed without being declared an editorial correction."""


@dataclass(frozen=True)
class TextVersion:
    number: int
    written: datetime | None
    texts: dict[str, str]  # language -> text


def shown_texts(rows: Iterable[SurveyQuestion], languages: Iterable[str]) -> dict[tuple[int, str], str]:
    """{(question id, language): text} in the version each survey question shows. One query.

    The rows need their question loaded (select_related) for a draft's current version.
    """
    wanted = {row.question_id: row.shown_version for row in rows}
    if not wanted:
        return {}
    condition = Q()
    for question_id, version in wanted.items():
        condition |= Q(question_id=question_id, version=version)
    found = QuestionText.objects.filter(condition, language__in=list(languages)).exclude(text="")
    return {(t.question_id, t.language): t.text for t in found}


def current_texts(question: Question) -> dict[str, str]:
    """The question's current version, {language: text}."""
    rows = QuestionText.objects.filter(question=question, version=question.current_version)
    return {t.language: t.text for t in rows}


def versions(question: Question) -> list[TextVersion]:
    """Every text version of the question, oldest first."""
    by_number: dict[int, TextVersion] = {}
    for t in QuestionText.objects.filter(question=question).order_by("version", "language"):
        version = by_number.setdefault(t.version, TextVersion(t.version, t.created_at, {}))
        version.texts[t.language] = t.text
    return list(by_number.values())


@transaction.atomic
def new_text_version(question: Question, texts: Mapping[str, str], *, correction: bool = False) -> int | None:
    """Write `texts` ({language: text}, "" for none) as the question's next text version.

    Languages not named keep their current text. Returns the new version number, or None
    when nothing changed. A changed Swedish original needs `correction=True` (the meaning
    is the same); else SwedishMeaningChanged: a new meaning is a new question with a new code.
    Draft surveys follow the new version; open and closed surveys keep theirs.
    """
    given = question
    question = Question.objects.select_for_update().get(pk=given.pk)
    current = current_texts(question)
    merged = {**current, **{language: text.strip() for language, text in texts.items()}}
    merged = {language: text for language, text in merged.items() if text}
    if merged == current:
        return None
    if merged.get("sv", "") != current.get("sv", "") and not correction and current.get("sv"):
        raise SwedishMeaningChanged
    number = (
        QuestionText.objects.filter(question=question).order_by("-version").values_list("version", flat=True).first()
        or 0
    ) + 1
    QuestionText.objects.bulk_create(
        QuestionText(question=question, version=number, language=language, text=text)
        for language, text in merged.items()
    )
    # Rows written without a pin by another writer keep the wording they showed, unless in a draft.
    SurveyQuestion.objects.filter(question=question, text_version__isnull=True).exclude(
        survey__state=Survey.State.DRAFT
    ).update(text_version=question.current_version)
    question.current_version = number
    question.save(update_fields=["current_version"])
    given.current_version = number
    SurveyQuestion.objects.filter(question=question, survey__state=Survey.State.DRAFT).update(text_version=None)
    return number


def pin_versions(survey: Survey) -> None:
    """Pin every question of the survey to the version it shows now (called when the survey opens)."""
    for row in survey.survey_questions.filter(text_version__isnull=True).select_related("question"):
        row.text_version = row.question.current_version
        row.save(update_fields=["text_version"])


def survey_question_texts(survey: Survey, language: str = "sv") -> dict[str, str]:
    """{code: text} as the survey shows its questions in `language` (Swedish where a text is missing).

    For the analysis and exports: question texts of a survey are read here, never from Question.texts
    (which holds every version).
    """
    rows = list(survey.survey_questions.select_related("question"))
    texts = shown_texts(rows, [language, "sv"])
    return {
        row.question.code: texts.get((row.question_id, language)) or texts.get((row.question_id, "sv"), "")
        for row in rows
    }


def survey_text_versions(surveys: Iterable[Survey]) -> dict[str, dict[int, int]]:
    """{code: {survey id: text version shown}}: for the trend, which compares by code and lists the versions."""
    result: dict[str, dict[int, int]] = {}
    rows = SurveyQuestion.objects.filter(survey__in=list(surveys)).select_related("question")
    for row in rows:
        result.setdefault(row.question.code, {})[row.survey_id] = row.shown_version
    return result
