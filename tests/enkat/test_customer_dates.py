"""Dates in every customer language: their own month names, the right grammar, never Swedish by fallback."""

from datetime import UTC, date, datetime

import pytest
from babel import Locale
from django.test import Client

from enkat.dates import MONTHS, customer_date
from tests.factories import make_invitation, make_survey

ALL = ["sv", "en", "ar", "fa-af", "so", "ti", "uk"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sv", "3 januari 2027"),
        ("en", "3 January 2027"),
        ("ar", "3 يناير 2027"),
        ("fa-af", "3 جنوری 2027"),  # Afghan names of the Gregorian months, not Iranian (ژانویه)
        ("so", "3 Janaayo 2027"),
        ("ti", "3 ጥሪ 2027"),
        ("uk", "3 січня 2027 р."),  # the genitive: never "3 Січень"
    ],
)
def test_a_date_in_each_language(language, expected):
    assert customer_date(date(2027, 1, 3), language) == expected


def test_an_aware_datetime_is_read_in_swedish_time():
    assert customer_date(datetime(2027, 4, 30, 23, 30, tzinfo=UTC), "uk") == "1 травня 2027 р."


def test_every_language_has_twelve_months_of_its_own():
    assert set(MONTHS) == set(ALL)
    swedish = set(MONTHS["sv"])
    for language, months in MONTHS.items():
        assert len(set(months)) == 12, language
        if language not in ("sv", "en"):
            assert not swedish & set(months), language


@pytest.mark.parametrize(("language", "cldr"), [("ar", "ar"), ("fa-af", "fa_AF"), ("so", "so"), ("uk", "uk")])
def test_the_month_names_are_the_unicode_cldr_ones(language, cldr):
    """As Babel ships CLDR: the format context (Ukrainian: the genitive)."""
    assert list(MONTHS[language]) == list(Locale.parse(cldr).months["format"]["wide"].values())


def test_tigrinya_differs_from_cldr_only_in_the_spelling_of_may():
    cldr = list(Locale.parse("ti").months["format"]["wide"].values())
    assert [i for i, (ours, theirs) in enumerate(zip(MONTHS["ti"], cldr, strict=True)) if ours != theirs] == [4]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "month"), [("so", "Maarso"), ("ti", "መጋቢት"), ("fa-af", "مارچ"), ("uk", "березня")]
)
def test_the_not_open_page_names_the_month_in_the_customers_language(language, month):
    opens = datetime(2030, 3, 4, 8, 0, tzinfo=UTC)
    survey = make_survey(languages=["sv", language], opens_at=opens, closes_at=datetime(2030, 4, 4, tzinfo=UTC))
    _, token = make_invitation(survey, language=language)
    html = Client().get(f"/s/{token}/", follow=True).content.decode()
    assert f"4 {month} 2030" in html
    assert "mars" not in html  # not the Swedish fallback
