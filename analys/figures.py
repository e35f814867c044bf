"""The charts as files for reports: PNG (300 dpi), SVG and PDF, drawn with matplotlib.

The same figures as the web pages' charts: the åtgärdsmatris (fields, split
lines, numbered points with their intervals), NKI and the areas by group, and
the trend. Figures are built with the object API (no pyplot, no global state),
so drawing is safe in a threaded web process; no browser is involved.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

import matplotlib
from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from analys.charts import AREA_COLOURS, plotted_coordinates, plotted_questions
from analys.core.bootstrap import CONFIDENCE
from analys.core.result import AnalysisResult
from analys.labels import FIELD_COLOURS, QUADRANT_INK, QUADRANT_LABELS, percent_text
from register.dimensions import dim_label, value_label

FORMATS = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
}
PRINT_DPI = 300
INK = "#1a1a1a"
SPLIT_LINE = "#333333"
FONT: dict[Any, Any] = {"font.family": "DejaVu Sans", "pdf.fonttype": 42, "svg.fonttype": "path"}


def render(figure: Figure, fmt: str) -> bytes:
    """The figure as a file; PNG at print resolution (the dpi is written into the file)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format {fmt!r}")
    buffer = io.BytesIO()
    with matplotlib.rc_context(FONT):
        figure.savefig(
            buffer,
            format=fmt,
            dpi=PRINT_DPI,
            bbox_inches="tight",
            pad_inches=0.15,
            metadata=_metadata(fmt),
        )
    return buffer.getvalue()


def _metadata(fmt: str) -> dict[str, Any]:
    # No creation date: the same figures give the same file.
    if fmt == "pdf":
        return {"Creator": "Kvalitetsuppföljning", "CreationDate": None}
    if fmt == "svg":
        return {"Date": None}
    return {}


def _hex(colour: str) -> str:
    return colour if colour.startswith("#") else "#" + colour


def matrix_figure(result: AnalysisResult, title: str = "", key: bool = True) -> Figure | None:
    """The åtgärdsmatris with its four fields, split lines, numbered points and their intervals."""
    plotted = plotted_questions(result)
    if not plotted:
        return None
    s_split = float(result.matrix.satisfaction_split or 0)
    e_split = float(result.matrix.effect_split or 0)
    effects, means = plotted_coordinates(plotted)
    xs, ys = [e_split, *effects], [s_split, *means]
    x_pad = max(max(xs) - min(xs), 0.1) * 0.08
    y_pad = max(max(ys) - min(ys), 0.3) * 0.08
    x0, x1 = min(xs) - x_pad, max(xs) + x_pad
    y0, y1 = max(1.0, min(ys) - y_pad), min(5.0, max(ys) + y_pad)
    note = _("Lines through a point show its interval; a hollow point marked * is unstable.")
    lines = [note, *(f"{n}. {_short(q.text or q.code)} ({q.code})" for n, q in plotted)] if key else [note]
    with matplotlib.rc_context(FONT):
        figure = Figure(figsize=(7.5, 5.6 + 0.17 * len(lines)), layout="constrained")
        grid = figure.add_gridspec(2, 1, height_ratios=[5.6, 0.17 * len(lines) + 0.1])
        ax = figure.add_subplot(grid[0])
        boxes = {
            "blue": (x0, s_split, e_split, y1),
            "green": (e_split, s_split, x1, y1),
            "yellow": (x0, y0, e_split, s_split),
            "orange": (e_split, y0, x1, s_split),
        }
        for quadrant, (a, b, c, d) in boxes.items():
            ax.add_patch(Rectangle((a, b), c - a, d - b, facecolor=_hex(FIELD_COLOURS[quadrant]), zorder=0))
            right = quadrant in ("green", "orange")
            top = quadrant in ("green", "blue")
            ax.annotate(
                str(QUADRANT_LABELS[quadrant]),
                (c if right else a, d if top else b),
                xytext=(-5 if right else 5, -5 if top else 5),
                textcoords="offset points",
                ha="right" if right else "left",
                va="top" if top else "bottom",
                color=_hex(QUADRANT_INK[quadrant]),
                fontsize=11,
                fontweight="bold",
                zorder=1,
            )
        ax.axvline(e_split, color=SPLIT_LINE, linestyle=(0, (6, 4)), linewidth=1.3, zorder=2)
        ax.axhline(s_split, color=SPLIT_LINE, linestyle=(0, (6, 4)), linewidth=1.3, zorder=2)
        for number, q in plotted:
            x, y = q.effect or 0.0, q.mean or 0.0
            ink = _hex(QUADRANT_INK[q.quadrant or "green"])
            xerr = [[x - q.effect_ci[0]], [q.effect_ci[1] - x]] if q.effect_ci else None
            yerr = [[y - q.mean_ci[0]], [q.mean_ci[1] - y]] if q.mean_ci else None
            if xerr or yerr:
                ax.errorbar(x, y, xerr=xerr, yerr=yerr, fmt="none", ecolor=ink, elinewidth=1.3, capsize=2.5, zorder=3)
            ax.plot(
                [x],
                [y],
                marker="o",
                markersize=8,
                markerfacecolor="white" if q.unstable else ink,
                markeredgecolor=ink if q.unstable else INK,
                markeredgewidth=1.6,
                linestyle="none",
                zorder=4,
            )
            ax.annotate(
                f"{number}{'*' if q.unstable else ''}",
                (x, y),
                xytext=(6, 5),
                textcoords="offset points",
                fontsize=10,
                fontweight="bold",
                color=INK,
                zorder=5,
            )
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_xlabel(_("Effect"))
        ax.set_ylabel(_("Satisfaction (mean)"))
        if title:
            ax.set_title(title, fontsize=12, loc="left")
        key_ax = figure.add_subplot(grid[1])
        key_ax.axis("off")
        key_ax.text(0, 1, "\n".join(lines), va="top", ha="left", fontsize=8, color=INK)
    return figure


def _short(text: str, width: int = 70) -> str:
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder="…")


def groups_figure(result: AnalysisResult, dim: str, title: str = "") -> Figure | None:
    """NKI and the area indices per group of one grouping, as horizontal bars on the 1–5 scale."""
    groups = result.groups.get(dim)
    if not groups:
        return None
    areas = list(result.areas)
    bar = 0.8 / max(len(areas), 1)
    with matplotlib.rc_context(FONT):
        figure = Figure(figsize=(7.5, 1.2 + 0.28 * len(groups) * len(areas) + 0.3 * len(groups)), layout="constrained")
        ax = figure.add_subplot()
        labels = []
        for g_index, group in enumerate(groups):
            labels.append(f"{value_label(dim, group.value)} (n = {group.n})")
            for a_index, area in enumerate(areas):
                y = g_index + a_index * bar - 0.4 + bar / 2
                mean = group.areas[area].mean
                colour = AREA_COLOURS[a_index % len(AREA_COLOURS)]
                if mean is None:
                    ax.text(1.05, y, _("too few answers"), va="center", fontsize=7, color=INK)
                    continue
                ax.barh(y, mean - 1, left=1, height=bar * 0.9, color=colour, label=area if g_index == 0 else None)
                ax.text(mean + 0.04, y, f"{mean:.2f}", va="center", fontsize=7, color=INK)
        ax.set_yticks(range(len(groups)), labels)
        ax.invert_yaxis()
        ax.set_xlim(1, 5.4)
        ax.set_xticks([1, 2, 3, 4, 5])
        ax.set_xlabel(_("Index (1–5)"))
        ax.grid(axis="x", color="#e0e0e0")
        ax.set_axisbelow(True)
        ax.set_title(title or dim_label(dim), fontsize=12, loc="left")
        handles = [
            Rectangle((0, 0), 1, 1, color=AREA_COLOURS[i % len(AREA_COLOURS)], label=area)
            for i, area in enumerate(areas)
        ]
        figure.legend(handles=handles, loc="outside lower center", ncols=min(len(areas), 4), fontsize=8, frameon=False)
    return figure


def trend_figure(rows: list[dict[str, Any]], areas: list[str], title: str = "") -> Figure | None:
    """NKI and the area indices across the years, one line per area, with intervals where known."""
    if not rows or not areas:
        return None
    with matplotlib.rc_context(FONT):
        figure = Figure(figsize=(7.5, 4.2), layout="constrained")
        ax = figure.add_subplot()
        xs = list(range(len(rows)))
        # The areas side by side by a little, so that their intervals do not hide each other.
        step = 0.025 * max(len(rows) - 1, 1)
        for index, area in enumerate(areas):
            colour = AREA_COLOURS[index % len(AREA_COLOURS)]
            dodge = (index - (len(areas) - 1) / 2) * step
            points = [(i + dodge, r["areas"][area].mean, r.get("intervals", {}).get(area)) for i, r in enumerate(rows)]
            points = [p for p in points if p[1] is not None]
            if not points:
                continue
            ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", color=colour, linewidth=2, label=area)
            for x, mean, ci in points:
                if ci:
                    ax.errorbar(x, mean, yerr=[[mean - ci[0]], [ci[1] - mean]], fmt="none", ecolor=colour, capsize=3)
        entered = [i for i, r in enumerate(rows) if r.get("entered")]
        ax.set_xticks(xs, [r["label"] + (" †" if r.get("entered") else "") for r in rows])
        ax.set_ylim(1, 5)
        ax.set_ylabel(_("Index (1–5)"))
        ax.grid(axis="y", color="#e0e0e0")
        ax.set_axisbelow(True)
        ax.set_title(title or _("NKI and area indices over the years"), fontsize=12, loc="left")
        figure.legend(loc="outside lower center", ncols=min(len(areas), 4), fontsize=8, frameon=False)
        notes = []
        if any(r.get("intervals", {}).get(area) for r in rows for area in areas):
            notes.append(
                _("A vertical line through a point shows its %(level)s interval.") % {"level": percent_text(CONFIDENCE)}
            )
        if entered:
            notes.append(_("† entered by hand from a published report"))
        if notes:  # under the axis, where the layout keeps room for it (not over the legend)
            ax.set_xlabel("   ".join(notes), fontsize=7, color=INK)
    return figure
