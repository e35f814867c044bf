"""Keeps sent SMS in a list, for tests: utskick.backends.locmem.outbox."""

import itertools
import threading

from utskick.backends.base import BaseSmsBackend, SendResult, SmsMessage
from utskick.models import MessageStatus

outbox: list[SmsMessage] = []
_counter = itertools.count(1)
_lock = threading.Lock()


class SmsBackend(BaseSmsBackend):
    def send(self, message: SmsMessage) -> SendResult:
        with _lock:
            outbox.append(message)
            number = next(_counter)
        return SendResult(provider_id=f"locmem-{number}", status=MessageStatus.SENT)
