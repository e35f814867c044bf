"""Exports of an analysis: build the file and record it in the audit log."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from analys.export_json import analysis_json
from analys.export_xlsx import analysis_xlsx
from analys.loading import AnalysisOptions, comments, run_analysis
from analys.models import ExportLog
from enkat.models import Survey
from register.models import Provider

CONTENT_TYPES = {
    ExportLog.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportLog.Format.JSON: "application/json; charset=utf-8",
}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    content_type: str


def do_export_analysis(
    survey: Survey,
    options: AnalysisOptions,
    fmt: str,
    *,
    channel: str,
    user: User | AnonymousUser | None = None,
    actor: str = "",
    provider: Provider | None = None,
) -> ExportFile:
    """Build the export (scoped to `provider` when given) and log it.

    Comments go with it as `analys.loading.comments` gives them (a provider's own only
    from `min_n` responses). Raises SurveyStillOpen (a ValueError) while the survey is open.

    The log row is written in the same transaction that hands the file out, so
    no export leaves without a trace.
    """
    fmt = ExportLog.Format(fmt)
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"{fmt} is a chart format, not a data export")
    result = run_analysis(survey, options, provider)
    texts = comments(survey, provider)
    if fmt == ExportLog.Format.JSON:
        content = analysis_json(result, texts)
    else:
        content = analysis_xlsx(result, texts)
    logged_options = {key: value for key, value in asdict(options).items() if key != "extra"}
    logged_options["dims"] = list(options.dims)
    logged_options["min_n"] = result.min_n
    with transaction.atomic():
        ExportLog.objects.create(
            user=user if isinstance(user, User) else None,
            actor=actor or (user.get_username() if user is not None else ""),
            survey=survey,
            survey_slug=survey.slug,
            format=fmt,
            channel=channel,
            provider=provider,
            options=logged_options,
        )
    suffix = f"-{provider.pk}" if provider is not None else ""
    filename = f"analys-{survey.slug}{suffix}.{fmt.value}"
    return ExportFile(content, filename, CONTENT_TYPES[fmt])
