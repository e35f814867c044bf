"""Every survey page says who is asking and about whom, links to the privacy notice; a bad link gets help."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from register.models import Organisation
from tests.factories import answer_page, make_invitation, make_survey, open_link

pytestmark = pytest.mark.django_db

NACKA = {"name": "Nacka kommun", "contact_phone": "08-46 50 04 10", "contact_email": "kundenkat@nacka.example"}


@pytest.fixture
def profile(db) -> Organisation:
    organisation = Organisation(**NACKA)
    organisation.save()
    return organisation


def started(survey, language="sv", provider="Jobbstart Syd AB", customer="K1") -> Client:
    _, token = make_invitation(survey, customer_id=customer, language=language, provider_name=provider)
    client = Client()
    open_link(client, token)
    return client


def html(response) -> str:
    return response.content.decode()


def header(page: str) -> str:
    return page[page.index("<header") : page.index("</header>")]


def test_a_question_page_names_the_municipality_and_the_provider(profile):
    client = started(make_survey())
    page = header(html(client.get("/s/steg/1/")))
    assert "Kundenkät från Nacka kommun" in page
    assert "Om stödet du har fått från Jobbstart Syd AB" in page


def test_each_customer_sees_their_own_provider_on_a_page_rendered_once_per_survey(profile):
    survey = make_survey()
    first = started(survey, provider="Jobbstart Syd AB", customer="K1")
    second = started(survey, provider="Vägen <Framåt> & Co", customer="K2")
    assert "Jobbstart Syd AB" in html(first.get("/s/steg/1/"))
    page = html(second.get("/s/steg/1/"))
    assert "Vägen &lt;Framåt&gt; &amp; Co" in page and "Jobbstart Syd AB" not in page


def test_a_new_municipality_name_shows_on_the_next_page_view(profile):
    client = started(make_survey())
    assert "Nacka kommun" in html(client.get("/s/steg/1/"))
    profile.name = "Värmdö kommun"
    profile.save()
    page = html(client.get("/s/steg/1/"))
    assert "Värmdö kommun" in page and "Nacka kommun" not in page


def test_the_page_view_still_costs_one_query_with_the_municipality_and_provider(profile):
    client = started(make_survey())
    client.get("/s/steg/1/")  # pages, texts and the profile cached
    with CaptureQueriesContext(connection) as queries:
        page = html(client.get("/s/steg/1/"))
    assert "Nacka kommun" in page and "Jobbstart Syd AB" in page
    # The page's one read; on PostgreSQL it runs as a prepared statement, which Django does not list.
    assert len(queries) == (0 if connection.vendor == "postgresql" else 1), [q["sql"] for q in queries]


def test_the_thanks_the_already_answered_and_the_stop_reminders_pages_name_both(profile):
    client = started(make_survey())
    for step, answers in enumerate([{"q1": "5"}, {"q4": "4"}, {"q7": "dk"}, {"q9": "3"}], start=1):
        assert answer_page(client, step, answers, direction="next").status_code == 302
    for path in ("/s/tack/", "/s/", "/s/paminnelser/"):
        response = client.get(path, follow=True)
        page = header(html(response))
        assert "Nacka kommun" in page and "Jobbstart Syd AB" in page, path


def test_without_a_profile_the_header_still_reads_well():
    client = started(make_survey())
    page = header(html(client.get("/s/steg/1/")))
    assert '<p class="survey-brand">Kundenkät</p>' in page


@pytest.mark.parametrize(("language", "direction"), [("sv", "ltr"), ("ar", "rtl"), ("fa-af", "rtl")])
def test_every_survey_page_links_to_the_privacy_notice_in_the_customers_language(profile, language, direction):
    client = started(make_survey(languages=["sv", "en", "ar", "fa-af"]), language=language)
    page = html(client.get("/s/steg/1/"))
    link = re.search(r'<a href="(/s/integritet/\?lang=[^"]+)">', page)
    assert link and link.group(1) == f"/s/integritet/?lang={language}"
    notice = client.get(link.group(1))
    assert notice.status_code == 200
    assert f'<html lang="{language}" dir="{direction}">' in html(notice)
    assert notice["Content-Language"] == language
    assert notice["Referrer-Policy"] == "no-referrer" and notice["Cache-Control"] == "no-store"


def test_the_privacy_notice_says_who_why_what_how_long_rights_and_contact(profile, settings):
    settings.CONTACT_RETENTION_DAYS = 45
    page = html(Client().get("/s/integritet/?lang=sv"))
    for heading in (
        "Vem ansvarar för dina uppgifter?",
        "Varför behandlar vi uppgifterna?",
        "Vad sparas, och hur länge?",
        "Dina rättigheter",
        "Kontakt",
    ):
        assert f"<h2>{heading}</h2>" in page
    assert "Nacka kommun är personuppgiftsansvarig" in page
    assert "De raderas 45 dagar efter att enkäten har stängt." in page
    assert 'href="tel:0846500410"' in page and 'href="mailto:kundenkat@nacka.example"' in page
    assert 'href="/static/enkat/survey.css"' in page or "enkat/survey" in page  # styled like the survey


def test_the_privacy_notice_shows_the_municipalitys_own_text_where_written(profile):
    profile.privacy_notice_ar = "# من المسؤول؟\nنص البلدية الخاص."
    profile.save()
    assert "نص البلدية الخاص." in html(Client().get("/s/integritet/?lang=ar"))
    assert "Who is responsible for your data?" in html(Client().get("/s/integritet/?lang=en"))


def test_the_privacy_notice_without_a_language_follows_the_survey_session_then_the_browser(profile):
    client = started(make_survey(languages=["sv", "ar"]), language="ar")
    assert '<html lang="ar" dir="rtl">' in html(client.get("/s/integritet/"))
    assert 'href="/s/"' in html(client.get("/s/integritet/"))  # back to the survey
    browser = Client(HTTP_ACCEPT_LANGUAGE="uk")
    page = html(browser.get("/s/integritet/"))
    assert '<html lang="uk" dir="ltr">' in page and 'href="/s/"' not in page


def test_the_privacy_notice_offers_the_other_languages(profile):
    page = html(Client().get("/s/integritet/?lang=sv"))
    for code in ("en", "ar", "fa-af", "so", "ti", "uk"):
        assert f'href="/s/integritet/?lang={code}"' in page
    assert 'href="/s/integritet/?lang=sv"' not in page


def test_an_unknown_link_gets_a_helpful_404_with_the_municipalitys_contact(profile):
    response = Client().get("/s/" + "A" * 32 + "/")
    page = html(response)
    assert response.status_code == 404
    assert "<h1>Länken fungerar inte</h1>" in page
    assert "kopiera hela länken, ända till slutet" in page
    assert "Kontakta Nacka kommun" in page and "08-46 50 04 10" in page and "kundenkat@nacka.example" in page
    assert "survey.css" in page
    assert response["Referrer-Policy"] == "no-referrer" and response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_cut_off_link_is_named_as_such(profile):
    survey = make_survey()
    _, token = make_invitation(survey)
    response = Client().get(f"/s/{token[:20]}/")
    assert response.status_code == 404
    assert "En del av länken verkar saknas." in html(response)


def test_the_bad_link_page_speaks_the_browsers_language_and_offers_the_others(profile):
    response = Client(HTTP_ACCEPT_LANGUAGE="ar").get("/s/" + "A" * 20 + "/")
    page = html(response)
    assert '<html lang="ar" dir="rtl">' in page and "الرابط لا يعمل" in page
    assert 'href="/s/trasig-lank/?lang=so&amp;cut=1"' in page
    help_page = Client().get("/s/trasig-lank/?lang=so&cut=1")
    assert help_page.status_code == 200
    assert "Linkigu ma shaqaynayo" in html(help_page)  # the glossary's word for the link


def test_the_bad_link_help_in_another_language_does_not_count_as_a_wrong_token(profile, settings):
    settings.SURVEY_TOKEN_THROTTLE_LIMIT = 1
    client = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(3):
        assert client.get("/s/trasig-lank/?lang=en").status_code == 200
    survey = make_survey()
    _, token = make_invitation(survey)
    assert open_link(client, token).status_code == 302


def test_without_a_session_the_page_shows_how_to_reach_the_municipality(profile):
    response = Client().get("/s/steg/1/")
    assert response.status_code == 404
    assert "08-46 50 04 10" in html(response)


@pytest.mark.parametrize("path", ["/s/AbC123/extra/", "/s/x y/", "/s/steg/ett/"])
def test_any_other_path_under_the_survey_gets_the_same_help(profile, path):
    response = Client().get(path)
    assert response.status_code == 404
    assert "<h1>Länken fungerar inte</h1>" in html(response)
    assert "08-46 50 04 10" in html(response)


def test_a_link_that_lost_its_last_slash_still_opens_the_survey(profile):
    survey = make_survey()
    _, token = make_invitation(survey)
    client = Client()
    response = client.get(f"/s/{token}", follow=True)
    assert response.redirect_chain[0] == (f"/s/{token}/", 301)
    assert response.status_code == 200 and "Anordnare A" in html(response)
    assert response.request["PATH_INFO"] == "/s/steg/1/"
