from datetime import date

import pytest

from enkat.models import Invitation
from enkat.services import build_sample
from enkat.tokens import hash_token, token_for_nonce
from register.models import Insats, ProgrammeType
from tests.factories import make_survey

pytestmark = pytest.mark.django_db


def insats(actors, customer, start, end=None, provider=None, programme="jobbpeng-grund", **fields):
    return Insats.objects.create(
        customer_id=customer,
        programme_type=ProgrammeType.objects.get(code=programme),
        provider=provider or actors.provider_a,
        start_date=start,
        end_date=end,
        exit_reason="arbete" if end else "",
        gender=fields.get("gender", "kvinna"),
        birth_year=fields.get("birth_year", 1990),
    )


def test_one_invitation_per_customer_about_the_latest_insats_in_the_period(actors):
    insats(actors, "K1", date(2022, 5, 1), date(2023, 3, 1), provider=actors.provider_a)
    insats(actors, "K1", date(2023, 3, 10), None, provider=actors.provider_b, programme="sai")
    insats(actors, "K2", date(2023, 2, 1), date(2023, 6, 30), birth_year=1960, gender="man")
    insats(actors, "K3", date(2021, 1, 1), date(2022, 12, 31))  # ended before the period
    insats(actors, "K4", date(2024, 1, 5))  # started after the period
    survey = make_survey(state="draft")
    result = build_sample(survey)
    assert result.created == 2
    k1 = Invitation.objects.get(survey=survey, customer_id="K1")
    assert (k1.provider_name, k1.provider, k1.programme, k1.status) == (
        actors.provider_b.name,
        actors.provider_b,
        ProgrammeType.objects.get(code="sai").name,
        "pagaende",
    )
    k2 = Invitation.objects.get(survey=survey, customer_id="K2")
    assert (k2.gender, k2.status, k2.language) == ("man", "avslutad", "sv")
    close_year = survey.closes_at.year
    assert k2.age_group == ("60+" if close_year - 1960 >= 60 else "40-59")


def test_each_invitation_gets_a_link_whose_hash_is_stored_and_never_the_token(actors):
    insats(actors, "K1", date(2023, 1, 1))
    survey = make_survey(state="draft")
    build_sample(survey)
    invitation = Invitation.objects.get()
    token = token_for_nonce(invitation.token_nonce)
    assert invitation.token_hash == hash_token(token)
    assert token not in {invitation.token_nonce, invitation.token_hash}
    assert len(invitation.token_nonce) >= 32  # 128 bits from secrets


def test_building_again_keeps_existing_invitations_and_adds_only_new_customers(actors):
    insats(actors, "K1", date(2023, 1, 1))
    survey = make_survey(state="draft")
    build_sample(survey)
    first = Invitation.objects.get(customer_id="K1")
    insats(actors, "K2", date(2023, 4, 1))
    result = build_sample(survey)
    assert (result.created, result.existing) == (1, 1)
    assert Invitation.objects.get(customer_id="K1").token_hash == first.token_hash
