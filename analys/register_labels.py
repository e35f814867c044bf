"""Labels for the register statistics: one place for the page, the workbook and the definitions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from register.models import ExitReason


def total_label() -> str:
    return _("TOTAL CUSTOMER CHOICE")


def all_providers_label() -> str:
    return _("All providers")


def age_labels() -> dict[str, str]:
    return {
        "under 18": _("Under 18"),
        "18-24": _("18–24 years"),
        "25-39": _("25–39 years"),
        "40-59": _("40–59 years"),
        "60+": _("60 years or older"),
    }


def duration_labels() -> dict[str, str]:
    return {
        "0-100": _("0–100 days"),
        "101-365": _("101–365 days"),
        "366-730": _("366–730 days"),
        ">730": _("More than 730 days"),
    }


def planned_labels() -> dict[str, str]:
    return {
        "T1": _("Planned exit T1 (Jan–Apr)"),
        "T2": _("Planned exit T2 (May–Aug)"),
        "T3": _("Planned exit T3 (Sep–Dec)"),
        "later": _("Planned exit later"),
        "past": _("Planned exit already past"),
        "unknown": _("Planned exit unknown"),
    }


def exit_labels() -> dict[str, str]:
    return {code: str(label) for code, label in ExitReason.choices}


def exit_short_labels() -> dict[str, str]:
    return {
        "arbete": _("Work"),
        "studier": _("Studies"),
        "eget_foretag": _("Own business"),
        "annan_insats": _("Another programme"),
        "byte_anordnare": _("Another provider"),
        "annan_myndighet": _("Another authority"),
        "flytt": _("Moved"),
        "sjukdom": _("Illness"),
        "annan_orsak": _("Other reason"),
    }


def flag_labels() -> dict[str, str]:
    return {
        "green": _("Green: more than 3 months"),
        "yellow": _("Yellow: more than 6 months"),
        "red": _("Red: more than 12 months"),
    }


def finding_labels() -> dict[str, str]:
    return {
        "overlap": _("Two programmes of the same customer overlap in time"),
        "earlier_left_open": _("An earlier programme has no end date although a later one has started"),
        "missing_gender": _("Gender is missing"),
        "missing_birth_year": _("Birth year is missing"),
        "age_out_of_range": _("Age at the start is under 16 or over 66"),
        "planned_end_before_start": _("The planned end date is before the start date"),
        "not_authorised": _("The provider is not authorised for the programme type in the period"),
    }


def incomplete_text(entry: dict[str, Any], first_complete: int | None) -> str:
    """Why a year of the trend is incomplete, in words; empty for a complete year."""
    if entry.get("incomplete_reason") == "in_progress":
        return _("Incomplete: the year is not over.")
    if entry.get("incomplete_reason") == "before_register":
        return _(
            "Incomplete: the register is complete from %(year)s, so of this year it holds only the programmes "
            "still running then."
        ) % {"year": first_complete}
    return ""


def incomplete_note(result: dict[str, Any]) -> str:
    """Sentences naming the trend's incomplete years (marked *) and why; empty when every year is complete."""
    incomplete = [e for e in result["trend"] if not e.get("complete", True)]
    before = sorted({e["year"] for e in incomplete if e["incomplete_reason"] == "before_register"})
    running = sorted({e["year"] for e in incomplete if e["incomplete_reason"] == "in_progress"})
    parts = []
    if before:
        parts.append(
            _(
                "Incomplete years (marked *): %(years)s. The register is complete from %(first)s, the first year "
                "in which it holds closed programmes; of earlier years it holds only the programmes still running "
                "then."
            )
            % {"years": ", ".join(str(y) for y in before), "first": result["trend_first_complete_year"]}
        )
    if running:
        parts.append(_("%(year)s is not over: its figures are incomplete (marked *).") % {"year": running[0]})
    return " ".join(parts)


def insats_text(insats: dict[str, Any]) -> str:
    """One insats of a finding in words; another provider's insats is described without its provider."""
    values = {
        "customer": insats["customer"],
        "programme": insats["programme"],
        "start": insats["start"],
        "end": insats["end"] or pgettext("end date", "ongoing"),
    }
    if insats["provider"] is None:
        return _("Customer %(customer)s, %(programme)s at another provider, %(start)s–%(end)s") % values
    return _("Customer %(customer)s, %(programme)s at %(provider)s, %(start)s–%(end)s") % {
        **values,
        "provider": insats["provider"],
    }


def definitions() -> list[tuple[str, str]]:
    """The definitions the figures follow, as (term, definition), for the workbook and the page."""
    return [
        (
            _("Programmes during the year"),
            _("Started on or before 31 December and not ended before 1 January. Unique customers are counted apart."),
        ),
        (_("Ongoing at 31 December"), _("No end date, or an end date after 31 December.")),
        (_("Closed during the year"), _("An end date within the year.")),
        (
            _("Share to self-support"),
            _(
                "Closed to work, studies or own business, divided by all closed during the year. "
                "Shown also, labelled apart, as a share of all programmes of the year."
            ),
        ),
        (
            _("Average days to work or studies"),
            _("The mean of end date minus start date, in days, over programmes closed in the year to work or studies."),
        ),
        (
            _("Duration"),
            _(
                "Days from the start to the earlier of the end date and 31 December, in the buckets 0–100 "
                "(a programme that starts and ends the same day counts here), 101–365, 366–730 and more than 730 days."
            ),
        ),
        (_("Extended"), _("Of the programmes ongoing at 31 December, those with at least one extension.")),
        (
            _("Planned exit"),
            _(
                "For programmes ongoing at 31 December: the tertial of the next year in which the planned end date "
                "falls (T1 January–April, T2 May–August, T3 September–December), later, already past "
                "(on or before 31 December), or unknown."
            ),
        ),
        (
            _("Age group"),
            _(
                "The year minus the birth year: under 18, 18–24, 25–39, 40–59, 60 or older. "
                "A programme without a birth year is in no age group."
            ),
        ),
        (
            _("Customers with several programmes"),
            _("Unique customers with more than one programme during the year."),
        ),
        (
            _("Complete years of the trend"),
            _(
                "The register is complete from the first year in which it holds a closed programme (each yearly "
                "extract lists every programme during its year, so the earliest extract's year is the first with "
                "closed programmes). Of the years before, it holds only the programmes still running then: those "
                "years are marked incomplete, like the current year, which is not over."
            ),
        ),
        (
            _("Flags"),
            _(
                "Programmes ongoing on the day (31 December for a past year, today for the current year) more than "
                "3 (green), 6 (yellow) or 12 (red) calendar months after the start date."
            ),
        ),
        (
            _("Data quality"),
            _(
                "Overlapping programmes of the same customer (a handover on the same day is no overlap); an earlier "
                "programme without an end date while a later one has started; missing gender or birth year; an age "
                "at the start under 16 or over 66; a planned end date before the start; a programme at a provider "
                "without an authorisation for the programme type covering the programme within the year (checked "
                "only when authorisations are recorded)."
            ),
        ),
    ]
