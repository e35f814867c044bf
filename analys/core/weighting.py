"""Non-response weighting by raking (iterative proportional fitting; docs/definitions.md, "Weighting").

Each pass multiplies the weights, dimension by dimension, so that the weighted
shares of the respondents match the shares among the invited; then the
weights are scaled to mean 1 and trimmed to [trim_low, trim_high]. Missing
dimension values form their own category (the unknown label) on both sides.
Raking stops when every weighted share is within `tolerance` of its target
after a pass (converged) or after `max_iterations` passes (not converged).
Invited categories with no respondents cannot be reached: they are reported
in `missing_categories` and the remaining targets are rescaled to sum to 1.
Respondents in a category nobody was invited in make weighting impossible,
except the unknown one: respondents whose value was generalised to unknown when
the survey closed keep their own share, and the known values are raked within
the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .definitions import DEFAULT_UNKNOWN_LABEL, dimension_codes
from .result import WeightingInfo, WeightingReason

MAX_ITERATIONS = 50
TRIM = (0.2, 5.0)


@dataclass
class RakingResult:
    """Weights (mean about 1, one per respondent, in row order) and diagnostics.

    `weights` is None when weighting is impossible; `reason` then says why
    (`reason_dim` and `reason_values` name what it is about).
    """

    weights: np.ndarray | None
    converged: bool = False
    iterations: int = 0
    max_margin_error: float | None = None
    design_effect: float | None = None
    dims: list[str] = field(default_factory=list)
    missing_categories: dict[str, list[str]] = field(default_factory=dict)
    reason: WeightingReason | None = None
    reason_dim: str | None = None
    reason_values: list[str] = field(default_factory=list)
    max_iterations: int = MAX_ITERATIONS
    trim: tuple[float, float] = TRIM

    @property
    def effective_sample_size(self) -> float | None:
        """Kish's effective sample size (sum w)^2 / sum(w^2): the respondents divided by the design effect."""
        if self.weights is None or len(self.weights) == 0:
            return None
        w = np.asarray(self.weights, dtype=np.float64)
        return float(np.sum(w) ** 2 / np.sum(w * w))

    def info(self) -> WeightingInfo:
        return WeightingInfo(
            applied=self.weights is not None,
            reason=self.reason,
            dims=list(self.dims),
            converged=self.converged,
            iterations=self.iterations,
            max_margin_error=self.max_margin_error,
            design_effect=self.design_effect,
            missing_categories={k: list(v) for k, v in self.missing_categories.items()},
            reason_dim=self.reason_dim,
            reason_values=list(self.reason_values),
            max_iterations=self.max_iterations,
            trim=self.trim,
            effective_sample_size=self.effective_sample_size,
        )


def design_effect(weights: np.ndarray) -> float:
    """Kish's design effect of unequal weights: n * sum(w^2) / sum(w)^2."""
    w = np.asarray(weights, dtype=np.float64)
    return float(len(w) * np.sum(w * w) / np.sum(w) ** 2)


def rake(
    respondents: pd.DataFrame,
    invited: pd.DataFrame | None,
    dims: Sequence[str],
    *,
    unknown_label: str = DEFAULT_UNKNOWN_LABEL,
    max_iterations: int = MAX_ITERATIONS,
    trim: tuple[float, float] = TRIM,
    tolerance: float = 1e-6,
) -> RakingResult:
    dims = list(dims)
    if invited is None or len(invited) == 0:
        return RakingResult(None, dims=dims, reason=WeightingReason.NO_INVITED)
    if len(respondents) == 0:
        return RakingResult(None, dims=dims, reason=WeightingReason.NO_RESPONDENTS)
    absent = [d for d in dims if d not in respondents.columns or d not in invited.columns]
    if absent:
        return RakingResult(None, dims=dims, reason=WeightingReason.MISSING_DIMENSIONS, reason_values=absent)
    n = len(respondents)
    margins: list[tuple[np.ndarray, np.ndarray]] = []
    missing_categories: dict[str, list[str]] = {}
    for dim in dims:
        both = pd.concat([respondents[dim], invited[dim]], ignore_index=True)
        codes, labels = dimension_codes(both, unknown_label)
        sample_codes, invited_codes = codes[:n], codes[n:]
        invited_counts = np.bincount(invited_codes, minlength=len(labels)).astype(float)
        sample_counts = np.bincount(sample_codes, minlength=len(labels))
        stray = (sample_counts > 0) & (invited_counts == 0)
        # Respondents whose value was generalised to unknown at closing while nobody invited is
        # unknown: they keep their own share, and the known values are raked within the rest.
        unknown = labels.index(unknown_label) if unknown_label in labels else None
        generalised = unknown is not None and bool(stray[unknown])
        if generalised:
            stray[unknown] = False
        strays = [labels[i] for i in np.flatnonzero(stray)]
        if strays:
            return RakingResult(
                None,
                dims=dims,
                reason=WeightingReason.UNINVITED_CATEGORIES,
                reason_dim=dim,
                reason_values=strays,
            )
        unreachable = (invited_counts > 0) & (sample_counts == 0)
        if unreachable.any():
            missing_categories[dim] = [labels[i] for i in np.flatnonzero(unreachable)]
        targets = np.where(unreachable, 0.0, invited_counts)
        # Every respondent generalised to unknown: no known value left to rake to (no 0/0 shares).
        shares = targets / targets.sum() if targets.sum() else np.zeros_like(targets)
        if generalised:
            kept = sample_counts[unknown] / n
            shares = shares * (1.0 - kept)
            shares[unknown] = kept
        margins.append((sample_codes, shares))
    low, high = trim
    weights = np.ones(n)
    error = _margin_error(weights, margins)
    iterations = 0
    while iterations < max_iterations and not error < tolerance:
        iterations += 1
        for codes, shares in margins:
            current = np.bincount(codes, weights=weights, minlength=len(shares))
            with np.errstate(invalid="ignore", divide="ignore"):
                factor = np.where(current > 0, shares * weights.sum() / current, 1.0)
            weights = weights * factor[codes]
        weights = np.clip(weights / weights.mean(), low, high)
        error = _margin_error(weights, margins)
    return RakingResult(
        weights=weights,
        converged=bool(error < tolerance),
        iterations=iterations,
        max_margin_error=float(error),
        design_effect=design_effect(weights),
        dims=dims,
        missing_categories=missing_categories,
        max_iterations=max_iterations,
        trim=trim,
    )


def _margin_error(weights: np.ndarray, margins: list[tuple[np.ndarray, np.ndarray]]) -> float:
    total = weights.sum()
    worst = 0.0
    for codes, shares in margins:
        current = np.bincount(codes, weights=weights, minlength=len(shares)) / total
        worst = max(worst, float(np.max(np.abs(current - shares))))
    return worst
