"""The one tabular reader behind every import (register, contacts, responses).

It refuses, naming row and column, whatever would otherwise be read silently wrong or
crash later: a duplicated header, a file in mixed or unknown encodings, formula cells
with no stored value, NUL and other control characters, over-long fields, rows of the
wrong length. Row numbers are as a spreadsheet shows them: the header is row 1.
"""

import csv
import gc
import io
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

from common.tabular import RowError, Table, TableError

# Longer fields are refused by the column limits below; the csv module must not crash first.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

DEFAULT_LIMIT = 1000
MAX_REPORTED = 100
# NUL, C0 and C1 controls and DEL; TAB, CR and LF are handled apart.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile(r"[\r\n]")
# Valid UTF-8 sequences for characters beyond ASCII.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# In Windows-1252 these letters are rare in Swedish data, but they are what Mac Roman's
# å, ä, ö, é and ü become: Š š Œ œ Ž ž Ÿ ƒ ˆ ˜. And Mac Roman's Ä and Ö become € and …
# next to a letter.
_LEGACY_LETTERS = re.compile(r"[\u0160\u0161\u0152\u0153\u017d\u017e\u0178\u0192\u02c6\u02dc]|[€…](?=\w)|(?<=\w)[€…]")


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a large table is read or imported.

    Hundreds of thousands of rows are hundreds of thousands of new objects, none of them
    cyclic: Python's collector would walk the whole heap again and again for nothing.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class Columns:
    """What a column may hold: its longest value (by the model's limit), and whether it is free text."""

    limits: dict[str, int] = field(default_factory=dict)
    free_text: frozenset[str] = frozenset()
    default_limit: int = DEFAULT_LIMIT

    def limit(self, column: str) -> int:
        return self.limits.get(column, self.default_limit)


def refuse(errors: list[RowError]) -> TableError:
    return TableError("\n".join(str(e) for e in errors[:MAX_REPORTED]), errors=errors[:MAX_REPORTED])


def _column_name(headers: list[str], index: int) -> str:
    if 0 <= index < len(headers) and headers[index]:
        return headers[index]
    return str(index + 1)  # "Row 2, column 10": the message already says "column"


class _Checker:
    def __init__(self, headers: list[str], columns: Columns, legacy_encoding: bool) -> None:
        self.headers = headers
        self.columns = columns
        self.legacy = legacy_encoding
        self.errors: list[RowError] = []
        self.limits = [columns.limit(name) for name in headers]
        self.unnamed = [index for index, name in enumerate(headers) if not name]

    def add(self, row: int, index: int, message: str) -> None:
        self.errors.append(RowError(row, _column_name(self.headers, index), message))

    def headers_ok(self) -> bool:
        seen: dict[str, int] = {}
        for index, name in enumerate(self.headers):
            self.cell(1, index, name, limit=DEFAULT_LIMIT)
            if not name:
                continue
            if name in seen:
                self.add(
                    1,
                    index,
                    _("The column “%(name)s” appears twice (columns %(first)s and %(second)s).")
                    % {"name": name, "first": seen[name] + 1, "second": index + 1},
                )
            seen.setdefault(name, index)
        return not self.errors

    def cell(self, row: int, index: int, text: str, limit: int | None = None) -> None:
        if not text:
            return
        column = self.headers[index] if index < len(self.headers) else ""
        bad = _CONTROL.search(text)
        if bad:
            self.add(row, index, _("The value holds a control character (U+%(code)04X).") % {"code": ord(bad.group())})
        elif column not in self.columns.free_text and _LINE_BREAK.search(text):
            self.add(row, index, _("The value holds a line break."))
        if self.legacy and _LEGACY_LETTERS.search(text):
            self.add(
                row,
                index,
                _("The file is not UTF-8 and does not read as Windows-1252 either (“%(value)s”): save it as UTF-8.")
                % {"value": text[:40]},
            )
        limit = limit or self.columns.limit(column)
        if len(text) > limit:
            message = _("The value is %(length)s characters long; at most %(limit)s.")
            self.add(row, index, message % {"length": len(text), "limit": limit})

    def row(self, number: int, texts: list[str], exact_length: bool) -> dict[str, str] | None:
        """The row as {column: value}, or None if it is empty or refused."""
        width = len(self.headers)
        if len(texts) > width:
            extra = [i for i in range(width, len(texts)) if texts[i]]
            if extra:
                self.add(
                    number,
                    extra[0],
                    _("The row has %(count)s values; the header has %(width)s columns.")
                    % {"count": len(texts), "width": width},
                )
                return None
            texts = texts[:width]
        if not any(texts):
            return None
        if len(texts) < width:
            if exact_length:
                self.add(
                    number,
                    len(texts),
                    _("The row has %(count)s values; the header has %(width)s columns.")
                    % {"count": len(texts), "width": width},
                )
                return None
            texts = texts + [""] * (width - len(texts))
        # One look at the whole row first: most rows are clean, and a national register is long.
        joined = "\t".join(texts)
        suspect = (
            _CONTROL.search(joined)
            or _LINE_BREAK.search(joined)
            or (self.legacy and _LEGACY_LETTERS.search(joined))
            or any(map(int.__gt__, map(len, texts), self.limits))
            or any(texts[i] for i in self.unnamed)
        )
        if suspect:
            before = len(self.errors)
            for index, text in enumerate(texts):
                if text and not self.headers[index]:
                    self.add(number, index, _("A value in a column without a header."))
                self.cell(number, index, text)
            if len(self.errors) > before:
                return None
        row = dict(zip(self.headers, texts, strict=True))
        row.pop("", None)
        return row


# --- CSV ---------------------------------------------------------------------------------


def _delimiter(first_line: str) -> str:
    """Semicolon, comma or tab (Excel's "Unicode text"), whichever the header row has most of."""
    counts = {",": first_line.count(","), ";": first_line.count(";"), "\t": first_line.count("\t")}
    return max(counts, key=lambda delimiter: counts[delimiter])


def _position(data: bytes, offset: int, encoding: str) -> tuple[int, int]:
    """The spreadsheet row and 0-based column of the byte at `offset`."""
    prefix = data[:offset].decode(encoding, errors="replace")
    if prefix.startswith("\ufeff"):
        prefix = prefix[1:]
    records = list(csv.reader(io.StringIO(prefix + "\x1f", newline=""), delimiter=_delimiter(prefix.split("\n")[0])))
    if not records:
        return 1, 0
    return len(records), len(records[-1]) - 1


def _encoding_error(data: bytes, offset: int, encoding: str, message: str) -> TableError:
    row, index = _position(data, offset, encoding)
    header_text = data.decode(encoding, errors="replace").split("\n", 1)[0].lstrip("\ufeff")
    headers = [h.strip().lower() for h in next(csv.reader([header_text], delimiter=_delimiter(header_text)), [])]
    return refuse([RowError(row, _column_name(headers, index), message)])


def decode(data: bytes) -> tuple[str, bool]:
    """The text, and whether it was read as Windows-1252. Refuses mixed and unknown encodings."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark, as Excel saves "Unicode text"
        try:
            return data.decode("utf-16"), False
        except UnicodeDecodeError as exc:
            message = _("The file is in UTF-16 but this value cannot be read in UTF-16: save the file as CSV UTF-8.")
            raise _encoding_error(data, exc.start - exc.start % 2, "utf-16", message) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _UTF8_SEQUENCE.search(data):
        raise _encoding_error(
            data,
            first_bad,
            "utf-8",
            _("The file mixes encodings: it is mostly UTF-8, but this value is not. Save the file as UTF-8."),
        )
    try:
        return data.decode("cp1252"), True
    except UnicodeDecodeError as exc:
        message = _("The file's encoding is unknown (neither UTF-8 nor Windows-1252): save it as UTF-8.")
        raise _encoding_error(data, exc.start, "cp1252", message) from None


def read_csv(data: bytes, columns: Columns) -> Table:
    text, legacy = decode(data)
    if not text.strip():
        raise TableError(_("The file is empty."))
    delimiter = _delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = [h.strip().lower() for h in next(reader)]
        checker = _Checker(headers, columns, legacy)
        if not checker.headers_ok():
            raise refuse(checker.errors)
        table = Table(headers=headers)
        for number, values in enumerate(reader, start=2):
            row = checker.row(number, list(map(str.strip, values)), exact_length=True)
            if row is not None:
                table.rows.append((number, row))
            if len(checker.errors) >= MAX_REPORTED:
                break
    except csv.Error as exc:
        message = _("The CSV file cannot be read: %(reason)s") % {"reason": exc}
        raise refuse([RowError(reader.line_num, "", message)]) from exc
    if checker.errors:
        raise refuse(checker.errors)
    return table


# --- xlsx --------------------------------------------------------------------------------


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


def _open_workbook(data: bytes, data_only: bool):
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TableError(_("The file is not a readable .xlsx workbook.")) from exc


def _xlsx_rows(data: bytes) -> list[list[object]]:
    """The first sheet's values; a formula cell holds its stored value, or a _Formula if it has none."""
    workbook = _open_workbook(data, data_only=False)
    rows = [list(values) for values in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    formulas = [
        (r, c)
        for r, values in enumerate(rows)
        for c, value in enumerate(values)
        if isinstance(value, str) and value.startswith("=")
    ]
    if not formulas:
        return rows
    # Only when there are formulas: read again for the values the spreadsheet stored with them.
    workbook = _open_workbook(data, data_only=True)
    stored = [list(values) for values in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    for r, c in formulas:
        value = stored[r][c] if r < len(stored) and c < len(stored[r]) else None
        rows[r][c] = _Formula(rows[r][c]) if value is None else value
    return rows


class _Formula(str):
    """A formula cell with no stored value: the workbook was never calculated and saved."""


def read_xlsx(data: bytes, columns: Columns) -> Table:
    rows = _xlsx_rows(data)
    if not rows:
        raise TableError(_("The file is empty."))
    headers = [_cell_text(h).lower() for h in rows[0]]
    checker = _Checker(headers, columns, legacy_encoding=False)
    if not checker.headers_ok():
        raise refuse(checker.errors)
    table = Table(headers=headers)
    for number, values in enumerate(rows[1:], start=2):
        formula = next((i for i, v in enumerate(values) if isinstance(v, _Formula)), None)
        if formula is not None:
            checker.add(
                number,
                formula,
                _(
                    "The cell holds a formula (%(formula)s) with no stored value: "
                    "open the file, let it calculate, and save it."
                )
                % {"formula": str(values[formula])[:40]},
            )
            continue
        row = checker.row(number, [_cell_text(v) for v in values], exact_length=False)
        if row is not None:
            table.rows.append((number, row))
        if len(checker.errors) >= MAX_REPORTED:
            break
    if checker.errors:
        raise refuse(checker.errors)
    return table
