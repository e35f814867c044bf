import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from enkat.models import Invitation
from tests.factories import make_invitation, make_survey

pytestmark = pytest.mark.django_db


def test_the_command_imports_an_xlsx_file(tmp_path, capsys):
    survey = make_survey(slug="enkat-x", languages=["sv", "en"])
    make_invitation(survey, "K1")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["kund_id", "mobil", "epost", "sprak"])
    sheet.append(["K1", "0701234567", "k1@example.se", "en"])
    sheet.append(["Z1", "0701234568", "", ""])
    path = tmp_path / "kontakter.xlsx"
    workbook.save(path)
    call_command("import_contacts", "enkat-x", str(path))
    out = capsys.readouterr().out
    assert "Z1" in out
    invitation = Invitation.objects.get(customer_id="K1")
    assert (invitation.mobile, invitation.email, invitation.language) == ("+46701234567", "k1@example.se", "en")


def test_the_command_fails_with_errors_by_row_and_masks_numbers(tmp_path, capsys):
    survey = make_survey(slug="enkat-y")
    make_invitation(survey, "K1")
    path = tmp_path / "kontakter.csv"
    path.write_text("kund_id;mobil;epost;sprak\nK1;+46 8 123 456 78;;\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 errors"):
        call_command("import_contacts", "enkat-y", str(path))
    err = capsys.readouterr().err
    assert "Row 2" in err or "Rad 2" in err
    assert "123 456 78" not in err
    assert Invitation.objects.get(customer_id="K1").mobile == ""


def test_an_unknown_survey_is_an_error(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_contacts", "nope", str(tmp_path / "x.csv"))
