from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from analys.chart_exports import do_export_chart, do_export_trend_chart
from analys.charts import area_bars, matrix_chart, trend_chart
from analys.core.result import Figure, QuestionResult
from analys.forms import PublishedFigureForm, form_for
from analys.labels import FIELD_COLOURS, METHOD_LABELS, QUADRANT_LABELS, QUADRANT_MEANINGS, percent_text
from analys.loading import SurveyStillOpen, comments, run_analysis
from analys.models import ExportLog, PublishedFigure
from analys.provider_results import (
    MATRIX_MIN_NKI_RESPONDENTS,
    all_providers,
    comparison,
    matrix_withheld,
    nki_respondents,
    open_counts,
    open_response_rates,
)
from analys.published import enter_figure, published_rows
from analys.services import ExportFile, do_export_analysis
from analys.trend import trend, trend_surveys
from common.permissions import ViewerRequest, analysis_viewer_required, quality_developer_required
from enkat.models import Survey
from register.dimensions import dim_label


@dataclass(frozen=True)
class NumberedQuestion(QuestionResult):
    """A question of the result with its number in the matrix and its field's name."""

    number: int = 0
    quadrant_label: str = ""


def _surveys_for(request: ViewerRequest):
    surveys = Survey.objects.annotate(n_responses=Count("responses"))
    if request.provider is not None:
        # A provider sees surveys once they are closed, and only with answers from its own customers.
        surveys = Survey.objects.closed_for_good().annotate(n_responses=Count("responses", filter=_own(request)))
    return surveys.order_by("-period_start", "-pk")


def _own(request: ViewerRequest):
    from django.db.models import Q

    return Q(responses__provider_name=request.provider.name if request.provider is not None else None)


@analysis_viewer_required
def index(request: ViewerRequest) -> HttpResponse:
    context = {"surveys": _surveys_for(request), "provider": request.provider}
    if request.provider is not None:
        context["open_rates"] = open_response_rates(request.provider, timezone.now())
    return render(request, "analys/index.html", context)


@analysis_viewer_required
def survey_analysis(request: ViewerRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(_surveys_for(request), slug=slug)
    form = form_for(request.GET)
    if form.is_bound and not form.is_valid():
        return render(request, "analys/survey.html", {"survey": survey, "form": form, "result": None}, status=400)
    options = form.options()
    try:
        result = run_analysis(survey, options, request.provider)
    except SurveyStillOpen:
        context = {"survey": survey, "form": form, "result": None, "still_open": open_counts(survey, request.provider)}
        return render(request, "analys/survey.html", context)
    except ValueError:
        return render(request, "analys/survey.html", {"survey": survey, "form": form, "result": None, "empty": True})
    survey_comments = comments(survey, request.provider)
    withheld = matrix_withheld(result, request.provider)
    chart = None if withheld else matrix_chart(result)
    compared: tuple[list, list] = ([], [])
    if request.provider is not None:
        compared = comparison(result, all_providers(survey, options, request.provider))
    bars = [
        {"label": dim_label(dim), "chart": area_bars(result, dim), "groups": groups, "chart_name": f"groups-{dim}"}
        for dim, groups in result.groups.items()
    ]
    questions = [
        NumberedQuestion(
            **{f.name: getattr(q, f.name) for f in fields(QuestionResult)},
            number=n,
            quadrant_label=str(QUADRANT_LABELS.get(q.quadrant or "", "")),
        )
        for n, q in enumerate(result.questions, start=1)
    ]
    context = {
        "survey": survey,
        "form": form,
        "result": result,
        "questions": questions,
        "areas": list(result.areas.items()),
        "chart": chart,
        "bars": bars,
        "method_label": METHOD_LABELS.get(result.method, result.method),
        "confidence": percent_text(result.confidence),
        "unstable_share": percent_text(result.unstable_below),
        "analytic_threshold": f"{result.analytic_threshold:,}".replace(",", " "),
        "weighting_dims": get_text_list([dim_label(d).lower() for d in result.weighting.dims], _("and")),
        "quadrants": [
            {"code": q, "label": QUADRANT_LABELS[q], "meaning": QUADRANT_MEANINGS[q], "fill": "#" + FIELD_COLOURS[q]}
            for q in ("green", "blue", "yellow", "orange")
        ],
        "n_unstable": result.n_unstable,
        "comments": survey_comments,
        "provider": request.provider,
        "query": request.GET.urlencode(),
        "chart_formats": CHART_FORMATS,
        "matrix_withheld": withheld,
        "matrix_min_nki": MATRIX_MIN_NKI_RESPONDENTS,
        "nki_respondents": nki_respondents(result),
        "compared_areas": compared[0],
        "compared_questions": compared[1],
    }
    return render(request, "analys/survey.html", context)


CHART_FORMATS = ["png", "svg", "pdf"]


def _file_response(export) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _export(request: ViewerRequest, slug: str, make: Callable[..., ExportFile]) -> HttpResponse:
    """A download of one survey's analysis with the page's options, logged; `make` builds and logs it."""
    survey = get_object_or_404(_surveys_for(request), slug=slug)
    form = form_for(request.GET)
    if form.is_bound and not form.is_valid():
        return HttpResponse(status=400)
    try:
        export = make(
            survey, form.options(), channel=ExportLog.Channel.WEB, user=request.user, provider=request.provider
        )
    except SurveyStillOpen:
        # A download link of an open survey (bookmarked, shared): the analysis page says why there is none yet.
        page = reverse("analys:survey", args=[survey.slug])
        return redirect(f"{page}?{request.GET.urlencode()}" if request.GET else page)
    except ValueError:
        raise Http404 from None
    return _file_response(export)


@analysis_viewer_required
def chart_download(request: ViewerRequest, slug: str, chart: str, fmt: str) -> HttpResponse:
    """One chart of the analysis page as PNG (300 dpi), SVG or PDF, with the page's options."""
    if fmt not in CHART_FORMATS:
        raise Http404
    return _export(request, slug, lambda survey, options, **log: do_export_chart(survey, options, chart, fmt, **log))


@analysis_viewer_required
def download(request: ViewerRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in (ExportLog.Format.XLSX, ExportLog.Format.JSON):
        raise Http404
    return _export(request, slug, lambda survey, options, **log: do_export_analysis(survey, options, fmt, **log))


def _trend_data(request: ViewerRequest) -> dict:
    """The trend over the product's surveys; for the quality developer preceded by the entered earlier years."""
    surveys = trend_surveys()
    if request.provider is not None:
        surveys = [s for s in surveys if s.closed_for_good]
    data = trend(surveys, request.provider)
    if request.provider is None:
        first = data["rows"][0]["survey"].period_start.year if data["rows"] else None
        earlier = published_rows(first)
        if earlier and not data["areas"]:
            data["areas"] = list(dict.fromkeys(area for row in earlier for area in row["areas"]))
        for row in earlier:
            row["areas"] = {area: row["areas"].get(area, Figure(0, None)) for area in data["areas"]}
            row["area_list"] = list(row["areas"].items())
        data["rows"] = [*earlier, *data["rows"]]
        data["has_entered"] = bool(earlier)
    return data


@analysis_viewer_required
def trend_view(request: ViewerRequest) -> HttpResponse:
    data = _trend_data(request)
    context = {
        **data,
        "chart": trend_chart(data["rows"], data["areas"]),
        "provider": request.provider,
        "chart_formats": CHART_FORMATS,
    }
    return render(request, "analys/trend.html", context)


@analysis_viewer_required
def trend_chart_download(request: ViewerRequest, fmt: str) -> HttpResponse:
    if fmt not in CHART_FORMATS:
        raise Http404
    data = _trend_data(request)
    try:
        export = do_export_trend_chart(data["rows"], data["areas"], fmt, user=request.user, provider=request.provider)
    except ValueError:
        raise Http404 from None
    return _file_response(export)


@quality_developer_required
def export_log(request: HttpRequest) -> HttpResponse:
    logs = ExportLog.objects.select_related("provider").all()
    page = Paginator(logs, 50).get_page(request.GET.get("page"))
    return render(request, "analys/export_log.html", {"page": page})


@quality_developer_required
def published_figures(request: HttpRequest) -> HttpResponse:
    """Earlier years' published figures: the list, and a form to enter one more."""
    form = PublishedFigureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        figure = enter_figure(form.save(commit=False), request.user)
        messages.success(request, _("Entered: %(figure)s.") % {"figure": figure})
        return redirect("analys:published")
    figures = PublishedFigure.objects.select_related("entered_by")
    return render(
        request, "analys/published.html", {"form": form, "figures": figures}, status=400 if form.errors else 200
    )
