"""The long-running worker: send what is due, sleep, repeat; stop cleanly on SIGTERM."""

import logging
import signal
import threading

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, connections
from django.db.models import Q
from django.utils import timezone

from analys import results_pack_jobs
from common import uploads
from kvalitetsrapport import mailing as quality_report_mailing
from utskick import send_runs
from utskick.claiming import worker_name
from utskick.models import Message, MessageStatus
from utskick.runloop import RunReport, run_due

logger = logging.getLogger(__name__)

BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 60.0


def recover_own_claims() -> None:
    """After a lost connection: this worker's unsent claims go back; a message in a provider call is uncertain."""
    name = worker_name()
    mine = Q(claimed_by=name) | Q(claimed_by__startswith=name + ":")
    released = Message.objects.filter(mine, status=MessageStatus.CLAIMED).update(
        status=MessageStatus.PENDING, claimed_by="", claimed_at=None
    )
    uncertain = Message.objects.filter(mine, status=MessageStatus.ATTEMPTING).update(
        status=MessageStatus.UNCERTAIN, status_at=timezone.now()
    )
    if released or uncertain:
        logger.warning("after the lost connection: %d claims released, %d messages uncertain", released, uncertain)


class Worker:
    def __init__(self, interval: float | None = None, threads: int | None = None) -> None:
        self.stop = threading.Event()
        self.interval = settings.UTSKICK_LOOP_INTERVAL_SECONDS if interval is None else interval
        self.threads = threads  # None: settings.UTSKICK_SEND_THREADS

    def install_signal_handlers(self) -> None:
        def handle(signum, frame) -> None:
            logger.info("signal %s: finishing the current message, then stopping", signum)
            self.stop.set()

        signal.signal(signal.SIGTERM, handle)
        signal.signal(signal.SIGINT, handle)

    def run_once(self) -> RunReport:
        # Between rounds, drop a connection the database has closed (the loop runs for days).
        if not connection.in_atomic_block:
            close_old_connections()
        send_runs.carry_out_waiting_runs()  # "Send now" clicks since the last round
        report = run_due(stop=self.stop, threads=self.threads)
        # The providers' quality-report e-mails go out in the same round.
        quality_report_mailing.send_due()
        # Every provider's results pack as one zip, asked for on a page: one a round, so that
        # several asked for at once do not hold up the next round's messages.
        results_pack_jobs.build_due(limit=1)
        uploads.purge_stale()  # imports checked but never confirmed hold personal data
        return report

    def run_forever(self) -> None:
        failures = 0
        while not self.stop.is_set():
            try:
                if failures:
                    recover_own_claims()
                report = self.run_once()
            except DatabaseError as exc:
                # A lost connection (a database restart, a failover, a killed backend): drop the
                # connections, wait and try again. The interrupted round's claims are then recovered
                # as after a crash, so nothing is sent twice.
                failures += 1
                delay = min(MAX_BACKOFF_SECONDS, BACKOFF_SECONDS * 2 ** (failures - 1))
                logger.warning(
                    "database error (%s): %s; trying again in %.1f s", type(exc).__name__, str(exc).strip(), delay
                )
                connections.close_all()
                self.stop.wait(delay)
                continue
            except Exception:
                # Anything else (an unreachable SMTP server, say): log it, wait, try again, as a
                # restart by the service manager would, but without losing the backoff.
                failures += 1
                delay = min(MAX_BACKOFF_SECONDS, BACKOFF_SECONDS * 2 ** (failures - 1))
                logger.exception("the round failed; trying again in %.1f s", delay)
                self.stop.wait(delay)
                continue
            if failures:
                logger.info("database connection restored after %d failed rounds", failures)
                failures = 0
            if report.sent or report.failed or report.uncertain:
                logger.info(
                    "round done: %d sent, %d failed, %d uncertain, %d not sent",
                    report.sent,
                    report.failed,
                    report.uncertain,
                    report.skipped,
                )
            self.stop.wait(self.interval)
