"""Writes each SMS to its own file in SMS_FILE_PATH: the development outbox."""

import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from utskick.backends.base import BaseSmsBackend, SendResult, SmsMessage
from utskick.models import MessageStatus


class SmsBackend(BaseSmsBackend):
    def __init__(self, file_path: str | None = None) -> None:
        self.directory = Path(file_path or settings.SMS_FILE_PATH)

    def send(self, message: SmsMessage) -> SendResult:
        self.directory.mkdir(parents=True, exist_ok=True)
        now = timezone.now()
        message_id = f"file-{uuid.uuid4().hex}"
        path = self.directory / f"{now:%Y%m%d-%H%M%S}-{message_id}.txt"
        lines = [
            f"Date: {now.isoformat()}",
            f"From: {message.sender or settings.SMS_SENDER}",
            f"To: {message.to}",
            f"Validity-Period: {message.validity_period or ''}",
            "",
            message.body,
            "",
        ]
        # Exclusive create: two workers never write into the same file.
        with path.open("x", encoding="utf-8") as handle:
            handle.write("\n".join(lines))
        return SendResult(provider_id=message_id, status=MessageStatus.SENT)
