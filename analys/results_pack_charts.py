"""The results pack's charts: a provider's means beside all providers', with their intervals (matplotlib).

Only shown figures are drawn; a suppressed one is named "too few answers" in its place, never drawn.
"""

from __future__ import annotations

import math

import matplotlib
from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analys.core.bootstrap import CONFIDENCE
from analys.figures import FONT, INK
from analys.labels import percent_text
from analys.provider_results import ComparisonRow
from analys.results_pack import ResultsPack
from analys.xlsx_sheet import short_text

# Names and comments are data: a "$" in them is a dollar sign, never the start of mathtext.
PACK_FONT = {**FONT, "text.parse_math": False}
OWN_COLOUR = "#1f5fa8"
EVERYONE_COLOUR = "#6b6b6b"


def comparison_figure(pack: ResultsPack) -> Figure | None:
    """NKI and the area indices: the provider's beside all providers'."""
    return _dot_figure(pack, pack.areas, _("NKI and area indices compared with all providers"))


def questions_figure(pack: ResultsPack) -> Figure | None:
    """The question means: the provider's beside all providers'."""
    return _dot_figure(pack, pack.questions, _("Question means compared with all providers"), label_width=46)


def _dot_figure(pack: ResultsPack, rows: list[ComparisonRow], title: str, label_width: int = 30) -> Figure | None:
    if not rows:
        return None
    with matplotlib.rc_context(PACK_FONT):
        figure = Figure(figsize=(7.5, 1.6 + 0.42 * len(rows)), layout="constrained")
        ax = figure.add_subplot()
        for index, row in enumerate(rows):
            for offset, figure_, ci, colour, marker in (
                (-0.15, row.own, row.own_ci, OWN_COLOUR, "o"),
                (0.15, row.everyone, row.everyone_ci, EVERYONE_COLOUR, "s"),
            ):
                y = index + offset
                if figure_.mean is None:
                    ax.text(_axis_start(rows) + 0.03, y, _("too few answers"), va="center", fontsize=7, color=INK)
                    continue
                if ci:
                    ax.errorbar(
                        figure_.mean,
                        y,
                        xerr=[[figure_.mean - ci[0]], [ci[1] - figure_.mean]],
                        fmt="none",
                        ecolor=colour,
                        elinewidth=1.4,
                        capsize=3,
                    )
                ax.plot([figure_.mean], [y], marker=marker, color=colour, markersize=7, linestyle="none")
                right = ci[1] if ci else figure_.mean
                ax.text(right + 0.03, y, f"{figure_.mean:.2f}", va="center", fontsize=7, color=INK)
        labels = [f"{short_text(row.label, label_width)} (n = {row.own.n} / {row.everyone.n})" for row in rows]
        ax.set_yticks(range(len(rows)), labels, fontsize=8)
        ax.invert_yaxis()
        low = _axis_start(rows)
        ax.set_xlim(low, 5.15)
        ax.set_xticks([t / 2 for t in range(int(low * 2), 11)])
        note = _("Lines: %(level)s intervals. n: the provider's / all providers'.") % {
            "level": percent_text(CONFIDENCE)
        }
        ax.set_xlabel(f"{_('Index (1–5)')}\n{note}", fontsize=8)
        ax.grid(axis="x", color="#e0e0e0")
        ax.set_axisbelow(True)
        ax.set_title(title, fontsize=11, loc="left")
        handles = [
            Line2D([], [], color=OWN_COLOUR, marker="o", linestyle="none", label=pack.provider.name),
            Line2D([], [], color=EVERYONE_COLOUR, marker="s", linestyle="none", label=_("All providers")),
        ]
        # Inside the axes, on the left: the scale's low end is where no mean usually is.
        ax.legend(handles=handles, loc="lower left", fontsize=8, framealpha=0.9)
    return figure


def _axis_start(rows: list[ComparisonRow]) -> float:
    """The scale from the half point below the lowest mean or interval shown (never below 1), so that
    differences between the provider and all providers can be seen."""
    values = [
        value
        for row in rows
        for figure, ci in ((row.own, row.own_ci), (row.everyone, row.everyone_ci))
        if figure.mean is not None
        for value in (ci[0] if ci else figure.mean, figure.mean)
    ]
    if not values:
        return 1.0
    return max(1.0, math.floor((min(values) - 0.25) * 2) / 2)
