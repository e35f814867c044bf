"""Question texts in versions: which version a survey shows, and writing a new one.

A question's code stands for its meaning. An editorial correction of the Swedish original,
or any change of a translation, is a new text version under the same code; a new meaning is
a new question with a new code. A survey shows the versions pinned on its questions
(SurveyQuestion.text_version): a draft follows the current version, opening pins it, and
open and past surveys never change wording.

Every translation carries a back-translation into Swedish beside it (QuestionText.back_translation):
a changed translation without a new back-translation loses its old one, which no longer says what
the text says. A back-translation alone is not wording a customer sees: changing it changes no version.
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
    back_translations: dict[str, str]  # language -> back-translation into Swedish


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


def current_back_translations(question: Question) -> dict[str, str]:
    """The current version's back-translations into Swedish, {language: text} (translations only)."""
    rows = QuestionText.objects.filter(question=question, version=question.current_version).exclude(language="sv")
    return {t.language: t.back_translation for t in rows}


def missing_back_translations() -> list[tuple[str, str]]:
    """(code, language) of every current translation without a back-translation."""
    rows = QuestionText.objects.select_related("question").exclude(language="sv").exclude(text="")
    return sorted(
        (t.question.code, t.language)
        for t in rows
        if t.version == t.question.current_version and not t.back_translation.strip()
    )


def versions(question: Question) -> list[TextVersion]:
    """Every text version of the question, oldest first."""
    by_number: dict[int, TextVersion] = {}
    for t in QuestionText.objects.filter(question=question).order_by("version", "language"):
        version = by_number.setdefault(t.version, TextVersion(t.version, t.created_at, {}, {}))
        version.texts[t.language] = t.text
        if t.back_translation:
            version.back_translations[t.language] = t.back_translation
    return list(by_number.values())


@transaction.atomic
def new_text_version(
    question: Question,
    texts: Mapping[str, str],
    *,
    correction: bool = False,
    back_translations: Mapping[str, str] | None = None,
) -> int | None:
    """Write `texts` ({language: text}, "" for none) as the question's next text version.

    Languages not named keep their current text. `back_translations` ({language: Swedish}) go
    beside the translations; a translation that changes without one is written without one.
    Returns the new version number, or None when nothing changed. A changed Swedish original
    needs `correction=True` (the meaning is the same); else SwedishMeaningChanged: a new
    meaning is a new question with a new code.
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
    given_backs = {language: back.strip() for language, back in (back_translations or {}).items()}
    old_backs = current_back_translations(question)

    def back(language: str, text: str) -> str:
        if language == "sv":
            return ""
        if given_backs.get(language):
            return given_backs[language]
        return old_backs.get(language, "") if text == current.get(language) else ""

    QuestionText.objects.bulk_create(
        QuestionText(
            question=question, version=number, language=language, text=text, back_translation=back(language, text)
        )
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


@transaction.atomic
def save_back_translations(question: Question, back_translations: Mapping[str, str]) -> int:
    """Write back-translations beside the current version's translations; returns how many changed.

    In place: a back-translation is never shown to customers, so it is no new text version.
    """
    changed = 0
    rows = QuestionText.objects.select_for_update().filter(question=question, version=question.current_version)
    for row in rows.exclude(language="sv"):
        new = (back_translations.get(row.language) or "").strip()
        if new and new != row.back_translation:
            row.back_translation = new
            row.save(update_fields=["back_translation"])
            changed += 1
    return changed


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
