from datetime import UTC, date, datetime

import pytest
from django.urls import clear_script_prefix, resolve, set_script_prefix

from enkat.models import Invitation, Survey
from enkat.services import survey_link
from enkat.tokens import hash_token, new_token_pair


def _invitation() -> tuple[Invitation, str]:
    survey = Survey.objects.create(
        name="S",
        slug="s",
        period_start=date(2023, 1, 1),
        period_end=date(2023, 12, 31),
        opens_at=datetime(2024, 1, 1, tzinfo=UTC),
        closes_at=datetime(2024, 2, 1, tzinfo=UTC),
    )
    nonce, token, token_hash = new_token_pair()
    invitation = Invitation.objects.create(survey=survey, customer_id="K1", token_nonce=nonce, token_hash=token_hash)
    return invitation, token


@pytest.mark.django_db
def test_the_link_is_site_url_plus_the_token_whose_hash_is_stored(settings):
    settings.SITE_URL = "https://enkat.example.se"
    invitation, token = _invitation()
    link = survey_link(invitation)
    assert link == f"https://enkat.example.se/s/{token}/"
    assert hash_token(link.rstrip("/").rsplit("/", 1)[1]) == invitation.token_hash


@pytest.mark.django_db
def test_the_link_follows_a_changed_site_url_and_script_prefix_and_resolves_to_the_survey(settings):
    invitation, token = _invitation()
    settings.SITE_URL = "https://a.example.se"
    assert survey_link(invitation) == f"https://a.example.se/s/{token}/"
    settings.SITE_URL = "https://b.example.se"
    set_script_prefix("/kund/")
    try:
        assert survey_link(invitation) == f"https://b.example.se/kund/s/{token}/"
    finally:
        clear_script_prefix()
    match = resolve(survey_link(invitation).removeprefix("https://b.example.se"))
    assert match.url_name == "open" and match.kwargs == {"token": token}
