"""Sending plans: the steps copied onto each invitation, pauses, closing out, and the window across daylight saving."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import TUESDAY_10, sending_invitation, sending_survey
from utskick import plans, runloop
from utskick.models import Channel, Message, MessageStatus, SkipReason

pytestmark = pytest.mark.django_db


def run_at(moment: datetime, **kwargs) -> runloop.RunReport:
    with time_machine.travel(moment, tick=False):
        return runloop.run_due(**kwargs)


def test_the_plan_is_copied_onto_each_invitation_with_sms_and_email_days(survey):
    sms = sending_invitation(survey)
    email = sending_invitation(survey, mobile="", email="kund@example.se")
    with time_machine.travel(TUESDAY_10, tick=False):
        plans.plan_invitations(survey, timezone.now())
    assert list(sms.messages.order_by("step").values_list("channel", "day_offset")) == [
        ("sms", 0),
        ("sms", 3),
        ("sms", 7),
        ("sms", 12),
    ]
    assert list(email.messages.order_by("step").values_list("channel", "day_offset")) == [
        ("email", 0),
        ("email", 4),
        ("email", 10),
    ]


def test_a_later_edit_of_the_plan_does_not_change_planned_messages(survey):
    invitation = sending_invitation(survey)
    run_at(TUESDAY_10)
    plan = plans.plan_for(survey)
    plan.sms_reminder_days = [1, 2]
    plan.save()
    run_at(TUESDAY_10 + timedelta(hours=1))
    assert list(invitation.messages.values_list("day_offset", flat=True).order_by("step")) == [0, 3, 7, 12]


def test_the_channel_preference_can_choose_email_first(survey):
    plan = plans.plan_for(survey)
    plan.channel_preference = "email_first"
    plan.save()
    invitation = sending_invitation(survey, email="kund@example.se")
    run_at(TUESDAY_10)
    assert set(invitation.messages.values_list("channel", flat=True)) == {Channel.EMAIL}


def test_pending_messages_of_a_closed_survey_are_marked_not_sent(survey, sms_outbox):
    sending_invitation(survey)
    run_at(TUESDAY_10)
    run_at(survey.closes_at + timedelta(hours=1))
    assert Message.objects.filter(status=MessageStatus.PENDING).count() == 0
    assert Message.objects.filter(skip_reason=SkipReason.CLOSED).count() == 3
    assert len(sms_outbox) == 1


def test_a_paused_survey_sends_nothing_until_resumed(survey, sms_outbox):
    sending_invitation(survey)
    plans.set_paused(survey, True)
    run_at(TUESDAY_10)
    assert sms_outbox == []
    plans.set_paused(survey, False)
    run_at(TUESDAY_10 + timedelta(minutes=1))
    assert len(sms_outbox) == 1


def test_a_message_due_on_saturday_waits_until_monday_at_nine(sms_outbox):
    saturday = datetime(2026, 2, 7, 11, 0, tzinfo=UTC)  # 12:00 in Stockholm
    survey = sending_survey(opens_at=saturday)
    sending_invitation(survey)
    run_at(saturday)
    assert sms_outbox == []
    [due] = Message.objects.filter(step=0).values_list("due_at", flat=True)
    assert due == datetime(2026, 2, 9, 8, 0, tzinfo=UTC)  # Monday 09:00 CET
    run_at(datetime(2026, 2, 9, 7, 59, tzinfo=UTC))
    assert sms_outbox == []
    run_at(datetime(2026, 2, 9, 8, 0, tzinfo=UTC))
    assert len(sms_outbox) == 1


def test_a_reminder_across_the_spring_change_keeps_its_local_time():
    friday = datetime(2026, 3, 27, 9, 30, tzinfo=UTC)  # 10:30 CET; clocks go forward on Sunday 29 March
    survey = sending_survey(opens_at=friday)
    sending_invitation(survey)
    run_at(friday)
    reminder = Message.objects.get(step=1)
    assert reminder.due_at == datetime(2026, 3, 30, 8, 30, tzinfo=UTC)  # Monday 10:30 CEST


def test_the_window_follows_summer_time_after_the_spring_change(sms_outbox):
    survey = sending_survey(opens_at=datetime(2026, 3, 30, 5, 0, tzinfo=UTC))
    sending_invitation(survey)
    run_at(datetime(2026, 3, 30, 6, 30, tzinfo=UTC))  # 08:30 CEST: still closed (07:30 in winter time)
    assert sms_outbox == []
    run_at(datetime(2026, 3, 30, 7, 0, tzinfo=UTC))  # 09:00 CEST
    assert len(sms_outbox) == 1


def test_the_window_closes_at_seven_in_the_evening_after_the_autumn_change(sms_outbox):
    survey = sending_survey(opens_at=datetime(2026, 10, 26, 8, 0, tzinfo=UTC))
    sending_invitation(survey)
    run_at(datetime(2026, 10, 26, 18, 0, tzinfo=UTC))  # 19:00 CET: closed (20:00 in summer time)
    assert sms_outbox == []
    run_at(datetime(2026, 10, 27, 8, 0, tzinfo=UTC))  # Tuesday 09:00 CET
    assert len(sms_outbox) == 1


def test_a_reminder_that_falls_on_the_autumn_sunday_waits_for_monday_morning():
    thursday = datetime(2026, 10, 22, 16, 30, tzinfo=UTC)  # 18:30 CEST; clocks go back on Sunday 25 October
    survey = sending_survey(opens_at=thursday)
    sending_invitation(survey)
    run_at(thursday)
    reminder = Message.objects.get(step=1)
    assert reminder.due_at == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)  # Monday 09:00 CET
