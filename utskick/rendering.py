"""Render each SMS and e-mail in the customer's own language."""

import functools
from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from enkat.models import Invitation
from enkat.services import survey_link
from register import organisation
from utskick.gsm import clean_sms_text, fit_septets


def provider_name(invitation: Invitation) -> str:
    if invitation.provider_name:
        return invitation.provider_name
    return invitation.provider.name if invitation.provider_id else ""


def _language(invitation: Invitation) -> str:
    codes = {code for code, _ in settings.LANGUAGES}
    return invitation.language if invitation.language in codes else settings.LANGUAGE_CODE


# Stands for the link while a text is rendered once per language, step and provider. A link is
# one word of URL characters, so putting it in afterwards gives the very text rendering it would.
_LINK = "utskicklinkplaceholder"


# The Swedish invitation fits one GSM-7 segment with provider names up to this long and a
# SITE_URL as long as utskick.preview.longest_site_url() says; longer names are cut.
SMS_PROVIDER_MAX = 40


def sms_provider_name(name: str) -> str:
    """The provider's name as an SMS gives it: cleaned to GSM-7 where possible, cut to SMS_PROVIDER_MAX.

    Cut at a word where that keeps most of the name, with no ellipsis (one "…" would make the
    whole message UCS-2): "Stiftelsen Arbetsmarknadsutveckling i Norra Stor" reads better cut at
    a word than in the middle of one.
    """
    cleaned = " ".join(clean_sms_text(name).split())
    cut = fit_septets(cleaned, SMS_PROVIDER_MAX)
    if cut == cleaned:
        return cleaned
    if cleaned[len(cut)] != " " and " " in cut:  # the cut fell inside a word
        at_word = cut.rsplit(" ", 1)[0]
        if len(at_word) >= SMS_PROVIDER_MAX * 2 // 3:
            cut = at_word
    return cut.rstrip(" ,.;:-&/(")


@functools.lru_cache(maxsize=512)
def _sms_frame(language: str, step: int, provider: str) -> str:
    template = "utskick/sms/invitation.txt" if step == 0 else "utskick/sms/reminder.txt"
    with translation.override(language):
        text = render_to_string(template, {"provider": sms_provider_name(provider), "link": _LINK})
    # A look-alike character would switch the whole message to UCS-2 and double its price. The
    # link is plain GSM-7, so cleaning the text before it goes in cleans the same characters.
    return clean_sms_text(" ".join(text.split()))


def render_sms_text(language: str, step: int, provider: str, link: str) -> str:
    # Cached per process: the worker renders the same few texts 100 000 times, only the link differs.
    return _sms_frame(language, step, provider).replace(_LINK, link)


def render_sms(invitation: Invitation, step: int) -> str:
    return render_sms_text(_language(invitation), step, provider_name(invitation), survey_link(invitation))


def render_email(invitation: Invitation, step: int) -> EmailMultiAlternatives:
    language = _language(invitation)
    with translation.override(language):
        context = {
            "provider": provider_name(invitation),
            "link": survey_link(invitation),
            "reminder": step > 0,
            "language": language,
            "direction": "rtl" if translation.get_language_bidi() else "ltr",
            "organisation": organisation.profile(),
            "privacy_link": f"{settings.SITE_URL}{reverse('survey:privacy')}?lang={language}",
        }
        subject = " ".join(render_to_string("utskick/email/subject.txt", context).split())
        context["subject"] = subject
        text = render_to_string("utskick/email/message.txt", context)
        html = render_to_string("utskick/email/message.html", context)
    message = EmailMultiAlternatives(subject, text, _from_address(), [invitation.email])
    message.attach_alternative(html, "text/html")
    message.extra_headers["Content-Language"] = language
    return message


def _from_address() -> str:
    """DEFAULT_FROM_EMAIL's address, under the municipality's name when the profile has one."""
    name = organisation.profile().name
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if not (name and address):
        return settings.DEFAULT_FROM_EMAIL
    return str(Address(display_name=name, addr_spec=address))  # quoted where the name needs it
