""" "Send now": a run of one survey's due messages, recorded by the page and carried out by the worker.

At most one unfinished run per survey: a partial unique index (sendrun_one_running_per_survey)
holds it, so two clicks, two tabs or two web processes cannot start two. The web process only
records the run; the worker's next round (send_messages) carries it out and reports progress.
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from enkat.models import Survey
from utskick.claiming import due_count, recover_stale
from utskick.models import SendRun
from utskick.plans import prepare, sendable_surveys
from utskick.runloop import run_due

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(hours=6)


class AlreadyRunning(Exception):
    """The survey has a "Send now" that has not finished."""


def start_send_run(survey: Survey, user) -> SendRun:
    """Record a run for the worker. Raises AlreadyRunning if one is waiting or running."""
    try:
        with transaction.atomic():
            return SendRun.objects.create(survey=survey, started_by=user)
    except IntegrityError:
        raise AlreadyRunning from None


def carry_out_waiting_runs() -> int:
    """The worker's part: carry out every run not yet started, each claimed once. Returns how many."""
    now = timezone.now()
    # A run started long ago and never finished was cut off (the worker stopped): it must not block the next.
    SendRun.objects.filter(started_at__lt=now - STALE_AFTER, finished_at__isnull=True).update(
        failed=True, finished_at=now
    )
    count = 0
    while True:
        with transaction.atomic():
            run = (
                SendRun.objects.select_for_update(skip_locked=True)
                .filter(started_at__isnull=True, finished_at__isnull=True)
                .order_by("created_at")
                .first()
            )
            if run is None:
                return count
            SendRun.objects.filter(pk=run.pk).update(started_at=timezone.now())
        execute_send_run(run.pk)
        count += 1


def execute_send_run(run_pk: int) -> None:
    try:
        run = SendRun.objects.select_related("survey").get(pk=run_pk)
        now = timezone.now()
        recover_stale(now)
        prepare(now, [run.survey_id])
        total = due_count([run.survey_id], now) if run.survey_id in sendable_surveys(now, [run.survey_id]) else 0
        SendRun.objects.filter(pk=run_pk).update(started_at=run.started_at or now, total=total)
        done = 0

        def progress(count: int) -> None:
            nonlocal done
            done += count
            if done % 10 == 0 or done >= total:
                SendRun.objects.filter(pk=run_pk).update(done=done, total=max(total, done))

        run_due(survey_ids=[run.survey_id], progress=progress)
        SendRun.objects.filter(pk=run_pk).update(done=done, total=max(total, done), finished_at=timezone.now())
    except Exception:
        logger.exception("send run %s failed", run_pk)
        SendRun.objects.filter(pk=run_pk).update(failed=True, finished_at=timezone.now())
