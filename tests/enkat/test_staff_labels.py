"""Words, not codes: the survey's staff pages name groups, languages, questions and areas in words."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from enkat.models import ImportBatch, Invitation, Response
from tests.conftest import PASSWORD
from tests.factories import make_invitation, make_survey

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _cells(page: str) -> list[str]:
    return [cell.strip() for cell in re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", page)]


def test_the_survey_page_names_groups_languages_questions_and_areas(actors):
    survey = make_survey("oppen", languages=["sv", "fa-af"], codes=["q1", "q7"])
    make_invitation(survey, "K1", gender="kvinna", status="pagaende", language="fa-af")
    make_invitation(survey, "K2", gender="man", status="avslutad", language="sv", age_group="")

    page = login(actors.quality_developer).get(f"/enkat/{survey.slug}/").content.decode()

    cells = _cells(page)
    for label in ("Kvinna", "Man", "Pågående", "Avslutad", "dari", "svenska", "Okänd"):
        assert label in cells, label
    for code in ("kvinna", "man", "pagaende", "avslutad", "fa-af", "sv", "–"):
        assert code not in cells, code
    assert "svenska, dari." in page
    # The question's Swedish text beside its code, and its area by name.
    assert re.search(r"q1</span> <span lang=\"sv\">Har stödet du fått[^<]*</span> \(Stödet som helhet\)", page)
    assert "(NKI)" not in page


def test_an_imported_survey_says_so_instead_of_answered_0(actors):
    survey = make_survey("import-2021", state="closed", year=2021, codes=["q1"])
    batch = ImportBatch.objects.create(survey=survey, sha256="0" * 64, filename="svar-2021.csv", rows=2)
    for _ in range(2):
        Response.objects.create(survey=survey, answers={"q1": 4}, import_batch=batch)

    page = login(actors.quality_developer).get(f"/enkat/{survey.slug}/").content.decode()

    assert "2 svar importerades från en fil med tidigare svar." in page
    assert "Inga kunder har bjudits in" in page
    assert "Har svarat" not in page and "Inbjudna" not in page


def test_contacts_erased_on_purpose_are_not_counted_as_missing(actors):
    survey = make_survey("stangd", state="closed", codes=["q1"])
    make_invitation(survey, "K1")
    make_invitation(survey, "K2")
    make_invitation(survey, "K3", mobile="+46701234567")
    Invitation.objects.filter(customer_id__in=["K1", "K2"]).update(contacts_erased_at=timezone.now())

    page = login(actors.quality_developer).get(f"/enkat/{survey.slug}/").content.decode()

    erased = re.search(r"Kontaktuppgifter raderade enligt plan efter enkäten</dt><dd>(\d+)<", page)
    without = re.search(r"Utan kontaktuppgifter</dt><dd>(\d+)<", page)
    assert erased and erased.group(1) == "2"
    assert without and without.group(1) == "0"


def test_the_sending_page_names_languages(actors):
    survey = make_survey("oppen", languages=["sv", "fa-af", "uk"], codes=["q1"])
    make_invitation(survey, "K1", language="fa-af")
    make_invitation(survey, "K2", language="uk")

    cells = _cells(login(actors.quality_developer).get(f"/utskick/{survey.slug}/").content.decode())

    assert "dari" in cells and "ukrainska" in cells
    assert "fa-af" not in cells and "uk" not in cells
