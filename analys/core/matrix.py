"""The åtgärdsmatris: effects, split lines and quadrants (docs/definitions.md, "Effect methods").

Effect methods
--------------
``"correlation"`` (default)
    Pearson r between a question's answers and the respondent NKI score, over
    respondents who answered the question and have a defined NKI score. For a
    question in the NKI area the NKI score is computed without it (corrected
    item-total correlation).
``"regression"``
    Standardised regression weights. Outcome: the respondent NKI score.
    Predictors: every question outside the NKI area. Each NKI question gets
    its weight from its own model, with the NKI score computed without it as
    outcome and the question added to the predictors (the corrected item-total
    idea again; regressing NKI on its own items would be circular).
``"lmg"``
    Relative importance: each predictor's Shapley (LMG) share of the model R²,
    averaged over all 2^k orderings via all subsets; same models as
    ``"regression"``. The shares of one model add up to its R².

Missing answers in regression and lmg: a model uses the respondents whose
outcome is defined; a missing predictor answer is replaced by that question's
mean over those respondents (mean imputation). This keeps every respondent
(q7-q8 are often "ej aktuellt") at the cost of pulling the affected
correlations towards zero. Predictors answered by fewer than min_n of the
model's respondents, or constant among them, are left out and get effect None.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from math import comb

import numpy as np
from sklearn.linear_model import LinearRegression

METHODS = ("correlation", "regression", "lmg")
QUADRANTS = ("green", "blue", "yellow", "orange")


@dataclass(frozen=True)
class PairMoments:
    """Per question, the pairs (answer, NKI score) the correlation is taken over."""

    valid: np.ndarray  # (n, q) float64 1.0 where the pair exists
    x: np.ndarray  # (n, q) answers, 0 where no pair
    y: np.ndarray  # (n, q) NKI score for the question, 0 where no pair


def pair_moments(answers: np.ndarray, nki_for_question: Sequence[np.ndarray]) -> PairMoments:
    basis = np.column_stack(nki_for_question)
    valid = ~np.isnan(answers) & ~np.isnan(basis)
    return PairMoments(
        valid=valid.astype(np.float64),
        x=np.where(valid, answers, 0.0),
        y=np.where(valid, basis, 0.0),
    )


def correlation_effects(answers: np.ndarray, nki_for_question: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Pearson r per question (two-pass, centred) and the number of pairs."""
    q = answers.shape[1]
    r = np.full(q, np.nan)
    count = np.zeros(q, dtype=np.int64)
    for j in range(q):
        y = nki_for_question[j]
        pair = ~np.isnan(answers[:, j]) & ~np.isnan(y)
        xs, ys = answers[pair, j], y[pair]
        count[j] = len(xs)
        if len(xs) < 2:
            continue
        dx, dy = xs - xs.mean(), ys - ys.mean()
        sxx, syy = float(dx @ dx), float(dy @ dy)
        if sxx > 0 and syy > 0:
            r[j] = min(1.0, max(-1.0, float(dx @ dy) / np.sqrt(sxx * syy)))
    return r, count


def weighted_correlations(pairs: PairMoments, weights: np.ndarray) -> np.ndarray:
    """Pearson r per resample and question; `weights` is (B, n) resample counts.

    One-pass moment formula on matrix products, which is what makes the
    bootstrap fast; answers are 1..5, so cancellation is harmless in float64.
    """
    v, x, y = pairs.valid, pairs.x, pairs.y
    s0 = weights @ v
    sx = weights @ x
    sy = weights @ y
    sxx = weights @ (x * x)
    syy = weights @ (y * y)
    sxy = weights @ (x * y)
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = sxy - sx * sy / s0
        var_x = sxx - sx * sx / s0
        var_y = syy - sy * sy / s0
        r = cov / np.sqrt(var_x * var_y)
    tiny = 1e-12 * np.maximum(s0, 1.0)
    r = np.where((s0 >= 2) & (var_x > tiny) & (var_y > tiny), r, np.nan)
    return np.clip(r, -1.0, 1.0)


@dataclass(frozen=True)
class Model:
    """One regression model: outcome, candidate predictors, and whose effect it gives."""

    outcome: np.ndarray  # (n,) respondent score, NaN where undefined
    predictors: list[int]  # question columns
    reported: list[int]  # the predictors whose effect this model reports


def effect_models(
    question_count: int,
    nki_columns: Sequence[int],
    nki_scores: np.ndarray,
    nki_for_question: Sequence[np.ndarray],
) -> list[Model]:
    """The models of the regression/lmg methods (see module docstring)."""
    if not nki_columns:
        return []
    others = [j for j in range(question_count) if j not in nki_columns]
    models = [Model(nki_scores, others, others)] if others else []
    for j in nki_columns:
        models.append(Model(nki_for_question[j], [*others, j], [j]))
    return models


@dataclass(frozen=True)
class ModelData:
    """A model's design with missing answers marked, ready for weighted moments."""

    valid: np.ndarray  # (m, p + 1): predictors then outcome (always valid)
    values: np.ndarray  # (m, p + 1): 0 where invalid
    predictors: list[int]
    reported: list[int]
    rows: np.ndarray  # indices of the respondents in the model


def model_data(answers: np.ndarray, model: Model, min_n: int) -> ModelData | None:
    rows = np.flatnonzero(~np.isnan(model.outcome))
    if len(rows) < max(min_n, 3):
        return None
    block = answers[np.ix_(rows, np.asarray(model.predictors, dtype=np.intp))]
    valid = ~np.isnan(block)
    keep = []
    for c in range(block.shape[1]):
        column = block[valid[:, c], c]
        if len(column) >= max(min_n, 2) and np.ptp(column) > 0:
            keep.append(c)
    outcome = model.outcome[rows]
    if not keep or np.ptp(outcome) == 0:
        return None
    predictors = [model.predictors[c] for c in keep]
    values = np.column_stack([np.where(valid[:, keep], block[:, keep], 0.0), outcome])
    flags = np.column_stack([valid[:, keep], np.ones(len(rows), dtype=bool)])
    return ModelData(
        flags.astype(np.float64),
        values,
        predictors,
        [j for j in model.reported if j in predictors],
        rows,
    )


def imputed_standardised(data: ModelData) -> np.ndarray:
    """Mean-impute missing predictors, then z-score every column (ddof 0)."""
    count = data.valid.sum(axis=0)
    means = data.values.sum(axis=0) / count
    filled = np.where(data.valid > 0, data.values, means)
    return (filled - filled.mean(axis=0)) / filled.std(axis=0)


def weighted_correlation_matrices(data: ModelData, weights: np.ndarray) -> np.ndarray:
    """Correlation matrices of the mean-imputed design under resample weights (B, m).

    With mean imputation the imputed values sit exactly at the (weighted)
    mean, so the centred cross-products only get contributions from rows
    where both columns are observed: that lets every resample be a matrix
    product instead of re-imputing row by row.
    """
    v, x = data.valid, data.values
    p1 = v.shape[1]
    total = weights.sum(axis=1)
    count = weights @ v
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (weights @ x) / count
    both = v[:, :, None] * v[:, None, :]
    both = both.reshape(len(v), p1 * p1)
    xa = (x[:, :, None] * v[:, None, :]).reshape(len(v), p1 * p1)
    xb = (v[:, :, None] * x[:, None, :]).reshape(len(v), p1 * p1)
    xab = (x[:, :, None] * x[:, None, :]).reshape(len(v), p1 * p1)
    b = weights.shape[0]
    s_both = (weights @ both).reshape(b, p1, p1)
    s_a = (weights @ xa).reshape(b, p1, p1)
    s_b = (weights @ xb).reshape(b, p1, p1)
    s_ab = (weights @ xab).reshape(b, p1, p1)
    ma = mean[:, :, None]
    mb = mean[:, None, :]
    cov = (s_ab - mb * s_a - ma * s_b + ma * mb * s_both) / total[:, None, None]
    sd = np.sqrt(np.diagonal(cov, axis1=1, axis2=2))
    with np.errstate(invalid="ignore", divide="ignore"):
        return cov / (sd[:, :, None] * sd[:, None, :])


def regression_weights_from_correlations(corr: np.ndarray) -> np.ndarray:
    """Standardised weights per resample: solve R_xx b = r_xy (corr is (B, p+1, p+1))."""
    rxx = corr[:, :-1, :-1]
    rxy = corr[:, :-1, -1]
    out = np.full(rxy.shape, np.nan)
    ok = np.all(np.isfinite(corr.reshape(len(corr), -1)), axis=1)
    if ok.any():
        out[ok] = _solve(rxx[ok], rxy[ok])
    return out


def _solve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.solve(a, b[..., None])[..., 0]
    except np.linalg.LinAlgError:
        return (np.linalg.pinv(a, hermitian=True) @ b[..., None])[..., 0]


def subset_r2(corr: np.ndarray) -> np.ndarray:
    """R² of every predictor subset, indexed by bitmask, per resample: (B, 2^p)."""
    p = corr.shape[1] - 1
    b = corr.shape[0]
    r2 = np.zeros((b, 1 << p))
    for size in range(1, p + 1):
        subsets = np.array(list(combinations(range(p), size)), dtype=np.intp)
        masks = (1 << subsets).sum(axis=1)
        for chunk in np.array_split(np.arange(len(subsets)), max(1, len(subsets) * b // 200_000)):
            sub = subsets[chunk]
            rxx = corr[:, sub[:, :, None], sub[:, None, :]]  # (B, c, s, s)
            rxy = corr[:, sub, p]  # (B, c, s)
            beta = _solve(rxx, rxy)
            r2[:, masks[chunk]] = np.einsum("bcs,bcs->bc", beta, rxy)
    return r2


def lmg_from_correlations(corr: np.ndarray) -> np.ndarray:
    """Shapley/LMG share of R² per predictor and resample: (B, p)."""
    p = corr.shape[1] - 1
    if not np.all(np.isfinite(corr)):
        finite = np.all(np.isfinite(corr.reshape(len(corr), -1)), axis=1)
        out = np.full((len(corr), p), np.nan)
        if finite.any():
            out[finite] = lmg_from_correlations(corr[finite])
        return out
    r2 = subset_r2(corr)
    masks = np.arange(1 << p)
    sizes = np.array([int(m).bit_count() for m in masks])
    weight_by_size = np.array([1.0 / (p * comb(p - 1, s)) for s in range(p)])
    shares = np.empty((len(corr), p))
    for j in range(p):
        without = masks[(masks >> j) & 1 == 0]
        gain = r2[:, without | (1 << j)] - r2[:, without]
        shares[:, j] = gain @ weight_by_size[sizes[without]]
    return shares


def regression_effects(data: ModelData) -> dict[int, float]:
    """Standardised weights with scikit-learn on the mean-imputed, z-scored design."""
    z = imputed_standardised(data)
    fit = LinearRegression().fit(z[:, :-1], z[:, -1])
    return {j: float(fit.coef_[data.predictors.index(j)]) for j in data.reported}


def lmg_effects(data: ModelData) -> dict[int, float]:
    z = imputed_standardised(data)
    corr = np.corrcoef(z, rowvar=False)[None]
    shares = lmg_from_correlations(corr)[0]
    return {j: float(shares[data.predictors.index(j)]) for j in data.reported}


def model_effects_resampled(data: ModelData, method: str, weights: np.ndarray) -> dict[int, np.ndarray]:
    """Effects per resample (B,) for the questions the model reports."""
    corr = weighted_correlation_matrices(data, weights[:, data.rows])
    values = regression_weights_from_correlations(corr) if method == "regression" else lmg_from_correlations(corr)
    return {j: values[:, data.predictors.index(j)] for j in data.reported}


def split_line(values: Sequence[float | None]) -> float | None:
    """Mean of the plotted values; None when nothing is plotted."""
    shown = [v for v in values if v is not None]
    return float(sum(shown) / len(shown)) if shown else None


def quadrant(satisfaction: float, effect: float, satisfaction_split: float, effect_split: float) -> str:
    """The field of a point; a point exactly on a split line counts as high."""
    high_satisfaction = satisfaction >= satisfaction_split
    high_effect = effect >= effect_split
    if high_satisfaction:
        return "green" if high_effect else "blue"
    return "orange" if high_effect else "yellow"


def quadrant_codes(
    satisfaction: np.ndarray,
    effect: np.ndarray,
    satisfaction_split: np.ndarray | float,
    effect_split: np.ndarray | float,
) -> np.ndarray:
    """Vectorised `quadrant` as indices into QUADRANTS; -1 where undefined."""
    with np.errstate(invalid="ignore"):
        high_s = satisfaction >= satisfaction_split
        high_e = effect >= effect_split
    codes = np.where(high_s, np.where(high_e, 0, 1), np.where(high_e, 3, 2))
    defined = ~(np.isnan(satisfaction) | np.isnan(effect))
    defined &= ~(np.isnan(satisfaction_split) | np.isnan(effect_split))
    return np.where(defined, codes, -1)
