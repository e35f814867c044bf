"""The one tabular reader: every refusal names row and column, and the imports write nothing."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from analys.importing import READ_COLUMNS as RESPONSE_COLUMNS
from common.tabular import TableError, read_table
from enkat.contacts import READ_COLUMNS as CONTACT_COLUMNS
from enkat.models import Invitation, Response
from register.importing import READ_COLUMNS as REGISTER_COLUMNS
from register.models import Insats, Provider
from tests.factories import make_invitation, make_survey

HEADER = "kund_id,insatstyp,anordnare,startdatum,slutdatum,avslutsorsak,forlangningar,kon,fodelsear"
GOOD = "K1,sai,Arbetsbron AB,2023-01-10,,,0,kvinna,1980"


def refused(data: bytes, name: str = "register.csv", columns=REGISTER_COLUMNS) -> list[tuple[int, str]]:
    with pytest.raises(TableError) as caught, translation.override("en"):
        read_table(io.BytesIO(data), name, columns=columns)
    assert caught.value.errors, str(caught.value)
    return [(e.row, e.column) for e in caught.value.errors]


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return "\n".join(lines).encode(encoding) + b"\n"


# --- Headers and row lengths -------------------------------------------------------------


def test_a_duplicated_header_is_refused_in_csv_and_xlsx():
    assert refused(csv_bytes(HEADER + ",anordnare", GOOD + ",Annan AB")) == [(1, "anordnare")]
    assert refused(xlsx([HEADER.split(",") + ["KUND_ID"], GOOD.split(",") + ["K2"]]), "r.xlsx") == [(1, "kund_id")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("command", "header", "row", "setup"),
    [
        ("import_register", HEADER + ",anordnare", GOOD + ",Annan AB", lambda: []),
        ("import_contacts", "kund_id,mobil,epost,sprak,mobil", "K1,0701234567,,sv,0707654321", lambda: ["enkat-2024"]),
        ("import_responses", "kon,aldersgrupp,insatstyp,anordnare,status,sprak,kommentar,q1,q1", "man,,,,,sv,,5,1",
         lambda: ["svar-2023", "--create"]),
    ],
)  # fmt: skip
def test_every_import_refuses_a_duplicated_header_and_writes_nothing(tmp_path, command, header, row, setup):
    survey = make_survey(slug="enkat-2024")
    make_invitation(survey, customer_id="K1")
    path = tmp_path / "file.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="två gånger"):  # the commands speak Swedish
        call_command(command, *setup()[:1], str(path), *setup()[1:], stdout=io.StringIO(), stderr=io.StringIO())
    assert not Insats.objects.exists() and not Response.objects.exists()
    assert Invitation.objects.get().mobile == ""


def test_rows_of_the_wrong_length_are_refused():
    assert refused(csv_bytes(HEADER, GOOD + ",extra")) == [(2, "10")]
    assert refused(csv_bytes(HEADER, "K1,sai,Arbetsbron AB")) == [(2, "startdatum")]
    assert refused(xlsx([HEADER.split(","), GOOD.split(",") + ["extra"]]), "r.xlsx") == [(2, "10")]


# --- Encodings ---------------------------------------------------------------------------


def test_one_stray_byte_in_a_utf8_file_is_refused_at_its_row_and_column():
    data = csv_bytes(HEADER, "K1,sai,Företag Å,2023-01-10,,,0,kvinna,1980") + b"K2,sai,Caf\xe9 AB,2023-01-10,,,0,,\n"
    assert refused(data) == [(3, "anordnare")]


def test_a_windows_1252_file_without_utf8_is_read_as_windows_1252():
    table = read_table(io.BytesIO(csv_bytes(HEADER, GOOD.replace("Arbetsbron", "Företagsbron Å"), encoding="cp1252")),
                       "r.csv", columns=REGISTER_COLUMNS)  # fmt: skip
    assert table.rows[0][1]["anordnare"] == "Företagsbron Å AB"


def test_a_mac_roman_file_is_refused_not_read_as_garbled_names():
    data = csv_bytes(HEADER, "K1,sai,Företagsbron Väst,2023-01-10,,,0,kvinna,1980", encoding="mac_roman")
    assert refused(data) == [(2, "anordnare")]


def test_bytes_undefined_in_windows_1252_are_an_unknown_encoding():
    assert refused(csv_bytes(HEADER) + b"K1,sai,A\x81B,2023-01-10,,,0,,\n") == [(2, "anordnare")]


# --- Cell contents -----------------------------------------------------------------------


def test_a_formula_with_no_stored_value_is_refused():
    rows = [HEADER.split(","), ["K1", "sai", "Arbetsbron AB", "2023-01-10", "=TODAY()", "arbete", 0, "", ""]]
    assert refused(xlsx(rows), "r.xlsx") == [(2, "slutdatum")]


def test_a_formula_with_a_stored_value_reads_that_value():
    data = xlsx([HEADER.split(","), ["K1", "sai", "Arbetsbron AB", "2023-01-10", '="2023-06-30"', "arbete", 0, "", ""]])
    source = zipfile.ZipFile(io.BytesIO(data))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b'<c r="E2"><f>', b'<c r="E2" t="str"><f>').replace(
                    b"<v />", b"<v>2023-06-30</v>"
                )
            out.writestr(item, content)
    table = read_table(io.BytesIO(target.getvalue()), "r.xlsx", columns=REGISTER_COLUMNS)
    assert table.rows[0][1]["slutdatum"] == "2023-06-30"


@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x1b", "\x7f", "\u0085", "\u009b"])
def test_nul_and_control_characters_are_refused(bad):
    assert refused(csv_bytes(HEADER, GOOD.replace("Arbetsbron", f"Arbets{bad}bron"))) == [(2, "anordnare")]
    rows = [HEADER.split(","), GOOD.replace("Arbetsbron", f"Arbets{bad}bron").split(",")]
    if bad in "\x7f\u0085\u009b":  # openpyxl itself will not write NUL or the C0 controls
        assert refused(xlsx(rows), "r.xlsx") == [(2, "anordnare")]


def test_line_breaks_only_in_free_text_and_bidirectional_marks_are_accepted():
    assert refused(csv_bytes(HEADER, GOOD.replace("Arbetsbron AB", '"Arbets\nbron AB"'))) == [(2, "anordnare")]
    header = "kon,aldersgrupp,insatstyp,anordnare,status,sprak,kommentar,q1"
    table = read_table(
        io.BytesIO(csv_bytes(header, 'man,,,\u202eBA nórbstebrA,,sv,"Bra\r\nstöd\tock",5')),
        "svar.csv",
        columns=RESPONSE_COLUMNS,
    )
    assert table.rows[0][1]["kommentar"] == "Bra\r\nstöd\tock"
    assert table.rows[0][1]["anordnare"].startswith("\u202e")


def test_over_long_fields_are_refused_by_the_models_limits():
    assert refused(csv_bytes(HEADER, GOOD.replace("Arbetsbron AB", "A" * 201))) == [(2, "anordnare")]
    # Longer than the csv module's own field limit (131 072): a row error, not a crash.
    assert refused(csv_bytes(HEADER, GOOD.replace("K1", "K" * 131_073))) == [(2, "kund_id")]
    contacts = csv_bytes("kund_id,mobil,epost,sprak", "K1," + "0" * 40 + ",,sv")
    assert refused(contacts, columns=CONTACT_COLUMNS) == [(2, "mobil")]


@pytest.mark.django_db
def test_one_bad_row_among_good_ones_writes_nothing(tmp_path):
    Provider.objects.create(name="Arbetsbron AB")
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes(HEADER, GOOD, GOOD.replace("K1", "K2").replace("Arbetsbron", "Arbets\x00bron")))
    with pytest.raises(CommandError) as caught:
        call_command("import_register", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert "3" in str(caught.value) and "anordnare" in str(caught.value)
    assert not Insats.objects.exists()
