"""NKI and area indices across surveys, compared only on question codes every survey shares."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max

from analys.core import analyse
from analys.core.analysis import ANALYTIC_THRESHOLD
from analys.core.area_intervals import area_intervals
from analys.core.bootstrap import CONFIDENCE
from analys.core.result import Figure
from analys.labels import percent_text
from analys.loading import DEFAULT_RESAMPLES, NKI_AREA, invited_frame, responses_frame, survey_questions
from enkat.models import Response, Survey
from register.dimensions import UNKNOWN_VALUE
from register.models import Provider


@dataclass(frozen=True)
class TrendIndices:
    """One survey's figures on the questions every survey shares."""

    n_responses: int
    response_rate: float | None
    areas: dict[str, Figure]
    # Per area the interval of its mean, as the analysis computes a question mean's; None where not shown.
    intervals: dict[str, list[float] | None]


def trend_surveys() -> list[Survey]:
    """Closed surveys that have answers, oldest period first (an open survey shows no answer figures)."""
    return list(
        Survey.objects.closed_for_good().annotate(n=Count("responses")).filter(n__gt=0).order_by("period_start", "pk")
    )


def trend(surveys: list[Survey], provider: Provider | None = None) -> dict[str, Any]:
    """Per survey the indices over the common questions, and where the question sets differ."""
    sets: list[tuple[Survey, list[tuple[str, str]]]] = [(s, survey_questions(s)[0]) for s in surveys]
    common_codes: set[str] | None = None
    for _survey, questions in sets:
        codes = {code for code, _area in questions}
        common_codes = codes if common_codes is None else common_codes & codes
    common_codes = common_codes or set()
    differences = []
    for survey, questions in sets:
        left_out = [code for code, _area in questions if code not in common_codes]
        if left_out:
            differences.append({"survey": survey, "codes": left_out})
    rows: list[dict[str, Any]] = []
    areas: list[str] = []
    for survey, questions in sets:
        shared = [(code, area) for code, area in questions if code in common_codes]
        for _code, area in shared:
            if area not in areas:
                areas.append(area)
        if not shared:
            continue
        min_n = survey.min_n
        result = _cached_indices(survey, shared, min_n, provider)
        rows.append(
            {
                "survey": survey,
                "name": survey.name,
                "label": str(survey.period_start.year),
                "n_responses": result.n_responses,
                "response_rate": result.response_rate,
                "areas": dict(result.areas),
                "intervals": dict(result.intervals),
            }
        )
    if NKI_AREA in areas:
        areas.remove(NKI_AREA)
        areas.insert(0, NKI_AREA)
    for row in rows:
        for area in areas:
            row["areas"].setdefault(area, Figure(0, None))
        row["intervals"].setdefault(area, None)
        row["area_list"] = [(area, row["areas"][area]) for area in areas]
        row["interval_list"] = [(area, row["areas"][area], row["intervals"][area]) for area in areas]
    return {
        "rows": rows,
        "areas": areas,
        "common_codes": sorted(common_codes, key=_code_key),
        "differences": differences,
        "differs": bool(differences),
        "confidence": percent_text(CONFIDENCE),
    }


def _code_key(code: str) -> tuple[str, int]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (code.rstrip("0123456789"), int(digits) if digits else 0)


def _cached_indices(
    survey: Survey, questions: list[tuple[str, str]], min_n: int, provider: Provider | None
) -> TrendIndices:
    latest = Response.objects.filter(survey=survey).aggregate(latest=Max("pk"), n=Count("pk"))
    parts = [survey.pk, latest["latest"], latest["n"], min_n, provider.pk if provider else None, questions]
    key = "analys-trend:3:" + hashlib.sha256(json.dumps(parts).encode()).hexdigest()
    found = cache.get(key)
    if found is not None:
        return found
    codes = [code for code, _area in questions]
    responses = responses_frame(survey, codes, provider)
    result = analyse(
        responses,
        questions,
        invited=invited_frame(survey, provider),
        dims=(),
        min_n=min_n,
        bootstrap=0,
        nki_area=NKI_AREA,
        unknown_label=UNKNOWN_VALUE,
    )
    shown = {area: figure.mean for area, figure in result.areas.items()}
    # The analysis page's defaults: its resamples and seed, analytic intervals above its threshold.
    intervals = area_intervals(
        responses, questions, shown, resamples=DEFAULT_RESAMPLES, seed=0, analytic_threshold=ANALYTIC_THRESHOLD
    )
    found = TrendIndices(result.n_responses, result.response_rate, result.areas, intervals)
    cache.set(key, found, 60 * 60)
    return found
