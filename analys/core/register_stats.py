"""The register's statistics for a year: the tables of the annual report, computed from a frame of insatser.

Plain pandas/numpy, no Django. The frame has one row per insats with the columns

    id           int     the insats's key (findings and flags point to it)
    customer     str     pseudonymous customer id
    programme    str     programme type code
    provider     str     provider name
    start        datetime64  start date
    end          datetime64  end date, NaT while ongoing
    exit_reason  str     one of EXIT_CODES, "" while ongoing
    extensions   int     number of extensions
    gender       str     "kvinna", "man", "annat" or ""
    birth_year   float   NaN when unknown
    planned_end  datetime64  planned end date, NaT when unknown

Rows outside the year are ignored, so a frame may hold more than the year. The definitions
are written out in docs/register-statistics.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

EXIT_CODES = (
    "arbete",
    "studier",
    "eget_foretag",
    "annan_insats",
    "byte_anordnare",
    "annan_myndighet",
    "flytt",
    "sjukdom",
    "annan_orsak",
)
EXIT_GROUPS = {
    "egen_forsorjning": ("arbete", "studier", "eget_foretag"),
    "annan_insats": ("annan_insats", "byte_anordnare", "annan_myndighet"),
    "avbrott": ("flytt", "sjukdom", "annan_orsak"),
}
WORK_OR_STUDIES = ("arbete", "studier")
AGE_GROUPS = ("under 18", "18-24", "25-39", "40-59", "60+")
AGE_LOWER = (0, 18, 25, 40, 60)  # an age falls in the last group whose lower bound it reaches
DURATION_BUCKETS = ("0-100", "101-365", "366-730", ">730")
DURATION_UPPER = (100, 365, 730)  # inclusive upper bounds of the first three buckets
PLANNED_EXIT = ("T1", "T2", "T3", "later", "past", "unknown")
COLUMNS = (
    "id",
    "customer",
    "programme",
    "provider",
    "start",
    "end",
    "exit_reason",
    "extensions",
    "gender",
    "birth_year",
    "planned_end",
)

_EPOCH = np.datetime64("1970-01-01", "D")


def day_number(value: date) -> int:
    return int((np.datetime64(value, "D") - _EPOCH).astype(np.int64))


def _days(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Day numbers and a mask of the known values."""
    values = series.to_numpy(dtype="datetime64[D]")
    known = ~np.isnat(values)
    return values.astype(np.int64), known


def empty_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": pd.Series(dtype="int64"),
            "customer": pd.Series(dtype="object"),
            "programme": pd.Series(dtype="object"),
            "provider": pd.Series(dtype="object"),
            "start": pd.Series(dtype="datetime64[s]"),
            "end": pd.Series(dtype="datetime64[s]"),
            "exit_reason": pd.Series(dtype="object"),
            "extensions": pd.Series(dtype="int64"),
            "gender": pd.Series(dtype="object"),
            "birth_year": pd.Series(dtype="float64"),
            "planned_end": pd.Series(dtype="datetime64[s]"),
        }
    )


@dataclass
class YearRows:
    """The insatser of year Y and the per-row facts every figure is summed from."""

    year: int
    frame: pd.DataFrame
    features: dict[str, np.ndarray]
    days_to_work_or_studies: np.ndarray  # per row, valid where features["work_or_studies"]
    days_so_far: np.ndarray  # per row, to 31 Dec Y (the duration)
    customer_codes: np.ndarray  # per row, the customer as an integer


def during_year(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Insatser during Y: started on or before 31 Dec Y and not ended before 1 Jan Y."""
    start, _ = _days(frame["start"])
    end, ended = _days(frame["end"])
    mask = (start <= day_number(date(year, 12, 31))) & (~ended | (end >= day_number(date(year, 1, 1))))
    return frame.loc[mask].reset_index(drop=True)


def year_rows(frame: pd.DataFrame, year: int) -> YearRows:
    rows = during_year(frame, year)
    dec31 = day_number(date(year, 12, 31))
    start, _ = _days(rows["start"])
    end, ended = _days(rows["end"])
    planned, has_plan = _days(rows["planned_end"])
    reason = rows["exit_reason"].fillna("").to_numpy(dtype=object)
    gender = rows["gender"].fillna("").to_numpy(dtype=object)
    birth = rows["birth_year"].to_numpy(dtype="float64")
    extensions = rows["extensions"].fillna(0).to_numpy(dtype=np.int64)

    ongoing = ~ended | (end > dec31)
    closed = ~ongoing
    f: dict[str, np.ndarray] = {
        "insatser": np.ones(len(rows), dtype=bool),
        "women": gender == "kvinna",
        "men": gender == "man",
        "ongoing": ongoing,
        "ongoing_extended": ongoing & (extensions >= 1),
        "closed": closed,
    }
    for code in EXIT_CODES:
        f[f"exit:{code}"] = closed & (reason == code)
    f["closed_egen_forsorjning"] = closed & np.isin(reason, EXIT_GROUPS["egen_forsorjning"])
    f["work_or_studies"] = closed & np.isin(reason, WORK_OR_STUDIES)

    age = year - birth
    known_age = ~np.isnan(birth)
    bounds = (*AGE_LOWER[1:], np.inf)
    for label, low, high in zip(AGE_GROUPS, AGE_LOWER, bounds, strict=True):
        lower_ok = age >= low if low > 0 else np.ones(len(rows), dtype=bool)
        f[f"age:{label}"] = known_age & lower_ok & (age < high)

    duration = np.where(ongoing, dec31, end) - start
    edges = (-1, *DURATION_UPPER, np.iinfo(np.int64).max)
    for label, low, high in zip(DURATION_BUCKETS, edges[:-1], edges[1:], strict=True):
        f[f"duration:{label}"] = (duration > low) & (duration <= high)

    tertials = [day_number(date(year + 1, m, 1)) for m in (1, 5, 9)] + [day_number(date(year + 2, 1, 1))]
    f["planned:unknown"] = ongoing & ~has_plan
    f["planned:past"] = ongoing & has_plan & (planned <= dec31)
    for label, low, high in zip(("T1", "T2", "T3"), tertials[:-1], tertials[1:], strict=True):
        f[f"planned:{label}"] = ongoing & has_plan & (planned >= low) & (planned < high)
    f["planned:later"] = ongoing & has_plan & (planned >= tertials[-1])

    days_to = np.where(f["work_or_studies"], np.where(ended, end, 0) - start, 0)
    customer_codes, _ = pd.factorize(rows["customer"])
    return YearRows(year, rows, f, days_to.astype(np.float64), duration.astype(np.float64), customer_codes)


def _block(sums: dict[str, Any]) -> dict[str, Any]:
    """One block of the JSON from the summed facts of a group."""
    closed = int(sums["closed"])
    egen = int(sums["closed_egen_forsorjning"])
    insatser = int(sums["insatser"])
    n_ws = int(sums["work_or_studies"])
    return {
        "insatser": insatser,
        "women": int(sums["women"]),
        "men": int(sums["men"]),
        "ongoing": int(sums["ongoing"]),
        "ongoing_extended": int(sums["ongoing_extended"]),
        "closed": closed,
        "closed_egen_forsorjning": egen,
        "share_egen_forsorjning": egen / closed if closed else None,
        "share_egen_forsorjning_of_all": egen / insatser if insatser else None,
        "avg_days_to_work_or_studies": float(sums["days_to_work_or_studies"]) / n_ws if n_ws else None,
        "closed_work_or_studies": n_ws,
        "days_so_far_mean": sums["days_so_far_mean"],
        "days_so_far_median": sums["days_so_far_median"],
        "customers": int(sums["customers"]),
        "age": {label: int(sums[f"age:{label}"]) for label in AGE_GROUPS},
        "duration": {label: int(sums[f"duration:{label}"]) for label in DURATION_BUCKETS},
        "exit": {code: int(sums[f"exit:{code}"]) for code in EXIT_CODES},
        "exit_group": {group: sum(int(sums[f"exit:{code}"]) for code in codes) for group, codes in EXIT_GROUPS.items()},
        "planned_exit": {label: int(sums[f"planned:{label}"]) for label in PLANNED_EXIT},
    }


def _unique_per_group(codes: np.ndarray, customer_codes: np.ndarray, groups: int) -> np.ndarray:
    """Unique customers per group, from integer codes (one sort, no strings)."""
    if not len(codes):
        return np.zeros(groups, dtype=np.int64)
    width = int(customer_codes.max()) + 1
    pairs = np.sort(codes.astype(np.int64) * width + customer_codes)
    distinct = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
    return np.bincount(distinct // width, minlength=groups)


def _none_if_nan(value: float) -> float | None:
    return None if value != value else float(value)


def _grouped_blocks(data: YearRows, keys: list[tuple[np.ndarray, Any]]) -> dict[tuple, dict[str, Any]]:
    """Blocks for every combination of the keys present in the data (an empty key list: one total).

    Each key is given factorised, as (codes, uniques) from `pd.factorize`.
    """
    n = len(data.frame)
    if keys:
        # Combine the keys' integer codes, factorise the combination.
        parts = keys
        combined = np.zeros(n, dtype=np.int64)
        for key_codes, uniques in parts:
            combined = combined * len(uniques) + key_codes
        codes, first_seen = pd.factorize(combined)
        labels: list[tuple[Any, ...]] = []
        for value in first_seen.tolist():
            reversed_label: list[Any] = []
            for _key_codes, uniques in reversed(parts):
                value, position = divmod(value, len(uniques))
                reversed_label.append(uniques[position])
            labels.append(tuple(reversed(reversed_label)))
    else:
        codes = np.zeros(n, dtype=np.int64)
        labels = [()] if n else []
    groups = len(labels)
    sums: dict[str, np.ndarray] = {}
    for name, values in data.features.items():
        sums[name] = np.bincount(codes, weights=values, minlength=groups) if n else np.zeros(groups)
    sums["days_to_work_or_studies"] = np.bincount(
        codes, weights=np.where(data.features["work_or_studies"], data.days_to_work_or_studies, 0.0), minlength=groups
    )
    ongoing = data.features["ongoing"]
    so_far = pd.Series(data.days_so_far[ongoing]).groupby(codes[ongoing])
    mean = so_far.mean().reindex(range(groups))
    median = so_far.median().reindex(range(groups))
    customers = _unique_per_group(codes, data.customer_codes, groups)
    result: dict[tuple, dict[str, Any]] = {}
    for i, label in enumerate(labels):
        group_sums: dict[str, Any] = {name: values[i] for name, values in sums.items()}
        group_sums["days_so_far_mean"] = _none_if_nan(mean.iloc[i])
        group_sums["days_so_far_median"] = _none_if_nan(median.iloc[i])
        group_sums["customers"] = customers[i]
        result[label] = _block(group_sums)
    return result


def empty_block() -> dict[str, Any]:
    zero: dict[str, Any] = {
        name: 0 for name in ("insatser", "closed", "closed_egen_forsorjning", "work_or_studies", "women", "men")
    }
    zero.update({"ongoing": 0, "ongoing_extended": 0, "days_to_work_or_studies": 0.0, "customers": 0})
    zero.update({"days_so_far_mean": None, "days_so_far_median": None})
    for label in AGE_GROUPS:
        zero[f"age:{label}"] = 0
    for label in DURATION_BUCKETS:
        zero[f"duration:{label}"] = 0
    for code in EXIT_CODES:
        zero[f"exit:{code}"] = 0
    for label in PLANNED_EXIT:
        zero[f"planned:{label}"] = 0
    return _block(zero)


@dataclass
class YearStatistics:
    year: int
    totals: dict[str, Any]
    by_programme: list[tuple[str, dict[str, Any]]]
    by_provider: list[tuple[str, str | None, dict[str, Any]]]
    trend: list[dict[str, Any]] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)
    data_quality: list[dict[str, Any]] = field(default_factory=list)


def customer_totals(rows: pd.DataFrame, customer_codes: np.ndarray | None = None) -> dict[str, int]:
    """Unique customers in total and by gender, and those with more than one insats in the year.

    From integer codes of the customers (`pd.factorize`, -1 for a missing one, which counts as no customer).
    """
    codes = pd.factorize(rows["customer"])[0] if customer_codes is None else customer_codes
    gender = rows["gender"].fillna("").to_numpy(dtype=object)
    known = codes >= 0
    width = int(codes.max()) + 1 if len(codes) else 0

    def unique(mask: np.ndarray) -> int:
        return int(np.count_nonzero(np.bincount(codes[mask & known], minlength=width)))

    per_customer = np.bincount(codes[known], minlength=width)
    return {
        "customers": int(np.count_nonzero(per_customer)),
        "customers_women": unique(gender == "kvinna"),
        "customers_men": unique(gender == "man"),
        "customers_with_several": int(np.count_nonzero(per_customer > 1)),
    }


def compute_year(frame: pd.DataFrame, year: int, programmes: Sequence[str] = ()) -> YearStatistics:
    """Every table for year Y: totals, per programme, per provider and per provider × programme.

    `programmes` gives the order of the programme rows (the report's order); every programme in it
    gets a row, with zeros when it had no insatser, and programmes found only in the data follow.
    Providers come in the report's order: most insatser first, then by name.
    """
    data = year_rows(frame, year)
    programme = pd.factorize(data.frame["programme"].to_numpy(dtype=object))
    provider = pd.factorize(data.frame["provider"].to_numpy(dtype=object))
    total = _grouped_blocks(data, []).get((), empty_block())
    total.update(customer_totals(data.frame, data.customer_codes))
    per_programme = _grouped_blocks(data, [programme])
    order = list(programmes) + sorted({p for (p,) in per_programme} - set(programmes))
    by_programme = [(code, per_programme.get((code,), empty_block())) for code in order]
    per_provider = _grouped_blocks(data, [provider])
    per_pair = _grouped_blocks(data, [provider, programme])
    providers = sorted(per_provider, key=lambda key: (-per_provider[key]["insatser"], str(key[0])))
    by_provider: list[tuple[str, str | None, dict[str, Any]]] = []
    for (name,) in providers:
        by_provider.append((name, None, per_provider[(name,)]))
        for code in order:
            if (name, code) in per_pair:
                by_provider.append((name, code, per_pair[(name, code)]))
    trend = trend_entries(data, by_programme, total)
    return YearStatistics(year, total, by_programme, by_provider, trend)


def trend_entries(
    data: YearRows, by_programme: list[tuple[str, dict[str, Any]]], total: dict[str, Any]
) -> list[dict[str, Any]]:
    """The year's entries of the trend: per programme with insatser, then all programmes (programme None)."""
    entries = []
    for code, block in [*by_programme, (None, total)]:
        if code is not None and not block["insatser"]:
            continue
        entries.append(
            {
                "year": data.year,
                "programme": code,
                "insatser": block["insatser"],
                "customers": block["customers"],
                "share_egen_forsorjning": block["share_egen_forsorjning"],
                "avg_days_to_work_or_studies": block["avg_days_to_work_or_studies"],
            }
        )
    return entries


def trend(frame: pd.DataFrame, years: Sequence[int], programmes: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The trend over several years from one frame holding them all (the reference for the SQL trend)."""
    entries: list[dict[str, Any]] = []
    for year in years:
        entries.extend(compute_year(frame, year, programmes).trend)
    return entries


# Why a year of the trend is incomplete (docs/definitions.md, "Complete years of the trend").
BEFORE_REGISTER = "before_register"  # before the register's first complete year
IN_PROGRESS = "in_progress"  # the year is not over


def first_complete_year(first_end: date | None, last_start: date | None) -> int | None:
    """The first year the register holds completely: the year of its earliest end date.

    A register is read from yearly extracts, each listing every insats during its year, so the
    earliest extract's year is the first in which the register holds closed insatser; for the
    years before it the register holds only the insatser still running then. Without any closed
    insats, the year of the latest start (the only extract's year). None: an empty register.
    """
    if first_end is not None:
        return first_end.year
    return last_start.year if last_start is not None else None


def incomplete_reason(year: int, first_complete: int | None, current_year: int) -> str | None:
    """None for a complete year; else why not: the year is not over, or it is before the first complete year."""
    if year >= current_year:
        return IN_PROGRESS
    if first_complete is not None and year < first_complete:
        return BEFORE_REGISTER
    return None


def mark_completeness(entries: list[dict[str, Any]], first_complete: int | None, current_year: int) -> None:
    """Adds `complete` and `incomplete_reason` beside the year of every trend entry."""
    for entry in entries:
        reason = incomplete_reason(entry["year"], first_complete, current_year)
        entry["complete"] = reason is None
        entry["incomplete_reason"] = reason
