"""Production SMS through Twilio's Messages API with the official library."""

import logging
import os
import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from twilio.base.exceptions import TwilioException
from twilio.rest import Client
from urllib3.exceptions import ConnectTimeoutError, HTTPError, NewConnectionError, ReadTimeoutError

from common.logging import mask_phone
from utskick.backends.base import BaseSmsBackend, SendResult, SmsMessage, TransportError
from utskick.backends.twilio_http import Urllib3HttpClient
from utskick.models import MessageStatus

logger = logging.getLogger(__name__)

# Twilio error codes that say the number will never work, so retrying or reminding is waste.
PERMANENT_ERROR_CODES = {
    21211: "invalid number",
    21614: "not a mobile number",
    21610: "unsubscribed (the customer replied STOP)",
}

# The library logs whole requests, body and number included, at INFO: keep it quiet.
_library_logger = logging.getLogger("utskick.twilio.http")
_library_logger.setLevel(logging.WARNING)


def _retryable(status: int) -> bool:
    return status == 429 or 500 <= status <= 599


DEFAULT_BASE_URL = "https://api.twilio.com"


def make_client() -> Client:
    account_sid = settings.TWILIO_ACCOUNT_SID
    if not account_sid:
        raise ImproperlyConfigured("TWILIO_ACCOUNT_SID must be set for the Twilio SMS backend")
    if settings.TWILIO_API_KEY_SID:
        username, password = settings.TWILIO_API_KEY_SID, settings.TWILIO_API_KEY_SECRET
    else:
        username, password = account_sid, settings.TWILIO_AUTH_TOKEN
    if not password:
        raise ImproperlyConfigured("Set TWILIO_AUTH_TOKEN, or TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET")
    base_url = (settings.TWILIO_BASE_URL or DEFAULT_BASE_URL).rstrip("/")
    # No retries in the transport: the backend retries itself, bounded and only when it is safe.
    # The proxy for the API's scheme is read once here, not from the environment per request.
    scheme = "HTTP" if base_url.startswith("http:") else "HTTPS"
    proxy_url = os.environ.get(f"{scheme}_PROXY") or os.environ.get(f"{scheme.lower()}_proxy")
    http_client = Urllib3HttpClient(_library_logger, timeout=settings.TWILIO_TIMEOUT, proxy_url=proxy_url)
    client = Client(username, password, account_sid, http_client=http_client)
    client.api.base_url = base_url
    return client


class SmsBackend(BaseSmsBackend):
    def __init__(self) -> None:
        self.client = make_client()
        self.max_attempts = settings.TWILIO_MAX_ATTEMPTS
        self.backoff = settings.TWILIO_BACKOFF_SECONDS

    def _create(self, message: SmsMessage):
        params: dict = {"to": message.to, "body": message.body}
        if message.sender:  # the municipality's sender name (organisation profile)
            params["from_"] = message.sender
        elif settings.TWILIO_MESSAGING_SERVICE_SID:
            params["messaging_service_sid"] = settings.TWILIO_MESSAGING_SERVICE_SID
        else:
            params["from_"] = settings.TWILIO_FROM or settings.SMS_SENDER
        if message.validity_period:
            params["validity_period"] = message.validity_period
        if message.status_callback:
            params["status_callback"] = message.status_callback
        return self.client.messages.create(**params)

    def send(self, message: SmsMessage) -> SendResult:
        for attempt in range(1, self.max_attempts + 1):
            try:
                created = self._create(message)
                return SendResult(provider_id=created.sid or "", status=MessageStatus.QUEUED)
            except NewConnectionError as exc:  # also a ConnectTimeoutError: test it first
                # The connection could not even be opened: nothing was sent, safe to try again.
                error = TransportError("connection refused", code="connection")
                cause: Exception = exc
            except ConnectTimeoutError as exc:
                error = TransportError("connect timeout", code="timeout")
                cause = exc
            except ReadTimeoutError as exc:
                # The request may have been accepted: a second try could send it twice.
                raise TransportError("read timeout", uncertain=True, code="timeout") from exc
            except HTTPError as exc:
                # The connection broke after the request went out, or the answer was garbled.
                raise TransportError("connection lost", uncertain=True, code="connection") from exc
            except TwilioException as exc:
                status = int(getattr(exc, "status", 0) or 0)
                code = getattr(exc, "code", None)
                if code in PERMANENT_ERROR_CODES:
                    raise TransportError(PERMANENT_ERROR_CODES[code], permanent=True, code=str(code)) from exc
                if not _retryable(status):
                    raise TransportError(f"Twilio answered {status}", code=str(code or status)) from exc
                error = TransportError(f"Twilio answered {status}", code=str(code or status))
                cause = exc
            if attempt == self.max_attempts:
                raise error from cause
            delay = self.backoff * (2 ** (attempt - 1))
            logger.warning(
                "SMS to %s: %s, attempt %d of %d, retrying in %.2f s",
                mask_phone(message.to),
                error.message,
                attempt,
                self.max_attempts,
                delay,
            )
            time.sleep(delay)
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.client.http_client.close()
