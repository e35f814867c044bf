"""Every provider's results pack in one zip: asked for on a page, built by the worker's round, downloaded.

The web process only writes the job row (`request_all_packs`); `utskick.worker` calls `build_due` each round,
which claims one waiting job with a conditional UPDATE (one worker only), builds the zip and stores it on the
row. No thread in the web process, and a job whose worker died is taken up again.
"""

from __future__ import annotations

import io
import logging
import os
import socket
import zipfile
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from analys.models import ExportLog, ResultsPackJob
from enkat.models import Response, Survey
from register.models import Provider

logger = logging.getLogger(__name__)

STALE_MINUTES = 30
# The files are the quality developer's, in the staff pages' language.
PACK_LANGUAGE = "sv"


def pack_providers(survey: Survey) -> list[Provider]:
    """The providers with answers in the survey, by name."""
    names = Response.objects.filter(survey=survey).values_list("provider_name", flat=True).distinct()
    return list(Provider.objects.filter(name__in=names).order_by("name", "pk"))


def active_job(survey: Survey) -> ResultsPackJob | None:
    return ResultsPackJob.objects.filter(survey=survey, state__in=_ACTIVE).first()


def latest_job(survey: Survey) -> ResultsPackJob | None:
    return ResultsPackJob.objects.filter(survey=survey).defer("content").first()


def request_all_packs(survey: Survey, user: User | AnonymousUser | None) -> ResultsPackJob:
    """A waiting job for the survey, or the one already waiting or running. ValueError for a survey not closed."""
    if not survey.closed_for_good:
        raise ValueError(survey.slug)
    requester = user if isinstance(user, User) else None
    try:
        with transaction.atomic():
            job = ResultsPackJob.objects.create(survey=survey, requested_by=requester)
            # Only the newest job is offered: the zips of earlier ones are not kept.
            ResultsPackJob.objects.filter(survey=survey, state__in=_FINISHED).delete()
            return job
    except IntegrityError:
        running = active_job(survey)
        if running is None:  # finished between the insert and this read: ask again
            return request_all_packs(survey, user)
        return running


def build_due(now=None, limit: int | None = None) -> int:
    """Build the waiting jobs (at most `limit`), one claim at a time; returns how many were finished."""
    now = now or timezone.now()
    ResultsPackJob.objects.filter(
        state=ResultsPackJob.State.BUILDING, started_at__lt=now - timedelta(minutes=STALE_MINUTES)
    ).update(state=ResultsPackJob.State.PENDING, claimed_by="", started_at=None)
    done = 0
    for pk in list(ResultsPackJob.objects.filter(state=ResultsPackJob.State.PENDING).values_list("pk", flat=True)):
        if limit is not None and done >= limit:
            break
        claimed = ResultsPackJob.objects.filter(pk=pk, state=ResultsPackJob.State.PENDING).update(
            state=ResultsPackJob.State.BUILDING, started_at=timezone.now(), claimed_by=_worker()
        )
        if not claimed:
            continue  # another worker took it
        _build(ResultsPackJob.objects.select_related("survey").get(pk=pk))
        done += 1
    return done


def _build(job: ResultsPackJob) -> None:
    try:
        content, count = all_packs_zip(job.survey)
    except Exception as exc:
        logger.exception("results pack job %s failed", job.pk)
        ResultsPackJob.objects.filter(pk=job.pk).update(
            state=ResultsPackJob.State.FAILED, finished_at=timezone.now(), error=type(exc).__name__
        )
        return
    ResultsPackJob.objects.filter(pk=job.pk, state=ResultsPackJob.State.BUILDING).update(
        state=ResultsPackJob.State.READY, finished_at=timezone.now(), content=content, providers=count
    )


def all_packs_zip(survey: Survey) -> tuple[bytes, int]:
    """(the zip, the number of providers): each provider's pack as xlsx and PDF."""
    # Imported here: the worker imports this module every round, and pandas, SciPy and matplotlib
    # are needed only when a job is built (common/lazy_views.py says why that matters).
    from analys.results_pack import build_pack, pack_filename
    from analys.results_pack_pdf import pack_pdf
    from analys.results_pack_xlsx import pack_xlsx

    buffer = io.BytesIO()
    providers = pack_providers(survey)
    with translation.override(PACK_LANGUAGE), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for provider in providers:
            pack = build_pack(survey, provider)
            archive.writestr(pack_filename(survey, provider, "xlsx"), pack_xlsx(pack))
            archive.writestr(pack_filename(survey, provider, "pdf"), pack_pdf(pack))
    return buffer.getvalue(), len(providers)


def log_pack_download(user: User | AnonymousUser, survey: Survey, fmt: str, provider: Provider | None) -> None:
    """Every pack that leaves is in the export log, like the analysis's own downloads."""
    ExportLog.objects.create(
        user=user if isinstance(user, User) else None,
        actor=user.get_username() if user.is_authenticated else "",
        survey=survey,
        survey_slug=survey.slug,
        format=fmt,
        channel=ExportLog.Channel.WEB,
        provider=provider,
        options={"results_pack": True},
    )


def zip_filename(survey: Survey) -> str:
    return f"resultat-{survey.slug}-alla.zip"


def _worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


_ACTIVE = (ResultsPackJob.State.PENDING, ResultsPackJob.State.BUILDING)
_FINISHED = (ResultsPackJob.State.READY, ResultsPackJob.State.FAILED)
