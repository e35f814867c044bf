import pytest

from enkat.models import Area, Question, QuestionText
from tests.factories import make_survey

LANGUAGES = {"sv", "en", "ar", "fa-af", "so", "ti", "uk"}


@pytest.mark.django_db
def test_the_standard_2023_questions_are_seeded_with_their_areas():
    areas = {q.code: q.area.code for q in Question.objects.select_related("area")}
    assert areas == {
        "q1": "NKI",
        "q2": "NKI",
        "q3": "NKI",
        "q4": "Mål",
        "q5": "Mål",
        "q6": "Mål",
        "q7": "Arbetsplats",
        "q8": "Arbetsplats",
        "q9": "Utveckling",
        "q10": "Utveckling",
        "q11": "Utveckling",
    }


@pytest.mark.django_db
def test_only_the_workplace_questions_offer_dont_know():
    assert set(Question.objects.filter(allows_dont_know=True).values_list("code", flat=True)) == {"q7", "q8"}


@pytest.mark.django_db
def test_every_question_and_area_has_a_text_in_all_seven_languages():
    for question in Question.objects.all():
        assert {t.language for t in question.texts.all() if t.text.strip()} == LANGUAGES, question.code
    for area in Area.objects.all():
        assert {t.language for t in area.texts.all() if t.name.strip()} == LANGUAGES, area.code


@pytest.mark.django_db
def test_the_swedish_texts_are_the_2023_originals():
    for version in QuestionText.objects.filter(question__code="q1", language="sv"):  # every text version
        assert version.text == "Har stödet du fått av din jobbexpert/jobbcoach varit meningsfullt för dig?"


@pytest.mark.django_db
def test_a_survey_shows_no_group_under_five_answers_unless_told_otherwise():
    assert make_survey().min_n == 5
