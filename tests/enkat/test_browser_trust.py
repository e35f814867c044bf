"""A customer on a phone opens the privacy notice from a survey page, and a cut-off link gets help."""

import pytest

from register.models import Organisation
from tests.axe import axe_script, serious_violations
from tests.factories import make_invitation, make_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NACKA = {"name": "Nacka kommun", "contact_phone": "08-46 50 04 10", "contact_email": "kundenkat@nacka.example"}
WORDS = {
    "sv": {"link": "Så hanterar vi dina uppgifter (integritetsmeddelande)", "heading": "Så hanterar vi dina uppgifter"},
    "ar": {"link": "كيف نتعامل مع بياناتك (إشعار الخصوصية)", "heading": "كيف نتعامل مع بياناتك"},
}


@pytest.mark.parametrize(("language", "direction"), [("sv", "ltr"), ("ar", "rtl")])
def test_a_customer_opens_the_privacy_notice_from_a_survey_page_and_comes_back(page, live_server, language, direction):
    Organisation(**NACKA).save()
    survey = make_survey(languages=["sv", "en", "ar"])
    _, token = make_invitation(survey, language=language, provider_name="Jobbstart Syd AB")
    page.goto(f"{live_server.url}/s/{token}/")
    assert page.url.endswith("/s/steg/1/")
    header = page.locator("header.survey-header")
    assert "Nacka kommun" in header.inner_text() and "Jobbstart Syd AB" in header.inner_text()
    link = page.get_by_role("link", name=WORDS[language]["link"])
    link.scroll_into_view_if_needed()
    with page.expect_navigation():
        link.click()
    assert page.url == f"{live_server.url}/s/integritet/?lang={language}"
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == direction
    assert page.get_by_role("heading", level=1, name=WORDS[language]["heading"]).is_visible()
    assert page.locator("main h2").count() >= 6  # the notice's five parts and the contact
    assert page.locator('a[href^="tel:"]').first.is_visible()
    # Nothing overflows the phone's width, in either direction.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    page.locator('main a[href="/s/"]').click()
    page.wait_for_url(f"{live_server.url}/s/steg/1/")


def test_a_cut_off_link_gets_help_and_the_customer_can_switch_to_arabic(page, live_server):
    Organisation(**NACKA).save()
    survey = make_survey()
    _, token = make_invitation(survey)
    response = page.goto(f"{live_server.url}/s/{token[:19]}/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1, name="Länken fungerar inte").is_visible()
    assert page.get_by_text("En del av länken verkar saknas.").is_visible()
    assert page.get_by_role("link", name="08-46 50 04 10").is_visible()
    assert page.evaluate("() => getComputedStyle(document.body).fontFamily").startswith("system-ui")  # survey.css
    with page.expect_navigation():
        page.get_by_role("link", name="العربية").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", level=1, name="الرابط لا يعمل").is_visible()
    assert page.get_by_text("يبدو أن جزءًا من الرابط ناقص.").is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375


@pytest.mark.parametrize("language", ["sv", "ar"])
def test_the_privacy_notice_and_the_bad_link_page_have_no_serious_accessibility_violations(
    axe_page, live_server, language
):
    axe_script()
    Organisation(**NACKA).save()
    found = {}
    axe_page.goto(f"{live_server.url}/s/integritet/?lang={language}")
    found["privacy"] = serious_violations(axe_page)
    axe_page.goto(f"{live_server.url}/s/trasig-lank/?lang={language}&cut=1")
    found["bad link"] = serious_violations(axe_page)
    axe_page.goto(f"{live_server.url}/s/{'A' * 32}/?lang={language}")
    assert axe_page.locator("html").get_attribute("lang") == language
    found["unknown token"] = serious_violations(axe_page)
    assert {name: v for name, v in found.items() if v} == {}
