"""Flags on long ongoing insatser and the register's data-quality findings. Plain pandas/numpy.

The frame is the one `register_stats` takes (see its docstring); authorisations are a frame with
`provider`, `programme`, `valid_from` and `valid_to` (NaT: still valid).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from .register_stats import _days, day_number

FLAG_LEVELS = ((12, "red"), (6, "yellow"), (3, "green"))  # highest first
MIN_AGE_AT_START = 16
MAX_AGE_AT_START = 66
OPEN = 10**9  # a day number far beyond any date: how far an insats without an end date reaches
FINDING_KINDS = (
    "overlap",
    "earlier_left_open",
    "missing_gender",
    "missing_birth_year",
    "age_out_of_range",
    "planned_end_before_start",
    "not_authorised",
)


def add_months(days: np.ndarray, months: int) -> np.ndarray:
    """Day numbers moved on by calendar months; a day past the target month's end becomes its last day."""
    as_date = days.astype("datetime64[D]")
    month = as_date.astype("datetime64[M]")
    offset = (as_date - month.astype("datetime64[D]")).astype(np.int64)
    target = month + months
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(np.int64)
    return (target.astype("datetime64[D]") + np.minimum(offset, length - 1)).astype(np.int64)


def flag_columns(frame: pd.DataFrame, as_of: date) -> dict[str, list[Any]]:
    """The flags as columns (`flags` has them as rows), in the same order: longest first, then by id."""
    today = day_number(as_of)
    start, _ = _days(frame["start"])
    end, ended = _days(frame["end"])
    ongoing = (start <= today) & (~ended | (end > today))
    start_ongoing = start[ongoing]
    level = np.full(len(start_ongoing), "", dtype=object)
    months = np.zeros(len(start_ongoing), dtype=np.int64)
    for count, name in reversed(FLAG_LEVELS):
        past = today > add_months(start_ongoing, count)
        level[past] = name
        months[past] = count
    keep = level != ""
    rows = frame.loc[ongoing].loc[keep]
    begin = start_ongoing[keep]
    days = today - begin
    ids = rows["id"].to_numpy(dtype=np.int64)
    order = np.lexsort((ids, -days))
    return {
        "insats": ids[order].tolist(),
        "provider": rows["provider"].to_numpy(dtype=object)[order].tolist(),
        "programme": rows["programme"].to_numpy(dtype=object)[order].tolist(),
        "start": np.datetime_as_string(begin[order].astype("datetime64[D]"), unit="D").tolist(),
        "days": days[order].tolist(),
        "months": months[keep][order].tolist(),
        "level": level[keep][order].tolist(),
    }


def flags(frame: pd.DataFrame, as_of: date) -> list[dict[str, Any]]:
    """Insatser ongoing at `as_of` that are past 3 (green), 6 (yellow) or 12 (red) calendar months from the start.

    "Past N months" means `as_of` is after the day N calendar months from the start.
    """
    columns = flag_columns(frame, as_of)
    keys = list(columns)
    return [dict(zip(keys, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def _finding(kind: str, ids: list[int], **details: Any) -> dict[str, Any]:
    return {"kind": kind, "insatser": ids, **details}


def _customer_pairs(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Overlaps and earlier insatser left open, customer by customer, in one pass over sorted rows.

    Each insats is compared with the one of the same customer that reaches furthest so far (an open
    one reaches furthest of all): a later start before that end is an overlap; while that one is
    still open, it is an earlier insats left without an end date. A handover on the same day is no overlap.
    """
    if frame.empty:
        return []
    start, _ = _days(frame["start"])
    end, ended = _days(frame["end"])
    reach = np.where(ended, end, OPEN)
    # Customers as integer codes: the findings are sorted at the end, so only the order within a customer matters.
    codes = pd.factorize(frame["customer"])[0]
    order = np.lexsort((frame["id"].to_numpy(), start, codes))
    customer = codes[order]
    ids = frame["id"].to_numpy(dtype=np.int64)[order]
    start, reach = start[order], reach[order]
    table = pd.DataFrame({"customer": customer, "reach": reach, "id": ids})
    several = table["customer"].duplicated(keep=False).to_numpy()
    table, start = table[several], start[several]
    if table.empty:
        return []
    group = table.groupby("customer", sort=False)
    furthest = group["reach"].cummax()
    holder = table["id"].where(table["reach"].to_numpy() == furthest.to_numpy())
    holder = holder.groupby(table["customer"], sort=False).ffill()
    previous_reach = furthest.groupby(table["customer"], sort=False).shift(1)
    previous_holder = holder.groupby(table["customer"], sort=False).shift(1)
    has_previous = previous_reach.notna().to_numpy()
    previous_reach = previous_reach.fillna(0).to_numpy(dtype=np.int64)
    open_before = has_previous & (previous_reach == OPEN)
    overlap = has_previous & ~open_before & (start < previous_reach)
    findings: list[dict[str, Any]] = []
    later_ids = table["id"].to_numpy(dtype=np.int64)
    holders = previous_holder.to_numpy(dtype="float64")
    for mask, kind in ((open_before, "earlier_left_open"), (overlap, "overlap")):
        earlier, later = holders[mask].astype(np.int64), later_ids[mask]
        order = np.lexsort((later, earlier))  # the findings' order: by the ids they name
        findings.extend(
            {"kind": kind, "insatser": [a, b]}
            for a, b in zip(earlier[order].tolist(), later[order].tolist(), strict=True)
        )
    return findings


def _authorisation_findings(frame: pd.DataFrame, authorisations: pd.DataFrame, year: int) -> list[dict[str, Any]]:
    """An insats is authorised when one authorisation of its provider and programme covers it within the year:
    from its start (or 1 Jan) to its end (or 31 Dec). Without any authorisations recorded, nothing is checked."""
    if authorisations is None or authorisations.empty or frame.empty:
        return []
    start, _ = _days(frame["start"])
    end, ended = _days(frame["end"])
    first = np.maximum(start, day_number(date(year, 1, 1)))
    last = np.minimum(np.where(ended, end, OPEN), day_number(date(year, 12, 31)))
    rows = pd.DataFrame(
        {"id": frame["id"].to_numpy(), "provider": frame["provider"], "programme": frame["programme"]}
    ).assign(first=first, last=last)
    valid_from, _ = _days(authorisations["valid_from"])
    valid_to, has_to = _days(authorisations["valid_to"])
    auth = pd.DataFrame(
        {
            "provider": authorisations["provider"].to_numpy(),
            "programme": authorisations["programme"].to_numpy(),
            "valid_from": valid_from,
            "valid_to": np.where(has_to, valid_to, OPEN),
        }
    )
    joined = rows.merge(auth, on=["provider", "programme"], how="left")
    covered = (joined["valid_from"] <= joined["first"]) & (joined["valid_to"] >= joined["last"])
    ok = set(joined.loc[covered.fillna(False), "id"].tolist())
    return [_finding("not_authorised", [i]) for i in sorted(int(i) for i in rows["id"]) if i not in ok]


def data_quality(frame: pd.DataFrame, year: int, authorisations: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """Every finding for the year's insatser, each naming the insatser (ids) it concerns."""
    ids = frame["id"].to_numpy(dtype=np.int64)
    gender = frame["gender"].fillna("").to_numpy(dtype=object)
    birth = frame["birth_year"].to_numpy(dtype="float64")
    start, _ = _days(frame["start"])
    planned, has_plan = _days(frame["planned_end"])
    start_year = frame["start"].dt.year.to_numpy(dtype="float64")
    age = start_year - birth
    out_of_range = ~np.isnan(age) & ((age < MIN_AGE_AT_START) | (age > MAX_AGE_AT_START))
    by_kind: dict[str, list[dict[str, Any]]] = {kind: [] for kind in FINDING_KINDS}
    for finding in _customer_pairs(frame):
        by_kind[finding["kind"]].append(finding)
    for kind, mask in (
        ("missing_gender", gender == ""),
        ("missing_birth_year", np.isnan(birth)),
        ("planned_end_before_start", has_plan & (planned < start)),
    ):
        by_kind[kind] = [{"kind": kind, "insatser": [i]} for i in np.sort(ids[mask]).tolist()]
    order = np.argsort(ids[out_of_range], kind="stable")
    by_kind["age_out_of_range"] = [
        {"kind": "age_out_of_range", "insatser": [i], "age": int(a)}
        for i, a in zip(ids[out_of_range][order].tolist(), age[out_of_range][order].tolist(), strict=True)
    ]
    by_kind["not_authorised"] = _authorisation_findings(frame, authorisations, year)
    # In the order of FINDING_KINDS, each kind by the ids it names.
    findings = [finding for kind in FINDING_KINDS for finding in by_kind[kind]]
    return findings
