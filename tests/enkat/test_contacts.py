import io

import pytest

from common.tabular import read_table
from enkat.contacts import InvalidPhone, import_contacts, normalise_mobile
from enkat.models import Invitation
from tests.factories import make_invitation, make_survey


@pytest.mark.parametrize(
    "raw",
    ["0701234567", "070-123 45 67", "+46701234567", "+46 70 123 45 67", "0046701234567", "46701234567", "701234567"],
)
def test_swedish_mobile_numbers_with_or_without_country_code_or_leading_zero_become_e164(raw):
    assert normalise_mobile(raw) == "+46701234567"


def test_a_foreign_mobile_number_keeps_its_country():
    assert normalise_mobile("+358 40 1234567") == "+358401234567"


@pytest.mark.parametrize("raw", ["12345", "abc", "08-123 456 78", "+46 8 123 456 78"])
def test_non_numbers_and_landlines_are_refused(raw):
    with pytest.raises(InvalidPhone):
        normalise_mobile(raw)


def table(text: str):
    return read_table(io.BytesIO(text.encode()), "contacts.csv")


@pytest.mark.django_db
def test_a_good_file_sets_mobile_email_and_language():
    survey = make_survey(languages=["sv", "en", "ar"])
    make_invitation(survey, "K1")
    make_invitation(survey, "K2")
    result = import_contacts(table("kund_id;mobil;epost;sprak\nK1;070-123 45 67;;ar\nK2;;k2@example.se;\n"), survey)
    assert result.ok and result.updated == 2
    k1, k2 = Invitation.objects.get(customer_id="K1"), Invitation.objects.get(customer_id="K2")
    assert (k1.mobile, k1.email, k1.language) == ("+46701234567", "", "ar")
    assert (k2.mobile, k2.email, k2.language) == ("", "k2@example.se", "sv")


@pytest.mark.django_db
def test_errors_are_reported_by_row_and_column_and_nothing_is_written():
    survey = make_survey(languages=["sv", "en"])
    make_invitation(survey, "K1")
    make_invitation(survey, "K2")
    text = "kund_id,mobil,epost,sprak\nK1,0701234567,,en\nK2,0812345,not-an-address,so\n,,,\n"
    result = import_contacts(table(text), survey)
    where = {(e.row, e.column) for e in result.errors}
    assert where == {(3, "mobil"), (3, "epost"), (3, "sprak")}
    assert Invitation.objects.get(customer_id="K1").mobile == ""


@pytest.mark.django_db
def test_customer_ids_not_in_the_sample_are_listed_and_skipped():
    survey = make_survey()
    make_invitation(survey, "K1")
    result = import_contacts(table("kund_id,mobil,epost,sprak\nK1,0701234567,,\nX9,0701234568,,\n"), survey)
    assert result.ok
    assert result.not_in_sample == ["X9"]
    assert result.updated == 1


@pytest.mark.django_db
def test_a_missing_column_is_an_error_on_row_one():
    survey = make_survey()
    result = import_contacts(table("kund_id,mobil\nK1,0701234567\n"), survey)
    assert {(e.row, e.column) for e in result.errors} == {(1, "epost"), (1, "sprak")}


@pytest.mark.django_db
def test_a_repeated_customer_is_an_error():
    survey = make_survey()
    make_invitation(survey, "K1")
    result = import_contacts(table("kund_id,mobil,epost,sprak\nK1,0701234567,,\nK1,0701234568,,\n"), survey)
    assert [(e.row, e.column) for e in result.errors] == [(3, "kund_id")]


@pytest.mark.django_db
def test_a_new_number_clears_the_undeliverable_flag():
    survey = make_survey()
    invitation, _ = make_invitation(survey, "K1", mobile="+46701234500", mobile_undeliverable=True)
    import_contacts(table("kund_id,mobil,epost,sprak\nK1,0701234567,,\n"), survey)
    invitation.refresh_from_db()
    assert invitation.mobile == "+46701234567" and not invitation.mobile_undeliverable


@pytest.mark.django_db
@pytest.mark.parametrize(
    "survey_kwargs",
    [{"state": "closed"}, {"closes_in_days": -1}],
    ids=["closed", "past its closing time"],
)
def test_a_closed_survey_refuses_a_contacts_import(survey_kwargs):
    survey = make_survey(**survey_kwargs)
    make_invitation(survey, customer_id="K1")
    result = import_contacts(table("kund_id,mobil,epost,sprak\nK1,0701234567,k1@example.se,sv\n"), survey)
    assert not result.ok
    assert "closed" in result.errors[0].message or "stängd" in result.errors[0].message
    invitation = Invitation.objects.get()
    assert (invitation.mobile, invitation.email) == ("", "")
