import base64
import io
import smtplib
from pathlib import Path

import pytest
from django.core.mail import EmailMessage

from utskick.backends import SmsMessage, TransportError, get_sms_backend
from utskick.backends.console import SmsBackend as ConsoleBackend
from utskick.backends.email import send_email

TO = "+46701234512"
BODY = "Tyck till: https://enkat.nacka.se/s/AbCdEfGhIjKlMnOpQrStUvWxYz012345/"


def _auth_user(received) -> str:
    return base64.b64decode(received.authorization.split()[1]).decode().split(":")[0]


def test_the_default_backend_writes_one_file_per_message_with_recipient_sender_and_body(settings, tmp_path):
    settings.SMS_BACKEND = "utskick.backends.file.SmsBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms")
    backend = get_sms_backend()
    backend.send(SmsMessage(to=TO, body=BODY, sender="Kommunen"))
    backend.send(SmsMessage(to=TO, body="Two", sender="Kommunen"))
    files = sorted(Path(settings.SMS_FILE_PATH).iterdir())
    assert len(files) == 2
    text = "".join(path.read_text() for path in files)
    assert f"To: {TO}" in text and "From: Kommunen" in text and BODY in text


def test_the_locmem_backend_keeps_messages_in_a_list(sms_outbox):
    get_sms_backend().send(SmsMessage(to=TO, body="Hej"))
    assert [(m.to, m.body) for m in sms_outbox] == [(TO, "Hej")]


def test_the_console_backend_masks_the_number_and_hides_the_token():
    stream = io.StringIO()
    ConsoleBackend(stream=stream).send(SmsMessage(to=TO, body=BODY, sender="Kommunen"))
    output = stream.getvalue()
    assert "+46 70*** **12" in output
    assert TO not in output and "AbCdEfGhIjKlMnOpQrStUvWxYz012345" not in output


def test_twilio_sends_through_the_real_client_with_sender_validity_and_callback(fake_twilio, settings):
    backend = get_sms_backend()
    result = backend.send(
        SmsMessage(to=TO, body=BODY, sender="Kommunen", validity_period=3600, status_callback="https://x.se/cb/")
    )
    [received] = fake_twilio.received
    assert result.provider_id.startswith("SM") and result.status == "queued"
    assert received.to == TO and received.body == BODY
    assert received.params["From"] == "Kommunen"
    assert received.params["ValidityPeriod"] == "3600"
    assert received.params["StatusCallback"] == "https://x.se/cb/"
    assert _auth_user(received) == settings.TWILIO_ACCOUNT_SID


def test_twilio_uses_the_messaging_service_and_an_api_key_when_configured(fake_twilio, settings):
    settings.TWILIO_MESSAGING_SERVICE_SID = "MG" + "1" * 32
    settings.TWILIO_API_KEY_SID = "SK" + "2" * 32
    settings.TWILIO_API_KEY_SECRET = "secret"
    get_sms_backend().send(SmsMessage(to=TO, body="Hej"))
    [received] = fake_twilio.received
    assert received.params["MessagingServiceSid"] == settings.TWILIO_MESSAGING_SERVICE_SID
    assert "From" not in received.params
    assert _auth_user(received) == settings.TWILIO_API_KEY_SID


def test_twilio_retries_429_and_500_then_succeeds(fake_twilio):
    fake_twilio.script(TO, [429, 500, "ok"])
    result = get_sms_backend().send(SmsMessage(to=TO, body="Hej"))
    assert [r.answered for r in fake_twilio.received] == [429, 500, 201]
    assert result.provider_id


def test_twilio_gives_up_after_a_bounded_number_of_attempts(fake_twilio, settings):
    settings.TWILIO_MAX_ATTEMPTS = 3
    fake_twilio.script(TO, [503] * 10)
    with pytest.raises(TransportError) as caught:
        get_sms_backend().send(SmsMessage(to=TO, body="Hej"))
    assert len(fake_twilio.received) == 3
    assert not caught.value.permanent and not caught.value.uncertain


def test_twilio_backs_off_exponentially(fake_twilio, settings, monkeypatch):
    settings.TWILIO_BACKOFF_SECONDS = 0.5
    sleeps = []
    monkeypatch.setattr("utskick.backends.twilio.time.sleep", sleeps.append)
    fake_twilio.script(TO, [429, 429, 429, "ok"])
    get_sms_backend().send(SmsMessage(to=TO, body="Hej"))
    assert sleeps == [0.5, 1.0, 2.0]


@pytest.mark.parametrize("code", [21211, 21614, 21610])
def test_twilio_permanent_errors_are_not_retried_and_say_permanent(fake_twilio, code):
    fake_twilio.script(TO, [code])
    with pytest.raises(TransportError) as caught:
        get_sms_backend().send(SmsMessage(to=TO, body="Hej"))
    assert caught.value.permanent and caught.value.code == str(code)
    assert len(fake_twilio.received) == 1


def test_a_refused_connection_is_retried_then_fails_without_being_uncertain(fake_twilio, settings):
    fake_twilio.stop()
    settings.TWILIO_MAX_ATTEMPTS = 2
    with pytest.raises(TransportError) as caught:
        get_sms_backend().send(SmsMessage(to=TO, body="Hej"))
    assert not caught.value.uncertain


def test_a_read_timeout_is_uncertain_and_not_retried(fake_twilio, settings):
    settings.TWILIO_TIMEOUT = 0.2
    fake_twilio.state.delay_seconds = 0.6
    with pytest.raises(TransportError) as caught:
        get_sms_backend().send(SmsMessage(to=TO, body="Hej"))
    assert caught.value.uncertain
    assert len(fake_twilio.received) <= 1


def test_a_connection_lost_after_the_request_went_out_is_uncertain_and_not_retried(fake_twilio):
    fake_twilio.script(TO, ["drop", "ok"])
    with pytest.raises(TransportError) as caught:
        get_sms_backend().send(SmsMessage(to=TO, body="Hej"))
    assert caught.value.uncertain and not caught.value.permanent
    assert len(fake_twilio.received) == 1


def test_the_twilio_backend_keeps_one_connection_for_many_messages(fake_twilio):
    backend = get_sms_backend()
    for number in range(5):
        backend.send(SmsMessage(to=f"+4670123450{number}", body="Hej"))
    assert len(fake_twilio.accepted()) == 5
    assert fake_twilio.state.connections == 1
    backend.close()
    backend.send(SmsMessage(to=TO, body="Hej"))
    assert fake_twilio.state.connections == 2


def test_the_twilio_client_goes_through_the_proxy_the_environment_names(fake_twilio, settings, monkeypatch):
    import urllib3

    from utskick.backends.twilio import make_client

    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.kommun.se:3128")
    settings.TWILIO_BASE_URL = ""
    pool = make_client().http_client.pool
    assert isinstance(pool, urllib3.ProxyManager) and pool.proxy.host == "proxy.kommun.se"
    settings.TWILIO_BASE_URL = fake_twilio.base_url  # plain http: HTTPS_PROXY does not apply
    assert not isinstance(make_client().http_client.pool, urllib3.ProxyManager)


class _FailingConnection:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def send_messages(self, messages):
        raise self.error


@pytest.mark.parametrize(
    ("error", "permanent", "code"),
    [
        (smtplib.SMTPRecipientsRefused({"kund@example.se": (550, b"no such user")}), True, "refused"),
        (smtplib.SMTPServerDisconnected("gone"), False, "SMTPServerDisconnect"),
        (ConnectionRefusedError(), False, "ConnectionRefusedErr"),
    ],
)
def test_email_failures_raise_the_same_transport_error_as_sms(error, permanent, code):
    email = EmailMessage("Enkät", "Hej", "kommunen@example.se", ["kund@example.se"])
    with pytest.raises(TransportError) as raised:
        send_email(email, _FailingConnection(error))
    assert (raised.value.permanent, raised.value.uncertain, raised.value.code) == (permanent, False, code)
