"""The register's statistics for a year as the JSON of docs/register-statistics.md.

Loads the year's insatser with one query, runs the pure core (`analys.core.register_stats` and
`register_quality`) and shapes the result. A provider's version keeps the totals and the
per-programme figures for all providers, holds only its own rows in `by_provider`, `flags` and
`data_quality`, and describes another provider's insats in a finding without its provider or link.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection
from django.db.models import Avg, Count, F, Min, Q
from django.urls import reverse
from django.utils import timezone

from analys.core.register_quality import data_quality, flags
from analys.core.register_stats import COLUMNS, EXIT_GROUPS, WORK_OR_STUDIES, compute_year, during_year, empty_frame
from register.models import Authorisation, Insats, ProgrammeType, Provider

ALL_PROVIDERS = "all providers"
_FIELDS = (
    "id",
    "customer_id",
    "programme_type__code",
    "provider__name",
    "start_date",
    "end_date",
    "exit_reason",
    "extensions",
    "gender",
    "birth_year",
    "planned_end_date",
)


def load_year(year: int) -> pd.DataFrame:
    """Every insats during the year, for all providers, in one query."""
    queryset = Insats.objects.during_year(year).order_by().values_list(*_FIELDS)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return empty_frame()
    frame = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
    for column in ("start", "end", "planned_end"):
        frame[column] = pd.to_datetime(frame[column], format="ISO8601")
    frame["birth_year"] = pd.to_numeric(frame["birth_year"], errors="coerce").astype("float64")
    frame["extensions"] = frame["extensions"].fillna(0).astype("int64")
    frame["exit_reason"] = frame["exit_reason"].fillna("")
    frame["gender"] = frame["gender"].fillna("")
    return frame


def load_authorisations() -> pd.DataFrame:
    rows = list(Authorisation.objects.values_list("provider__name", "programme_type__code", "valid_from", "valid_to"))
    frame = pd.DataFrame.from_records(rows, columns=["provider", "programme", "valid_from", "valid_to"])
    for column in ("valid_from", "valid_to"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def years_held() -> list[int]:
    """The years from the register's first start date to the current year."""
    first = Insats.objects.aggregate(first=Min("start_date"))["first"]
    this_year = timezone.localdate().year
    if first is None:
        return [this_year]
    return list(range(first.year, max(this_year, first.year) + 1))


def as_of_date(year: int, today: date | None = None) -> date:
    """Flags are as of 31 Dec for a past year and as of today for the current one."""
    today = today or timezone.localdate()
    return date(year, 12, 31) if year < today.year else today


def _during(year: int) -> Q:
    return Q(start_date__lte=date(year, 12, 31)) & (Q(end_date__isnull=True) | Q(end_date__gte=date(year, 1, 1)))


def _closed(year: int) -> Q:
    return Q(end_date__gte=date(year, 1, 1), end_date__lte=date(year, 12, 31))


def earlier_trend(years: list[int], names: dict[str, str]) -> list[dict[str, Any]]:
    """The trend entries of earlier years, counted in the database (two queries, no rows loaded).

    Same definitions as the core's `trend_entries` (a test holds one against the other).
    """
    if not years:
        return []
    aggregates: dict[str, Any] = {}
    for y in years:
        closed = _closed(y)
        aggregates[f"n{y}"] = Count("id", filter=_during(y))
        aggregates[f"c{y}"] = Count("customer_id", filter=_during(y), distinct=True)
        aggregates[f"k{y}"] = Count("id", filter=closed)
        aggregates[f"e{y}"] = Count("id", filter=closed & Q(exit_reason__in=EXIT_GROUPS["egen_forsorjning"]))
        aggregates[f"w{y}"] = Count("id", filter=closed & Q(exit_reason__in=WORK_OR_STUDIES))
        aggregates[f"d{y}"] = Avg(
            F("end_date") - F("start_date"),
            filter=closed & Q(exit_reason__in=WORK_OR_STUDIES),
        )
    scope = Insats.objects.filter(start_date__lte=date(max(years), 12, 31)).order_by()
    per_programme = {
        row["programme_type__code"]: row for row in scope.values("programme_type__code").annotate(**aggregates)
    }
    total = scope.aggregate(**aggregates)
    entries = []
    for y in years:
        groups = [(code, per_programme[code]) for code in names if code in per_programme] + [(None, total)]
        for code, row in groups:
            if not row[f"n{y}"] and code is not None:
                continue
            closed, egen, days = row[f"k{y}"], row[f"e{y}"], row[f"d{y}"]
            entries.append(
                {
                    "year": y,
                    "programme": names.get(code) if code else None,
                    "programme_code": code,
                    "insatser": row[f"n{y}"],
                    "customers": row[f"c{y}"],
                    "share_egen_forsorjning": egen / closed if closed else None,
                    "avg_days_to_work_or_studies": _days(days),
                }
            )
    return entries


def _days(value: Any) -> float | None:
    if value is None:
        return None
    if hasattr(value, "total_seconds"):
        return value.total_seconds() / 86400
    return float(value)


def _start_earlier_trend(years: list[int], names: dict[str, str]) -> Callable[[], list[dict[str, Any]]]:
    """Counts the earlier years' trend in PostgreSQL while this process computes the year.

    On its own connection in a thread, so only outside a transaction (a test's transaction would be
    invisible to it) and only on PostgreSQL; otherwise it runs when its result is asked for.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block or not years:
        return lambda: earlier_trend(years, names)
    result: dict[str, Any] = {}

    def work() -> None:
        try:
            result["trend"] = earlier_trend(years, names)
        except Exception as exc:  # handed to the caller below
            result["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=work, name="register-trend", daemon=True)
    thread.start()

    def wait() -> list[dict[str, Any]]:
        thread.join()
        if "error" in result:
            raise result["error"]
        return result["trend"]

    return wait


def programme_names() -> dict[str, str]:
    """Programme codes to names, in the report's order (the order they were entered)."""
    return dict(ProgrammeType.objects.order_by("pk").values_list("code", "name"))


_PLACEHOLDER = 987654321


def _url_maker(provider: Provider | None):
    """Builds the insats links by substitution: one reverse() per page, not one per insats."""
    if provider is None:
        template = reverse("admin:register_insats_change", args=[_PLACEHOLDER])
    else:
        template = reverse("register:provider_detail", args=[_PLACEHOLDER])
    head, tail = template.split(str(_PLACEHOLDER))
    return lambda insats_id: f"{head}{insats_id}{tail}"


def _iso_strings(series: pd.Series) -> list[str | None]:
    values = series.to_numpy(dtype="datetime64[D]")
    text = np.datetime_as_string(values, unit="D")
    return [None if missing else value for value, missing in zip(text.tolist(), np.isnat(values).tolist(), strict=True)]


class _Describer:
    """Describes insatser of the year by id; another provider's insats loses its id, provider and link."""

    def __init__(self, rows: pd.DataFrame, names: dict[str, str], provider: Provider | None) -> None:
        self.index = pd.Index(rows["id"].to_numpy())
        self.customer = rows["customer"].tolist()
        self.programme = rows["programme"].tolist()
        self.provider_names = rows["provider"].tolist()
        self.start = _iso_strings(rows["start"])
        self.end = _iso_strings(rows["end"])
        self.planned = _iso_strings(rows["planned_end"])
        self.names = names
        self.provider = provider
        self.url = _url_maker(provider)

    def positions(self, ids: list[int]) -> list[int]:
        return self.index.get_indexer(ids).tolist()

    def positions_of_all(self, groups: list[list[int]]) -> list[list[int]]:
        """Positions for many findings with one lookup."""
        flat = self.positions([i for ids in groups for i in ids])
        found, start = [], 0
        for ids in groups:
            found.append(flat[start : start + len(ids)])
            start += len(ids)
        return found

    def own(self, position: int) -> bool:
        return self.provider is None or self.provider_names[position] == self.provider.name

    def describe(self, insats_id: int, position: int) -> dict[str, Any]:
        own = self.own(position)
        code = self.programme[position]
        return {
            "id": insats_id if own else None,
            "customer": self.customer[position],
            "programme": self.names.get(code, code),
            "programme_code": code,
            "provider": self.provider_names[position] if own else None,
            "start": self.start[position],
            "end": self.end[position],
            "planned_end": self.planned[position],
            "url": self.url(insats_id) if own else None,
        }


def _block_entry(block: dict[str, Any]) -> dict[str, Any]:
    return dict(block)


def statistics_json(year: int, provider: Provider | None = None, today: date | None = None) -> dict[str, Any]:
    """The year's figures, as documented in docs/register-statistics.md."""
    names = programme_names()
    trend_of_earlier = _start_earlier_trend([y for y in years_held() if y < year], names)
    frame = load_year(year)
    stats = compute_year(frame, year, list(names))
    rows = during_year(frame, year)
    as_of = as_of_date(year, today)
    by_programme = [
        {"programme": names.get(code, code), "programme_code": code, **_block_entry(block)}
        for code, block in stats.by_programme
    ]
    by_provider = [
        {
            "provider": name,
            "programme": names.get(code, code) if code else None,
            "programme_code": code,
            **_block_entry(block),
        }
        for name, code, block in stats.by_provider
        if provider is None or name == provider.name
    ]
    trend = trend_of_earlier()
    for entry in stats.trend:
        code = entry["programme"]
        trend.append({**entry, "programme": names.get(code, code) if code else None, "programme_code": code})

    flagged = flags(rows, as_of)
    if provider is not None:
        flagged = [flag for flag in flagged if flag["provider"] == provider.name]
    url = _url_maker(provider)
    for flag in flagged:
        flag["programme_code"] = flag["programme"]
        flag["programme"] = names.get(flag["programme"], flag["programme"])
        flag["url"] = url(flag["insats"])

    findings = data_quality(rows, year, load_authorisations())
    describer = _Describer(rows, names, provider)
    described = []
    all_positions = describer.positions_of_all([finding["insatser"] for finding in findings])
    for finding, positions in zip(findings, all_positions, strict=True):
        if provider is not None and not any(describer.own(p) for p in positions):
            continue
        insatser = [describer.describe(i, p) for i, p in zip(finding["insatser"], positions, strict=True)]
        described.append({**finding, "insatser": insatser})

    return {
        "year": year,
        "totals": _block_entry(stats.totals),
        "by_programme": by_programme,
        "by_provider": by_provider,
        "trend": trend,
        "flags": flagged,
        "flags_as_of": as_of.isoformat(),
        "data_quality": described,
        "scope": {
            "provider": provider.name if provider else None,
            "totals": ALL_PROVIDERS,
            "by_programme": ALL_PROVIDERS,
            "trend": ALL_PROVIDERS,
        },
    }
