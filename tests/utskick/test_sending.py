"""Sending one message: once only, the never-send rules at send time, the providers' errors, logs."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone

from enkat import receipts
from enkat.answering import set_language
from enkat.models import Invitation
from tests.factories import TUESDAY_10, mark_answered, sending_invitation, sending_survey, stop_reminders_on_page
from utskick import backends, claiming, plans, runloop, sending
from utskick.models import Message, MessageStatus, SkipReason
from utskick.rendering import render_sms

pytestmark = pytest.mark.django_db


def run_at(moment: datetime, **kwargs) -> runloop.RunReport:
    with time_machine.travel(moment, tick=False):
        return runloop.run_due(**kwargs)


def test_the_invitation_is_sent_once_and_a_second_run_sends_nothing(survey, sms_outbox):
    invitation = sending_invitation(survey)
    first = run_at(TUESDAY_10)
    second = run_at(TUESDAY_10 + timedelta(minutes=5))
    assert (first.sent, second.sent) == (1, 0)
    assert [m.to for m in sms_outbox] == [invitation.mobile]
    assert invitation.messages.get(step=0).status == MessageStatus.SENT


def test_each_more_message_costs_a_fixed_number_of_statements_whatever_the_provider(survey, sms_outbox):
    """The claim loads what sending reads: no message reads its invitation or provider again."""
    from django.test.utils import CaptureQueriesContext

    from register.models import Provider

    provider = Provider.objects.create(name="Jobbvägen AB")

    def statements(invitations: int) -> int:
        Message.objects.all().delete()
        Invitation.objects.all().delete()
        for number in range(invitations):
            sending_invitation(survey, provider_name="" if number % 2 else "Arbetsbron AB", provider=provider)
        with time_machine.travel(TUESDAY_10, tick=False):
            plans.prepare(timezone.now())
            with CaptureQueriesContext(connection) as queries:
                assert runloop.run_due().sent == invitations
        return len(queries)

    few, more = statements(3), statements(9)
    per_message = 1 if connection.vendor == "postgresql" else 2  # the outcome rides on the next attempt
    assert more - few <= 6 * per_message
    assert sum("Jobbvägen AB" in m.body for m in sms_outbox) == 1 + 4  # every other one names the provider row


def test_reminders_go_out_on_their_days_to_those_who_have_not_answered(survey, sms_outbox):
    waiting = sending_invitation(survey)
    answering = sending_invitation(survey)
    run_at(TUESDAY_10)
    mark_answered(answering)
    run_at(TUESDAY_10 + timedelta(days=2))
    assert len(sms_outbox) == 2
    run_at(TUESDAY_10 + timedelta(days=3))
    assert [m.to for m in sms_outbox[2:]] == [waiting.mobile]
    assert answering.messages.get(step=1).skip_reason == SkipReason.ANSWERED
    assert sms_outbox[2].body == render_sms(waiting, 1) != sms_outbox[0].body


def test_a_reminder_goes_out_in_the_language_the_customer_chose_on_the_survey_page(survey, sms_outbox):
    switching = sending_invitation(survey, language="sv")
    staying = sending_invitation(survey, language="sv")
    run_at(TUESDAY_10)
    set_language(receipts.key_hash(switching.token_hash), survey.pk, "en")  # as the survey page does
    run_at(TUESDAY_10 + timedelta(days=3))
    bodies = {m.to: m.body for m in sms_outbox[2:]}
    swedish = render_sms(switching, 1)
    switching.language = "en"
    assert bodies[switching.mobile] == render_sms(switching, 1) != swedish
    assert bodies[staying.mobile] == render_sms(staying, 1)
    assert Invitation.objects.get(pk=switching.pk).language == "sv"  # kept in the keyed draft, not on the invitation


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("answered", SkipReason.ANSWERED),
        ({"opted_out_at": TUESDAY_10}, SkipReason.OPTED_OUT),
        ("opted out on the page", SkipReason.OPTED_OUT),
        ({"mobile_undeliverable": True}, SkipReason.UNDELIVERABLE),
    ],
)
def test_the_never_send_rules_are_checked_at_send_time(survey, sms_outbox, change, reason):
    invitation = sending_invitation(survey)
    with time_machine.travel(TUESDAY_10, tick=False):
        plans.plan_invitations(survey, timezone.now())
        [message] = claiming.claim_batch([survey.pk], timezone.now(), 10, "test:1")[:1]
        # The customer answers (or opts out) after the row was claimed, before it is sent.
        if change == "answered":
            mark_answered(invitation)
        elif change == "opted out on the page":
            stop_reminders_on_page(invitation)
        else:
            Invitation.objects.filter(pk=invitation.pk).update(**change)
        window = plans.sendable_surveys(timezone.now())[survey.pk]
        outcome = sending.send_message(message, backends.get_sms_backend(), None, window)
    assert outcome.status == MessageStatus.SKIPPED and outcome.skip_reason == reason
    assert sms_outbox == []


def test_a_survey_closed_meanwhile_sends_nothing(survey, sms_outbox):
    sending_invitation(survey)
    with time_machine.travel(TUESDAY_10, tick=False):
        plans.plan_invitations(survey, timezone.now())
        window = plans.sendable_surveys(timezone.now())[survey.pk]
        [message] = claiming.claim_batch([survey.pk], timezone.now(), 10, "test:1")[:1]
        survey.state = "closed"
        survey.save()
        outcome = sending.send_message(message, backends.get_sms_backend(), None, window)
    assert outcome.skip_reason == SkipReason.CLOSED
    assert sms_outbox == []


def test_an_sms_carries_a_validity_period_that_ends_when_the_window_closes(fake_twilio):
    evening = datetime(2026, 2, 3, 17, 0, tzinfo=UTC)  # 18:00 in Stockholm
    survey = sending_survey(opens_at=evening)
    sending_invitation(survey)
    run_at(evening)
    [received] = fake_twilio.received
    assert received.params["ValidityPeriod"] == "3600"
    assert received.params["StatusCallback"].endswith("/utskick/twilio/status/")


def test_a_permanent_twilio_error_marks_the_number_undeliverable_and_stops_reminders(survey, fake_twilio):
    invitation = sending_invitation(survey)
    fake_twilio.script(invitation.mobile, [21211])
    report = run_at(TUESDAY_10)
    invitation.refresh_from_db()
    assert report.failed == 1 and invitation.mobile_undeliverable
    assert invitation.messages.get(step=0).error_code == "21211"
    run_at(TUESDAY_10 + timedelta(days=3))
    assert invitation.messages.get(step=1).skip_reason == SkipReason.UNDELIVERABLE
    assert len(fake_twilio.received) == 1


def test_a_busy_twilio_is_retried_and_the_message_recorded_as_queued(survey, fake_twilio):
    invitation = sending_invitation(survey)
    fake_twilio.script(invitation.mobile, [429, 500])
    run_at(TUESDAY_10)
    message = invitation.messages.get(step=0)
    assert message.status == MessageStatus.QUEUED and message.provider_id.startswith("SM")
    assert len(fake_twilio.accepted()) == 1


def test_a_twilio_timeout_leaves_the_message_uncertain(survey, fake_twilio, settings):
    invitation = sending_invitation(survey)
    settings.TWILIO_TIMEOUT = 0.2
    fake_twilio.state.delay_seconds = 0.5
    run_at(TUESDAY_10)
    assert invitation.messages.get(step=0).status == MessageStatus.UNCERTAIN


def test_email_is_multipart_in_the_customers_language(survey, email_locmem):
    sending_invitation(survey, mobile="", email="kund@example.se", language="en")
    sending_invitation(survey, mobile="", email="kund2@example.se", language="ar")
    run_at(TUESDAY_10)
    arabic, english = sorted(mail.outbox, key=lambda m: m.extra_headers["Content-Language"])
    assert english.subject.startswith("What do you think")
    assert "Arbetsbron AB" in english.body and "/s/" in english.body
    assert "choose to stop reminders" in english.body
    html, mimetype = english.alternatives[0]
    assert "choose to stop reminders" in html
    assert mimetype == "text/html" and 'lang="en"' in html and "/s/" in html
    assert 'dir="rtl"' in arabic.alternatives[0][0]
    assert arabic.subject != english.subject


def test_logs_hold_neither_full_numbers_nor_tokens(survey, fake_twilio, caplog):
    invitation = sending_invitation(survey, mobile="+46701234512")
    fake_twilio.script(invitation.mobile, [21614])
    other = sending_invitation(survey)
    caplog.set_level(logging.DEBUG)
    run_at(TUESDAY_10)
    text = caplog.text
    assert "+46 70*** **12" in text
    assert "+46701234512" not in text and other.mobile not in text
    from enkat.tokens import token_for_nonce

    assert token_for_nonce(invitation.token_nonce) not in text and token_for_nonce(other.token_nonce) not in text


def test_after_a_long_pause_only_the_latest_due_reminder_goes_out(survey, sms_outbox):
    sending_invitation(survey)
    run_at(TUESDAY_10)
    assert len(sms_outbox) == 1  # the invitation
    plans.set_paused(survey, True)
    run_at(TUESDAY_10 + timedelta(days=4))
    assert len(sms_outbox) == 1  # paused
    plans.set_paused(survey, False)
    # Day 8: the SMS reminders of days 3 and 7 are both due.
    run_at(TUESDAY_10 + timedelta(days=8))
    assert len(sms_outbox) == 2
    skipped = Message.objects.get(step=1)
    assert (skipped.status, skipped.skip_reason) == ("skipped", "superseded")
    assert Message.objects.get(step=2).status in ("sent", "queued")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_only_the_outcome_skips_waiting_for_the_disk_and_the_session_stays_durable(survey, fake_twilio):
    invitation = sending_invitation(survey)
    run_at(TUESDAY_10)
    assert invitation.messages.get(step=0).status == MessageStatus.QUEUED
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        # The next message's attempt, on this same connection, is committed durably.
        assert cursor.fetchone()[0] == "on"
