"""Personal data: a set number of days after a survey closes, its invitations are erased.

Contact details, customer ids, token hashes, group snapshots and the messages go with the
invitation rows, and the survey's keyed drafts and receipts are deleted with them (they have no
foreign key to cascade; exactly-once submits are moot for a closed survey). The counts the
response-rate tables need are kept first as tallies (`utskick.tallies`), computed with the key
while the receipts still exist. After that the database holds nothing that links a
response to a person.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef

from enkat.models import Draft, Invitation, Receipt, Survey
from utskick.models import SendingPlan
from utskick.outbox import purge_outbox
from utskick.tallies import erased, write_tallies

logger = logging.getLogger(__name__)


def purge_contacts(now: datetime) -> int:
    """Erase the invitations of every survey closed longer ago than its retention period; returns how many.

    The first erasure of a survey writes its tallies; every run after that erases whatever
    invitations the survey still holds, however they got there (imported again, say), and
    the file outbox's messages to them. Responses stay.
    """
    removed = 0
    candidates = Survey.objects.closed(now).filter(Exists(Invitation.all_objects.filter(survey=OuterRef("pk"))))
    for survey in candidates:
        plan = SendingPlan.objects.filter(survey=survey).first()
        days = plan.effective_retention_days() if plan else settings.CONTACT_RETENTION_DAYS
        if now < survey.closes_at + timedelta(days=days):
            continue
        count, contacts = erase_invitations(survey)
        purge_outbox(contacts)  # after the commit: the rows are gone, now the files naming them
        removed += count
    return removed


@transaction.atomic
def erase_invitations(survey: Survey) -> tuple[int, list[str]]:
    """Keep the survey's tallies (once), then delete its invitations with their messages, and its drafts and receipts.

    Returns how many were deleted and the contact details they held (for the file outbox)."""
    holding = Invitation.all_objects.filter(survey=survey)
    contacts = [value for pair in holding.values_list("mobile", "email") for value in pair if value]
    count = holding.count()
    if not erased(survey):
        write_tallies(survey)
    holding.delete()
    Draft.objects.filter(survey=survey).delete()
    Receipt.objects.filter(survey=survey).delete()
    if count:
        logger.info("survey %s: %d invitations erased, their counts kept", survey.slug, count)
    return count, contacts
