"""Which invitations have answered, and after which wave: the one way the staff side asks.

A stand-in computed from today's model (the answer time on the invitation and the messages
sent to it); the keyed-hash receipts replace its body, never its names or signatures.
New code never reads the answer time or the receipts directly: it asks here.
"""

from __future__ import annotations


def answered_invitation_ids(survey_id: int) -> set[int]:
    """Ids of the survey's invitations that have submitted their answers."""
    from enkat.models import Invitation

    return set(Invitation.objects.filter(survey_id=survey_id, answered_at__isnull=False).values_list("pk", flat=True))


def answered_waves(survey_id: int) -> dict[int, int]:
    """Invitation id -> the wave its answer followed (1 = the invitation, 2.. the reminders).

    The wave is the highest one actually sent to that invitation; 0 when none was sent.
    """
    from utskick.models import Message

    waves = dict.fromkeys(answered_invitation_ids(survey_id), 0)
    sent = Message.objects.filter(survey_id=survey_id, sent_at__isnull=False)
    for invitation_id, step in sent.values_list("invitation_id", "step"):
        if invitation_id in waves:
            waves[invitation_id] = max(waves[invitation_id], step + 1)
    return waves
