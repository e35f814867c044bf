import logging

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client

from enkat.models import Invitation
from tests.factories import customer_state, make_invitation, make_survey, open_link

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_opening_the_link_redirects_to_a_token_free_address():
    survey = make_survey()
    _, token = make_invitation(survey)
    client = Client()
    response = open_link(client, token)
    assert response.status_code == 302
    assert token not in response["Location"]
    follow = client.get(response["Location"])
    assert follow.status_code == 302
    assert follow["Location"] == "/s/steg/1/"
    page = client.get("/s/steg/1/")
    assert page.status_code == 200
    assert token.encode() not in page.content


def test_opening_the_link_again_and_again_never_uses_it_up():
    survey = make_survey()
    invitation, token = make_invitation(survey)
    for _ in range(3):
        scanner = Client()  # a mail client's link scanner, then the customer
        assert open_link(scanner, token).status_code == 302
    customer = Client()
    open_link(customer, token)
    assert customer.get("/s/steg/1/").status_code == 200
    invitation.refresh_from_db()
    assert customer_state(invitation).opened
    assert not customer_state(invitation).started
    assert not customer_state(invitation).answered


def test_a_wrong_token_gets_a_404_that_is_the_same_for_every_wrong_token():
    survey = make_survey()
    _, token = make_invitation(survey)
    client = Client()
    first = client.get("/s/" + "A" * 32 + "/")
    second = client.get("/s/" + token[:-1] + ("B" if token[-1] != "B" else "C") + "/")
    assert first.status_code == second.status_code == 404
    assert first.content == second.content  # the help page says nothing about why
    assert survey.name.encode() not in first.content
    assert "enkat_session" not in client.cookies


def test_repeated_wrong_tokens_are_throttled_but_a_valid_link_is_always_served(settings):
    settings.SURVEY_TOKEN_THROTTLE_LIMIT = 3
    survey = make_survey()
    _, token = make_invitation(survey)
    client = Client(REMOTE_ADDR="10.0.0.9")
    for i in range(3):
        assert client.get(f"/s/wrong{i:027d}/").status_code == 404
    throttled = client.get("/s/wrong999999999999999999999999/")
    assert throttled.status_code == 429
    assert "Retry-After" in throttled
    # The same address (a mobile operator's shared one, say) still opens a real link.
    assert open_link(Client(REMOTE_ADDR="10.0.0.9"), token).status_code == 302


def test_behind_the_proxy_one_client_cannot_throttle_another_customers_link(settings):
    settings.SURVEY_TOKEN_THROTTLE_LIMIT = 3
    settings.TRUSTED_PROXIES = 1
    survey = make_survey()
    _, token = make_invitation(survey)
    proxy = "10.0.0.1"
    attacker = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    for i in range(5):
        attacker.get(f"/s/wrong{i:027d}/")
    assert attacker.get("/s/wrong999999999999999999999999/").status_code == 429
    # Another customer through the same proxy, with an unknown token too, is not refused.
    other = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other.get("/s/wrong999999999999999999999999/").status_code == 404
    assert open_link(other, token).status_code == 302


def test_survey_pages_send_no_referrer_and_a_csp_without_unsafe_inline():
    survey = make_survey()
    _, token = make_invitation(survey)
    client = Client()
    responses = [open_link(client, token), client.get("/s/"), client.get("/s/steg/1/"), client.get("/s/nope/")]
    for response in responses:
        assert response["Referrer-Policy"] == "no-referrer"
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert response["Cache-Control"] == "no-store"


def test_survey_pages_load_nothing_from_other_sites_and_have_no_inline_style_or_script():
    survey = make_survey()
    _, token = make_invitation(survey)
    client = Client()
    open_link(client, token)
    html = client.get("/s/steg/1/").content.decode()
    assert "http://" not in html and "https://" not in html and 'src="//' not in html
    assert "style=" not in html and "<style" not in html
    assert "<script" not in html and "onclick" not in html


def test_the_token_is_never_written_to_the_log(caplog):
    survey = make_survey()
    _, token = make_invitation(survey)
    client = Client()
    with caplog.at_level(logging.DEBUG):
        open_link(client, token)
        client.get("/s/steg/1/")
        client.get("/s/" + "x" * 32 + "/")
    assert token not in caplog.text


def test_the_session_is_a_signed_cookie_with_the_invitation_not_the_token():
    survey = make_survey()
    invitation, token = make_invitation(survey)
    client = Client()
    open_link(client, token)
    cookie = client.cookies["enkat_session"]
    assert token not in cookie.value
    assert cookie["path"] == "/s/" and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert signing.loads(cookie.value, salt="enkat.public_views.survey-session")["i"] == invitation.pk
    assert Invitation.objects.get(pk=invitation.pk).token_hash != token


def test_a_forged_session_cookie_is_ignored():
    survey = make_survey()
    invitation, _ = make_invitation(survey)
    client = Client()
    client.cookies["enkat_session"] = signing.dumps({"i": invitation.pk}, salt="wrong-salt")
    response = client.get("/s/steg/1/")
    assert response.status_code == 404
    assert b"q-q1" not in response.content
