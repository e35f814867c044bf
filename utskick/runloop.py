"""Running what is due: claim batches and send them, in turn or in sender threads, then purge."""

import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection
from django.utils import timezone

from utskick import callbacks
from utskick.backends import BaseSmsBackend, get_sms_backend
from utskick.claiming import claim_batch, recover_stale, release, worker_name
from utskick.models import Message, MessageStatus
from utskick.plans import prepare, sendable_surveys
from utskick.purge import purge_contacts
from utskick.sending import MessageSender, Outcome, Unsent
from utskick.window import Window


class RateLimiter:
    """Spaces sends by 1/per_second, shared by all sending threads of a worker."""

    def __init__(self, per_second: float) -> None:
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self.next_at = 0.0
        self.lock = threading.Lock()

    def wait(self, stop: threading.Event) -> None:
        if not self.interval:
            return
        with self.lock:  # each caller takes the next free slot
            slot = max(self.next_at, time.monotonic())
            self.next_at = slot + self.interval
        delay = slot - time.monotonic()
        if delay > 0:
            stop.wait(delay)


@dataclass
class RunReport:
    planned: int = 0
    sent: int = 0
    failed: int = 0
    uncertain: int = 0
    skipped: int = 0
    purged: int = 0
    counts: dict = field(default_factory=dict)

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.status] = self.counts.get(outcome.status, 0) + 1
        if outcome.status in (MessageStatus.QUEUED, MessageStatus.SENT):
            self.sent += 1
        elif outcome.status == MessageStatus.FAILED:
            self.failed += 1
        elif outcome.status == MessageStatus.UNCERTAIN:
            self.uncertain += 1
        elif outcome.status == MessageStatus.SKIPPED:
            self.skipped += 1


def run_due(
    *,
    stop: threading.Event | None = None,
    survey_ids: Iterable[int] | None = None,
    progress: Callable[[int], None] | None = None,
    sms_backend: BaseSmsBackend | None = None,
    threads: int | None = None,
) -> RunReport:
    """Send every message that is due now, then purge expired contacts. Returns counts.

    threads (default settings.UTSKICK_SEND_THREADS): with more than one, that many threads send,
    each with its own database connection and provider client, so one message's network wait
    overlaps another's work. Each message still goes attempt (committed) → provider → outcome.
    On SQLite, one thread.
    """
    stop = stop or threading.Event()
    survey_ids = list(survey_ids) if survey_ids is not None else None
    threads = settings.UTSKICK_SEND_THREADS if threads is None else threads
    if connection.vendor == "sqlite":
        threads = 1  # one writer at a time: threads would only wait for each other's locks
    report = RunReport()
    now = timezone.now()
    recover_stale(now)
    report.planned = prepare(now, survey_ids)
    limiter = RateLimiter(settings.SMS_RATE_PER_SECOND)
    try:
        if threads > 1:
            _send_in_threads(threads, stop, survey_ids, report, progress, limiter, sms_backend)
        else:
            _send_in_turn(stop, survey_ids, report, progress, limiter, sms_backend or get_sms_backend())
    finally:
        now = timezone.now()
        report.purged = purge_contacts(now)
        # Every outcome of this round is written: statuses that came before them can be applied.
        callbacks.apply_early_statuses(now)
    return report


def _claim_due(survey_ids: list[int] | None, worker: str) -> tuple[list[Message], dict[int, Window]]:
    now = timezone.now()
    windows = sendable_surveys(now, survey_ids)
    return (claim_batch(windows, now, settings.UTSKICK_BATCH_SIZE, worker) if windows else []), windows


def _send_in_turn(stop, survey_ids, report, progress, limiter, sms_backend) -> None:
    worker = worker_name()
    email_connection = get_connection()
    sender = MessageSender(sms_backend, email_connection)
    while not stop.is_set():
        batch, windows = _claim_due(survey_ids, worker)
        if not batch:
            break
        sms_backend.open()
        email_connection.open()
        try:
            for index, message in enumerate(batch):
                if stop.is_set():
                    release(batch[index:])  # never attempted: safe to give back
                    break
                if limiter.interval:
                    sender.flush()  # the outcome does not wait for the rate limit
                limiter.wait(stop)
                report.add(sender.send(message, windows[message.survey_id]))
                if progress:
                    progress(1)
        finally:
            sender.finish()


_RELEASED = Outcome(Unsent.RELEASED)


def _send_in_threads(count, stop, survey_ids, report, progress, limiter, shared_backend) -> None:
    """The main thread claims batches and counts; `count` sender threads send.

    The next batch is claimed while the current one is still being sent, so the senders do
    not wait for the claim. On stop, each sender finishes the message
    it is sending and gives back (never attempted) every message still queued.
    """
    todo: queue.SimpleQueue = queue.SimpleQueue()
    done: queue.SimpleQueue = queue.SimpleQueue()  # one result (or exception) per queued message
    abort = threading.Event()  # something failed: every sender gives back what is left
    errors: list[BaseException] = []

    def next_item(sender: MessageSender):
        try:
            return todo.get_nowait()
        except queue.Empty:
            sender.flush()  # nothing to do right now: write the last outcome before waiting
            return todo.get()

    def send_all(sms_backend: BaseSmsBackend) -> None:
        # Each thread has its own database connection (Django's are per thread) and client.
        email_connection = get_connection()
        sender = MessageSender(sms_backend, email_connection)
        try:
            try:
                sms_backend.open()
                email_connection.open()
            except BaseException as exc:
                errors.append(exc)
                abort.set()
            while (item := next_item(sender)) is not None:
                message, window = item
                try:
                    if stop.is_set() or abort.is_set():
                        release([message])  # never attempted: safe to give back
                        done.put(_RELEASED)
                    else:
                        if limiter.interval:
                            sender.flush()  # the outcome does not wait for the rate limit
                        limiter.wait(stop)
                        done.put(sender.send(message, window))
                except BaseException as exc:
                    abort.set()
                    done.put(exc)
        finally:
            try:
                sender.finish()
            finally:
                connection.close()

    backends = [shared_backend or get_sms_backend() for _ in range(count)]
    pool = [
        threading.Thread(target=send_all, args=(backend,), name=f"sender-{index}", daemon=True)
        for index, backend in enumerate(backends)
    ]
    for thread in pool:
        thread.start()
    worker, outstanding, exhausted = worker_name(), 0, False
    # Claim the next batch when half of this one is left, so the senders never wait for a claim.
    refill_at = max(count, settings.UTSKICK_BATCH_SIZE // 2)
    try:
        while True:
            if not exhausted and outstanding <= refill_at and not stop.is_set() and not abort.is_set():
                batch, windows = _claim_due(survey_ids, worker)
                exhausted = not batch
                for message in batch:
                    todo.put((message, windows[message.survey_id]))
                outstanding += len(batch)
                continue
            if not outstanding:
                break
            result = done.get()
            outstanding -= 1
            if isinstance(result, BaseException):
                errors.append(result)
            elif result is not _RELEASED:
                report.add(result)
                if progress:
                    progress(1)
    finally:
        abort.set()  # only queued, never attempted messages can be left here
        for _thread in pool:
            todo.put(None)
        for thread in pool:
            thread.join()
    if errors:
        raise errors[0]
