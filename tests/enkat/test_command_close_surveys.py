"""close_surveys (run from cron): closes open surveys past their close time and discards their drafts."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from enkat import answering
from enkat.models import Invitation, Response, Survey
from tests.factories import customer_state, make_invitation, make_survey

pytestmark = pytest.mark.django_db


def close_surveys() -> str:
    out = StringIO()
    call_command("close_surveys", stdout=out)
    return out.getvalue()


def with_draft(survey: Survey, customer_id: str) -> Invitation:
    invitation, _token = make_invitation(survey, customer_id)
    answering.save_page(invitation.pk, survey.pk, 1, {"q1": 4, "q2": 5, "q3": None})
    return invitation


def test_a_survey_past_its_close_time_is_closed_and_its_drafts_discarded():
    survey = make_survey("over")
    drafting = with_draft(survey, "K1")
    answered = with_draft(survey, "K2")
    answering.save_page(answered.pk, survey.pk, 2, {"q4": 1, "q5": 2, "q6": 3})
    answering.save_page(answered.pk, survey.pk, 3, {"q7": 3, "q8": 3})
    answering.submit_response(answered.pk, 4, {"q9": 4, "q10": 5, "q11": 4}, "")
    closes_at = timezone.now() - timedelta(minutes=5)
    Survey.objects.filter(pk=survey.pk).update(closes_at=closes_at)

    assert close_surveys() == "Closed over: 1 drafts discarded.\n"

    survey.refresh_from_db()
    assert survey.state == Survey.State.CLOSED
    assert survey.closes_at == closes_at  # already past: the close time stays as it was
    drafting.refresh_from_db()
    assert (customer_state(drafting).draft_answers, customer_state(drafting).draft_page) == ({}, 0)
    assert Response.objects.filter(survey=survey).count() == 1


def test_surveys_still_running_or_not_open_are_left_alone():
    running = make_survey("running")
    draft = make_survey("draft", state=Survey.State.DRAFT, closes_in_days=-1)
    with_draft(running, "K1")

    assert close_surveys() == ""

    assert Survey.objects.get(pk=running.pk).state == Survey.State.OPEN
    assert Survey.objects.get(pk=draft.pk).state == Survey.State.DRAFT
    assert customer_state(Invitation.objects.get(survey=running)).draft_page == 1


def test_a_survey_closed_already_is_not_closed_again():
    survey = make_survey("closed", state=Survey.State.CLOSED, closes_in_days=-1)

    assert close_surveys() == ""
    assert Survey.objects.get(pk=survey.pk).state == Survey.State.CLOSED


def test_running_it_twice_closes_once():
    survey = make_survey("twice")
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(seconds=1))

    assert close_surveys() == "Closed twice: 0 drafts discarded.\n"
    assert close_surveys() == ""
