"""Personal data: contact details are erased a set number of days after a survey closes."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from enkat.models import Invitation, Survey
from utskick.models import SendingPlan
from utskick.outbox import purge_outbox

logger = logging.getLogger(__name__)


def purge_contacts(now: datetime) -> int:
    """Erase mobile numbers and e-mail addresses a set number of days after a survey closes.

    Every run after that erases whatever contact details the survey still holds, however they
    got there (imported again, say), and the file outbox's messages to them. Answers, counts
    and the message rows (which hold no contact details) stay.
    """
    erased = 0
    holds_contacts = Q(contacts_erased_at__isnull=True) | ~Q(mobile="") | ~Q(email="")
    candidates = Survey.objects.closed(now).filter(
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
