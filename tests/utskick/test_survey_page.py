"""The quality developer's sending page: figures per step, response rate, send now, pause."""

import io
import re
from datetime import time as clock
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from enkat.models import Invitation
from tests.factories import TUESDAY_10, mark_answered, sending_invitation, sending_survey
from utskick import plans, runloop, send_runs
from utskick.models import Message, MessageStatus, SendRun

pytestmark = pytest.mark.django_db


def url(survey, name="utskick:survey"):
    return reverse(name, args=[survey.slug])


def test_an_anonymous_visitor_is_sent_to_login(client, survey):
    response = client.get(url(survey))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("who", ["outsider", "member_a"])
def test_a_provider_or_outsider_is_refused(client, actors, survey, who):
    client.force_login(getattr(actors, who))
    assert client.get(url(survey)).status_code == 403
    assert client.post(url(survey, "utskick:send_now")).status_code == 403
    assert client.post(url(survey, "utskick:pause"), {"paused": "1"}).status_code == 403
    assert client.get(reverse("utskick:preview")).status_code == 403
    assert not plans.plan_for(survey).paused


def test_the_page_shows_sent_delivered_failed_uncertain_opted_out_and_answered_per_step(
    client, actors, survey, sms_outbox
):
    invitations = [sending_invitation(survey) for _ in range(4)]
    with time_machine.travel(TUESDAY_10, tick=False):
        runloop.run_due()
    first, second, third, fourth = invitations
    Message.objects.filter(invitation=first, step=0).update(status=MessageStatus.DELIVERED)
    Message.objects.filter(invitation=second, step=0).update(status=MessageStatus.UNDELIVERED)
    Message.objects.filter(invitation=third, step=0).update(status=MessageStatus.UNCERTAIN, sent_at=None)
    mark_answered(first)
    Invitation.objects.filter(pk=fourth.pk).update(opted_out_at=TUESDAY_10 + timedelta(hours=3))
    with time_machine.travel(TUESDAY_10 + timedelta(days=3), tick=False):
        runloop.run_due()
    mark_answered(second)

    from utskick.stats import step_rows

    rows = {(row.channel, row.step): row for row in step_rows(survey)}
    invitation_row, reminder_row = rows["sms", 0], rows["sms", 1]
    assert (invitation_row.sent, invitation_row.delivered, invitation_row.failed) == (3, 1, 1)
    assert (invitation_row.uncertain, invitation_row.opted_out, invitation_row.answered) == (1, 1, 1)
    # Reminder 1 went to the second and third customers; the second answered after it.
    assert (reminder_row.sent, reminder_row.answered, reminder_row.not_sent) == (2, 1, 2)

    client.force_login(actors.quality_developer)
    response = client.get(url(survey))
    assert response.status_code == 200
    assert response.context["sms_rows"][0].sent == 3


def test_the_response_rate_is_shown_per_group(client, actors, survey, sms_outbox):
    mark_answered(sending_invitation(survey, language="sv"))
    sending_invitation(survey, language="sv")
    sending_invitation(survey, language="en")
    from utskick.stats import group_rows

    rows = {row.label: (row.invited, row.answered) for row in group_rows(survey, "language")}
    assert rows == {"engelska": (1, 0), "svenska": (2, 1)}  # languages by name, not code
    client.force_login(actors.quality_developer)
    assert "50 %" in client.get(url(survey)).content.decode()


def test_pause_and_resume(client, actors, survey):
    client.force_login(actors.quality_developer)
    client.post(url(survey, "utskick:pause"), {"paused": "1"})
    assert plans.plan_for(survey).paused
    client.post(url(survey, "utskick:pause"), {"paused": "0"})
    assert not plans.plan_for(survey).paused


def test_the_sms_preview_shows_encoding_and_segments(client, actors):
    client.force_login(actors.quality_developer)
    html = client.get(reverse("utskick:preview")).content.decode()
    assert "GSM-7" in html and "UCS-2" in html


def test_the_admin_preview_shows_encoding_and_segments(client, actors):
    client.force_login(actors.quality_developer)
    actors.quality_developer.is_superuser = True
    actors.quality_developer.save()
    html = client.get(reverse("admin:utskick_sms_preview")).content.decode()
    assert "GSM-7" in html and "UCS-2" in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_send_now_is_carried_out_by_the_worker_and_records_progress(client, sms_outbox):
    from tests.conftest import make_actors

    actors = make_actors()
    survey = sending_survey(opens_at=timezone.now() - timedelta(hours=1))
    plan = plans.plan_for(survey)
    plan.window_weekdays = list(range(7))
    plan.window_start, plan.window_end = clock(0, 0), clock(23, 59, 59, 999999)
    plan.save()
    for _ in range(12):
        sending_invitation(survey)
    client.force_login(actors.quality_developer)
    response = client.post(url(survey, "utskick:send_now"))
    assert response.status_code == 302
    assert len(sms_outbox) == 0  # the web process only records the run
    assert SendRun.objects.get(survey=survey).started_at is None
    call_command("send_messages", stdout=io.StringIO())
    run = SendRun.objects.get(survey=survey)
    assert run.finished_at is not None and not run.failed
    assert (run.done, run.total, run.percent) == (12, 12, 100)
    assert len(sms_outbox) == 12
    progress = client.get(reverse("utskick:run_progress", args=[survey.slug, run.pk])).json()
    assert progress == {"done": 12, "total": 12, "percent": 100, "finished": True}
    html = client.get(url(survey)).content.decode()
    assert 'value="100"' in html and "utskick/progress.js" in html and "<script>" not in html


def test_at_most_one_send_now_per_survey_held_by_the_database(actors):
    from django.db import IntegrityError, transaction

    survey = sending_survey()
    send_runs.start_send_run(survey, actors.quality_developer)
    with pytest.raises(send_runs.AlreadyRunning):
        send_runs.start_send_run(survey, actors.quality_developer)
    with pytest.raises(IntegrityError), transaction.atomic():
        SendRun.objects.create(survey=survey)  # any writer, not just the page
    SendRun.objects.filter(survey=survey).update(finished_at=timezone.now())
    send_runs.start_send_run(survey, actors.quality_developer)  # a finished run does not block the next
    assert SendRun.objects.filter(survey=survey).count() == 2


def test_a_second_click_says_sending_is_already_running(client, actors):
    survey = sending_survey()
    client.force_login(actors.quality_developer)
    client.post(url(survey, "utskick:send_now"))
    page = client.post(url(survey, "utskick:send_now"), follow=True).content.decode()
    assert "redan" in page
    assert SendRun.objects.filter(survey=survey).count() == 1


def test_pause_looks_secondary_and_send_now_primary(client, actors, survey):
    client.force_login(actors.quality_developer)
    html = client.get(url(survey)).content.decode()
    pause = re.search(r"<button[^>]*>\s*(?:Pause sending|Pausa utskicket)", html).group(0)
    send = re.search(r"<button[^>]*>\s*(?:Send now|Skicka nu)", html).group(0)
    assert 'class="secondary"' in pause and 'class="primary"' in send
