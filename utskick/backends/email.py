"""E-mail through Django's mail connection, failing as the SMS backends do: with TransportError."""

import smtplib

from django.core.mail import EmailMessage

from utskick.backends.base import TransportError


def send_email(email: EmailMessage, connection) -> None:
    """Send one e-mail on `connection`; a refused recipient is permanent, as an invalid number is."""
    email.connection = connection
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused as exc:
        raise TransportError("refused", permanent=True, code="refused") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise TransportError(type(exc).__name__, code=type(exc).__name__[:20]) from exc
