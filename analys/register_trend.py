"""The register statistics' trend over the earlier years, and its cache.

The earlier years' counts are counted in the database (`trend_counts`) and kept in
`RegisterTrendCache` under a fingerprint of the whole register (`register_summary`), so any change
to the register, by import, admin or plain SQL, makes them count again. The year asked for is
computed by `analys.register_statistics` from its rows.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Avg, Count, F, Min, Q
from django.utils import timezone

from analys.core.register_stats import EXIT_GROUPS, WORK_OR_STUDIES
from analys.models import RegisterTrendCache
from register.models import Insats, ProgrammeType


def _during(year: int) -> Q:
    return Q(start_date__lte=date(year, 12, 31)) & (Q(end_date__isnull=True) | Q(end_date__gte=date(year, 1, 1)))


def _closed(year: int) -> Q:
    return Q(end_date__gte=date(year, 1, 1), end_date__lte=date(year, 12, 31))


_ALL = "*"  # the counts' key for all programme types together


def trend_counts(years: list[int]) -> dict[str, dict[str, dict[str, Any]]]:
    """The trend's counts of the given years, counted in the database (two queries, no rows loaded):
    {year: {programme code or "*": {"n", "c", "k", "e", "d"}}} (insatser, customers, closed, closed to
    egen försörjning, average days to work or studies). Same definitions as the core's `trend_entries`
    (a test holds one against the other). JSON-ready, for the cache."""
    if not years:
        return {}
    if connection.vendor == "postgresql":
        return _trend_counts_postgresql(years)
    aggregates: dict[str, Any] = {}
    for y in years:
        closed = _closed(y)
        aggregates[f"n{y}"] = Count("id", filter=_during(y))
        aggregates[f"c{y}"] = Count("customer_id", filter=_during(y), distinct=True)
        aggregates[f"k{y}"] = Count("id", filter=closed)
        aggregates[f"e{y}"] = Count("id", filter=closed & Q(exit_reason__in=EXIT_GROUPS["egen_forsorjning"]))
        aggregates[f"d{y}"] = Avg(
            F("end_date") - F("start_date"),
            filter=closed & Q(exit_reason__in=WORK_OR_STUDIES),
        )
    scope = Insats.objects.filter(start_date__lte=date(max(years), 12, 31)).order_by()
    rows = {row["programme_type__code"]: row for row in scope.values("programme_type__code").annotate(**aggregates)}
    rows[_ALL] = scope.aggregate(**aggregates)
    return {
        str(y): {
            code: {key: row[f"{key}{y}"] for key in "ncke"} | {"d": _days(row[f"d{y}"])}
            for code, row in rows.items()
            if row[f"n{y}"] or code == _ALL
        }
        for y in years
    }


def _trend_counts_postgresql(years: list[int]) -> dict[str, dict[str, dict[str, Any]]]:
    """PostgreSQL only: `trend_counts` in one scan. Each insats is repeated for every year it is during
    (generate_series from its start year to its end year, or the last year while open), then counted per
    year and programme type and per year (GROUPING SETS). The days are summed as integers and divided
    here, as the core divides them."""
    insats = connection.ops.quote_name(Insats._meta.db_table)
    programme = connection.ops.quote_name(ProgrammeType._meta.db_table)
    first, last = min(years), max(years)
    egen = ", ".join(["%s"] * len(EXIT_GROUPS["egen_forsorjning"]))
    work = ", ".join(["%s"] * len(WORK_OR_STUDIES))
    sql = f"""
        WITH spans AS (
            SELECT i.customer_id AS customer, p.code AS code, g.year AS year, i.exit_reason AS reason,
                   (i.end_date IS NOT NULL AND EXTRACT(YEAR FROM i.end_date)::int = g.year) AS closed,
                   i.end_date - i.start_date AS days
            FROM {insats} i
            JOIN {programme} p ON p.id = i.programme_type_id
            CROSS JOIN LATERAL generate_series(
                GREATEST(EXTRACT(YEAR FROM i.start_date)::int, %s),
                LEAST(COALESCE(EXTRACT(YEAR FROM i.end_date)::int, %s), %s)
            ) AS g(year)
            WHERE i.start_date <= %s AND (i.end_date IS NULL OR i.end_date >= %s)
        )
        SELECT year, code, GROUPING(code), COUNT(*), COUNT(DISTINCT customer),
               COUNT(*) FILTER (WHERE closed),
               COUNT(*) FILTER (WHERE closed AND reason IN ({egen})),
               COUNT(*) FILTER (WHERE closed AND reason IN ({work})),
               SUM(days) FILTER (WHERE closed AND reason IN ({work}))
        FROM spans
        GROUP BY GROUPING SETS ((year, code), (year))
    """  # noqa: S608 (names and placeholders only)
    params: list[Any] = [
        first,
        last,
        last,
        date(last, 12, 31),
        date(first, 1, 1),
        *EXIT_GROUPS["egen_forsorjning"],
        *WORK_OR_STUDIES,
        *WORK_OR_STUDIES,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counts: dict[str, dict[str, dict[str, Any]]] = {str(y): {} for y in years}
    for year, code, is_total, n, c, k, e, w, d in rows:
        if str(year) in counts:
            counts[str(year)][_ALL if is_total else code] = {
                "n": n,
                "c": c,
                "k": k,
                "e": e,
                "d": float(d) / w if w else None,
            }
    for per_code in counts.values():
        per_code.setdefault(_ALL, {"n": 0, "c": 0, "k": 0, "e": 0, "d": None})
    return counts


def trend_from_counts(
    counts: dict[str, dict[str, dict[str, Any]]], years: list[int], names: dict[str, str]
) -> list[dict[str, Any]]:
    """The trend entries of the years: per programme type with insatser (in `names` order), then the total."""
    entries = []
    for y in years:
        per_code = counts.get(str(y), {})
        groups: list[tuple[str | None, dict[str, Any]]] = [(code, per_code[code]) for code in names if code in per_code]
        groups.append((None, per_code.get(_ALL, {"n": 0, "c": 0, "k": 0, "e": 0, "d": None})))
        for code, row in groups:
            entries.append(
                {
                    "year": y,
                    "programme": names.get(code) if code else None,
                    "programme_code": code,
                    "insatser": row["n"],
                    "customers": row["c"],
                    "share_egen_forsorjning": row["e"] / row["k"] if row["k"] else None,
                    "avg_days_to_work_or_studies": row["d"],
                }
            )
    return entries


def earlier_trend(years: list[int], names: dict[str, str]) -> list[dict[str, Any]]:
    """The trend entries of earlier years, counted in the database now (no cache)."""
    return trend_from_counts(trend_counts(years), years, names)


def _days(value: Any) -> float | None:
    if value is None:
        return None
    if hasattr(value, "total_seconds"):
        return value.total_seconds() / 86400
    return float(value)


@dataclass(frozen=True)
class RegisterSummary:
    """What the statistics need to know of the whole register: its span and, on PostgreSQL, a fingerprint."""

    first_start: date | None
    last_start: date | None
    first_end: date | None
    fingerprint: str | None  # None: no trend cache (SQLite)


def register_summary() -> RegisterSummary:
    """One scan of the register: first and last start, first end and, on PostgreSQL, a fingerprint of every
    value the trend counts (customer, programme type, start, end, exit reason), summed over the rows."""
    table = connection.ops.quote_name(Insats._meta.db_table)
    span = "MIN(start_date), MAX(start_date), MIN(end_date), COUNT(*)"
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {span} FROM {table}")  # noqa: S608 (names only)
            first, last, first_end, _count = cursor.fetchone()
        return RegisterSummary(_as_date(first), _as_date(last), _as_date(first_end), None)
    # PostgreSQL only: hashtextextended. A change to any row changes the sum (but for a 2^-64 chance).
    row_hash = (
        "hashtextextended(customer_id || '|' || programme_type_id || '|' || start_date || '|' || "
        "COALESCE(end_date::text, '') || '|' || exit_reason, 0)::numeric"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {span}, COALESCE(SUM({row_hash}), 0) FROM {table}")  # noqa: S608 (names only)
        first, last, first_end, count, hashed = cursor.fetchone()
    programmes = list(ProgrammeType.objects.order_by("pk").values_list("pk", "code"))
    fingerprint = f"{count}:{hashed}:{hash_text(repr(programmes))}"
    return RegisterSummary(first, last, first_end, fingerprint)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def hash_text(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def years_held(summary: RegisterSummary | None = None) -> list[int]:
    """The years from the register's first start date to the current year."""
    if summary is None:
        first = Insats.objects.aggregate(first=Min("start_date"))["first"]
    else:
        first = summary.first_start
    this_year = timezone.localdate().year
    if first is None:
        return [this_year]
    return list(range(first.year, max(this_year, first.year) + 1))


_CACHE_KEEP = 3  # fingerprints kept (the latest registers)


def _cached_counts(summary: RegisterSummary, years: list[int]) -> tuple[dict[str, Any], list[int] | None]:
    """The counts of `years` from the cache when it holds them for this very register; else counted for
    every year the register holds (so the next year asked for is there too), with those years to keep."""
    if summary.fingerprint is not None:
        found = RegisterTrendCache.objects.filter(fingerprint=summary.fingerprint).first()
        if found is not None and set(years) <= set(found.years):
            return found.counts, None
    every_year = sorted(set(years) | set(years_held(summary)))
    return trend_counts(every_year), every_year


def _keep(summary: RegisterSummary, years: list[int], counts: dict[str, Any]) -> None:
    if summary.fingerprint is None:
        return
    RegisterTrendCache.objects.update_or_create(
        fingerprint=summary.fingerprint, defaults={"years": years, "counts": counts}
    )
    stale = RegisterTrendCache.objects.order_by("-created", "-pk").values_list("pk", flat=True)[_CACHE_KEEP:]
    RegisterTrendCache.objects.filter(pk__in=list(stale)).delete()


@dataclass
class _Trend:
    summary: RegisterSummary
    entries: list[dict[str, Any]]


def _trend_of_earlier(year: int, names: dict[str, str]) -> _Trend:
    """The register's summary and the earlier years' trend, read from one snapshot of the register.

    On PostgreSQL outside a transaction, the summary and the counts are read in one REPEATABLE READ
    transaction, so counts are never kept under the fingerprint of a register they were not counted from.
    """
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic() if snapshot else contextlib.nullcontext():
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        summary = register_summary()
        years = [y for y in years_held(summary) if y < year]
        counts, counted_years = _cached_counts(summary, years)
    if counted_years is not None:
        _keep(summary, counted_years, counts)
    return _Trend(summary, trend_from_counts(counts, years, names))


def start_earlier_trend(year: int, names: dict[str, str]) -> Callable[[], _Trend]:
    """Reads the register's summary and the earlier years' trend while this process loads and computes the year.

    On its own connection in a thread, so only outside a transaction (a test's transaction would be
    invisible to it) and only on PostgreSQL; otherwise it runs when its result is asked for.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return lambda: _trend_of_earlier(year, names)
    result: dict[str, Any] = {}

    def work() -> None:
        try:
            result["trend"] = _trend_of_earlier(year, names)
        except Exception as exc:  # handed to the caller below
            result["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=work, name="register-trend", daemon=True)
    thread.start()

    def wait() -> _Trend:
        thread.join()
        if "error" in result:
            raise result["error"]
        return result["trend"]

    return wait
