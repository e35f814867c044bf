"""Sending plans: which steps (invitation, reminders) each invitation gets, on which channel, when.

The steps are copied onto Message rows once (plan_invitations); the database is then the queue.
"""

import logging
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from enkat import receipts
from enkat.models import Invitation, Receipt, Survey
from utskick.models import Channel, ChannelPreference, Message, MessageStatus, SendingPlan, SkipReason
from utskick.window import Window, add_local_days

logger = logging.getLogger(__name__)

PLAN_CHUNK = 1000


def plan_for(survey: Survey) -> SendingPlan:
    plan, _ = SendingPlan.objects.get_or_create(survey=survey)
    return plan


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
        Invitation.objects.filter(survey=survey, opted_out_at__isnull=True, contacts_erased_at__isnull=True)
        .filter(~Exists(Message.objects.filter(invitation=OuterRef("pk"))))
        .order_by("pk")
        .only("pk", "token_hash", "mobile", "email", "mobile_undeliverable", "email_undeliverable")
    )
    created, last_pk = 0, 0
    while True:
        chunk = list(unplanned.filter(pk__gt=last_pk)[:PLAN_CHUNK])
        if not chunk:
            return created
        last_pk = chunk[-1].pk
        answered = _answered(chunk)
        rows = []
        for invitation in chunk:
            if invitation.pk in answered:
                continue
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


def _answered(invitations: list[Invitation]) -> set[int]:
    """Which of these invitations have been answered: one read, with the key the worker holds."""
    keys = receipts.key_hashes((i.pk, i.token_hash) for i in invitations)
    return {keys[k] for k in Receipt.objects.filter(key_hash__in=list(keys)).values_list("key_hash", flat=True)}


def close_out_survey(survey: Survey) -> int:
    return Message.objects.filter(survey=survey, status=MessageStatus.PENDING).update(
        status=MessageStatus.SKIPPED, skip_reason=SkipReason.CLOSED, status_at=timezone.now()
    )


def sendable_surveys(now: datetime, survey_ids: Iterable[int] | None = None) -> dict[int, Window]:
    """Surveys that may send right now: open, not paused, inside their window."""
    surveys = Survey.objects.accepting(now)
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
        if survey.is_accepting(now):
            planned += plan_invitations(survey, now)
        elif survey.is_closed(now):
            close_out_survey(survey)
    return planned
