import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from enkat.answering import save_page, submit_response
from enkat.models import Invitation, Survey, SurveyText
from tests.conftest import PASSWORD
from tests.factories import make_invitation, make_survey

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def urls(slug: str) -> list[tuple[str, str]]:
    return [
        ("get", "/enkat/"),
        ("get", "/enkat/ny/"),
        ("get", f"/enkat/{slug}/"),
        ("get", f"/enkat/{slug}/andra/"),
        ("post", f"/enkat/{slug}/oppna/"),
        ("get", f"/enkat/{slug}/stang/"),
        ("post", f"/enkat/{slug}/stang/"),
        ("post", f"/enkat/{slug}/stangningstid/"),
        ("post", f"/enkat/{slug}/urval/"),
        ("get", f"/enkat/{slug}/kontakter/"),
        ("post", f"/enkat/{slug}/kontakter/bekrafta/"),
        ("get", "/enkat/fragor/"),
        ("get", "/enkat/fragor/q1/"),
        ("post", "/enkat/fragor/q1/"),
    ]


def test_provider_users_and_outsiders_are_refused_on_every_survey_page(actors):
    survey = make_survey(state="draft")
    make_invitation(survey, mobile="+46701234567", email="k@example.se")
    for user in (actors.member_a, actors.outsider):
        client = login(user)
        for method, url in urls(survey.slug):
            response = getattr(client, method)(url)
            assert response.status_code == 403, (user, url)
            assert b"+46701234567" not in response.content
    anonymous = Client()
    for method, url in urls(survey.slug):
        assert getattr(anonymous, method)(url).status_code == 302
    assert Survey.objects.get().state == "draft"


def form_data(**overrides) -> dict:
    data = {
        "name": "Kundenkät 2024",
        "slug": "enkat-2024",
        "period_start": "2024-01-01",
        "period_end": "2024-12-31",
        "opens_at": "2025-01-15T08:00",
        "closes_at": "2025-02-28T23:59",
        "languages": ["sv", "en"],
        "min_n": "5",
        "position_q1": "1",
        "position_q2": "2",
        "position_q7": "3",
        "intro_sv": "Hej!",
        "thanks_sv": "Tack!",
        "intro_en": "Hello!",
    }
    data.update(overrides)
    return data


def test_the_quality_developer_creates_a_survey_with_times_in_stockholm_and_ordered_questions(actors):
    client = login(actors.quality_developer)
    response = client.post("/enkat/ny/", form_data(position_q7="1", position_q1="2", position_q2="3"))
    assert response.status_code == 302
    survey = Survey.objects.get(slug="enkat-2024")
    assert survey.opens_at.isoformat() == "2025-01-15T07:00:00+00:00"  # 08:00 CET
    assert list(survey.survey_questions.values_list("question__code", flat=True)) == ["q7", "q1", "q2"]
    assert survey.languages == ["sv", "en"]
    assert SurveyText.objects.get(survey=survey, language="sv").intro == "Hej!"


def test_the_form_refuses_duplicate_positions_and_a_close_before_open(actors):
    client = login(actors.quality_developer)
    response = client.post("/enkat/ny/", form_data(position_q2="1", closes_at="2025-01-01T00:00"))
    assert response.status_code == 200
    assert not Survey.objects.exists()
    html = response.content.decode()
    assert html.count('class="errorlist"') >= 2


def test_opening_is_refused_with_an_error_naming_every_missing_text(actors):
    client = login(actors.quality_developer)
    client.post("/enkat/ny/", form_data())
    response = client.post("/enkat/enkat-2024/oppna/", follow=True)
    assert Survey.objects.get().state == "draft"
    message = [str(m) for m in response.context["messages"]][-1]
    assert "English" in message
    assert message.count("English") == 1  # only the English thank-you text is missing
    assert "Svenska" not in message


def test_opening_succeeds_when_every_text_exists(actors):
    client = login(actors.quality_developer)
    client.post("/enkat/ny/", form_data(thanks_en="Thank you!"))
    client.post("/enkat/enkat-2024/oppna/")
    assert Survey.objects.get().state == "open"
    assert client.get("/enkat/enkat-2024/andra/").status_code == 302  # no more changes once open


def test_the_overview_shows_invited_started_answered_and_response_rate_per_group(actors):
    survey = make_survey()
    a, _ = make_invitation(survey, "K1", gender="kvinna", mobile="+46701234567")
    b, _ = make_invitation(survey, "K2", gender="man")
    make_invitation(survey, "K3", gender="man")
    make_invitation(survey, "K4", gender="kvinna")
    for invitation in (a, b):
        save_page(invitation.pk, survey.pk, 1, {"q1": 4})
    for step in (2, 3):
        save_page(a.pk, survey.pk, step, {})
    submit_response(a.pk, 4, {}, "En kommentar som bara analysen ser")
    html = login(actors.quality_developer).get(f"/enkat/{survey.slug}/").content.decode()
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", html))
    assert figures["Inbjudna"] == "4"
    assert figures["Har börjat"] == "2"
    assert figures["Har svarat"] == "1"
    assert figures["Svarsfrekvens"] == "25 %"
    assert re.search(r'<th scope="row">Kvinna</th><td class="num">2</td><td class="num">1</td>'
                     r'<td class="num">1</td><td class="num">50 %</td>', html)  # fmt: skip
    assert "En kommentar" not in html
    assert "+46701234567" not in html


def test_building_the_sample_from_the_page(actors):
    from datetime import date

    from register.models import Insats, ProgrammeType

    Insats.objects.create(
        customer_id="K9",
        programme_type=ProgrammeType.objects.get(code="sai"),
        provider=actors.provider_a,
        start_date=date(2023, 5, 1),
    )
    survey = make_survey(state="draft")
    login(actors.quality_developer).post(f"/enkat/{survey.slug}/urval/")
    assert Invitation.objects.filter(survey=survey, customer_id="K9").exists()


def test_contacts_are_previewed_with_errors_and_imported_only_after_confirming(actors):
    survey = make_survey()
    make_invitation(survey, "K1")
    client = login(actors.quality_developer)
    bad = SimpleUploadedFile("k.csv", b"kund_id;mobil;epost;sprak\nK1;123;;\n")
    html = client.post(f"/enkat/{survey.slug}/kontakter/", {"file": bad}).content.decode()
    assert "<td>2</td><td>mobil</td>" in html
    good = SimpleUploadedFile("k.csv", b"kund_id;mobil;epost;sprak\nK1;0701234567;;en\nX1;;;\n")
    html = client.post(f"/enkat/{survey.slug}/kontakter/", {"file": good}).content.decode()
    assert "X1" in html
    assert Invitation.objects.get(customer_id="K1").mobile == ""
    client.post(f"/enkat/{survey.slug}/kontakter/bekrafta/")
    assert Invitation.objects.get(customer_id="K1").mobile == "+46701234567"


def test_the_home_page_links_to_the_survey(actors):
    survey = make_survey()
    html = login(actors.quality_developer).get("/").content.decode()
    assert f'href="/enkat/{survey.slug}/"' in html
