"""Claiming and recovery: a dead worker's rows, leases, and never one row for two workers."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import TUESDAY_10, sending_invitation
from utskick import claiming, plans, runloop
from utskick.models import MessageStatus

pytestmark = pytest.mark.django_db


def run_at(moment: datetime, **kwargs) -> runloop.RunReport:
    with time_machine.travel(moment, tick=False):
        return runloop.run_due(**kwargs)


def test_a_message_whose_worker_died_after_attempting_is_uncertain_and_never_resent(survey, sms_outbox):
    invitation = sending_invitation(survey)
    with time_machine.travel(TUESDAY_10, tick=False):
        plans.plan_invitations(survey, timezone.now())
    # A worker on this machine claimed the invitation, recorded the attempt, then died.
    dead = f"{claiming.socket.gethostname()}:999999:abcd"
    invitation.messages.filter(step=0).update(status=MessageStatus.ATTEMPTING, claimed_by=dead)
    run_at(TUESDAY_10 + timedelta(minutes=1))
    assert invitation.messages.get(step=0).status == MessageStatus.UNCERTAIN
    assert sms_outbox == []
    # The next reminder still goes out.
    run_at(TUESDAY_10 + timedelta(days=3))
    assert invitation.messages.get(step=1).status == MessageStatus.SENT
    assert len(sms_outbox) == 1


def test_a_claimed_but_never_attempted_message_is_given_back_and_sent(survey, sms_outbox):
    invitation = sending_invitation(survey)
    with time_machine.travel(TUESDAY_10, tick=False):
        plans.plan_invitations(survey, timezone.now())
    invitation.messages.filter(step=0).update(
        status=MessageStatus.CLAIMED, claimed_by=f"{claiming.socket.gethostname()}:999999:abcd"
    )
    run_at(TUESDAY_10 + timedelta(minutes=1))
    assert invitation.messages.get(step=0).status == MessageStatus.SENT
    assert len(sms_outbox) == 1


def test_a_live_workers_claim_is_left_alone_until_its_lease_ends(survey, sms_outbox, settings):
    invitation = sending_invitation(survey)
    with time_machine.travel(TUESDAY_10, tick=False):
        plans.plan_invitations(survey, timezone.now())
    invitation.messages.filter(step=0).update(
        status=MessageStatus.ATTEMPTING, claimed_by="other-host:1:x", claimed_at=TUESDAY_10
    )
    run_at(TUESDAY_10 + timedelta(minutes=1))
    assert invitation.messages.get(step=0).status == MessageStatus.ATTEMPTING
    run_at(TUESDAY_10 + timedelta(seconds=settings.UTSKICK_CLAIM_LEASE_SECONDS + 60))
    assert invitation.messages.get(step=0).status == MessageStatus.UNCERTAIN
    assert sms_outbox == []


def test_two_claims_never_get_the_same_row(survey):
    for _ in range(5):
        sending_invitation(survey)
    with time_machine.travel(TUESDAY_10, tick=False):
        plans.plan_invitations(survey, timezone.now())
        first = claiming.claim_batch([survey.pk], timezone.now(), 3, "a:1")
        second = claiming.claim_batch([survey.pk], timezone.now(), 10, "b:2")
    assert len(first) == 3 and len(second) == 2
    assert not {m.pk for m in first} & {m.pk for m in second}
