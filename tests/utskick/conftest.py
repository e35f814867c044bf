"""Set-ups for the sending tests: surveys, invitations and a fake Twilio server."""

import pytest

from enkat.models import Survey
from tests.factories import sending_survey
from tests.utskick.fake_twilio import ACCOUNT_SID, AUTH_TOKEN, FakeTwilio
from utskick.backends import locmem


@pytest.fixture
def survey(db) -> Survey:
    return sending_survey()


@pytest.fixture
def sms_outbox(settings) -> list:
    settings.SMS_BACKEND = "utskick.backends.locmem.SmsBackend"
    settings.SMS_RATE_PER_SECOND = 0
    locmem.outbox.clear()
    yield locmem.outbox
    locmem.outbox.clear()


@pytest.fixture
def email_locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def fake_twilio(settings):
    server = FakeTwilio().start()
    settings.SMS_BACKEND = "utskick.backends.twilio.SmsBackend"
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_API_KEY_SID = ""
    settings.TWILIO_API_KEY_SECRET = ""
    settings.TWILIO_MESSAGING_SERVICE_SID = ""
    settings.TWILIO_FROM = "Kommunen"
    settings.TWILIO_BASE_URL = server.base_url
    settings.TWILIO_BACKOFF_SECONDS = 0.001
    settings.TWILIO_TIMEOUT = 2.0
    settings.SMS_RATE_PER_SECOND = 0
    yield server
    server.stop()
