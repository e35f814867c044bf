"""Prints each SMS to stdout with the number masked and the link's token hidden.

Stdout often ends up in a log (systemd, containers), and logs never hold a full number
or a token.
"""

import sys
import threading
import uuid
from typing import TextIO

from django.conf import settings

from common.logging import mask_phone, redact
from utskick.backends.base import BaseSmsBackend, SendResult, SmsMessage
from utskick.models import MessageStatus


class SmsBackend(BaseSmsBackend):
    _lock = threading.Lock()

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def send(self, message: SmsMessage) -> SendResult:
        sender = message.sender or settings.SMS_SENDER
        text = f"SMS from {sender} to {mask_phone(message.to)}\n{redact(message.body)}\n{'-' * 40}\n"
        with self._lock:
            self.stream.write(text)
            self.stream.flush()
        return SendResult(provider_id=f"console-{uuid.uuid4().hex}", status=MessageStatus.SENT)
