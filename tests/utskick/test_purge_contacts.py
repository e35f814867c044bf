from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from enkat.models import Draft, Invitation, Receipt, Response
from tests.factories import make_responses, mark_answered, sending_invitation, sending_survey, stop_reminders_on_page
from utskick import plans, purge, runloop
from utskick.models import GroupTally

pytestmark = pytest.mark.django_db


def gone(invitation) -> bool:
    return not Invitation.all_objects.filter(pk=invitation.pk).exists()


def test_invitations_are_erased_thirty_days_after_closing_and_answers_and_counts_stay(settings):
    survey = sending_survey(days=10)
    invitation = sending_invitation(survey, email="kund@example.se")
    mark_answered(invitation)
    stop_reminders_on_page(sending_invitation(survey))
    make_responses(survey, n=1, codes=[])
    with time_machine.travel(survey.closes_at + timedelta(days=29), tick=False):
        call_command("purge_contacts")
    invitation.refresh_from_db()
    assert invitation.mobile and invitation.email and Receipt.objects.filter(survey=survey).exists()
    with time_machine.travel(survey.closes_at + timedelta(days=30, minutes=1), tick=False):
        call_command("purge_contacts")
    assert gone(invitation)
    # The keyed receipts and drafts go too (no foreign key cascades them), after the tallies were taken.
    assert not Receipt.objects.filter(survey=survey).exists() and not Draft.objects.filter(survey=survey).exists()
    assert Response.objects.filter(survey=survey).count() == 1
    total = GroupTally.objects.get(survey=survey, per_provider=False, dimension=GroupTally.TOTAL)
    assert (total.invited, total.answered, total.opted_out, total.with_mobile, total.with_email) == (2, 1, 1, 2, 1)


def test_a_survey_can_keep_contacts_for_a_shorter_time():
    survey = sending_survey(days=10)
    plan = plans.plan_for(survey)
    plan.retention_days = 7
    plan.save()
    invitation = sending_invitation(survey)
    with time_machine.travel(survey.closes_at + timedelta(days=8), tick=False):
        purge.purge_contacts(survey.closes_at + timedelta(days=8))
    assert gone(invitation)


def test_the_worker_also_purges(sms_outbox):
    survey = sending_survey(days=10)
    invitation = sending_invitation(survey)
    with time_machine.travel(survey.closes_at + timedelta(days=31), tick=False):
        report = runloop.run_due()
    assert report.purged == 1 and gone(invitation)


def test_an_open_survey_keeps_its_contacts():
    survey = sending_survey(days=10)
    invitation = sending_invitation(survey)
    with time_machine.travel(survey.closes_at - timedelta(days=1), tick=False):
        purge.purge_contacts(survey.closes_at - timedelta(days=1))
    invitation.refresh_from_db()
    assert invitation.mobile


def test_a_survey_closed_early_by_hand_counts_retention_from_the_real_close():
    from enkat.services import close_survey

    survey = sending_survey(days=10)
    invitation = sending_invitation(survey)
    closed_at = survey.closes_at - timedelta(days=9)
    with time_machine.travel(closed_at, tick=False):
        close_survey(survey)
    survey.refresh_from_db()
    assert survey.closes_at == closed_at
    later = closed_at + timedelta(days=30, minutes=1)  # still 20 days before the planned close + 30
    with time_machine.travel(later, tick=False):
        purge.purge_contacts(later)
    assert gone(invitation)


def test_every_purge_after_the_retention_period_erases_invitations_put_back_and_keeps_the_first_counts():
    survey = sending_survey(days=10)
    for i in range(10):
        sending_invitation(survey, email=f"k{i}@example.se")
    after = survey.closes_at + timedelta(days=31)
    assert purge.purge_contacts(after) == 10
    # Invitations put back afterwards (an import, a restore): the next run erases them again.
    for i in range(3):
        sending_invitation(survey, email=f"igen{i}@example.se")
    assert purge.purge_contacts(after + timedelta(hours=1)) == 3
    assert not Invitation.all_objects.filter(survey=survey).exists()
    assert GroupTally.objects.get(survey=survey, per_provider=False, dimension=GroupTally.TOTAL).invited == 10


def test_the_file_outbox_is_purged_with_the_contacts(settings, tmp_path):
    from utskick.backends.base import SmsMessage
    from utskick.backends.file import SmsBackend

    survey = sending_survey(days=10)
    erased = sending_invitation(survey, mobile="+46701112233")
    other_survey = sending_survey(slug="pagaende", opens_at=survey.closes_at, days=60)
    kept = sending_invitation(other_survey, mobile="+46704445566")
    backend = SmsBackend()
    for invitation in (erased, kept):
        backend.send(SmsMessage(to=invitation.mobile, body="Hej! Svara på enkäten.", sender="Kommunen"))
    email_dir = Path(settings.EMAIL_FILE_PATH)
    email_dir.mkdir(parents=True)
    (email_dir / "mail.log").write_text("To: +46701112233\n")  # any outbox file naming the contact
    purge.purge_contacts(survey.closes_at + timedelta(days=31))
    remaining = [p.read_text() for p in Path(settings.SMS_FILE_PATH).iterdir()]
    assert len(remaining) == 1 and "+46704445566" in remaining[0]
    assert list(email_dir.iterdir()) == []
