"""How the analysis workbook prints: A4, fit to width, repeated headers, tables kept whole; the matrix picture.

LibreOffice and Excel both honour the print set-up written here. A table that
would straddle a page break starts on a new page instead (the heights are
estimated from the rows' wrapped text, on the safe side); a table longer than
a page repeats its header row on every page.
"""

from __future__ import annotations

import io
import textwrap
from copy import copy

from openpyxl.drawing.image import Image
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

# Page geometry in points: A4 less the default margins (0.7 in sides, 0.75 in top and bottom, header space).
A4 = {"portrait": (595 - 2 * 50, 842 - 2 * 54 - 40), "landscape": (842 - 2 * 50, 595 - 2 * 54 - 40)}
POINTS_PER_CHAR = 5.6  # one character of column width in the default font, generously
ROW_POINTS = 15.0
PIXELS_TO_POINTS = 0.75


def print_setup(ws: Worksheet, *, landscape: bool = False, title_rows: tuple[int, int] | None = None) -> None:
    """A4, one page wide, as many pages tall as needed, `title_rows` repeated on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    fit_row_heights(ws)
    if title_rows is not None:
        ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
    ws.print_area = f"A1:{get_column_letter(max(ws.max_column, 1))}{max(ws.max_row, 1)}"


def fit_row_heights(ws: Worksheet) -> None:
    """Give rows with wrapped text their height: LibreOffice does not grow them on opening."""
    for row in range(1, ws.max_row + 1):
        cells = ws[row]
        if any(c.alignment is not None and c.alignment.wrap_text and isinstance(c.value, str) for c in cells):
            ws.row_dimensions[row].height = _row_height(ws, row)
            for cell in cells:
                alignment = copy(cell.alignment)
                alignment.vertical = "top"
                cell.alignment = alignment


def _content_width(ws: Worksheet, extra_points: float = 0.0) -> float:
    width = 0.0
    for column in range(1, ws.max_column + 1):
        dimension = ws.column_dimensions.get(get_column_letter(column))
        width += ((dimension.width if dimension is not None and dimension.width else 8.43) + 0.7) * POINTS_PER_CHAR
    return width + extra_points


def _row_height(ws: Worksheet, row: int) -> float:
    """The row's height once its wrapped text is laid out (estimated on the generous side)."""
    lines = 1
    for cell in ws[row]:
        if cell.value is None or not isinstance(cell.value, str):
            continue
        dimension = ws.column_dimensions.get(cell.column_letter)
        chars = (dimension.width if dimension is not None and dimension.width else 8.43) * 0.85
        if cell.font is not None and cell.font.b:
            chars *= 0.9
        wrap = cell.alignment is not None and cell.alignment.wrap_text
        if wrap:
            lines = max(lines, len(textwrap.wrap(cell.value, width=max(int(chars), 1), break_long_words=True)) or 1)
    size = max((cell.font.sz or 11) for cell in ws[row] if cell.font is not None) if ws[row] else 11
    return lines * ROW_POINTS * max(size, 11) / 11


def keep_tables_whole(
    ws: Worksheet,
    tables: list[tuple[int, int]],
    *,
    landscape: bool,
    repeated_rows: int = 0,
    extra_width: float = 0.0,
) -> None:
    """Break the page before any table (first row, last row) that would otherwise straddle a page break."""
    page_width, page_height = A4["landscape" if landscape else "portrait"]
    scale = min(1.0, page_width / _content_width(ws, extra_width))
    usable = page_height / scale
    repeated = sum(_row_height(ws, r) for r in range(1, repeated_rows + 1))
    used = 0.0
    row = 1
    breaks = RowBreak()
    for first, last in tables:
        while row < first:
            used += _row_height(ws, row)
            row += 1
        height = sum(_row_height(ws, r) for r in range(first, last + 1))
        if used + height > usable and used > repeated and height <= usable - repeated:
            breaks.append(Break(id=first - 1))
            used = repeated
        used += height
        row = last + 1
        while used > usable:  # a table longer than a page runs on; its header repeats
            used -= usable - repeated
    ws.row_breaks = breaks


def embed_picture(ws: Worksheet, png: bytes, anchor: str, width_px: int) -> Image:
    """The PNG placed at `anchor`, `width_px` wide (at screen resolution), its proportions kept."""
    image = Image(io.BytesIO(png))
    ratio = image.height / image.width
    image.width = width_px
    image.height = round(width_px * ratio)
    ws.add_image(image, anchor)
    return image
