"""Import the register of insatser from a spreadsheet: validate everything, then write atomically."""

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.table_reader import Columns, paused_gc
from common.tabular import RowError, Table
from register.models import ExitReason, Gender, Insats, ProgrammeType, Provider

COLUMNS = [
    "kund_id",
    "insatstyp",
    "anordnare",
    "startdatum",
    "slutdatum",
    "avslutsorsak",
    "forlangningar",
    "kon",
    "fodelsear",
]
# The longest value each column may hold, by the model it goes into.
READ_COLUMNS = Columns(
    limits={
        "kund_id": Insats._meta.get_field("customer_id").max_length,
        "insatstyp": ProgrammeType._meta.get_field("name").max_length,
        "anordnare": Provider._meta.get_field("name").max_length,
    }
)
# Looked up once: Django computes an enum's .values afresh on every access (a national register has 200 000 rows).
_EXIT_REASONS = frozenset(ExitReason.values)
_GENDERS = frozenset(Gender.values)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class ParsedRow:
    row: int
    customer_id: str
    programme_type: ProgrammeType
    provider_name: str
    start_date: date
    end_date: date | None
    exit_reason: str
    extensions: int
    gender: str
    birth_year: int | None


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    unknown_providers: list[str] = field(default_factory=list)
    rows: list[ParsedRow] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    providers_created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.unknown_providers


@lru_cache(maxsize=65536)  # a register holds a few thousand distinct dates in many rows
def _parse_date(value: str) -> date | None:
    if not _DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _programme_lookup() -> dict[str, ProgrammeType]:
    lookup: dict[str, ProgrammeType] = {}
    for programme in ProgrammeType.objects.all():
        lookup[programme.name.casefold()] = programme
        lookup[programme.code.casefold()] = programme
    return lookup


def parse_rows(table: Table) -> ImportResult:
    """Check every row; collect every error at once."""
    result = ImportResult()
    missing = table.missing_columns(COLUMNS)
    if missing:
        for column in missing:
            result.errors.append(RowError(1, column, _("The column is missing.")))
        return result
    programmes = _programme_lookup()
    seen: dict[tuple, int] = {}
    this_year = timezone.localdate().year
    for number, raw in table.rows:
        errors: list[RowError] = []

        def err(column: str, message: str, errors: list[RowError] = errors, number: int = number) -> None:
            errors.append(RowError(number, column, message))

        customer_id = raw["kund_id"]
        if not customer_id:
            err("kund_id", _("A customer id is required."))
        elif len(customer_id) > 64:
            err("kund_id", _("The customer id is longer than 64 characters."))
        programme = programmes.get(raw["insatstyp"].casefold())
        if programme is None:
            err("insatstyp", _("Unknown programme type “%(value)s”.") % {"value": raw["insatstyp"]})
        provider_name = raw["anordnare"]
        if not provider_name:
            err("anordnare", _("A provider is required."))
        start = _parse_date(raw["startdatum"])
        if start is None:
            err("startdatum", _("“%(value)s” is not a date in the form YYYY-MM-DD.") % {"value": raw["startdatum"]})
        end = None
        if raw["slutdatum"]:
            end = _parse_date(raw["slutdatum"])
            if end is None:
                err("slutdatum", _("“%(value)s” is not a date in the form YYYY-MM-DD.") % {"value": raw["slutdatum"]})
            elif start is not None and end < start:
                err("slutdatum", _("The end date is before the start date."))
        reason = raw["avslutsorsak"].strip().lower()
        if reason and reason not in _EXIT_REASONS:
            err(
                "avslutsorsak",
                _("Unknown exit reason “%(value)s”; use one of %(codes)s.")
                % {"value": raw["avslutsorsak"], "codes": ", ".join(ExitReason.values)},
            )
        elif raw["slutdatum"] and not reason:
            err("avslutsorsak", _("An exit reason is required when the end date is set."))
        elif reason and not raw["slutdatum"]:
            err("avslutsorsak", _("An exit reason must be empty while the programme is ongoing."))
        extensions = 0
        if raw["forlangningar"]:
            if raw["forlangningar"].isdigit() and int(raw["forlangningar"]) < 1000:
                extensions = int(raw["forlangningar"])
            else:
                err("forlangningar", _("“%(value)s” is not a whole number.") % {"value": raw["forlangningar"]})
        gender = raw["kon"].strip().lower()
        if gender and gender not in _GENDERS:
            err("kon", _("“%(value)s” is not one of kvinna, man, annat or empty.") % {"value": raw["kon"]})
        birth_year = None
        if raw["fodelsear"]:
            value = raw["fodelsear"]
            if len(value) == 4 and value.isdigit() and 1900 <= int(value) <= this_year:
                birth_year = int(value)
            else:
                err("fodelsear", _("“%(value)s” is not a four-digit year.") % {"value": value})
        if not errors and programme and start:
            key = (customer_id, programme.pk, provider_name.casefold(), start)
            if key in seen:
                err("kund_id", _("The same programme is also on row %(row)s.") % {"row": seen[key]})
            seen[key] = number
        if errors:
            result.errors.extend(errors)
            continue
        result.rows.append(
            ParsedRow(number, customer_id, programme, provider_name, start, end, reason, extensions, gender, birth_year)
        )
    known = {p.name.casefold() for p in Provider.objects.all()}
    result.unknown_providers = sorted({r.provider_name for r in result.rows if r.provider_name.casefold() not in known})
    return result


def import_register(table: Table, *, dry_run: bool = False, create_providers: bool = False) -> ImportResult:
    """Validate the whole table; write nothing unless every row is good.

    The rows are compared with the register in one query and written in batches, so a
    national register (200 000 rows) is checked and imported within a web request.
    """
    with paused_gc():
        return _import(table, dry_run, create_providers)


def _import(table: Table, dry_run: bool, create_providers: bool) -> ImportResult:
    result = parse_rows(table)
    if result.errors:
        return result
    if result.unknown_providers and not create_providers:
        return result
    with transaction.atomic():
        if dry_run:
            result.providers_created = len(result.unknown_providers)
        else:
            Provider.objects.bulk_create([Provider(name=name) for name in result.unknown_providers])
            result.providers_created = len(result.unknown_providers)
        result.unknown_providers = []
        _write(result, dry_run)
    return result


def _write(result: ImportResult, dry_run: bool) -> None:
    providers = {p.name.casefold(): p.pk for p in Provider.objects.all()}
    wanted = {
        providers[row.provider_name.casefold()] for row in result.rows if row.provider_name.casefold() in providers
    }
    existing = _existing(sorted(wanted), lock=not dry_run)
    to_create: list[tuple[ParsedRow, int | None]] = []
    to_update: list[tuple[ParsedRow, int]] = []
    for row in result.rows:
        provider_id = providers.get(row.provider_name.casefold())  # None: a provider to be created (dry run)
        found = existing.get((row.customer_id, row.programme_type.pk, provider_id, row.start_date.isoformat()))
        end = row.end_date.isoformat() if row.end_date else None
        if found is None:
            to_create.append((row, provider_id))
        elif found[1:] != (end, row.exit_reason, row.extensions, row.gender, row.birth_year):
            to_update.append((row, found[0]))
        else:
            result.unchanged += 1
    result.created, result.updated = len(to_create), len(to_update)
    if dry_run:
        return
    _insert([(row, provider_id) for row, provider_id in to_create])
    _update(to_update)


# Plain batched statements: the ORM's per-object work cost ten times the database's own at 200 000 rows.
_BATCH = 5000


def _row_values(row: ParsedRow) -> tuple:
    end = row.end_date.isoformat() if row.end_date else None
    return (end, row.exit_reason, row.extensions, row.gender, row.birth_year)


def _insert(rows: list[tuple[ParsedRow, int]]) -> None:
    table = connection.ops.quote_name(Insats._meta.db_table)
    columns = "customer_id, programme_type_id, provider_id, start_date, end_date, exit_reason, extensions, gender"
    per_statement = max(1, min(1000, (connection.features.max_query_params or 9000) // 9))
    params = [
        (row.customer_id, row.programme_type.pk, provider_id, row.start_date.isoformat(), *_row_values(row))
        for row, provider_id in rows
    ]
    one_row = f"({', '.join(['%s'] * 9)})"
    with connection.cursor() as cursor:
        for start in range(0, len(params), per_statement):
            chunk = params[start : start + per_statement]
            values = ", ".join([one_row] * len(chunk))
            sql = f"INSERT INTO {table} ({columns}, birth_year) VALUES {values}"  # noqa: S608 (names and placeholders)
            cursor.execute(sql, [value for row in chunk for value in row])


def _update(rows: list[tuple[ParsedRow, int]]) -> None:
    table = connection.ops.quote_name(Insats._meta.db_table)
    assignments = "end_date = %s, exit_reason = %s, extensions = %s, gender = %s, birth_year = %s"
    sql = f"UPDATE {table} SET {assignments} WHERE id = %s"  # noqa: S608 (names only)
    params = [(*_row_values(row), pk) for row, pk in rows]
    with connection.cursor() as cursor:
        for start in range(0, len(params), _BATCH):
            cursor.executemany(sql, params[start : start + _BATCH])


def _existing(provider_ids: list[int], lock: bool) -> dict[tuple, tuple]:
    """The providers' insatser by identity, dates as ISO text: one plain query.

    Django's per-value converters cost more than the query itself at 200 000 rows.
    """
    if not provider_ids:
        return {}
    table = connection.ops.quote_name(Insats._meta.db_table)
    placeholders = ", ".join(["%s"] * len(provider_ids))
    lock_clause = " FOR UPDATE" if lock and connection.features.has_select_for_update else ""
    columns = "id, customer_id, programme_type_id, provider_id, start_date, end_date, exit_reason, extensions"
    where = f"provider_id IN ({placeholders}){lock_clause}"
    sql = f"SELECT {columns}, gender, birth_year FROM {table} WHERE {where}"  # noqa: S608 (names and placeholders only)
    existing = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, provider_ids)
        while batch := cursor.fetchmany(5000):
            for pk, customer_id, programme_id, provider_id, start, end, reason, extensions, gender, year in batch:
                key = (customer_id, programme_id, provider_id, str(start))
                existing[key] = (pk, str(end) if end is not None else None, reason, extensions, gender, year)
    return existing
