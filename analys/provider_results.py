"""What a provider's analysis page adds: its figures beside all providers', and when its matrix is shown."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from analys.core.result import Figure
from analys.loading import NKI_AREA, AnalysisOptions, SurveyAnalysis, run_analysis
from enkat.models import Invitation, Response, Survey
from register.models import Provider

# A provider's matrix needs this many respondents with an NKI score: with fewer, most points are
# unstable and the fields mislead (docs/definitions.md).
MATRIX_MIN_NKI_RESPONDENTS = 30


@dataclass(frozen=True)
class ComparisonRow:
    """One figure: the provider's and all providers', each with its interval (None when not shown)."""

    code: str
    label: str
    own: Figure
    own_ci: list[float] | None
    everyone: Figure
    everyone_ci: list[float] | None


def nki_respondents(result: SurveyAnalysis) -> int:
    figure = result.areas.get(NKI_AREA)
    return figure.n if figure is not None else 0


def matrix_withheld(result: SurveyAnalysis, provider: Provider | None) -> bool:
    """True when the result is a provider's and too few of its respondents have an NKI score."""
    return provider is not None and nki_respondents(result) < MATRIX_MIN_NKI_RESPONDENTS


def all_providers(survey: Survey, options: AnalysisOptions, provider: Provider) -> SurveyAnalysis:
    """The totals over every provider's customers, at the provider's smallest group (never a smaller one)."""
    totals = replace(options, min_n=options.effective_min_n(survey, provider), dims=())
    return run_analysis(survey, totals, None)


def area_rows(
    own: SurveyAnalysis,
    everyone: SurveyAnalysis,
    own_ci: dict[str, list[float] | None] | None = None,
    everyone_ci: dict[str, list[float] | None] | None = None,
) -> list[ComparisonRow]:
    """The provider's area indices beside all providers', with the intervals given (the core computes none)."""
    own_ci, everyone_ci = own_ci or {}, everyone_ci or {}
    return [
        ComparisonRow(
            area, area, figure, own_ci.get(area), everyone.areas.get(area, Figure(0, None)), everyone_ci.get(area)
        )
        for area, figure in own.areas.items()
    ]


def question_rows(own: SurveyAnalysis, everyone: SurveyAnalysis) -> list[ComparisonRow]:
    """The provider's question means beside all providers', each with its interval where it is shown."""
    theirs = {q.code: q for q in everyone.questions}
    rows = []
    for q in own.questions:
        other = theirs.get(q.code)
        rows.append(
            ComparisonRow(
                q.code,
                f"{q.code} {q.text}".strip(),
                Figure(q.n, q.mean),
                q.mean_ci if q.mean is not None else None,
                Figure(other.n, other.mean) if other is not None else Figure(0, None),
                other.mean_ci if other is not None and other.mean is not None else None,
            )
        )
    return rows


def comparison(own: SurveyAnalysis, everyone: SurveyAnalysis) -> tuple[list[ComparisonRow], list[ComparisonRow]]:
    """(areas, questions): the provider's figure beside all providers', with intervals where computed."""
    return area_rows(own, everyone), question_rows(own, everyone)


@dataclass(frozen=True)
class OpenRate:
    """A provider's own response rate so far in a survey that is open."""

    survey: Survey
    invited: int
    responded: int

    @property
    def rate(self) -> float | None:
        return self.responded / self.invited if self.invited else None


def open_response_rates(provider: Provider, now: datetime) -> list[OpenRate]:
    """Per survey accepting answers now: the provider's invited customers and how many have answered."""
    rates = []
    for survey in Survey.objects.accepting(now).order_by("closes_at", "pk"):
        invited = Invitation.objects.filter(survey=survey, provider_name=provider.name).count()
        responded = Response.objects.filter(survey=survey, provider_name=provider.name).count()
        rates.append(OpenRate(survey, invited, responded))
    return rates


def open_counts(survey: Survey, provider: Provider | None) -> OpenRate:
    """While a survey is open, all its analysis page shows: invited and answered (a provider its own)."""
    invited = Invitation.objects.filter(survey=survey)
    responses = Response.objects.filter(survey=survey)
    if provider is not None:
        invited = invited.filter(provider_name=provider.name)
        responses = responses.filter(provider_name=provider.name)
    return OpenRate(survey, invited.count(), responses.count())
