"""The sending worker survives a lost database connection, and a web worker's first request after one is served.

On PostgreSQL, with real processes: the backends are killed with pg_terminate_backend, as a
database restart or a failover would.
"""

import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import time as clock
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from tests.factories import sending_invitation, sending_survey
from tests.utskick.fake_twilio import ACCOUNT_SID, AUTH_TOKEN, FakeTwilio
from utskick import plans
from utskick.models import Message, MessageStatus

ROOT = Path(settings.BASE_DIR)
APP_NAME = "kvalitet-worker-under-test"

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _terminate(application_name: str | None = None) -> int:
    """Kill the database backends of the worker (by name), or every other one of this database."""
    with connection.cursor() as cursor:
        if application_name:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = %s",
                [application_name],
            )
        else:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        return cursor.fetchone()[0]


class _SmtpSink:
    """Just enough of an SMTP server for the worker to open a connection (no e-mail is due)."""

    def __init__(self) -> None:
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), self._Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    class _Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            self.wfile.write(b"220 sink\r\n")
            in_data = False
            for line in self.rfile:
                if in_data:
                    if line.rstrip(b"\r\n") == b".":
                        in_data = False
                        self.wfile.write(b"250 ok\r\n")
                    continue
                command = line[:4].upper()
                if command == b"DATA":
                    in_data = True
                    self.wfile.write(b"354 go\r\n")
                elif command == b"QUIT":
                    self.wfile.write(b"221 bye\r\n")
                    return
                else:
                    self.wfile.write(b"250 ok\r\n")


def _due_survey():
    survey = sending_survey(slug="reconnect", opens_at=timezone.now() - timedelta(hours=1))
    plan = plans.plan_for(survey)
    plan.window_weekdays = list(range(7))
    plan.window_start, plan.window_end = clock(0, 0), clock(23, 59, 59, 999999)
    plan.save()
    return survey


def test_the_sending_worker_reconnects_after_its_backend_is_terminated_and_keeps_sending(tmp_path):
    survey = _due_survey()
    fake = FakeTwilio().start()
    smtp = _SmtpSink()
    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    env = {
        **{k: v for k, v in os.environ.items() if k != "DEBUG"},
        # The production set: --loop refuses to start on anything less.
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{host}:{port}/{db['NAME']}",
        "PGAPPNAME": APP_NAME,
        "SECRET_KEY": "reconnect-test-secret-" + "x" * 40,
        "TOKEN_KEY": "reconnect-test-token-key-" + "y" * 40,
        "SITE_URL": "https://enkat.kommun.example",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_USE_TLS": "false",
        "SMS_BACKEND": "utskick.backends.twilio.SmsBackend",
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM": "Kommunen",
        "TWILIO_BASE_URL": fake.base_url,
        "SMS_RATE_PER_SECOND": "0",
        "UTSKICK_LOOP_INTERVAL_SECONDS": "0.2",
        "VAR_DIR": str(tmp_path),
        "LOG_LEVEL": "INFO",
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "send_messages", "--loop"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 90
        while _terminate(APP_NAME) == 0:  # the first kill lands once the worker has connected
            assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the worker never connected"
            time.sleep(0.05)
        # Keep killing it for a while: rounds die mid-way, and reconnects die too.
        until = time.monotonic() + 3
        while time.monotonic() < until:
            _terminate(APP_NAME)
            time.sleep(0.1)
        assert worker.poll() is None, "the worker exited on a lost connection"
        invitation = sending_invitation(survey, mobile="+46701234500")
        plans.plan_invitations(survey, timezone.now())
        deadline = time.monotonic() + 60
        while not any(item.to == invitation.mobile for item in fake.received) and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
            time.sleep(0.1)
        assert any(item.to == invitation.mobile for item in fake.received), "nothing sent after the reconnect"
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            _, stderr = worker.communicate(timeout=60)
        finally:
            worker.kill()
            fake.stop()
            smtp.stop()
    log = stderr.decode()
    assert worker.returncode == 0, log[-2000:]
    assert "database error" in log
    sent = Message.objects.get(invitation=invitation, step=0)
    assert sent.status == MessageStatus.QUEUED


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_first_request_on_a_gunicorn_worker_whose_connection_died_is_served(tmp_path):
    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    bind = f"127.0.0.1:{_free_port()}"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DEBUG"},
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{host}:{port}/{db['NAME']}",
        "PGAPPNAME": APP_NAME + "-web",
        "SECRET_KEY": "reconnect-test-secret-" + "x" * 40,
        "TOKEN_KEY": "reconnect-test-token-key-" + "y" * 40,
        "SITE_URL": "https://enkat.kommun.example",
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "SMS_BACKEND": "utskick.backends.twilio.SmsBackend",
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "STATIC_MANIFEST": "false",
        "LOG_LEVEL": "INFO",
        "VAR_DIR": str(tmp_path),
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "--workers", "1", "--bind", bind, "--timeout", "60"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://{bind}/s/unknown-token-0123456789abcdef012345/"

    def status() -> int:
        try:
            return urllib.request.urlopen(url, timeout=30).status  # noqa: S310 (the test's own server)
        except urllib.error.HTTPError as error:
            return error.code

    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, server.stderr.read().decode()[-2000:]
            try:
                first = status()
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        assert first == 404  # a query ran: the worker's connection is open, and kept (CONN_MAX_AGE)
        assert _terminate(APP_NAME + "-web") == 1
        second = status()
        if second != 404:
            server.send_signal(signal.SIGTERM)
            print(server.communicate(timeout=30)[1].decode()[-3000:])
        assert second == 404  # not a 500: the dead connection is noticed and replaced
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.communicate(timeout=30)
        finally:
            server.kill()
