from datetime import UTC, date, datetime

import pytest

from enkat.models import Invitation, Survey
from enkat.services import survey_link
from enkat.tokens import hash_token, new_token_pair


@pytest.mark.django_db
def test_the_link_is_site_url_plus_the_token_whose_hash_is_stored(settings):
    settings.SITE_URL = "https://enkat.example.se"
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
    link = survey_link(invitation)
    assert link == f"https://enkat.example.se/s/{token}/"
    assert hash_token(link.rstrip("/").rsplit("/", 1)[1]) == invitation.token_hash
