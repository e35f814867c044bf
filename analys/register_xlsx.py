"""The register statistics as a workbook laid out like the annual report's §6 and §12.

One sheet per table: a row per programme (or provider) and a "TOTALT KUNDVAL" row, counts and
shares side by side, numbers stored as numbers with percentage formats. Every sheet prints on A4,
fitted to the width, with its header rows repeated. Every value passes `safe_cell`.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from analys import register_labels as wording
from analys.register_tables import DAYS, INTEGER, PERCENT, scope_note, sections, tables
from common.xlsx import safe_cell

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="E7ECF1")
TOTAL_BORDER = Border(top=Side(style="thin"))
HEADER_ROW = 3
# Longer lists of flags and findings are left to the JSON and the page: a workbook of 100 000 rows helps no one.
LIST_LIMIT = 5000


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

    def header(self, first: str, headers: Sequence[str]) -> None:
        for index, text in enumerate([first, *headers], start=1):
            cell = self.put(self.row, index, text, font=BOLD)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="bottom", horizontal="left" if index == 1 else "right")
        self.ws.row_dimensions[self.row].height = 62
        self.row += 1

    def line(self, label: str, values: Sequence[tuple[Any, str]], total: bool = False) -> None:
        self.put(self.row, 1, label, font=BOLD if total else None)
        for index, (value, number_format) in enumerate(values, start=2):
            cell = self.put(self.row, index, value, number_format, font=BOLD if total else None)
            if value is None:
                cell.value = "–"
                cell.alignment = Alignment(horizontal="right")
        if total:
            for index in range(1, len(values) + 2):
                self.ws.cell(row=self.row, column=index).border = TOTAL_BORDER
        self.row += 1

    def gap(self) -> None:
        self.row += 1

    def widths(self, first: float, others: float, count: int) -> None:
        self.ws.column_dimensions["A"].width = first
        for index in range(2, count + 2):
            self.ws.column_dimensions[get_column_letter(index)].width = others


def statistics_workbook(result: dict[str, Any]) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables(result["year"]):
        w = _Writer(workbook, table.sheet, table.heading, scope_note(result, not table.per_provider), table.landscape)
        width = 0
        for section in sections(table, result):
            w.header(section.heading.upper() if table.per_provider else section.heading, section.headers)
            for label, values, total in section.rows:
                w.line(label, values, total)
            width = max(width, len(section.headers))
            if table.per_provider:
                w.gap()
        w.widths(36, 13, width)
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
    w = _Writer(workbook, "Utveckling", _("Trend over the years"), scope_note(result, True), True)
    headers = [
        _("Year"),
        _("Programmes"),
        _("Customers"),
        _("Share of closed to self-support"),
        _("Average days to work or studies"),
        _("Complete year"),
    ]
    w.header(_("Programme type"), headers)
    for e in result["trend"]:
        values = [
            (e["year"], INTEGER),
            (e["insatser"], INTEGER),
            (e["customers"], INTEGER),
            (e["share_egen_forsorjning"], PERCENT),
            (e["avg_days_to_work_or_studies"], DAYS),
            (_("Yes") if e["complete"] else wording.incomplete_text(e, result["trend_first_complete_year"]), INTEGER),
        ]
        w.line(e["programme"] or wording.total_label(), values, total=e["programme"] is None)
    w.widths(34, 13, len(headers))
    w.ws.column_dimensions[get_column_letter(len(headers) + 1)].width = 60
    note = wording.incomplete_note(result)
    if note:
        w.gap()
        w.put(w.row, 1, note).alignment = Alignment(wrap_text=True, vertical="top")


def _flags(workbook: Workbook, result: dict) -> None:
    note = _("Ongoing on %(day)s.") % {"day": result["flags_as_of"]}
    w = _Writer(workbook, "Flaggor", _("Flags: long ongoing programmes"), note, True)
    levels = wording.flag_labels()
    counts: dict[str, Counter] = {}
    # One counting pass in C over (provider, level): a national year has well over 100 000 flags.
    for (provider, level), count in Counter((flag["provider"], flag["level"]) for flag in result["flags"]).items():
        counts.setdefault(provider, Counter())[level] = count
    w.header(_("Provider"), [*levels.values(), _("Flagged programmes")])
    for provider, counter in sorted(counts.items(), key=lambda item: (-item[1].total(), item[0])):
        w.line(provider, [(counter[level], INTEGER) for level in levels] + [(counter.total(), INTEGER)])
    total = Counter(flag["level"] for flag in result["flags"])
    w.line(_("Total"), [(total[level], INTEGER) for level in levels] + [(total.total(), INTEGER)], total=True)
    w.gap()
    if len(result["flags"]) > LIST_LIMIT:
        w.put(
            w.row,
            1,
            _("%(count)s flagged programmes: the list is in the JSON download and on the page.")
            % {"count": len(result["flags"])},
        )
    else:
        headers = [_("Provider"), _("Programme type"), _("Start date"), _("Days so far"), _("Programme id")]
        w.header(_("Flag"), headers)
        for flag in result["flags"]:
            values = [flag["provider"], flag["programme"], flag["start"], flag["days"], flag["insats"]]
            w.line(levels[flag["level"]], [(value, INTEGER) for value in values])
    for column, width in zip("ABCDEF", (30, 30, 30, 14, 12, 12), strict=True):
        w.ws.column_dimensions[column].width = width


def _findings(workbook: Workbook, result: dict) -> None:
    w = _Writer(workbook, "Datakvalitet", _("Data quality"), _("Findings to fix in the source system."), True)
    labels = wording.finding_labels()
    counts = Counter(finding["kind"] for finding in result["data_quality"])
    w.header(_("Finding"), [_("Count")])
    for kind, label in labels.items():
        w.line(label, [(counts[kind], INTEGER)])
    w.gap()
    if len(result["data_quality"]) > LIST_LIMIT:
        w.put(
            w.row,
            1,
            _("%(count)s findings: the list is in the JSON download and on the page.")
            % {"count": len(result["data_quality"])},
        )
    else:
        w.header(_("Finding"), [_("Programmes concerned")])
        for finding in result["data_quality"]:
            w.put(w.row, 1, labels[finding["kind"]]).alignment = Alignment(wrap_text=True, vertical="top")
            cell = w.put(w.row, 2, "\n".join(wording.insats_text(i) for i in finding["insatser"]))
            cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
            w.row += 1
    w.ws.column_dimensions["A"].width = 45
    w.ws.column_dimensions["B"].width = 90


def _definitions(workbook: Workbook, result: dict) -> None:
    w = _Writer(workbook, "Definitioner", _("Definitions"), scope_note(result, True), False)
    for term, text in wording.definitions():
        w.put(w.row, 1, term, font=BOLD).alignment = Alignment(wrap_text=True, vertical="top")
        w.put(w.row, 2, text).alignment = Alignment(wrap_text=True, vertical="top")
        w.row += 1
    w.ws.column_dimensions["A"].width = 30
    w.ws.column_dimensions["B"].width = 80
