"""The register statistics as a workbook laid out like the annual report's §6 and §12.

One sheet per table: a row per programme (or provider) and a "TOTALT KUNDVAL" row, counts and
shares side by side, numbers stored as numbers with percentage formats. Every sheet prints on A4,
fitted to the width, with its header rows repeated. Every value passes `safe_cell`.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from analys.register_labels import (
    age_labels,
    all_providers_label,
    definitions,
    duration_labels,
    exit_short_labels,
    finding_labels,
    flag_labels,
    insats_text,
    planned_labels,
    total_label,
)
from register.xlsx import safe_cell

PERCENT = "0%"
INTEGER = "0"
DAYS = "0"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="E7ECF1")
TOTAL_BORDER = Border(top=Side(style="thin"))
HEADER_ROW = 3

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


class _Writer:
    def __init__(self, workbook: Workbook, title: str, heading: str, note: str, landscape: bool = False) -> None:
        self.ws: Worksheet = workbook.create_sheet(title[:31])
        self.row = 1
        self.put(1, 1, heading, font=TITLE)
        self.put(2, 1, note)
        self.row = HEADER_ROW
        setup = self.ws.page_setup
        setup.paperSize = self.ws.PAPERSIZE_A4
        setup.orientation = "landscape" if landscape else "portrait"
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.print_title_rows = f"1:{HEADER_ROW}"
        self.ws.print_options.gridLines = False

    def put(self, row: int, column: int, value: Any, number_format: str | None = None, font: Font | None = None):
        cell = self.ws.cell(row=row, column=column, value=safe_cell(value))
        if number_format and isinstance(value, int | float):
            cell.number_format = number_format
        if font:
            cell.font = font
        return cell

    def header(self, first: str, columns: Sequence[Column]) -> None:
        for index, text in enumerate([first, *(c.header for c in columns)], start=1):
            cell = self.put(self.row, index, text, font=BOLD)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="bottom", horizontal="left" if index == 1 else "right")
        self.ws.row_dimensions[self.row].height = 45
        self.row += 1

    def line(self, label: str, block: Block, columns: Sequence[Column], total: bool = False) -> None:
        self.put(self.row, 1, label, font=BOLD if total else None)
        for index, column in enumerate(columns, start=2):
            value = column.value(block)
            if column.share_of is not None:
                denominator = column.share_of(block)
                value = value / denominator if value is not None and denominator else None
            cell = self.put(self.row, index, value, column.number_format, font=BOLD if total else None)
            if value is None:
                cell.value = "–"
                cell.alignment = Alignment(horizontal="right")
        if total:
            for index in range(1, len(columns) + 2):
                self.ws.cell(row=self.row, column=index).border = TOTAL_BORDER
        self.row += 1

    def gap(self) -> None:
        self.row += 1

    def widths(self, first: float, others: float, count: int) -> None:
        self.ws.column_dimensions["A"].width = first
        for index in range(2, count + 2):
            self.ws.column_dimensions[get_column_letter(index)].width = others


def _programme_table(
    wb: Workbook, result: dict, title: str, heading: str, columns: list[Column], landscape: bool = False
) -> None:
    w = _Writer(wb, title, heading, _scope_note(result, all_rows=True), landscape)
    w.header(_("Programme type"), columns)
    for entry in result["by_programme"]:
        w.line(entry["programme"], entry, columns)
    w.line(total_label(), result["totals"], columns, total=True)
    w.widths(34, 11, len(columns))


def _provider_table(
    wb: Workbook,
    result: dict,
    title: str,
    heading: str,
    columns: list[Column] | Callable[[Block], list[Column]],
    per_programme: bool,
    landscape: bool = False,
) -> None:
    w = _Writer(wb, title, heading, _scope_note(result, all_rows=False), landscape)
    sections: list[tuple[str | None, str, Block]] = [(None, total_label(), result["totals"])]
    if per_programme:
        sections += [(p["programme_code"], p["programme"], p) for p in result["by_programme"]]
    for code, name, total in sections:
        rows = [e for e in result["by_provider"] if e["programme_code"] == code]
        if per_programme and code is not None and not total["insatser"]:
            continue
        section = columns(total) if callable(columns) else columns
        w.header(name.upper() if code else _("All programme types"), section)
        for entry in rows:
            w.line(entry["provider"], entry, section)
        label = total_label() if code is None else _("TOTAL %(programme)s") % {"programme": name.upper()}
        if result["scope"]["provider"]:
            label = f"{label} ({all_providers_label().lower()})"
        w.line(label, total, section, total=True)
        w.gap()
    w.widths(34, 11, len(section))


def _scope_note(result: dict, all_rows: bool) -> str:
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


def _columns() -> dict[str, list[Column]]:
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
            for c in (Column(label, _count("age", key)), _share("%", _count("age", key), ins))
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
            for c in (Column(label, _count("duration", key)), _share("%", _count("duration", key), ins))
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
            _share("%", _count("exit", "sjukdom"), closed),
            Column(exits["annan_orsak"], _count("exit", "annan_orsak")),
            _share("%", _count("exit", "annan_orsak"), closed),
            Column(exits["flytt"], _count("exit", "flytt")),
            _share("%", _count("exit", "flytt"), closed),
        ],
    }


def _share_of_section(total: Block) -> list[Column]:
    return [
        Column(_("Programmes"), _count("insatser")),
        _share(_("Share of the total"), _count("insatser"), lambda _b: total["insatser"]),
    ]


def statistics_workbook(result: dict[str, Any]) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    c = _columns()
    year = result["year"]
    tables = [
        ("6.1.1 Kön", _("6.1.1 Programmes by gender, %(year)s"), c["gender"], False),
        ("6.1.2 Ålder", _("6.1.2 Programmes by age at 31 December %(year)s"), c["age"], True),
        ("6.1.3 Pågående och avslutade", _("6.1.3 Ongoing and closed programmes, %(year)s"), c["status"], False),
        ("6.1.4 Insatslängd", _("6.1.4 Duration in days at 31 December %(year)s"), c["duration"], True),
        ("6.1.4 Förlängda", _("6.1.4 Ongoing programmes at 31 December %(year)s"), c["extended"], True),
    ]
    for title, heading, columns, landscape in tables:
        _programme_table(workbook, result, title, heading % {"year": year}, columns, landscape)
    provider_tables = [
        ("6.2 Per anordnare", _("6.2 Programmes per provider, %(year)s"), _share_of_section, True, False),
        ("6.2.1 Kön per anordnare", _("6.2.1 Per provider by gender, %(year)s"), c["gender"], False, False),
        ("6.2.2 Ålder per anordnare", _("6.2.2 Per provider by age, %(year)s"), c["age"], False, True),
        (
            "6.2.3 Pågående per anordnare",
            _("6.2.3 Ongoing at 31 December %(year)s per provider"),
            c["extended"],
            True,
            True,
        ),
    ]
    for title, heading, columns, per_programme, landscape in provider_tables:
        _provider_table(workbook, result, title, heading % {"year": year}, columns, per_programme, landscape)
    results = [
        ("12.1 Resultat per insats", _("12.1 Results per programme type, %(year)s"), c["result"]),
        ("12.3.1 Egen försörjning", _("12.3.1 Closed to self-support, %(year)s"), c["self_support"]),
        ("12.3.2 Annan insats", _("12.3.2 Closed to another programme or authority, %(year)s"), c["other_programme"]),
        ("12.3.3 Avbrott", _("12.3.3 Interruptions, %(year)s"), c["interruption"]),
    ]
    for title, heading, columns in results:
        _programme_table(workbook, result, title, heading % {"year": year}, columns, landscape=True)
    _provider_table(
        workbook,
        result,
        "12.1 Resultat per anordnare",
        _("12.1 Results per provider, %(year)s") % {"year": year},
        c["result"],
        True,
        landscape=True,
    )
    _trend(workbook, result)
    _flags(workbook, result)
    _findings(workbook, result)
    _definitions(workbook, result)
    return workbook


def statistics_xlsx(result: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    statistics_workbook(result).save(buffer)
    return buffer.getvalue()


def _trend(workbook: Workbook, result: dict) -> None:
    w = _Writer(workbook, "Utveckling", _("Trend over the years"), _scope_note(result, all_rows=True), True)
    columns = [
        Column(_("Year"), _count("year")),
        Column(_("Programmes"), _count("insatser")),
        Column(_("Customers"), _count("customers")),
        Column(_("Share of closed to self-support"), _count("share_egen_forsorjning"), None, PERCENT),
        Column(_("Average days to work or studies"), _count("avg_days_to_work_or_studies"), None, DAYS),
    ]
    w.header(_("Programme type"), columns)
    for entry in result["trend"]:
        w.line(entry["programme"] or total_label(), entry, columns, total=entry["programme"] is None)
    w.widths(34, 13, len(columns))


def _flags(workbook: Workbook, result: dict) -> None:
    note = _("Ongoing on %(day)s.") % {"day": result["flags_as_of"]}
    w = _Writer(workbook, "Flaggor", _("Flags: long ongoing programmes"), note, True)
    levels = flag_labels()
    headers = [_("Flag"), _("Provider"), _("Programme type"), _("Start date"), _("Days so far"), _("Programme id")]
    for index, text in enumerate(headers, start=1):
        w.put(w.row, index, text, font=BOLD).fill = HEADER_FILL
    w.row += 1
    for flag in result["flags"]:
        values = [
            levels[flag["level"]],
            flag["provider"],
            flag["programme"],
            flag["start"],
            flag["days"],
            flag["insats"],
        ]
        for index, value in enumerate(values, start=1):
            w.put(w.row, index, value, INTEGER)
        w.row += 1
    for column, width in zip("ABCDEF", (30, 30, 30, 12, 12, 12), strict=True):
        w.ws.column_dimensions[column].width = width


def _findings(workbook: Workbook, result: dict) -> None:
    w = _Writer(workbook, "Datakvalitet", _("Data quality"), _("Findings to fix in the source system."), True)
    labels = finding_labels()
    for index, text in enumerate([_("Finding"), _("Programmes concerned")], start=1):
        w.put(w.row, index, text, font=BOLD).fill = HEADER_FILL
    w.row += 1
    for finding in result["data_quality"]:
        w.put(w.row, 1, labels[finding["kind"]])
        cell = w.put(w.row, 2, "\n".join(insats_text(i) for i in finding["insatser"]))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        w.ws.cell(row=w.row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        w.row += 1
    w.ws.column_dimensions["A"].width = 45
    w.ws.column_dimensions["B"].width = 90


def _definitions(workbook: Workbook, result: dict) -> None:
    w = _Writer(workbook, "Definitioner", _("Definitions"), _scope_note(result, all_rows=True), False)
    for term, text in definitions():
        w.put(w.row, 1, term, font=BOLD).alignment = Alignment(wrap_text=True, vertical="top")
        w.put(w.row, 2, text).alignment = Alignment(wrap_text=True, vertical="top")
        w.row += 1
    w.ws.column_dimensions["A"].width = 30
    w.ws.column_dimensions["B"].width = 80
