"""The one entry point: a survey's responses in, the product's typed result out."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from . import bootstrap as uncertainty
from .definitions import (
    DEFAULT_UNKNOWN_LABEL,
    Questions,
    answer_matrix,
    area_score_matrix,
    areas_in_order,
    total_sums,
)
from .matrix import METHODS, QUADRANTS
from .placement import Placement, intervals, place
from .protection import hidden_figures
from .response import response_rates
from .result import (
    AnalysisResult,
    BootstrapSettings,
    Figure,
    MatrixSettings,
    QuestionResult,
    WeightedResult,
    WeightingInfo,
    WeightingReason,
)
from .tables import Hidden, Table, groups_output, measure_matrix, tables, weighted_output
from .weighting import RakingResult, rake

UNSTABLE_BELOW = 0.8
ANALYTIC_THRESHOLD = 10_000


def analyse(
    responses: pd.DataFrame,
    questions: Questions,
    *,
    dims: Sequence[str],
    weighting_dims: Sequence[str] = (),
    invited: pd.DataFrame | None = None,
    min_n: int = 5,
    method: str = "correlation",
    bootstrap: int = 1000,
    seed: int | None = 0,
    satisfaction_split: float | None = None,
    effect_split: float | None = None,
    plot_nki_questions: bool = True,
    weighted: bool = False,
    analytic_threshold: int = ANALYTIC_THRESHOLD,
    nki_area: str = "NKI",
    unknown_label: str = DEFAULT_UNKNOWN_LABEL,
    texts: Mapping[str, str] | None = None,
    unstable_below: float = UNSTABLE_BELOW,
) -> AnalysisResult:
    """Analyse one survey; see the package docstring for the result.

    Raises ValueError for an unknown method, min_n < 1, a negative bootstrap,
    duplicate or no question codes, or question/grouping columns missing from
    `responses`.
    """
    questions = [(str(code), str(area)) for code, area in questions]
    _check_arguments(questions, method, min_n, bootstrap)
    codes = [code for code, _ in questions]
    areas = areas_in_order(questions)
    answers = answer_matrix(responses, codes)
    n_rows, q = answers.shape

    values, valid = measure_matrix(answers, area_score_matrix(answers, questions))
    grouped = tables(responses, dims, unknown_label, values, valid)
    total = total_sums(values, valid)
    raking = rake(responses, invited, weighting_dims, unknown_label=unknown_label) if weighted else None
    weights = raking.weights if raking is not None else None
    hidden, weighted_hidden = hidden_figures(grouped, questions, valid, min_n, weights)

    shown_counts = total.counts[0]
    shown_means = np.array(
        [
            total.sums[0, j] / shown_counts[j] if shown_counts[j] > 0 and not hidden[j][0] else np.nan
            for j in range(values.shape[1])
        ]
    )
    question_means = shown_means[:q]

    use_bootstrap = 0 < n_rows <= analytic_threshold and bootstrap > 0
    placement = place(
        answers,
        questions,
        question_means,
        method=method,
        min_n=min_n,
        nki_area=nki_area,
        plot_nki_questions=plot_nki_questions,
        satisfaction_split=satisfaction_split,
        effect_split=effect_split,
        build_pairs=use_bootstrap,
    )
    uncertainty_method, bounds = intervals(
        answers,
        placement,
        question_means,
        shown_counts[:q],
        method=method,
        analytic=n_rows > analytic_threshold,
        resamples=bootstrap if use_bootstrap else 0,
        seed=seed,
    )
    weighted_result, weighting = (
        None,
        RakingResult(None, dims=list(weighting_dims), reason=WeightingReason.NOT_REQUESTED).info(),
    )
    if raking is not None:
        weighted_result, weighting = _weighted(raking, values, valid, grouped, weighted_hidden, codes, areas)
    return AnalysisResult(
        method=method,
        min_n=int(min_n),
        n_invited=len(invited) if invited is not None else None,
        n_responses=int(n_rows),
        response_rate=n_rows / len(invited) if invited is not None and len(invited) else None,
        areas={area: Figure(int(shown_counts[q + a]), _float(shown_means[q + a])) for a, area in enumerate(areas)},
        questions=_question_rows(
            questions, shown_counts, question_means, placement, bounds, texts or {}, unstable_below
        ),
        matrix=MatrixSettings(
            satisfaction_split=placement.points.satisfaction_split,
            effect_split=placement.points.effect_split,
            satisfaction_split_given=satisfaction_split is not None,
            effect_split_given=effect_split is not None,
            plot_nki_questions=plot_nki_questions,
            nki_area=nki_area,
        ),
        uncertainty_method=uncertainty_method,
        bootstrap=BootstrapSettings(int(bootstrap), seed) if uncertainty_method == "bootstrap" else None,
        groups=groups_output(grouped, codes, areas, hidden, weights_mode=False),
        weighted=weighted_result,
        weighting=weighting,
        response_rates=response_rates(responses, invited, dims, unknown_label=unknown_label)
        if invited is not None
        else None,
        confidence=uncertainty.CONFIDENCE,
        unstable_below=unstable_below,
        analytic_threshold=analytic_threshold,
    )


def _question_rows(
    questions: list[tuple[str, str]],
    counts: np.ndarray,
    means: np.ndarray,
    placement: Placement,
    bounds: uncertainty.Uncertainty | None,
    texts: Mapping[str, str],
    unstable_below: float,
) -> list[QuestionResult]:
    quadrants = placement.points.quadrant_codes()
    rows = []
    for j, (code, area) in enumerate(questions):
        stability = _float(bounds.stability[j]) if bounds is not None else None
        rows.append(
            QuestionResult(
                code=code,
                area=area,
                text=texts.get(code, ""),
                n=int(counts[j]),
                mean=_float(means[j]),
                effect=_float(placement.points.effects[j]),
                effect_n=int(placement.effect_n[j]),
                plotted=bool(placement.points.plotted[j]),
                quadrant=QUADRANTS[quadrants[j]] if quadrants[j] >= 0 else None,
                mean_ci=_interval(bounds.mean_ci[j]) if bounds is not None else None,
                effect_ci=_interval(bounds.effect_ci[j]) if bounds is not None else None,
                stability=stability,
                unstable=None if stability is None else stability < unstable_below,
            )
        )
    return rows


def _check_arguments(questions: list[tuple[str, str]], method: str, min_n: int, b: int) -> None:
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    if min_n < 1:
        raise ValueError("min_n must be at least 1")
    if b < 0:
        raise ValueError("bootstrap must be 0 (off) or a number of resamples")
    codes = [code for code, _ in questions]
    if len(set(codes)) != len(codes):
        raise ValueError("question codes must be unique")
    if not codes:
        raise ValueError("at least one question is needed")


def _float(value: float | np.floating | None) -> float | None:
    return None if value is None or np.isnan(value) else float(value)


def _interval(pair: np.ndarray) -> list[float] | None:
    if np.isnan(pair).any():
        return None
    return [float(pair[0]), float(pair[1])]


def _weighted(
    raking: RakingResult,
    values: np.ndarray,
    valid: np.ndarray,
    grouped: list[Table],
    hidden: Hidden,
    codes: list[str],
    areas: list[str],
) -> tuple[WeightedResult | None, WeightingInfo]:
    """Weighted figures with their own suppression pattern (the unweighted one and more), and the raking info."""
    if raking.weights is None:
        return None, raking.info()
    figures = weighted_output(raking.weights, values, valid, grouped, hidden, codes, areas)
    return (
        dataclasses.replace(
            figures,
            converged=raking.converged,
            design_effect=raking.design_effect,
            effective_sample_size=raking.effective_sample_size,
        ),
        raking.info(),
    )
