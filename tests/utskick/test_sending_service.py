"""The sending service: planning, never-send rules, crash safety, window and daylight saving."""

import logging
import os
import signal
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone

from enkat.models import Invitation
from tests.utskick.conftest import TUESDAY_10, make_invitation, make_survey
from utskick import services
from utskick.models import Channel, Message, MessageStatus, SkipReason
from utskick.rendering import render_sms
from utskick.worker import Worker

pytestmark = pytest.mark.django_db


def run_at(moment: datetime, **kwargs) -> services.RunReport:
    with time_machine.travel(moment, tick=False):
        return services.run_due(**kwargs)


def test_the_plan_is_copied_onto_each_invitation_with_sms_and_email_days(survey):
    sms = make_invitation(survey)
    email = make_invitation(survey, mobile="", email="kund@example.se")
    with time_machine.travel(TUESDAY_10, tick=False):
        services.plan_invitations(survey, timezone.now())
    assert list(sms.messages.order_by("step").values_list("channel", "day_offset")) == [
        ("sms", 0),
        ("sms", 3),
        ("sms", 7),
        ("sms", 12),
    ]
    assert list(email.messages.order_by("step").values_list("channel", "day_offset")) == [
        ("email", 0),
        ("email", 4),
        ("email", 10),
    ]


def test_a_later_edit_of_the_plan_does_not_change_planned_messages(survey):
    invitation = make_invitation(survey)
    run_at(TUESDAY_10)
    plan = services.plan_for(survey)
    plan.sms_reminder_days = [1, 2]
    plan.save()
    run_at(TUESDAY_10 + timedelta(hours=1))
    assert list(invitation.messages.values_list("day_offset", flat=True).order_by("step")) == [0, 3, 7, 12]


def test_the_channel_preference_can_choose_email_first(survey):
    plan = services.plan_for(survey)
    plan.channel_preference = "email_first"
    plan.save()
    invitation = make_invitation(survey, email="kund@example.se")
    run_at(TUESDAY_10)
    assert set(invitation.messages.values_list("channel", flat=True)) == {Channel.EMAIL}


def test_the_invitation_is_sent_once_and_a_second_run_sends_nothing(survey, sms_outbox):
    invitation = make_invitation(survey)
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
            make_invitation(survey, provider_name="" if number % 2 else "Arbetsbron AB", provider=provider)
        with time_machine.travel(TUESDAY_10, tick=False):
            services.prepare(timezone.now())
            with CaptureQueriesContext(connection) as queries:
                assert services.run_due().sent == invitations
        return len(queries)

    few, more = statements(3), statements(9)
    per_message = 1 if connection.vendor == "postgresql" else 2  # the outcome rides on the next attempt
    assert more - few <= 6 * per_message
    assert sum("Jobbvägen AB" in m.body for m in sms_outbox) == 1 + 4  # every other one names the provider row


def test_reminders_go_out_on_their_days_to_those_who_have_not_answered(survey, sms_outbox):
    waiting = make_invitation(survey)
    answering = make_invitation(survey)
    run_at(TUESDAY_10)
    Invitation.objects.filter(pk=answering.pk).update(answered_at=TUESDAY_10 + timedelta(days=1))
    run_at(TUESDAY_10 + timedelta(days=2))
    assert len(sms_outbox) == 2
    run_at(TUESDAY_10 + timedelta(days=3))
    assert [m.to for m in sms_outbox[2:]] == [waiting.mobile]
    assert answering.messages.get(step=1).skip_reason == SkipReason.ANSWERED
    assert sms_outbox[2].body == render_sms(waiting, 1) != sms_outbox[0].body


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"answered_at": TUESDAY_10}, SkipReason.ANSWERED),
        ({"opted_out_at": TUESDAY_10}, SkipReason.OPTED_OUT),
        ({"mobile_undeliverable": True}, SkipReason.UNDELIVERABLE),
    ],
)
def test_the_never_send_rules_are_checked_at_send_time(survey, sms_outbox, change, reason):
    invitation = make_invitation(survey)
    with time_machine.travel(TUESDAY_10, tick=False):
        services.plan_invitations(survey, timezone.now())
        [message] = services.claim_batch([survey.pk], timezone.now(), 10, "test:1")[:1]
        # The customer answers (or opts out) after the row was claimed, before it is sent.
        Invitation.objects.filter(pk=invitation.pk).update(**change)
        window = services.sendable_surveys(timezone.now())[survey.pk]
        outcome = services.send_message(message, services.get_sms_backend(), None, window)
    assert outcome.status == MessageStatus.SKIPPED and outcome.skip_reason == reason
    assert sms_outbox == []


def test_a_survey_closed_meanwhile_sends_nothing(survey, sms_outbox):
    make_invitation(survey)
    with time_machine.travel(TUESDAY_10, tick=False):
        services.plan_invitations(survey, timezone.now())
        window = services.sendable_surveys(timezone.now())[survey.pk]
        [message] = services.claim_batch([survey.pk], timezone.now(), 10, "test:1")[:1]
        survey.state = "closed"
        survey.save()
        outcome = services.send_message(message, services.get_sms_backend(), None, window)
    assert outcome.skip_reason == SkipReason.CLOSED
    assert sms_outbox == []


def test_pending_messages_of_a_closed_survey_are_marked_not_sent(survey, sms_outbox):
    make_invitation(survey)
    run_at(TUESDAY_10)
    run_at(survey.closes_at + timedelta(hours=1))
    assert Message.objects.filter(status=MessageStatus.PENDING).count() == 0
    assert Message.objects.filter(skip_reason=SkipReason.CLOSED).count() == 3
    assert len(sms_outbox) == 1


def test_a_message_whose_worker_died_after_attempting_is_uncertain_and_never_resent(survey, sms_outbox):
    invitation = make_invitation(survey)
    with time_machine.travel(TUESDAY_10, tick=False):
        services.plan_invitations(survey, timezone.now())
    # A worker on this machine claimed the invitation, recorded the attempt, then died.
    dead = f"{services.socket.gethostname()}:999999:abcd"
    invitation.messages.filter(step=0).update(status=MessageStatus.ATTEMPTING, claimed_by=dead)
    run_at(TUESDAY_10 + timedelta(minutes=1))
    assert invitation.messages.get(step=0).status == MessageStatus.UNCERTAIN
    assert sms_outbox == []
    # The next reminder still goes out.
    run_at(TUESDAY_10 + timedelta(days=3))
    assert invitation.messages.get(step=1).status == MessageStatus.SENT
    assert len(sms_outbox) == 1


def test_a_claimed_but_never_attempted_message_is_given_back_and_sent(survey, sms_outbox):
    invitation = make_invitation(survey)
    with time_machine.travel(TUESDAY_10, tick=False):
        services.plan_invitations(survey, timezone.now())
    invitation.messages.filter(step=0).update(
        status=MessageStatus.CLAIMED, claimed_by=f"{services.socket.gethostname()}:999999:abcd"
    )
    run_at(TUESDAY_10 + timedelta(minutes=1))
    assert invitation.messages.get(step=0).status == MessageStatus.SENT
    assert len(sms_outbox) == 1


def test_a_live_workers_claim_is_left_alone_until_its_lease_ends(survey, sms_outbox, settings):
    invitation = make_invitation(survey)
    with time_machine.travel(TUESDAY_10, tick=False):
        services.plan_invitations(survey, timezone.now())
    invitation.messages.filter(step=0).update(
        status=MessageStatus.ATTEMPTING, claimed_by="other-host:1:x", claimed_at=TUESDAY_10
    )
    run_at(TUESDAY_10 + timedelta(minutes=1))
    assert invitation.messages.get(step=0).status == MessageStatus.ATTEMPTING
    run_at(TUESDAY_10 + timedelta(seconds=settings.UTSKICK_CLAIM_LEASE_SECONDS + 60))
    assert invitation.messages.get(step=0).status == MessageStatus.UNCERTAIN
    assert sms_outbox == []


def test_two_claims_never_get_the_same_row(survey):
    for _ in range(5):
        make_invitation(survey)
    with time_machine.travel(TUESDAY_10, tick=False):
        services.plan_invitations(survey, timezone.now())
        first = services.claim_batch([survey.pk], timezone.now(), 3, "a:1")
        second = services.claim_batch([survey.pk], timezone.now(), 10, "b:2")
    assert len(first) == 3 and len(second) == 2
    assert not {m.pk for m in first} & {m.pk for m in second}


def test_a_paused_survey_sends_nothing_until_resumed(survey, sms_outbox):
    make_invitation(survey)
    services.set_paused(survey, True)
    run_at(TUESDAY_10)
    assert sms_outbox == []
    services.set_paused(survey, False)
    run_at(TUESDAY_10 + timedelta(minutes=1))
    assert len(sms_outbox) == 1


def test_a_message_due_on_saturday_waits_until_monday_at_nine(sms_outbox):
    saturday = datetime(2026, 2, 7, 11, 0, tzinfo=UTC)  # 12:00 in Stockholm
    survey = make_survey(opens_at=saturday)
    make_invitation(survey)
    run_at(saturday)
    assert sms_outbox == []
    [due] = Message.objects.filter(step=0).values_list("due_at", flat=True)
    assert due == datetime(2026, 2, 9, 8, 0, tzinfo=UTC)  # Monday 09:00 CET
    run_at(datetime(2026, 2, 9, 7, 59, tzinfo=UTC))
    assert sms_outbox == []
    run_at(datetime(2026, 2, 9, 8, 0, tzinfo=UTC))
    assert len(sms_outbox) == 1


def test_a_reminder_across_the_spring_change_keeps_its_local_time():
    friday = datetime(2026, 3, 27, 9, 30, tzinfo=UTC)  # 10:30 CET; clocks go forward on Sunday 29 March
    survey = make_survey(opens_at=friday)
    make_invitation(survey)
    run_at(friday)
    reminder = Message.objects.get(step=1)
    assert reminder.due_at == datetime(2026, 3, 30, 8, 30, tzinfo=UTC)  # Monday 10:30 CEST


def test_the_window_follows_summer_time_after_the_spring_change(sms_outbox):
    survey = make_survey(opens_at=datetime(2026, 3, 30, 5, 0, tzinfo=UTC))
    make_invitation(survey)
    run_at(datetime(2026, 3, 30, 6, 30, tzinfo=UTC))  # 08:30 CEST: still closed (07:30 in winter time)
    assert sms_outbox == []
    run_at(datetime(2026, 3, 30, 7, 0, tzinfo=UTC))  # 09:00 CEST
    assert len(sms_outbox) == 1


def test_the_window_closes_at_seven_in_the_evening_after_the_autumn_change(sms_outbox):
    survey = make_survey(opens_at=datetime(2026, 10, 26, 8, 0, tzinfo=UTC))
    make_invitation(survey)
    run_at(datetime(2026, 10, 26, 18, 0, tzinfo=UTC))  # 19:00 CET: closed (20:00 in summer time)
    assert sms_outbox == []
    run_at(datetime(2026, 10, 27, 8, 0, tzinfo=UTC))  # Tuesday 09:00 CET
    assert len(sms_outbox) == 1


def test_a_reminder_that_falls_on_the_autumn_sunday_waits_for_monday_morning():
    thursday = datetime(2026, 10, 22, 16, 30, tzinfo=UTC)  # 18:30 CEST; clocks go back on Sunday 25 October
    survey = make_survey(opens_at=thursday)
    make_invitation(survey)
    run_at(thursday)
    reminder = Message.objects.get(step=1)
    assert reminder.due_at == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)  # Monday 09:00 CET


def test_an_sms_carries_a_validity_period_that_ends_when_the_window_closes(fake_twilio):
    evening = datetime(2026, 2, 3, 17, 0, tzinfo=UTC)  # 18:00 in Stockholm
    survey = make_survey(opens_at=evening)
    make_invitation(survey)
    run_at(evening)
    [received] = fake_twilio.received
    assert received.params["ValidityPeriod"] == "3600"
    assert received.params["StatusCallback"].endswith("/utskick/twilio/status/")


def test_a_permanent_twilio_error_marks_the_number_undeliverable_and_stops_reminders(survey, fake_twilio):
    invitation = make_invitation(survey)
    fake_twilio.script(invitation.mobile, [21211])
    report = run_at(TUESDAY_10)
    invitation.refresh_from_db()
    assert report.failed == 1 and invitation.mobile_undeliverable
    assert invitation.messages.get(step=0).error_code == "21211"
    run_at(TUESDAY_10 + timedelta(days=3))
    assert invitation.messages.get(step=1).skip_reason == SkipReason.UNDELIVERABLE
    assert len(fake_twilio.received) == 1


def test_a_busy_twilio_is_retried_and_the_message_recorded_as_queued(survey, fake_twilio):
    invitation = make_invitation(survey)
    fake_twilio.script(invitation.mobile, [429, 500])
    run_at(TUESDAY_10)
    message = invitation.messages.get(step=0)
    assert message.status == MessageStatus.QUEUED and message.provider_id.startswith("SM")
    assert len(fake_twilio.accepted()) == 1


def test_a_twilio_timeout_leaves_the_message_uncertain(survey, fake_twilio, settings):
    invitation = make_invitation(survey)
    settings.TWILIO_TIMEOUT = 0.2
    fake_twilio.state.delay_seconds = 0.5
    run_at(TUESDAY_10)
    assert invitation.messages.get(step=0).status == MessageStatus.UNCERTAIN


def test_email_is_multipart_in_the_customers_language(survey, email_locmem):
    make_invitation(survey, mobile="", email="kund@example.se", language="en")
    make_invitation(survey, mobile="", email="kund2@example.se", language="ar")
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


def test_the_rate_limit_spaces_messages(survey, sms_outbox, settings):
    settings.SMS_RATE_PER_SECOND = 20
    for _ in range(6):
        make_invitation(survey)
    with time_machine.travel(TUESDAY_10, tick=True):
        started = time.monotonic()
        services.run_due()
        elapsed = time.monotonic() - started
    assert len(sms_outbox) == 6
    assert elapsed >= 5 / 20


def test_logs_hold_neither_full_numbers_nor_tokens(survey, fake_twilio, caplog):
    invitation = make_invitation(survey, mobile="+46701234512")
    fake_twilio.script(invitation.mobile, [21614])
    other = make_invitation(survey)
    caplog.set_level(logging.DEBUG)
    run_at(TUESDAY_10)
    text = caplog.text
    assert "+46 70*** **12" in text
    assert "+46701234512" not in text and other.mobile not in text
    from enkat.tokens import token_for_nonce

    assert token_for_nonce(invitation.token_nonce) not in text and token_for_nonce(other.token_nonce) not in text


@pytest.mark.django_db(transaction=True)
def test_the_loop_stops_cleanly_on_sigterm(survey, sms_outbox):
    make_invitation(survey)
    worker = Worker(interval=0.05)
    previous = signal.getsignal(signal.SIGTERM)
    worker.install_signal_handlers()
    try:
        with time_machine.travel(TUESDAY_10, tick=True):
            thread = threading.Thread(target=lambda: (worker.run_forever(), connection.close()))
            thread.start()
            deadline = time.monotonic() + 5
            while not sms_outbox and time.monotonic() < deadline:
                time.sleep(0.02)
            os.kill(os.getpid(), signal.SIGTERM)
            thread.join(5)
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, signal.default_int_handler)
    assert not thread.is_alive()
    assert len(sms_outbox) == 1


def test_after_a_long_pause_only_the_latest_due_reminder_goes_out(survey, sms_outbox):
    make_invitation(survey)
    run_at(TUESDAY_10)
    assert len(sms_outbox) == 1  # the invitation
    services.set_paused(survey, True)
    run_at(TUESDAY_10 + timedelta(days=4))
    assert len(sms_outbox) == 1  # paused
    services.set_paused(survey, False)
    # Day 8: the SMS reminders of days 3 and 7 are both due.
    run_at(TUESDAY_10 + timedelta(days=8))
    assert len(sms_outbox) == 2
    skipped = Message.objects.get(step=1)
    assert (skipped.status, skipped.skip_reason) == ("skipped", "superseded")
    assert Message.objects.get(step=2).status in ("sent", "queued")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_only_the_outcome_skips_waiting_for_the_disk_and_the_session_stays_durable(survey, fake_twilio):
    invitation = make_invitation(survey)
    run_at(TUESDAY_10)
    assert invitation.messages.get(step=0).status == MessageStatus.QUEUED
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        # The next message's attempt, on this same connection, is committed durably.
        assert cursor.fetchone()[0] == "on"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_sending_threads_send_each_message_once_and_record_every_outcome(survey, fake_twilio):
    invitations = [make_invitation(survey) for _ in range(40)]
    fake_twilio.script(invitations[0].mobile, [21211])
    report = run_at(TUESDAY_10, threads=4)
    assert (report.sent, report.failed) == (39, 1)
    assert sorted(item.to for item in fake_twilio.received) == sorted(i.mobile for i in invitations)
    statuses = Message.objects.filter(step=0).values_list("status", "provider_id")
    assert sorted(status for status, _ in statuses) == ["failed"] + ["queued"] * 39
    assert all(provider_id.startswith("SM") for status, provider_id in statuses if status == "queued")
    assert len({provider_id for _, provider_id in statuses}) == 40  # the empty one of the failed message


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_stopping_sending_threads_gives_back_what_was_not_attempted(survey, fake_twilio, settings):
    settings.UTSKICK_BATCH_SIZE = 50
    for _ in range(50):
        make_invitation(survey)
    fake_twilio.state.delay_seconds = 0.02
    stop = threading.Event()

    def run() -> None:
        try:
            services.run_due(stop=stop, threads=3)
        finally:
            connection.close()  # this thread's own connection, for the claims

    with time_machine.travel(TUESDAY_10, tick=True):
        thread = threading.Thread(target=run)
        thread.start()
        deadline = time.monotonic() + 10
        while len(fake_twilio.received) < 5 and time.monotonic() < deadline:
            time.sleep(0.005)
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    statuses = list(Message.objects.filter(step=0).values_list("status", flat=True))
    sent = statuses.count(MessageStatus.QUEUED)
    assert 5 <= sent < 50 and len(fake_twilio.received) == sent
    assert statuses.count(MessageStatus.PENDING) == 50 - sent  # given back, sent by the next run
