"""The tables of the annual report's §6 and §12: which columns, which rows, for the page and the workbook."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from analys.register_labels import (
    age_labels,
    duration_labels,
    exit_short_labels,
    planned_labels,
    total_label,
)

PERCENT = "0%"
INTEGER = "0"
DAYS = "0"

Block = dict[str, Any]


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Block], float | int | None]
    share_of: Callable[[Block], float | int | None] | None = None  # a share: value / share_of
    number_format: str = INTEGER


def _count(key: str, *path: str) -> Callable[[Block], Any]:
    def get(block: Block) -> Any:
        value = block[key]
        for part in path:
            value = value[part]
        return value

    return get


def _sum(*codes: str) -> Callable[[Block], int]:
    return lambda block: sum(block["exit"][code] for code in codes)


def _share(header: str, numerator: Callable[[Block], Any], denominator: Callable[[Block], Any]) -> Column:
    return Column(header, numerator, denominator, PERCENT)


def scope_note(result: dict, all_rows: bool) -> str:
    provider = result["scope"]["provider"]
    if provider is None:
        return _("All providers, %(year)s.") % {"year": result["year"]}
    if all_rows:
        return _("All providers together, %(year)s (the figures of %(provider)s are on the provider sheets).") % {
            "year": result["year"],
            "provider": provider,
        }
    return _("%(provider)s, %(year)s, beside the total for all providers.") % {
        "provider": provider,
        "year": result["year"],
    }


def columns() -> dict[str, list[Column]]:
    ins = _count("insatser")
    ages = age_labels()
    durations = duration_labels()
    planned = planned_labels()
    exits = exit_short_labels()
    closed = _count("closed")
    ongoing = _count("ongoing")
    return {
        "gender": [
            Column(_("Programmes"), ins),
            Column(_("Women"), _count("women")),
            _share(_("Share women"), _count("women"), ins),
            Column(_("Men"), _count("men")),
            _share(_("Share men"), _count("men"), ins),
        ],
        "age": [Column(_("Programmes"), ins)]
        + [
            c
            for key, label in ages.items()
            for c in (Column(label, _count("age", key)), _share(_("Share"), _count("age", key), ins))
        ],
        "status": [
            Column(_("Programmes"), ins),
            Column(_("Ongoing at 31 Dec"), ongoing),
            _share(_("Share ongoing"), ongoing, ins),
            Column(_("Closed during the year"), closed),
            _share(_("Share closed"), closed, ins),
        ],
        "duration": [Column(_("Programmes"), ins)]
        + [
            c
            for key, label in durations.items()
            for c in (Column(label, _count("duration", key)), _share(_("Share"), _count("duration", key), ins))
        ],
        "extended": [
            Column(_("Ongoing at 31 Dec"), ongoing),
            Column(_("Of which extended"), _count("ongoing_extended")),
            _share(_("Share extended"), _count("ongoing_extended"), ongoing),
        ]
        + [Column(label, _count("planned_exit", key)) for key, label in planned.items()],
        "result": [
            Column(_("Programmes"), ins),
            Column(_("Ongoing at 31 Dec"), ongoing),
            _share(_("Share ongoing"), ongoing, ins),
            Column(_("Closed during the year"), closed),
            _share(_("Share closed"), closed, ins),
            Column(_("Closed to self-support"), _count("closed_egen_forsorjning")),
            _share(_("Share of closed to self-support"), _count("closed_egen_forsorjning"), closed),
            _share(_("Share of all programmes to self-support"), _count("closed_egen_forsorjning"), ins),
            Column(_("Average days to work or studies"), _count("avg_days_to_work_or_studies"), None, DAYS),
            Column(_("Days so far, ongoing (mean)"), _count("days_so_far_mean"), None, DAYS),
            Column(_("Days so far, ongoing (median)"), _count("days_so_far_median"), None, DAYS),
        ],
        "self_support": [
            Column(_("Closed during the year"), closed),
            Column(_("Closed to work and studies"), _sum("arbete", "studier")),
            Column(exits["arbete"], _count("exit", "arbete")),
            Column(exits["studier"], _count("exit", "studier")),
            Column(exits["eget_foretag"], _count("exit", "eget_foretag")),
            _share(_("Share closed to work and studies"), _sum("arbete", "studier"), closed),
            _share(_("Share closed to self-support"), _count("closed_egen_forsorjning"), closed),
        ],
        "other_programme": [
            Column(_("Closed during the year"), closed),
            Column(_("Closed to another programme or authority"), _count("exit_group", "annan_insats")),
            Column(exits["annan_insats"], _count("exit", "annan_insats")),
            Column(exits["byte_anordnare"], _count("exit", "byte_anordnare")),
            Column(exits["annan_myndighet"], _count("exit", "annan_myndighet")),
            _share(_("Share to another programme or authority"), _count("exit_group", "annan_insats"), closed),
        ],
        "interruption": [
            Column(_("Closed during the year"), closed),
            Column(exits["sjukdom"], _count("exit", "sjukdom")),
            _share(_("Share"), _count("exit", "sjukdom"), closed),
            Column(exits["annan_orsak"], _count("exit", "annan_orsak")),
            _share(_("Share"), _count("exit", "annan_orsak"), closed),
            Column(exits["flytt"], _count("exit", "flytt")),
            _share(_("Share"), _count("exit", "flytt"), closed),
        ],
    }


def share_of_section(total: Block) -> list[Column]:
    return [
        Column(_("Programmes"), _count("insatser")),
        _share(_("Share of the total"), _count("insatser"), lambda _b: total["insatser"]),
    ]


@dataclass(frozen=True)
class Table:
    key: str
    sheet: str  # the workbook's sheet name (Swedish, as in the report)
    heading: str
    columns: list[Column] | Callable[[Block], list[Column]]
    per_provider: bool = False
    per_programme: bool = False  # provider tables: one section per programme type
    landscape: bool = False


@dataclass
class Section:
    """A header and its rows; each row is (label, values, is_total) and each value (number or None, format)."""

    heading: str
    headers: list[str]
    rows: list[tuple[str, list[tuple[float | int | None, str]], bool]]


def tables(year: int) -> list[Table]:
    c = columns()
    values = {"year": year}
    return [
        Table("gender", "6.1.1 Kön", _("6.1.1 Programmes by gender, %(year)s") % values, c["gender"]),
        Table(
            "age",
            "6.1.2 Ålder",
            _("6.1.2 Programmes by age at 31 December %(year)s") % values,
            c["age"],
            landscape=True,
        ),
        Table(
            "status",
            "6.1.3 Pågående och avslutade",
            _("6.1.3 Ongoing and closed programmes, %(year)s") % values,
            c["status"],
        ),
        Table(
            "duration",
            "6.1.4 Insatslängd",
            _("6.1.4 Duration in days at 31 December %(year)s") % values,
            c["duration"],
            landscape=True,
        ),
        Table(
            "extended",
            "6.1.4 Förlängda",
            _("6.1.4 Ongoing programmes at 31 December %(year)s") % values,
            c["extended"],
            landscape=True,
        ),
        Table(
            "providers",
            "6.2 Per anordnare",
            _("6.2 Programmes per provider, %(year)s") % values,
            share_of_section,
            True,
            True,
        ),
        Table(
            "provider_gender",
            "6.2.1 Kön per anordnare",
            _("6.2.1 Per provider by gender, %(year)s") % values,
            c["gender"],
            True,
        ),
        Table(
            "provider_age",
            "6.2.2 Ålder per anordnare",
            _("6.2.2 Per provider by age, %(year)s") % values,
            c["age"],
            True,
            landscape=True,
        ),
        Table(
            "provider_ongoing",
            "6.2.3 Pågående per anordnare",
            _("6.2.3 Ongoing at 31 December %(year)s per provider") % values,
            c["extended"],
            True,
            True,
            True,
        ),
        Table(
            "result",
            "12.1 Resultat per insats",
            _("12.1 Results per programme type, %(year)s") % values,
            c["result"],
            landscape=True,
        ),
        Table(
            "provider_result",
            "12.1 Resultat per anordnare",
            _("12.1 Results per provider, %(year)s") % values,
            c["result"],
            True,
            True,
            True,
        ),
        Table(
            "self_support",
            "12.3.1 Egen försörjning",
            _("12.3.1 Closed to self-support, %(year)s") % values,
            c["self_support"],
            landscape=True,
        ),
        Table(
            "other_programme",
            "12.3.2 Annan insats",
            _("12.3.2 Closed to another programme or authority, %(year)s") % values,
            c["other_programme"],
            landscape=True,
        ),
        Table(
            "interruption",
            "12.3.3 Avbrott",
            _("12.3.3 Interruptions, %(year)s") % values,
            c["interruption"],
            landscape=True,
        ),
    ]


def _values(block: Block, cols: list[Column]) -> list[tuple[float | int | None, str]]:
    values = []
    for column in cols:
        value = column.value(block)
        if column.share_of is not None:
            denominator = column.share_of(block)
            value = value / denominator if value is not None and denominator else None
        values.append((value, column.number_format))
    return values


def sections(table: Table, result: dict[str, Any]) -> list[Section]:
    """The table's sections: one for a programme table; for a provider table, all programmes and (optionally) each."""
    if not table.per_provider:
        cols = table.columns(result["totals"]) if callable(table.columns) else table.columns
        rows = [(p["programme"], _values(p, cols), False) for p in result["by_programme"]]
        rows.append((total_label(), _values(result["totals"], cols), True))
        return [Section(_("Programme type"), [c.header for c in cols], rows)]
    parts: list[tuple[str | None, str, Block]] = [(None, total_label(), result["totals"])]
    if table.per_programme:
        parts += [(p["programme_code"], p["programme"], p) for p in result["by_programme"] if p["insatser"]]
    found = []
    for code, name, total in parts:
        cols = table.columns(total) if callable(table.columns) else table.columns
        rows = [(e["provider"], _values(e, cols), False) for e in result["by_provider"] if e["programme_code"] == code]
        label = total_label() if code is None else _("TOTAL %(programme)s") % {"programme": name.upper()}
        if result["scope"]["provider"]:
            label = _("%(total)s (all providers)") % {"total": label}
        rows.append((label, _values(total, cols), True))
        heading = _("All programme types") if code is None else name
        found.append(Section(heading, [c.header for c in cols], rows))
    return found
