""" "Send now": a run of one survey's due messages in a thread of the web process, with its progress."""

import logging
import threading

from django.db import connection, transaction
from django.utils import timezone

from enkat.models import Survey
from utskick.claiming import due_count, recover_stale
from utskick.models import SendRun
from utskick.plans import prepare, sendable_surveys
from utskick.runloop import run_due

logger = logging.getLogger(__name__)

_background: list[threading.Thread] = []


def start_send_run(survey: Survey, user) -> SendRun:
    """Record a run and start it in a thread once the transaction commits."""
    with transaction.atomic():
        run = SendRun.objects.create(survey=survey, started_by=user)
        transaction.on_commit(lambda: _start_thread(run.pk))
    return run


def _start_thread(run_pk: int) -> None:
    thread = threading.Thread(target=execute_send_run, args=(run_pk,), name=f"send-run-{run_pk}", daemon=True)
    _background.append(thread)
    thread.start()


def wait_for_background(timeout: float = 30.0) -> None:
    """Tests and shutdown: wait for runs started in this process."""
    while _background:
        _background.pop().join(timeout)


def execute_send_run(run_pk: int) -> None:
    from django.db import close_old_connections

    close_old_connections()
    try:
        run = SendRun.objects.select_related("survey").get(pk=run_pk)
        now = timezone.now()
        recover_stale(now)
        prepare(now, [run.survey_id])
        total = due_count([run.survey_id], now) if run.survey_id in sendable_surveys(now, [run.survey_id]) else 0
        SendRun.objects.filter(pk=run_pk).update(started_at=now, total=total)
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
    finally:
        connection.close()
