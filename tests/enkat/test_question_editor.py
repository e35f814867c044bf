"""The question editor: translations beside the Swedish original, saved as a new text version."""

import pytest
from django.test import Client

from enkat.models import Question, QuestionText, Survey
from enkat.question_texts import current_back_translations, current_texts
from tests.conftest import PASSWORD
from tests.factories import ALL_LANGUAGES, make_survey

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _post(client, code, **texts):
    """Post the current texts and back-translations with `texts` changed (each with a back-translation)."""
    question = Question.objects.get(code=code)
    data = {f"text_{language}": text for language, text in current_texts(question).items()}
    data.update({f"back_{language}": back for language, back in current_back_translations(question).items()})
    data.update({f"text_{language}": text for language, text in texts.items()})
    data.update({f"back_{language}": f"Tillbaka: {text}" for language, text in texts.items() if language != "sv"})
    return client.post(f"/enkat/fragor/{code}/", data)


def test_the_editor_shows_what_is_missing_and_saves_a_translation_as_a_new_version(actors):
    make_survey("bank", languages=["sv"], codes=["q1"])
    question = Question.objects.get(code="q1")
    QuestionText.objects.filter(question=question, language="so").delete()
    client = login(actors.quality_developer)
    listing = client.get("/enkat/fragor/").content.decode()
    assert "Soomaali" in listing
    page = client.get("/enkat/fragor/q1/").content.decode()
    assert page.count("Saknas") == 1  # the Somali text, in the staff's Swedish
    before = question.current_version
    response = _post(client, "q1", so="Su'aal cusub")
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.current_version == before + 1
    assert current_texts(question)["so"] == "Su'aal cusub"
    assert QuestionText.objects.filter(question=question, version=before, language="so").count() == 0
    assert QuestionText.objects.get(question=question, version=before + 1, language="so").back_translation


def test_a_changed_swedish_meaning_is_refused_unless_declared_a_correction(actors):
    make_survey("bank", languages=["sv"], codes=["q2"])
    client = login(actors.quality_developer)
    before = Question.objects.get(code="q2").current_version
    refused = _post(client, "q2", sv="En helt ny fråga?")
    assert refused.status_code == 200
    assert "ny fråga med en ny kod" in refused.content.decode()
    assert Question.objects.get(code="q2").current_version == before
    question = Question.objects.get(code="q2")
    accepted = client.post(
        "/enkat/fragor/q2/",
        {
            **{f"text_{k}": v for k, v in current_texts(question).items()},
            **{f"back_{k}": v for k, v in current_back_translations(question).items()},
            "text_sv": "Rättad fråga?",
            "correction": "on",
        },
    )
    assert accepted.status_code == 302
    assert current_texts(Question.objects.get(code="q2"))["sv"] == "Rättad fråga?"


def test_an_open_survey_keeps_its_wording_after_an_edit_in_the_editor(actors):
    survey = make_survey("oppen", state=Survey.State.DRAFT, languages=ALL_LANGUAGES, codes=["q3"])
    from enkat import services

    assert services.open_survey(survey, accept_unreviewed=ALL_LANGUAGES) == []
    client = login(actors.quality_developer)
    question = Question.objects.get(code="q3")
    opened_with = question.current_version
    before = current_texts(question)["en"]
    _post(client, "q3", en="A corrected English text?")
    row = survey.survey_questions.get()
    assert row.text_version == opened_with
    assert QuestionText.objects.get(question=question, version=row.text_version, language="en").text == before
