"""Messages customers can trust: the municipality's sender name, the provider named, the link and contact shown."""

from datetime import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from enkat.services import survey_link
from register.models import Organisation, Provider
from tests.conftest import PASSWORD
from tests.factories import TUESDAY_10, sending_invitation, sending_survey
from utskick import runloop
from utskick.backends import SmsMessage, get_sms_backend
from utskick.gsm import GSM7, GSM7_BASIC, GSM7_EXTENSION, encoding_of, sms_size
from utskick.preview import build_preview, longest_site_url
from utskick.rendering import SMS_PROVIDER_MAX, render_email, render_sms, render_sms_text, sms_provider_name

NACKA = {
    "name": "Nacka kommun",
    "sms_sender": "NackaKommun",
    "contact_phone": "08-46 50 04 10",
    "contact_email": "kundenkat@nacka.example",
}
SITE_URL = "https://enkat.nacka.se"
TO = "+46701234567"


def run_at(moment: datetime) -> runloop.RunReport:
    with time_machine.travel(moment, tick=False):
        return runloop.run_due()


@pytest.fixture
def nacka(db) -> Organisation:
    organisation = Organisation(**NACKA)
    organisation.save()
    return organisation


# --- the provider's name in an SMS


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jobbstart Syd AB", "Jobbstart Syd AB"),
        ("Stiftelsen Arbetsmarknadsutveckling i Norra Storstockholm", "Stiftelsen Arbetsmarknadsutveckling i"),
        ("A" * 50, "A" * 40),  # no word to cut at
        ("Mötesplats Jobb, ideell förening för unga vuxna", "Mötesplats Jobb, ideell förening för"),
        ("Kompassen\u00a0Utveckling\u2019s AB", "Kompassen Utveckling's AB"),
    ],
)
def test_a_provider_name_is_cut_to_40_characters_at_a_word_without_an_ellipsis(name, expected):
    assert sms_provider_name(name) == expected


@given(st.text(st.sampled_from(sorted(GSM7_BASIC | GSM7_EXTENSION - {"\n", "\r", "\f"}) + ["–", "’", "\u00a0"])))
@hypothesis_settings(max_examples=300, deadline=None)
def test_a_cut_name_stays_gsm7_and_within_40_septets(name):
    cut = sms_provider_name(name)
    assert encoding_of(cut) == GSM7
    assert sms_size(cut).units <= SMS_PROVIDER_MAX
    assert "..." not in cut[-3:] or "..." in name  # nothing added


@given(
    name=st.text(st.sampled_from(sorted(GSM7_BASIC | GSM7_EXTENSION)), min_size=1, max_size=80),
    step=st.sampled_from([0, 1]),
)
@hypothesis_settings(max_examples=300, deadline=None)
def test_the_swedish_sms_fits_one_gsm7_segment_with_any_provider_name_and_a_real_site_url(name, step):
    site_url = "https://" + "k" * (longest_site_url("sv", step) - len("https://"))
    text = render_sms_text("sv", step, name, site_url + "/s/" + "A" * 32 + "/")
    size = sms_size(text)
    assert (size.encoding, size.segments) == (GSM7, 1), text


@pytest.mark.django_db
@pytest.mark.parametrize("site_url", ["https://enkat.nacka.se", "https://kundenkat.stockholm.se"])
def test_the_swedish_invitation_of_a_real_invitation_fits_one_segment(settings, site_url):
    settings.SITE_URL = site_url
    invitation = sending_invitation(
        sending_survey(), provider_name="Arbetsmarknadsutveckling Nordost Ekonomisk Förening"
    )
    text = render_sms(invitation, 0)
    assert survey_link(invitation) in text and "Arbetsmarknadsutveckling Nordost" in text
    assert (sms_size(text).encoding, sms_size(text).segments) == (GSM7, 1), text


# --- the sender


@pytest.mark.django_db
def test_the_sms_comes_from_the_municipalitys_sender_name(survey, sms_outbox, nacka):
    sending_invitation(survey)
    run_at(TUESDAY_10)
    [sms] = sms_outbox
    assert sms.sender == "NackaKommun"
    assert "Arbetsbron AB" in sms.body


@pytest.mark.django_db
def test_without_a_sender_name_the_configured_sender_is_used(survey, sms_outbox):
    sending_invitation(survey)
    run_at(TUESDAY_10)
    assert sms_outbox[0].sender == ""  # the backend's own: TWILIO_FROM, the messaging service or SMS_SENDER


def test_twilio_sends_from_the_sender_name_even_when_a_messaging_service_is_set(fake_twilio, settings):
    settings.TWILIO_MESSAGING_SERVICE_SID = "MG" + "1" * 32
    get_sms_backend().send(SmsMessage(to=TO, body="Hej", sender="NackaKommun"))
    [received] = fake_twilio.received
    assert received.params["From"] == "NackaKommun"
    assert "MessagingServiceSid" not in received.params


def test_twilio_without_a_sender_name_uses_the_messaging_service_as_before(fake_twilio, settings):
    settings.TWILIO_MESSAGING_SERVICE_SID = "MG" + "1" * 32
    get_sms_backend().send(SmsMessage(to=TO, body="Hej"))
    [received] = fake_twilio.received
    assert received.params["MessagingServiceSid"] == settings.TWILIO_MESSAGING_SERVICE_SID
    assert "From" not in received.params


def test_twilio_without_either_uses_the_configured_sender(fake_twilio, settings):
    settings.TWILIO_FROM = ""
    settings.SMS_SENDER = "Kommunen"
    get_sms_backend().send(SmsMessage(to=TO, body="Hej"))
    assert fake_twilio.received[0].params["From"] == "Kommunen"


# --- the e-mail


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "ar"])
def test_the_email_shows_the_link_as_text_and_ends_with_the_municipality_and_contact(survey, nacka, language):
    invitation = sending_invitation(survey, mobile="", email="kund@example.se", language=language)
    message = render_email(invitation, 0)
    link = survey_link(invitation)
    html, _ = message.alternatives[0]
    assert f'<a href="{link}" dir="ltr">{link}</a>' in html
    assert link in message.body
    for value in ("Nacka kommun", "08-46 50 04 10", "kundenkat@nacka.example"):
        assert value in html
    tail = message.body.strip().splitlines()[-3:]
    assert tail[0] == "Nacka kommun"
    assert tail[1].endswith("08-46 50 04 10") and tail[2].endswith("kundenkat@nacka.example")
    assert f"/s/integritet/?lang={language}" in message.body


@pytest.mark.django_db
def test_the_email_comes_from_the_municipalitys_name_at_the_configured_address(survey, nacka, settings):
    settings.DEFAULT_FROM_EMAIL = "Kundenkät <enkat@example.se>"
    invitation = sending_invitation(survey, mobile="", email="kund@example.se")
    assert render_email(invitation, 0).from_email == "Nacka kommun <enkat@example.se>"
    nacka.name = "Kommun, Nacka"
    nacka.save()
    assert render_email(invitation, 0).from_email == '"Kommun, Nacka" <enkat@example.se>'
    Organisation.objects.all().delete()
    from register.organisation import invalidate

    invalidate()
    assert render_email(invitation, 0).from_email == "Kundenkät <enkat@example.se>"


@pytest.mark.django_db
def test_the_sent_email_carries_the_contact(survey, email_locmem, nacka):
    sending_invitation(survey, mobile="", email="kund@example.se", language="en")
    run_at(TUESDAY_10)
    [sent] = mail.outbox
    assert sent.body.rstrip().endswith("E-mail: kundenkat@nacka.example")
    assert "Kind regards," in sent.body


# --- the preview


@pytest.mark.django_db
def test_the_preview_computes_with_the_real_site_url_provider_names_and_sender(settings, nacka):
    settings.SITE_URL = "https://enkat.nacka.se"
    Provider.objects.create(name="Kort AB")
    Provider.objects.create(name="Stiftelsen Arbetsmarknadsutveckling i Norra Storstockholm")
    Provider.objects.create(name="Inaktiv med ett mycket långt namn som inte skickas längre AB", active=False)
    preview = build_preview()
    assert preview.sender == "NackaKommun" and not preview.sender_error
    assert preview.providers == ["Kort AB", "Stiftelsen Arbetsmarknadsutveckling i Norra Storstockholm"]
    swedish = preview.swedish_invitation
    assert swedish.provider == "Stiftelsen Arbetsmarknadsutveckling i"  # the longest name as sent
    assert "https://enkat.nacka.se/s/" in swedish.text and swedish.segments == 1
    assert preview.shortened == [
        ("Stiftelsen Arbetsmarknadsutveckling i Norra Storstockholm", "Stiftelsen Arbetsmarknadsutveckling i")
    ]


@pytest.mark.django_db
def test_the_preview_warns_before_and_when_the_swedish_invitation_goes_over_a_segment(settings):
    Provider.objects.create(name="P" * 40)
    limit = longest_site_url("sv", 0)
    settings.SITE_URL = "https://" + "k" * (limit - 8 - 3)  # three characters left
    near = build_preview().swedish_invitation
    assert (near.segments, near.room, near.over) == (1, 3, False)
    assert near in build_preview().warnings
    settings.SITE_URL = "https://" + "k" * (limit - 8 + 1)
    over = build_preview().swedish_invitation
    assert (over.segments, over.over) == (2, True)


@pytest.mark.django_db
def test_the_preview_page_shows_the_real_values_and_the_warnings(settings, actors, nacka):
    settings.SITE_URL = "https://" + "k" * 60
    Provider.objects.create(name="Jobbstart Syd AB")
    client = Client()
    client.login(username=actors.quality_developer.username, password=PASSWORD)
    page = client.get("/utskick/preview/").content.decode()
    assert settings.SITE_URL in page
    assert "Avsändare: NackaKommun" in page
    assert "Svenska: över ett segment, det kostar 2 segment per meddelande." in page
    admin_page = client.get("/admin/utskick/sendingplan/preview/").content.decode()
    assert "Svenska: över ett segment" in admin_page


@pytest.mark.django_db
def test_a_configured_sender_operators_would_refuse_is_flagged(settings):
    settings.SMS_SENDER = "Nacka kommun SMS"
    assert "11" in build_preview().sender_error
