"""Set-ups for the sending tests: surveys, invitations and a fake Twilio server."""

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest

from enkat.models import Invitation, Survey
from enkat.tokens import new_token_pair
from tests.utskick.fake_twilio import ACCOUNT_SID, AUTH_TOKEN, FakeTwilio
from utskick.backends import locmem

# A Tuesday, 10:00 in Stockholm (CET): inside the default sending window.
TUESDAY_10 = datetime(2026, 2, 3, 9, 0, tzinfo=UTC)

_numbers = itertools.count(1)


def make_survey(slug: str = "enkat-2026", opens_at: datetime = TUESDAY_10, days: int = 30, **fields) -> Survey:
    fields.setdefault("state", Survey.State.OPEN)
    return Survey.objects.create(
        name=f"Kundenkät {slug}",
        slug=slug,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        opens_at=opens_at,
        closes_at=opens_at + timedelta(days=days),
        languages=["sv", "en"],
        **fields,
    )


def make_invitation(survey: Survey, mobile: str | None = None, email: str = "", **fields) -> Invitation:
    number = next(_numbers)
    nonce, _token, token_hash = new_token_pair()
    fields.setdefault("provider_name", "Arbetsbron AB")
    fields.setdefault("language", "sv")
    return Invitation.objects.create(
        survey=survey,
        customer_id=f"kund-{number}",
        token_nonce=nonce,
        token_hash=token_hash,
        mobile=f"+4670{number:07d}" if mobile is None else mobile,
        email=email,
        **fields,
    )


@pytest.fixture
def survey(db) -> Survey:
    return make_survey()


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
