"""The report's e-mails: rows written with the change that causes them, sent by the worker's round.

Each row goes pending → claimed (a conditional UPDATE: one worker only) → attempting
(committed before the e-mail leaves) → sent or failed. A worker that dies leaves a
claimed row, which goes back to pending, or an attempting one, which becomes
"uncertain" and is never sent again: a crash neither loses nor repeats an e-mail.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from kvalitetsrapport.models import (
    DONE_STATUSES,
    REMINDER_KINDS,
    EmailKind,
    EmailStatus,
    HistoryAction,
    HistoryEntry,
    OutgoingEmail,
    QualityReport,
    ReportRound,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
REMINDER_DAYS = {EmailKind.REMINDER_14: 14, EmailKind.REMINDER_3: 3}
EMAIL_LANGUAGE = "sv"


def queue(
    report: QualityReport,
    kind: str,
    now: datetime,
    *,
    user: AbstractBaseUser | None = None,
    due_at: datetime | None = None,
) -> int:
    """One row per contact of the report's provider; call inside the transaction of the change."""
    contacts = list(report.provider.report_contacts.all())
    rows = [
        OutgoingEmail(report=report, kind=kind, to_name=c.name, to_email=c.email, due_at=due_at or now)
        for c in contacts
    ]
    OutgoingEmail.objects.bulk_create(rows)
    if rows:
        HistoryEntry.objects.create(
            report=report,
            at=now,
            user=user if user is not None and user.is_authenticated else None,
            actor=user.get_username() if user is not None else "",
            action=HistoryAction.EMAIL_QUEUED,
            field=kind,
            new=", ".join(c.email for c in contacts),
        )
    return len(rows)


def reminder_kind(deadline: date, today: date) -> str | None:
    """The reminder due on `today`: 14 days before the deadline up to 4 days before, then 3 days before."""
    days_left = (deadline - today).days
    if days_left < 0:
        return None
    if days_left <= REMINDER_DAYS[EmailKind.REMINDER_3]:
        return EmailKind.REMINDER_3
    if days_left <= REMINDER_DAYS[EmailKind.REMINDER_14]:
        return EmailKind.REMINDER_14
    return None


def plan_reminders(now: datetime) -> int:
    """Write the due reminders for reports not yet submitted; the unique constraint makes a rerun write none."""
    today = timezone.localdate(now)
    planned = 0
    for report_round in ReportRound.objects.filter(opened_at__isnull=False, deadline__gte=today):
        kind = reminder_kind(report_round.deadline, today)
        if kind is None:
            continue
        reports = report_round.reports.exclude(status__in=DONE_STATUSES).select_related("provider")
        for report in reports:
            for contact in report.provider.report_contacts.all():
                if OutgoingEmail.objects.filter(report=report, kind=kind, to_email=contact.email).exists():
                    continue
                try:
                    with transaction.atomic():
                        OutgoingEmail.objects.create(
                            report=report, kind=kind, to_name=contact.name, to_email=contact.email, due_at=now
                        )
                        HistoryEntry.objects.create(
                            report=report, at=now, action=HistoryAction.EMAIL_QUEUED, field=kind, new=contact.email
                        )
                        planned += 1
                except IntegrityError:
                    continue  # another worker planned it first
    return planned


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def recover_stale(now: datetime) -> None:
    lease = now - timedelta(seconds=settings.UTSKICK_CLAIM_LEASE_SECONDS)
    OutgoingEmail.objects.filter(status=EmailStatus.CLAIMED, claimed_at__lt=lease).update(
        status=EmailStatus.PENDING, claimed_by="", claimed_at=None
    )
    for row in OutgoingEmail.objects.filter(status=EmailStatus.ATTEMPTING, claimed_at__lt=lease):
        if OutgoingEmail.objects.filter(pk=row.pk, status=EmailStatus.ATTEMPTING).update(status=EmailStatus.UNCERTAIN):
            _log(row, HistoryAction.EMAIL_UNCERTAIN, now)


def claim(now: datetime, limit: int = BATCH_SIZE) -> list[OutgoingEmail]:
    token = _worker_name()
    ids = list(
        OutgoingEmail.objects.filter(status=EmailStatus.PENDING, due_at__lte=now)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    # Conditional UPDATE: a row another worker claimed meanwhile is no longer pending and is skipped.
    OutgoingEmail.objects.filter(pk__in=ids, status=EmailStatus.PENDING).update(
        status=EmailStatus.CLAIMED, claimed_by=token, claimed_at=now
    )
    return list(
        OutgoingEmail.objects.filter(claimed_by=token, status=EmailStatus.CLAIMED)
        .select_related("report__provider", "report__round")
        .order_by("due_at", "pk")
    )


def render(row: OutgoingEmail) -> EmailMessage:
    report = row.report
    link = settings.SITE_URL + reverse("kvalitetsrapport:wizard", args=[report.pk])
    context = {"row": row, "report": report, "round": report.round, "provider": report.provider, "link": link}
    with translation.override(EMAIL_LANGUAGE):
        subject = render_to_string(f"kvalitetsrapport/email/{row.kind}_subject.txt", context).strip()
        body = render_to_string(f"kvalitetsrapport/email/{row.kind}.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[row.to_email])


def _log(row: OutgoingEmail, action: str, now: datetime, detail: str = "") -> None:
    HistoryEntry.objects.create(
        report_id=row.report_id, at=now, action=action, field=row.kind, new=detail or row.to_email
    )


@dataclass
class MailReport:
    planned: int = 0
    sent: int = 0
    failed: int = 0


def send_due(now: datetime | None = None) -> MailReport:
    """The worker's share of a round: plan reminders, then send every due e-mail once."""
    now = now or timezone.now()
    result = MailReport()
    recover_stale(now)
    result.planned = plan_reminders(now)
    connection = None
    try:
        while True:
            batch = claim(now)
            if not batch:
                break
            if connection is None:
                connection = get_connection(fail_silently=False)
            for row in batch:
                if not OutgoingEmail.objects.filter(pk=row.pk, status=EmailStatus.CLAIMED).update(
                    status=EmailStatus.ATTEMPTING
                ):
                    continue
                try:
                    message = render(row)
                    message.connection = connection
                    message.send()
                except Exception as exc:  # noqa: BLE001 - any failure of one e-mail is recorded on its row
                    error = f"{type(exc).__name__}: {exc}"[:500]
                    OutgoingEmail.objects.filter(pk=row.pk).update(status=EmailStatus.FAILED, error=error)
                    _log(row, HistoryAction.EMAIL_FAILED, timezone.now(), f"{row.to_email}: {type(exc).__name__}")
                    logger.warning("quality report e-mail %s failed: %s", row.pk, type(exc).__name__)
                    result.failed += 1
                    continue
                sent_at = timezone.now()
                OutgoingEmail.objects.filter(pk=row.pk).update(status=EmailStatus.SENT, sent_at=sent_at)
                _log(row, HistoryAction.EMAIL_SENT, sent_at)
                result.sent += 1
    finally:
        if connection is not None:
            connection.close()
    return result


def pending_for(report: QualityReport) -> int:
    return report.emails.filter(Q(status=EmailStatus.PENDING) | Q(status=EmailStatus.CLAIMED)).count()


__all__ = ["REMINDER_KINDS", "queue", "plan_reminders", "send_due", "claim", "render"]
