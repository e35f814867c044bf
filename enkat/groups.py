"""The group snapshot an invitation keeps for analysis, as pure functions.

Age group: the customer's age is the survey's close year minus the birth year
(we know only the birth year), bucketed as the annual report does:
"under 18", "18-24", "25-39", "40-59", "60+". Unknown birth year gives "".

Status: "pagaende" (ongoing) when the insats has no end date or ends after the
survey period's end, otherwise "avslutad" (closed).
"""

from datetime import date

AGE_GROUPS = ("under 18", "18-24", "25-39", "40-59", "60+")
ONGOING = "pagaende"
CLOSED = "avslutad"


def age_group(birth_year: int | None, close_year: int) -> str:
    if birth_year is None:
        return ""
    age = close_year - birth_year
    if age < 18:
        return "under 18"
    if age <= 24:
        return "18-24"
    if age <= 39:
        return "25-39"
    if age <= 59:
        return "40-59"
    return "60+"


def insats_status(end_date: date | None, period_end: date) -> str:
    return ONGOING if end_date is None or end_date > period_end else CLOSED
