"""Turn a survey's rows in the database into the frames `analys.core` wants, and run it.

Everything Django-shaped stays here; the core never sees a model.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

import pandas as pd
from django.core.cache import cache
from django.db.models import Max

from analys.core import METHODS, AnalysisResult, analyse
from analys.tallied import invited_margins, tallied_rates
from enkat.models import Invitation, Response, Survey, SurveyQuestion
from enkat.question_texts import survey_question_texts
from register.dimensions import (
    DIMENSION_CODES,
    SNAPSHOT_FIELDS,
    UNKNOWN_VALUE,
    WEIGHTING_DIMENSIONS,
)
from register.models import Provider
from utskick.tallies import erased, undeliverable

__all__ = [
    "DEFAULT_RESAMPLES",
    "METHODS",
    "NKI_AREA",
    "AnalysisOptions",
    "SurveyAnalysis",
    "SurveyStillOpen",
    "answers_published",
    "comments",
    "run_analysis",
]

NKI_AREA = "NKI"
# Bootstrap resamples unless the quality developer asks for another number.
DEFAULT_RESAMPLES = 1000
CACHE_SECONDS = 60 * 60
# Bumped whenever the shape of a cached result changes.
CACHE_VERSION = 3


@dataclass(frozen=True)
class SurveyAnalysis(AnalysisResult):
    """The core's result for one survey, with what the pages and exports say about it."""

    survey: str = ""
    survey_name: str = ""
    scope_provider: str | None = None
    dims: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON document's data: "survey" first, the core's keys, then "scope" and "dims"."""
        return {
            "survey": self.survey,
            **super().to_dict(),
            "survey_name": self.survey_name,
            "scope": {"provider": self.scope_provider},
            "dims": list(self.dims),
        }


@dataclass(frozen=True)
class AnalysisOptions:
    """What the quality developer asked for; the same in the browser and the command."""

    dims: tuple[str, ...] = DIMENSION_CODES
    method: str = "correlation"
    min_n: int | None = None  # None: the survey's own
    bootstrap: int = DEFAULT_RESAMPLES
    seed: int = 0
    satisfaction_split: float | None = None
    effect_split: float | None = None
    plot_nki_questions: bool = True
    weighted: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def effective_min_n(self, survey: Survey, provider: Provider | None = None) -> int:
        # A provider may never see smaller groups than the survey allows.
        if self.min_n is None:
            return survey.min_n
        return max(self.min_n, survey.min_n) if provider is not None else self.min_n

    def cache_token(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, default=str)


class SurveyStillOpen(ValueError):
    """Answer figures, comments and the matrix wait until the survey is closed."""


def answers_published(survey: Survey) -> bool:
    """The one rule: a survey's answer figures exist for anyone only once it is closed for good.

    While it is open, staff and providers see counts and response rates only, so nobody can
    compare two views taken around one new response.
    """
    return survey.closed_for_good


def parse_dims(text: str) -> tuple[str, ...]:
    """'gender,programme*gender' -> ('gender', 'programme*gender'); raises ValueError for unknown names."""
    dims: list[str] = []
    for raw in text.split(","):
        name = raw.strip()
        if not name:
            continue
        parts = [p.strip() for p in name.split("*")]
        if not 1 <= len(parts) <= 2 or any(p not in DIMENSION_CODES for p in parts) or len(set(parts)) != len(parts):
            raise ValueError(name)
        joined = "*".join(parts)
        if joined not in dims:
            dims.append(joined)
    return tuple(dims)


def survey_questions(survey: Survey, language: str = "sv") -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The survey's questions in order as (code, area code), and their texts in `language` as the survey shows
    them (its pinned text versions; Swedish where a text is missing)."""
    rows = SurveyQuestion.objects.filter(survey=survey).select_related("question__area").order_by("position")
    questions = [(row.question.code, row.question.area.code) for row in rows]
    return questions, survey_question_texts(survey, language)


def responses_frame(survey: Survey, codes: Sequence[str], provider: Provider | None = None) -> pd.DataFrame:
    """One row per response: the group columns, then one column per question code (float, NaN = no answer)."""
    queryset = Response.objects.filter(survey=survey)
    if provider is not None:
        queryset = queryset.filter(provider_name=provider.name)
    records = list(queryset.order_by("pk").values_list(*SNAPSHOT_FIELDS, "answers"))
    data: dict[str, list[Any]] = {column: [r[i] for r in records] for i, column in enumerate(DIMENSION_CODES)}
    for code in codes:
        data[code] = [_answer(r[-1].get(code) if isinstance(r[-1], dict) else None) for r in records]
    frame = pd.DataFrame(data, columns=[*DIMENSION_CODES, *codes])
    for code in codes:
        frame[code] = frame[code].astype("float64")
    return frame


def _answer(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float) and 1 <= value <= 5 and float(value).is_integer():
        return float(value)
    if isinstance(value, str) and value.strip() in {"1", "2", "3", "4", "5"}:
        return float(value.strip())
    return None


def invited_frame(survey: Survey, provider: Provider | None = None) -> pd.DataFrame | None:
    """One row per invitation with its group snapshot, channel and undeliverable flag; None without any.

    After the invitations are erased: their margins from the tallies (`analys.tallied`).
    """
    if erased(survey):
        return invited_margins(survey, provider)
    queryset = Invitation.objects.filter(survey=survey)
    if provider is not None:
        queryset = queryset.filter(provider_name=provider.name)
    elif not queryset.exists():
        return None
    records = list(
        queryset.order_by("pk").values_list(
            *SNAPSHOT_FIELDS, "mobile", "email", "mobile_undeliverable", "email_undeliverable"
        )
    )
    if provider is not None and not records and not Invitation.objects.filter(survey=survey).exists():
        return None
    rows = []
    for record in records:
        mobile, email, mobile_bad, email_bad = record[len(DIMENSION_CODES) :]
        row = dict(zip(DIMENSION_CODES, record[: len(DIMENSION_CODES)], strict=True))
        # After the survey the contacts are erased: the channel is then unknown, the flags remain.
        row["channel"] = "sms" if mobile else ("email" if email else None)
        row["undeliverable"] = undeliverable(bool(mobile), bool(email), mobile_bad, email_bad)
        rows.append(row)
    return pd.DataFrame(rows, columns=[*DIMENSION_CODES, "channel", "undeliverable"])


def _cache_key(survey: Survey, options: AnalysisOptions, provider: Provider | None) -> str:
    latest = Response.objects.filter(survey=survey).aggregate(latest=Max("pk"))["latest"]
    n_responses = Response.objects.filter(survey=survey).count()
    invitations = Invitation.objects.filter(survey=survey).aggregate(latest=Max("pk"))["latest"]
    n_questions = SurveyQuestion.objects.filter(survey=survey).aggregate(latest=Max("pk"))["latest"]
    parts = [
        CACHE_VERSION,
        survey.pk,
        survey.min_n,
        latest,
        n_responses,
        invitations,
        n_questions,
        provider.pk if provider else None,
        options.cache_token(),
    ]
    digest = hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()
    return f"analys:{digest}"


def run_analysis(
    survey: Survey,
    options: AnalysisOptions,
    provider: Provider | None = None,
    *,
    use_cache: bool = True,
) -> SurveyAnalysis:
    """The core's result for the survey (scoped to `provider`'s customers when given).

    Raises SurveyStillOpen while the survey is open, ValueError when it has no questions
    or the options are bad.
    """
    if not answers_published(survey):
        raise SurveyStillOpen(survey.slug)
    key = _cache_key(survey, options, provider) if use_cache else ""
    if use_cache:
        cached = cache.get(key)
        if cached is not None:
            return cached
    questions, texts = survey_questions(survey)
    if not questions:
        raise ValueError("survey has no questions")
    codes = [code for code, _ in questions]
    responses = responses_frame(survey, codes, provider)
    invited = invited_frame(survey, provider)
    core = analyse(
        responses,
        questions,
        invited=invited,
        dims=options.dims,
        weighting_dims=WEIGHTING_DIMENSIONS,
        min_n=options.effective_min_n(survey, provider),
        method=options.method,
        bootstrap=options.bootstrap,
        seed=options.seed,
        satisfaction_split=options.satisfaction_split,
        effect_split=options.effect_split,
        plot_nki_questions=options.plot_nki_questions,
        weighted=options.weighted,
        nki_area=NKI_AREA,
        unknown_label=UNKNOWN_VALUE,
        texts=texts,
    )
    if erased(survey):
        # The margins frame is right for the counts and the raking; the rate tables come from the tallies.
        rates = tallied_rates(survey, responses, options.dims, UNKNOWN_VALUE, provider)
        core = replace(core, response_rates=rates)
    result = SurveyAnalysis(
        **{f.name: getattr(core, f.name) for f in fields(AnalysisResult)},
        survey=survey.slug,
        survey_name=survey.name,
        scope_provider=provider.name if provider else None,
        dims=tuple(options.dims),
    )
    if use_cache:
        cache.set(key, result, CACHE_SECONDS)
    return result


def comments(survey: Survey, provider: Provider | None = None) -> list[str]:
    """The survey's free-text comments, texts only, in a fresh random order on every call.

    No group field goes with them and their order says nothing about when or by whom
    they were written. A provider gets its own customers' comments only when it has at
    least `min_n` responses (else none); nobody gets any while the survey is open.
    """
    if not answers_published(survey):
        return []
    queryset = Response.objects.filter(survey=survey)
    if provider is not None:
        queryset = queryset.filter(provider_name=provider.name)
        if queryset.count() < survey.min_n:
            return []
    texts = [text for text in queryset.exclude(comment="").values_list("comment", flat=True) if text.strip()]
    secrets.SystemRandom().shuffle(texts)
    return texts
