"""A logging filter that masks phone numbers, e-mail addresses and survey tokens."""

import logging
import re

_TOKEN_PATH = re.compile(r"(/s/)[A-Za-z0-9_-]{8,}")
_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")
_PHONE = re.compile(r"(?<![\w-])(?:\+|0)\d(?:[ ]?\d){6,13}(?![\w-])")


def mask_phone(number: str) -> str:
    """'+46701234512' -> '+46 70*** **12'."""
    digits = re.sub(r"\D", "", number)
    if len(digits) < 6:
        return "***"
    if number.strip().startswith("+"):
        return f"+{digits[:2]} {digits[2:4]}*** **{digits[-2:]}"
    return f"{digits[:3]}*** **{digits[-2:]}"


def mask_email(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def redact(text: str) -> str:
    text = _TOKEN_PATH.sub(r"\1[token]", text)
    text = _EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", text)
    return _PHONE.sub(lambda m: mask_phone(m.group(0)), text)


class RedactFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = ()
        return True
