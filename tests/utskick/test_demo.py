import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.factories import sending_invitation, sending_survey
from utskick import demo

pytestmark = pytest.mark.django_db


def test_the_demo_writes_the_open_surveys_invitations_to_the_outbox_once(settings):
    settings.SMS_BACKEND = "utskick.backends.twilio.SmsBackend"  # the demo must ignore it
    survey = sending_survey(opens_at=timezone.now() - timedelta(days=1))
    sending_invitation(survey)
    sending_invitation(survey, mobile="", email="kund@example.se")
    demo.seed(io.StringIO())
    sms_files = list(Path(settings.SMS_FILE_PATH).iterdir())
    email_files = list(Path(settings.EMAIL_FILE_PATH).iterdir())
    assert len(sms_files) == 1 and len(email_files) == 1
    demo.seed(io.StringIO())
    assert len(list(Path(settings.SMS_FILE_PATH).iterdir())) == 1
    assert len(list(Path(settings.EMAIL_FILE_PATH).iterdir())) == 1
