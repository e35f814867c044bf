"""Every published figure of the 2023 report's §6 and §12, held against the demo register.

The figures below are copied from the Kvalitetsrapport 2023 as printed (counts, and shares
in whole per cent, rounded half up as the report's spreadsheet does); the statistics are
computed from the seeded demo register by `statistics_json`. Provider names are the demo's
invented ones, in the published order of size.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import transaction

from analys.register_statistics import statistics_json
from register import demo
from register.demo import PROVIDERS
from register.models import Insats, ProgrammeType

JG, FJ, SAI = "jobbpeng-grund", "forstarkt-jobbpeng", "sai"
AGES = ["18-24", "25-39", "40-59", "60+"]
DURATIONS = ["0-100", "101-365", "366-730", ">730"]

# §6.1.1, §6.1.3, §12.1: insatser (share of all), women (share), men (share), ongoing (share),
# closed (share), to egen försörjning (share of closed), average days to work or studies.
PROGRAMME_TABLE = {
    JG: (25, 10, 11, 44, 14, 56, 5, 20, 20, 80, 8, 40, 151),
    FJ: (127, 53, 59, 46, 68, 54, 45, 35, 82, 65, 33, 40, 448),
    SAI: (87, 36, 50, 57, 37, 43, 28, 32, 59, 68, 19, 32, 230),
    None: (239, 100, 120, 50, 119, 50, 78, 33, 161, 67, 60, 37, 339),
}
# §6.1.2: counts and shares per age group (the report's 19–24 … 60–65).
AGE_TABLE = {
    JG: ((14, 9, 2, 0), (56, 36, 8, 0)),
    FJ: ((42, 34, 42, 9), (33, 27, 33, 7)),
    SAI: ((8, 42, 35, 2), (9, 48, 40, 2)),
    None: ((64, 85, 79, 11), (27, 36, 33, 5)),
}
# §6.1.4: duration buckets at 31 December; ongoing, extended (share), planned exit T1, T2.
DURATION_TABLE = {
    JG: ((13, 11, 1, 0), 5, 3, 60, 5, 0),
    FJ: ((22, 55, 36, 14), 45, 32, 71, 42, 3),
    SAI: ((16, 56, 15, 0), 28, 10, 36, 14, 14),
    None: ((51, 122, 52, 14), 78, 45, 58, 61, 17),
}
# §12.3.1–12.3.3: closed to work, studies, own business; changed programme or provider
# ("bytt kundvalsinsats"), another authority, and their share; illness, other interruption,
# moved, each with its share of the closed.
EXIT_TABLE = {
    JG: (5, 3, 0, 0, 3, 15, 1, 5, 6, 30, 2, 10),
    FJ: (26, 7, 0, 4, 18, 27, 13, 16, 10, 12, 4, 5),
    SAI: (11, 8, 0, 2, 7, 15, 2, 3, 6, 10, 23, 39),
    None: (42, 18, 0, 6, 28, 21, 16, 10, 22, 14, 29, 18),
}
# §6.2, §6.2.1, §6.2.2 per provider: insatser (share of all), share of women, of men, and
# the age shares; then §6.2's insatser per programme (JG, FJ, SAI).
PROVIDER_TABLE = [
    (91, 38, 54, 46, (31, 29, 33, 8), (9, 54, 28)),
    (46, 19, 59, 41, (20, 52, 28, 0), (3, 6, 37)),
    (26, 11, 12, 88, (54, 15, 23, 8), (8, 18, 0)),
    (25, 10, 56, 44, (24, 52, 24, 0), (0, 25, 0)),
    (24, 10, 54, 46, (4, 25, 63, 8), (2, 4, 18)),
    (6, 3, 67, 33, (17, 17, 67, 0), (0, 6, 0)),
    (4, 2, 50, 50, (50, 50, 0, 0), (0, 3, 1)),
    (4, 2, 50, 50, (25, 50, 25, 0), (1, 3, 0)),
    (3, 1, 33, 67, (33, 33, 33, 0), (1, 2, 0)),
    (3, 1, 67, 33, (0, 33, 67, 0), (0, 3, 0)),
    (3, 1, 33, 67, (0, 67, 33, 0), (1, 1, 1)),
    (2, 1, 50, 50, (0, 100, 0, 0), (0, 0, 2)),
    (2, 1, 50, 50, (50, 50, 0, 0), (0, 2, 0)),
]
# §6.2: each provider's share of the programme's insatser, as printed, in the printed order.
PROVIDER_SHARE_OF_PROGRAMME = {
    JG: [(0, 36), (2, 32), (1, 12), (4, 8), (8, 4), (7, 4), (10, 4)],
    FJ: [(0, 43), (3, 20), (2, 14), (1, 5), (5, 5), (4, 3), (6, 2), (9, 2), (7, 2), (8, 2), (12, 2), (10, 1)],
    SAI: [(1, 43), (0, 32), (4, 21), (11, 2), (6, 1), (10, 1)],
}
# §6.2.3: ongoing at 31 December per provider and programme: ongoing, extended (share), T1, T2.
ONGOING_BY_PROVIDER = {
    JG: {2: (3, 3, 100, 3, 0), 1: (1, 0, 0, 1, 0), 8: (1, 0, 0, 1, 0)},
    FJ: {
        0: (17, 11, 65, 17, 0),
        3: (12, 10, 83, 11, 1),
        2: (8, 5, 63, 6, 2),
        5: (3, 3, 100, 3, 0),
        7: (2, 1, 50, 2, 0),
        1: (1, 0, 0, 1, 0),
        6: (1, 1, 100, 1, 0),
        8: (1, 1, 100, 1, 0),
    },
    SAI: {0: (11, 6, 55, 8, 3), 1: (16, 3, 19, 6, 10), 6: (1, 1, 100, 0, 1)},
}


def percent(part: float, whole: float) -> int:
    """A share in whole per cent, rounded half up as printed."""
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def whole(value: float) -> int:
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def seed() -> None:
    # The programme types come from a data migration, which a browser test's flush may have emptied.
    for code, name in [
        (JG, "Jobbpeng grund"),
        (FJ, "Förstärkt jobbpeng"),
        (SAI, "Språk- och arbetsintroduktion (SAI)"),
    ]:
        ProgrammeType.objects.get_or_create(code=code, defaults={"name": name})
    demo.seed(_Discard())


@pytest.fixture(scope="module")
def figures(django_db_setup, django_db_blocker):
    """The demo register seeded once, its 2023 statistics computed, and everything rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed()
        result = statistics_json(2023)
        customers = Insats.objects.during_year(2023).order_by().values("customer_id", "gender")
        several = {}
        for row in customers:
            several.setdefault(row["customer_id"], []).append(row["gender"])
        result["_women_with_several"] = sum(1 for g in several.values() if len(g) > 1 and g[0] == "kvinna")
        transaction.set_rollback(True)
    return result


class _Discard:
    def write(self, text: str) -> None:
        pass


def block(figures: dict, programme: str | None, provider: int | None = None) -> dict:
    if provider is None and programme is None:
        return figures["totals"]
    if provider is None:
        return next(b for b in figures["by_programme"] if b["programme_code"] == programme)
    matches = [
        b for b in figures["by_provider"] if b["provider"] == PROVIDERS[provider] and b["programme_code"] == programme
    ]
    assert len(matches) == 1, (PROVIDERS[provider], programme, len(matches))
    return matches[0]


@pytest.mark.parametrize("programme", [JG, FJ, SAI, None])
def test_insatser_gender_ongoing_closed_and_egen_forsorjning_per_programme(figures, programme):
    n, n_share, women, w_share, men, m_share, ongoing, o_share, closed, c_share, egen, e_share, days = PROGRAMME_TABLE[
        programme
    ]
    b = block(figures, programme)
    total = figures["totals"]["insatser"]
    assert (b["insatser"], b["women"], b["men"], b["ongoing"], b["closed"]) == (n, women, men, ongoing, closed)
    assert b["closed_egen_forsorjning"] == egen
    assert percent(b["insatser"], total) == n_share
    assert (percent(b["women"], n), percent(b["men"], n)) == (w_share, m_share)
    assert (percent(b["ongoing"], n), percent(b["closed"], n)) == (o_share, c_share)
    assert percent(b["share_egen_forsorjning"], 1) == e_share
    assert b["share_egen_forsorjning"] == pytest.approx(egen / closed)
    assert b["share_egen_forsorjning_of_all"] == pytest.approx(egen / n)
    assert whole(b["avg_days_to_work_or_studies"]) == days


@pytest.mark.parametrize("programme", [JG, FJ, SAI, None])
def test_age_groups_per_programme(figures, programme):
    counts, shares = AGE_TABLE[programme]
    b = block(figures, programme)
    assert tuple(b["age"][group] for group in AGES) == counts
    assert b["age"]["under 18"] == 0
    assert tuple(percent(b["age"][group], b["insatser"]) for group in AGES) == shares


@pytest.mark.parametrize("programme", [JG, FJ, SAI, None])
def test_duration_extensions_and_planned_exit_per_programme(figures, programme):
    buckets, ongoing, extended, share, t1, t2 = DURATION_TABLE[programme]
    b = block(figures, programme)
    assert tuple(b["duration"][bucket] for bucket in DURATIONS) == buckets
    assert (b["ongoing"], b["ongoing_extended"], percent(extended, ongoing)) == (ongoing, extended, share)
    assert (b["planned_exit"]["T1"], b["planned_exit"]["T2"]) == (t1, t2)
    # The report shows T1 and T2 only: every ongoing insats of the demo falls in one of them.
    assert sum(b["planned_exit"].values()) == ongoing


@pytest.mark.parametrize("programme", [JG, FJ, SAI, None])
def test_exit_reasons_per_programme(figures, programme):
    work, studies, business, changed, authority, other_share, ill, ill_share, other, o_share, moved, m_share = (
        EXIT_TABLE[programme]
    )
    b = block(figures, programme)
    exits, closed = b["exit"], b["closed"]
    assert (exits["arbete"], exits["studier"], exits["eget_foretag"]) == (work, studies, business)
    assert exits["annan_insats"] + exits["byte_anordnare"] == changed
    assert exits["annan_myndighet"] == authority
    assert percent(changed + authority, closed) == other_share
    assert (exits["sjukdom"], exits["annan_orsak"], exits["flytt"]) == (ill, other, moved)
    assert (percent(ill, closed), percent(other, closed), percent(moved, closed)) == (ill_share, o_share, m_share)
    assert sum(exits.values()) == closed
    assert percent(work + studies, closed) == PROGRAMME_TABLE[programme][11]


@pytest.mark.parametrize("index", range(len(PROVIDER_TABLE)))
def test_each_provider_in_total(figures, index):
    n, n_share, w_share, m_share, age_shares, per_programme = PROVIDER_TABLE[index]
    b = block(figures, None, index)
    assert b["insatser"] == n
    assert percent(n, figures["totals"]["insatser"]) == n_share
    assert (percent(b["women"], n), percent(b["men"], n)) == (w_share, m_share)
    assert tuple(percent(b["age"][group], n) for group in AGES) == age_shares
    for programme, count in zip([JG, FJ, SAI], per_programme, strict=True):
        rows = [
            r for r in figures["by_provider"] if r["provider"] == PROVIDERS[index] and r["programme_code"] == programme
        ]
        assert sum(r["insatser"] for r in rows) == count


@pytest.mark.parametrize("programme", [JG, FJ, SAI])
def test_each_providers_share_of_the_programme(figures, programme):
    total = block(figures, programme)["insatser"]
    printed = [(index, percent(block(figures, programme, index)["insatser"], total))
               for index, _ in PROVIDER_SHARE_OF_PROGRAMME[programme]]  # fmt: skip
    assert printed == PROVIDER_SHARE_OF_PROGRAMME[programme]
    listed = {index for index, _ in PROVIDER_SHARE_OF_PROGRAMME[programme]}
    others = [b for b in figures["by_provider"] if b["programme_code"] == programme and b["insatser"]]
    assert {PROVIDERS.index(b["provider"]) for b in others} == listed


@pytest.mark.parametrize("programme", [JG, FJ, SAI])
def test_ongoing_per_provider_with_extensions_and_planned_exit(figures, programme):
    published = ONGOING_BY_PROVIDER[programme]
    for b in figures["by_provider"]:
        if b["programme_code"] != programme:
            continue
        index = PROVIDERS.index(b["provider"])
        ongoing, extended, share, t1, t2 = published.get(index, (0, 0, 0, 0, 0))
        assert (b["ongoing"], b["ongoing_extended"], b["planned_exit"]["T1"], b["planned_exit"]["T2"]) == (
            ongoing,
            extended,
            t1,
            t2,
        ), b["provider"]
        if ongoing:
            assert percent(extended, ongoing) == share


def test_customers_in_total_by_gender_and_with_several_insatser(figures):
    totals = figures["totals"]
    assert (totals["customers"], totals["customers_women"], totals["customers_men"]) == (219, 110, 109)
    assert totals["customers_with_several"] == 20
    assert figures["_women_with_several"] == 10  # "half of them women"


def test_the_five_largest_providers_carried_89_percent(figures):
    largest = sorted((b["insatser"] for b in figures["by_provider"] if b["programme"] is None), reverse=True)[:5]
    assert sum(largest) == 212 and percent(212, 239) == 89
    assert len([b for b in figures["by_provider"] if b["programme"] is None]) == 13


def test_the_trend_holds_2022_and_2023(figures):
    years = {row["year"] for row in figures["trend"]}
    assert {2022, 2023} <= years
    latest = {row["programme"]: row for row in figures["trend"] if row["year"] == 2023}
    total = latest[None]
    assert (total["insatser"], total["customers"]) == (239, 219)
    assert percent(total["share_egen_forsorjning"], 1) == 37
    assert whole(total["avg_days_to_work_or_studies"]) == 339
    earlier = next(row for row in figures["trend"] if row["year"] == 2022 and row["programme"] is None)
    assert earlier["insatser"] > 239 and earlier["customers"] > 219


def test_the_trend_marks_the_years_the_demo_register_holds_only_in_part(figures):
    # The demo's registers are those of 2022 and 2023: of the years before, only insatser still running in 2022.
    marks = {e["year"]: (e["complete"], e["incomplete_reason"]) for e in figures["trend"] if e["programme"] is None}
    assert figures["trend_first_complete_year"] == 2022
    assert {y for y, (complete, _r) in marks.items() if not complete} == {y for y in marks if y < 2022}
    assert {y for y in marks if y < 2022}, "the demo's 2022 register holds insatser started in earlier years"
    assert {marks[y][1] for y in marks if y < 2022} == {"before_register"}
    assert marks[2022] == marks[2023] == (True, None)


def test_the_2022_register_has_the_reviews_count_of_customers_to_19_september(db):
    seed()
    window = Insats.objects.during(date(2022, 1, 1), date(2022, 9, 19))
    assert window.values("customer_id").distinct().count() == 282
    assert window.filter(programme_type__code=JG).values("customer_id").distinct().count() == 30
