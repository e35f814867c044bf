"""A customer answers on a phone (375×812) with the keyboard only; the stored response is checked."""

import pytest

from enkat.models import Invitation, Response
from tests.enkat.browser import answer_page, choose, press_button, tab_to
from tests.factories import customer_state, make_invitation, make_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGES = [
    {"q1": "5", "q2": "4", "q3": "4"},
    {"q4": "3", "q5": "5"},  # q6 skipped
    {"q7": "dk", "q8": "2"},
    {"q9": "3", "q10": "4", "q11": "5"},
]
EXPECTED = {
    "q1": 5, "q2": 4, "q3": 4, "q4": 3, "q5": 5, "q6": None,
    "q7": None, "q8": 2, "q9": 3, "q10": 4, "q11": 5,
}  # fmt: skip


def answer_all(page, comment: str) -> None:
    for number, answers in enumerate(PAGES, start=1):
        assert page.url.endswith(f"/s/steg/{number}/")
        answer_page(page, answers)
        if number == len(PAGES):
            tab_to(page, "textarea#comment")
            page.keyboard.type(comment)
            press_button(page, "next")
        else:
            press_button(page, "next")


def test_a_customer_answers_the_whole_survey_in_swedish(page, live_server):
    survey = make_survey(languages=["sv", "en", "ar"])
    invitation, token = make_invitation(survey, language="sv")
    page.goto(f"{live_server.url}/s/{token}/")
    assert page.url == f"{live_server.url}/s/steg/1/"
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_text("Steg 1 av 4").is_visible()
    answer_all(page, "Tack för hjälpen")
    assert page.url.endswith("/s/tack/")
    assert page.get_by_role("heading", name="Tack för dina svar").is_visible()
    response = Response.objects.get(survey=survey)
    assert response.answers == EXPECTED
    assert response.comment == "Tack för hjälpen"
    assert response.language == "sv"
    page.goto(f"{live_server.url}/s/{token}/")
    assert page.get_by_role("heading", name="Tack, du har redan svarat").is_visible()
    assert Response.objects.count() == 1


def test_a_customer_answers_the_whole_survey_in_arabic(page, live_server):
    survey = make_survey(languages=["sv", "en", "ar"])
    invitation, token = make_invitation(survey, language="ar")
    page.goto(f"{live_server.url}/s/{token}/")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_text("الدعم بشكل عام").first.is_visible()
    answer_all(page, "شكرا")
    response = Response.objects.get(survey=survey)
    assert response.answers == EXPECTED
    assert response.comment == "شكرا"
    assert response.language == "ar"


def test_a_customer_stops_halfway_and_comes_back(chromium, live_server):
    survey = make_survey(languages=["sv", "en"])
    invitation, token = make_invitation(survey, language="sv")

    first = chromium.new_context(viewport={"width": 375, "height": 812}, locale="sv-SE")
    page = first.new_page()
    page.goto(f"{live_server.url}/s/{token}/")
    answer_page(page, PAGES[0])
    press_button(page, "next")
    answer_page(page, PAGES[1])
    press_button(page, "next")
    first.close()  # the phone is put away; the session is gone

    later = chromium.new_context(viewport={"width": 375, "height": 812}, locale="sv-SE")
    page = later.new_page()
    page.goto(f"{live_server.url}/s/{token}/")
    assert page.url.endswith("/s/steg/3/")
    assert page.get_by_text("Steg 3 av 4").is_visible()
    press_button(page, "back")  # earlier answers are filled in
    assert page.url.endswith("/s/steg/2/")
    assert page.locator('input[name="q-q4"][value="3"]').is_checked()
    assert page.locator('input[name="q-q5"][value="5"]').is_checked()
    choose(page, "q6", "4")  # and they may still change them
    press_button(page, "next")
    answer_page(page, PAGES[2])
    press_button(page, "next")
    answer_page(page, PAGES[3])
    press_button(page, "next")
    later.close()
    response = Response.objects.get(survey=survey)
    assert response.answers == {**EXPECTED, "q6": 4}
    assert response.comment == ""
    invitation = Invitation.objects.get(pk=invitation.pk)
    assert customer_state(invitation).draft_answers == {} and customer_state(invitation).answered


def test_the_whole_survey_works_with_javascript_turned_off(chromium, live_server):
    survey = make_survey(languages=["sv", "en"])
    _, token = make_invitation(survey, language="sv")
    context = chromium.new_context(viewport={"width": 375, "height": 812}, locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/s/{token}/")
    answer_all(page, "Utan skript")
    assert page.url.endswith("/s/tack/")
    context.close()
    response = Response.objects.get(survey=survey)
    assert response.answers == EXPECTED and response.comment == "Utan skript"
