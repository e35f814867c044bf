"""The Django layer of the register statistics: one query, the JSON's shape, provider scoping."""

import json
from datetime import date

import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analys.core.register_stats import EXIT_CODES, compute_year
from analys.register_statistics import load_year, programme_names, statistics_json
from analys.register_trend import earlier_trend
from register.models import Authorisation, ProgrammeType
from tests.analys.register_factories import insats

BLOCK_KEYS = {
    "insatser",
    "women",
    "men",
    "ongoing",
    "ongoing_extended",
    "closed",
    "closed_egen_forsorjning",
    "share_egen_forsorjning",
    "share_egen_forsorjning_of_all",
    "avg_days_to_work_or_studies",
    "age",
    "duration",
    "exit",
    "planned_exit",
}


@pytest.fixture
def register(actors):
    a, b = actors.provider_a, actors.provider_b
    insats("K1", a, "2023-01-10", "2023-06-30", "arbete", gender="kvinna")
    insats("K2", a, "2023-03-01", None, programme="sai", gender="man", extensions=1, planned="2024-02-01")
    insats("K3", b, "2022-05-01", "2023-02-01", "studier", programme="forstarkt-jobbpeng", gender="man")
    insats("K3", a, "2023-01-15", None, programme="forstarkt-jobbpeng", gender="man")  # overlaps K3 at B
    insats("K4", b, "2023-04-01", None, birth_year=None)
    insats("K5", b, "2021-01-01", "2022-06-01", "flytt")  # not during 2023
    return actors


def test_the_year_is_loaded_with_one_query(register):
    with CaptureQueriesContext(connection) as queries:
        frame = load_year(2023)
    assert len(queries) == 1
    assert sorted(frame["customer"]) == ["K1", "K2", "K3", "K3", "K4"]


def test_the_json_has_the_documented_keys(register):
    result = statistics_json(2023, today=date(2024, 3, 1))
    assert set(result) >= {"year", "totals", "by_programme", "by_provider", "trend", "flags", "data_quality", "scope"}
    assert BLOCK_KEYS <= set(result["totals"])
    assert {"customers", "customers_women", "customers_men", "customers_with_several"} <= set(result["totals"])
    assert set(result["totals"]["exit"]) == set(EXIT_CODES)
    assert set(result["totals"]["age"]) == {"under 18", "18-24", "25-39", "40-59", "60+"}
    assert set(result["totals"]["duration"]) == {"0-100", "101-365", "366-730", ">730"}
    assert set(result["totals"]["planned_exit"]) == {"T1", "T2", "T3", "later", "past", "unknown"}
    assert [p["programme_code"] for p in result["by_programme"]] == ["jobbpeng-grund", "forstarkt-jobbpeng", "sai"]
    assert result["totals"]["insatser"] == 5
    assert result["totals"]["customers"] == 4
    assert result["totals"]["customers_with_several"] == 1
    assert result["scope"]["provider"] is None
    whole = [e for e in result["by_provider"] if e["programme"] is None]
    assert [(e["provider"], e["insatser"]) for e in whole] == [("Anordnare A", 3), ("Anordnare B", 2)]


def test_a_provider_keeps_the_totals_and_only_its_own_rows(register):
    everyone = statistics_json(2023, today=date(2024, 3, 1))
    mine = statistics_json(2023, provider=register.provider_b, today=date(2024, 3, 1))
    assert mine["totals"] == everyone["totals"]
    assert mine["by_programme"] == everyone["by_programme"]
    assert {e["provider"] for e in mine["by_provider"]} == {"Anordnare B"}
    assert mine["scope"] == {**everyone["scope"], "provider": "Anordnare B"}
    assert {f["provider"] for f in mine["flags"]} <= {"Anordnare B"}
    assert mine["flags"], "B's open insats from April is past 6 months at 31 Dec"


def test_a_finding_with_another_providers_insats_hides_its_provider_and_link(register):
    mine = statistics_json(2023, provider=register.provider_b, today=date(2024, 3, 1))
    overlap = [f for f in mine["data_quality"] if f["kind"] == "overlap"]
    assert len(overlap) == 1
    own, other = sorted(overlap[0]["insatser"], key=lambda i: i["provider"] is None)
    assert own["provider"] == "Anordnare B" and own["url"] and own["id"]
    assert other == {**other, "provider": None, "url": None, "id": None}
    assert "Anordnare A" not in str(mine)
    # A's own missing-birth-year finding is not B's business, and vice versa.
    a = statistics_json(2023, provider=register.provider_a, today=date(2024, 3, 1))
    assert not [f for f in a["data_quality"] if f["kind"] == "missing_birth_year"]
    assert "Anordnare B" not in str(a)


def test_authorisations_are_checked_only_when_recorded(register):
    assert not [f for f in statistics_json(2023)["data_quality"] if f["kind"] == "not_authorised"]
    Authorisation.objects.create(
        provider=register.provider_a,
        programme_type=ProgrammeType.objects.get(code="jobbpeng-grund"),
        valid_from=date(2020, 1, 1),
    )
    flagged = [f for f in statistics_json(2023)["data_quality"] if f["kind"] == "not_authorised"]
    # Everything but A's Jobbpeng grund insats lacks an authorisation.
    assert sorted(f["insatser"][0]["customer"] for f in flagged) == ["K2", "K3", "K3", "K4"]


def test_the_sql_trend_agrees_with_the_core(register):
    names = programme_names()
    insats("K6", register.provider_a, "2021-02-01", "2021-09-01", "arbete", programme="sai")
    insats("K7", register.provider_b, "2020-12-31", "2021-01-01", "studier")
    for year in (2021, 2022, 2023):
        frame = load_year(year)
        expected = compute_year(frame, year, list(names)).trend
        got = earlier_trend([year], names)
        assert [{k: v for k, v in e.items() if k != "programme_code"} for e in got] == [
            {**e, "programme": names[e["programme"]] if e["programme"] else None} for e in expected
        ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_trend_counted_beside_the_year_on_postgresql_equals_the_plain_one(actors):
    # Outside a transaction the earlier years are counted in a thread on its own connection.
    for code, name in [("jobbpeng-grund", "Jobbpeng grund"), ("forstarkt-jobbpeng", "Förstärkt jobbpeng")]:
        ProgrammeType.objects.get_or_create(code=code, defaults={"name": name})
    insats("K1", actors.provider_a, "2021-02-01", "2022-03-01", "arbete")
    insats("K2", actors.provider_b, "2022-05-01", None, programme="forstarkt-jobbpeng")
    insats("K3", actors.provider_b, "2023-01-01", "2023-02-01", "studier")
    result = statistics_json(2023, today=date(2024, 1, 10))
    names = programme_names()
    marks = {"complete", "incomplete_reason"}
    earlier = [{k: v for k, v in e.items() if k not in marks} for e in result["trend"] if e["year"] < 2023]
    assert earlier == earlier_trend([y for y in range(2021, 2023)], names)
    assert {e["year"] for e in result["trend"]} >= {2021, 2022, 2023}


def test_the_trend_marks_the_years_before_the_first_end_date_and_the_running_year(actors):
    a = actors.provider_a
    # The register's first end date is in 2022: of 2020 and 2021 it holds only insatser still running in 2022.
    insats("K1", a, "2020-03-01", "2022-02-01", "arbete")
    insats("K2", a, "2021-06-01", None, programme="sai")
    insats("K3", a, "2022-02-01", "2023-05-01", "studier")
    result = statistics_json(2023, today=date(2024, 3, 1))
    marks = {(e["year"], e["programme_code"]): (e["complete"], e["incomplete_reason"]) for e in result["trend"]}
    assert marks[(2020, None)] == (False, "before_register")
    assert marks[(2021, "sai")] == (False, "before_register")
    assert marks[(2022, None)] == (True, None)
    assert marks[(2023, None)] == (True, None)
    assert result["trend_first_complete_year"] == 2022
    running = statistics_json(2024, today=date(2024, 3, 1))
    assert {
        (e["programme_code"], e["complete"], e["incomplete_reason"]) for e in running["trend"] if e["year"] == 2024
    } == {
        ("sai", False, "in_progress"),
        (None, False, "in_progress"),
    }
    # The existing keys stay beside the marks.
    assert {"year", "programme", "programme_code", "insatser", "customers"} <= set(result["trend"][0])


def test_a_register_held_from_its_first_year_is_complete_but_for_the_running_year(actors):
    insats("K1", actors.provider_a, "2021-03-01", "2021-05-01", "arbete")
    insats("K2", actors.provider_a, "2022-03-01", None)
    result = statistics_json(2022, today=date(2024, 3, 1))
    assert {e["year"]: e["complete"] for e in result["trend"]} == {2021: True, 2022: True}


def _without_marks(trend):
    return [{k: v for k, v in e.items() if k not in {"complete", "incomplete_reason"}} for e in trend]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_trend_cache_gives_the_counted_figures_and_follows_every_change_to_the_register(actors):
    import importlib

    from django.apps import apps

    from analys.models import RegisterTrendCache
    from analys.register_trend import register_summary, trend_counts

    # A transactional test flushes the database, migration data included, when another ran before it.
    if not ProgrammeType.objects.exists():
        importlib.import_module("register.migrations.0002_seed_programme_types").seed(apps, None)
    insats("K1", actors.provider_a, "2021-02-01", "2022-03-01", "arbete")
    insats("K2", actors.provider_b, "2022-05-01", None, programme="forstarkt-jobbpeng")
    insats("K3", actors.provider_b, "2023-01-01", "2023-02-01", "studier")
    names = programme_names()
    first = statistics_json(2023, today=date(2024, 1, 10))
    assert RegisterTrendCache.objects.count() == 1
    cached = statistics_json(2023, today=date(2024, 1, 10))
    assert cached["trend"] == first["trend"]
    assert _without_marks([e for e in cached["trend"] if e["year"] < 2023]) == earlier_trend([2021, 2022], names)
    # A change outside the ORM (as the import writes) changes the fingerprint: counted again, not read stale.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE register_insats SET exit_reason = 'flytt' WHERE customer_id = 'K1'")
    changed = statistics_json(2023, today=date(2024, 1, 10))
    share_2022 = next(e for e in changed["trend"] if e["year"] == 2022 and e["programme"] is None)
    assert share_2022["share_egen_forsorjning"] == 0
    assert _without_marks([e for e in changed["trend"] if e["year"] < 2023]) == earlier_trend([2021, 2022], names)
    summary = register_summary()
    stored = RegisterTrendCache.objects.get(fingerprint=summary.fingerprint)
    assert stored.counts == json.loads(json.dumps(trend_counts(stored.years)))


@pytest.mark.postgres
def test_the_year_read_through_copy_equals_the_plain_query(register, monkeypatch):
    from analys import register_statistics

    insats("NA", register.provider_a, "2023-02-01", None, gender="")  # text that a CSV reader might take for NULL
    copied = load_year(2023)
    monkeypatch.setattr(register_statistics.connection, "vendor", "other")
    plain = load_year(2023)
    monkeypatch.undo()
    pd.testing.assert_frame_equal(
        copied.sort_values("id").reset_index(drop=True), plain.sort_values("id").reset_index(drop=True)
    )
    assert "NA" in set(copied["customer"]) and "" in set(copied["gender"])
