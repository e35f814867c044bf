"""Read a spreadsheet (.xlsx) or a CSV file into rows of text, for imports.

CSV may be UTF-8 (with or without BOM) or Windows-1252, separated by ',' or ';'.
Row numbers are as a spreadsheet shows them: the header is row 1. What the reader
refuses, and why, is in register/table_reader.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from common.table_reader import Columns


class TableError(Exception):
    """The file cannot be read, or holds something it must not: `errors` names each row and column."""

    def __init__(self, message: str, errors: list[RowError] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []

    @property
    def messages(self) -> list[str]:
        return [str(e) for e in self.errors] or [str(self)]


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


def read_table(source: str | Path | IO[bytes], filename: str | None = None, columns: Columns | None = None) -> Table:
    from common.table_reader import Columns, paused_gc, read_csv, read_xlsx

    name = (filename or str(source)).lower()
    if not name.endswith((".xlsx", ".csv", ".txt")):
        raise TableError(_("Unknown file type: use .xlsx or .csv."))
    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else source.read()
    with paused_gc():
        return (read_xlsx if name.endswith(".xlsx") else read_csv)(data, columns or Columns())
