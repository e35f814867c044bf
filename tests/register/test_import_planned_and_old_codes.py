"""The register import: the optional planned end date and old exit codes mapped as data."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from register.models import Insats, LegacyExitCode, Provider

HEADER = "kund_id,insatstyp,anordnare,startdatum,slutdatum,avslutsorsak,forlangningar,kon,fodelsear"


def write(tmp_path, text: str, name: str = "register.csv") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return str(path)


def run(path: str) -> str:
    out = io.StringIO()
    call_command("import_register", path, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_failing(path: str) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_register", path, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


@pytest.fixture
def provider(db):
    return Provider.objects.create(name="Arbetsbron AB")


def test_the_planned_end_date_is_read_and_may_be_empty(tmp_path, provider):
    run(
        write(
            tmp_path,
            f"{HEADER},planerat_slutdatum\n"
            "K1,sai,Arbetsbron AB,2023-02-01,,,1,man,1985,2024-03-31\n"
            "K2,sai,Arbetsbron AB,2023-02-01,,,0,kvinna,1990,\n",
        )
    )
    assert Insats.objects.get(customer_id="K1").planned_end_date == date(2024, 3, 31)
    assert Insats.objects.get(customer_id="K2").planned_end_date is None


def test_a_file_without_the_column_keeps_the_stored_planned_date(tmp_path, provider):
    run(write(tmp_path, f"{HEADER},planerat_slutdatum\nK1,sai,Arbetsbron AB,2023-02-01,,,1,man,1985,2024-03-31\n"))
    out = run(write(tmp_path, f"{HEADER}\nK1,sai,Arbetsbron AB,2023-02-01,,,2,man,1985\n", "second.csv"))
    insats = Insats.objects.get()
    assert insats.extensions == 2
    assert insats.planned_end_date == date(2024, 3, 31)
    assert "1 uppdaterade" in out


def test_an_empty_planned_date_in_a_file_with_the_column_clears_it(tmp_path, provider):
    run(write(tmp_path, f"{HEADER},planerat_slutdatum\nK1,sai,Arbetsbron AB,2023-02-01,,,1,man,1985,2024-03-31\n"))
    run(write(tmp_path, f"{HEADER},planerat_slutdatum\nK1,sai,Arbetsbron AB,2023-02-01,,,1,man,1985,\n", "b.csv"))
    assert Insats.objects.get().planned_end_date is None


def test_a_bad_planned_date_is_refused_with_row_and_column(tmp_path, provider):
    err = run_failing(
        write(
            tmp_path,
            f"{HEADER},planerat_slutdatum\n"
            "K1,sai,Arbetsbron AB,2023-02-01,,,1,man,1985,2024-03-31\n"
            "K2,sai,Arbetsbron AB,2023-02-01,,,1,man,1985,31/3/2024\n",
        )
    )
    assert "Rad 3, kolumn planerat_slutdatum" in err
    assert Insats.objects.count() == 0


def test_a_planned_date_before_the_start_is_kept_for_the_quality_list(tmp_path, provider):
    # Not an import error: the statistics' data-quality list shows it, so the source system can be fixed.
    run(write(tmp_path, f"{HEADER},planerat_slutdatum\nK1,sai,Arbetsbron AB,2023-02-01,,,1,man,1985,2023-01-01\n"))
    assert Insats.objects.get().planned_end_date == date(2023, 1, 1)


def test_an_old_exit_code_is_stored_as_the_code_it_maps_to(tmp_path, provider):
    LegacyExitCode.objects.create(code="Anstallning_med_stod", reason="arbete")
    run(write(tmp_path, f"{HEADER}\nK1,sai,Arbetsbron AB,2016-02-01,2016-09-30,ANSTALLNING_MED_STOD,0,man,1985\n"))
    assert Insats.objects.get().exit_reason == "arbete"


def test_an_unmapped_old_code_is_refused_with_row_and_column_and_nothing_is_written(tmp_path, provider):
    LegacyExitCode.objects.create(code="anstallning_med_stod", reason="arbete")
    err = run_failing(
        write(
            tmp_path,
            f"{HEADER}\n"
            "K1,sai,Arbetsbron AB,2016-02-01,2016-09-30,anstallning_med_stod,0,man,1985\n"
            "K2,sai,Arbetsbron AB,2016-02-01,2016-09-30,praktik_utan_ersattning,0,man,1985\n",
        )
    )
    assert "Rad 3, kolumn avslutsorsak" in err
    assert "praktik_utan_ersattning" in err
    assert Insats.objects.count() == 0


def test_the_import_stays_strict_about_the_other_rules(tmp_path, provider):
    err = run_failing(
        write(
            tmp_path,
            f"{HEADER},planerat_slutdatum\n"
            "K1,sai,Arbetsbron AB,2023-02-01,2023-01-01,arbete,0,man,1985,\n"
            "K2,sai,Arbetsbron AB,2023-02-01,,arbete,0,man,1985,\n",
        )
    )
    assert "Rad 2, kolumn slutdatum" in err
    assert "Rad 3, kolumn avslutsorsak" in err
