"""Demo: send the open demo survey's invitations to the outbox under var/outbox/.

Always through the file backends, whatever the settings say, so a demo never sends a
real SMS. A second run sends nothing new: every invitation already has its row.
"""

from datetime import time
from typing import TextIO

from django.core.mail import get_connection
from django.utils import timezone

from enkat.models import Survey
from utskick import claiming, plans, sending
from utskick.backends import get_sms_backend
from utskick.models import Message, MessageStatus
from utskick.window import Window

FILE_SMS_BACKEND = "utskick.backends.file.SmsBackend"
FILE_EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def seed(stdout: TextIO) -> None:
    now = timezone.now()
    surveys = [survey for survey in Survey.objects.order_by("pk") if survey.is_accepting(now)]
    sms_backend = get_sms_backend(FILE_SMS_BACKEND)
    email_connection = get_connection(FILE_EMAIL_BACKEND)
    for survey in surveys:
        plan = plans.plan_for(survey)
        plans.plan_invitations(survey, now, plan)
        # Real customers get the plan's window; the demo writes files at any hour of the day.
        window = Window(frozenset(range(7)), time(0, 0), time(23, 59, 59), Window.of(plan).timezone)
        sent = 0
        # The demo shows the invitations at once, whatever the hour: the window is for real customers.
        Message.objects.filter(survey=survey, step=0, status=MessageStatus.PENDING).update(due_at=now)
        while batch := claiming.claim_batch([survey.pk], timezone.now(), 100, claiming.worker_name(), steps=[0]):
            for message in batch:
                outcome = sending.send_message(message, sms_backend, email_connection, window)
                sent += outcome.status in (MessageStatus.SENT, MessageStatus.QUEUED)
        stdout.write(f"utskick: {survey.slug}: {sent} invitations written to the outbox\n")
