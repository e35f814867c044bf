"""A provider's results pack as a workbook: Sammanfattning, Index och frågor, Grupper, Diagram and Kommentarer.

The figures are the pack's (`analys.results_pack`): suppressed ones read "För få svar", never a number. Every
value passes `safe_cell` (through `Sheet`); every sheet prints on A4, one page wide, tables kept whole.
"""

from __future__ import annotations

import io
import math

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment

from analys.core.bootstrap import CONFIDENCE
from analys.figures import render
from analys.labels import percent_text
from analys.provider_results import ComparisonRow
from analys.results_pack import ResultsPack
from analys.results_pack_charts import comparison_figure, questions_figure
from analys.templatetags.analys_tags import interval
from analys.xlsx_print import embed_picture, keep_tables_whole, print_setup
from analys.xlsx_sheet import INTEGER, PERCENT, TITLE, TWO_DECIMALS, Sheet, or_dash
from register.dimensions import dim_label, value_label

PICTURE_WIDTH = 620  # pixels at screen resolution: the width of A4 portrait's printable area


def pack_xlsx(pack: ResultsPack) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Sammanfattning"
    note_rows = _summary(Sheet(summary), pack)
    print_setup(summary)
    for row in note_rows:  # merged across the table's width: two lines are enough there
        summary.row_dimensions[row].height = 30
    figures = workbook.create_sheet("Index och frågor")
    tables = _figures(Sheet(figures), pack)
    keep_tables_whole(figures, tables, landscape=True)
    print_setup(figures, landscape=True)
    groups = workbook.create_sheet("Grupper")
    tables = _groups(Sheet(groups), pack)
    keep_tables_whole(groups, tables, landscape=True)
    print_setup(groups, landscape=True)
    charts = [chart for chart in (comparison_figure(pack), questions_figure(pack)) if chart is not None]
    if charts:
        ws = workbook.create_sheet("Diagram")
        row = _heading(Sheet(ws), pack, _("Compared with all providers"))
        for chart in charts:
            picture = embed_picture(ws, render(chart, "png"), f"A{row}", PICTURE_WIDTH)
            row += math.ceil(picture.height / 20) + 2  # rows are 20 pixels high
        print_setup(ws)
        ws.print_area = f"A1:J{row}"
        ws.page_setup.fitToHeight = 1
    if pack.comments:
        ws = workbook.create_sheet("Kommentarer")
        _comments(Sheet(ws), pack)
        print_setup(ws, title_rows=(4, 4))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _heading(sheet: Sheet, pack: ResultsPack, heading: str) -> int:
    sheet.put(1, 1, heading)
    sheet.ws.cell(row=1, column=1).font = TITLE
    sheet.put(2, 1, pack.survey.name)
    sheet.put(3, 1, _("Only the customers of %(provider)s.") % {"provider": pack.provider.name})
    return 5


def _summary(sheet: Sheet, pack: ResultsPack) -> list[int]:
    row = _heading(sheet, pack, _("Results for %(provider)s") % {"provider": pack.provider.name})
    facts: list[tuple[str, object, str | None]] = [
        (_("Provider"), pack.provider.name, None),
        (_("Survey"), pack.survey.name, None),
        (_("Invited"), pack.n_invited if pack.n_invited is not None else _("Unknown"), INTEGER),
        (_("Responses"), pack.n_responses, INTEGER),
        (_("Response rate"), or_dash(pack.response_rate), PERCENT),
        (_("Smallest group shown"), pack.result.min_n, INTEGER),
        (_("All providers: responses"), pack.everyone.n_responses, INTEGER),
        (_("All providers: response rate"), or_dash(pack.everyone.response_rate), PERCENT),
    ]
    for offset, (label, value, number_format) in enumerate(facts):
        sheet.put(row + offset, 1, label, bold=True)
        sheet.put(row + offset, 2, value, number_format)
    row += len(facts) + 1
    notes = [
        _("All providers: every provider's customers together (including %(provider)s's), the municipality's figures.")
        % {"provider": pack.provider.name},
        _("Intervals are %(level)s intervals: bootstrap over the respondents, as on the analysis page.")
        % {"level": percent_text(CONFIDENCE)},
        _("Figures from fewer than %(n)s answers, and figures they could be worked out from, read “Too few answers”.")
        % {"n": pack.result.min_n},
    ]
    for offset, note in enumerate(notes):
        sheet.put(row + offset, 1, note)
        sheet.ws.merge_cells(start_row=row + offset, start_column=1, end_row=row + offset, end_column=4)
        sheet.ws.cell(row=row + offset, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.widths({1: 34, 2: 40, 3: 10, 4: 10})
    return [row + offset for offset in range(len(notes))]


def _figures(sheet: Sheet, pack: ResultsPack) -> list[tuple[int, int]]:
    row = _heading(sheet, pack, _("NKI, areas and questions"))
    tables = []
    for caption, first_header, rows in (
        (_("NKI and area indices"), _("Area"), pack.areas),
        (_("Question means"), _("Question"), pack.questions),
    ):
        start = row
        sheet.put(row, 1, caption, bold=True)
        row += 1
        row = _comparison_table(sheet, pack, row, first_header, rows)
        tables.append((start, row - 1))
        row += 1
    sheet.widths({1: 60, 2: 12, 3: 16, 4: 8, 5: 12, 6: 16, 7: 8})
    return tables


def _comparison_table(sheet: Sheet, pack: ResultsPack, row: int, first: str, rows: list[ComparisonRow]) -> int:
    level = percent_text(CONFIDENCE)
    heading = _("%(level)s interval") % {"level": level}
    sheet.header(row, [first, pack.provider.name, heading, _("n"), _("All providers"), heading, _("n")])
    row += 1
    for item in rows:
        sheet.put(row, 1, item.label)
        sheet.ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.figure(row, 2, item.own, TWO_DECIMALS)
        sheet.put(row, 3, interval(item.own_ci))
        sheet.put(row, 4, item.own.n, INTEGER)
        sheet.figure(row, 5, item.everyone, TWO_DECIMALS)
        sheet.put(row, 6, interval(item.everyone_ci))
        sheet.put(row, 7, item.everyone.n, INTEGER)
        for column in (3, 6):
            sheet.ws.cell(row=row, column=column).alignment = Alignment(horizontal="right", vertical="top")
        row += 1
    return row


def _groups(sheet: Sheet, pack: ResultsPack) -> list[tuple[int, int]]:
    row = _heading(sheet, pack, _("Groups"))
    areas = list(pack.result.areas)
    tables = []
    for dim, groups in pack.groups.items():
        start = row
        sheet.put(row, 1, dim_label(dim), bold=True)
        row += 1
        sheet.header(row, [_("Group"), _("n"), *areas])
        row += 1
        for group in groups:
            sheet.put(row, 1, value_label(dim, group.value))
            sheet.put(row, 2, group.n, INTEGER)
            for offset, area in enumerate(areas):
                sheet.figure(row, 3 + offset, group.areas.get(area), TWO_DECIMALS)
            row += 1
        tables.append((start, row - 1))
        row += 1
    if not pack.groups:
        sheet.put(row, 1, _("No groupings."))
    sheet.widths({1: 34, 2: 8, **{3 + i: 12 for i in range(len(areas))}})
    return tables


def _comments(sheet: Sheet, pack: ResultsPack) -> None:
    _heading(sheet, pack, _("Comments"))
    sheet.header(4, [_("Comment")])
    for offset, text in enumerate(pack.comments):
        sheet.put(5 + offset, 1, text)
        sheet.ws.cell(row=5 + offset, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.widths({1: 100})
