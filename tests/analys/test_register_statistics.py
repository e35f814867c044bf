"""The Django layer of the register statistics: one query, the JSON's shape, provider scoping."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analys.core.register_stats import EXIT_CODES, compute_year
from analys.register_statistics import earlier_trend, load_year, programme_names, statistics_json
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
    assert [e for e in result["trend"] if e["year"] < 2023] == earlier_trend([y for y in range(2021, 2023)], names)
    assert {e["year"] for e in result["trend"]} >= {2021, 2022, 2023}
