from dataclasses import dataclass


@dataclass(frozen=True)
class SmsMessage:
    to: str  # E.164
    body: str
    sender: str = ""  # an alphanumeric sender name; empty: the backend's configured sender
    validity_period: int | None = None  # seconds the provider may keep it queued
    status_callback: str = ""


@dataclass(frozen=True)
class SendResult:
    provider_id: str
    status: str  # MessageStatus.QUEUED when accepted by a provider that reports delivery later, else SENT


class TransportError(Exception):
    """A message was not sent.

    permanent: the contact can never receive messages (an invalid or unsubscribed number).
    uncertain: the request may have reached the provider (a read timeout), so it must not
    be sent again.
    """

    def __init__(self, message: str, *, permanent: bool = False, uncertain: bool = False, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.uncertain = uncertain
        self.code = code


class BaseSmsBackend:
    def open(self) -> None:
        """Open a connection if the backend keeps one; called once per batch."""

    def close(self) -> None:
        """Close what open() opened."""

    def send(self, message: SmsMessage) -> SendResult:
        raise NotImplementedError
