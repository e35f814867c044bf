"""The analysis as an Excel workbook a quality developer can paste into the annual report.

Sheets: Sammanfattning, Frågor, Grupper, Åtgärdsmatris (the table with the
matrix picture beside it), Matrisdiagram (an editable native scatter chart, see
`analys.xlsx_matrix`), Kommentarer (only when comments are given: texts alone, in random
order; a provider's own only from `min_n` responses), Metod, and the hidden
Diagramdata (the chart's helper numbers, never printed). Means are shown with
one decimal, effects and split lines with two;
suppressed figures read "För få svar"; headers name questions by code and text.
Every sheet prints on A4, one page wide, with tables kept whole
(`analys.xlsx_print`). Every value goes through `common.xlsx.safe_cell` on its
way into a cell (`analys.xlsx_sheet`).
"""

from __future__ import annotations

import io
import math

from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from analys.core.result import Figure, QuestionResult, WeightingReason
from analys.figures import matrix_figure, render
from analys.labels import METHOD_LABELS, percent_text, weighting_reason_text
from analys.loading import SurveyAnalysis
from analys.xlsx_matrix import matrix_chart_sheet, matrix_sheet
from analys.xlsx_print import embed_picture, keep_tables_whole, print_setup
from analys.xlsx_sheet import (
    INTEGER,
    PERCENT,
    TITLE,
    TWO_DECIMALS,
    Sheet,
    or_dash,
    question_label,
    suppressed_text,
    title,
)
from register.dimensions import UNKNOWN_VALUE, age_sort_key, dim_label, value_label

SHEETS = ("Sammanfattning", "Frågor", "Grupper", "Åtgärdsmatris", "Matrisdiagram", "Kommentarer", "Metod")
CHART_DATA_SHEET = "Diagramdata"
MATRIX_PICTURE_WIDTH = 480  # pixels at screen resolution
MATRIX_PICTURE_ANCHOR = "O4"
GROUP_SHEET_DIMS = ("status", "programme", "provider")
# The annual report's gender columns after Totalt.
REPORT_GENDERS = ("kvinna", "man")


def analysis_workbook(result: SurveyAnalysis, comments: list[str] | None = None) -> Workbook:
    """The workbook for one analysis result; `comments` None leaves out the Kommentarer sheet."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Sammanfattning"
    summary_tables = _summary(Sheet(summary), result)
    keep_tables_whole(summary, summary_tables, landscape=False)
    print_setup(summary)
    questions = workbook.create_sheet("Frågor")
    tables = _questions(Sheet(questions), result)
    keep_tables_whole(questions, tables, landscape=True, repeated_rows=2)
    print_setup(questions, landscape=True, title_rows=(1, 2))
    groups = workbook.create_sheet("Grupper")
    tables = _groups(Sheet(groups), result)
    keep_tables_whole(groups, tables, landscape=True, repeated_rows=2)
    print_setup(groups, landscape=True, title_rows=(1, 2))
    _matrix(workbook, result)
    if comments is not None:
        sheet = workbook.create_sheet("Kommentarer")
        _comments(Sheet(sheet), comments)
        print_setup(sheet, landscape=True, title_rows=(3, 3))
    method = workbook.create_sheet("Metod")
    _method(Sheet(method), result)
    print_setup(method)
    workbook.move_sheet(CHART_DATA_SHEET, offset=len(workbook.sheetnames))
    return workbook


def _matrix(workbook: Workbook, result: SurveyAnalysis) -> None:
    """The table with the picture beside it; the editable chart on its own sheet, its data hidden."""
    ws = workbook.create_sheet("Åtgärdsmatris")
    header_row = matrix_sheet(Sheet(ws), result)
    figure = matrix_figure(result, key=False)
    extra = 0.0
    if figure is not None:
        picture = embed_picture(ws, render(figure, "png"), MATRIX_PICTURE_ANCHOR, MATRIX_PICTURE_WIDTH)
        extra = (picture.width + 20) * 0.75
        ws.column_dimensions["N"].width = 2
    print_setup(ws, landscape=True, title_rows=(header_row, header_row))
    ws.page_setup.fitToHeight = 1  # the table, its legend and the picture on one page, whatever the labels' length
    if figure is not None:
        # The print area reaches across the picture (default columns are 64 pixels wide).
        last_column = get_column_letter(15 + math.ceil(MATRIX_PICTURE_WIDTH / 64))
        ws.print_area = f"A1:{last_column}{max(ws.max_row, 4 + math.ceil(picture.height / 20))}"
    keep_tables_whole(ws, [(1, ws.max_row)], landscape=True, extra_width=extra)
    chart_ws = workbook.create_sheet("Matrisdiagram")
    data_ws = workbook.create_sheet(CHART_DATA_SHEET)
    data_ws.sheet_state = "hidden"
    matrix_chart_sheet(Sheet(chart_ws), Sheet(data_ws), result, ws, header_row)
    print_setup(chart_ws, landscape=True)
    chart_ws.print_area = "A1:P32"
    chart_ws.page_setup.fitToHeight = 1


def analysis_xlsx(result: SurveyAnalysis, comments: list[str] | None = None) -> bytes:
    buffer = io.BytesIO()
    analysis_workbook(result, comments).save(buffer)
    return buffer.getvalue()


def _summary(sheet: Sheet, result: SurveyAnalysis) -> list[tuple[int, int]]:
    row = title(sheet, result, _("Summary"))
    sheet.put(row, 1, _("Invited"), bold=True)
    sheet.put(row, 2, result.n_invited if result.n_invited is not None else _("Unknown"), INTEGER)
    sheet.put(row + 1, 1, _("Responses"), bold=True)
    sheet.put(row + 1, 2, result.n_responses, INTEGER)
    sheet.put(row + 2, 1, _("Response rate"), bold=True)
    rate = result.response_rate
    sheet.put(row + 2, 2, rate if rate is not None else _("Unknown"), PERCENT)
    row += 4
    weighted = result.weighted
    headers = [_("Area"), _("Index"), _("n")]
    if weighted:
        headers.append(_("Weighted index"))
    sheet.header(row, headers)
    for area, figure in result.areas.items():
        row += 1
        sheet.put(row, 1, area)
        sheet.figure(row, 2, figure)
        sheet.put(row, 3, figure.n, INTEGER)
        if weighted:
            sheet.figure(row, 4, weighted.areas.get(area))
    if weighted:
        row += 1
        sheet.put(
            row,
            1,
            _("Weighted: design effect %(deff)s, effective sample size %(ess)s.")
            % {
                "deff": localize(round(weighted.design_effect or 0.0, 2)),
                "ess": localize(round(weighted.effective_sample_size or 0.0, 1)),
            },
        )
        if not weighted.converged:
            row += 1
            sheet.put(row, 1, not_converged_text(result.weighting.iterations))
    tables = [(1, row)]
    row += 2
    sheet.put(row, 1, _("Effect method: %(method)s") % {"method": METHOD_LABELS.get(result.method, result.method)})
    sheet.put(
        row + 1,
        1,
        _("Groups with fewer than %(min_n)s answers read “%(text)s”.")
        % {
            "min_n": result.min_n,
            "text": suppressed_text(),
        },
    )
    sheet.widths({1: 28, 2: 12, 3: 8, 4: 16})
    return tables


def _gender_and_age_columns(result: SurveyAnalysis) -> list[tuple[str, str, str]]:
    """(dim, value, header) for the report's columns after Totalt: Kvinna, Man, then the age groups."""
    groups = result.groups
    columns: list[tuple[str, str, str]] = []
    if "gender" in groups:
        present = {g.value for g in groups["gender"]}  # none, say, when closing generalised every gender
        for value in REPORT_GENDERS:
            if value in present:
                columns.append(("gender", value, value_label("gender", value)))
    if "age_group" in groups:
        values = sorted((g.value for g in groups["age_group"] if g.value != UNKNOWN_VALUE), key=age_sort_key)
        columns.extend(("age_group", value, value) for value in values)
    return columns


def _group_figure(result: SurveyAnalysis, dim: str, value: str, kind: str, key: str) -> Figure:
    for group in result.groups.get(dim, []):
        if group.value == value:
            return (group.questions if kind == "questions" else group.areas)[key]
    return Figure(0, None)


def _questions(sheet: Sheet, result: SurveyAnalysis) -> list[tuple[int, int]]:
    row = title(sheet, result, _("Mean per question"))
    columns = _gender_and_age_columns(result)
    headers = [_("No."), _("Question"), _("Area"), _("Total"), *[header for _dim, _value, header in columns]]
    tables = []
    for block, (caption, counts) in enumerate(((_("Means"), False), (_("Number of answers (n)"), True))):
        if block:
            row += 2
        start = row
        sheet.put(row, 1, caption, bold=True)
        row += 1
        sheet.header(row, headers)
        for number, question in enumerate(result.questions, start=1):
            row += 1
            sheet.put(row, 1, number, INTEGER)
            sheet.put(row, 2, question_label(question))
            sheet.ws.cell(row=row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
            sheet.put(row, 3, question.area)
            _figure_or_n(sheet, row, 4, question, counts)
            for offset, (dim, value, _header) in enumerate(columns):
                _figure_or_n(
                    sheet, row, 5 + offset, _group_figure(result, dim, value, "questions", question.code), counts
                )
        for area, figure in result.areas.items():
            row += 1
            sheet.put(row, 2, _("Index: %(area)s") % {"area": area}, bold=True)
            sheet.put(row, 3, area)
            _figure_or_n(sheet, row, 4, figure, counts)
            for offset, (dim, value, _header) in enumerate(columns):
                _figure_or_n(sheet, row, 5 + offset, _group_figure(result, dim, value, "areas", area), counts)
        tables.append((start, row))
    sheet.widths({1: 5, 2: 60, 3: 14, **{c: 11 for c in range(4, 5 + len(columns))}})
    sheet.ws.freeze_panes = "D1"
    return tables


def _figure_or_n(sheet: Sheet, row: int, column: int, figure: Figure | QuestionResult, counts: bool) -> None:
    if counts:
        sheet.put(row, column, int(figure.n), INTEGER)
    else:
        sheet.figure(row, column, figure)


def _group_dims(result: SurveyAnalysis) -> list[str]:
    present = list(result.groups)
    first = [d for d in GROUP_SHEET_DIMS if d in present]
    rest = [d for d in present if d not in first and d not in ("gender", "age_group")]
    return first + rest


def _groups(sheet: Sheet, result: SurveyAnalysis) -> list[tuple[int, int]]:
    row = title(sheet, result, _("Indices and means per group"))
    areas = list(result.areas)
    codes = [q.code for q in result.questions]
    labels = [question_label(q, 34) for q in result.questions]
    tables = []
    for dim in _group_dims(result):
        start = row
        sheet.put(row, 1, dim_label(dim), bold=True)
        row += 1
        sheet.header(row, [_("Group"), _("Respondents"), *areas, *labels])
        for group in result.groups[dim]:
            row += 1
            sheet.put(row, 1, value_label(dim, group.value))
            sheet.put(row, 2, group.n, INTEGER)
            for offset, area in enumerate(areas):
                sheet.figure(row, 3 + offset, group.areas[area])
            for offset, code in enumerate(codes):
                sheet.figure(row, 3 + len(areas) + offset, group.questions[code])
        tables.append((start, row))
        row += 2
    sheet.widths({1: 30, 2: 12, **{c: 11 for c in range(3, 3 + len(areas) + len(codes))}})
    return tables


def _comments(sheet: Sheet, comments: list[str]) -> None:
    """The texts alone, in the random order `analys.loading.comments` gives: no group, no date."""
    sheet.put(1, 1, _("Comments"))
    sheet.ws.cell(row=1, column=1).font = TITLE
    sheet.put(2, 1, _("In random order, without groups, so that no comment can be traced to its writer."))
    sheet.header(3, [_("Comment")])
    for offset, text in enumerate(comments):
        row = 4 + offset
        sheet.put(row, 1, text)
        sheet.ws.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.widths({1: 100})


def _method(sheet: Sheet, result: SurveyAnalysis) -> None:
    row = title(sheet, result, _("Method"))
    weighting = result.weighting
    bootstrap = result.bootstrap
    facts: list[tuple[str, object, str | None]] = [
        (_("Smallest group shown (min_n)"), result.min_n, INTEGER),
        (_("Effect method"), str(METHOD_LABELS.get(result.method, result.method)), None),
        (_("Method code"), result.method, None),
        (_("Uncertainty"), result.uncertainty_method, None),
        (_("Bootstrap resamples"), bootstrap.resamples if bootstrap else 0, INTEGER),
        (_("Seed"), or_dash(bootstrap.seed if bootstrap else None), INTEGER),
        (_("Satisfaction split"), or_dash(result.matrix.satisfaction_split), TWO_DECIMALS),
        (_("Effect split"), or_dash(result.matrix.effect_split), TWO_DECIMALS),
        (_("NKI questions plotted"), _("Yes") if result.matrix.plot_nki_questions else _("No"), None),
        (_("Weighting"), _weighting_text(result), None),
        (_("Design effect"), or_dash(weighting.design_effect), TWO_DECIMALS),
        (_("Effective sample size"), or_dash(weighting.effective_sample_size), TWO_DECIMALS),
        (_("Weighting converged"), _converged_text(result), None),
        (_("Created"), timezone.localtime().strftime("%Y-%m-%d %H:%M"), None),
    ]
    for label, value, number_format in facts:
        sheet.put(row, 1, label, bold=True)
        sheet.put(row, 2, value, number_format)
        row += 1
    row += 1
    sheet.put(row, 1, _("Definitions"), bold=True)
    for text in _definitions(result):
        sheet.put(row, 2, text)
        sheet.ws.cell(row=row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    sheet.widths({1: 34, 2: 70})


def _number(value: float) -> str:
    """0.2 -> "0,2" in Swedish; 5.0 -> "5"."""
    return str(localize(int(value) if float(value).is_integer() else value))


def not_converged_text(iterations: int) -> str:
    return _(
        "The weighting did not converge: after %(iterations)s rounds of raking the weighted shares still "
        "differ from the invited ones, so the weighted figures only approximate the invited margins."
    ) % {"iterations": iterations}


def _converged_text(result: SurveyAnalysis) -> str:
    if not result.weighted:
        return "–"
    if result.weighted.converged:
        return _("Yes")
    return _(
        "No: after %(iterations)s rounds of raking the weighted shares still differ from the invited ones, "
        "so the weighted figures only approximate the invited margins."
    ) % {"iterations": result.weighting.iterations}


def _weighting_text(result: SurveyAnalysis) -> str:
    weighting = result.weighting
    if result.weighted:
        low, high = weighting.trim
        return _(
            "Raking to the invited margins of %(dims)s (iterative proportional fitting, at most %(iterations)s "
            "iterations, weights trimmed to [%(low)s, %(high)s]); weighted figures are shown next to the "
            "unweighted ones."
        ) % {
            "dims": ", ".join(dim_label(d) for d in weighting.dims),
            "iterations": weighting.max_iterations,
            "low": _number(low),
            "high": _number(high),
        }
    if weighting.reason == WeightingReason.NOT_REQUESTED:
        return _("Not requested: unweighted figures only.")
    return _("Not applied (%(reason)s): unweighted figures only.") % {"reason": weighting_reason_text(weighting)}


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
        "Groups: when the survey closed, a response's group was recorded as unknown where needed, so that every "
        "combination of gender, age group, programme, provider, status and language is shared by at least min_n "
        "responses (answers imported from earlier years are kept as imported). Comments are listed without groups, "
        "in random order."
    ),
)


def _definitions(result: SurveyAnalysis) -> list[str]:
    uncertainty = _(
        "Uncertainty: %(level)s intervals from a seeded bootstrap over respondents; stability is the share of "
        "resamples in which a point stays in its field."
    ) % {"level": percent_text(result.confidence)}
    return [*(str(text) for text in DEFINITIONS), uncertainty]
