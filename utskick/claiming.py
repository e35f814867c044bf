"""Claiming due messages for one worker, giving them back, and recovering a dead worker's rows.

A message moves pending → claimed → attempting → outcome. A claimed row was never attempted and
may go back to pending; an attempting row left by a dead worker becomes "uncertain", never pending.
"""

import logging
import os
import socket
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q

from enkat import receipts
from enkat.models import Draft
from utskick.models import Message, MessageStatus

logger = logging.getLogger(__name__)

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
    "invitation__token_hash",
    "invitation__provider__id",
    "invitation__provider__name",
)
IN_FLIGHT = (MessageStatus.CLAIMED, MessageStatus.ATTEMPTING)


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
    messages = list(
        Message.objects.filter(claimed_by=token, status=MessageStatus.CLAIMED)
        .select_related("invitation__provider")
        .only(*CLAIMED_FIELDS)
        .order_by("due_at", "pk")
    )
    _chosen_languages(messages)
    return messages


def _chosen_languages(messages: list[Message]) -> None:
    """The language a customer chose on the survey page (kept in the keyed draft), for their reminders.

    One read per batch; the key hashes are computed here, with the key the worker holds.
    """
    keys = receipts.key_hashes((m.pk, m.invitation.token_hash) for m in messages if m.step > 0)
    if not keys:
        return
    chosen = dict(
        Draft.objects.filter(key_hash__in=list(keys)).exclude(language="").values_list("key_hash", "language")
    )
    if not chosen:
        return
    by_message = {pk: chosen[key] for key, pk in keys.items() if key in chosen}
    for message in messages:
        if message.pk in by_message:
            message.invitation.language = by_message[message.pk]


def release(messages: Iterable[Message]) -> int:
    return Message.objects.filter(pk__in=[m.pk for m in messages], status=MessageStatus.CLAIMED).update(
        status=MessageStatus.PENDING, claimed_by="", claimed_at=None
    )


def due_count(survey_ids: Iterable[int], now: datetime) -> int:
    return Message.objects.filter(status=MessageStatus.PENDING, due_at__lte=now, survey_id__in=list(survey_ids)).count()
