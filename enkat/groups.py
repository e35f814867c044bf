"""The group snapshot an invitation keeps for analysis, as pure functions.

Age group: the customer's age is the survey's close year minus the birth year
(we know only the birth year), bucketed as the annual report does
(`register.dimensions.AGE_GROUPS`: under 18, 18-24, 25-39, 40-59, 60+).
Unknown birth year gives "". See docs/definitions.md, "Age group".

Status: "pagaende" (ongoing) when the insats has no end date or ends after the
survey period's end, otherwise "avslutad" (closed). See docs/definitions.md, "Groups".
"""

from datetime import date

from register.dimensions import AGE_GROUPS, CLOSED, ONGOING

__all__ = ["AGE_GROUPS", "age_group", "insats_status"]
# Highest age in each group but the last.
_UPPER_AGES = (17, 24, 39, 59)


def age_group(birth_year: int | None, close_year: int) -> str:
    if birth_year is None:
        return ""
    age = close_year - birth_year
    for upper, group in zip(_UPPER_AGES, AGE_GROUPS, strict=False):
        if age <= upper:
            return group
    return AGE_GROUPS[-1]


def insats_status(end_date: date | None, period_end: date) -> str:
    return ONGOING if end_date is None or end_date > period_end else CLOSED
