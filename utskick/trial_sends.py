"""Send to myself: the real invitation, by SMS or e-mail, with a test link, to the quality developer.

The message is rendered and sent exactly as the worker sends an invitation (the same
templates, language, sender and transport), but its link is a test link
(`enkat.trial_links`): what is answered with it counts in no figure. The phone number or
address is used for this one send and never stored; the log names it masked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from common.logging import mask_email, mask_phone
from enkat import trial_links
from enkat.contacts import InvalidPhone, normalise_mobile
from enkat.models import Invitation, Survey
from register import organisation
from utskick.backends import SmsMessage, TransportError, get_sms_backend
from utskick.backends.email import send_email
from utskick.models import Channel
from utskick.rendering import render_email, render_sms

logger = logging.getLogger(__name__)


class TrialSendError(Exception):
    """Nothing was sent; the message says why, for the page."""


@dataclass(frozen=True)
class TrialSend:
    channel: str
    masked: str  # the contact as the page and the log show it


def parse_contact(raw: str) -> tuple[str, str]:
    """(channel, contact): an e-mail address if it has an @, otherwise a mobile number in E.164."""
    text = raw.strip()
    if not text:
        raise TrialSendError(_("Enter a mobile number or an e-mail address."))
    if "@" in text:
        try:
            validate_email(text)
        except ValidationError:
            raise TrialSendError(_("“%(value)s” is not an e-mail address.") % {"value": text}) from None
        return Channel.EMAIL, text
    try:
        return Channel.SMS, normalise_mobile(text)
    except InvalidPhone as exc:
        raise TrialSendError(str(exc)) from None


def _example_provider(survey: Survey) -> str:
    """A provider's name from the survey's sample, so the text reads as a customer's would."""
    names = Invitation.objects.filter(survey=survey).exclude(provider_name="").values_list("provider_name", flat=True)
    return names.order_by("provider_name").first() or ""


def send_to_self(survey: Survey, language: str, contact: str, *, reminder: bool = False) -> TrialSend:
    """Send the survey's invitation (or first reminder) with a new test link to `contact`."""
    channel, address = parse_contact(contact)
    with transaction.atomic():
        invitation = trial_links.create_test_invitation(survey, language)
    # In memory only: the stored test invitation has no contact details.
    invitation.provider_name = _example_provider(survey)
    step = 1 if reminder else 0
    masked = mask_phone(address) if channel == Channel.SMS else mask_email(address)
    try:
        if channel == Channel.SMS:
            backend = get_sms_backend()
            backend.open()
            try:
                body = render_sms(invitation, step)
                backend.send(SmsMessage(to=address, body=body, sender=organisation.profile().sms_sender))
            finally:
                backend.close()
        else:
            invitation.email = address
            send_email(render_email(invitation, step), get_connection())
    except TransportError as exc:
        logger.warning("test %s for survey %s to %s failed: %s", channel, survey.slug, masked, exc.message)
        raise TrialSendError(_("The message could not be sent (%(reason)s).") % {"reason": exc.message}) from exc
    finally:
        invitation.email = ""
        invitation.mobile = ""
    logger.info("test %s for survey %s sent to %s", channel, survey.slug, masked)
    return TrialSend(channel, masked)
