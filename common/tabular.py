"""Read a spreadsheet (.xlsx) or a CSV file into rows of text, for imports.

CSV may be UTF-8 (with or without BOM) or Windows-1252, separated by ',' or ';'.
Row numbers are as a spreadsheet shows them: the header is row 1.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _


class TableError(Exception):
    """The file as a whole cannot be read."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)

    def missing_columns(self, required: list[str]) -> list[str]:
        return [name for name in required if name not in self.headers]


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column or "-",
            "message": self.message,
        }


def read_table(source: str | Path | IO[bytes], filename: str | None = None) -> Table:
    name = (filename or str(source)).lower()
    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else source.read()
    if name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name.endswith(".csv") or name.endswith(".txt"):
        return _read_csv(data)
    raise TableError(_("Unknown file type: use .xlsx or .csv."))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TableError(_("The file is not a readable .xlsx workbook.")) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header_row = next(rows)
    except StopIteration:
        raise TableError(_("The file is empty.")) from None
    headers = [_cell_text(h).lower() for h in header_row]
    table = Table(headers=headers)
    for number, values in enumerate(rows, start=2):
        texts = [_cell_text(v) for v in values]
        if not any(texts):
            continue
        table.rows.append((number, {h: (texts[i] if i < len(texts) else "") for i, h in enumerate(headers) if h}))
    workbook.close()
    return table


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    if not text.strip():
        raise TableError(_("The file is empty."))
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers = [h.strip().lower() for h in next(reader)]
    table = Table(headers=headers)
    for number, values in enumerate(reader, start=2):
        texts = [v.strip() for v in values]
        if not any(texts):
            continue
        table.rows.append((number, {h: (texts[i] if i < len(texts) else "") for i, h in enumerate(headers) if h}))
    return table
