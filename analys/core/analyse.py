"""The one entry point: a survey's responses in, the product's result dict out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import bootstrap as uncertainty
from .definitions import (
    DEFAULT_UNKNOWN_LABEL,
    Grouping,
    GroupSums,
    Questions,
    answer_matrix,
    area_columns,
    area_score_matrix,
    areas_in_order,
    build_grouping,
    corrected_nki_scores,
    group_sums,
    parse_dim,
    respondent_area_scores,
    total_sums,
)
from .matrix import (
    METHODS,
    QUADRANTS,
    correlation_effects,
    effect_models,
    lmg_effects,
    model_data,
    pair_moments,
    regression_effects,
    split_line,
)
from .protection import hidden_figures
from .response import response_rates
from .weighting import DEFAULT_WEIGHTING_DIMS, RakingResult, rake

DEFAULT_DIMS = ("gender", "age_group", "programme", "provider", "status", "language")
UNSTABLE_BELOW = 0.8


@dataclass(frozen=True)
class _Table:
    """A grouping and its sums; `published` is False for a hidden margin."""

    grouping: Grouping
    sums: GroupSums
    published: bool
    offset: int  # index of its first group in the suppression figure list


def analyse(
    responses: pd.DataFrame,
    questions: Questions,
    *,
    invited: pd.DataFrame | None = None,
    dims: Sequence[str] = DEFAULT_DIMS,
    min_n: int = 5,
    method: str = "correlation",
    bootstrap: int = 1000,
    seed: int | None = 0,
    satisfaction_split: float | None = None,
    effect_split: float | None = None,
    plot_nki_questions: bool = True,
    weighted: bool = False,
    weighting_dims: Sequence[str] = DEFAULT_WEIGHTING_DIMS,
    analytic_threshold: int = 10_000,
    nki_area: str = "NKI",
    unknown_label: str = DEFAULT_UNKNOWN_LABEL,
    texts: Mapping[str, str] | None = None,
    unstable_below: float = UNSTABLE_BELOW,
) -> dict[str, Any]:
    """Analyse one survey; see the package docstring for the result's shape.

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

    values, valid = _measure_matrix(answers, area_score_matrix(answers, questions))
    tables = _tables(responses, dims, unknown_label, values, valid)
    total = total_sums(values, valid)
    raking = rake(responses, invited, weighting_dims, unknown_label=unknown_label) if weighted else None
    weights = raking.weights if raking is not None else None
    hidden, weighted_hidden = hidden_figures(tables, questions, valid, min_n, weights)

    shown_counts = total.counts[0]
    shown_means = np.array(
        [
            total.sums[0, j] / shown_counts[j] if shown_counts[j] > 0 and not hidden[j][0] else np.nan
            for j in range(values.shape[1])
        ]
    )
    question_means = shown_means[:q]

    use_bootstrap = 0 < n_rows <= analytic_threshold and bootstrap > 0
    matrix = _matrix(
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
    uncertainty_method, bounds = _uncertainty(
        answers,
        matrix,
        question_means,
        shown_counts[:q],
        method=method,
        analytic=n_rows > analytic_threshold,
        resamples=bootstrap if use_bootstrap else 0,
        seed=seed,
    )
    question_rows = _question_rows(
        questions,
        shown_counts,
        question_means,
        matrix,
        bounds,
        texts or {},
        unstable_below,
    )

    result: dict[str, Any] = {
        "method": method,
        "min_n": int(min_n),
        "n_invited": len(invited) if invited is not None else None,
        "n_responses": int(n_rows),
        "response_rate": n_rows / len(invited) if invited is not None and len(invited) else None,
        "areas": {
            area: {"n": int(shown_counts[q + a]), "mean": _float(shown_means[q + a])} for a, area in enumerate(areas)
        },
        "questions": question_rows,
        "matrix": {
            "satisfaction_split": matrix.points.satisfaction_split,
            "effect_split": matrix.points.effect_split,
            "satisfaction_split_given": satisfaction_split is not None,
            "effect_split_given": effect_split is not None,
            "plot_nki_questions": plot_nki_questions,
            "nki_area": nki_area,
        },
        "uncertainty_method": uncertainty_method,
        "bootstrap": {"resamples": int(bootstrap), "seed": seed} if uncertainty_method == "bootstrap" else None,
        "groups": _groups_output(tables, codes, areas, hidden, weights_mode=False),
        "weighted": None,
        "weighting": RakingResult(None, dims=list(weighting_dims), reason="not requested").info(),
        "response_rates": response_rates(responses, invited, dims, unknown_label=unknown_label)
        if invited is not None
        else None,
    }
    if raking is not None:
        result["weighted"], result["weighting"] = _weighted(
            raking, values, valid, tables, weighted_hidden, codes, areas
        )
    return result


def _uncertainty(
    answers: np.ndarray,
    matrix: _Matrix,
    means: np.ndarray,
    counts: np.ndarray,
    *,
    method: str,
    analytic: bool,
    resamples: int,
    seed: int | None,
) -> tuple[str, uncertainty.Uncertainty | None]:
    if analytic:
        return "analytic", uncertainty.analytic(
            matrix.points,
            method=method,
            mean_n=counts.astype(np.float64),
            mean_sd=_question_sd(answers, means),
            effect_n=matrix.effect_n.astype(np.float64),
        )
    if resamples > 0:
        return "bootstrap", uncertainty.bootstrap(
            answers,
            matrix.points,
            method=method,
            pairs=matrix.pairs,
            models=matrix.models,
            resamples=resamples,
            seed=seed,
        )
    return "none", None


def _question_rows(
    questions: list[tuple[str, str]],
    counts: np.ndarray,
    means: np.ndarray,
    matrix: _Matrix,
    bounds: uncertainty.Uncertainty | None,
    texts: Mapping[str, str],
    unstable_below: float,
) -> list[dict[str, Any]]:
    quadrants = matrix.points.quadrant_codes()
    rows = []
    for j, (code, area) in enumerate(questions):
        stability = _float(bounds.stability[j]) if bounds is not None else None
        rows.append(
            {
                "code": code,
                "area": area,
                "text": texts.get(code, ""),
                "n": int(counts[j]),
                "mean": _float(means[j]),
                "effect": _float(matrix.points.effects[j]),
                "effect_n": int(matrix.effect_n[j]),
                "plotted": bool(matrix.points.plotted[j]),
                "quadrant": QUADRANTS[quadrants[j]] if quadrants[j] >= 0 else None,
                "mean_ci": _interval(bounds.mean_ci[j]) if bounds is not None else None,
                "effect_ci": _interval(bounds.effect_ci[j]) if bounds is not None else None,
                "stability": stability,
                "unstable": None if stability is None else stability < unstable_below,
            }
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


def _float(value: float | np.floating) -> float | None:
    return None if value is None or np.isnan(value) else float(value)


def _interval(pair: np.ndarray) -> list[float] | None:
    if np.isnan(pair).any():
        return None
    return [float(pair[0]), float(pair[1])]


def _measure_matrix(answers: np.ndarray, area_scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Questions then areas as columns: values (0 where missing) and validity (1.0/0.0)."""
    n, q = answers.shape
    m = q + area_scores.shape[1]
    values = np.empty((n, m), order="F")
    valid = np.empty((n, m), order="F")
    for j in range(m):
        column = answers[:, j] if j < q else area_scores[:, j - q]
        ok = ~np.isnan(column)
        valid[:, j] = ok
        values[:, j] = np.where(ok, column, 0.0)
    return values, valid


def _tables(
    responses: pd.DataFrame,
    dims: Sequence[str],
    unknown_label: str,
    values: np.ndarray,
    valid: np.ndarray,
) -> list[_Table]:
    """Published groupings in `dims` order, then hidden one-way margins of two-way ones."""
    names = list(dict.fromkeys("*".join(parse_dim(d)) for d in dims))
    wanted = [(name, True) for name in names]
    for name in names:
        for dim in parse_dim(name):
            if len(parse_dim(name)) == 2 and dim not in names and (dim, False) not in wanted:
                wanted.append((dim, False))
    tables = []
    offset = 1  # figure 0 is the overall total
    for name, published in wanted:
        grouping = build_grouping(responses, name, unknown_label)
        sums = group_sums(values, valid, grouping.codes, grouping.size)
        tables.append(_Table(grouping, sums, published, offset))
        offset += grouping.size
    return tables


@dataclass(frozen=True)
class _Matrix:
    points: uncertainty.MatrixPoints
    effect_n: np.ndarray
    pairs: Any
    models: list[Any]


def _matrix(
    answers: np.ndarray,
    questions: list[tuple[str, str]],
    means: np.ndarray,
    *,
    method: str,
    min_n: int,
    nki_area: str,
    plot_nki_questions: bool,
    satisfaction_split: float | None,
    effect_split: float | None,
    build_pairs: bool,
) -> _Matrix:
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
    return _Matrix(points, effect_n, pairs, models)


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


def _figures(
    sums: GroupSums,
    g: int,
    start: int,
    stop: int,
    hidden: list[list[bool]],
    index: int,
    weighted: bool,
) -> list[dict[str, Any]]:
    out = []
    for j in range(start, stop):
        n = int(sums.counts[g, j])
        denominator = sums.weight_sums[g, j] if weighted else n
        show = n > 0 and not hidden[j][index] and denominator > 0
        out.append({"n": n, "mean": float(sums.sums[g, j] / denominator) if show else None})
    return out


def _groups_output(
    tables: list[_Table],
    codes: list[str],
    areas: list[str],
    hidden: list[list[bool]],
    *,
    weights_mode: bool,
) -> dict[str, list[dict[str, Any]]]:
    q = len(codes)
    out: dict[str, list[dict[str, Any]]] = {}
    for table in tables:
        if not table.published:
            continue
        rows = []
        for g, label in enumerate(table.grouping.labels):
            index = table.offset + g
            question_figures = _figures(table.sums, g, 0, q, hidden, index, weights_mode)
            area_figures = _figures(table.sums, g, q, q + len(areas), hidden, index, weights_mode)
            rows.append(
                {
                    "value": label,
                    "n": int(table.sums.respondents[g]),
                    "areas": dict(zip(areas, area_figures, strict=True)),
                    "questions": dict(zip(codes, question_figures, strict=True)),
                }
            )
        out[table.grouping.name] = rows
    return out


def _weighted(
    raking: RakingResult,
    values: np.ndarray,
    valid: np.ndarray,
    tables: list[_Table],
    hidden: list[list[bool]],
    codes: list[str],
    areas: list[str],
) -> tuple[dict[str, Any] | None, dict[str, object]]:
    """Weighted figures with their own suppression pattern (the unweighted one and more), and the raking info."""
    if raking.weights is None:
        return None, raking.info()
    w = raking.weights
    total = total_sums(values, valid, weights=w)
    weighted_tables = [
        _Table(
            t.grouping,
            group_sums(values, valid, t.grouping.codes, t.grouping.size, weights=w),
            t.published,
            t.offset,
        )
        for t in tables
    ]
    q = len(codes)
    question_figures = _figures(total, 0, 0, q, hidden, 0, True)
    area_figures = _figures(total, 0, q, q + len(areas), hidden, 0, True)
    weighted = {
        "questions": [{"code": code, **figure} for code, figure in zip(codes, question_figures, strict=True)],
        "areas": dict(zip(areas, area_figures, strict=True)),
        "groups": _groups_output(weighted_tables, codes, areas, hidden, weights_mode=True),
        # Said beside the figures: weights from raking that did not converge miss the invited margins.
        "converged": raking.converged,
        "design_effect": raking.design_effect,
        "effective_sample_size": raking.effective_sample_size,
    }
    return weighted, raking.info()
