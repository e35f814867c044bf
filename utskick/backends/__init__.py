"""SMS backends, chosen by settings.SMS_BACKEND in the style of Django's EMAIL_BACKEND."""

from django.conf import settings
from django.utils.module_loading import import_string

from utskick.backends.base import BaseSmsBackend, SendResult, SmsMessage, TransportError

__all__ = ["BaseSmsBackend", "SendResult", "SmsMessage", "TransportError", "get_sms_backend"]


def get_sms_backend(path: str | None = None) -> BaseSmsBackend:
    return import_string(path or settings.SMS_BACKEND)()
