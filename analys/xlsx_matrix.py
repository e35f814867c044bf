"""The Åtgärdsmatris sheet (the matrix as a table) and the editable native scatter chart on its own sheet."""

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
from openpyxl.styles import Alignment, PatternFill
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
from analys.xlsx_sheet import BOLD, INTEGER, ONE_DECIMAL, PERCENT, TITLE, TWO_DECIMALS, Sheet, or_dash, question_label

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


def matrix_sheet(sheet: Sheet, result: SurveyAnalysis) -> int:
    """The matrix as a table, its picture beside it; returns the table's header row."""
    ws = sheet.ws
    sheet.put(1, 1, _("Action matrix"))
    ws.cell(row=1, column=1).font = TITLE
    sheet.put(2, 1, _("Effect method: %(method)s") % {"method": METHOD_LABELS.get(result.method, result.method)})
    header_row = 4
    sheet.header(header_row, [str(h) for h in MATRIX_HEADERS])
    for column in range(1, len(MATRIX_HEADERS) + 1):
        ws.cell(row=header_row, column=column).alignment = Alignment(wrap_text=True, vertical="top")
    first = header_row + 1
    for number, q in enumerate(result.questions, start=1):
        row = first + number - 1
        sheet.put(row, 1, number, INTEGER)
        sheet.put(row, 2, question_label(q))
        ws.cell(row=row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.put(row, 3, q.area)
        sheet.put(row, 4, q.n, INTEGER)
        sheet.figure(row, 5, q, TWO_DECIMALS)
        sheet.put(row, 6, or_dash(q.effect), TWO_DECIMALS)
        sheet.put(row, 7, str(QUADRANT_LABELS[q.quadrant]) if q.quadrant else _("Not plotted"))
        for offset, interval in enumerate((q.mean_ci, q.effect_ci)):
            for side in range(2):
                value = interval[side] if interval else "–"
                sheet.put(row, 8 + 2 * offset + side, value, TWO_DECIMALS)
        sheet.put(row, 12, or_dash(q.stability), PERCENT)
        sheet.put(row, 13, (_("Yes") if q.unstable else _("No")) if q.unstable is not None else "–")
    last = first + len(result.questions) - 1
    row = last + 2
    matrix = result.matrix
    sheet.put(row, 1, _("Satisfaction split"), bold=True)
    sheet.put(row, 5, or_dash(matrix.satisfaction_split), TWO_DECIMALS)
    sheet.put(row + 1, 1, _("Effect split"), bold=True)
    sheet.put(row + 1, 6, or_dash(matrix.effect_split), TWO_DECIMALS)
    row += 3
    for quadrant in ("green", "blue", "yellow", "orange"):
        ws.cell(row=row, column=1).fill = PatternFill("solid", fgColor=FIELD_COLOURS[quadrant])
        sheet.put(row, 2, f"{QUADRANT_LABELS[quadrant]}: {QUADRANT_MEANINGS[quadrant]}")
        ws.cell(row=row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    sheet.put(
        row + 1,
        2,
        _(
            "A point on a split line counts as high. Limits are those of a %(level)s interval. Unstable: the point "
            "stays in its field in less than %(share)s of the bootstrap resamples."
        )
        % {"level": percent_text(result.confidence), "share": percent_text(result.unstable_below)},
    )
    ws.cell(row=row + 1, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.widths({1: 5, 2: 40, 3: 12, 4: 5, **{c: 8.5 for c in range(5, 14)}, 7: 9})
    return header_row


def matrix_chart_sheet(sheet: Sheet, data: Sheet, result: SurveyAnalysis, table: Worksheet, header_row: int) -> bool:
    """The editable native chart on a sheet of its own; its helper numbers go to `data` (a hidden sheet)."""
    plotted = plotted_questions(result)
    sheet.put(1, 1, _("Action matrix (editable chart)"))
    sheet.ws.cell(row=1, column=1).font = TITLE
    if not plotted:
        sheet.put(3, 1, _("No question can be plotted: there are too few answers."))
        return False
    sheet.put(
        2,
        1,
        _(
            "Points, their numbers and the split lines can be edited. The coloured fields and the intervals are "
            "in the picture on the sheet %(sheet)s."
        )
        % {"sheet": table.title},
    )
    chart = _scatter_chart(data, table, result, plotted, header_row + 1)
    sheet.ws.add_chart(chart, "A4")
    return True


def _bounds(values: list[float], split: float, pad: float) -> tuple[float, float]:
    low = min([*values, split])
    high = max([*values, split])
    span = max(high - low, pad)
    return low - span * 0.1, high + span * 0.1


def _line(colour: str, width_pt: float, dash: str | None = None) -> GraphicalProperties:
    props = GraphicalProperties(ln=LineProperties(solidFill=colour, w=int(width_pt * 12700), prstDash=dash))
    return props


def _scatter_chart(
    data: Sheet, table: Worksheet, result: SurveyAnalysis, plotted: list[tuple[int, QuestionResult]], first: int
) -> ScatterChart:
    """A native scatter chart: the split lines, then one numbered point per question.

    A scatter chart has no filled rectangle, so the fields are not drawn here
    (an approximation spills over the split lines); the picture has them.
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
    chart.height = 14
    chart.width = 22
    chart.legend = None
    chart.x_axis.title = _("Effect")
    chart.y_axis.title = _("Satisfaction (mean)")
    chart.x_axis.scaling.min, chart.x_axis.scaling.max = x_min, x_max
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = y_min, y_max
    chart.x_axis.number_format = TWO_DECIMALS
    chart.y_axis.number_format = ONE_DECIMAL
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.majorGridlines = None
    chart.y_axis.majorGridlines = None
    chart.plot_area.layout = Layout(manualLayout=ManualLayout(x=0.1, y=0.1, w=0.85, h=0.75))

    data.ws.cell(row=1, column=1, value=_("Chart data for the sheet's editable chart (do not edit)")).font = BOLD
    data.ws.cell(row=2, column=1, value=_("Effect")).font = BOLD
    data.ws.cell(row=2, column=2, value=_("Satisfaction (mean)")).font = BOLD
    row = 3
    for (xa, ya), (xb, yb) in (((e_split, y_min), (e_split, y_max)), ((x_min, s_split), (x_max, s_split))):
        data.ws.cell(row=row, column=1, value=xa)
        data.ws.cell(row=row, column=2, value=ya)
        data.ws.cell(row=row + 1, column=1, value=xb)
        data.ws.cell(row=row + 1, column=2, value=yb)
        split = Series(
            Reference(data.ws, min_col=2, min_row=row, max_row=row + 1),
            Reference(data.ws, min_col=1, min_row=row, max_row=row + 1),
            title=_("Split line"),
        )
        split.marker.symbol = "none"
        split.graphicalProperties = _line("333333", 1.25, "dash")
        chart.series.append(split)
        row += 2

    for number, q in plotted:
        table_row = first + number - 1
        point = Series(
            Reference(table, min_col=5, min_row=table_row),
            Reference(table, min_col=6, min_row=table_row),
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
