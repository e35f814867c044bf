"""The Åtgärdsmatris sheet: the matrix as a table, and a native Excel scatter chart of it."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.chart import Reference, ScatterChart, Series
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.layout import Layout, ManualLayout
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from analys.charts import plotted_coordinates, plotted_questions
from analys.core.result import QuestionResult
from analys.labels import (
    FIELD_COLOURS,
    METHOD_LABELS,
    QUADRANT_COLOURS,
    QUADRANT_LABELS,
    QUADRANT_MEANINGS,
    percent_text,
)
from analys.loading import SurveyAnalysis
from analys.xlsx_sheet import BOLD, INTEGER, ONE_DECIMAL, PERCENT, TITLE, Sheet, or_dash

# Rows of the serpentine line that shades each field of the chart (see `_scatter_chart`).
FIELD_PASSES = 24
FIELD_LINE_PT = 7


MATRIX_HEADERS = (
    gettext_lazy("No."),
    gettext_lazy("Question"),
    gettext_lazy("Area"),
    gettext_lazy("n"),
    gettext_lazy("Mean"),
    gettext_lazy("Effect"),
    gettext_lazy("Field"),
    gettext_lazy("Mean, lower limit"),
    gettext_lazy("Mean, upper limit"),
    gettext_lazy("Effect, lower limit"),
    gettext_lazy("Effect, upper limit"),
    gettext_lazy("Stability"),
    gettext_lazy("Unstable"),
)


def matrix_sheet(sheet: Sheet, result: SurveyAnalysis) -> None:
    ws = sheet.ws
    sheet.put(1, 1, _("Action matrix"))
    ws.cell(row=1, column=1).font = TITLE
    sheet.put(2, 1, _("Effect method: %(method)s") % {"method": METHOD_LABELS.get(result.method, result.method)})
    header_row = 4
    sheet.header(header_row, [str(h) for h in MATRIX_HEADERS])
    first = header_row + 1
    for number, q in enumerate(result.questions, start=1):
        row = first + number - 1
        sheet.put(row, 1, number, INTEGER)
        sheet.put(row, 2, q.text or q.code)
        sheet.put(row, 3, q.area)
        sheet.put(row, 4, q.n, INTEGER)
        sheet.figure(row, 5, q)
        sheet.put(row, 6, or_dash(q.effect), ONE_DECIMAL)
        sheet.put(row, 7, str(QUADRANT_LABELS[q.quadrant]) if q.quadrant else _("Not plotted"))
        for offset, interval in enumerate((q.mean_ci, q.effect_ci)):
            for side in range(2):
                value = interval[side] if interval else "–"
                sheet.put(row, 8 + 2 * offset + side, value, ONE_DECIMAL)
        sheet.put(row, 12, or_dash(q.stability), PERCENT)
        sheet.put(row, 13, (_("Yes") if q.unstable else _("No")) if q.unstable is not None else "–")
    last = first + len(result.questions) - 1
    row = last + 2
    matrix = result.matrix
    sheet.put(row, 1, _("Satisfaction split"), bold=True)
    sheet.put(row, 5, or_dash(matrix.satisfaction_split), ONE_DECIMAL)
    sheet.put(row + 1, 1, _("Effect split"), bold=True)
    sheet.put(row + 1, 6, or_dash(matrix.effect_split), ONE_DECIMAL)
    row += 3
    for quadrant in ("green", "blue", "yellow", "orange"):
        sheet.put(row, 1, str(QUADRANT_LABELS[quadrant]), bold=True)
        ws.cell(row=row, column=1).fill = PatternFill("solid", fgColor=FIELD_COLOURS[quadrant])
        sheet.put(row, 2, str(QUADRANT_MEANINGS[quadrant]))
        row += 1
    sheet.put(
        row + 1,
        1,
        _(
            "A point on a split line counts as high. Limits are those of a %(level)s interval. Unstable: the point "
            "stays in its field in less than %(share)s of the bootstrap resamples."
        )
        % {"level": percent_text(result.confidence), "share": percent_text(result.unstable_below)},
    )
    sheet.widths({1: 10, 2: 60, 3: 14, **{c: 12 for c in range(4, 14)}})
    plotted = plotted_questions(result)
    if plotted:
        chart = _scatter_chart(ws, result, plotted, first, helper_row=row + 4)
        ws.add_chart(chart, "O4")


def _bounds(values: list[float], split: float, pad: float) -> tuple[float, float]:
    low = min([*values, split])
    high = max([*values, split])
    span = max(high - low, pad)
    return low - span * 0.1, high + span * 0.1


def _line(colour: str, width_pt: float, dash: str | None = None) -> GraphicalProperties:
    props = GraphicalProperties(ln=LineProperties(solidFill=colour, w=int(width_pt * 12700), prstDash=dash))
    return props


def _scatter_chart(
    ws: Worksheet, result: SurveyAnalysis, plotted: list[tuple[int, QuestionResult]], first: int, helper_row: int
) -> ScatterChart:
    """A native scatter chart: shaded fields, the split lines, then one numbered point per question.

    Excel has no filled rectangle in a scatter chart, so each field is a pale
    serpentine line series whose passes overlap; points are drawn after it.
    """
    s_split = float(result.matrix.satisfaction_split or 0)
    e_split = float(result.matrix.effect_split or 0)
    effects, means = plotted_coordinates(plotted)
    y_min, y_max = _bounds(means, s_split, 0.5)
    y_min, y_max = max(0.5, y_min), min(5.5, y_max)
    x_min, x_max = _bounds(effects, e_split, 0.2)

    chart = ScatterChart()
    chart.title = _("Action matrix")
    chart.style = 13
    chart.height = 12
    chart.width = 18
    chart.legend = None
    chart.x_axis.title = _("Effect")
    chart.y_axis.title = _("Satisfaction (mean)")
    chart.x_axis.scaling.min, chart.x_axis.scaling.max = x_min, x_max
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = y_min, y_max
    chart.x_axis.number_format = ONE_DECIMAL
    chart.y_axis.number_format = ONE_DECIMAL
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.majorGridlines = None
    chart.y_axis.majorGridlines = None
    chart.plot_area.layout = Layout(manualLayout=ManualLayout(x=0.1, y=0.1, w=0.85, h=0.75))

    # Helper coordinates far below the table, labelled, so the chart reads them from cells.
    row = helper_row
    ws.cell(row=row, column=1, value=_("Chart data (for the chart above; do not edit)")).font = BOLD
    row += 1
    fields = {
        "green": (e_split, x_max, s_split, y_max),
        "blue": (x_min, e_split, s_split, y_max),
        "yellow": (x_min, e_split, y_min, s_split),
        "orange": (e_split, x_max, y_min, s_split),
    }
    for quadrant, (x0, x1, y0, y1) in fields.items():
        start = row
        step = (y1 - y0) / FIELD_PASSES
        for k in range(FIELD_PASSES):
            y = y0 + step * (k + 0.5)
            left, right = (x0, x1) if k % 2 == 0 else (x1, x0)
            ws.cell(row=row, column=1, value=left)
            ws.cell(row=row, column=2, value=y)
            ws.cell(row=row + 1, column=1, value=right)
            ws.cell(row=row + 1, column=2, value=y)
            row += 2
        series = Series(
            Reference(ws, min_col=2, min_row=start, max_row=row - 1),
            Reference(ws, min_col=1, min_row=start, max_row=row - 1),
            title=str(QUADRANT_LABELS[quadrant]),
        )
        series.marker.symbol = "none"
        series.graphicalProperties = _line(FIELD_COLOURS[quadrant], FIELD_LINE_PT)
        series.smooth = False
        chart.series.append(series)
        # A label in the field's outer corner names it.
        corner_x = x1 - (x1 - x0) * 0.02 if quadrant in ("green", "orange") else x0 + (x1 - x0) * 0.02
        corner_y = y1 - (y1 - y0) * 0.06 if quadrant in ("green", "blue") else y0 + (y1 - y0) * 0.06
        ws.cell(row=row, column=1, value=corner_x)
        ws.cell(row=row, column=2, value=corner_y)
        label = Series(
            Reference(ws, min_col=2, min_row=row),
            Reference(ws, min_col=1, min_row=row),
            title=str(QUADRANT_LABELS[quadrant]),
        )
        label.marker.symbol = "none"
        label.graphicalProperties = GraphicalProperties(ln=LineProperties(noFill=True))
        label.dLbls = _labels(QUADRANT_COLOURS[quadrant], position="l" if quadrant in ("green", "orange") else "r")
        chart.series.append(label)
        row += 1

    for (xa, ya), (xb, yb) in (((e_split, y_min), (e_split, y_max)), ((x_min, s_split), (x_max, s_split))):
        ws.cell(row=row, column=1, value=xa)
        ws.cell(row=row, column=2, value=ya)
        ws.cell(row=row + 1, column=1, value=xb)
        ws.cell(row=row + 1, column=2, value=yb)
        split = Series(
            Reference(ws, min_col=2, min_row=row, max_row=row + 1),
            Reference(ws, min_col=1, min_row=row, max_row=row + 1),
            title=_("Split line"),
        )
        split.marker.symbol = "none"
        split.graphicalProperties = _line("595959", 1.25, "dash")
        chart.series.append(split)
        row += 2

    for number, q in plotted:
        table_row = first + number - 1
        point = Series(
            Reference(ws, min_col=5, min_row=table_row),
            Reference(ws, min_col=6, min_row=table_row),
            title=str(number),
        )
        colour = QUADRANT_COLOURS[q.quadrant or ""]
        point.marker.symbol = "diamond" if q.unstable else "circle"
        point.marker.size = 9
        point.marker.graphicalProperties = GraphicalProperties(solidFill=colour, ln=LineProperties(solidFill="000000"))
        point.graphicalProperties = GraphicalProperties(ln=LineProperties(noFill=True))
        point.dLbls = _labels("000000", position="r")
        chart.series.append(point)
    return chart


def _labels(colour: str, position: str) -> DataLabelList:
    """Data labels that show the series name: the point's number or the field's name."""
    labels = DataLabelList()
    labels.showSerName = True
    labels.showVal = False
    labels.showCatName = False
    labels.showLegendKey = False
    labels.showPercent = False
    labels.position = position
    labels.txPr = RichText(
        p=[
            Paragraph(
                pPr=ParagraphProperties(defRPr=CharacterProperties(b=True, sz=1000, solidFill=colour)),
                endParaRPr=CharacterProperties(),
            )
        ]
    )
    return labels
