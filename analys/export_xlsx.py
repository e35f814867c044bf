"""The analysis as an Excel workbook a quality developer can paste into the annual report.

Sheets: Sammanfattning, Frågor, Grupper, Åtgärdsmatris (table and a native
scatter chart), Kommentarer (only when comments are given: never for a
provider) and Metod. Numbers are stored as numbers and shown with one
decimal; suppressed figures read "För få svar". Every value goes through
`register.xlsx.safe_cell` on its way into a cell.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.formats import number_format as localized_number
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.chart import Reference, ScatterChart, Series
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.layout import Layout, ManualLayout
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from analys.labels import (
    FIELD_COLOURS,
    METHOD_LABELS,
    QUADRANT_COLOURS,
    QUADRANT_LABELS,
    QUADRANT_MEANINGS,
    age_sort_key,
    dim_label,
    value_label,
)
from register.xlsx import safe_cell

SHEETS = ("Sammanfattning", "Frågor", "Grupper", "Åtgärdsmatris", "Kommentarer", "Metod")
ONE_DECIMAL = "0.0"
PERCENT = "0.0%"
INTEGER = "0"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="E7ECF1")
GROUP_SHEET_DIMS = ("status", "programme", "provider")
# Rows of the serpentine line that shades each field of the chart (see `_field_series`).
FIELD_PASSES = 24
FIELD_LINE_PT = 7


def suppressed_text() -> str:
    return _("Too few answers")


class _Sheet:
    """Writes cells row by row; every value passes safe_cell."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws

    def put(self, row: int, column: int, value: object, number_format: str | None = None, bold: bool = False) -> None:
        cell = self.ws.cell(row=row, column=column, value=safe_cell(value))
        if number_format and isinstance(value, int | float):
            cell.number_format = number_format
        if bold:
            cell.font = BOLD

    def figure(self, row: int, column: int, figure: dict[str, Any] | None, number_format: str = ONE_DECIMAL) -> None:
        """A mean, or "För få svar" when it is suppressed (or there is nothing to show)."""
        mean = figure.get("mean") if figure else None
        if mean is None:
            self.put(row, column, suppressed_text())
            self.ws.cell(row=row, column=column).alignment = Alignment(horizontal="right")
        else:
            self.put(row, column, float(mean), number_format)

    def header(self, row: int, values: Sequence[object], start: int = 1) -> None:
        for offset, value in enumerate(values):
            self.put(row, start + offset, value, bold=True)
            self.ws.cell(row=row, column=start + offset).fill = HEADER_FILL

    def widths(self, widths: dict[int, float]) -> None:
        for column, width in widths.items():
            self.ws.column_dimensions[get_column_letter(column)].width = width


def analysis_workbook(result: dict[str, Any], comments: list[dict[str, str]] | None = None) -> Workbook:
    """The workbook for one analysis result; `comments` None leaves out the Kommentarer sheet."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Sammanfattning"
    _summary(_Sheet(summary), result)
    _questions(_Sheet(workbook.create_sheet("Frågor")), result)
    _groups(_Sheet(workbook.create_sheet("Grupper")), result)
    _matrix(_Sheet(workbook.create_sheet("Åtgärdsmatris")), result)
    if comments is not None:
        _comments(_Sheet(workbook.create_sheet("Kommentarer")), comments)
    _method(_Sheet(workbook.create_sheet("Metod")), result)
    return workbook


def analysis_xlsx(result: dict[str, Any], comments: list[dict[str, str]] | None = None) -> bytes:
    buffer = io.BytesIO()
    analysis_workbook(result, comments).save(buffer)
    return buffer.getvalue()


def _title(sheet: _Sheet, result: dict[str, Any], heading: str) -> int:
    sheet.put(1, 1, heading)
    sheet.ws.cell(row=1, column=1).font = TITLE
    sheet.put(2, 1, result.get("survey_name") or result["survey"])
    scope = (result.get("scope") or {}).get("provider")
    if scope:
        sheet.put(3, 1, _("Only the customers of %(provider)s.") % {"provider": scope})
        return 5
    return 4


def _summary(sheet: _Sheet, result: dict[str, Any]) -> None:
    row = _title(sheet, result, _("Summary"))
    sheet.put(row, 1, _("Invited"), bold=True)
    sheet.put(row, 2, result["n_invited"] if result["n_invited"] is not None else _("Unknown"), INTEGER)
    sheet.put(row + 1, 1, _("Responses"), bold=True)
    sheet.put(row + 1, 2, result["n_responses"], INTEGER)
    sheet.put(row + 2, 1, _("Response rate"), bold=True)
    rate = result["response_rate"]
    sheet.put(row + 2, 2, rate if rate is not None else _("Unknown"), PERCENT)
    row += 4
    weighted = result.get("weighted")
    headers = [_("Area"), _("Index"), _("n")]
    if weighted:
        headers.append(_("Weighted index"))
    sheet.header(row, headers)
    for area, figure in result["areas"].items():
        row += 1
        sheet.put(row, 1, area)
        sheet.figure(row, 2, figure)
        sheet.put(row, 3, figure["n"], INTEGER)
        if weighted:
            sheet.figure(row, 4, weighted["areas"].get(area))
    if weighted:
        weighting = result.get("weighting") or {}
        row += 1
        sheet.put(
            row,
            1,
            _("Weighted: design effect %(deff)s, effective sample size %(ess)s.")
            % {
                "deff": localized_number(weighting.get("design_effect") or 0, 2),
                "ess": localized_number(weighting.get("effective_sample_size") or 0, 1),
            },
        )
        if not weighting.get("converged"):
            row += 1
            sheet.put(
                row,
                1,
                _(
                    "The weighting did not converge: after %(iterations)s rounds of raking the weighted shares still "
                    "differ from the invited ones, so the weighted figures only approximate the invited margins."
                )
                % {"iterations": weighting.get("iterations")},
            )
    row += 2
    sheet.put(
        row, 1, _("Effect method: %(method)s") % {"method": METHOD_LABELS.get(result["method"], result["method"])}
    )
    sheet.put(
        row + 1,
        1,
        _("Groups with fewer than %(min_n)s answers read “%(text)s”.")
        % {
            "min_n": result["min_n"],
            "text": suppressed_text(),
        },
    )
    sheet.widths({1: 28, 2: 12, 3: 8, 4: 16})


def _gender_and_age_columns(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(dim, value, header) for the report's columns after Totalt: Kvinna, Man, then the age groups."""
    groups = result["groups"]
    columns: list[tuple[str, str, str]] = []
    if "gender" in groups:
        for value in ("kvinna", "man"):
            columns.append(("gender", value, value_label("gender", value)))
    if "age_group" in groups:
        values = sorted((g["value"] for g in groups["age_group"] if g["value"] != "okänd"), key=age_sort_key)
        columns.extend(("age_group", value, value) for value in values)
    return columns


def _group_figure(result: dict[str, Any], dim: str, value: str, kind: str, key: str) -> dict[str, Any]:
    for group in result["groups"].get(dim, []):
        if group["value"] == value:
            return group[kind][key]
    return {"n": 0, "mean": None}


def _questions(sheet: _Sheet, result: dict[str, Any]) -> None:
    row = _title(sheet, result, _("Mean per question"))
    columns = _gender_and_age_columns(result)
    headers = [_("No."), _("Question"), _("Area"), _("Total"), *[header for _dim, _value, header in columns]]
    for block, (caption, counts) in enumerate(((_("Means"), False), (_("Number of answers (n)"), True))):
        if block:
            row += 2
        sheet.put(row, 1, caption, bold=True)
        row += 1
        sheet.header(row, headers)
        for number, question in enumerate(result["questions"], start=1):
            row += 1
            sheet.put(row, 1, number, INTEGER)
            sheet.put(row, 2, question["text"] or question["code"])
            sheet.put(row, 3, question["area"])
            _figure_or_n(sheet, row, 4, question, counts)
            for offset, (dim, value, _header) in enumerate(columns):
                _figure_or_n(
                    sheet, row, 5 + offset, _group_figure(result, dim, value, "questions", question["code"]), counts
                )
        for area, figure in result["areas"].items():
            row += 1
            sheet.put(row, 2, _("Index: %(area)s") % {"area": area}, bold=True)
            sheet.put(row, 3, area)
            _figure_or_n(sheet, row, 4, figure, counts)
            for offset, (dim, value, _header) in enumerate(columns):
                _figure_or_n(sheet, row, 5 + offset, _group_figure(result, dim, value, "areas", area), counts)
    sheet.widths({1: 5, 2: 60, 3: 14, **{c: 11 for c in range(4, 5 + len(columns))}})
    sheet.ws.freeze_panes = "D1"


def _figure_or_n(sheet: _Sheet, row: int, column: int, figure: dict[str, Any], counts: bool) -> None:
    if counts:
        sheet.put(row, column, int(figure["n"]), INTEGER)
    else:
        sheet.figure(row, column, figure)


def _group_dims(result: dict[str, Any]) -> list[str]:
    present = list(result["groups"])
    first = [d for d in GROUP_SHEET_DIMS if d in present]
    rest = [d for d in present if d not in first and d not in ("gender", "age_group")]
    return first + rest


def _groups(sheet: _Sheet, result: dict[str, Any]) -> None:
    row = _title(sheet, result, _("Indices and means per group"))
    areas = list(result["areas"])
    codes = [q["code"] for q in result["questions"]]
    for dim in _group_dims(result):
        sheet.put(row, 1, dim_label(dim), bold=True)
        row += 1
        sheet.header(row, [_("Group"), _("Respondents"), *areas, *codes])
        for group in result["groups"][dim]:
            row += 1
            sheet.put(row, 1, value_label(dim, group["value"]))
            sheet.put(row, 2, group["n"], INTEGER)
            for offset, area in enumerate(areas):
                sheet.figure(row, 3 + offset, group["areas"][area])
            for offset, code in enumerate(codes):
                sheet.figure(row, 3 + len(areas) + offset, group["questions"][code])
        row += 2
    sheet.widths({1: 34, 2: 12, **{c: 11 for c in range(3, 3 + len(areas) + len(codes))}})


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


def _matrix(sheet: _Sheet, result: dict[str, Any]) -> None:
    ws = sheet.ws
    sheet.put(1, 1, _("Action matrix"))
    ws.cell(row=1, column=1).font = TITLE
    sheet.put(2, 1, _("Effect method: %(method)s") % {"method": METHOD_LABELS.get(result["method"], result["method"])})
    header_row = 4
    sheet.header(header_row, [str(h) for h in MATRIX_HEADERS])
    first = header_row + 1
    for number, q in enumerate(result["questions"], start=1):
        row = first + number - 1
        sheet.put(row, 1, number, INTEGER)
        sheet.put(row, 2, q["text"] or q["code"])
        sheet.put(row, 3, q["area"])
        sheet.put(row, 4, q["n"], INTEGER)
        sheet.figure(row, 5, q)
        sheet.put(row, 6, q["effect"] if q["effect"] is not None else "–", ONE_DECIMAL)
        sheet.put(row, 7, str(QUADRANT_LABELS[q["quadrant"]]) if q["quadrant"] else _("Not plotted"))
        for offset, interval in enumerate((q["mean_ci"], q["effect_ci"])):
            for side in range(2):
                value = interval[side] if interval else "–"
                sheet.put(row, 8 + 2 * offset + side, value, ONE_DECIMAL)
        sheet.put(row, 12, q["stability"] if q["stability"] is not None else "–", PERCENT)
        sheet.put(row, 13, (_("Yes") if q["unstable"] else _("No")) if q["unstable"] is not None else "–")
    last = first + len(result["questions"]) - 1
    row = last + 2
    matrix = result["matrix"]
    sheet.put(row, 1, _("Satisfaction split"), bold=True)
    sheet.put(row, 5, matrix["satisfaction_split"] if matrix["satisfaction_split"] is not None else "–", ONE_DECIMAL)
    sheet.put(row + 1, 1, _("Effect split"), bold=True)
    sheet.put(row + 1, 6, matrix["effect_split"] if matrix["effect_split"] is not None else "–", ONE_DECIMAL)
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
        % {"level": "95 %", "share": "80 %"},
    )
    sheet.widths({1: 10, 2: 60, 3: 14, **{c: 12 for c in range(4, 14)}})
    plotted = [(n, q) for n, q in enumerate(result["questions"], start=1) if q["plotted"]]
    if plotted and matrix["satisfaction_split"] is not None and matrix["effect_split"] is not None:
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
    ws: Worksheet, result: dict[str, Any], plotted: list[tuple[int, dict[str, Any]]], first: int, helper_row: int
) -> ScatterChart:
    """A native scatter chart: shaded fields, the split lines, then one numbered point per question.

    Excel has no filled rectangle in a scatter chart, so each field is a pale
    serpentine line series whose passes overlap; points are drawn after it.
    """
    matrix = result["matrix"]
    s_split, e_split = float(matrix["satisfaction_split"]), float(matrix["effect_split"])
    means = [float(q["mean"]) for _n, q in plotted]
    effects = [float(q["effect"]) for _n, q in plotted]
    for _n, q in plotted:
        if q["mean_ci"]:
            means.extend(q["mean_ci"])
        if q["effect_ci"]:
            effects.extend(q["effect_ci"])
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
        colour = QUADRANT_COLOURS[q["quadrant"]]
        point.marker.symbol = "diamond" if q.get("unstable") else "circle"
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


COMMENT_COLUMNS = ("gender", "age_group", "programme", "provider", "status", "language")


def _comments(sheet: _Sheet, comments: list[dict[str, str]]) -> None:
    sheet.put(1, 1, _("Comments"))
    sheet.ws.cell(row=1, column=1).font = TITLE
    sheet.header(3, [_("Comment"), *[dim_label(c) for c in COMMENT_COLUMNS]])
    for offset, item in enumerate(comments):
        row = 4 + offset
        sheet.put(row, 1, item["comment"])
        sheet.ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        for index, column in enumerate(COMMENT_COLUMNS, start=2):
            sheet.put(row, index, value_label(column, item.get(column) or "okänd"))
    sheet.widths({1: 70, **{c: 16 for c in range(2, 8)}})


def _method(sheet: _Sheet, result: dict[str, Any]) -> None:
    row = _title(sheet, result, _("Method"))
    weighting = result.get("weighting") or {}
    bootstrap = result.get("bootstrap") or {}
    facts: list[tuple[str, object, str | None]] = [
        (_("Smallest group shown (min_n)"), result["min_n"], INTEGER),
        (_("Effect method"), str(METHOD_LABELS.get(result["method"], result["method"])), None),
        (_("Method code"), result["method"], None),
        (_("Uncertainty"), result.get("uncertainty_method", "none"), None),
        (_("Bootstrap resamples"), bootstrap.get("resamples", 0), INTEGER),
        (_("Seed"), bootstrap.get("seed") if bootstrap.get("seed") is not None else "–", INTEGER),
        (
            _("Satisfaction split"),
            result["matrix"]["satisfaction_split"] if result["matrix"]["satisfaction_split"] is not None else "–",
            ONE_DECIMAL,
        ),
        (
            _("Effect split"),
            result["matrix"]["effect_split"] if result["matrix"]["effect_split"] is not None else "–",
            ONE_DECIMAL,
        ),
        (_("NKI questions plotted"), _("Yes") if result["matrix"].get("plot_nki_questions") else _("No"), None),
        (_("Weighting"), _weighting_text(result), None),
        (
            _("Design effect"),
            weighting.get("design_effect") if weighting.get("design_effect") is not None else "–",
            ONE_DECIMAL,
        ),
        (
            _("Effective sample size"),
            weighting.get("effective_sample_size") if weighting.get("effective_sample_size") is not None else "–",
            ONE_DECIMAL,
        ),
        (_("Weighting converged"), _converged_text(result), None),
        (_("Created"), timezone.localtime().strftime("%Y-%m-%d %H:%M"), None),
    ]
    for label, value, number_format in facts:
        sheet.put(row, 1, label, bold=True)
        sheet.put(row, 2, value, number_format)
        row += 1
    row += 1
    sheet.put(row, 1, _("Definitions"), bold=True)
    for text in DEFINITIONS:
        row += 1
        sheet.put(row, 1, str(text))
    sheet.widths({1: 40, 2: 50})


def _converged_text(result: dict[str, Any]) -> str:
    weighting = result.get("weighting") or {}
    if not result.get("weighted"):
        return "–"
    if weighting.get("converged"):
        return _("Yes")
    return _(
        "No: after %(iterations)s rounds of raking the weighted shares still differ from the invited ones, "
        "so the weighted figures only approximate the invited margins."
    ) % {"iterations": weighting.get("iterations")}


def _weighting_text(result: dict[str, Any]) -> str:
    weighting = result.get("weighting") or {}
    if result.get("weighted"):
        return _(
            "Raking to the invited margins of %(dims)s (iterative proportional fitting, at most 50 iterations, "
            "weights trimmed to [0.2, 5]); weighted figures are shown next to the unweighted ones."
        ) % {"dims": ", ".join(dim_label(d) for d in weighting.get("dims", []))}
    reason = weighting.get("reason") or ""
    if reason == "not requested":
        return _("Not requested: unweighted figures only.")
    return _("Not applied (%(reason)s): unweighted figures only.") % {"reason": reason}


DEFINITIONS = (
    gettext_lazy("Valid answer: an integer 1–5. “Don't know / not applicable” and blanks are missing."),
    gettext_lazy("Question mean: the mean of the valid answers; n is their count."),
    gettext_lazy(
        "Respondent area score: the mean of one respondent's valid answers to the area's questions, "
        "defined when at least half of them (rounded up) are answered."
    ),
    gettext_lazy(
        "Area index (NKI is the index of area NKI): the mean of the defined respondent area scores; n is their count."
    ),
    gettext_lazy(
        "Suppression: a figure with n below min_n reads “Too few answers”; complementary figures are hidden too, "
        "so that none can be recovered by subtraction."
    ),
    gettext_lazy(
        "How hidden figures stay hidden: this workbook, the analysis page and the JSON are treated as one set. "
        "With the numbers of answers shown, every shown mean gives a sum, and the sums are tied together: groups "
        "add up to the total, an area index to its questions (exactly when everyone in the group answered all of "
        "the area's questions), and weighted figures to the groups they are weighted from. Further figures are "
        "hidden until no hidden figure, and no sum over fewer than min_n respondents, can be worked out from the "
        "shown ones by any such arithmetic, checked by solving the whole system exactly. The survey totals are "
        "always shown; a weighted figure is hidden when it would give a hidden figure away."
    ),
    gettext_lazy("Response rate: respondents / invited."),
    gettext_lazy("Effect: how strongly a question goes with general satisfaction (NKI), by the named method."),
    gettext_lazy(
        "Split lines: the mean of the plotted means and of the plotted effects, unless given; "
        "a point on a line counts as high."
    ),
    gettext_lazy(
        "Uncertainty: 95-percent intervals from a seeded bootstrap over respondents; stability is the share of "
        "resamples in which a point stays in its field."
    ),
)
