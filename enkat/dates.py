"""Dates as customers read them, in each of the seven survey languages.

Django has no locale data for Somali and Tigrinya (it falls back to Swedish month names), gives
Dari the Iranian month names and Ukrainian the nominative ("3 Січень"). The customer pages and
messages write dates through customer_date() instead, with the month names below.

The names follow the Unicode CLDR (as Babel ships it; tests/enkat/test_customer_dates.py compares),
with two choices made here:
- Dari: Gregorian dates with the month names used in Afghanistan for the Gregorian calendar
  (جنوری ... دسمبر), not the solar Hijri calendar (حمل ثور ...): the survey's dates are Swedish
  civil dates that customers meet in SMS, letters and at work, and a converted date would be a
  different-looking date for the same day. See docs/translations.md.
- Tigrinya: the Eritrean names of the Gregorian months, May written ግንቦት (CLDR: ጉንበት).
Every language writes day, month, year in that order (CLDR's Somali and Tigrinya use the
American order "Janaayo 3, 2027", which public texts in those languages do not).
"""

from datetime import date, datetime

from django.utils import timezone

MONTHS: dict[str, tuple[str, ...]] = {
    "sv": (
        "januari", "februari", "mars", "april", "maj", "juni",
        "juli", "augusti", "september", "oktober", "november", "december",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "ar": (
        "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
        "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
    ),
    "fa-af": (
        "جنوری", "فبروری", "مارچ", "اپریل", "می", "جون",
        "جولای", "اگست", "سپتمبر", "اکتوبر", "نومبر", "دسمبر",
    ),
    "so": (
        "Janaayo", "Febraayo", "Maarso", "Abriil", "Maayo", "Juun",
        "Luulyo", "Agosto", "Sebtembar", "Oktoobar", "Noofeembar", "Diseembar",
    ),
    "ti": (
        "ጥሪ", "ለካቲት", "መጋቢት", "ሚያዝያ", "ግንቦት", "ሰነ",
        "ሓምለ", "ነሓሰ", "መስከረም", "ጥቅምቲ", "ሕዳር", "ታሕሳስ",
    ),
    # The genitive, as a date needs it: "3 січня", never "3 Січень".
    "uk": (
        "січня", "лютого", "березня", "квітня", "травня", "червня",
        "липня", "серпня", "вересня", "жовтня", "листопада", "грудня",
    ),
}  # fmt: skip

PATTERNS: dict[str, str] = {
    "uk": "{day} {month} {year} р.",
}
DEFAULT_PATTERN = "{day} {month} {year}"


def customer_date(value: date | datetime, language: str) -> str:
    """The day as a customer reads it in `language` ("3 januari 2027", "3 جنوری 2027", "3 січня 2027 р.").

    A datetime is read in the site's time zone first. Unknown languages get Swedish.
    """
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    months = MONTHS.get(language, MONTHS["sv"])
    pattern = PATTERNS.get(language, DEFAULT_PATTERN) if language in MONTHS else DEFAULT_PATTERN
    return pattern.format(day=value.day, month=months[value.month - 1], year=value.year)
