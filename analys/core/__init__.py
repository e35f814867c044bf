"""Pure computation core of the survey analysis (no Django in here).

Everything takes pandas/numpy data and returns plain Python data: dicts,
lists, str, int, float (full precision, never rounded), bool and None. The
definitions are those of DOMAIN.md, "Definitions the analysis must follow"
and "The åtgärdsmatris".

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
``analyse(responses, questions, *, invited=None, dims=DEFAULT_DIMS, min_n=5,
method="correlation", bootstrap=1000, seed=0, satisfaction_split=None,
effect_split=None, plot_nki_questions=True, weighted=False,
weighting_dims=("gender", "age_group", "programme"),
analytic_threshold=10_000, nki_area="NKI", unknown_label="okänd",
texts=None, unstable_below=0.8) -> dict``

``dims`` entries are a column name or a two-way grouping "programme*gender".
``method`` is "correlation", "regression" or "lmg" (see `analys.core.matrix`).
``bootstrap`` is the number of resamples (0: no intervals). Above
``analytic_threshold`` respondents, analytic intervals replace the bootstrap.
``texts`` maps question codes to their text.

The result::

    {
      "method": str, "min_n": int,
      "n_invited": int | None, "n_responses": int, "response_rate": float | None,
      "areas": {AREA: {"n": int, "mean": float | None}},
      "questions": [{
          "code": str, "area": str, "text": str, "n": int, "mean": float | None,
          "effect": float | None, "effect_n": int, "plotted": bool,
          "quadrant": "green" | "blue" | "yellow" | "orange" | None,
          "mean_ci": [lo, hi] | None, "effect_ci": [lo, hi] | None,
          "stability": float | None, "unstable": bool | None}],
      "matrix": {"satisfaction_split": float | None, "effect_split": float | None,
                 "satisfaction_split_given": bool, "effect_split_given": bool,
                 "plot_nki_questions": bool, "nki_area": str},
      "uncertainty_method": "bootstrap" | "analytic" | "none",
      "bootstrap": {"resamples": int, "seed": int | None} | None,
      "groups": {DIM: [{"value": str, "n": int,
                        "areas": {AREA: {"n": int, "mean": float | None}},
                        "questions": {CODE: {"n": int, "mean": float | None}}}]},
      "weighted": {"questions": [{"code", "n", "mean"}], "areas": {...},
                   "groups": {same shape as "groups"}, "converged": bool,
                   "design_effect": float, "effective_sample_size": float} | None,
      "weighting": {"applied": bool, "reason": str | None, "dims": [str],
                    "converged": bool, "iterations": int,
                    "max_margin_error": float | None, "design_effect": float | None,
                    "effective_sample_size": float | None,
                    "missing_categories": {DIM: [str]}},
      "response_rates": {"overall": ROW, "groups": {DIM: [ROW]},
                         "channels": [ROW] | None} | None,
    }

where ROW is {"value", "responses", "invited", "undeliverable", "rate",
"rate_delivered"}. For a two-way DIM "programme*gender" a group's value is the
two values joined by "*", e.g. "Jobbpeng grund*kvinna"; only combinations
that occur are listed, ordered by the first then the second value.

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

from .analyse import DEFAULT_DIMS, analyse
from .definitions import (
    DEFAULT_UNKNOWN_LABEL,
    Grouping,
    build_grouping,
    clean_answers,
    respondent_area_scores,
)
from .matrix import METHODS, QUADRANTS, quadrant
from .response import response_rates
from .suppression import Relation, SuppressionLayout, suppress
from .weighting import DEFAULT_WEIGHTING_DIMS, RakingResult, design_effect, rake

__all__ = [
    "DEFAULT_DIMS",
    "DEFAULT_UNKNOWN_LABEL",
    "DEFAULT_WEIGHTING_DIMS",
    "METHODS",
    "QUADRANTS",
    "Grouping",
    "RakingResult",
    "Relation",
    "SuppressionLayout",
    "analyse",
    "build_grouping",
    "clean_answers",
    "design_effect",
    "quadrant",
    "rake",
    "respondent_area_scores",
    "response_rates",
    "suppress",
]
