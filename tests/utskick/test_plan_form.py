"""The sending plan: a real form, rules on the model that every writer meets, and the calendar of the waves."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tests.conftest import PASSWORD
from tests.factories import TUESDAY_10, make_invitation, sending_survey
from utskick import plans
from utskick.models import SendingPlan
from utskick.plan_form import next_send, wave_calendar

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def form_data(**overrides):
    data = {
        "channel_preference": "sms_first",
        "sms_reminder_days": "3, 7, 12",
        "email_reminder_days": "4, 10",
        "window_weekdays": ["0", "1", "2", "3", "4"],
        "window_start": "09:00",
        "window_end": "19:00",
        "window_timezone": "Europe/Stockholm",
        "retention_days": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "field, value",
    [
        ("window_timezone", "Europe/Stokholm"),
        ("sms_reminder_days", [3, "7"]),
        ("sms_reminder_days", [0]),
        ("email_reminder_days", [4, 4]),
        ("window_weekdays", []),
        ("window_weekdays", [7]),
    ],
)
def test_no_writer_can_store_a_bad_plan(survey, field, value):
    plan = plans.plan_for(survey)
    setattr(plan, field, value)
    with pytest.raises(ValidationError) as refused:
        plan.save()
    assert field in refused.value.message_dict
    assert getattr(SendingPlan.objects.get(pk=plan.pk), field) != value


def test_a_window_that_closes_before_it_opens_is_refused(survey):
    plan = plans.plan_for(survey)
    plan.window_start, plan.window_end = plan.window_end, plan.window_start
    with pytest.raises(ValidationError):
        plan.save()


def test_admin_refuses_a_misspelt_time_zone(actors, survey):
    plan = plans.plan_for(survey)
    client = login(actors.quality_developer)
    data = form_data(window_timezone="Europe/Stokholm", survey=str(survey.pk), paused="")
    data["sms_reminder_days"] = "[3, 7, 12]"
    data["email_reminder_days"] = "[4, 10]"
    data["window_weekdays"] = "[0, 1, 2, 3, 4]"
    response = client.post(f"/admin/utskick/sendingplan/{plan.pk}/change/", data)
    assert response.status_code == 200
    assert "Europe/Stokholm" in response.content.decode()
    assert SendingPlan.objects.get(pk=plan.pk).window_timezone == "Europe/Stockholm"


def test_the_plan_page_saves_a_plan_and_shows_the_date_of_every_wave(actors):
    survey = sending_survey(opens_at=TUESDAY_10, days=30)
    client = login(actors.quality_developer)
    response = client.post(
        f"/utskick/{survey.slug}/plan/", form_data(sms_reminder_days="2; 9", window_timezone="Europe/Helsinki")
    )
    assert response.status_code == 302
    plan = SendingPlan.objects.get(survey=survey)
    assert (plan.sms_reminder_days, plan.window_timezone) == ([2, 9], "Europe/Helsinki")
    page = client.get(f"/utskick/{survey.slug}/plan/").content.decode()
    assert '<option value="Europe/Helsinki" selected>' in page


def test_a_bad_zone_on_the_plan_page_is_refused_and_nothing_is_lost(actors):
    survey = sending_survey()
    client = login(actors.quality_developer)
    response = client.post(f"/utskick/{survey.slug}/plan/", form_data(window_timezone="Europe/Stokholm"))
    assert response.status_code == 200
    assert SendingPlan.objects.get(survey=survey).window_timezone == "Europe/Stockholm"


def test_the_waves_fall_on_the_window_in_local_time():
    opens = datetime(2026, 2, 3, 6, 0, tzinfo=UTC)  # Tuesday 07:00 in Stockholm, before the window
    survey = sending_survey(opens_at=opens, days=30)
    plan = plans.plan_for(survey)
    plan.sms_reminder_days = [4]  # Saturday: moves to Monday 09:00
    plan.save()
    waves = {(w.channel, w.step): w.due for w in wave_calendar(survey, plan, opens - timedelta(days=1))}
    assert waves[("sms", 0)] == datetime(2026, 2, 3, 8, 0, tzinfo=UTC)
    assert waves[("sms", 1)] == datetime(2026, 2, 9, 8, 0, tzinfo=UTC)


def test_the_next_send_is_the_earliest_waiting_message_in_the_window():
    survey = sending_survey(opens_at=TUESDAY_10, days=30)
    plan = plans.plan_for(survey)
    assert next_send(survey, plan, TUESDAY_10) is None
    make_invitation(survey, "K1", mobile="+46701234567")
    plans.plan_invitations(survey, TUESDAY_10, plan)
    assert next_send(survey, plan, TUESDAY_10) == TUESDAY_10
