"""Send to myself: the real invitation, with a test link, to the quality developer's own phone or inbox."""

import logging
import re

import pytest
from django.core import mail
from django.test import Client

from enkat.models import Invitation, Response
from tests.conftest import PASSWORD
from tests.factories import answer_page, customer_state, make_invitation, make_survey
from utskick.models import Message

pytestmark = pytest.mark.django_db

PHONE = "+46701234567"
ADDRESS = "kvalitet.utvecklare@kommunen.example"


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def survey(db):
    survey = make_survey("oppen", languages=["sv", "ar"], codes=["q1"])
    make_invitation(survey, "K1", provider_name="Bryggan Kompetens AB", mobile="+46709999999")
    return survey


def _token(text: str) -> str:
    return re.search(r"/s/([A-Za-z0-9_-]+)/", text).group(1)


def test_an_sms_goes_through_twilio_with_a_test_link_that_counts_nowhere(actors, survey, fake_twilio, caplog):
    staff = login(actors.quality_developer)
    with caplog.at_level(logging.INFO):
        sent = staff.post(
            f"/utskick/{survey.slug}/send-to-self/", {"contact": "070-123 45 67", "language": "ar"}, follow=True
        )

    [received] = fake_twilio.received
    assert received.to == PHONE
    assert "Bryggan Kompetens AB" in received.body and re.search(r"[\u0600-\u06ff]", received.body)  # Arabic
    page = sent.content.decode()
    assert "+46 70*** **67" in page and PHONE not in page
    assert PHONE not in caplog.text and "+46 70*** **67" in caplog.text
    # The link opens the survey like an invitation; the answer counts nowhere, no contact is kept.
    customer = Client()
    assert customer.get(f"/s/{_token(received.body)}/", follow=True).status_code == 200
    answer_page(customer, 1, {"q1": "4"}, direction="next")
    test = Invitation.all_objects.get(survey=survey, is_test=True)
    assert (test.mobile, test.email, test.language) == ("", "", "ar")
    assert customer_state(test).answered
    assert not Response.objects.filter(survey=survey).exists()
    assert Response.all_objects.filter(survey=survey, is_test=True).count() == 1
    assert not Message.objects.filter(survey=survey).exists()


def test_an_email_reminder_goes_through_the_mail_connection(actors, survey, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    staff = login(actors.quality_developer)
    with caplog.at_level(logging.INFO):
        staff.post(
            f"/utskick/{survey.slug}/send-to-self/", {"contact": ADDRESS, "language": "sv", "message": "reminder"}
        )

    [email] = mail.outbox
    assert email.to == [ADDRESS]
    assert email.subject.startswith("Påminnelse") and "Bryggan Kompetens AB" in email.subject
    assert email.extra_headers["Content-Language"] == "sv"
    assert Invitation.all_objects.get(survey=survey, is_test=True).email == ""
    assert ADDRESS not in caplog.text and "k***@kommunen.example" in caplog.text
    assert _token(email.body)


@pytest.mark.parametrize("contact", ["", "0812345678", "inte-en-adress@", "hej"])
def test_a_contact_that_cannot_be_sent_to_is_refused_and_nothing_is_made(actors, survey, sms_outbox, contact):
    staff = login(actors.quality_developer)
    page = staff.post(f"/utskick/{survey.slug}/send-to-self/", {"contact": contact}, follow=True).content.decode()

    assert 'class="message message-error"' in page
    assert sms_outbox == [] and mail.outbox == []
    assert not Invitation.all_objects.filter(survey=survey, is_test=True).exists()


def test_a_transport_failure_is_said_on_the_page(actors, survey, fake_twilio):
    fake_twilio.script(PHONE, [21610])  # the number has unsubscribed
    staff = login(actors.quality_developer)
    page = staff.post(f"/utskick/{survey.slug}/send-to-self/", {"contact": PHONE}, follow=True).content.decode()
    assert 'class="message message-error"' in page and PHONE not in page


def test_only_the_quality_developer_can_send(actors, survey, sms_outbox):
    provider_user = login(actors.member_a)
    assert provider_user.post(f"/utskick/{survey.slug}/send-to-self/", {"contact": PHONE}).status_code == 403
    assert sms_outbox == []
