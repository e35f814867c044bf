"""import_responses: earlier years' answers in, every row checked, all or nothing."""

import hashlib
import logging

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from common.tabular import RowError
from enkat.models import ImportBatch, Response, Survey
from tests.factories import analysed_survey, standard_questions

pytestmark = pytest.mark.django_db

HEADER = "kon;aldersgrupp;insatstyp;anordnare;status;sprak;kommentar;q1;q2;q3;q4;q5;q6;q7;q8;q9;q10;q11"
GOOD_ROWS = [
    "kvinna;18-24;Jobbpeng grund;Arbetsbron AB;avslutad;sv;Bra stöd;5;4;4;5;5;4;vet ej;;4;4;5",
    "man;25-39;SAI;Bryggan Kompetens AB;pagaende;ar;;3;3;2;4;3;3;2;2;3;3;3",
    ";40-59;Förstärkt jobbpeng;Arbetsbron AB;avslutad;;;4;4;;4;4;4;Vet ej;VET EJ;4;5;4",
]


def _where(row: int, column: str) -> str:
    """The start of an error line for row and column, as the command (in Swedish) words it."""
    with translation.override("sv"):
        return str(RowError(row, column, "|")).split("|")[0]


def _csv(tmp_path, lines: list[str], name: str = "svar.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_create_makes_a_closed_survey_with_the_standard_questions_and_imports_every_row(tmp_path, capsys):
    path = _csv(tmp_path, [HEADER, *GOOD_ROWS])

    call_command("import_responses", "kundenkat-2022", str(path), "--create")

    survey = Survey.objects.get(slug="kundenkat-2022")
    assert survey.state == Survey.State.CLOSED
    assert survey.period_start.year == 2022
    assert [sq.question.code for sq in survey.survey_questions.order_by("position")] == [f"q{i}" for i in range(1, 12)]
    assert survey.invitations.count() == 0  # the sample is unknown
    rows = list(Response.objects.filter(survey=survey))
    assert len(rows) == 3
    # Stored in no particular order (random ids): found by what tells them apart.
    first = next(row for row in rows if row.comment == "Bra stöd")
    second = next(row for row in rows if row.language == "ar")
    third = next(row for row in rows if row.gender == "")
    assert len({first.pk, second.pk, third.pk}) == 3
    assert (first.gender, first.age_group, first.programme, first.provider_name, first.status, first.language) == (
        "kvinna",
        "18-24",
        "Jobbpeng grund",
        "Arbetsbron AB",
        "avslutad",
        "sv",
    )
    assert first.answers["q1"] == 5 and first.answers["q7"] is None and first.answers["q8"] is None
    assert first.comment == "Bra stöd"
    assert second.language == "ar" and second.status == "pagaende"
    assert third.gender == "" and third.language == "sv" and third.answers["q3"] is None
    assert third.answers["q7"] is None and third.answers["q8"] is None
    assert "3" in capsys.readouterr().out


def test_create_uses_the_existing_standard_questions(tmp_path):
    existing = standard_questions()
    path = _csv(tmp_path, [HEADER, GOOD_ROWS[0]])

    call_command("import_responses", "kundenkat-2021", str(path), "--create")

    survey = Survey.objects.get(slug="kundenkat-2021")
    assert [sq.question_id for sq in survey.survey_questions.order_by("position")] == [q.pk for q in existing]


def test_an_xlsx_file_imports_into_an_existing_survey(tmp_path):
    survey = analysed_survey("enkat-2020", standard_questions(["q1", "q2", "q4"]), year=2020)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["kon", "aldersgrupp", "insatstyp", "anordnare", "status", "sprak", "kommentar", "q1", "q2", "q4"])
    sheet.append(["man", "60+", "Jobbpeng grund", "Lotsen", "avslutad", "sv", None, 4, 5, "vet ej"])
    sheet.append(["kvinna", "18-24", "Jobbpeng grund", "Lotsen", "pagaende", "en", "Tack", 3, None, 2])
    path = tmp_path / "svar.xlsx"
    workbook.save(path)

    call_command("import_responses", "enkat-2020", str(path))

    answers = dict(survey.responses.values_list("gender", "answers"))
    assert answers == {"man": {"q1": 4, "q2": 5, "q4": None}, "kvinna": {"q1": 3, "q2": None, "q4": 2}}


def test_a_bad_file_imports_nothing_and_names_every_error_by_row_and_column(tmp_path, capsys):
    bad = [
        HEADER,
        GOOD_ROWS[0],
        "kvinna;18-24;SAI;Arbetsbron AB;klar;sv;;6;4;4;4;4;4;4;4;4;4;4",
        "hen;18-24;SAI;Arbetsbron AB;avslutad;sv;;4;4;4;4;4;4;4;4;4;4;kanske",
    ]
    path = _csv(tmp_path, bad)

    with pytest.raises(CommandError):
        call_command("import_responses", "kundenkat-2022", str(path), "--create")

    err = capsys.readouterr().err
    assert _where(3, "status") in err
    assert _where(3, "q1") in err
    assert _where(4, "kon") in err
    assert _where(4, "q11") in err
    assert "Använd pagaende eller avslutad." in err  # the command speaks Swedish
    assert not Survey.objects.filter(slug="kundenkat-2022").exists()
    assert not Response.objects.exists()


def test_an_unknown_question_column_is_an_error(tmp_path, capsys):
    analysed_survey("kundenkat-2023", standard_questions(["q1", "q2", "q3"]))
    path = _csv(
        tmp_path, ["kon;aldersgrupp;insatstyp;anordnare;status;sprak;kommentar;q1;q2;q3;q99", "man;;;;;;;4;4;4;4"]
    )

    with pytest.raises(CommandError):
        call_command("import_responses", "kundenkat-2023", str(path))

    assert _where(1, "q99") in capsys.readouterr().err
    assert not Response.objects.exists()


def test_a_missing_group_column_is_an_error(tmp_path, capsys):
    analysed_survey("kundenkat-2023", standard_questions(["q1"]))
    path = _csv(tmp_path, ["kon,aldersgrupp,insatstyp,anordnare,status,sprak,q1", "man,18-24,SAI,A,avslutad,sv,4"])

    with pytest.raises(CommandError):
        call_command("import_responses", "kundenkat-2023", str(path))

    assert _where(1, "kommentar") in capsys.readouterr().err


def test_without_create_an_unknown_survey_is_refused(tmp_path, capsys):
    path = _csv(tmp_path, [HEADER, GOOD_ROWS[0]])

    with pytest.raises(CommandError):
        call_command("import_responses", "finns-inte", str(path))

    assert "--create" in capsys.readouterr().err
    assert not Survey.objects.exists()


def test_imported_answers_can_be_analysed(tmp_path):
    lines = [HEADER] + [GOOD_ROWS[i % 3] for i in range(30)]
    path = _csv(tmp_path, lines)
    call_command("import_responses", "kundenkat-2022", str(path), "--create")
    out = tmp_path / "a.json"

    call_command("export_analysis", "kundenkat-2022", "--out", str(out), "--bootstrap", "0")

    import json

    data = json.loads(out.read_text())
    assert data["n_responses"] == 30 and data["n_invited"] is None
    assert data["areas"]["NKI"]["n"] == 30


# --- What the strict reader and the batch refuse ----------------------------------------


def test_a_duplicate_header_is_refused_naming_both_columns(tmp_path):
    path = _csv(tmp_path, [HEADER + ";q1", GOOD_ROWS[0] + ";4"])

    with pytest.raises(CommandError) as raised:
        call_command("import_responses", "kundenkat-2022", str(path), "--create")

    assert _where(1, "q1") in str(raised.value)
    assert "(kolumn 8 och 19)" in str(raised.value)  # the first q1 and the second
    assert not Survey.objects.exists() and not Response.objects.exists()


@pytest.mark.parametrize(
    ("cells", "column", "count"),
    [(GOOD_ROWS[1] + ";5", "19", "19"), (GOOD_ROWS[1].rsplit(";", 1)[0], "q11", "17")],
    ids=["too many", "too few"],
)
def test_a_row_of_the_wrong_length_is_refused_by_row_and_column(tmp_path, cells, column, count):
    path = _csv(tmp_path, [HEADER, GOOD_ROWS[0], cells])

    with pytest.raises(CommandError) as raised:
        call_command("import_responses", "kundenkat-2022", str(path), "--create")

    message = str(raised.value)
    assert message.startswith("Rad 3, kolumn ") and column in message.split(":")[0]
    assert f"Raden har {count} värden; rubrikraden har 18 kolumner." in message
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-16", "\t"), ("utf-16", ";"), ("utf-16-be", ";")],
    ids=["excel-unicode-text", "utf-16-le-semicolons", "utf-16-be"],
)
def test_utf16_with_a_byte_order_mark_is_read(tmp_path, encoding, delimiter):
    """Excel's "Unicode text" is UTF-16 with a byte-order mark and tabs between the cells."""
    lines = [line.replace(";", delimiter) for line in [HEADER, *GOOD_ROWS]]
    data = "\r\n".join(lines).encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path = tmp_path / "svar.csv"
    path.write_bytes(data)

    call_command("import_responses", "kundenkat-2022", str(path), "--create")

    rows = list(Response.objects.filter(survey__slug="kundenkat-2022"))
    assert len(rows) == 3
    first = next(row for row in rows if row.comment == "Bra stöd")  # å, ä, ö survive
    assert (first.gender, first.programme, first.provider_name, first.language) == (
        "kvinna",
        "Jobbpeng grund",
        "Arbetsbron AB",
        "sv",
    )


def test_broken_utf16_is_refused_with_an_encoding_message_naming_row_and_column(tmp_path):
    path = tmp_path / "svar.csv"
    good = "\n".join([HEADER, GOOD_ROWS[0]]).encode("utf-16")  # with BOM, as Excel saves it
    path.write_bytes(good + "\n".encode("utf-16-le") + b"\x00\xd8" + "x;".encode("utf-16-le"))  # a lone surrogate

    with translation.override("sv"), pytest.raises(CommandError) as raised:
        call_command("import_responses", "kundenkat-2022", str(path), "--create")

    message = str(raised.value)
    assert message.startswith(_where(3, "kon")), message
    assert "UTF-16" in message and "UTF-8" in message
    assert not Response.objects.exists()


def test_the_same_file_twice_is_refused_and_nothing_is_doubled(tmp_path, capsys):
    path = _csv(tmp_path, [HEADER, *GOOD_ROWS])
    call_command("import_responses", "kundenkat-2022", str(path), "--create")
    copy = tmp_path / "kopia.csv"
    copy.write_bytes(path.read_bytes())  # another name, the same content

    with pytest.raises(CommandError):
        call_command("import_responses", "kundenkat-2022", str(copy))

    assert "kundenkat-2022" in capsys.readouterr().err
    assert ImportBatch.objects.count() == 1
    assert Response.objects.count() == 3
    assert ImportBatch.objects.get().sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_one_file_per_survey_is_held_by_the_database(tmp_path):
    survey = analysed_survey("kundenkat-2023", standard_questions(["q1"]))
    ImportBatch.objects.create(survey=survey, sha256="a" * 64)

    with pytest.raises(IntegrityError), transaction.atomic():
        ImportBatch.objects.create(survey=survey, sha256="a" * 64)


def test_the_same_file_may_go_into_another_survey(tmp_path):
    path = _csv(tmp_path, [HEADER, *GOOD_ROWS])
    call_command("import_responses", "kundenkat-2022", str(path), "--create")
    call_command("import_responses", "kundenkat-2021", str(path), "--create")

    assert Response.objects.count() == 6 and ImportBatch.objects.count() == 2


def test_create_with_a_slug_without_a_year_asks_for_the_year(tmp_path, capsys):
    path = _csv(tmp_path, [HEADER, GOOD_ROWS[0]])

    with pytest.raises(CommandError):
        call_command("import_responses", "gamla-svar", str(path), "--create")

    assert "--year" in capsys.readouterr().err
    assert not Survey.objects.exists()

    call_command("import_responses", "gamla-svar", str(path), "--create", "--year", "2019")

    survey = Survey.objects.get(slug="gamla-svar")
    assert survey.period_start.year == 2019 and survey.responses.count() == 1


# --- Removing a wrong import --------------------------------------------------------------


def _web_response(survey: Survey) -> Response:
    return Response.objects.create(survey=survey, answers={"q1": 5})


def test_a_batch_is_removed_as_a_whole_and_web_answers_stay(tmp_path, capsys, caplog):
    survey = analysed_survey("kundenkat-2023", standard_questions(["q1", "q2", "q4"]))
    web = _web_response(survey)
    first = _csv(tmp_path, [HEADER.split(";q1")[0] + ";q1;q2;q4", "man;;;;;;;4;4;4"], "a.csv")
    second = _csv(tmp_path, [HEADER.split(";q1")[0] + ";q1;q2;q4", "kvinna;;;;;;;3;3;3", "man;;;;;;;2;2;2"], "b.csv")
    call_command("import_responses", "kundenkat-2023", str(first))
    call_command("import_responses", "kundenkat-2023", str(second))
    wrong = ImportBatch.objects.get(filename="b.csv")
    capsys.readouterr()

    call_command("remove_import_batch", "kundenkat-2023")
    listing = capsys.readouterr().out
    assert "a.csv" in listing and "b.csv" in listing

    with caplog.at_level(logging.INFO, logger="analys.importing"):
        call_command("remove_import_batch", "kundenkat-2023", str(wrong.pk))

    assert set(survey.responses.values_list("gender", flat=True)) == {"man", ""}
    assert Response.objects.filter(pk=web.pk).exists()
    assert not ImportBatch.objects.filter(pk=wrong.pk).exists()
    assert f"Removed import batch {wrong.pk}" in caplog.text and "2 responses" in caplog.text
    # Removed, the file may be imported again (corrected or not).
    call_command("import_responses", "kundenkat-2023", str(second))
    assert survey.responses.count() == 4


def test_removing_a_batch_of_another_survey_is_refused(tmp_path):
    path = _csv(tmp_path, [HEADER, GOOD_ROWS[0]])
    call_command("import_responses", "kundenkat-2022", str(path), "--create")
    other = analysed_survey("kundenkat-2023", standard_questions(["q1"]))
    batch = ImportBatch.objects.get()

    with pytest.raises(CommandError):
        call_command("remove_import_batch", other.slug, str(batch.pk))

    assert Response.objects.count() == 1


def test_staff_remove_a_batch_in_admin_after_confirming_and_web_answers_stay(tmp_path, client, caplog):
    path = _csv(tmp_path, [HEADER, *GOOD_ROWS])
    call_command("import_responses", "kundenkat-2022", str(path), "--create")
    survey = Survey.objects.get(slug="kundenkat-2022")
    web = _web_response(survey)
    batch = ImportBatch.objects.get()
    admin_user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw-long-enough-123")
    client.force_login(admin_user)
    url = reverse("admin:enkat_importbatch_delete", args=[batch.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "3" in confirm.content.decode()  # how many responses go with it

    with caplog.at_level(logging.INFO, logger="analys.importing"):
        done = client.post(url, {"post": "yes"})

    assert done.status_code == 302
    assert list(survey.responses.values_list("pk", flat=True)) == [web.pk]
    assert not ImportBatch.objects.exists()
    assert "by admin" in caplog.text
