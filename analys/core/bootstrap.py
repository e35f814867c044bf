"""Uncertainty of the åtgärdsmatris: bootstrap over respondents, or analytic (docs/definitions.md, "Uncertainty").

Bootstrap: B resamples of the respondents with replacement, drawn with
``numpy.random.default_rng(seed)``. A resample is represented by how many
times each respondent was drawn, so every resampled mean and correlation is a
weighted sum, i.e. one matrix product for all resamples at once. Intervals are
95 % percentile intervals (``numpy.nanquantile``, linear interpolation).
Stability is the share of resamples in which a plotted point lies in the same
field as in the full sample; the split lines are recomputed in each resample
(the mean of the resampled means/effects of the plotted points) unless they
were given, and a resample in which the point's effect is undefined counts as
leaving the field.

Analytic (large surveys): a t interval for a mean and a Fisher z interval
for a correlation; no interval for regression or lmg effects. Stability is then
approximated with fixed split lines and independent normal errors:
P(mean stays on its side) * P(z-transformed effect stays on its side), and it
is None for regression and lmg.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .matrix import (
    ModelData,
    PairMoments,
    model_effects_resampled,
    quadrant_codes,
    weighted_correlations,
)

CONFIDENCE = 0.95
# Bound on resamples x respondents held in memory at once.
CHUNK_ELEMENTS = 4_000_000


@dataclass(frozen=True)
class MatrixPoints:
    """The full-sample matrix that the uncertainty is computed around.

    Arrays are per question; NaN marks a mean or effect that is not shown.
    `plotted` marks the points in the matrix (both shown, question plotted).
    """

    means: np.ndarray
    effects: np.ndarray
    plotted: np.ndarray
    satisfaction_split: float | None
    effect_split: float | None
    satisfaction_split_given: bool
    effect_split_given: bool

    def quadrant_codes(self) -> np.ndarray:
        codes = quadrant_codes(
            self.means,
            self.effects,
            np.nan if self.satisfaction_split is None else self.satisfaction_split,
            np.nan if self.effect_split is None else self.effect_split,
        )
        return np.where(self.plotted, codes, -1)


@dataclass(frozen=True)
class Uncertainty:
    mean_ci: np.ndarray  # (q, 2), NaN where none
    effect_ci: np.ndarray  # (q, 2)
    stability: np.ndarray  # (q,)


def resample_counts(n: int, resamples: int, rng: np.random.Generator) -> np.ndarray:
    """(resamples, n) float64: how often each respondent is drawn in each resample."""
    draws = rng.integers(0, n, size=(resamples, n))
    offsets = (np.arange(resamples) * n)[:, None]
    counts = np.bincount((draws + offsets).ravel(), minlength=resamples * n)
    return counts.reshape(resamples, n).astype(np.float64)


def resample_batches(n: int, resamples: int, seed: int | None) -> Iterator[tuple[slice, np.ndarray]]:
    """The resamples in batches that fit in memory: each batch's rows, and its resample_counts."""
    rng = np.random.default_rng(seed)
    chunk = max(1, min(resamples, CHUNK_ELEMENTS // max(n, 1)))
    for start in range(0, resamples, chunk):
        size = min(chunk, resamples - start)
        yield slice(start, start + size), resample_counts(n, size, rng)


def bootstrap(
    answers: np.ndarray,
    points: MatrixPoints,
    *,
    method: str,
    pairs: PairMoments | None,
    models: Sequence[ModelData],
    resamples: int,
    seed: int | None,
) -> Uncertainty:
    """Percentile intervals and stability from `resamples` bootstrap resamples."""
    n, q = answers.shape
    valid = (~np.isnan(answers)).astype(np.float64)
    filled = np.where(valid > 0, answers, 0.0)
    means = np.empty((resamples, q))
    effects = np.full((resamples, q), np.nan)
    for rows, weights in resample_batches(n, resamples, seed):
        with np.errstate(invalid="ignore", divide="ignore"):
            means[rows] = (weights @ filled) / (weights @ valid)
        if method == "correlation" and pairs is not None:
            effects[rows] = weighted_correlations(pairs, weights)
        elif method in ("regression", "lmg"):
            for data in models:
                for j, values in model_effects_resampled(data, method, weights).items():
                    effects[rows, j] = values
    means[:, np.isnan(points.means)] = np.nan
    effects[:, np.isnan(points.effects)] = np.nan
    return Uncertainty(
        mean_ci=percentile_intervals(means),
        effect_ci=percentile_intervals(effects),
        stability=_stability(points, means, effects),
    )


def percentile_intervals(values: np.ndarray) -> np.ndarray:
    """(columns, 2): each column's percentile interval at CONFIDENCE, its NaNs left out (NaN when all are)."""
    out = np.full((values.shape[1], 2), np.nan)
    alpha = (1 - CONFIDENCE) / 2
    for j in range(values.shape[1]):
        column = values[:, j]
        column = column[~np.isnan(column)]
        if len(column):
            out[j] = np.quantile(column, [alpha, 1 - alpha])
    return out


def _stability(points: MatrixPoints, means: np.ndarray, effects: np.ndarray) -> np.ndarray:
    plotted = points.plotted
    out = np.full(len(plotted), np.nan)
    if not plotted.any():
        return out
    if points.satisfaction_split_given:
        s_split = np.full(len(means), points.satisfaction_split)
    else:
        s_split = _mean_of_defined(means[:, plotted])
    if points.effect_split_given:
        e_split = np.full(len(effects), points.effect_split)
    else:
        e_split = _mean_of_defined(effects[:, plotted])
    codes = quadrant_codes(means, effects, s_split[:, None], e_split[:, None])
    same = codes == points.quadrant_codes()[None, :]
    out[plotted] = same[:, plotted].mean(axis=0)
    return out


def _mean_of_defined(values: np.ndarray) -> np.ndarray:
    """Row means over the non-NaN entries; NaN for a row without any."""
    defined = ~np.isnan(values)
    count = defined.sum(axis=1)
    total = np.where(defined, values, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def analytic(
    points: MatrixPoints,
    *,
    method: str,
    mean_n: np.ndarray,
    mean_sd: np.ndarray,
    effect_n: np.ndarray,
) -> Uncertainty:
    """t intervals for means, Fisher z for correlations, approximate stability."""
    q = len(points.means)
    mean_ci = np.full((q, 2), np.nan)
    effect_ci = np.full((q, 2), np.nan)
    stability = np.full(q, np.nan)
    z_crit = stats.norm.ppf(1 - (1 - CONFIDENCE) / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        se_mean = mean_sd / np.sqrt(mean_n)
        t_crit = stats.t.ppf(1 - (1 - CONFIDENCE) / 2, np.maximum(mean_n - 1, 1))
    ok_mean = ~np.isnan(points.means) & (mean_n >= 2)
    mean_ci[ok_mean, 0] = points.means[ok_mean] - t_crit[ok_mean] * se_mean[ok_mean]
    mean_ci[ok_mean, 1] = points.means[ok_mean] + t_crit[ok_mean] * se_mean[ok_mean]
    if method != "correlation":
        return Uncertainty(mean_ci, effect_ci, stability)
    ok_effect = ~np.isnan(points.effects) & (effect_n > 3)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.arctanh(np.clip(points.effects, -1 + 1e-15, 1 - 1e-15))
        se_z = 1 / np.sqrt(effect_n - 3)
    effect_ci[ok_effect, 0] = np.tanh(z[ok_effect] - z_crit * se_z[ok_effect])
    effect_ci[ok_effect, 1] = np.tanh(z[ok_effect] + z_crit * se_z[ok_effect])
    if points.satisfaction_split is None or points.effect_split is None:
        return Uncertainty(mean_ci, effect_ci, stability)
    z_split = np.arctanh(np.clip(points.effect_split, -1 + 1e-15, 1 - 1e-15))
    # For a normal estimate the chance of staying on its side of a fixed line is
    # Phi(distance / se), whichever side it is on; se == 0 means it cannot move.
    with np.errstate(invalid="ignore", divide="ignore"):
        p_mean = np.where(
            se_mean > 0,
            stats.norm.cdf(np.abs(points.means - points.satisfaction_split) / se_mean),
            1.0,
        )
        p_effect = stats.norm.cdf(np.abs(z - z_split) / se_z)
    usable = points.plotted & ok_mean & ok_effect
    stability[usable] = (p_mean * p_effect)[usable]
    return Uncertainty(mean_ci, effect_ci, stability)
