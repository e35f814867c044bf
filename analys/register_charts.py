"""The register statistics' charts, drawn with matplotlib as SVG.

Readable without colour: every series has its own hatching or marker and its values written on it.
Each chart has a table alternative on the page. Text stays text in the SVG (no glyph paths).
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
from typing import Any

import matplotlib

matplotlib.use("Agg")

from django.core.cache import cache  # noqa: E402
from django.utils.translation import get_language  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from analys.register_labels import all_providers_label, duration_labels, incomplete_note, total_label  # noqa: E402

CHARTS = ("self_support", "duration", "days_trend")
COLOURS = ("#005a9c", "#b35900", "#2e7d32", "#6a1b9a", "#5d4037", "#00838f")
HATCHES = ("", "///", "...", "xx", "\\\\\\", "++")
MARKERS = ("o", "s", "^", "D", "v", "P")
LINESTYLES = ("-", "--", ":", "-.", "-", "--")
CACHE_SECONDS = 60 * 60
_LOCK = threading.Lock()  # matplotlib's text layout is not thread-safe
_RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "font.size": 10,
    "hatch.linewidth": 0.8,
    "svg.hashsalt": "register-statistics",
}


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)} %"


def self_support_data(result: dict[str, Any]) -> dict[str, Any]:
    """Share of closed to egen försörjning per programme and in total; for a provider, its own share beside."""
    labels = [p["programme"] for p in result["by_programme"]] + [total_label()]
    everyone = [p["share_egen_forsorjning"] for p in result["by_programme"]] + [
        result["totals"]["share_egen_forsorjning"]
    ]
    series = [{"name": all_providers_label(), "values": everyone}]
    if result["scope"]["provider"]:
        own = {e["programme_code"]: e for e in result["by_provider"]}
        values = [
            own[p["programme_code"]]["share_egen_forsorjning"] if p["programme_code"] in own else None
            for p in result["by_programme"]
        ]
        values.append(own[None]["share_egen_forsorjning"] if None in own else None)
        series.insert(0, {"name": result["scope"]["provider"], "values": values})
    return {"labels": labels, "series": series}


def duration_data(result: dict[str, Any]) -> dict[str, Any]:
    """Shares of the year's programmes in each duration bucket, per programme (for a provider: own and all)."""
    buckets = list(duration_labels().items())

    def shares(block: dict[str, Any]) -> list[float | None]:
        total = block["insatser"]
        return [block["duration"][key] / total if total else None for key, _label in buckets]

    if result["scope"]["provider"]:
        own = next((e for e in result["by_provider"] if e["programme_code"] is None), None)
        series = [{"name": result["scope"]["provider"], "values": shares(own) if own else [None] * len(buckets)}]
        series.append({"name": all_providers_label(), "values": shares(result["totals"])})
    else:
        series = [{"name": p["programme"], "values": shares(p)} for p in result["by_programme"] if p["insatser"]]
        series.append({"name": total_label(), "values": shares(result["totals"])})
    return {"labels": [label for _key, label in buckets], "series": series}


def days_trend_data(result: dict[str, Any]) -> dict[str, Any]:
    """Average days per year and programme; an incomplete year is labelled with * and drawn hollow."""
    years = sorted({e["year"] for e in result["trend"]})
    incomplete = {e["year"] for e in result["trend"] if not e.get("complete", True)}
    names = [p["programme"] for p in result["by_programme"]] + [None]
    series = []
    for name in names:
        by_year = {e["year"]: e["avg_days_to_work_or_studies"] for e in result["trend"] if e["programme"] == name}
        if any(v is not None for v in by_year.values()):
            series.append({"name": name or total_label(), "values": [by_year.get(y) for y in years]})
    return {
        "labels": [f"{y} *" if y in incomplete else str(y) for y in years],
        "incomplete": [y in incomplete for y in years],
        "series": series,
        "note": incomplete_note(result),
    }


def _bars(data: dict[str, Any], title: str, horizontal: bool) -> str:
    labels, series = data["labels"], data["series"]
    count = len(series)
    height = max(2.6, 0.45 * len(labels) * count + 1.2) if horizontal else 3.6
    figure = Figure(figsize=(7.2, height))
    axes = figure.add_subplot()
    width = 0.8 / max(count, 1)
    for index, entry in enumerate(series):
        positions = [i + (index - (count - 1) / 2) * width for i in range(len(labels))]
        values = [v * 100 if v is not None else 0 for v in entry["values"]]
        style = {
            "color": COLOURS[index % len(COLOURS)],
            "hatch": HATCHES[index % len(HATCHES)],
            "edgecolor": "#1a1a1a",
            "linewidth": 0.6,
            "label": entry["name"],
        }
        drawn = (
            axes.barh(positions, values, height=width, **style)
            if horizontal
            else axes.bar(positions, values, width=width, **style)
        )
        for bar, value in zip(drawn, entry["values"], strict=True):
            text = _percent(value)
            if horizontal:
                axes.annotate(
                    text,
                    (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                    xytext=(3, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=8,
                )
            else:
                axes.annotate(
                    text,
                    (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    xytext=(0, 2),
                    textcoords="offset points",
                    ha="center",
                    fontsize=7,
                )
    ticks = list(range(len(labels)))
    if horizontal:
        axes.set_yticks(ticks, labels)
        axes.invert_yaxis()
        axes.set_xlim(0, 110)
        axes.set_xlabel(_("Per cent"))
    else:
        axes.set_xticks(ticks, labels)
        axes.set_ylim(0, 110)
        axes.set_ylabel(_("Per cent"))
    axes.set_title(title, loc="left", fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    if count > 1:
        axes.legend(loc="lower right" if horizontal else "upper right", fontsize=8, frameon=False)
    return _svg(figure)


def _lines(data: dict[str, Any], title: str) -> str:
    figure = Figure(figsize=(7.2, 3.6))
    axes = figure.add_subplot()
    x = list(range(len(data["labels"])))
    for index, entry in enumerate(data["series"]):
        points = [(i, v) for i, v in zip(x, entry["values"], strict=True) if v is not None]
        if not points:
            continue
        axes.plot(
            [p[0] for p in points],
            [p[1] for p in points],
            color=COLOURS[index % len(COLOURS)],
            marker=MARKERS[index % len(MARKERS)],
            linestyle=LINESTYLES[index % len(LINESTYLES)],
            linewidth=2,
            markersize=7,
            label=entry["name"],
        )
        last = points[-1]
        axes.annotate(f"{round(last[1])}", last, xytext=(6, 0), textcoords="offset points", va="center", fontsize=8)
        hollow = [p for p in points if data.get("incomplete", [False] * len(x))[p[0]]]
        if hollow:  # incomplete years: the same marker, hollow
            axes.plot(
                [p[0] for p in hollow],
                [p[1] for p in hollow],
                linestyle="none",
                marker=MARKERS[index % len(MARKERS)],
                markersize=7,
                markeredgecolor=COLOURS[index % len(COLOURS)],
                markeredgewidth=1.5,
                markerfacecolor="white",
            )
    axes.set_xticks(x, data["labels"])
    axes.set_xlim(-0.5, len(x) - 0.5 + 0.4)
    axes.set_ylim(bottom=0)
    axes.set_ylabel(_("Days"))
    axes.set_title(title, loc="left", fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    if axes.get_legend_handles_labels()[0]:
        axes.legend(fontsize=8, frameon=False, loc="best")
    if any(data.get("incomplete", [])):
        axes.set_xlabel(_("* Incomplete year (hollow markers)"), fontsize=8)
    return _svg(figure)


def chart_data(name: str, result: dict[str, Any]) -> dict[str, Any]:
    return {"self_support": self_support_data, "duration": duration_data, "days_trend": days_trend_data}[name](result)


def chart_svg(name: str, result: dict[str, Any]) -> str:
    """One chart as SVG text, cached by what it draws."""
    data = chart_data(name, result)
    key = (
        "register-chart:"
        + hashlib.sha256(json.dumps([name, get_language(), data], sort_keys=True).encode()).hexdigest()
    )
    svg = cache.get(key)
    if svg is None:
        with _LOCK:
            if name == "self_support":
                svg = _bars(data, _("Share of closed programmes to self-support"), horizontal=True)
            elif name == "duration":
                svg = _bars(data, _("Duration at 31 December, share of the programmes"), horizontal=False)
            else:
                svg = _lines(data, _("Average days to work or studies"))
        cache.set(key, svg, CACHE_SECONDS)
    return svg
