"""SMS encoding and segment count, as a phone and an SMS operator count them. Pure functions.

One character outside GSM-7 (a non-breaking space from Excel, a curly quote from a word
processor) switches the whole message to UCS-2, where a segment holds 70 characters
instead of 160: the message then costs two or three times as much.
"""

from dataclasses import dataclass

GSM7 = "GSM-7"
UCS2 = "UCS-2"

# GSM 03.38 basic character set.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each costs two septets (escape + character).
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")
GSM7_ALL = GSM7_BASIC | GSM7_EXTENSION

SINGLE_GSM7, MULTI_GSM7 = 160, 153
SINGLE_UCS2, MULTI_UCS2 = 70, 67

# Look-alikes that sneak in from copied text, mapped to their GSM-7 twins.
_LOOKALIKES = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space
        "\u2007": " ",
        "\u2009": " ",
        "\u200b": "",  # zero-width space
        "\u200c": "",
        "\u200d": "",
        "\ufeff": "",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\t": " ",
    }
)


@dataclass(frozen=True)
class SmsSize:
    encoding: str
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int


def clean_sms_text(text: str) -> str:
    """Replace invisible and typographic look-alikes by plain GSM-7 characters.

    Only when that makes the whole text GSM-7: in a UCS-2 text (Dari, Arabic) the
    zero-width non-joiner is part of the spelling, and the price does not change.
    """
    cleaned = text.translate(_LOOKALIKES)
    return cleaned if is_gsm7(cleaned) else text


def is_gsm7(text: str) -> bool:
    return GSM7_ALL.issuperset(text)


def encoding_of(text: str) -> str:
    return GSM7 if is_gsm7(text) else UCS2


def _units(text: str, encoding: str) -> list[int]:
    if encoding == GSM7:
        return [2 if char in GSM7_EXTENSION else 1 for char in text]
    return [2 if ord(char) > 0xFFFF else 1 for char in text]  # astral characters are surrogate pairs


def _count_segments(units: list[int], per_segment: int) -> int:
    # An escape pair or a surrogate pair is never split between two segments.
    segments, used = 1, 0
    for size in units:
        if used + size > per_segment:
            segments += 1
            used = 0
        used += size
    return segments


def _total_units(text: str, encoding: str) -> int:
    if encoding == GSM7:
        return len(text) + sum(text.count(char) for char in GSM7_EXTENSION.intersection(text))
    return len(text.encode("utf-16-le")) // 2


def sms_size(text: str) -> SmsSize:
    encoding = encoding_of(text)
    total = _total_units(text, encoding)  # the common one-segment case needs no more than this
    single, multi = (SINGLE_GSM7, MULTI_GSM7) if encoding == GSM7 else (SINGLE_UCS2, MULTI_UCS2)
    if total == 0:
        return SmsSize(encoding, 0, 0)
    if total <= single:
        return SmsSize(encoding, total, 1)
    return SmsSize(encoding, total, _count_segments(_units(text, encoding), multi))


def fit_septets(text: str, limit: int) -> str:
    """The longest start of `text` that takes at most `limit` units (septets in GSM-7, UTF-16 units otherwise)."""
    encoding = encoding_of(text)
    used = 0
    for index, size in enumerate(_units(text, encoding)):
        if used + size > limit:
            return text[:index]
        used += size
    return text
