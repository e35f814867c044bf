"""Twilio's delivery statuses: applied to the message, or kept until its outcome is written.

Twilio can call back before the worker has written a message's outcome (the provider's id
that the callback names): with the rate limit off the outcome goes into the next message's
statement, a few milliseconds later. Such a status is kept as an EarlyStatus and applied by
the webhook's own second look or by the worker after each round, so no status is lost.
"""

import logging
from datetime import datetime, timedelta

from django.db import transaction

from enkat.models import Invitation
from utskick.models import EarlyStatus, Message, MessageStatus

logger = logging.getLogger(__name__)

# Twilio's delivery statuses in the order they can follow each other; a late or repeated
# callback never moves a message backwards.
STATUS_RANK = {
    MessageStatus.ATTEMPTING: 0,
    MessageStatus.UNCERTAIN: 0,
    MessageStatus.QUEUED: 1,
    MessageStatus.SENT: 2,
    MessageStatus.DELIVERED: 3,
    MessageStatus.UNDELIVERED: 3,
    MessageStatus.FAILED: 3,
}
TWILIO_STATUSES = {
    "accepted": MessageStatus.QUEUED,
    "scheduled": MessageStatus.QUEUED,
    "queued": MessageStatus.QUEUED,
    "sending": MessageStatus.QUEUED,
    "sent": MessageStatus.SENT,
    "delivered": MessageStatus.DELIVERED,
    "read": MessageStatus.DELIVERED,
    "undelivered": MessageStatus.UNDELIVERED,
    "failed": MessageStatus.FAILED,
}
# Delivery errors that say the number itself will never work.
PERMANENT_DELIVERY_ERRORS = {"21211", "21610", "21614", "30005", "30006"}
# A status whose message never shows up (another system's message, say) is dropped after this.
EARLY_STATUS_KEPT = timedelta(days=1)


def _apply(sid: str, status: str, error_code: str, now: datetime) -> bool:
    """Move the message with this provider id forward to `status`. False if there is no such message."""
    earlier = [known for known, rank in STATUS_RANK.items() if rank < STATUS_RANK[status]]
    fields = {"status": status, "status_at": now, **({"error_code": error_code[:20]} if error_code else {})}
    updated = Message.objects.filter(provider_id=sid, status__in=earlier).update(**fields)
    if updated and status in (MessageStatus.UNDELIVERED, MessageStatus.FAILED):
        if error_code in PERMANENT_DELIVERY_ERRORS:
            Invitation.objects.filter(messages__provider_id=sid).update(mobile_undeliverable=True)
    return bool(updated) or Message.objects.filter(provider_id=sid).exists()


def record_status(sid: str, status: str, error_code: str, now: datetime) -> None:
    """A status callback: apply it, or keep it until the message's outcome names this id."""
    with transaction.atomic():
        if _apply(sid, status, error_code, now):
            return
        early, created = EarlyStatus.objects.get_or_create(
            provider_id=sid, defaults={"status": status, "error_code": error_code[:20], "received_at": now}
        )
        if not created and STATUS_RANK[status] > STATUS_RANK[early.status]:
            EarlyStatus.objects.filter(pk=early.pk).update(status=status, error_code=error_code[:20])
    # A second look, in a new statement: the outcome may have been committed meanwhile.
    apply_early_statuses(now, [sid])


def apply_early_statuses(now: datetime, sids: list[str] | None = None) -> int:
    """Apply kept statuses (all, or those of `sids`) whose message now has its provider id.

    The worker's call (all of them) also drops those kept too long.
    """
    applied = 0
    early = EarlyStatus.objects.order_by("received_at")
    if sids is not None:
        early = early.filter(provider_id__in=sids)
    for item in early:
        with transaction.atomic():
            if _apply(item.provider_id, item.status, item.error_code, now):
                EarlyStatus.objects.filter(pk=item.pk).delete()
                applied += 1
    if sids is not None:
        return applied
    expired, _ = EarlyStatus.objects.filter(received_at__lt=now - EARLY_STATUS_KEPT).delete()
    if expired:
        logger.warning("%d delivery statuses named no message of ours within a day and were dropped", expired)
    return applied
