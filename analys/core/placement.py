"""Where each question lands in the åtgärdsmatris, and how sure that is.

Effects by the chosen method, split lines, quadrants, then intervals and
stability by bootstrap or, for large surveys, analytically. See
docs/definitions.md, "The åtgärdsmatris" and "Uncertainty".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from . import bootstrap as uncertainty
from .definitions import Questions, area_columns, corrected_nki_scores, respondent_area_scores
from .matrix import (
    correlation_effects,
    effect_models,
    lmg_effects,
    model_data,
    pair_moments,
    regression_effects,
    split_line,
)
from .result import UncertaintyMethod


@dataclass(frozen=True)
class Placement:
    points: uncertainty.MatrixPoints
    effect_n: np.ndarray
    pairs: Any
    models: list[Any]


def place(
    answers: np.ndarray,
    questions: Questions,
    means: np.ndarray,
    *,
    method: str,
    min_n: int,
    nki_area: str,
    plot_nki_questions: bool,
    satisfaction_split: float | None,
    effect_split: float | None,
    build_pairs: bool,
) -> Placement:
    q = answers.shape[1]
    nki_columns = area_columns(questions, nki_area)
    nki_for_question = corrected_nki_scores(answers, questions, nki_area)
    pairs = None
    models: list[Any] = []
    effects = np.full(q, np.nan)
    effect_n = np.zeros(q, dtype=np.int64)
    if method == "correlation":
        r, effect_n = correlation_effects(answers, nki_for_question)
        if build_pairs:
            pairs = pair_moments(answers, nki_for_question)
        effects = np.where(effect_n >= min_n, r, np.nan)
    else:
        nki_scores = respondent_area_scores(answers, nki_columns)
        for model in effect_models(q, nki_columns, nki_scores, nki_for_question):
            data = model_data(answers, model, min_n)
            if data is None:
                continue
            models.append(data)
            found = regression_effects(data) if method == "regression" else lmg_effects(data)
            for j, value in found.items():
                effects[j] = value
                effect_n[j] = len(data.rows)
    effects = np.where(np.isnan(means), np.nan, effects)
    in_plot = np.array([plot_nki_questions or area != nki_area for _, area in questions])
    plotted = in_plot & ~np.isnan(means) & ~np.isnan(effects)
    s_split = (
        float(satisfaction_split) if satisfaction_split is not None else split_line([float(v) for v in means[plotted]])
    )
    e_split = float(effect_split) if effect_split is not None else split_line([float(v) for v in effects[plotted]])
    points = uncertainty.MatrixPoints(
        means=means,
        effects=effects,
        plotted=plotted,
        satisfaction_split=s_split,
        effect_split=e_split,
        satisfaction_split_given=satisfaction_split is not None,
        effect_split_given=effect_split is not None,
    )
    return Placement(points, effect_n, pairs, models)


def intervals(
    answers: np.ndarray,
    placement: Placement,
    means: np.ndarray,
    counts: np.ndarray,
    *,
    method: str,
    analytic: bool,
    resamples: int,
    seed: int | None,
) -> tuple[UncertaintyMethod, uncertainty.Uncertainty | None]:
    if analytic:
        return "analytic", uncertainty.analytic(
            placement.points,
            method=method,
            mean_n=counts.astype(np.float64),
            mean_sd=_question_sd(answers, means),
            effect_n=placement.effect_n.astype(np.float64),
        )
    if resamples > 0:
        return "bootstrap", uncertainty.bootstrap(
            answers,
            placement.points,
            method=method,
            pairs=placement.pairs,
            models=placement.models,
            resamples=resamples,
            seed=seed,
        )
    return "none", None


def _question_sd(answers: np.ndarray, means: np.ndarray) -> np.ndarray:
    sd = np.full(answers.shape[1], np.nan)
    for j in range(answers.shape[1]):
        if np.isnan(means[j]):
            continue
        column = answers[:, j]
        column = column[~np.isnan(column)]
        if len(column) >= 2:
            sd[j] = column.std(ddof=1)
    return sd
