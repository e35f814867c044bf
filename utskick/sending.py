"""Sending one claimed message crash-safely: attempt (committed) → provider → outcome."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.urls import reverse
from django.utils import timezone

from common import prepared
from common.logging import mask_email, mask_phone
from enkat.models import Invitation
from register import organisation
from utskick.backends import BaseSmsBackend, SmsMessage, TransportError
from utskick.backends.email import send_email
from utskick.gsm import sms_size
from utskick.hot_sql import attempt_params, hot_sql, outcome_params
from utskick.models import Channel, Message, MessageStatus, SkipReason
from utskick.never_send import never_send_reason
from utskick.rendering import render_email, render_sms
from utskick.window import Window

logger = logging.getLogger(__name__)


def status_callback_url() -> str:
    return settings.SITE_URL + reverse("utskick:twilio_status")


_callback_cache: dict[str, str] = {}


def _callback_url() -> str:
    # Looked up once per SITE_URL: reverse() per message is measurable at 100 000 messages.
    site = settings.SITE_URL
    if site not in _callback_cache:
        _callback_cache[site] = status_callback_url()
    return _callback_cache[site]


class Unsent(models.TextChoices):
    """What became of a claimed message that has no status of its own to record."""

    LOST = "lost"  # recovered by another worker meanwhile: left alone
    RELEASED = "released"  # given back, never attempted, when the run stopped


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
            prepared.execute(cursor, hot_sql(self.db.vendor, kind), params, self.db)

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
        params, reminder = attempt_params(db, message, now), message.step > 0
        if self.pending is not None and db.vendor == "postgresql":
            params, self.pending = self.pending + params, None
            sql = hot_sql(db.vendor, "outcome_and_attempt", message.channel, reminder)
        else:
            self.flush()
            sql = hot_sql(db.vendor, "attempt", message.channel, reminder)
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
            return Outcome(Unsent.LOST)
        invitation = message.invitation
        result_status, provider_id, error_code, segments = MessageStatus.SENT, "", "", 0
        try:
            if message.channel == Channel.SMS:
                body = render_sms(invitation, message.step)
                segments = sms_size(body).segments
                sms = SmsMessage(
                    to=invitation.mobile,
                    body=body,
                    sender=organisation.profile().sms_sender,
                    validity_period=window.validity_seconds(now),
                    status_callback=_callback_url(),
                )
                result = self.sms_backend.send(sms)
                provider_id = result.provider_id
                result_status = result.status
            else:
                send_email(render_email(invitation, message.step), self.email_connection)
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
        self.pending = outcome_params(
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
