"""Changing language on a survey page first saves what is ticked on it, with or without JavaScript."""

import re

import pytest
from django.test import Client

from tests.factories import answer_page, customer_state, make_invitation, make_survey, open_link

pytestmark = pytest.mark.django_db


def started(languages=("sv", "en", "ar")):
    survey = make_survey(languages=list(languages))
    invitation, token = make_invitation(survey, language="sv")
    client = Client()
    open_link(client, token)
    return invitation, client


def test_the_language_buttons_submit_the_page_form():
    _, client = started()
    html = client.get("/s/steg/1/").content.decode()
    assert re.search(r'<form method="post" action="/s/steg/1/" id="survey-page">', html)
    buttons = re.findall(r'<button type="submit" name="language" value="([^"]+)"[^>]*form="survey-page"', html)
    assert sorted(buttons) == ["ar", "en"]
    # Enter in a field still means Next: the form's first (default) button is a hidden Next.
    first = re.search(r'<button[^>]*form="survey-page"[^>]*>', html).group(0)
    assert 'value="next"' in first and "hidden" in first


def test_switching_language_on_a_page_saves_its_answers_and_stays_on_the_page():
    invitation, client = started()

    response = answer_page(client, 1, {"q1": "4", "q2": "2"}, language="en")

    assert response.status_code == 302 and response["Location"] == "/s/steg/1/"
    invitation.refresh_from_db()
    assert customer_state(invitation).draft_answers == {"q1": 4, "q2": 2, "q3": None}
    assert customer_state(invitation).language == "en"
    assert invitation.language == "sv"  # kept in the keyed draft: the customer's path never writes the invitation
    html = client.get("/s/steg/1/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert re.search(r'name="q-q1" value="4" checked', html)
    assert re.search(r'name="q-q2" value="2" checked', html)


def test_switching_on_a_later_page_keeps_earlier_pages_and_the_place():
    invitation, client = started()
    answer_page(client, 1, {"q1": "5"})

    response = answer_page(client, 2, {"q4": "3"}, language="ar")

    assert response["Location"] == "/s/steg/2/"
    invitation.refresh_from_db()
    assert customer_state(invitation).draft_answers["q1"] == 5 and customer_state(invitation).draft_answers["q4"] == 3
    assert customer_state(invitation).draft_page == 2
    assert '<html lang="ar" dir="rtl">' in client.get("/s/steg/2/").content.decode()


def test_switching_on_the_last_page_saves_the_comment_and_submits_nothing():
    invitation, client = started()
    for step in (1, 2, 3):
        answer_page(client, step, {})

    response = answer_page(client, 4, {"q9": "2"}, language="en", comment="Bra stöd")

    assert response["Location"] == "/s/steg/4/"
    invitation.refresh_from_db()
    assert not customer_state(invitation).answered
    assert (
        customer_state(invitation).draft_answers["q9"] == 2 and customer_state(invitation).draft_comment == "Bra stöd"
    )
    assert customer_state(invitation).language == "en"
    assert "Bra stöd" in client.get("/s/steg/4/").content.decode()


def test_a_language_the_survey_does_not_offer_saves_but_does_not_switch():
    invitation, client = started(languages=("sv", "en"))

    response = answer_page(client, 1, {"q1": "3"}, language="uk")

    assert response["Location"] == "/s/steg/1/"
    invitation.refresh_from_db()
    assert customer_state(invitation).draft_answers["q1"] == 3 and customer_state(invitation).language == "sv"
    assert '<html lang="sv"' in client.get("/s/steg/1/").content.decode()


def test_the_switch_saves_in_the_same_statements_as_a_page_save(django_assert_max_num_queries):
    _, client = started()
    client.get("/s/steg/1/")
    with django_assert_max_num_queries(2):  # the page's merge and the language
        answer_page(client, 1, {"q1": "4"}, language="en")


def test_switching_from_a_page_without_a_form_still_works():
    invitation, client = started()
    response = client.post("/s/sprak/", {"language": "en", "next": "/s/steg/1/"})
    assert response["Location"] == "/s/steg/1/"
    invitation.refresh_from_db()
    assert customer_state(invitation).language == "en"
