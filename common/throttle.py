"""The throttles: failed staff logins, and wrong survey links.

Failed logins, with a cool-off (never a permanent lock):
- an account is locked for one address after LOGIN_THROTTLE_LIMIT failures from it;
- an address is locked for every account after LOGIN_THROTTLE_ADDRESS_LIMIT failures;
- across addresses an account is only slowed down: after LOGIN_THROTTLE_ACCOUNT_SLOWDOWN_AFTER
  failures, a browser that has not logged in to it before must wait LOGIN_THROTTLE_ACCOUNT_DELAY
  seconds after the latest failure. A browser that has (common.login_devices) is not slowed down.
No single client can lock anyone else out: its own address is all it can exhaust.

Wrong survey links are counted per address in the cache (Redis in production, so that
every gunicorn worker sees the same count). Only unknown tokens are counted and refused:
a valid link is always served.

Every throttle counts the client's address as the trusted proxy chain reports it
(common.clientaddress).
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpRequest
from django.utils import timezone

from common.clientaddress import client_address
from register.models import LoginAttempt


def _since():
    return timezone.now() - timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW)


def is_throttled(username: str, address: str, known_device: bool = False) -> bool:
    recent = LoginAttempt.objects.filter(created__gte=_since())
    account = recent.filter(username=username.lower())
    if account.filter(address=address).count() >= settings.LOGIN_THROTTLE_LIMIT:
        return True
    if recent.filter(address=address).count() >= settings.LOGIN_THROTTLE_ADDRESS_LIMIT:
        return True
    if known_device:
        return False
    summary = account.aggregate(failures=Count("pk"), latest=Max("created"))
    if summary["failures"] < settings.LOGIN_THROTTLE_ACCOUNT_SLOWDOWN_AFTER:
        return False
    return timezone.now() < summary["latest"] + timedelta(seconds=settings.LOGIN_THROTTLE_ACCOUNT_DELAY)


def record_failure(username: str, address: str) -> None:
    LoginAttempt.objects.filter(created__lt=_since()).delete()
    LoginAttempt.objects.create(username=username.lower()[:150], address=address)


def clear(username: str) -> None:
    LoginAttempt.objects.filter(username=username.lower()).delete()


# --- Wrong survey links -------------------------------------------------------------------


def survey_link_window() -> int:
    """Seconds a wrong link counts; also the Retry-After of a throttled request."""
    return getattr(settings, "SURVEY_TOKEN_THROTTLE_WINDOW", 15 * 60)


def _survey_link_key(request: HttpRequest) -> str:
    return "enkat:bad-token:" + client_address(request)


def survey_link_throttled(request: HttpRequest) -> bool:
    return cache.get(_survey_link_key(request), 0) >= getattr(settings, "SURVEY_TOKEN_THROTTLE_LIMIT", 20)


def record_wrong_survey_link(request: HttpRequest) -> None:
    key = _survey_link_key(request)
    cache.add(key, 0, survey_link_window())
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, survey_link_window())
