"""The one home of the keyed link between an invitation and what its customer did.

Everything the customer's path writes (Receipt, Draft) is keyed by

    key_hash = HMAC-SHA256(RECEIPT_KEY, invitation.token_hash)

where RECEIPT_KEY is derived from settings.TOKEN_KEY (kept outside the database) with a label
of its own. Someone who reads the database but holds no key cannot compute it, so cannot tell
which invitation (or customer) a receipt or a draft belongs to, nor pair a response with one
through the rows its submit wrote. The application holds the key, and computes the link where a
rule needs it: the survey page (already answered?), the reminder stop, and the counts below.

Counts per invitation exist only while the invitations do: when a survey's contacts are erased,
they are first counted into tallies through the functions below (`utskick.tallies`), then the
invitations, drafts and receipts are deleted (`utskick.purge`).
"""

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

from enkat.models import Draft, Invitation, Receipt

_LABEL = b"enkat.receipts: the key of answered receipts and customer drafts"


@lru_cache(maxsize=4)
def _receipt_key(token_key: str) -> bytes:
    return hmac.new(token_key.encode(), _LABEL, hashlib.sha256).digest()


def key_hash(token_hash: str) -> str:
    """The key under which an invitation's receipt and draft are stored (64 hex characters)."""
    return hmac.new(_receipt_key(settings.TOKEN_KEY), token_hash.encode(), hashlib.sha256).hexdigest()


def key_hashes(token_hashes: Iterable[tuple[int, str]]) -> dict[str, int]:
    """{key_hash: invitation id} for (invitation id, token_hash) pairs."""
    key = _receipt_key(settings.TOKEN_KEY)
    return {hmac.new(key, token.encode(), hashlib.sha256).hexdigest(): pk for pk, token in token_hashes}


def is_answered(invitation: Invitation) -> bool:
    return Receipt.objects.filter(key_hash=key_hash(invitation.token_hash)).exists()


def opted_out_on_page(invitation: Invitation) -> bool:
    """Reminders stopped on the survey's page (an SMS answered with STOP sets Invitation.opted_out_at)."""
    return Draft.objects.filter(key_hash=key_hash(invitation.token_hash), opted_out=True).exists()


def record_receipts(invitations: Iterable[Invitation]) -> int:
    """Receipts for invitations answered outside the survey pages (the demo, tests). Returns how many."""
    rows = [Receipt(survey_id=i.survey_id, key_hash=key_hash(i.token_hash)) for i in invitations]
    Receipt.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@dataclass(frozen=True)
class Progress:
    """Invitation ids of one survey (test links left out) by how far their customers got."""

    opened: set[int]
    started: set[int]
    answered: set[int]
    opted_out: set[int]  # on the survey's page or by SMS


def _survey_keys(survey_id: int) -> dict[str, int]:
    return key_hashes(Invitation.objects.filter(survey_id=survey_id).values_list("pk", "token_hash").iterator())


def survey_progress(survey_id: int) -> Progress:
    """Opened, started and answered, computed with the key: three reads, one HMAC per invitation."""
    keys = _survey_keys(survey_id)
    answered = {
        keys[k] for k in Receipt.objects.filter(survey_id=survey_id).values_list("key_hash", flat=True) if k in keys
    }
    opened, started = set(answered), set(answered)
    opted_out = set(
        Invitation.objects.filter(survey_id=survey_id, opted_out_at__isnull=False).values_list("pk", flat=True)
    )
    drafts = Draft.objects.filter(survey_id=survey_id).values_list("key_hash", "started", "opted_out")
    for key, was_started, stopped in drafts:
        pk = keys.get(key)
        if pk is not None:
            opened.add(pk)
            if was_started:
                started.add(pk)
            if stopped:
                opted_out.add(pk)
    return Progress(opened=opened, started=started, answered=answered, opted_out=opted_out)


def last_waves(survey_id: int, invitation_ids: set[int]) -> dict[int, int]:
    """{invitation id: the highest wave (message step) actually sent to it}, for these invitations."""
    from utskick.models import Message

    waves: dict[int, int] = {}
    sent = Message.objects.filter(survey_id=survey_id, sent_at__isnull=False).values_list("invitation_id", "step")
    for invitation_id, step in sent.iterator():
        if invitation_id in invitation_ids and step > waves.get(invitation_id, -1):
            waves[invitation_id] = step
    return waves


def answered_invitation_ids(survey_id: int) -> set[int]:
    """The ids of the survey's invitations (test links left out) that have been answered."""
    keys = _survey_keys(survey_id)
    return {
        keys[k] for k in Receipt.objects.filter(survey_id=survey_id).values_list("key_hash", flat=True) if k in keys
    }


def answered_waves(survey_id: int) -> dict[int, int]:
    """{invitation id: the highest wave (message step) actually sent to it} for answered invitations.

    The reminder stop sends no wave after the answer, so this is the wave the answer followed:
    which wave, never when. Answered invitations that were sent no message (a link handed out
    otherwise) followed no wave and are left out; answered_invitation_ids has them.
    """
    return last_waves(survey_id, answered_invitation_ids(survey_id))
