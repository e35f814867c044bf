"""The charts as downloads: build the picture file and record it in the export log."""

from __future__ import annotations

from dataclasses import asdict

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils.translation import gettext as _

from analys.figures import FORMATS, groups_figure, matrix_figure, render, trend_figure
from analys.loading import AnalysisOptions, run_analysis
from analys.models import ExportLog
from analys.provider_results import matrix_withheld
from analys.services import ExportFile
from enkat.models import Survey
from register.models import Provider

TREND_SLUG = "trend"


def chart_names(dims: list[str]) -> list[str]:
    """The charts of an analysis page: the matrix, then one per grouping."""
    return ["matrix", *(f"groups-{dim}" for dim in dims)]


def do_export_chart(
    survey: Survey,
    options: AnalysisOptions,
    chart: str,
    fmt: str,
    *,
    channel: str,
    user: User | AnonymousUser | None = None,
    provider: Provider | None = None,
) -> ExportFile:
    """One chart of the survey's analysis as PNG, SVG or PDF. ValueError when it has nothing to draw."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    result = run_analysis(survey, options, provider)
    if chart == "matrix" and matrix_withheld(result, provider):
        figure = None
    elif chart == "matrix":
        title = _("Action matrix, %(survey)s") % {"survey": survey.name}
        figure = matrix_figure(result, title=title)
    elif chart.startswith("groups-"):
        figure = groups_figure(result, chart.removeprefix("groups-"))
    else:
        figure = None
    if figure is None:
        raise ValueError(chart)
    content = render(figure, fmt)
    logged = {key: value for key, value in asdict(options).items() if key != "extra"}
    logged["dims"] = list(options.dims)
    logged["chart"] = chart
    _log(user, survey, survey.slug, fmt, channel, provider, logged)
    suffix = f"-{provider.pk}" if provider is not None else ""
    return ExportFile(content, f"{chart}-{survey.slug}{suffix}.{fmt}", FORMATS[fmt])


def do_export_trend_chart(
    rows: list[dict], areas: list[str], fmt: str, *, user: User | AnonymousUser | None, provider: Provider | None
) -> ExportFile:
    if fmt not in FORMATS:
        raise ValueError(fmt)
    figure = trend_figure(rows, areas)
    if figure is None:
        raise ValueError("no trend")
    content = render(figure, fmt)
    _log(user, None, TREND_SLUG, fmt, ExportLog.Channel.WEB, provider, {"chart": "trend"})
    suffix = f"-{provider.pk}" if provider is not None else ""
    return ExportFile(content, f"trend{suffix}.{fmt}", FORMATS[fmt])


def _log(user, survey, slug, fmt, channel, provider, options) -> None:
    with transaction.atomic():
        ExportLog.objects.create(
            user=user if isinstance(user, User) else None,
            actor=user.get_username() if user is not None else "",
            survey=survey,
            survey_slug=slug,
            format=fmt,
            channel=channel,
            provider=provider,
            options=options,
        )
