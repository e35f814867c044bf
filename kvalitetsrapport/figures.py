"""The figures shown beside step D: the provider's own next to all providers', from the register and survey."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q

from register.models import Provider

FLAG_LEVELS = ("green", "yellow", "red")


@dataclass
class RegisterFigures:
    """One block of the register statistics (docs/register-statistics.md), as step D shows it."""

    insatser: int = 0
    ongoing: int = 0
    closed: int = 0
    self_support: int = 0
    share_self_support: float | None = None
    mean_days: float | None = None
    flags: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FLAG_LEVELS, 0))


def _figures(block: dict[str, Any] | None, flagged: list[dict[str, Any]]) -> RegisterFigures:
    counts = dict.fromkeys(FLAG_LEVELS, 0)
    for flag in flagged:
        counts[flag["level"]] += 1
    if block is None:
        return RegisterFigures(flags=counts)
    return RegisterFigures(
        insatser=block["insatser"],
        ongoing=block["ongoing"],
        closed=block["closed"],
        self_support=block["closed_egen_forsorjning"],
        share_self_support=block["share_egen_forsorjning"],
        mean_days=block["avg_days_to_work_or_studies"],
        flags=counts,
    )


def register_comparison(year: int, provider: Provider) -> list[dict[str, Any]]:
    """Per programme type the provider had, and in total: its register figures beside all providers'.

    The figures are the register statistics' own (analys.register_statistics), so step D and the
    statistics page never disagree.
    """
    from analys.register_statistics import statistics_json

    stats = statistics_json(year)
    own_blocks = {entry["programme"]: entry for entry in stats["by_provider"] if entry["provider"] == provider.name}
    all_blocks = {entry["programme"]: entry for entry in stats["by_programme"]}
    flags = stats["flags"]
    result = []
    for programme in [*sorted(name for name in own_blocks if name is not None), None]:
        in_scope = [f for f in flags if programme is None or f["programme"] == programme]
        result.append(
            {
                "programme": programme,
                "own": _figures(own_blocks.get(programme), [f for f in in_scope if f["provider"] == provider.name]),
                "all": _figures(all_blocks.get(programme) if programme else stats["totals"], in_scope),
            }
        )
    return result


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
