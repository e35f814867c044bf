"""Twilio's status callback and inbound SMS, signed as Twilio signs them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from twilio.request_validator import RequestValidator

from enkat.models import Invitation
from tests.factories import sending_invitation
from tests.utskick.fake_twilio import ACCOUNT_SID, AUTH_TOKEN
from utskick.models import Channel, Message, MessageStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _twilio_settings(settings):
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.SITE_URL = "https://enkat.nacka.se"


def post_signed(client, name: str, data: dict, *, signature: str | None = None, **extra):
    path = reverse(name)
    data = {"AccountSid": ACCOUNT_SID, **data}
    if signature is None:
        signature = RequestValidator(AUTH_TOKEN).compute_signature("https://enkat.nacka.se" + path, data)
    return client.post(path, data, HTTP_X_TWILIO_SIGNATURE=signature, **extra)


@pytest.fixture
def sent_message(survey) -> Message:
    invitation = sending_invitation(survey)
    return Message.objects.create(
        invitation=invitation,
        survey=survey,
        step=0,
        channel=Channel.SMS,
        day_offset=0,
        due_at=timezone.now(),
        status=MessageStatus.QUEUED,
        provider_id="SM" + "a" * 32,
        sent_at=timezone.now(),
    )


def test_a_delivery_callback_marks_the_message_delivered(client, sent_message):
    response = post_signed(
        client, "utskick:twilio_status", {"MessageSid": sent_message.provider_id, "MessageStatus": "delivered"}
    )
    sent_message.refresh_from_db()
    assert response.status_code == 204
    assert sent_message.status == MessageStatus.DELIVERED


@pytest.mark.parametrize("status", ["sent", "undelivered", "failed", "queued"])
def test_each_twilio_status_is_recorded(client, sent_message, status):
    if status == "queued":
        Message.objects.filter(pk=sent_message.pk).update(status=MessageStatus.ATTEMPTING)
    post_signed(client, "utskick:twilio_status", {"MessageSid": sent_message.provider_id, "MessageStatus": status})
    sent_message.refresh_from_db()
    assert sent_message.status == status


def test_a_repeated_or_late_callback_never_moves_a_message_backwards(client, sent_message):
    data = {"MessageSid": sent_message.provider_id, "MessageStatus": "delivered"}
    post_signed(client, "utskick:twilio_status", data)
    first = Message.objects.get(pk=sent_message.pk).status_at
    post_signed(client, "utskick:twilio_status", data)
    post_signed(client, "utskick:twilio_status", {**data, "MessageStatus": "sent"})
    sent_message.refresh_from_db()
    assert sent_message.status == MessageStatus.DELIVERED
    assert sent_message.status_at == first


def test_an_unknown_destination_marks_the_number_undeliverable(client, sent_message):
    data = {"MessageSid": sent_message.provider_id, "MessageStatus": "undelivered", "ErrorCode": "30005"}
    post_signed(client, "utskick:twilio_status", data)
    assert Invitation.objects.get(pk=sent_message.invitation_id).mobile_undeliverable


@pytest.mark.parametrize("signature", ["", "bm90LWEtc2lnbmF0dXJl"])
def test_a_callback_without_a_valid_signature_is_refused_and_changes_nothing(client, sent_message, signature):
    data = {"MessageSid": sent_message.provider_id, "MessageStatus": "delivered"}
    response = post_signed(client, "utskick:twilio_status", data, signature=signature)
    sent_message.refresh_from_db()
    assert response.status_code == 403
    assert sent_message.status == MessageStatus.QUEUED


def test_a_signature_for_other_data_is_refused(client, sent_message):
    signed = {"MessageSid": sent_message.provider_id, "MessageStatus": "sent"}
    signature = RequestValidator(AUTH_TOKEN).compute_signature(
        "https://enkat.nacka.se" + reverse("utskick:twilio_status"), signed
    )
    response = post_signed(
        client, "utskick:twilio_status", {**signed, "MessageStatus": "delivered"}, signature=signature
    )
    assert response.status_code == 403


def test_the_signature_is_checked_against_the_public_url_behind_a_proxy(client, sent_message, settings):
    settings.ALLOWED_HOSTS = ["internal-app", "testserver"]
    response = post_signed(
        client,
        "utskick:twilio_status",
        {"MessageSid": sent_message.provider_id, "MessageStatus": "delivered"},
        HTTP_HOST="internal-app",
    )
    assert response.status_code == 204


def test_a_get_is_not_allowed(client):
    assert client.get(reverse("utskick:twilio_status")).status_code == 405


@pytest.mark.parametrize("word", ["STOP", "stopp", "Avsluta", " stop "])
def test_a_stop_word_opts_the_customer_out_and_gets_a_confirmation(client, survey, word):
    invitation = sending_invitation(survey)
    other = sending_invitation(survey)
    response = post_signed(client, "utskick:twilio_inbound", {"From": invitation.mobile, "Body": word})
    invitation.refresh_from_db()
    other.refresh_from_db()
    assert response.status_code == 200
    assert invitation.opted_out_at is not None and other.opted_out_at is None
    assert "<Message>" in response.content.decode()


def test_the_confirmation_is_in_the_customers_language(client, survey):
    swedish = sending_invitation(survey)
    english = sending_invitation(survey, language="en")
    sv_reply = post_signed(client, "utskick:twilio_inbound", {"From": swedish.mobile, "Body": "STOPP"}).content
    en_reply = post_signed(client, "utskick:twilio_inbound", {"From": english.mobile, "Body": "STOP"}).content
    assert b"survey." in en_reply and sv_reply != en_reply


def test_other_replies_change_nothing(client, survey):
    invitation = sending_invitation(survey)
    response = post_signed(client, "utskick:twilio_inbound", {"From": invitation.mobile, "Body": "Hej, stoppa inte"})
    invitation.refresh_from_db()
    assert invitation.opted_out_at is None
    assert "<Message>" not in response.content.decode()


def test_an_unsigned_stop_is_refused_and_changes_nothing(client, survey):
    invitation = sending_invitation(survey)
    response = post_signed(client, "utskick:twilio_inbound", {"From": invitation.mobile, "Body": "STOP"}, signature="")
    invitation.refresh_from_db()
    assert response.status_code == 403 and invitation.opted_out_at is None


def test_an_opted_out_customer_gets_no_more_reminders(client, survey, sms_outbox):
    import time_machine

    from tests.factories import TUESDAY_10
    from utskick import runloop

    invitation = sending_invitation(survey)
    with time_machine.travel(TUESDAY_10, tick=False):
        runloop.run_due()
    post_signed(client, "utskick:twilio_inbound", {"From": invitation.mobile, "Body": "STOPP"})
    with time_machine.travel(TUESDAY_10 + timedelta(days=3), tick=False):
        runloop.run_due()
    assert len(sms_outbox) == 1


def test_webhooks_validate_with_the_auth_token_when_an_api_key_sends(client, sent_message, settings):
    settings.TWILIO_API_KEY_SID = "SK" + "1" * 32
    settings.TWILIO_API_KEY_SECRET = "api-key-secret"
    data = {"MessageSid": sent_message.provider_id, "MessageStatus": "delivered"}
    assert post_signed(client, "utskick:twilio_status", data).status_code == 204
    sent_message.refresh_from_db()
    assert sent_message.status == MessageStatus.DELIVERED


def test_a_callback_for_another_account_is_refused_even_when_signed(client, sent_message):
    data = {"AccountSid": "AC" + "9" * 32, "MessageSid": sent_message.provider_id, "MessageStatus": "delivered"}
    signature = RequestValidator(AUTH_TOKEN).compute_signature(
        "https://enkat.nacka.se" + reverse("utskick:twilio_status"), data
    )
    response = client.post(reverse("utskick:twilio_status"), data, HTTP_X_TWILIO_SIGNATURE=signature)
    assert response.status_code == 403
    sent_message.refresh_from_db()
    assert sent_message.status != MessageStatus.DELIVERED


def test_a_start_up_check_warns_when_webhooks_cannot_be_validated(settings):
    from django.core import checks

    settings.SMS_BACKEND = "utskick.backends.twilio.SmsBackend"
    settings.TWILIO_API_KEY_SID = "SK" + "1" * 32
    settings.TWILIO_API_KEY_SECRET = "api-key-secret"
    settings.TWILIO_AUTH_TOKEN = ""
    ids = [message.id for message in checks.run_checks()]
    assert "config.W002" in ids
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    assert "config.W002" not in [message.id for message in checks.run_checks()]


@pytest.mark.parametrize(
    "reply",
    [
        "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "stop all", "Opt out",
        "Stoppa", "STOPP!", "STOP tack", "Avsluta tack", "Sluta skicka", "unsubscribe please",
        "ＳＴＯＰ", "ｓｔｏｐｐａ", "Stop.",
    ],
)  # fmt: skip
def test_twilios_standard_and_common_swedish_and_english_replies_opt_out(client, survey, reply):
    invitation = sending_invitation(survey)
    post_signed(client, "utskick:twilio_inbound", {"From": invitation.mobile, "Body": reply})
    invitation.refresh_from_db()
    assert invitation.opted_out_at is not None


@pytest.mark.parametrize("reply", ["Stoppa inte!", "Don't stop", "Jag har svarat", "Tack", "Vad betyder stop?"])
def test_replies_that_do_not_mean_stop_change_nothing(client, survey, reply):
    invitation = sending_invitation(survey)
    post_signed(client, "utskick:twilio_inbound", {"From": invitation.mobile, "Body": reply})
    invitation.refresh_from_db()
    assert invitation.opted_out_at is None
