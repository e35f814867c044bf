"""The long-running worker: send what is due, sleep, repeat; stop cleanly on SIGTERM."""

import logging
import signal
import threading

from django.conf import settings
from django.db import close_old_connections, connection

from utskick import send_runs
from utskick.runloop import RunReport, run_due

logger = logging.getLogger(__name__)


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
        return run_due(stop=self.stop, threads=self.threads)

    def run_forever(self) -> None:
        while not self.stop.is_set():
            report = self.run_once()
            if report.sent or report.failed or report.uncertain:
                logger.info(
                    "round done: %d sent, %d failed, %d uncertain, %d not sent",
                    report.sent,
                    report.failed,
                    report.uncertain,
                    report.skipped,
                )
            self.stop.wait(self.interval)
