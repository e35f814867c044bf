"""Properties of the register statistics on generated registers: the tables add up."""

from datetime import date, timedelta

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analys.core.register_stats import EXIT_CODES, compute_year

Y = 2023
PROGRAMMES = ["jg", "fj", "sai"]
COUNTS = ("insatser", "women", "men", "ongoing", "ongoing_extended", "closed", "closed_egen_forsorjning")
NESTED = ("age", "duration", "exit", "exit_group", "planned_exit")


@st.composite
def insatser(draw):
    start = draw(st.dates(date(2019, 1, 1), date(2023, 12, 31)))
    end = draw(st.one_of(st.none(), st.dates(start, date(2025, 6, 30))))
    planned = draw(st.one_of(st.none(), st.dates(date(2022, 1, 1), date(2026, 1, 1))))
    return {
        "customer": draw(st.sampled_from([f"K{i}" for i in range(12)])),
        "programme": draw(st.sampled_from(PROGRAMMES)),
        "provider": draw(st.sampled_from(["A", "B", "C", "D"])),
        "start": start,
        "end": end,
        "exit_reason": draw(st.sampled_from(EXIT_CODES)) if end else "",
        "extensions": draw(st.integers(0, 3)),
        "gender": draw(st.sampled_from(["kvinna", "man", "annat", ""])),
        "birth_year": draw(st.one_of(st.none(), st.integers(1950, 2010))),
        "planned_end": planned,
    }


def to_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame.from_records([{"id": i + 1, **row} for i, row in enumerate(rows)])
    for column in ("start", "end", "planned_end"):
        df[column] = pd.to_datetime(df[column])
    df["birth_year"] = df["birth_year"].astype("float64")
    return df


def summed(blocks: list[dict]) -> dict:
    result = {key: sum(b[key] for b in blocks) for key in COUNTS}
    for key in NESTED:
        result[key] = {label: sum(b[key][label] for b in blocks) for label in blocks[0][key]}
    return result


def view(block: dict) -> dict:
    return {**{k: block[k] for k in COUNTS}, **{k: block[k] for k in NESTED}}


@settings(max_examples=60, deadline=timedelta(seconds=2))
@given(st.lists(insatser(), min_size=1, max_size=40))
def test_totals_are_the_sum_over_programmes_and_providers_sum_to_programmes(rows):
    stats = compute_year(to_frame(rows), Y, PROGRAMMES)
    programme_blocks = [view(b) for _, b in stats.by_programme]
    assert summed(programme_blocks) == view(stats.totals)

    pairs = [(p, c, view(b)) for p, c, b in stats.by_provider if c is not None]
    for code, block in stats.by_programme:
        own = [b for _, c, b in pairs if c == code]
        assert (summed(own) if own else view(block)) == view(block)
    for provider in {p for p, _, _ in stats.by_provider}:
        whole = next(view(b) for p, c, b in stats.by_provider if p == provider and c is None)
        assert summed([b for p, _, b in pairs if p == provider]) == whole

    # Shares and means follow from the counts they are built on.
    t = stats.totals
    if t["closed"]:
        assert t["share_egen_forsorjning"] == t["closed_egen_forsorjning"] / t["closed"]
    assert t["exit_group"]["egen_forsorjning"] == t["closed_egen_forsorjning"]
    assert sum(t["exit"].values()) == t["closed"]
    assert t["ongoing"] + t["closed"] == t["insatser"] == sum(t["duration"].values())
    assert sum(t["planned_exit"].values()) == t["ongoing"]
    assert t["customers"] <= t["insatser"]
