"""Pure computation core of the survey analysis (no Django in here).

Everything takes pandas/numpy data and returns plain Python data or the
dataclasses of `analys.core.result` (str, int, float at full precision, never
rounded, bool and None inside). Django is never imported here: the group
dimensions, their labels and every text come from the Django layer. The
definitions are those of docs/definitions.md.

Inputs
------
``responses``: one row per respondent. Group columns (``gender``,
``age_group``, ``programme``, ``provider``, ``status``, ``language``) hold
strings; None, NaN and blank strings are missing and form their own group,
labelled ``unknown_label`` (default "okänd"), which sorts last. One column per
question code holds the answer; anything but an integer 1..5 counts as no
answer (see `clean_answers`).

``questions``: ``[(code, area), ...]`` in display order. Areas keep the order
in which they first appear. The NKI area is named by ``nki_area`` ("NKI").

``invited``: optional, one row per invited person with the same group
columns; optionally ``channel`` and a boolean ``undeliverable``.

Main entry point
----------------
``analyse(responses, questions, *, dims, weighting_dims=(), invited=None,
min_n=5, method="correlation", bootstrap=1000, seed=0,
satisfaction_split=None, effect_split=None, plot_nki_questions=True,
weighted=False, analytic_threshold=10_000, nki_area="NKI",
unknown_label="okänd", texts=None, unstable_below=0.8) -> AnalysisResult``

``dims`` entries are a column name or a two-way grouping "programme*gender";
``weighting_dims`` are the columns raking matches to the invited.
``method`` is "correlation", "regression" or "lmg" (see `analys.core.matrix`).
``bootstrap`` is the number of resamples (0: no intervals). Above
``analytic_threshold`` respondents, analytic intervals replace the bootstrap.
``texts`` maps question codes to their text.

The result (`analys.core.result.AnalysisResult`) has ``method``, ``min_n``,
``n_invited``, ``n_responses``, ``response_rate``, ``areas`` (area ->
`Figure` n/mean), ``questions`` (`QuestionResult` per question, in order),
``matrix`` (split lines and plot settings), ``uncertainty_method``
("bootstrap", "analytic" or "none"), ``bootstrap`` (resamples and seed, or
None), ``groups`` (dimension -> `GroupResult` per group, with a `Figure` per
area and per question), ``weighted`` (`WeightedResult` or None),
``weighting`` (`WeightingInfo`; its ``reason`` is a `WeightingReason` code)
and ``response_rates`` (`ResponseRates` or None), plus the settings the texts
quote: ``confidence``, ``unstable_below`` and ``analytic_threshold``.
``to_dict()`` gives the document of docs/analysis-json.md.

For a two-way dimension "programme*gender" a group's value is the two values
joined by "*", e.g. "Jobbpeng grund*kvinna"; only combinations that occur are
listed, ordered by the first then the second value.

Meaning of the figures
----------------------
* ``n`` of a question is its number of valid answers; ``n`` of an area is the
  number of respondents with a defined area score (at least half of the
  area's questions, rounded up, answered); ``n`` of a group is its number of
  respondents. ``n`` is always shown.
* ``mean`` is None when the figure is suppressed (n < min_n, or hidden by
  complementary suppression, see `analys.core.suppression`) or when n == 0.
  A question whose mean is None also has effect and quadrant None.
* ``effect`` is None when fewer than min_n respondents carry it.
* A question is ``plotted`` when its mean and effect are shown and it is
  allowed in the plot (``plot_nki_questions``). The split lines default to
  the mean of the plotted means and effects; a point on a line counts as high.
  Quadrants: green high/high, blue high satisfaction/low effect, yellow
  low/low, orange low satisfaction/high effect.
* ``stability`` is the share of bootstrap resamples in which the point stays
  in its field (None when not plotted); ``unstable`` is stability <
  ``unstable_below``. With analytic intervals it is a normal approximation
  for correlations and None for regression/lmg (see `analys.core.bootstrap`).
* The weighted section uses raking weights (see `analys.core.weighting`);
  its means hide exactly what the unweighted result hides.

Building blocks, for callers that need only one part: `clean_answers`,
`respondent_area_scores`, `build_grouping`, `suppress`, `rake`,
`design_effect`, `response_rates`, `quadrant`.
"""

import importlib
from typing import TYPE_CHECKING

# Where each public name lives. They are imported on first use (PEP 562), so that importing one
# light submodule (the template filters need `result` only) does not load pandas, SciPy and
# scikit-learn into every web process. No submodule may share a public name: importing a submodule
# sets the package attribute of its name, which would hide the lazily loaded name.
_HOMES = {
    "ANALYTIC_THRESHOLD": "analysis",
    "UNSTABLE_BELOW": "analysis",
    "analyse": "analysis",
    "CONFIDENCE": "bootstrap",
    "DEFAULT_UNKNOWN_LABEL": "definitions",
    "Grouping": "definitions",
    "build_grouping": "definitions",
    "clean_answers": "definitions",
    "respondent_area_scores": "definitions",
    "METHODS": "matrix",
    "QUADRANTS": "matrix",
    "quadrant": "matrix",
    "response_rates": "response",
    "AnalysisResult": "result",
    "Figure": "result",
    "GroupResult": "result",
    "QuestionResult": "result",
    "WeightingInfo": "result",
    "WeightingReason": "result",
    "Relation": "suppression",
    "SuppressionLayout": "suppression",
    "suppress": "suppression",
    "RakingResult": "weighting",
    "design_effect": "weighting",
    "rake": "weighting",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from .analysis import ANALYTIC_THRESHOLD, UNSTABLE_BELOW, analyse
    from .bootstrap import CONFIDENCE
    from .definitions import (
        DEFAULT_UNKNOWN_LABEL,
        Grouping,
        build_grouping,
        clean_answers,
        respondent_area_scores,
    )
    from .matrix import METHODS, QUADRANTS, quadrant
    from .response import response_rates
    from .result import AnalysisResult, Figure, GroupResult, QuestionResult, WeightingInfo, WeightingReason
    from .suppression import Relation, SuppressionLayout, suppress
    from .weighting import RakingResult, design_effect, rake


__all__ = sorted(_HOMES)
