"""Geometry for the server-rendered SVG charts: the templates only place what is computed here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from analys.core.result import AnalysisResult, QuestionResult
from analys.labels import FIELD_COLOURS, QUADRANT_COLOURS, QUADRANT_INK, QUADRANT_LABELS
from register.dimensions import value_label

AREA_COLOURS = ["#005a9c", "#b35900", "#2e7d32", "#6a1b9a", "#00838f", "#5d4037"]


@dataclass
class Scale:
    low: float
    high: float
    start: float  # pixel of `low`
    end: float  # pixel of `high`

    def __call__(self, value: float) -> float:
        if self.high == self.low:
            return (self.start + self.end) / 2
        return round(self.start + (value - self.low) / (self.high - self.low) * (self.end - self.start), 2)


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    span = high - low
    raw = span / count if span > 0 else 1
    for step in (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0):
        if step >= raw:
            break
    first = round(low / step + 0.4999) * step
    ticks = []
    value = first
    while value <= high + 1e-9:
        ticks.append(round(value, 4))
        value += step
    return ticks


@dataclass
class MatrixChart:
    width: int = 640
    height: int = 480
    left: int = 64
    right: int = 16
    top: int = 16
    bottom: int = 56
    fields: list[dict[str, Any]] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    x_ticks: list[dict[str, Any]] = field(default_factory=list)
    y_ticks: list[dict[str, Any]] = field(default_factory=list)
    points: list[dict[str, Any]] = field(default_factory=list)
    plot: dict[str, float] = field(default_factory=dict)
    axis_labels: dict[str, Any] = field(default_factory=dict)


def plotted_questions(result: AnalysisResult) -> list[tuple[int, QuestionResult]]:
    """(number, question) of the points in the matrix; empty when it has no split lines."""
    matrix = result.matrix
    if matrix.satisfaction_split is None or matrix.effect_split is None:
        return []
    return [(n, q) for n, q in enumerate(result.questions, start=1) if q.plotted]


def plotted_coordinates(plotted: list[tuple[int, QuestionResult]]) -> tuple[list[float], list[float]]:
    """Every plotted effect and mean, with their interval ends (for the axes' ranges)."""
    effects = [q.effect for _n, q in plotted if q.effect is not None]
    means = [q.mean for _n, q in plotted if q.mean is not None]
    for _n, q in plotted:
        effects.extend(q.effect_ci or [])
        means.extend(q.mean_ci or [])
    return effects, means


def matrix_chart(result: AnalysisResult) -> MatrixChart | None:
    """The åtgärdsmatris: fields, split lines, numbered points with their interval whiskers."""
    plotted = plotted_questions(result)
    if not plotted:
        return None
    chart = MatrixChart()
    s_split, e_split = float(result.matrix.satisfaction_split or 0), float(result.matrix.effect_split or 0)
    effects, means = plotted_coordinates(plotted)
    xs = [e_split, *effects]
    ys = [s_split, *means]
    x_pad = max(max(xs) - min(xs), 0.1) * 0.08
    y_pad = max(max(ys) - min(ys), 0.3) * 0.08
    x0, x1 = min(xs) - x_pad, max(xs) + x_pad
    y0, y1 = max(1.0, min(ys) - y_pad), min(5.0, max(ys) + y_pad)
    left, right = chart.left, chart.width - chart.right
    top, bottom = chart.top, chart.height - chart.bottom
    sx = Scale(x0, x1, left, right)
    sy = Scale(y0, y1, bottom, top)
    chart.plot = {
        "x": left,
        "y": top,
        "width": right - left,
        "height": bottom - top,
        "bottom": bottom,
        "tick_end": bottom + 5,
        "tick_label": bottom + 18,
        "tick_start": left - 5,
        "label_end": left - 8,
    }
    xe, ys_ = sx(e_split), sy(s_split)
    boxes = {
        "blue": (left, top, xe, ys_),
        "green": (xe, top, right, ys_),
        "yellow": (left, ys_, xe, bottom),
        "orange": (xe, ys_, right, bottom),
    }
    for quadrant, (a, b, c, d) in boxes.items():
        anchor_end = quadrant in ("green", "orange")
        chart.fields.append(
            {
                "quadrant": quadrant,
                "x": a,
                "y": b,
                "width": round(c - a, 2),
                "height": round(d - b, 2),
                "fill": "#" + FIELD_COLOURS[quadrant],
                "label": QUADRANT_LABELS[quadrant],
                "label_x": c - 6 if anchor_end else a + 6,
                "label_y": b + 16 if quadrant in ("green", "blue") else d - 8,
                "anchor": "end" if anchor_end else "start",
                "colour": "#" + QUADRANT_INK[quadrant],
            }
        )
    chart.lines = [
        {"x1": xe, "y1": top, "x2": xe, "y2": bottom},
        {"x1": left, "y1": ys_, "x2": right, "y2": ys_},
    ]
    chart.x_ticks = [{"x": sx(t), "label": f"{t:.2f}"} for t in _ticks(x0, x1)]
    chart.y_ticks = [{"y": sy(t), "label": f"{t:.1f}"} for t in _ticks(y0, y1)]
    chart.axis_labels = {
        "x": _("Effect"),
        "y": _("Satisfaction (mean)"),
        "x_pos": (left + right) / 2,
        "y_pos": (top + bottom) / 2,
        "x_baseline": chart.height - 12,
    }
    for number, q in plotted:
        cx, cy = sx(q.effect or 0.0), sy(q.mean or 0.0)
        quadrant = q.quadrant or ""
        point = {
            "number": number,
            "code": q.code,
            "cx": cx,
            "cy": cy,
            "fill": "#" + QUADRANT_COLOURS[quadrant],
            "ink": "#" + QUADRANT_INK[quadrant],
            "quadrant": QUADRANT_LABELS[quadrant],
            "unstable": bool(q.unstable),
            "label_x": cx + 9,
            "label_y": cy - 7,
        }
        if q.effect_ci:
            point["x_whisker"] = {"x1": sx(q.effect_ci[0]), "x2": sx(q.effect_ci[1]), "y": cy}
        if q.mean_ci:
            point["y_whisker"] = {"y1": sy(q.mean_ci[0]), "y2": sy(q.mean_ci[1]), "x": cx}
        chart.points.append(point)
    return chart


def area_bars(result: AnalysisResult, dim: str) -> dict[str, Any]:
    """Horizontal bars of the area indices per group on the 1–5 scale; suppressed groups say so."""
    areas = list(result.areas)
    groups = result.groups.get(dim, [])
    bar, gap, label_width, width = 14, 10, 150, 640
    scale = Scale(1, 5, label_width, width - 60)
    rows = []
    y = 24
    for group in groups:
        bars = []
        for index, area in enumerate(areas):
            figure = group.areas[area]
            mean = figure.mean
            bars.append(
                {
                    "area": area,
                    "y": y + index * bar,
                    "mean": mean,
                    "width": round(scale(mean) - label_width, 2) if mean is not None else 0,
                    "text_x": scale(mean) + 4 if mean is not None else label_width + 4,
                    "text_y": y + index * bar + 10,
                    "colour": AREA_COLOURS[index % len(AREA_COLOURS)],
                    "n": figure.n,
                }
            )
        rows.append({"label": value_label(dim, group.value), "n": group.n, "y": y + 10, "bars": bars})
        y += len(areas) * bar + gap
    return {
        "dim": dim,
        "width": width,
        "height": y + 20,
        "label_width": label_width,
        "rows": rows,
        "ticks": [{"x": scale(t), "label": str(t)} for t in (1, 2, 3, 4, 5)],
        "axis_y": y,
        "tick_label_y": y + 14,
        "label_end": label_width - 8,
        "legend": [{"area": a, "colour": AREA_COLOURS[i % len(AREA_COLOURS)]} for i, a in enumerate(areas)],
        "bar": bar - 3,
    }


def trend_chart(rows: list[dict[str, Any]], areas: list[str]) -> dict[str, Any] | None:
    """Lines of NKI and the area indices across surveys, on the 1–5 scale."""
    if len(rows) < 1 or not areas:
        return None
    width, height, left, right, top, bottom = 640, 320, 48, 16, 16, 48
    sx = Scale(0, max(len(rows) - 1, 1), left + 30, width - right - 30)
    values = [r["areas"][a].mean for r in rows for a in areas if r["areas"][a].mean is not None]
    lows = [ci[0] for r in rows for a in areas if (ci := _trend_interval(r, a)) and r["areas"][a].mean is not None]
    low = min([3.0, *values, *lows]) - 0.2
    sy = Scale(max(1.0, low), 5.0, height - bottom, top)
    series = []
    for index, area in enumerate(areas):
        # Side by side by a few pixels, so that the areas' intervals do not hide each other.
        dodge = (index - (len(areas) - 1) / 2) * 5
        points = [
            _trend_point(sx(i) + dodge, sy, r["areas"][area].mean, r["name"], _trend_interval(r, area))
            for i, r in enumerate(rows)
            if r["areas"][area].mean is not None
        ]
        series.append(
            {
                "area": area,
                "colour": AREA_COLOURS[index % len(AREA_COLOURS)],
                "points": points,
                "path": " ".join(f"{p['x']},{p['y']}" for p in points),
            }
        )
    return {
        "width": width,
        "height": height,
        "series": series,
        "x_labels": [{"x": sx(i), "label": r["label"]} for i, r in enumerate(rows)],
        "y_ticks": [{"y": sy(t), "label": f"{t:.1f}"} for t in _ticks(max(1.0, low), 5.0)],
        "left": left,
        "right": width - right,
        "top": top,
        "bottom": height - bottom,
        "label_y": height - bottom + 20,
    }


def _trend_interval(row: dict[str, Any], area: str) -> list[float] | None:
    intervals = row.get("intervals") or {}
    return intervals.get(area)


def _trend_point(x: float, sy: Scale, mean: float, survey: str, ci: list[float] | None) -> dict[str, Any]:
    """One survey's point on an area's line, with its interval as a vertical line and caps (in pixels)."""
    point: dict[str, Any] = {"x": x, "y": sy(mean), "mean": mean, "survey": survey, "ci": ci, "ci_low": None}
    if ci:
        point.update(ci_low=sy(max(ci[0], sy.low)), ci_high=sy(min(ci[1], sy.high)), cap_left=x - 4, cap_right=x + 4)
    return point
