"""The never-send rules: the same cases through the Python rule and the SQL of the attempt statement."""

from datetime import timedelta

import pytest
from django.db import connection

from enkat.models import Invitation, Survey
from enkat.receipts import key_hash
from tests.factories import TUESDAY_10, mark_answered, sending_invitation, sending_survey, stop_reminders_on_page
from utskick.models import Channel, SkipReason
from utskick.never_send import never_send_reason, sendable_params, sendable_sql

pytestmark = pytest.mark.django_db

NOW = TUESDAY_10 + timedelta(hours=1)


@pytest.mark.parametrize(
    ("channel", "invitation_change", "survey_change", "reason"),
    [
        (Channel.SMS, {}, {}, ""),
        (Channel.EMAIL, {}, {}, ""),
        (Channel.SMS, {"answered": True}, {}, SkipReason.ANSWERED),
        (Channel.SMS, {"opted_out_at": TUESDAY_10}, {}, SkipReason.OPTED_OUT),
        (Channel.EMAIL, {"opted_out_on_page": True}, {}, SkipReason.OPTED_OUT),
        (Channel.SMS, {"answered": True, "opted_out_at": TUESDAY_10}, {}, SkipReason.ANSWERED),
        (Channel.EMAIL, {"answered": True, "email": ""}, {}, SkipReason.ANSWERED),
        (Channel.SMS, {}, {"state": Survey.State.CLOSED}, SkipReason.CLOSED),
        (Channel.EMAIL, {}, {"closes_at": NOW}, SkipReason.CLOSED),
        (Channel.SMS, {"mobile_undeliverable": True}, {}, SkipReason.UNDELIVERABLE),
        (Channel.EMAIL, {"mobile_undeliverable": True}, {}, ""),
        (Channel.EMAIL, {"email_undeliverable": True}, {}, SkipReason.UNDELIVERABLE),
        (Channel.SMS, {"mobile": ""}, {}, SkipReason.NO_CONTACT),
        (Channel.EMAIL, {"email": ""}, {}, SkipReason.NO_CONTACT),
        (Channel.SMS, {"mobile": "", "mobile_undeliverable": True}, {}, SkipReason.UNDELIVERABLE),
    ],
)
def test_the_python_rule_and_the_sql_agree(channel, invitation_change, survey_change, reason):
    survey = sending_survey()
    Survey.objects.filter(pk=survey.pk).update(**survey_change)
    invitation = sending_invitation(survey, email="kund@example.se")
    other = sending_invitation(survey, email="annan@example.se")
    mark_answered(other)  # another invitation's receipt or opt-out never counts for this one
    stop_reminders_on_page(other)
    if invitation_change.pop("answered", False):
        mark_answered(invitation)  # the receipt, under the invitation's key hash
    if invitation_change.pop("opted_out_on_page", False):
        stop_reminders_on_page(invitation)  # the keyed draft's flag
    Invitation.objects.filter(pk=invitation.pk).update(**invitation_change)
    invitation = Invitation.objects.select_related("survey").get(pk=invitation.pk)

    assert never_send_reason(invitation, channel, NOW) == reason

    table, surveys = Invitation._meta.db_table, Survey._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {table} INNER JOIN {surveys} ON {surveys}.id = {table}.survey_id "  # noqa: S608
            f"WHERE {table}.id = %s AND {sendable_sql(channel)}",
            [
                invitation.pk,
                *sendable_params(connection.ops.adapt_datetimefield_value(NOW), key_hash(invitation.token_hash)),
            ],
        )
        sendable = cursor.fetchone()[0] == 1
    assert sendable == (reason == "")
