import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from register.models import Insats, Provider

HEADER = "kund_id,insatstyp,anordnare,startdatum,slutdatum,avslutsorsak,forlangningar,kon,fodelsear"


def write(tmp_path, text: str, name: str = "register.csv", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_register", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_register", *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


@pytest.fixture
def provider(db):
    return Provider.objects.create(name="Arbetsbron AB")


def test_good_file_creates_programmes(tmp_path, provider):
    path = write(
        tmp_path,
        f"{HEADER}\n"
        "K1,Jobbpeng grund,Arbetsbron AB,2023-01-10,2023-06-30,arbete,1,kvinna,1990\n"
        "K2,sai,Arbetsbron AB,2023-02-01,,,0,man,1985\n",
    )
    run(path)
    assert Insats.objects.count() == 2
    k1 = Insats.objects.get(customer_id="K1")
    assert k1.end_date == date(2023, 6, 30)
    assert k1.exit_reason == "arbete"
    assert k1.exit_group == "egen_forsorjning"
    assert Insats.objects.get(customer_id="K2").programme_type.code == "sai"


def test_importing_the_same_file_twice_changes_nothing(tmp_path, provider):
    path = write(tmp_path, f"{HEADER}\nK1,Jobbpeng grund,Arbetsbron AB,2023-01-10,,,0,kvinna,1990\n")
    run(path)
    first = list(Insats.objects.values())
    out, _ = run(path)
    assert list(Insats.objects.values()) == first
    assert "0 skapade, 0 uppdaterade, 1 oförändrade" in out


def test_a_changed_row_is_updated(tmp_path, provider):
    run(write(tmp_path, f"{HEADER}\nK1,Jobbpeng grund,Arbetsbron AB,2023-01-10,,,0,kvinna,1990\n"))
    run(write(tmp_path, f"{HEADER}\nK1,Jobbpeng grund,Arbetsbron AB,2023-01-10,2023-05-01,studier,2,kvinna,1990\n"))
    insats = Insats.objects.get()
    assert (insats.end_date, insats.exit_reason, insats.extensions) == (date(2023, 5, 1), "studier", 2)


def test_windows_1252_with_semicolons_and_utf8_bom_are_read(tmp_path, provider):
    Provider.objects.create(name="Språkvägen")
    text = HEADER.replace(",", ";") + "\nK1;Förstärkt jobbpeng;Språkvägen;2023-01-10;;;0;;\n"
    run(write(tmp_path, text, encoding="cp1252"))
    assert Insats.objects.get().provider.name == "Språkvägen"
    run(write(tmp_path, "\ufeff" + HEADER + "\nK2,Förstärkt jobbpeng,Språkvägen,2023-01-11,,,0,,\n", "bom.csv"))
    assert Insats.objects.filter(customer_id="K2").exists()


def test_xlsx_is_read_with_real_dates(tmp_path, provider):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["K9", "SAI", "Arbetsbron AB", date(2023, 3, 1), None, None, 0, "man", 1970])
    path = tmp_path / "register.xlsx"
    workbook.save(path)
    run(str(path))
    assert Insats.objects.get().start_date == date(2023, 3, 1)


def test_every_bad_row_is_named_and_nothing_is_written(tmp_path, provider):
    path = write(
        tmp_path,
        f"{HEADER}\n"
        "K1,Jobbpeng grund,Arbetsbron AB,2023-01-10,,,0,kvinna,1990\n"
        "K2,Okänd typ,Arbetsbron AB,2023-01-10,,,0,kvinna,1990\n"
        "K3,SAI,Arbetsbron AB,10/01/2023,,,0,kvinna,1990\n"
        "K4,SAI,Arbetsbron AB,2023-05-10,2023-01-01,arbete,0,kvinna,1990\n"
        "K5,SAI,Arbetsbron AB,2023-01-10,2023-02-01,,0,kvinna,1990\n"
        "K6,SAI,Arbetsbron AB,2023-01-10,,arbete,0,kvinna,1990\n"
        "K7,SAI,Arbetsbron AB,2023-01-10,,,0,kvinnor,90\n",
    )
    err = run_failing(path)
    assert Insats.objects.count() == 0
    assert "Rad 3, kolumn insatstyp" in err
    assert "Rad 4, kolumn startdatum" in err
    assert "Rad 5, kolumn slutdatum" in err
    assert "Rad 6, kolumn avslutsorsak" in err
    assert "Rad 7, kolumn avslutsorsak" in err
    assert "Rad 8, kolumn kon" in err
    assert "Rad 8, kolumn fodelsear" in err
    assert "Rad 2," not in err


def test_a_missing_column_is_rejected(tmp_path, provider):
    err = run_failing(write(tmp_path, "kund_id,insatstyp\nK1,SAI\n"))
    assert "kolumn anordnare" in err
    assert Insats.objects.count() == 0


def test_unknown_providers_are_listed_and_created_only_on_request(tmp_path, db):
    path = write(tmp_path, f"{HEADER}\nK1,SAI,Ny Anordnare AB,2023-01-10,,,0,,\n")
    err = run_failing(path)
    assert "Ny Anordnare AB" in err
    assert not Provider.objects.exists()
    run(path, "--create-providers")
    assert Insats.objects.get().provider.name == "Ny Anordnare AB"


def test_dry_run_writes_nothing(tmp_path, provider):
    out, _ = run(write(tmp_path, f"{HEADER}\nK1,SAI,Arbetsbron AB,2023-01-10,,,0,,\n"), "--dry-run")
    assert "1 skapade" in out
    assert Insats.objects.count() == 0


def test_the_demo_year_round_trips_through_a_239_row_file(tmp_path, db):
    from register.demo import PROVIDERS, demo_insatser

    rows = demo_insatser()
    assert len(rows) == 239
    lines = [HEADER]
    for row in rows:
        values = [
            row["kund_id"],
            row["insatstyp"],
            row["anordnare"],
            row["startdatum"].isoformat(),
            row["slutdatum"].isoformat() if row["slutdatum"] else "",
            row["avslutsorsak"],
            str(row["forlangningar"]),
            row["kon"],
            str(row["fodelsear"]),
        ]
        lines.append(",".join(values))
    out, _ = run(write(tmp_path, "\n".join(lines) + "\n"), "--create-providers")
    assert Insats.objects.count() == 239
    assert Provider.objects.count() == len({r["anordnare"] for r in rows}) <= len(PROVIDERS)
    assert Insats.objects.values("customer_id").distinct().count() == 219
