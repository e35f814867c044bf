"""Turn a survey's rows in the database into the frames `analys.core` wants, and run it.

Everything Django-shaped stays here; the core never sees a model.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd
from django.core.cache import cache
from django.db.models import Max

from analys.core import DEFAULT_DIMS, analyse
from enkat.models import Invitation, Response, Survey, SurveyQuestion
from register.models import Provider

GROUP_COLUMNS = ("gender", "age_group", "programme", "provider", "status", "language")
# The snapshot field behind each analysis dimension.
SNAPSHOT_FIELDS = {
    "gender": "gender",
    "age_group": "age_group",
    "programme": "programme",
    "provider": "provider_name",
    "status": "status",
    "language": "language",
}
METHODS = ("correlation", "regression", "lmg")
NKI_AREA = "NKI"
CACHE_SECONDS = 60 * 60
# Bumped whenever the shape of a cached result changes.
CACHE_VERSION = 1


@dataclass(frozen=True)
class AnalysisOptions:
    """What the quality developer asked for; the same in the browser and the command."""

    dims: tuple[str, ...] = DEFAULT_DIMS
    method: str = "correlation"
    min_n: int | None = None  # None: the survey's own
    bootstrap: int = 1000
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


def parse_dims(text: str) -> tuple[str, ...]:
    """'gender,programme*gender' -> ('gender', 'programme*gender'); raises ValueError for unknown names."""
    dims: list[str] = []
    for raw in text.split(","):
        name = raw.strip()
        if not name:
            continue
        parts = [p.strip() for p in name.split("*")]
        if not 1 <= len(parts) <= 2 or any(p not in GROUP_COLUMNS for p in parts) or len(set(parts)) != len(parts):
            raise ValueError(name)
        joined = "*".join(parts)
        if joined not in dims:
            dims.append(joined)
    return tuple(dims)


def survey_questions(survey: Survey, language: str = "sv") -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The survey's questions in order as (code, area code), and their texts in `language` (else any)."""
    rows = (
        SurveyQuestion.objects.filter(survey=survey)
        .select_related("question__area")
        .prefetch_related("question__texts")
        .order_by("position")
    )
    questions: list[tuple[str, str]] = []
    texts: dict[str, str] = {}
    for row in rows:
        question = row.question
        questions.append((question.code, question.area.code))
        by_language = {t.language: t.text for t in question.texts.all()}
        texts[question.code] = (
            by_language.get(language) or by_language.get("sv") or next(iter(by_language.values()), "")
        )
    return questions, texts


def responses_frame(survey: Survey, codes: Sequence[str], provider: Provider | None = None) -> pd.DataFrame:
    """One row per response: the group columns, then one column per question code (float, NaN = no answer)."""
    queryset = Response.objects.filter(survey=survey)
    if provider is not None:
        queryset = queryset.filter(provider_name=provider.name)
    fields = [SNAPSHOT_FIELDS[c] for c in GROUP_COLUMNS]
    records = list(queryset.order_by("pk").values_list(*fields, "answers"))
    data: dict[str, list[Any]] = {column: [r[i] for r in records] for i, column in enumerate(GROUP_COLUMNS)}
    for code in codes:
        data[code] = [_answer(r[-1].get(code) if isinstance(r[-1], dict) else None) for r in records]
    frame = pd.DataFrame(data, columns=[*GROUP_COLUMNS, *codes])
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
    """One row per invitation with its group snapshot, channel and undeliverable flag; None without any."""
    queryset = Invitation.objects.filter(survey=survey)
    if provider is not None:
        queryset = queryset.filter(provider_name=provider.name)
    elif not queryset.exists():
        return None
    fields = [SNAPSHOT_FIELDS[c] for c in GROUP_COLUMNS]
    records = list(
        queryset.order_by("pk").values_list(*fields, "mobile", "email", "mobile_undeliverable", "email_undeliverable")
    )
    if provider is not None and not records and not Invitation.objects.filter(survey=survey).exists():
        return None
    rows = []
    for record in records:
        mobile, email, mobile_bad, email_bad = record[len(GROUP_COLUMNS) :]
        row = dict(zip(GROUP_COLUMNS, record[: len(GROUP_COLUMNS)], strict=True))
        # After the survey the contacts are erased: the channel is then unknown, the flags remain.
        row["channel"] = "sms" if mobile else ("email" if email else None)
        row["undeliverable"] = _undeliverable(bool(mobile), bool(email), mobile_bad, email_bad)
        rows.append(row)
    return pd.DataFrame(rows, columns=[*GROUP_COLUMNS, "channel", "undeliverable"])


def _undeliverable(has_mobile: bool, has_email: bool, mobile_bad: bool, email_bad: bool) -> bool:
    """Never arrived: some channel bounced and no known channel worked."""
    if not (mobile_bad or email_bad):
        return False
    delivered = (has_mobile and not mobile_bad) or (has_email and not email_bad)
    return not delivered


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
) -> dict[str, Any]:
    """The core's result for the survey (scoped to `provider`'s customers when given), plus "survey".

    Raises ValueError when the survey has no questions or the options are bad.
    """
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
    result = analyse(
        responses,
        questions,
        invited=invited,
        dims=options.dims,
        min_n=options.effective_min_n(survey, provider),
        method=options.method,
        bootstrap=options.bootstrap,
        seed=options.seed,
        satisfaction_split=options.satisfaction_split,
        effect_split=options.effect_split,
        plot_nki_questions=options.plot_nki_questions,
        weighted=options.weighted,
        nki_area=NKI_AREA,
        texts=texts,
    )
    result = {"survey": survey.slug, **result}
    result["survey_name"] = survey.name
    result["scope"] = {"provider": provider.name if provider else None}
    result["dims"] = list(options.dims)
    if use_cache:
        cache.set(key, result, CACHE_SECONDS)
    return result


def comments(survey: Survey) -> list[dict[str, str]]:
    """Free-text comments with their group snapshot, for the quality developer only."""
    rows = Response.objects.filter(survey=survey).exclude(comment="").order_by("pk")
    return [
        {
            "comment": row.comment,
            **{column: getattr(row, SNAPSHOT_FIELDS[column]) for column in GROUP_COLUMNS},
        }
        for row in rows
    ]
