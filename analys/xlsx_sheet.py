"""Writing cells for the analysis workbook: every value through `safe_cell`, the shared formats."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from analys.core.result import Figure, QuestionResult
from analys.loading import SurveyAnalysis
from common.xlsx import safe_cell

ONE_DECIMAL = "0.0"
TWO_DECIMALS = "0.00"
PERCENT = "0.0%"
INTEGER = "0"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="E7ECF1")


def short_text(text: str, width: int = 40) -> str:
    """A question's text cut to a header's length."""
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder="…")


def question_label(question: QuestionResult, width: int | None = None) -> str:
    """The question's code beside its text (short form when `width` is given): "q1 Har stödet …"."""
    if not question.text:
        return question.code
    return f"{question.code} {short_text(question.text, width) if width else question.text}"


def suppressed_text() -> str:
    return _("Too few answers")


def or_dash(value: object) -> object:
    """A value for a cell, or "–" for none."""
    return "–" if value is None else value


class Sheet:
    """Writes cells row by row; every value passes safe_cell."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws

    def put(self, row: int, column: int, value: object, number_format: str | None = None, bold: bool = False) -> None:
        cell = self.ws.cell(row=row, column=column, value=safe_cell(value))
        if number_format and isinstance(value, int | float):
            cell.number_format = number_format
        if bold:
            cell.font = BOLD

    def figure(
        self, row: int, column: int, figure: Figure | QuestionResult | None, number_format: str = ONE_DECIMAL
    ) -> None:
        """A mean, or "För få svar" when it is suppressed (or there is nothing to show)."""
        mean = figure.mean if figure is not None else None
        if mean is None:
            self.put(row, column, suppressed_text())
            self.ws.cell(row=row, column=column).alignment = Alignment(horizontal="right")
        else:
            self.put(row, column, float(mean), number_format)

    def header(self, row: int, values: Sequence[object], start: int = 1) -> None:
        for offset, value in enumerate(values):
            self.put(row, start + offset, value, bold=True)
            cell = self.ws.cell(row=row, column=start + offset)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    def widths(self, widths: dict[int, float]) -> None:
        for column, width in widths.items():
            self.ws.column_dimensions[get_column_letter(column)].width = width


def title(sheet: Sheet, result: SurveyAnalysis, heading: str) -> int:
    sheet.put(1, 1, heading)
    sheet.ws.cell(row=1, column=1).font = TITLE
    sheet.put(2, 1, result.survey_name or result.survey)
    scope = result.scope_provider
    if scope:
        sheet.put(3, 1, _("Only the customers of %(provider)s.") % {"provider": scope})
        return 5
    return 4
