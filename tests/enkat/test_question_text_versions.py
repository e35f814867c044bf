"""Question texts in versions: open and past surveys keep their wording; drafts follow the current text."""

import importlib

import pytest
from django.apps import apps
from django.utils import translation

from enkat import services
from enkat.answering import NotAccepting
from enkat.models import Question, QuestionText, Survey, SurveyQuestion
from enkat.pages import clear_cache, survey_pages
from enkat.question_texts import SwedishMeaningChanged, new_text_version, versions
from tests.factories import make_survey

pytestmark = pytest.mark.django_db


def _text_on_page(survey, language, code):
    clear_cache()
    with translation.override(language):
        for page in survey_pages(survey, language):
            for question in page.questions:
                if question.code == code:
                    return question.text
    raise AssertionError(code)


def test_a_changed_translation_is_a_new_version_and_the_open_survey_keeps_its_wording():
    draft = make_survey("utkast", state=Survey.State.DRAFT, languages=["sv", "ar"], codes=["q1"])
    question = Question.objects.get(code="q1")
    shipped = question.current_version  # the bank as the migrations leave it
    new_text_version(question, {"ar": "نص قديم"})
    open_one = make_survey("oppen", state=Survey.State.DRAFT, languages=["sv", "ar"], codes=["q1"])
    assert services.open_survey(open_one, accept_unreviewed=["ar"]) == []
    pinned = SurveyQuestion.objects.get(survey=open_one)
    assert pinned.text_version == question.current_version == shipped + 1

    number = new_text_version(Question.objects.get(code="q1"), {"ar": "نص جديد"})

    assert number == shipped + 2
    assert _text_on_page(open_one, "ar", "q1") == "نص قديم"
    assert _text_on_page(draft, "ar", "q1") == "نص جديد"
    assert [v.number for v in versions(question)] == list(range(1, shipped + 3))
    # The earlier rows are never changed in place.
    assert QuestionText.objects.get(question=question, version=shipped + 1, language="ar").text == "نص قديم"


def test_a_changed_swedish_original_needs_to_be_declared_a_correction():
    make_survey("bank", codes=["q2"])
    question = Question.objects.get(code="q2")
    before = question.current_version
    with pytest.raises(SwedishMeaningChanged):
        new_text_version(question, {"sv": "Helt annan fråga?"})
    assert Question.objects.get(pk=question.pk).current_version == before
    number = new_text_version(question, {"sv": "Rättad stavning?"}, correction=True)
    assert number == before + 1


def test_saving_the_same_texts_writes_no_version():
    make_survey("bank", codes=["q3"])
    question = Question.objects.get(code="q3")
    before = question.current_version
    sv = QuestionText.objects.get(question=question, language="sv", version=before).text
    assert new_text_version(question, {"sv": sv + "  "}) is None
    assert Question.objects.get(pk=question.pk).current_version == before


def test_an_open_survey_written_without_a_pin_keeps_the_wording_it_showed():
    survey = make_survey("oppen-utan-stift", languages=["sv"], codes=["q4"])  # open; rows written unpinned
    question = Question.objects.get(code="q4")
    before = _text_on_page(survey, "sv", "q4")
    new_text_version(question, {"sv": before + " (rättad)"}, correction=True)
    assert _text_on_page(survey, "sv", "q4") == before


def test_a_closed_survey_stays_closed():
    survey = make_survey("stangd", state=Survey.State.CLOSED, languages=["sv"])
    with pytest.raises(NotAccepting):
        services.open_survey(survey)
    survey.refresh_from_db()
    assert survey.state == Survey.State.CLOSED


def test_the_migration_pins_every_existing_survey_to_version_1():
    survey = make_survey("fore", languages=["sv"], codes=["q5"])
    SurveyQuestion.objects.filter(survey=survey).update(text_version=None)
    migration = importlib.import_module("enkat.migrations.0005_question_text_versions")
    migration.pin_every_survey(apps, None)
    assert set(SurveyQuestion.objects.filter(survey=survey).values_list("text_version", flat=True)) == {1}


def test_the_analysis_reads_each_survey_in_its_own_version_and_the_trend_lists_them():
    from enkat.question_texts import survey_question_texts, survey_text_versions

    old = make_survey("enkat-2024", languages=["sv"], codes=["q6"], year=2024)
    old.survey_questions.update(text_version=1)
    question = Question.objects.get(code="q6")
    before = survey_question_texts(old)["q6"]
    number = new_text_version(question, {"sv": before + " (rättad)"}, correction=True)
    draft = make_survey("enkat-2025", state=Survey.State.DRAFT, languages=["sv"], codes=["q6"], year=2025)
    assert survey_question_texts(old)["q6"] == before
    assert survey_question_texts(draft)["q6"] == before + " (rättad)"
    assert survey_text_versions([old, draft]) == {"q6": {old.pk: 1, draft.pk: number}}
