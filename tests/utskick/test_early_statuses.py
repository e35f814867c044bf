"""A delivery status that arrives before the message's outcome is kept, then applied."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from enkat.models import Invitation
from tests.factories import TUESDAY_10, sending_invitation
from tests.utskick.test_webhooks import post_signed
from utskick import backends, callbacks, claiming, plans, runloop, sending
from utskick.models import EarlyStatus, Message, MessageStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _twilio_settings(settings):
    settings.TWILIO_AUTH_TOKEN = "fake-auth-token-for-tests"
    settings.TWILIO_ACCOUNT_SID = "AC" + "0" * 32
    settings.SITE_URL = "https://enkat.nacka.se"


def _send_without_writing_the_outcome(survey):
    """What the worker does with the rate limit off: the outcome waits for the next attempt."""
    invitation = sending_invitation(survey)
    with time_machine.travel(TUESDAY_10, tick=False):
        plans.plan_invitations(survey, timezone.now())
        [message] = claiming.claim_batch([survey.pk], timezone.now(), 1, "test:1")
        window = plans.sendable_surveys(timezone.now())[survey.pk]
        sender = sending.MessageSender(backends.get_sms_backend(), None)
        sender.send(message, window)
    sid = sender.pending[1]  # the provider's id, as the outcome statement will write it
    return invitation, message, sender, sid


def test_a_status_before_the_outcome_is_kept_and_applied_when_the_round_ends(client, survey, sms_outbox):
    _invitation, message, sender, sid = _send_without_writing_the_outcome(survey)
    response = post_signed(client, "utskick:twilio_status", {"MessageSid": sid, "MessageStatus": "delivered"})
    assert response.status_code == 204
    assert Message.objects.get(pk=message.pk).status == MessageStatus.ATTEMPTING
    assert EarlyStatus.objects.get(provider_id=sid).status == MessageStatus.DELIVERED

    sender.flush()  # the outcome: "sent", with the provider's id
    assert Message.objects.get(pk=message.pk).status == MessageStatus.SENT
    with time_machine.travel(TUESDAY_10 + timedelta(minutes=5), tick=False):  # before the survey's erasure
        runloop.run_due()  # nothing is due; the round ends by applying kept statuses
    assert Message.objects.get(pk=message.pk).status == MessageStatus.DELIVERED
    assert not EarlyStatus.objects.exists()


def test_early_statuses_keep_the_furthest_one_and_a_permanent_error_marks_the_number(client, survey, sms_outbox):
    invitation, message, sender, sid = _send_without_writing_the_outcome(survey)
    failed = {"MessageSid": sid, "MessageStatus": "undelivered", "ErrorCode": "30005"}
    post_signed(client, "utskick:twilio_status", failed)
    post_signed(client, "utskick:twilio_status", {"MessageSid": sid, "MessageStatus": "sent"})
    assert EarlyStatus.objects.get(provider_id=sid).status == MessageStatus.UNDELIVERED

    sender.flush()
    assert callbacks.apply_early_statuses(timezone.now()) == 1
    message.refresh_from_db()
    assert (message.status, message.error_code) == (MessageStatus.UNDELIVERED, "30005")
    assert Invitation.objects.get(pk=invitation.pk).mobile_undeliverable


def test_a_status_already_passed_by_the_outcome_is_dropped_without_moving_it_back(client, survey, sms_outbox):
    _invitation, message, sender, sid = _send_without_writing_the_outcome(survey)
    post_signed(client, "utskick:twilio_status", {"MessageSid": sid, "MessageStatus": "queued"})
    sender.flush()
    callbacks.apply_early_statuses(timezone.now())
    assert Message.objects.get(pk=message.pk).status == MessageStatus.SENT
    assert not EarlyStatus.objects.exists()


def test_a_status_for_no_message_of_ours_is_dropped_after_a_day(caplog):
    now = timezone.now()
    callbacks.record_status("SM" + "f" * 32, MessageStatus.DELIVERED, "", now)
    assert callbacks.apply_early_statuses(now + timedelta(hours=23)) == 0
    assert EarlyStatus.objects.count() == 1
    with caplog.at_level(logging.WARNING, logger="utskick.callbacks"):
        callbacks.apply_early_statuses(now + timedelta(days=1, seconds=1))
    assert not EarlyStatus.objects.exists()
    assert "1 delivery statuses" in caplog.text
