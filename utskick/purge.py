"""Personal data: contact details are erased a set number of days after a survey closes."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef

from enkat.models import Invitation, Survey
from utskick.models import SendingPlan

logger = logging.getLogger(__name__)


def purge_contacts(now: datetime) -> int:
    """Erase mobile numbers and e-mail addresses a set number of days after a survey closes.

    Answers, counts and the message rows (which hold no contact details) stay.
    """
    erased = 0
    candidates = Survey.objects.closed(now).filter(
        Exists(Invitation.objects.filter(survey=OuterRef("pk"), contacts_erased_at__isnull=True))
    )
    for survey in candidates:
        plan = SendingPlan.objects.filter(survey=survey).first()
        days = plan.effective_retention_days() if plan else settings.CONTACT_RETENTION_DAYS
        if now < survey.closes_at + timedelta(days=days):
            continue
        count = Invitation.objects.filter(survey=survey, contacts_erased_at__isnull=True).update(
            mobile="", email="", contacts_erased_at=now
        )
        if count:
            logger.info("survey %s: contact details erased for %d invitations", survey.slug, count)
        erased += count
    return erased
