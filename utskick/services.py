"""Sending: planning the steps, claiming due rows, sending one message crash-safely, purging.

The database is the queue. A message row exists before the provider is called, and it
moves pending → claimed → attempting → (queued | sent | failed | uncertain | skipped).
"attempting" is written, and committed, before the provider is called: a worker that
dies after that leaves the row in "attempting", which recovery turns into "uncertain",
never back into "pending". So no customer is sent the same message twice.
"""

import logging
import os
import queue
import smtplib
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from enkat.models import Invitation, Survey
from register import prepared
from register.logging import mask_email, mask_phone
from utskick import callbacks
from utskick.backends import BaseSmsBackend, SmsMessage, TransportError, get_sms_backend
from utskick.gsm import sms_size
from utskick.models import (
    Channel,
    ChannelPreference,
    Message,
    MessageStatus,
    SendingPlan,
    SendRun,
    SkipReason,
)
from utskick.outbox import purge_outbox
from utskick.rendering import render_email, render_sms
from utskick.window import Window, add_local_days

logger = logging.getLogger(__name__)

PLAN_CHUNK = 1000
# What sending a claimed message reads, and no more: the claim loads 100 000 rows per survey.
CLAIMED_FIELDS = (
    "id",
    "survey_id",
    "invitation_id",
    "step",
    "channel",
    "due_at",
    "claimed_by",
    "invitation__id",
    "invitation__mobile",
    "invitation__email",
    "invitation__language",
    "invitation__provider_name",
    "invitation__provider_id",
    "invitation__token_nonce",
    "invitation__provider__id",
    "invitation__provider__name",
)
IN_FLIGHT = (MessageStatus.CLAIMED, MessageStatus.ATTEMPTING)


# --- Plans and surveys -------------------------------------------------------------------


def plan_for(survey: Survey) -> SendingPlan:
    plan, _ = SendingPlan.objects.get_or_create(survey=survey)
    return plan


def survey_is_closed(survey: Survey, now: datetime) -> bool:
    return survey.state == Survey.State.CLOSED or now >= survey.closes_at


def survey_is_sending(survey: Survey, now: datetime) -> bool:
    return survey.state == Survey.State.OPEN and survey.opens_at <= now and not survey_is_closed(survey, now)


def set_paused(survey: Survey, paused: bool) -> SendingPlan:
    with transaction.atomic():
        plan = plan_for(survey)
        SendingPlan.objects.filter(pk=plan.pk).update(paused=paused)
        plan.refresh_from_db()
    logger.info("survey %s sending %s", survey.slug, "paused" if paused else "resumed")
    return plan


def choose_channel(invitation: Invitation, preference: str) -> str | None:
    mobile = bool(invitation.mobile) and not invitation.mobile_undeliverable
    email = bool(invitation.email) and not invitation.email_undeliverable
    if preference == ChannelPreference.SMS_ONLY:
        return Channel.SMS if mobile else None
    if preference == ChannelPreference.EMAIL_ONLY:
        return Channel.EMAIL if email else None
    if preference == ChannelPreference.EMAIL_FIRST:
        return Channel.EMAIL if email else (Channel.SMS if mobile else None)
    return Channel.SMS if mobile else (Channel.EMAIL if email else None)


def plan_invitations(survey: Survey, now: datetime, plan: SendingPlan | None = None) -> int:
    """Copy the plan's steps onto every invitation not planned yet. Returns rows created.

    The steps are copied once: a later edit of the plan never re-sends or moves history.
    """
    plan = plan or plan_for(survey)
    window = Window.of(plan)
    base = max(survey.opens_at, now)
    due_by_channel = {
        channel: [(0, 0, window.next_open(base))]
        + [
            (step, day, window.next_open(add_local_days(base, day, window.timezone)))
            for step, day in enumerate(plan.reminder_days(channel), start=1)
        ]
        for channel in (Channel.SMS, Channel.EMAIL)
    }
    unplanned = (
        Invitation.objects.filter(
            survey=survey, answered_at__isnull=True, opted_out_at__isnull=True, contacts_erased_at__isnull=True
        )
        .filter(~Exists(Message.objects.filter(invitation=OuterRef("pk"))))
        .order_by("pk")
        .only("pk", "mobile", "email", "mobile_undeliverable", "email_undeliverable")
    )
    created, last_pk = 0, 0
    while True:
        chunk = list(unplanned.filter(pk__gt=last_pk)[:PLAN_CHUNK])
        if not chunk:
            return created
        last_pk = chunk[-1].pk
        rows = []
        for invitation in chunk:
            channel = choose_channel(invitation, plan.channel_preference)
            if channel is None:
                continue
            rows.extend(
                Message(invitation=invitation, survey=survey, step=step, channel=channel, day_offset=day, due_at=due)
                for step, day, due in due_by_channel[channel]
            )
        # Two workers may plan at once: the unique (invitation, step) keeps one row.
        Message.objects.bulk_create(rows, ignore_conflicts=True)
        created += len(rows)


def close_out_survey(survey: Survey) -> int:
    return Message.objects.filter(survey=survey, status=MessageStatus.PENDING).update(
        status=MessageStatus.SKIPPED, skip_reason=SkipReason.CLOSED, status_at=timezone.now()
    )


# --- Claiming and recovery ----------------------------------------------------------------


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _claimer_is_gone(claimed_by: str) -> bool:
    host, _, rest = claimed_by.partition(":")
    pid_text = rest.split(":", 1)[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False  # another machine: only the lease tells
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def recover_stale(now: datetime) -> tuple[int, int]:
    """Rows left behind by a dead worker: never-attempted ones go back, attempted ones are uncertain."""
    lease = now - timedelta(seconds=settings.UTSKICK_CLAIM_LEASE_SECONDS)
    claimers = set(Message.objects.filter(status__in=IN_FLIGHT).values_list("claimed_by", flat=True).distinct())
    gone = [claimer for claimer in claimers if _claimer_is_gone(claimer)]
    stale = Q(claimed_by__in=gone) | Q(claimed_at__lt=lease)
    released = Message.objects.filter(stale, status=MessageStatus.CLAIMED).update(
        status=MessageStatus.PENDING, claimed_by="", claimed_at=None
    )
    uncertain = Message.objects.filter(stale, status=MessageStatus.ATTEMPTING).update(
        status=MessageStatus.UNCERTAIN, status_at=now
    )
    if released or uncertain:
        logger.warning("recovered %d unsent claimed messages; %d marked uncertain", released, uncertain)
    return released, uncertain


def claim_batch(
    survey_ids: Iterable[int], now: datetime, limit: int, worker: str, steps: Iterable[int] | None = None
) -> list[Message]:
    """Claim up to `limit` due rows for this worker, never a row another worker holds."""
    token = f"{worker}:{uuid.uuid4().hex[:8]}"
    due = Message.objects.filter(status=MessageStatus.PENDING, due_at__lte=now, survey_id__in=list(survey_ids))
    if steps is not None:
        due = due.filter(step__in=list(steps))
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            ids = list(
                due.select_for_update(skip_locked=True).order_by("due_at", "pk").values_list("pk", flat=True)[:limit]
            )
        else:
            ids = list(due.order_by("due_at", "pk").values_list("pk", flat=True)[:limit])
        # Conditional UPDATE: where locks are not available, the status check alone decides.
        Message.objects.filter(pk__in=ids, status=MessageStatus.PENDING).update(
            status=MessageStatus.CLAIMED, claimed_by=token, claimed_at=now
        )
    return list(
        Message.objects.filter(claimed_by=token, status=MessageStatus.CLAIMED)
        .select_related("invitation__provider")
        .only(*CLAIMED_FIELDS)
        .order_by("due_at", "pk")
    )


def release(messages: Iterable[Message]) -> int:
    return Message.objects.filter(pk__in=[m.pk for m in messages], status=MessageStatus.CLAIMED).update(
        status=MessageStatus.PENDING, claimed_by="", claimed_at=None
    )


# --- Sending one message -----------------------------------------------------------------


def never_send_reason(invitation: Invitation, channel: str, now: datetime) -> str:
    if invitation.answered_at is not None:
        return SkipReason.ANSWERED
    if invitation.opted_out_at is not None:
        return SkipReason.OPTED_OUT
    if survey_is_closed(invitation.survey, now):
        return SkipReason.CLOSED
    if channel == Channel.SMS:
        if invitation.mobile_undeliverable:
            return SkipReason.UNDELIVERABLE
        if not invitation.mobile:
            return SkipReason.NO_CONTACT
    else:
        if invitation.email_undeliverable:
            return SkipReason.UNDELIVERABLE
        if not invitation.email:
            return SkipReason.NO_CONTACT
    return ""


def status_callback_url() -> str:
    return settings.SITE_URL + reverse("utskick:twilio_status")


_callback_cache: dict[str, str] = {}


def _callback_url() -> str:
    # Looked up once per SITE_URL: reverse() per message is measurable at 100 000 messages.
    site = settings.SITE_URL
    if site not in _callback_cache:
        _callback_cache[site] = status_callback_url()
    return _callback_cache[site]


@dataclass
class Outcome:
    status: str
    skip_reason: str = ""


def _masked(invitation: Invitation, channel: str) -> str:
    return mask_phone(invitation.mobile) if channel == Channel.SMS else mask_email(invitation.email)


def _later_step_due(message: Message, now: datetime):
    """A later step on the same channel that is due too (say, after a pause): send only that one."""
    return Message.objects.filter(
        invitation_id=message.invitation_id,
        channel=message.channel,
        step__gt=message.step,
        due_at__lte=now,
        status__in=[MessageStatus.PENDING, MessageStatus.CLAIMED],
    )


# --- The two statements of the hot path, as SQL written once --------------------------------
#
# Every message costs two writes: the attempt (committed before the provider is called) and the
# outcome. Built through the ORM they cost more CPU than the HTTP request itself, so they are
# written out once here, from the models' own table and column names, for SQLite and PostgreSQL
# alike. The attempt is the never-send rules of never_send_reason() as SQL, so one UPDATE both
# checks them and records the attempt; tests/utskick cover each rule.


_ATTEMPT_SQL = """
UPDATE {message} SET status = %s, attempted_at = %s
WHERE id = %s AND status = %s AND claimed_by = %s
  AND EXISTS (
    SELECT 1 FROM {invitation} INNER JOIN {survey} ON {survey}.id = {invitation}.survey_id
    WHERE {invitation}.id = {message}.invitation_id
      AND {invitation}.answered_at IS NULL
      AND {invitation}.opted_out_at IS NULL
      AND {survey}.closes_at > %s AND NOT ({survey}.state = %s)
      AND {invitation}.{undeliverable} = %s AND NOT ({invitation}.{contact} = %s))"""

# A reminder is superseded by a later step on the same channel that is due too.
_NOT_SUPERSEDED_SQL = """
  AND NOT EXISTS (
    SELECT 1 FROM {message} later
    WHERE later.invitation_id = {message}.invitation_id
      AND later.channel = %s AND later.step > %s AND later.due_at <= %s AND later.status IN (%s, %s))"""

_OUTCOME_SQL = """
UPDATE {message} SET status = %s, provider_id = %s, error_code = %s, segments = %s, sent_at = %s, status_at = %s
WHERE id = %s AND status IN (%s, %s)"""

# Only PostgreSQL: the previous message's outcome written in the next message's attempt statement.
_WITH_OUTCOME_SQL = "WITH outcome AS ({outcome})"

# Only PostgreSQL: set_config(..., true) lasts until the end of the statement's own transaction.
_NO_WAIT_SQL = "WITH no_wait AS (SELECT set_config('synchronous_commit', 'off', true))"
_NO_WAIT_CHECK = " AND EXISTS (SELECT 1 FROM no_wait)"

_sql_cache: dict[tuple, str] = {}


def _hot_sql(vendor: str, kind: str, channel: str = "", reminder: bool = False) -> str:
    if kind == "outcome_no_wait" and vendor != "postgresql":
        kind = "outcome"
    key = (kind, channel, reminder)
    if key not in _sql_cache:
        names = {
            "message": Message._meta.db_table,
            "invitation": Invitation._meta.db_table,
            "survey": Survey._meta.db_table,
            "contact": "mobile" if channel == Channel.SMS else "email",
            "undeliverable": "mobile_undeliverable" if channel == Channel.SMS else "email_undeliverable",
        }
        if kind == "attempt":
            sql = _ATTEMPT_SQL + (_NOT_SUPERSEDED_SQL if reminder else "")
        elif kind == "outcome_and_attempt":
            outcome = _OUTCOME_SQL.strip()
            sql = (
                _WITH_OUTCOME_SQL.replace("{outcome}", outcome)
                + _ATTEMPT_SQL
                + (_NOT_SUPERSEDED_SQL if reminder else "")
            )
        elif kind == "outcome_no_wait":
            sql = _NO_WAIT_SQL + _OUTCOME_SQL + _NO_WAIT_CHECK
        else:
            sql = _OUTCOME_SQL
        # Only our own table and column names go into the text; every value is a parameter.
        _sql_cache[key] = sql.format(**names).strip()
    return _sql_cache[key]


def _attempt_params(db, message: Message, now: datetime) -> list:
    at = db.ops.adapt_datetimefield_value(now)
    params = [MessageStatus.ATTEMPTING, at, message.pk, MessageStatus.CLAIMED, message.claimed_by]
    params += [at, Survey.State.CLOSED, False, ""]
    if message.step > 0:
        params += [message.channel, message.step, at, MessageStatus.PENDING, MessageStatus.CLAIMED]
    return params


def _outcome_params(db, message_pk: int, status: str, provider_id: str, error_code: str, segments: int, done) -> list:
    sent = status in (MessageStatus.QUEUED, MessageStatus.SENT)
    at = db.ops.adapt_datetimefield_value(done)
    # The outcome overwrites "uncertain" too, because knowing beats guessing.
    return [status, provider_id, error_code, segments, at if sent else None, at, message_pk] + [
        MessageStatus.ATTEMPTING,
        MessageStatus.UNCERTAIN,
    ]


class MessageSender:
    """Sends claimed messages one at a time, on this thread's database connection.

    Per message: the attempt is committed (one UPDATE that also checks the never-send rules),
    then the provider is called, then the outcome is written. The outcome is not written on
    its own: it goes into the next message's attempt statement (PostgreSQL: one statement, one
    durable commit per message), or is written by flush(), which callers do before they wait
    for anything (the rate limit, an empty queue, the next claim). A crash before that leaves
    the message "attempting", which recovery turns into "uncertain", exactly as a crash during
    the provider call: at most one message per sender, and never sent again.
    """

    def __init__(self, sms_backend: BaseSmsBackend, email_connection) -> None:
        self.sms_backend = sms_backend
        self.email_connection = email_connection
        self.pending: list | None = None  # parameters of an outcome not written yet
        # This thread's own connection, looked up once: each `connection.x` is a thread-local lookup.
        self.db = connections[DEFAULT_DB_ALIAS]

    def flush(self) -> None:
        if self.pending is None:
            return
        params, self.pending = self.pending, None
        # Losing this commit in a database crash only leaves the row "attempting", which
        # recovery turns into "uncertain": safe, so on PostgreSQL an outcome written on its own
        # does not wait for the disk. The statement turns synchronous_commit off for its own
        # transaction only; inside a caller's transaction it is a plain UPDATE.
        kind = "outcome" if self.db.in_atomic_block else "outcome_no_wait"
        with prepared.cursor(self.db) as cursor:
            prepared.execute(cursor, _hot_sql(self.db.vendor, kind), params, self.db)

    def finish(self) -> None:
        """Write the last outcome, then close the connections to the providers."""
        try:
            self.flush()
        finally:
            self.sms_backend.close()
            self.email_connection.close()

    def _record_attempt(self, message: Message, now: datetime) -> bool:
        """Mark a claimed message "attempting" if the never-send rules still allow it. Commits."""
        db = self.db
        params, reminder = _attempt_params(db, message, now), message.step > 0
        if self.pending is not None and db.vendor == "postgresql":
            params, self.pending = self.pending + params, None
            sql = _hot_sql(db.vendor, "outcome_and_attempt", message.channel, reminder)
        else:
            self.flush()
            sql = _hot_sql(db.vendor, "attempt", message.channel, reminder)
        with prepared.cursor(db) as cursor:
            prepared.execute(cursor, sql, params, db)
            return cursor.rowcount == 1

    def send(self, message: Message, window: Window) -> Outcome:
        now = timezone.now()
        # The never-send rules are checked in the very statement (one transaction) that records
        # the attempt, and the attempt is committed before the provider is called.
        if not self._record_attempt(message, now):
            mine = Message.objects.filter(pk=message.pk, status=MessageStatus.CLAIMED, claimed_by=message.claimed_by)
            invitation = Invitation.objects.select_related("survey").get(pk=message.invitation_id)
            reason = never_send_reason(invitation, message.channel, now)
            if not reason and message.step > 0 and _later_step_due(message, now).exists():
                reason = SkipReason.SUPERSEDED
            if reason and mine.update(status=MessageStatus.SKIPPED, skip_reason=reason, status_at=now):
                return Outcome(MessageStatus.SKIPPED, reason)
            return Outcome("lost")  # recovered by someone else meanwhile: leave it alone
        invitation = message.invitation
        result_status, provider_id, error_code, segments = MessageStatus.SENT, "", "", 0
        try:
            if message.channel == Channel.SMS:
                body = render_sms(invitation, message.step)
                segments = sms_size(body).segments
                sms = SmsMessage(
                    to=invitation.mobile,
                    body=body,
                    sender=settings.SMS_SENDER,
                    validity_period=window.validity_seconds(now),
                    status_callback=_callback_url(),
                )
                result = self.sms_backend.send(sms)
                provider_id = result.provider_id
                result_status = MessageStatus.QUEUED if result.status == "queued" else MessageStatus.SENT
            else:
                email = render_email(invitation, message.step)
                email.connection = self.email_connection
                email.send()
        except TransportError as exc:
            error_code = exc.code
            if exc.uncertain:
                result_status = MessageStatus.UNCERTAIN
            else:
                result_status = MessageStatus.FAILED
            if exc.permanent:
                _mark_undeliverable(invitation, message.channel)
            logger.warning(
                "%s step %d to %s failed: %s",
                message.channel,
                message.step,
                _masked(invitation, message.channel),
                exc.message,
            )
        except smtplib.SMTPRecipientsRefused:
            result_status, error_code = MessageStatus.FAILED, "refused"
            _mark_undeliverable(invitation, message.channel)
            logger.warning("e-mail step %d to %s refused", message.step, mask_email(invitation.email))
        except (smtplib.SMTPException, OSError) as exc:
            result_status, error_code = MessageStatus.FAILED, type(exc).__name__[:20]
            logger.warning(
                "e-mail step %d to %s failed: %s", message.step, mask_email(invitation.email), type(exc).__name__
            )
        self.pending = _outcome_params(
            self.db, message.pk, result_status, provider_id, error_code, segments, timezone.now()
        )
        if result_status in (MessageStatus.QUEUED, MessageStatus.SENT) and logger.isEnabledFor(logging.INFO):
            logger.info("%s step %d sent to %s", message.channel, message.step, _masked(invitation, message.channel))
        return Outcome(result_status)


def send_message(message: Message, sms_backend: BaseSmsBackend, email_connection, window: Window) -> Outcome:
    """Send one claimed message: record the intent, call the provider, record the outcome."""
    sender = MessageSender(sms_backend, email_connection)
    outcome = sender.send(message, window)
    sender.flush()
    return outcome


def _mark_undeliverable(invitation: Invitation, channel: str) -> None:
    field_name = "mobile_undeliverable" if channel == Channel.SMS else "email_undeliverable"
    Invitation.objects.filter(pk=invitation.pk).update(**{field_name: True})


# --- Running what is due -----------------------------------------------------------------


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


def sendable_surveys(now: datetime, survey_ids: Iterable[int] | None = None) -> dict[int, Window]:
    """Surveys that may send right now: open, not paused, inside their window."""
    surveys = Survey.objects.filter(state=Survey.State.OPEN, opens_at__lte=now, closes_at__gt=now)
    if survey_ids is not None:
        surveys = surveys.filter(pk__in=list(survey_ids))
    result = {}
    for survey in surveys:
        plan = plan_for(survey)
        window = Window.of(plan)
        if not plan.paused and window.contains(now):
            result[survey.pk] = window
    return result


def prepare(now: datetime, survey_ids: Iterable[int] | None = None) -> int:
    """Plan new invitations of open surveys and close out the rows of closed ones."""
    planned = 0
    surveys = Survey.objects.all() if survey_ids is None else Survey.objects.filter(pk__in=list(survey_ids))
    for survey in surveys:
        if survey_is_sending(survey, now):
            planned += plan_invitations(survey, now)
        elif survey_is_closed(survey, now):
            close_out_survey(survey)
    return planned


def due_count(survey_ids: Iterable[int], now: datetime) -> int:
    return Message.objects.filter(status=MessageStatus.PENDING, due_at__lte=now, survey_id__in=list(survey_ids)).count()


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


_RELEASED = Outcome("released")


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


# --- "Send now" in the background ----------------------------------------------------------

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


# --- Personal data -------------------------------------------------------------------------


def purge_contacts(now: datetime) -> int:
    """Erase mobile numbers and e-mail addresses a set number of days after a survey closes.

    Every run after that erases whatever contact details the survey still holds, however they
    got there (imported again, say), and the file outbox's messages to them. Answers, counts
    and the message rows (which hold no contact details) stay.
    """
    erased = 0
    holds_contacts = Q(contacts_erased_at__isnull=True) | ~Q(mobile="") | ~Q(email="")
    candidates = Survey.objects.filter(Q(state=Survey.State.CLOSED) | Q(closes_at__lte=now)).filter(
        Exists(Invitation.objects.filter(holds_contacts, survey=OuterRef("pk")))
    )
    for survey in candidates:
        plan = SendingPlan.objects.filter(survey=survey).first()
        days = plan.effective_retention_days() if plan else settings.CONTACT_RETENTION_DAYS
        if now < survey.closes_at + timedelta(days=days):
            continue
        holding = Invitation.objects.filter(holds_contacts, survey=survey)
        contacts = [value for pair in holding.values_list("mobile", "email") for value in pair if value]
        count = holding.update(mobile="", email="", contacts_erased_at=now)
        purge_outbox(contacts)
        if count:
            logger.info("survey %s: contact details erased for %d invitations", survey.slug, count)
        erased += count
    return erased
