"""The organisation profile as the survey pages, SMS and e-mail need it, read from a cache.

The survey pages are the hot path: they must not pay a query for the municipality's name.
So the small part of the profile they show is kept in this process for a few seconds, and
in Django's cache (shared by all workers when CACHE_URL is set) until the profile is saved,
which deletes it. With the default per-process cache another worker sees a change within
SHARED_SECONDS.
"""

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

CACHE_KEY = "register:organisation:v1"
LOCAL_SECONDS = 5.0
SHARED_SECONDS = 5 * 60


@dataclass(frozen=True)
class Profile:
    name: str
    sms_sender: str
    phone: str
    email: str
    version: int  # changes on every save: part of the key of anything rendered with the profile

    @property
    def has_contact(self) -> bool:
        return bool(self.phone or self.email)


_local: tuple[float, Profile] | None = None
_lock = threading.Lock()


def _from_database() -> Profile:
    from register.models import Organisation

    organisation = Organisation.load()
    version = int(organisation.updated.timestamp() * 1_000_000) if organisation.updated else 0
    return Profile(
        name=organisation.name,
        sms_sender=organisation.sms_sender,
        phone=organisation.contact_phone,
        email=organisation.contact_email,
        version=version,
    )


def profile() -> Profile:
    """The organisation profile: from this process's memory, else the cache, else the database."""
    global _local
    hit = _local
    now = time.monotonic()
    if hit is not None and hit[0] > now:
        return hit[1]
    value = cache.get(CACHE_KEY)
    if not isinstance(value, Profile):
        value = _from_database()
        cache.set(CACHE_KEY, value, SHARED_SECONDS)
    with _lock:
        _local = (now + LOCAL_SECONDS, value)
    return value


def invalidate() -> None:
    """Forget the cached profile (called when it is saved)."""
    global _local
    with _lock:
        _local = None
    cache.delete(CACHE_KEY)


def sms_sender() -> str:
    """The sender of every SMS: the municipality's sender name, else the configured default."""
    return profile().sms_sender or settings.SMS_SENDER


def privacy_notice(language: str) -> str:
    """The privacy notice in a language: the municipality's own text, else the product's default."""
    from register.models import Organisation
    from register.privacy_notices import default_notice

    organisation = Organisation.load()
    own = getattr(organisation, Organisation.privacy_field(language), "") if language else ""
    text = own.strip() or default_notice(language)
    replacements = {
        "{municipality}": organisation.name or default_municipality(language),
        "{retention_days}": str(settings.CONTACT_RETENTION_DAYS),
    }
    for placeholder, value in replacements.items():
        text = text.replace(placeholder, value)
    return text


def default_municipality(language: str) -> str:
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override(language):
        return gettext("the municipality")
