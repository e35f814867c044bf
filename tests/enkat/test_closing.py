"""Closing safely: a confirmation that says what follows, the close time moved while open, closed for good."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from enkat.answering import save_page
from enkat.closing import CloseTimeRefused, move_close_time
from enkat.models import Draft, Survey
from enkat.pages import survey_pages
from tests.conftest import PASSWORD
from tests.factories import make_invitation, make_survey

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _started(survey, n):
    page = survey_pages(survey, "sv")[0]
    for i in range(n):
        invitation, _token = make_invitation(survey, f"K-start-{i}")
        save_page(invitation.pk, survey.pk, 1, {code: 4 for code in page.codes})


def test_closing_asks_first_and_names_the_customers_who_lose_their_answers(actors):
    survey = make_survey("oppen", languages=["sv"])
    _started(survey, 3)
    make_invitation(survey, "K-invited")  # invited, not started: loses nothing
    test_link, _ = make_invitation(survey, "K-test", is_test=True)  # staff's test link: not a customer
    save_page(test_link.pk, survey.pk, 1, {code: 4 for code in survey_pages(survey, "sv")[0].codes})
    client = login(actors.quality_developer)

    page = client.get(f"/enkat/{survey.slug}/stang/").content.decode()
    assert "3 kunder" in page
    assert Survey.objects.get(pk=survey.pk).state == Survey.State.OPEN

    unconfirmed = client.post(f"/enkat/{survey.slug}/stang/")
    assert unconfirmed.status_code == 200
    assert Survey.objects.get(pk=survey.pk).state == Survey.State.OPEN

    client.post(f"/enkat/{survey.slug}/stang/", {"confirm": "yes"})
    assert Survey.objects.get(pk=survey.pk).state == Survey.State.CLOSED
    assert not Draft.objects.filter(survey=survey).exclude(answers={}).exists()


def test_the_close_time_moves_later_or_earlier_but_never_into_the_past():
    now = timezone.now()
    survey = make_survey("oppen", languages=["sv"], closes_in_days=10)
    later = now + timedelta(days=20)
    assert move_close_time(survey, later, now).closes_at == later
    earlier = now + timedelta(hours=2)
    assert move_close_time(survey, earlier, now).closes_at == earlier
    with pytest.raises(CloseTimeRefused):
        move_close_time(survey, now - timedelta(minutes=1), now)
    assert Survey.objects.get(pk=survey.pk).closes_at == earlier


def test_a_closed_or_draft_survey_close_time_is_not_moved_here():
    now = timezone.now()
    for state in (Survey.State.CLOSED, Survey.State.DRAFT):
        survey = make_survey(f"s-{state}", state=state, languages=["sv"])
        with pytest.raises(CloseTimeRefused):
            move_close_time(survey, now + timedelta(days=40), now)


def test_the_page_moves_the_close_time_in_swedish_time(actors):
    survey = make_survey("oppen", languages=["sv"], closes_in_days=10)
    target = timezone.localtime(timezone.now() + timedelta(days=30)).replace(second=0, microsecond=0)
    client = login(actors.quality_developer)
    client.post(f"/enkat/{survey.slug}/stangningstid/", {"closes_at": target.strftime("%Y-%m-%dT%H:%M")})
    assert Survey.objects.get(pk=survey.pk).closes_at == target
    past = timezone.localtime(timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(f"/enkat/{survey.slug}/stangningstid/", {"closes_at": past})
    assert Survey.objects.get(pk=survey.pk).closes_at == target
