"""The register's statistics for a year as the JSON of docs/register-statistics.md.

Loads the year's insatser with one query, runs the pure core (`analys.core.register_stats` and
`register_quality`) and shapes the result. A provider's version keeps the totals and the
per-programme figures for all providers, holds only its own rows in `by_provider`, `flags` and
`data_quality`, and describes another provider's insats in a finding without its provider or link.
"""

from __future__ import annotations

import io
import time
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import psycopg
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from analys.core.register_quality import data_quality, flag_columns
from analys.core.register_stats import (
    COLUMNS,
    compute_year,
    during_year,
    empty_frame,
    first_complete_year,
    mark_completeness,
)
from analys.register_trend import start_earlier_trend
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
    if connection.vendor == "postgresql":
        frame = _read_copy(sql, params)
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        frame = pd.DataFrame.from_records(rows, columns=list(COLUMNS)) if rows else None
    if frame is None or frame.empty:
        return empty_frame()
    for column in _DATES:  # dates as objects (SQLite) or as text (COPY): the same unit either way
        frame[column] = pd.to_datetime(frame[column], format="ISO8601").astype("datetime64[s]")
    frame["birth_year"] = pd.to_numeric(frame["birth_year"], errors="coerce").astype("float64")
    frame["extensions"] = frame["extensions"].fillna(0).astype("int64")
    frame["exit_reason"] = frame["exit_reason"].fillna("")
    frame["gender"] = frame["gender"].fillna("")
    return frame


_DATES = ("start", "end", "planned_end")
_TEXT = ("customer", "programme", "provider", "exit_reason", "gender")


def _read_copy(sql: str, params: Any) -> pd.DataFrame:
    """PostgreSQL only: the same query's rows as CSV through COPY, parsed by pandas' C reader.

    A tuple of Python objects per row costs more than the database's own work at 400 000 rows (measured:
    benchmarks/results/register_stats.md). COPY takes no parameters, so they are bound client-side by
    psycopg (`mogrify`, which quotes them). Text keeps every value as text ("" stays "", "NA" stays "NA");
    only the dates and the birth year may be NULL.
    """
    buffer = io.BytesIO()
    started = time.monotonic()
    with connection.cursor() as cursor:
        literal = psycopg.ClientCursor(cursor.cursor.connection).mogrify(sql, params)
        statement = f"COPY ({literal}) TO STDOUT (FORMAT csv)"
        with cursor.cursor.copy(statement) as copy:
            for block in copy:
                buffer.write(block)
    if connection.queries_logged:  # Django's debug cursor does not see COPY: logged as it logs a query
        connection.queries_log.append({"sql": statement, "time": f"{time.monotonic() - started:.3f}"})
    buffer.seek(0)
    if not buffer.getbuffer().nbytes:
        return empty_frame()
    return pd.read_csv(
        buffer,
        header=None,
        names=list(COLUMNS),
        dtype={**dict.fromkeys(_TEXT, str), **dict.fromkeys(_DATES, str), "id": "int64", "extensions": "int64"},
        keep_default_na=False,
        na_values={column: [""] for column in (*_DATES, "birth_year")},
    )


def load_authorisations() -> pd.DataFrame:
    rows = list(Authorisation.objects.values_list("provider__name", "programme_type__code", "valid_from", "valid_to"))
    frame = pd.DataFrame.from_records(rows, columns=["provider", "programme", "valid_from", "valid_to"])
    for column in ("valid_from", "valid_to"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def as_of_date(year: int, today: date | None = None) -> date:
    """Flags are as of 31 Dec for a past year and as of today for the current one."""
    today = today or timezone.localdate()
    return date(year, 12, 31) if year < today.year else today


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


def _described_findings(
    findings: list[dict[str, Any]], rows: pd.DataFrame, names: dict[str, str], provider: Provider | None
) -> list[dict[str, Any]]:
    """The findings with their insatser described; only the rows a finding names are looked at.

    For a provider, only findings that involve one of its insatser; another provider's insats loses its id,
    provider and link.
    """
    counts = [len(finding["insatser"]) for finding in findings]
    flat_ids = [i for finding in findings for i in finding["insatser"]]
    positions = pd.Index(rows["id"].to_numpy()).get_indexer(flat_ids)
    used, inverse = np.unique(positions, return_inverse=True)
    sub = rows.iloc[used]
    url = _url_maker(provider)
    own = [provider is None or name == provider.name for name in sub["provider"].tolist()]
    described_rows = [
        {
            "id": insats_id if mine else None,
            "customer": customer,
            "programme": names.get(code, code),
            "programme_code": code,
            "provider": provider_name if mine else None,
            "start": start,
            "end": end,
            "planned_end": planned,
            "url": url(insats_id) if mine else None,
        }
        for mine, insats_id, customer, code, provider_name, start, end, planned in zip(
            own,
            sub["id"].tolist(),
            sub["customer"].tolist(),
            sub["programme"].tolist(),
            sub["provider"].tolist(),
            _iso_strings(sub["start"]),
            _iso_strings(sub["end"]),
            _iso_strings(sub["planned_end"]),
            strict=True,
        )
    ]
    # The findings are the core's fresh objects: their ids are replaced by the descriptions in place. An insats
    # named by several findings is described by one object (the JSON is the same).
    described = []
    start = 0
    which = inverse.tolist()
    for finding, count in zip(findings, counts, strict=True):
        concerned = which[start : start + count]
        start += count
        if provider is None or any(own[k] for k in concerned):
            finding["insatser"] = [described_rows[k] for k in concerned]
            described.append(finding)
    return described


def _flag_entries(columns: dict[str, list[Any]], names: dict[str, str], provider: Provider | None) -> list[dict]:
    """The flags as the JSON's objects, built in one pass (a national year has well over 100 000)."""
    url = _url_maker(provider)
    return [
        {
            "insats": insats,
            "provider": provider_name,
            "programme": names.get(code, code),
            "start": start,
            "days": days,
            "months": months,
            "level": level,
            "programme_code": code,
            "url": url(insats),
        }
        for insats, provider_name, code, start, days, months, level in zip(
            columns["insats"],
            columns["provider"],
            columns["programme"],
            columns["start"],
            columns["days"],
            columns["months"],
            columns["level"],
            strict=True,
        )
        if provider is None or provider_name == provider.name
    ]


def _block_entry(block: dict[str, Any]) -> dict[str, Any]:
    return dict(block)


def statistics_json(year: int, provider: Provider | None = None, today: date | None = None) -> dict[str, Any]:
    """The year's figures, as documented in docs/register-statistics.md."""
    names = programme_names()
    trend_of_earlier = start_earlier_trend(year, names)
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
    earlier = trend_of_earlier()
    trend = earlier.entries
    for entry in stats.trend:
        code = entry["programme"]
        trend.append({**entry, "programme": names.get(code, code) if code else None, "programme_code": code})
    first_complete = first_complete_year(earlier.summary.first_end, earlier.summary.last_start)
    mark_completeness(trend, first_complete, (today or timezone.localdate()).year)

    flagged = _flag_entries(flag_columns(rows, as_of), names, provider)

    findings = data_quality(rows, year, load_authorisations())
    described = _described_findings(findings, rows, names, provider)

    return {
        "year": year,
        "totals": _block_entry(stats.totals),
        "by_programme": by_programme,
        "by_provider": by_provider,
        "trend": trend,
        "trend_first_complete_year": first_complete,
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
