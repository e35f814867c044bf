"""Closing a survey safely: what closing means before it happens, and moving the close time while open."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enkat.models import Survey


class CloseTimeRefused(Exception):
    """The close time cannot be moved there; the message says why."""


@dataclass(frozen=True)
class ClosingConsequences:
    mid_survey: int  # customers who have started but not sent: they lose their unsent answers
    pending_messages: int  # invitations and reminders not yet sent: they stop


def mid_survey_count(survey: Survey) -> int:
    """Customers who have saved answers but not sent them: closing discards their drafts."""
    from enkat.answering import drafts_in_progress

    return drafts_in_progress(survey)


def closing_consequences(survey: Survey) -> ClosingConsequences:
    from utskick.models import Message, MessageStatus

    pending = Message.objects.filter(survey=survey, status__in=[MessageStatus.PENDING, MessageStatus.CLAIMED]).count()
    return ClosingConsequences(mid_survey=mid_survey_count(survey), pending_messages=pending)


@transaction.atomic
def move_close_time(survey: Survey, closes_at: datetime, now: datetime | None = None) -> Survey:
    """Move an open survey's close time, later or earlier, but never into the past nor before it opens.

    A draft's times are changed on its edit page; a closed survey stays closed.
    """
    now = now or timezone.now()
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.state != Survey.State.OPEN or survey.is_closed(now):
        raise CloseTimeRefused(_("Only an open survey's close time can be moved here."))
    if closes_at <= now:
        raise CloseTimeRefused(_("The new close time has already passed. To close now, close the survey."))
    if closes_at <= survey.opens_at:
        raise CloseTimeRefused(_("The survey would close before it opens."))
    survey.closes_at = closes_at
    survey.save(update_fields=["closes_at"])
    return survey
