"""The figures shown beside step D: the provider's own next to all providers', from the register and survey."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from register.models import EXIT_GROUPS, ExitGroup, ExitReason, Insats, Provider

FLAG_DAYS = ((365, "red"), (182, "yellow"), (91, "green"))
FLAG_LABELS = {
    "green": _("Ongoing more than 3 months"),
    "yellow": _("Ongoing more than 6 months"),
    "red": _("Ongoing more than 12 months"),
}


@dataclass
class RegisterFigures:
    insatser: int = 0
    ongoing: int = 0
    closed: int = 0
    self_support: int = 0
    days_to_work: list[int] | None = None
    flags: dict[str, int] | None = None

    @property
    def share_self_support(self) -> float | None:
        return self.self_support / self.closed if self.closed else None

    @property
    def mean_days(self) -> float | None:
        days = self.days_to_work or []
        return sum(days) / len(days) if days else None


def _register_figures(rows: list[tuple], year: int) -> RegisterFigures:
    end_of_year = date(year, 12, 31)
    figures = RegisterFigures(days_to_work=[], flags={"green": 0, "yellow": 0, "red": 0})
    for start, end, reason in rows:
        figures.insatser += 1
        if end is None or end > end_of_year:
            figures.ongoing += 1
            age = (end_of_year - start).days
            for limit, colour in FLAG_DAYS:
                if age > limit:
                    figures.flags[colour] += 1
                    break
        else:
            figures.closed += 1
            if EXIT_GROUPS.get(reason) == ExitGroup.SELF_SUPPORT:
                figures.self_support += 1
            if reason in (ExitReason.WORK, ExitReason.STUDIES):
                figures.days_to_work.append((end - start).days)
    return figures


def register_comparison(year: int, provider: Provider) -> list[dict[str, Any]]:
    """Per programme type and in total: the provider's register figures and all providers'."""
    rows = list(
        Insats.objects.during_year(year).values_list(
            "programme_type__name", "provider_id", "start_date", "end_date", "exit_reason"
        )
    )
    own_programmes = sorted({r[0] for r in rows if r[1] == provider.pk})
    result = []
    for programme in [*own_programmes, None]:
        scoped = [r for r in rows if programme is None or r[0] == programme]
        result.append(
            {
                "programme": programme,
                "own": _register_figures([r[2:] for r in scoped if r[1] == provider.pk], year),
                "all": _register_figures([r[2:] for r in scoped], year),
            }
        )
    return result


def richer_statistics(year: int, provider: Provider) -> dict | None:
    """The register statistics module's figures, when the product has it."""
    try:
        module = importlib.import_module("analys.register_statistics")
    except ImportError:
        return None
    function = getattr(module, "statistics_json", None)
    if function is None:
        return None
    try:
        return function(year, provider)
    except Exception:  # noqa: BLE001 - the step must render even if the statistics cannot be computed
        return None


def survey_comparison(provider: Provider) -> dict[str, Any] | None:
    """From the latest closed survey: response rate, NKI and area indices, own (suppressed below min_n) and all."""
    from analys.core.result import Figure
    from analys.loading import AnalysisOptions, run_analysis
    from enkat.models import Survey

    survey = Survey.objects.filter(state=Survey.State.CLOSED).order_by("-period_end", "-closes_at").first()
    if survey is None:
        return None
    options = AnalysisOptions(dims=(), bootstrap=0)
    try:
        everyone = run_analysis(survey, options)
        own = run_analysis(survey, options, provider)
    except ValueError:
        return None
    areas = [
        {"area": area, "all": figure, "own": own.areas.get(area, Figure(n=0, mean=None))}
        for area, figure in everyone.areas.items()
    ]
    return {
        "survey": survey,
        "min_n": own.min_n,
        "own_rate": own.response_rate,
        "all_rate": everyone.response_rate,
        "own_responses": own.n_responses,
        "all_responses": everyone.n_responses,
        "areas": areas,
    }


def ongoing_filter(year: int) -> Q:
    return Q(end_date__isnull=True) | Q(end_date__gt=date(year, 12, 31))
