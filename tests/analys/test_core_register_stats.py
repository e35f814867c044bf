"""The register statistics core on hand-built registers, one edge case of each definition at a time."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analys.core.register_quality import add_months, data_quality, flags
from analys.core.register_stats import compute_year, day_number, during_year

Y = 2023


def frame(*rows: dict) -> pd.DataFrame:
    defaults = {
        "programme": "jg",
        "provider": "P1",
        "end": None,
        "exit_reason": "",
        "extensions": 0,
        "gender": "kvinna",
        "birth_year": 1990,
        "planned_end": None,
    }
    records = [{**defaults, "id": i + 1, "customer": f"K{i + 1}", **row} for i, row in enumerate(rows)]
    df = pd.DataFrame.from_records(records)
    for column in ("start", "end", "planned_end"):
        df[column] = pd.to_datetime(df[column])
    df["birth_year"] = df["birth_year"].astype("float64")
    return df


def totals(*rows: dict, year: int = Y) -> dict:
    return compute_year(frame(*rows), year, ["jg"]).totals


def test_an_insats_ending_on_31_december_is_closed_in_the_year():
    t = totals({"start": "2023-06-01", "end": "2023-12-31", "exit_reason": "arbete"})
    assert (t["insatser"], t["closed"], t["ongoing"], t["exit"]["arbete"]) == (1, 1, 0, 1)
    assert t["avg_days_to_work_or_studies"] == 213


def test_an_insats_ending_on_1_january_counts_in_that_year_and_not_after():
    rows = {"start": "2022-10-01", "end": "2023-01-01", "exit_reason": "studier"}
    t = totals(rows)
    assert (t["insatser"], t["closed"], t["closed_egen_forsorjning"]) == (1, 1, 1)
    assert t["duration"]["0-100"] == 1  # 92 days
    assert totals(rows, year=2022)["ongoing"] == 1
    assert totals(rows, year=2024)["insatser"] == 0


def test_an_insats_ending_on_31_december_of_the_year_before_is_not_in_the_year():
    assert totals({"start": "2022-01-01", "end": "2022-12-31", "exit_reason": "arbete"})["insatser"] == 0


def test_a_same_day_insats_lasts_zero_days_and_falls_in_the_first_bucket():
    t = totals({"start": "2023-05-05", "end": "2023-05-05", "exit_reason": "arbete"})
    assert t["duration"]["0-100"] == 1
    assert t["avg_days_to_work_or_studies"] == 0.0


def test_an_end_after_the_year_is_ongoing_and_its_duration_stops_at_31_december():
    t = totals({"start": "2022-01-01", "end": "2024-03-01", "exit_reason": "arbete", "extensions": 2})
    assert (t["ongoing"], t["closed"], t["ongoing_extended"], t["exit"]["arbete"]) == (1, 0, 1, 0)
    assert t["duration"]["366-730"] == 1  # 729 days to 31 Dec 2023
    assert t["days_so_far_mean"] == t["days_so_far_median"] == 729


@pytest.mark.parametrize(
    ("start", "bucket"),
    [
        ("2023-09-22", "0-100"),  # 100 days to 31 Dec
        ("2023-09-21", "101-365"),  # 101
        ("2023-01-01", "101-365"),  # 364
        ("2022-12-31", "101-365"),  # 365
        ("2022-12-30", "366-730"),  # 366
        ("2021-12-31", "366-730"),  # 730
        ("2021-12-30", ">730"),  # 731
    ],
)
def test_the_duration_buckets_meet_at_their_bounds(start, bucket):
    t = totals({"start": start})
    assert t["duration"][bucket] == 1, (start, t["duration"])


def test_a_missing_birth_year_is_in_no_age_group_and_a_finding():
    df = frame({"start": "2023-02-01", "birth_year": None}, {"start": "2023-02-01", "birth_year": 2005})
    t = compute_year(df, Y, ["jg"]).totals
    assert sum(t["age"].values()) == 1
    assert t["age"]["18-24"] == 1
    assert [f["insatser"] for f in data_quality(df, Y) if f["kind"] == "missing_birth_year"] == [[1]]


@pytest.mark.parametrize(
    ("birth_year", "group"),
    [
        (2006, "under 18"),
        (2005, "18-24"),
        (1999, "18-24"),
        (1998, "25-39"),
        (1984, "25-39"),
        (1983, "40-59"),
        (1964, "40-59"),
        (1963, "60+"),
    ],
)
def test_age_groups_by_age_at_31_december(birth_year, group):
    assert totals({"start": "2023-02-01", "birth_year": birth_year})["age"][group] == 1


def test_a_customer_with_two_insatser_counts_once_and_as_several():
    t = totals(
        {"start": "2023-01-01", "end": "2023-03-01", "exit_reason": "byte_anordnare", "customer": "K"},
        {"start": "2023-03-01", "provider": "P2", "customer": "K"},
        {"start": "2023-03-01", "gender": "man"},
    )
    assert (t["insatser"], t["customers"], t["customers_with_several"]) == (3, 2, 1)
    assert (t["customers_women"], t["customers_men"]) == (1, 1)
    assert t["exit_group"] == {"egen_forsorjning": 0, "annan_insats": 1, "avbrott": 0}


@pytest.mark.parametrize(
    ("planned", "tertial"),
    [
        (None, "unknown"),
        ("2023-12-31", "past"),
        ("2024-01-01", "T1"),
        ("2024-04-30", "T1"),
        ("2024-05-01", "T2"),
        ("2024-08-31", "T2"),
        ("2024-09-01", "T3"),
        ("2024-12-31", "T3"),
        ("2025-01-01", "later"),
    ],
)
def test_the_planned_exit_falls_in_a_tertial_of_the_next_year(planned, tertial):
    t = totals({"start": "2023-03-01", "planned_end": planned})
    assert t["planned_exit"][tertial] == 1
    assert sum(t["planned_exit"].values()) == 1


def test_a_closed_insats_has_no_planned_exit():
    assert (
        sum(totals({"start": "2023-03-01", "end": "2023-04-01", "exit_reason": "flytt"})["planned_exit"].values()) == 0
    )


def test_the_share_to_egen_forsorjning_has_both_denominators():
    t = totals(
        {"start": "2023-01-01", "end": "2023-03-01", "exit_reason": "eget_foretag"},
        {"start": "2023-01-01", "end": "2023-03-01", "exit_reason": "sjukdom"},
        {"start": "2023-01-01"},
        {"start": "2023-01-01"},
    )
    assert t["share_egen_forsorjning"] == 0.5
    assert t["share_egen_forsorjning_of_all"] == 0.25
    assert t["avg_days_to_work_or_studies"] is None  # own business is no work or studies


def test_an_empty_year_gives_zeros_and_no_shares():
    t = totals({"start": "2020-01-01", "end": "2020-02-01", "exit_reason": "arbete"})
    assert t["insatser"] == 0 and t["share_egen_forsorjning"] is None and t["days_so_far_mean"] is None


def test_providers_come_largest_first_with_their_programmes():
    df = frame(
        {"start": "2023-01-01", "provider": "Liten"},
        {"start": "2023-01-01", "provider": "Stor", "programme": "sai"},
        {"start": "2023-01-01", "provider": "Stor"},
    )
    stats = compute_year(df, Y, ["jg", "sai", "fj"])
    assert [(p, c, b["insatser"]) for p, c, b in stats.by_provider] == [
        ("Stor", None, 2),
        ("Stor", "jg", 1),
        ("Stor", "sai", 1),
        ("Liten", None, 1),
        ("Liten", "jg", 1),
    ]
    assert [(c, b["insatser"]) for c, b in stats.by_programme] == [("jg", 2), ("sai", 1), ("fj", 0)]


def test_add_months_keeps_the_day_or_takes_the_month_end():
    days = np.array([day_number(date(2023, 8, 31)), day_number(date(2024, 1, 31)), day_number(date(2023, 3, 15))])
    moved = add_months(days, 6).astype("datetime64[D]").tolist()
    assert moved == [date(2024, 2, 29), date(2024, 7, 31), date(2023, 9, 15)]


@pytest.mark.parametrize(
    ("start", "level"),
    [
        ("2023-10-01", None),  # exactly 3 months on 31 Dec... is 1 Jan: not yet
        ("2023-09-30", "green"),  # 3 months reached 30 Dec, past on 31 Dec
        ("2023-09-01", "green"),
        ("2023-06-30", "yellow"),
        ("2023-07-01", "green"),
        ("2022-12-30", "red"),
        ("2022-12-31", "yellow"),  # 12 months reached on 31 Dec itself: not past yet
    ],
)
def test_flags_count_calendar_months_from_the_start(start, level):
    found = flags(frame({"start": start}), date(2023, 12, 31))
    assert [f["level"] for f in found] == ([level] if level else [])


def test_flags_are_for_insatser_ongoing_on_the_day():
    df = frame(
        {"start": "2022-01-01", "end": "2023-06-01", "exit_reason": "arbete"},
        {"start": "2022-01-01", "end": "2024-06-01", "exit_reason": "arbete"},
    )
    found = flags(during_year(df, Y), date(2023, 12, 31))
    assert [(f["insats"], f["level"], f["days"], f["months"]) for f in found] == [(2, "red", 729, 12)]


def test_overlap_and_earlier_left_open_are_told_apart():
    df = frame(
        {"customer": "A", "start": "2023-01-01", "end": "2023-06-30", "exit_reason": "byte_anordnare"},
        {"customer": "A", "start": "2023-06-30"},  # a handover on the same day: no finding
        {"customer": "B", "start": "2023-01-01", "end": "2023-12-01", "exit_reason": "arbete"},
        {"customer": "B", "start": "2023-02-01", "end": "2023-03-01", "exit_reason": "arbete"},
        {"customer": "B", "start": "2023-04-01", "end": "2023-05-01", "exit_reason": "arbete"},
        {"customer": "C", "start": "2022-01-01"},
        {"customer": "C", "start": "2023-05-01"},
    )
    found = [(f["kind"], f["insatser"]) for f in data_quality(df, Y)]
    assert found == [("overlap", [3, 4]), ("overlap", [3, 5]), ("earlier_left_open", [6, 7])]


def test_the_other_findings():
    df = frame(
        {"start": "2023-01-01", "gender": ""},
        {"start": "2023-01-01", "birth_year": 2008},  # 15 at the start
        {"start": "2023-01-01", "birth_year": 2007},  # 16: fine
        {"start": "2023-01-01", "birth_year": 1956},  # 67
        {"start": "2023-01-01", "birth_year": 1957},  # 66: fine
        {"start": "2023-03-01", "planned_end": "2023-02-28"},
    )
    found = [(f["kind"], f["insatser"], f.get("age")) for f in data_quality(df, Y)]
    assert found == [
        ("missing_gender", [1], None),
        ("age_out_of_range", [2], 15),
        ("age_out_of_range", [4], 67),
        ("planned_end_before_start", [6], None),
    ]


def test_an_authorisation_must_cover_the_insats_within_the_year():
    df = frame(
        {"start": "2022-06-01", "provider": "P1"},
        {"start": "2023-03-01", "provider": "P2"},
        {"start": "2023-03-01", "provider": "P1", "programme": "sai"},
    )
    auth = pd.DataFrame(
        {
            "provider": ["P1", "P2"],
            "programme": ["jg", "jg"],
            "valid_from": pd.to_datetime(["2023-01-01", "2023-01-01"]),
            "valid_to": pd.to_datetime([None, "2023-06-30"]),
        }
    )
    found = [f["insatser"] for f in data_quality(df, Y, auth) if f["kind"] == "not_authorised"]
    assert found == [[2], [3]]
    assert not [f for f in data_quality(df, Y, auth.iloc[0:0]) if f["kind"] == "not_authorised"]


def test_the_register_is_complete_from_the_year_of_its_first_end_date():
    from analys.core.register_stats import first_complete_year

    assert first_complete_year(date(2022, 1, 3), date(2023, 12, 1)) == 2022
    # Without any closed insats: the year of the latest start (the only extract's year).
    assert first_complete_year(None, date(2023, 4, 1)) == 2023
    assert first_complete_year(None, None) is None


@pytest.mark.parametrize(
    ("year", "reason"),
    [(2019, "before_register"), (2021, "before_register"), (2022, None), (2023, None), (2024, "in_progress")],
)
def test_a_year_is_incomplete_before_the_first_complete_year_or_while_it_runs(year, reason):
    from analys.core.register_stats import incomplete_reason, mark_completeness

    assert incomplete_reason(year, 2022, 2024) == reason
    entries = [{"year": year, "programme": None}]
    mark_completeness(entries, 2022, 2024)
    assert entries == [{"year": year, "programme": None, "complete": reason is None, "incomplete_reason": reason}]


def test_flag_columns_hold_the_flags_in_their_order():
    from analys.core.register_quality import flag_columns

    rows = frame(
        {"start": "2023-01-05"},
        {"start": "2022-06-01"},
        {"start": "2023-01-05"},
        {"start": "2023-11-01"},  # not past 3 months on 31 Dec
    )
    columns = flag_columns(rows, date(2023, 12, 31))
    assert columns["insats"] == [2, 1, 3]
    assert columns["level"] == ["red", "yellow", "yellow"]
    assert [dict(zip(columns, v, strict=True)) for v in zip(*columns.values(), strict=True)] == flags(
        rows, date(2023, 12, 31)
    )
