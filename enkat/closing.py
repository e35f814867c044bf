"""Closing a survey safely: what closing means before it happens, and moving the close time while open."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enkat.generalisation import generalise
from enkat.models import Response, Survey
from register.dimensions import SNAPSHOT_FIELDS

# Ties between fields are broken in this order: the field least useful to the analysis first.
# Gender goes last: the annual report splits every figure by women and men, and a small survey
# (the demo's 72 responses) lost every gender when gender went before programme and provider.
GENERALISE_FIRST = ("language", "status", "age_group", "programme", "provider_name", "gender")


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


def generalise_responses(survey: Survey) -> int:
    """Record group fields as unknown where needed so that every stored combination of the survey's
    web responses is shared by at least `min_n` of them (`enkat.generalisation`); returns how many
    responses changed. Answers imported from earlier years' files are left as imported.

    Called when the survey closes, inside the closing transaction.
    """
    responses = list(Response.objects.filter(survey=survey, import_batch__isnull=True).order_by("pk"))
    rows = [tuple(getattr(r, name) for name in SNAPSHOT_FIELDS) for r in responses]
    priority = [SNAPSHOT_FIELDS.index(name) for name in GENERALISE_FIRST]
    changed = []
    for response, before, after in zip(responses, rows, generalise(rows, survey.min_n, priority), strict=True):
        if before != after:
            for name, value in zip(SNAPSHOT_FIELDS, after, strict=True):
                setattr(response, name, value)
            changed.append(response)
    Response.objects.bulk_update(changed, list(SNAPSHOT_FIELDS), batch_size=500)
    return len(changed)
