"""enkat.receipts: the key hash, and the counts computed with it."""

import hashlib
import hmac

import pytest
from django.utils import timezone

from enkat import receipts
from enkat.models import Invitation
from tests.factories import make_invitation, make_survey, mark_answered, stop_reminders_on_page
from utskick.models import Message, MessageStatus

pytestmark = pytest.mark.django_db


def test_the_key_hash_takes_the_key_and_is_not_the_token_key_itself(settings):
    token_hash = "ab" * 32
    first = receipts.key_hash(token_hash)
    assert len(first) == 64 and first != token_hash
    assert first != hashlib.sha256(token_hash.encode()).hexdigest()
    # Derived with a label: not the same HMAC as the links' own key would give.
    assert first != hmac.new(settings.TOKEN_KEY.encode(), token_hash.encode(), hashlib.sha256).hexdigest()
    settings.TOKEN_KEY = "another-token-key-" + "z" * 40
    assert receipts.key_hash(token_hash) != first


def test_answered_ids_and_progress_leave_out_test_links_and_other_surveys():
    survey, other = make_survey("en"), make_survey("annan")
    answered, opted, untouched = (make_invitation(survey, name)[0] for name in ("A", "B", "C"))
    elsewhere, _ = make_invitation(other, "A")
    test_link, _ = make_invitation(survey, "T")
    Invitation.all_objects.filter(pk=test_link.pk).update(is_test=True)
    mark_answered(answered, elsewhere, test_link)
    stop_reminders_on_page(opted)

    assert receipts.answered_invitation_ids(survey.pk) == {answered.pk}
    progress = receipts.survey_progress(survey.pk)
    assert progress.answered == {answered.pk} and progress.opted_out == {opted.pk}
    assert progress.opened == {answered.pk, opted.pk} and progress.started == {answered.pk}
    assert untouched.pk not in progress.opened


def _sent(invitation: Invitation, step: int, sent: bool = True) -> None:
    Message.objects.create(
        invitation=invitation,
        survey=invitation.survey,
        step=step,
        channel="sms",
        day_offset=step * 3,
        due_at=timezone.now(),
        status=MessageStatus.SENT if sent else MessageStatus.SKIPPED,
        sent_at=timezone.now() if sent else None,
    )


def test_answered_waves_are_the_highest_wave_sent_to_each_answered_invitation():
    survey = make_survey()
    after_reminder, after_invitation, waiting, by_hand = (make_invitation(survey, n)[0] for n in "ABCD")
    for step in (0, 1):
        _sent(after_reminder, step)
    _sent(after_reminder, 2, sent=False)  # skipped: not a wave it was sent
    _sent(after_invitation, 0)
    _sent(waiting, 0)
    _sent(waiting, 1)
    mark_answered(after_reminder, after_invitation, by_hand)

    assert receipts.answered_waves(survey.pk) == {after_reminder.pk: 1, after_invitation.pk: 0}
    assert receipts.answered_invitation_ids(survey.pk) == {after_reminder.pk, after_invitation.pk, by_hand.pk}
