"""The run loop: rate limit, stopping on SIGTERM, and sending threads."""

import os
import signal
import threading
import time
from datetime import datetime

import pytest
import time_machine
from django.db import connection

from tests.factories import TUESDAY_10, sending_invitation
from utskick import runloop
from utskick.models import Message, MessageStatus
from utskick.worker import Worker

pytestmark = pytest.mark.django_db


def run_at(moment: datetime, **kwargs) -> runloop.RunReport:
    with time_machine.travel(moment, tick=False):
        return runloop.run_due(**kwargs)


def test_the_rate_limit_spaces_messages(survey, sms_outbox, settings):
    settings.SMS_RATE_PER_SECOND = 20
    for _ in range(6):
        sending_invitation(survey)
    with time_machine.travel(TUESDAY_10, tick=True):
        started = time.monotonic()
        runloop.run_due()
        elapsed = time.monotonic() - started
    assert len(sms_outbox) == 6
    assert elapsed >= 5 / 20


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_loop_stops_cleanly_on_sigterm(survey, sms_outbox):
    sending_invitation(survey)
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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sending_threads_send_each_message_once_and_record_every_outcome(survey, fake_twilio):
    invitations = [sending_invitation(survey) for _ in range(40)]
    fake_twilio.script(invitations[0].mobile, [21211])
    report = run_at(TUESDAY_10, threads=4)
    assert (report.sent, report.failed) == (39, 1)
    assert sorted(item.to for item in fake_twilio.received) == sorted(i.mobile for i in invitations)
    statuses = Message.objects.filter(step=0).values_list("status", "provider_id")
    assert sorted(status for status, _ in statuses) == ["failed"] + ["queued"] * 39
    assert all(provider_id.startswith("SM") for status, provider_id in statuses if status == "queued")
    assert len({provider_id for _, provider_id in statuses}) == 40  # the empty one of the failed message


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_stopping_sending_threads_gives_back_what_was_not_attempted(survey, fake_twilio, settings):
    settings.UTSKICK_BATCH_SIZE = 50
    for _ in range(50):
        sending_invitation(survey)
    fake_twilio.state.delay_seconds = 0.02
    stop = threading.Event()

    def run() -> None:
        try:
            runloop.run_due(stop=stop, threads=3)
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
