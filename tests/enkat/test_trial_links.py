"""A test link works like a customer's invitation, and what is answered with it counts in no figure."""

import re

import pytest
from django.test import Client

from analys.loading import AnalysisOptions, comments, invited_frame, responses_frame, run_analysis
from enkat.models import Invitation, Response
from enkat.overview import survey_overview
from tests.conftest import PASSWORD
from tests.factories import TUESDAY_10, answer_page, customer_state, make_invitation, make_survey
from utskick import plans, stats
from utskick.models import Message

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _answer_with_test_link(actors, survey, language="sv"):
    staff = login(actors.quality_developer)
    page = staff.post(f"/enkat/{survey.slug}/testlank/", {"language": language}).content.decode()
    link = re.search(r'id="test-link"[^>]*>([^<]+)<', page).group(1)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    customer = Client()
    opened = customer.get(f"/s/{token}/", follow=True)
    assert opened.status_code == 200
    sent = answer_page(customer, 1, {"q1": "2"}, comment="Bara ett test", direction="next")
    thanks = customer.get(sent["Location"])
    return opened, thanks


def test_a_test_link_works_like_an_invitation(actors):
    survey = make_survey("oppen", languages=["sv", "ar"], codes=["q1"])
    opened, thanks = _answer_with_test_link(actors, survey, "ar")
    assert 'lang="ar"' in opened.content.decode()
    assert "Tack-text ar" in thanks.content.decode()
    stored = Response.all_objects.get(survey=survey)
    assert stored.is_test and stored.answers == {"q1": 2}


def test_nothing_answered_with_a_test_link_counts_in_any_figure(actors):
    survey = make_survey("oppen", languages=["sv"], codes=["q1"])
    real, _token = make_invitation(survey, "K1")
    _answer_with_test_link(actors, survey)
    [test_link] = Invitation.all_objects.filter(survey=survey, is_test=True)
    assert customer_state(test_link).answered

    overview = survey_overview(survey)
    assert (overview["total"].invited, overview["total"].answered) == (1, 0)
    assert Response.objects.filter(survey=survey).count() == 0
    assert responses_frame(survey, ["q1"]).empty
    assert len(invited_frame(survey)) == 1
    assert sum(row.invited for row in stats.group_rows(survey, "language")) == 1
    survey.state = survey.State.CLOSED  # answer figures and comments exist only once it is closed
    survey.save(update_fields=["state"])
    assert comments(survey) == []
    result = run_analysis(survey, AnalysisOptions(bootstrap=0), use_cache=False)
    assert "Bara ett test" not in repr(result)
    assert real.pk in set(Invitation.objects.values_list("pk", flat=True))


def test_a_test_link_is_never_sent_to(actors):
    survey = make_survey("oppen", languages=["sv"], codes=["q1"], opens_at=TUESDAY_10)
    staff = login(actors.quality_developer)
    staff.post(f"/enkat/{survey.slug}/testlank/", {"language": "sv"})
    Invitation.all_objects.filter(survey=survey).update(mobile="+46701234567")
    assert plans.plan_invitations(survey, TUESDAY_10) == 0
    assert not Message.objects.filter(survey=survey).exists()


def test_the_test_link_is_shown_once_and_never_stored(actors):
    survey = make_survey("oppen", languages=["sv"], codes=["q1"])
    staff = login(actors.quality_developer)
    page = staff.post(f"/enkat/{survey.slug}/testlank/", {"language": "sv"}).content.decode()
    token = re.search(r'id="test-link"[^>]*>([^<]+)<', page).group(1).rstrip("/").rsplit("/", 1)[-1]
    invitation = Invitation.all_objects.get(survey=survey)
    assert token not in (invitation.token_hash, invitation.token_nonce)
    assert token not in staff.get(f"/enkat/{survey.slug}/testlank/").content.decode()
