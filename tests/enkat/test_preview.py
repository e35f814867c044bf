"""Staff preview every page of a survey as a customer sees it, in every offered language; nothing is saved."""

import pytest
from django.test import Client

from enkat.models import Invitation, Question, Survey
from enkat.question_texts import current_texts
from tests.conftest import PASSWORD
from tests.factories import make_survey

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_every_page_and_the_thanks_in_every_language(actors):
    survey = make_survey("utkast", state=Survey.State.DRAFT, languages=["sv", "en", "ar"], codes=["q1", "q9"])
    client = login(actors.quality_developer)
    arabic_q1 = current_texts(Question.objects.get(code="q1"))["ar"]
    first = client.get(f"/enkat/{survey.slug}/forhandsvisning/ar/1/").content.decode()
    assert 'lang="ar" dir="rtl"' in first
    assert arabic_q1 in first and "Intro ar" in first
    assert "Förhandsvisning på العربية" in first  # the bar speaks the staff's language
    second = client.get(f"/enkat/{survey.slug}/forhandsvisning/ar/2/").content.decode()
    assert 'name="comment"' in second  # the last page has the comment box
    thanks = client.get(f"/enkat/{survey.slug}/forhandsvisning/ar/3/").content.decode()
    assert "Tack-text ar" in thanks
    for language in survey.languages:
        assert client.get(f"/enkat/{survey.slug}/forhandsvisning/{language}/1/").status_code == 200
    assert not Invitation.all_objects.exists()


def test_the_customer_buttons_move_between_preview_pages(actors):
    survey = make_survey("utkast", state=Survey.State.DRAFT, languages=["sv"], codes=["q1", "q9"])
    client = login(actors.quality_developer)
    moved = client.get(f"/enkat/{survey.slug}/forhandsvisning/sv/1/", {"q-q1": "4", "direction": "next"})
    assert moved["Location"] == f"/enkat/{survey.slug}/forhandsvisning/sv/2/"


def test_a_language_the_survey_does_not_offer_goes_to_the_first(actors):
    survey = make_survey("utkast", state=Survey.State.DRAFT, languages=["sv"], codes=["q1"])
    client = login(actors.quality_developer)
    assert client.get(f"/enkat/{survey.slug}/forhandsvisning/so/1/")["Location"].endswith("/sv/1/")


def test_providers_cannot_preview(actors):
    survey = make_survey("utkast", state=Survey.State.DRAFT, languages=["sv"], codes=["q1"])
    assert login(actors.member_a).get(f"/enkat/{survey.slug}/forhandsvisning/sv/1/").status_code == 403
    assert login(actors.member_a).post(f"/enkat/{survey.slug}/testlank/").status_code == 403
