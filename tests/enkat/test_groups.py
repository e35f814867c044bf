from datetime import date

import pytest

from enkat.groups import AGE_GROUPS, age_group, insats_status


@pytest.mark.parametrize(
    ("birth_year", "expected"),
    [
        (2006, "under 18"),
        (2005, "18-24"),
        (1999, "18-24"),
        (1998, "25-39"),
        (1984, "25-39"),
        (1983, "40-59"),
        (1964, "40-59"),
        (1963, "60+"),
        (None, ""),
    ],
)
def test_age_is_close_year_minus_birth_year_in_report_buckets(birth_year, expected):
    assert age_group(birth_year, 2023) == expected


def test_every_age_group_label_is_one_of_the_documented_ones():
    labels = {age_group(year, 2023) for year in range(1930, 2020)}
    assert labels == set(AGE_GROUPS)


def test_an_insats_without_end_date_is_ongoing():
    assert insats_status(None, date(2023, 12, 31)) == "pagaende"


def test_an_insats_ending_after_the_period_is_ongoing_at_its_end():
    assert insats_status(date(2024, 1, 1), date(2023, 12, 31)) == "pagaende"


def test_an_insats_ending_on_the_last_day_of_the_period_is_closed():
    assert insats_status(date(2023, 12, 31), date(2023, 12, 31)) == "avslutad"
