"""The register statistics page, its downloads and its charts: the quality developer sees all providers,
a provider user its own rows beside the totals for all providers."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from analys.register_charts import CHARTS, chart_data, chart_svg
from analys.register_labels import (
    all_providers_label,
    definitions,
    finding_labels,
    flag_labels,
    incomplete_note,
    incomplete_text,
    insats_text,
    total_label,
)
from analys.register_statistics import statistics_json
from analys.register_tables import sections, tables
from analys.register_trend import years_held
from analys.register_xlsx import statistics_xlsx
from common.permissions import ViewerRequest, analysis_viewer_required
from register.models import Insats

# A page lists at most this many flags and findings; the downloads hold them all.
PAGE_LIST_LIMIT = 500
FORMATS = {"json": "application/json", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _year_or_404(year: int) -> int:
    if year not in years_held():
        raise Http404
    return year


def default_year() -> int:
    """The last full year with insatser started, else the first year the register holds."""
    years = years_held()
    last_start = Insats.objects.aggregate(last=Max("start_date"))["last"]
    if last_start is None:
        return years[-1]
    return max(years[0], min(timezone.localdate().year - 1, last_start.year))


@require_GET
@analysis_viewer_required
def statistics_index(request: ViewerRequest) -> HttpResponse:
    year = request.GET.get("year", "")
    chosen = int(year) if year.isdigit() and int(year) in years_held() else default_year()
    return redirect("analys:statistics", year=chosen)


def _figure_text(value: Any, number_format: str) -> str:
    if value is None:
        return "–"
    if number_format.endswith("%"):
        return f"{round(value * 100)} %"
    return str(round(value))


def _page_tables(result: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for table in tables(result["year"]):
        parts = []
        for section in sections(table, result):
            rows = [
                {"label": label, "cells": [_figure_text(v, f) for v, f in values], "total": total}
                for label, values, total in section.rows
            ]
            parts.append({"heading": section.heading, "headers": section.headers, "rows": rows})
        found.append(
            {"key": table.key, "heading": table.heading, "per_provider": table.per_provider, "sections": parts}
        )
    return found


def _chart_tables(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each chart with the table that says the same."""
    captions = {
        "self_support": _("Share of closed programmes to self-support, per programme type"),
        "duration": _("Duration at 31 December, share of the programmes in each bucket"),
        "days_trend": _("Average days to work or studies, per year"),
    }
    charts = []
    for name in CHARTS:
        data = chart_data(name, result)
        unit = "days" if name == "days_trend" else "percent"
        rows = []
        for label_index, label in enumerate(data["labels"]):
            cells = []
            for entry in data["series"]:
                value = entry["values"][label_index]
                cells.append(_figure_text(value, "0" if unit == "days" else "0%"))
            rows.append({"label": label, "cells": cells})
        charts.append(
            {
                "name": name,
                "caption": captions[name],
                "series": [s["name"] for s in data["series"]],
                "rows": rows,
                "empty": not data["series"] or not data["labels"],
                "note": data.get("note", ""),
            }
        )
    return charts


@require_GET
@analysis_viewer_required
def statistics_page(request: ViewerRequest, year: int) -> HttpResponse:
    _year_or_404(year)
    result = statistics_json(year, provider=request.provider)
    levels = flag_labels()
    kinds = finding_labels()
    context = {
        "year": year,
        "years": years_held(),
        "result": result,
        "provider": request.provider,
        "tables": _page_tables(result),
        "charts": _chart_tables(result),
        "flags": [{**f, "level_label": levels[f["level"]]} for f in result["flags"][:PAGE_LIST_LIMIT]],
        "n_flags": len(result["flags"]),
        "findings": [
            {"label": kinds[f["kind"]], "insatser": [{**i, "text": insats_text(i)} for i in f["insatser"]]}
            for f in result["data_quality"][:PAGE_LIST_LIMIT]
        ],
        "n_findings": len(result["data_quality"]),
        "list_limit": PAGE_LIST_LIMIT,
        "definitions": definitions(),
        "total_label": total_label(),
        "all_label": all_providers_label(),
        "own": next((e for e in result["by_provider"] if e["programme_code"] is None), None)
        if request.provider
        else None,
        "trend": [
            {
                **e,
                "share": _figure_text(e["share_egen_forsorjning"], "0%"),
                "days": _figure_text(e["avg_days_to_work_or_studies"], "0"),
                "incomplete": incomplete_text(e, result["trend_first_complete_year"]),
            }
            for e in result["trend"]
        ],
        "trend_note": incomplete_note(result),
    }
    return render(request, "analys/statistics.html", context)


@require_GET
@analysis_viewer_required
def statistics_download(request: ViewerRequest, year: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    _year_or_404(year)
    result = statistics_json(year, provider=request.provider)
    if fmt == "json":
        content: bytes = (json.dumps(result, ensure_ascii=False, indent=2) + "\n").encode()
    else:
        content = statistics_xlsx(result)
    suffix = f"-{request.provider.pk}" if request.provider else ""
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="resultatstatistik-{year}{suffix}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@analysis_viewer_required
def statistics_chart(request: ViewerRequest, year: int, name: str) -> HttpResponse:
    if name not in CHARTS:
        raise Http404
    _year_or_404(year)
    svg = chart_svg(name, statistics_json(year, provider=request.provider))
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


def chart_url(year: int, name: str) -> str:
    return reverse("analys:statistics_chart", args=[year, name])
