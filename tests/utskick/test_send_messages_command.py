"""The send_messages command, including two real worker processes on PostgreSQL and a SIGKILL."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from datetime import time as clock
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from enkat.models import Invitation
from enkat.tokens import new_token_pair
from tests.factories import sending_invitation, sending_survey
from tests.utskick.fake_twilio import ACCOUNT_SID, AUTH_TOKEN, FakeTwilio
from utskick import plans
from utskick.models import Message, MessageStatus

ROOT = Path(settings.BASE_DIR)
N_DUE = 2000


@pytest.mark.django_db
def test_send_messages_sends_what_is_due_and_reports(sms_outbox, capsys):
    survey = sending_survey(opens_at=timezone.now() - timedelta(hours=1))
    plan = plans.plan_for(survey)
    plan.window_weekdays = list(range(7))
    plan.window_start, plan.window_end = clock(0, 0), clock(23, 59, 59, 999999)
    plan.save()
    sending_invitation(survey)
    sending_invitation(survey)
    call_command("send_messages")
    assert "2 sent" in capsys.readouterr().out
    assert len(sms_outbox) == 2


def _worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "send_messages"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("threads", [1, 4])
def test_two_workers_and_a_sigkill_never_send_a_message_twice(tmp_path, threads):
    survey = sending_survey(slug="kill-test", opens_at=timezone.now() - timedelta(hours=1))
    plan = plans.plan_for(survey)
    plan.window_weekdays = list(range(7))
    plan.window_start, plan.window_end = clock(0, 0), clock(23, 59, 59, 999999)
    plan.save()
    invitations = []
    for number in range(N_DUE):
        nonce, _token, token_hash = new_token_pair()
        invitations.append(
            Invitation(
                survey=survey,
                customer_id=f"k{number}",
                token_nonce=nonce,
                token_hash=token_hash,
                mobile=f"+46709{number:06d}",
                provider_name="Arbetsbron AB",
            )
        )
    Invitation.objects.bulk_create(invitations)
    plans.plan_invitations(survey, timezone.now())
    assert Message.objects.filter(step=0, due_at__lte=timezone.now()).count() == N_DUE

    fake = FakeTwilio().start()
    fake.state.delay_seconds = 0.002
    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{host}:{port}/{db['NAME']}",
        "SMS_BACKEND": "utskick.backends.twilio.SmsBackend",
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM": "Kommunen",
        "TWILIO_BASE_URL": fake.base_url,
        "SMS_RATE_PER_SECOND": "0",
        "UTSKICK_BATCH_SIZE": "100",
        "UTSKICK_SEND_THREADS": str(threads),
        "VAR_DIR": str(tmp_path),
        "LOG_LEVEL": "WARNING",
    }
    try:
        first, second = _worker(env), _worker(env)
        deadline = time.monotonic() + 60
        while len(fake.received) < N_DUE // 4 and time.monotonic() < deadline:
            time.sleep(0.01)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        killed_prefix = f"{socket.gethostname()}:{first.pid}:"
        left_in_flight = Message.objects.filter(
            claimed_by__startswith=killed_prefix, status__in=[MessageStatus.CLAIMED, MessageStatus.ATTEMPTING]
        ).count()
        # Slow the provider down until the restarted worker has claimed messages of its own, so
        # that it has work however fast the second one is (or slow its start is on a busy machine).
        fake.state.delay_seconds = 0.05
        restarted = _worker(env)
        deadline = time.monotonic() + 60
        while (
            time.monotonic() < deadline
            and not Message.objects.filter(claimed_by__startswith=f"{socket.gethostname()}:{restarted.pid}:").exists()
        ):
            time.sleep(0.05)
        fake.state.delay_seconds = 0.002
        for process in (second, restarted):
            _, stderr = process.communicate(timeout=120)
            assert process.returncode == 0, stderr.decode()[-2000:]
    finally:
        fake.stop()

    assert left_in_flight > 0, "the kill should land in the middle of a batch"
    accepted = Counter(item.to for item in fake.received if item.answered == 201)
    assert max(accepted.values()) == 1, "a customer got the same message twice"
    statuses = dict(Message.objects.filter(step=0).values_list("invitation__mobile", "status"))
    assert len(statuses) == N_DUE
    for mobile, status in statuses.items():
        if status == MessageStatus.QUEUED:
            assert accepted[mobile] == 1
        else:
            assert status == MessageStatus.UNCERTAIN, (mobile, status)
    uncertain = sum(1 for status in statuses.values() if status == MessageStatus.UNCERTAIN)
    assert uncertain <= threads  # only the messages in a provider call (one per thread) when the worker died
    workers = {claimer.split(":")[1] for claimer in Message.objects.filter(step=0).values_list("claimed_by", flat=True)}
    assert len(workers) == 3  # both original workers and the restarted one sent


@pytest.mark.django_db
def test_send_messages_takes_a_number_of_sending_threads():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_messages", "--threads", "0")
