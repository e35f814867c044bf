"""Import the register of insatser from a spreadsheet: validate everything, then write atomically."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

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
        if reason and reason not in ExitReason.values:
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
        if gender and gender not in Gender.values:
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
    """Validate the whole table; write nothing unless every row is good."""
    result = parse_rows(table)
    if result.errors:
        return result
    if result.unknown_providers and not create_providers:
        return result
    with transaction.atomic():
        for name in result.unknown_providers:
            Provider.objects.create(name=name)
            result.providers_created += 1
        result.unknown_providers = []
        _write(result)
        if dry_run:
            transaction.set_rollback(True)
    return result


def _write(result: ImportResult) -> None:
    providers = {p.name.casefold(): p for p in Provider.objects.all()}
    for row in result.rows:
        provider = providers[row.provider_name.casefold()]
        values = {
            "end_date": row.end_date,
            "exit_reason": row.exit_reason,
            "extensions": row.extensions,
            "gender": row.gender,
            "birth_year": row.birth_year,
        }
        existing = (
            Insats.objects.select_for_update()
            .filter(
                Q(customer_id=row.customer_id),
                programme_type=row.programme_type,
                provider=provider,
                start_date=row.start_date,
            )
            .first()
        )
        if existing is None:
            Insats.objects.create(
                customer_id=row.customer_id,
                programme_type=row.programme_type,
                provider=provider,
                start_date=row.start_date,
                **values,
            )
            result.created += 1
        elif any(getattr(existing, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(existing, k, v)
            existing.save(update_fields=list(values))
            result.updated += 1
        else:
            result.unchanged += 1
