"""Cell values that are safe to hand to a spreadsheet."""

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "{")


def safe_cell(value: object) -> object:
    """Neutralise formula injection in text; numbers pass through unchanged."""
    if not isinstance(value, str):
        return value
    text = _CONTROL.sub("", value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text
