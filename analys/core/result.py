"""The typed result of `analyse`: dataclasses around plain numbers, and its dict form.

`AnalysisResult.to_dict()` gives the document of docs/analysis-json.md, key
for key and value for value; the settings of the computation that the texts
quote (confidence level, stability limit, analytic threshold, the raking
limits) are attributes of the result but not part of that document.
Reasons are codes (`WeightingReason`): the Django layer translates them; the
dict form keeps the English sentence the document has always had.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

UncertaintyMethod = Literal["bootstrap", "analytic", "none"]
# Field metadata of a setting: an attribute of the result, not part of its dict form.
_SETTING: dict[str, bool] = {"setting": True}


@dataclass(frozen=True)
class Figure:
    """A count and its mean; `mean` is None when suppressed (or when n is 0)."""

    n: int
    mean: float | None


@dataclass(frozen=True)
class QuestionResult:
    code: str
    area: str
    text: str
    n: int
    mean: float | None
    effect: float | None
    effect_n: int
    plotted: bool
    quadrant: str | None  # "green" | "blue" | "yellow" | "orange"
    mean_ci: list[float] | None
    effect_ci: list[float] | None
    stability: float | None
    unstable: bool | None


@dataclass(frozen=True)
class MatrixSettings:
    satisfaction_split: float | None
    effect_split: float | None
    satisfaction_split_given: bool
    effect_split_given: bool
    plot_nki_questions: bool
    nki_area: str


@dataclass(frozen=True)
class BootstrapSettings:
    resamples: int
    seed: int | None


@dataclass(frozen=True)
class GroupResult:
    """One group of a grouping: its respondents and its figures per area and per question."""

    value: str
    n: int
    areas: dict[str, Figure]
    questions: dict[str, Figure]


@dataclass(frozen=True)
class WeightedQuestion:
    code: str
    n: int
    mean: float | None


@dataclass(frozen=True)
class WeightedResult:
    questions: list[WeightedQuestion]
    areas: dict[str, Figure]
    groups: dict[str, list[GroupResult]]
    # Said beside the figures: weights from raking that did not converge miss the invited margins.
    converged: bool = True
    design_effect: float | None = None
    effective_sample_size: float | None = None


class WeightingReason(StrEnum):
    """Why there are no weighted figures."""

    NOT_REQUESTED = "not_requested"
    NO_INVITED = "no_invited"
    NO_RESPONDENTS = "no_respondents"
    MISSING_DIMENSIONS = "missing_dimensions"
    UNINVITED_CATEGORIES = "uninvited_categories"


@dataclass(frozen=True)
class WeightingInfo:
    applied: bool
    reason: WeightingReason | None
    dims: list[str]
    converged: bool
    iterations: int
    max_margin_error: float | None
    design_effect: float | None
    missing_categories: dict[str, list[str]]
    # What the reason is about: the missing dimensions, or the dimension and its stray categories.
    reason_dim: str | None = None
    reason_values: list[str] = field(default_factory=list)
    # The raking's own limits, for the texts that describe it.
    max_iterations: int = 50
    trim: tuple[float, float] = (0.2, 5.0)
    # Kish: the respondents divided by the design effect.
    effective_sample_size: float | None = None

    def reason_text(self) -> str | None:
        """The reason as the English sentence of the JSON document."""
        match self.reason:
            case None:
                return None
            case WeightingReason.NOT_REQUESTED:
                return "not requested"
            case WeightingReason.NO_INVITED:
                return "no invited sample is known"
            case WeightingReason.NO_RESPONDENTS:
                return "no respondents"
            case WeightingReason.MISSING_DIMENSIONS:
                return f"dimensions missing from the data: {self.reason_values}"
            case WeightingReason.UNINVITED_CATEGORIES:
                return f"respondents in {self.reason_dim} categories nobody was invited in: {self.reason_values}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "applied": self.applied,
            "reason": self.reason_text(),
            "dims": list(self.dims),
            "converged": self.converged,
            "iterations": self.iterations,
            "max_margin_error": self.max_margin_error,
            "design_effect": self.design_effect,
            "effective_sample_size": self.effective_sample_size,
            "missing_categories": {k: list(v) for k, v in self.missing_categories.items()},
        }


@dataclass(frozen=True)
class RateRow:
    value: str
    responses: int | None
    invited: int
    undeliverable: int
    rate: float | None
    rate_delivered: float | None


@dataclass(frozen=True)
class ResponseRates:
    overall: RateRow
    groups: dict[str, list[RateRow]]
    channels: list[RateRow] | None


@dataclass(frozen=True)
class AnalysisResult:
    """One survey's analysis; see the package docstring for the meaning of each figure."""

    method: str
    min_n: int
    n_invited: int | None
    n_responses: int
    response_rate: float | None
    areas: dict[str, Figure]
    questions: list[QuestionResult]
    matrix: MatrixSettings
    uncertainty_method: UncertaintyMethod
    bootstrap: BootstrapSettings | None
    groups: dict[str, list[GroupResult]]
    weighted: WeightedResult | None
    weighting: WeightingInfo
    response_rates: ResponseRates | None
    # Settings the figures follow, quoted by the texts; not in the dict form.
    confidence: float = field(metadata=_SETTING)
    unstable_below: float = field(metadata=_SETTING)
    analytic_threshold: int = field(metadata=_SETTING)

    @property
    def n_unstable(self) -> int:
        return sum(1 for q in self.questions if q.unstable)

    def to_dict(self) -> dict[str, Any]:
        """The plain-data form (lists, dicts, str, int, float, bool, None) of docs/analysis-json.md."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(AnalysisResult):
            if f.metadata.get("setting"):
                continue
            value = getattr(self, f.name)
            out[f.name] = value.to_dict() if isinstance(value, WeightingInfo) else _plain(value)
        return out


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
