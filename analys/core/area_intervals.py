"""Intervals of NKI and the area indices, computed as the analysis computes a question mean's.

The same method as `analys.core.bootstrap` for the question means: up to the
analytic threshold, B resamples of the respondents drawn with
``numpy.random.default_rng(seed)`` and a 95 % percentile interval of the
resampled means of the respondents' area scores; above it, a t interval. An
area whose mean is not shown (suppressed, or nobody has a score) gets none.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats

from .bootstrap import CONFIDENCE, percentile_intervals, resample_batches
from .definitions import Questions, answer_matrix, area_score_matrix, areas_in_order

Interval = list[float]


def area_intervals(
    responses: pd.DataFrame,
    questions: Questions,
    shown: Mapping[str, float | None],
    *,
    resamples: int,
    seed: int | None,
    analytic_threshold: int,
) -> dict[str, Interval | None]:
    """Per area (in question order): the interval of its mean, None where the mean is not shown or none is
    computed (no resamples below the analytic threshold, or fewer than two scores)."""
    questions = [(str(code), str(area)) for code, area in questions]
    areas = areas_in_order(questions)
    scores = area_score_matrix(answer_matrix(responses, [code for code, _ in questions]), questions)
    n = scores.shape[0]
    out: dict[str, Interval | None] = {area: None for area in areas}
    wanted = [j for j, area in enumerate(areas) if shown.get(area) is not None]
    if not wanted or n == 0:
        return out
    if n > analytic_threshold:
        bounds = _t_intervals(scores[:, wanted])
    elif resamples > 0:
        bounds = _bootstrap_intervals(scores[:, wanted], resamples, seed)
    else:
        return out
    for index, j in enumerate(wanted):
        low, high = bounds[index]
        if not (np.isnan(low) or np.isnan(high)):
            out[areas[j]] = [float(low), float(high)]
    return out


def _bootstrap_intervals(scores: np.ndarray, resamples: int, seed: int | None) -> np.ndarray:
    n, a = scores.shape
    valid = (~np.isnan(scores)).astype(np.float64)
    filled = np.where(valid > 0, scores, 0.0)
    means = np.empty((resamples, a))
    for rows, weights in resample_batches(n, resamples, seed):
        with np.errstate(invalid="ignore", divide="ignore"):
            means[rows] = (weights @ filled) / (weights @ valid)
    return percentile_intervals(means)


def _t_intervals(scores: np.ndarray) -> np.ndarray:
    out = np.full((scores.shape[1], 2), np.nan)
    for j in range(scores.shape[1]):
        column = scores[:, j]
        column = column[~np.isnan(column)]
        if len(column) < 2:
            continue
        mean = column.mean()
        half = stats.t.ppf(1 - (1 - CONFIDENCE) / 2, len(column) - 1) * column.std(ddof=1) / np.sqrt(len(column))
        out[j] = (mean - half, mean + half)
    return out
