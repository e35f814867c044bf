"""Each language's review by a native speaker; opening with an unreviewed language needs the warning accepted."""

from datetime import date

import pytest
from django.test import Client

from enkat import services
from enkat.language_reviews import record_review, reviews, unreviewed
from enkat.models import Survey
from tests.conftest import PASSWORD
from tests.factories import make_survey

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_swedish_and_english_ship_reviewed_and_the_others_not_yet():
    shipped = reviews()
    assert {code for code, review in shipped.items() if review.is_reviewed} == {"sv", "en"}
    assert unreviewed(["sv", "en", "ar", "fa-af", "so", "ti", "uk"]) == ["ar", "fa-af", "so", "ti", "uk"]


def test_opening_with_an_unreviewed_language_is_refused_naming_it_until_accepted():
    survey = make_survey("utkast", state=Survey.State.DRAFT, languages=["sv", "so", "ti"], codes=["q1"])
    with pytest.raises(services.UnreviewedLanguages) as refused:
        services.open_survey(survey)
    assert refused.value.languages == ["so", "ti"]
    with pytest.raises(services.UnreviewedLanguages):
        services.open_survey(survey, accept_unreviewed=["so"])  # Tigrinya was not accepted
    assert Survey.objects.get(pk=survey.pk).state == Survey.State.DRAFT
    assert services.open_survey(survey, accept_unreviewed=["so", "ti"]) == []
    assert Survey.objects.get(pk=survey.pk).state == Survey.State.OPEN


def test_a_reviewed_language_opens_without_a_warning():
    record_review("so", date(2026, 11, 20), "Amina Warsame, Somali translator", "kvalitet")
    survey = make_survey("utkast", state=Survey.State.DRAFT, languages=["sv", "so"], codes=["q1"])
    assert services.open_survey(survey) == []


def test_the_survey_page_warns_by_name_and_opens_only_when_confirmed(actors):
    make_survey("utkast", state=Survey.State.DRAFT, languages=["sv", "en", "fa-af"], codes=["q1"])
    client = login(actors.quality_developer)
    page = client.get("/enkat/utkast/").content.decode()
    assert (
        'id="unreviewed-warning"' in page
        and "دری" in page
        and "English" not in page.split("unreviewed-warning")[1][:600]
    )
    response = client.post("/enkat/utkast/oppna/", {"accept_unreviewed": ["fa-af"]}, follow=True)
    assert Survey.objects.get(slug="utkast").state == Survey.State.DRAFT
    assert "دری" in [str(m) for m in response.context["messages"]][-1]
    client.post("/enkat/utkast/oppna/", {"accept_unreviewed": ["fa-af"], "confirm_unreviewed": "yes"})
    assert Survey.objects.get(slug="utkast").state == Survey.State.OPEN


def test_the_quality_developer_records_a_review_on_the_language_page(actors):
    client = login(actors.quality_developer)
    listing = client.get("/enkat/fragor/").content.decode()
    assert "Inte granskat än" in listing
    page = client.get("/enkat/fragor/sprak/ti/").content.decode()
    assert "ፈጺሙ ኣይኮነን" in page and "Inte alls (det är det inte)" in page  # the scale, side by side
    assert "ሓገዝ" in page and "ደገፍ" in page  # the glossary: the term and the variant not to use
    refused = client.post("/enkat/fragor/sprak/ti/", {"reviewed_on": "2026-11-20", "reviewed_by": ""})
    assert refused.status_code == 200 and not reviews()["ti"].is_reviewed
    client.post("/enkat/fragor/sprak/ti/", {"reviewed_on": "2026-11-20", "reviewed_by": "Semhar Tesfay"})
    review = reviews()["ti"]
    assert review.is_reviewed and review.reviewed_by == "Semhar Tesfay"
    assert review.recorded_by == actors.quality_developer.username
    assert "Semhar Tesfay" in client.get("/enkat/fragor/").content.decode()


def test_a_provider_user_cannot_record_a_review(actors):
    client = login(actors.member_a)
    response = client.post("/enkat/fragor/sprak/so/", {"reviewed_on": "2026-11-20", "reviewed_by": "X"})
    assert response.status_code in (302, 403)
    assert not reviews()["so"].is_reviewed
