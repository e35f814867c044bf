"""The results packs: one provider's as xlsx or PDF, and every provider's as a zip built by the worker.

A provider user gets its own pack only (another provider's is a 404, like a survey it cannot see); the
quality developer gets any provider's, and the page that asks the worker for all of them. Only closed surveys.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from analys.models import ExportLog, ResultsPackJob
from analys.results_pack import NotClosed, build_pack, pack_filename
from analys.results_pack_jobs import latest_job, log_pack_download, pack_providers, request_all_packs, zip_filename
from analys.results_pack_pdf import pack_pdf
from analys.results_pack_xlsx import pack_xlsx
from common.permissions import ViewerRequest, analysis_viewer_required, quality_developer_required
from enkat.models import Survey
from register.models import Provider

PACK_FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _closed_survey(slug: str) -> Survey:
    return get_object_or_404(Survey.objects.closed_for_good(), slug=slug)


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@analysis_viewer_required
def pack_download(request: ViewerRequest, slug: str, provider_id: int, fmt: str) -> HttpResponse:
    if fmt not in PACK_FORMATS:
        raise Http404
    survey = _closed_survey(slug)
    if request.provider is not None and request.provider.pk != provider_id:
        raise Http404  # another provider's pack does not exist for this user
    provider = get_object_or_404(Provider, pk=provider_id)
    try:
        pack = build_pack(survey, provider)
    except (NotClosed, ValueError):
        raise Http404 from None
    content = pack_xlsx(pack) if fmt == "xlsx" else pack_pdf(pack)
    log_pack_download(request.user, survey, fmt, provider)
    return _attachment(content, pack_filename(survey, provider, fmt), PACK_FORMATS[fmt])


@quality_developer_required
def pack_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Every provider's pack to download one by one, and the zip of all of them."""
    survey = _closed_survey(slug)
    context = {"survey": survey, "providers": pack_providers(survey), "job": latest_job(survey)}
    return render(request, "analys/results_packs.html", context)


@require_POST
@quality_developer_required
def pack_request_all(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _closed_survey(slug)
    request_all_packs(survey, request.user)
    messages.success(request, _("The worker is building every provider's pack. Reload this page in a minute."))
    return redirect("analys:results_packs", slug=survey.slug)


@quality_developer_required
def pack_zip(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    survey = _closed_survey(slug)
    job = get_object_or_404(ResultsPackJob, pk=job_id, survey=survey, state=ResultsPackJob.State.READY)
    log_pack_download(request.user, survey, ExportLog.Format.ZIP, None)
    return _attachment(bytes(job.content or b""), zip_filename(survey), "application/zip")
