"""A provider's results pack: its figures beside all providers', with intervals and n, its comments, its response
rate; the figures of the provider's analysis page, suppressed exactly as there (the same protected result).

Every invited customer belongs to a provider (the municipality's own units are providers too), so the
figures for all providers are the municipality's: one column, the survey's totals that the provider's page
compares with (earlier years' imported answers without a provider count there too). The files
are built by `analys.results_pack_xlsx` and `analys.results_pack_pdf`; only a closed survey has a pack.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import slugify

from analys.core.analysis import ANALYTIC_THRESHOLD
from analys.core.area_intervals import area_intervals
from analys.core.result import GroupResult
from analys.loading import (
    AnalysisOptions,
    SurveyAnalysis,
    comments,
    responses_frame,
    run_analysis,
    survey_questions,
)
from analys.provider_results import ComparisonRow, all_providers, area_rows, matrix_withheld, question_rows
from enkat.models import Survey
from register.models import Provider

# The analysis page's defaults: the pack shows what the provider's page shows.
PACK_OPTIONS = AnalysisOptions()
# The provider grouping of one provider's customers is the provider itself.
PACK_GROUP_SKIP = ("provider",)


@dataclass(frozen=True)
class ResultsPack:
    survey: Survey
    provider: Provider
    result: SurveyAnalysis  # the provider's protected result, as on its analysis page
    everyone: SurveyAnalysis  # all providers together, at the provider's smallest group
    areas: list[ComparisonRow]
    questions: list[ComparisonRow]
    groups: dict[str, list[GroupResult]]
    comments: list[str]
    matrix_withheld: bool

    @property
    def n_invited(self) -> int | None:
        return self.result.n_invited

    @property
    def n_responses(self) -> int:
        return self.result.n_responses

    @property
    def response_rate(self) -> float | None:
        return self.result.response_rate


class NotClosed(ValueError):
    """Only a closed survey's answers are final: open surveys show counts only."""


def build_pack(survey: Survey, provider: Provider, options: AnalysisOptions | None = None) -> ResultsPack:
    """The pack's figures. Raises NotClosed for a survey that is not closed, ValueError for one without questions."""
    if not survey.closed_for_good:
        raise NotClosed(survey.slug)
    options = options or PACK_OPTIONS
    own = run_analysis(survey, options, provider)
    everyone = all_providers(survey, options, provider)
    return ResultsPack(
        survey=survey,
        provider=provider,
        result=own,
        everyone=everyone,
        areas=_area_rows(survey, provider, options, own, everyone),
        questions=question_rows(own, everyone),
        groups={dim: groups for dim, groups in own.groups.items() if dim not in PACK_GROUP_SKIP},
        comments=comments(survey, provider=provider),
        matrix_withheld=matrix_withheld(own, provider),
    )


def _area_rows(
    survey: Survey, provider: Provider, options: AnalysisOptions, own: SurveyAnalysis, everyone: SurveyAnalysis
) -> list[ComparisonRow]:
    questions, _texts = survey_questions(survey)
    codes = [code for code, _area in questions]

    def intervals(result: SurveyAnalysis, scope: Provider | None) -> dict[str, list[float] | None]:
        shown = {area: figure.mean for area, figure in result.areas.items()}
        return area_intervals(
            responses_frame(survey, codes, scope),
            questions,
            shown,
            resamples=options.bootstrap,
            seed=options.seed,
            analytic_threshold=ANALYTIC_THRESHOLD,
        )

    return area_rows(own, everyone, intervals(own, provider), intervals(everyone, None))


def pack_filename(survey: Survey, provider: Provider, fmt: str) -> str:
    """An ASCII name that says whose pack it is: resultat-kundenkat-2023-anordnare-a-7.pdf."""
    return f"resultat-{survey.slug}-{slugify(provider.name)[:40]}-{provider.pk}.{fmt}"
