"""The corrected translations (issue 16): new text versions under the same codes, each with a
back-translation into Swedish beside it; the scale's words the same."""

import importlib

import pytest
from django.apps import apps
from django.utils import translation

from enkat.language_reviews import SCALE_BACK_TRANSLATIONS, scale_msgids, scale_rows
from enkat.models import Question, QuestionText, Survey, SurveyQuestion
from enkat.pages import SCALE_LABELS
from enkat.question_texts import current_texts, missing_back_translations, new_text_version
from tests.factories import ALL_LANGUAGES, make_survey

pytestmark = pytest.mark.django_db

CORRECTIONS = importlib.import_module("enkat.migrations.0011_corrected_translations")
TRANSLATIONS = [code for code in ALL_LANGUAGES if code != "sv"]


def test_every_translated_question_text_has_a_back_translation():
    assert missing_back_translations() == []
    # Every language of every question of the bank is there to check.
    assert QuestionText.objects.exclude(language="sv").count() >= 11 * len(TRANSLATIONS)


def test_a_translation_written_without_a_back_translation_is_found():
    question = Question.objects.get(code="q5")
    new_text_version(question, {"so": "Su'aal cusub oo aan dib loo turjumin?"})
    assert missing_back_translations() == [("q5", "so")]
    new_text_version(question, {"so": "Su'aal kale?"}, back_translations={"so": "En annan fråga?"})
    assert missing_back_translations() == []


def test_every_scale_word_has_a_back_translation_in_every_language():
    assert len(scale_msgids()) == len(SCALE_LABELS) + 1
    for msgid in scale_msgids():
        for language in TRANSLATIONS:
            assert SCALE_BACK_TRANSLATIONS.get(msgid, {}).get(language, "").strip(), (msgid, language)


def test_the_scale_rows_show_the_swedish_original_the_translation_and_the_back_translation():
    rows = scale_rows("ar")
    assert rows[0] == {
        "msgid": "Not at all",
        "swedish": "Inte alls",
        "translation": "لا على الإطلاق",
        "back": "Inte alls (inte i någon mån)",
    }


@pytest.mark.parametrize(
    ("language", "wrong", "right"),
    [("ar", "لا، أبدًا", "لا على الإطلاق"), ("ti", "ፈጺሙ ኣይፋል", "ፈጺሙ ኣይኮነን")],
)
def test_the_lowest_scale_step_is_a_degree_not_a_refusal(language, wrong, right):
    with translation.override(language):
        assert str(SCALE_LABELS[1]) == right != wrong


@pytest.mark.parametrize(
    ("code", "language", "was", "now"),
    [
        ("q1", "ar", "مفيدًا", "ذا معنى"),  # "useful" → "meaningful"
        ("q1", "uk", "корисною", "значущою"),
        ("q3", "so", "fursado badan", "kordhisay fursadahaaga"),  # a level → increased
        ("q6", "so", "ma qaaday", "ma qaadday"),  # "did it take" → "did you take"
        ("q10", "fa-af", "پیدا کردن کار", "جستجوی کار"),  # finding a job → looking for work
        ("q2", "ti", "ክትመኽሩሎም ዶ ትኽእሉ", "ምመኸርኩምሎም ዶ"),  # "can you" → "would you" recommend
    ],
)
def test_the_corrections_are_a_new_version_and_version_1_keeps_the_old_wording(code, language, was, now):
    question = Question.objects.get(code=code)
    assert question.current_version >= 2
    assert now in current_texts(question)[language] and was not in current_texts(question)[language]
    first = QuestionText.objects.get(question=question, version=1, language=language)
    assert was in first.text  # what earlier surveys' customers saw is kept
    assert current_texts(question)["sv"] == QuestionText.objects.get(question=question, version=1, language="sv").text


def test_rolling_out_the_corrections_keeps_open_and_closed_surveys_wording_and_moves_drafts():
    question = Question.objects.get(code="q1")
    new_text_version(question, {"ar": "نص مؤقت"}, back_translations={"ar": "Tillfällig text"})
    shown_before = question.current_version
    closed = make_survey("stangd", state=Survey.State.CLOSED, languages=["sv", "ar"], codes=["q1"])
    draft = make_survey("utkast", state=Survey.State.DRAFT, languages=["sv", "ar"], codes=["q1"])
    CORRECTIONS.roll_out(apps, None)
    question.refresh_from_db()
    assert question.current_version == shown_before + 1
    assert current_texts(question)["ar"] == CORRECTIONS.TEXTS["q1"]["ar"][0]
    assert SurveyQuestion.objects.get(survey=closed).text_version == shown_before
    assert SurveyQuestion.objects.get(survey=draft).text_version is None  # a draft follows the current version
    new = QuestionText.objects.get(question=question, version=question.current_version, language="ar")
    assert new.back_translation == CORRECTIONS.TEXTS["q1"]["ar"][1]


def test_q2_asks_would_you_recommend_in_every_language():
    texts = current_texts(Question.objects.get(code="q2"))
    assert texts["en"].startswith("Would you recommend")
    assert "lahayd" in texts["so"]  # Somali conditional
    assert "порадили б" in texts["uk"]  # Ukrainian conditional
    assert "ትኽእሉ" not in texts["ti"]  # not "can you"
