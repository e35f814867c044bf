"""The throttles: failed staff logins, and wrong survey links.

Failed logins are counted by username and by address, with a cool-off. There is no
permanent lock: failures older than the window no longer count. The per-address limit
is higher than the per-username one, so that people behind one shared address are not
all locked out by one of them.

Wrong survey links are counted per address in the cache (Redis in production, so that
every gunicorn worker sees the same count); past the limit even a right link waits.
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from register.models import LoginAttempt


def _since():
    return timezone.now() - timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW)


def is_throttled(username: str, address: str) -> bool:
    recent = LoginAttempt.objects.filter(created__gte=_since())
    if recent.filter(username=username.lower()).count() >= settings.LOGIN_THROTTLE_LIMIT:
        return True
    return recent.filter(address=address).count() >= settings.LOGIN_THROTTLE_ADDRESS_LIMIT


def record_failure(username: str, address: str) -> None:
    LoginAttempt.objects.filter(created__lt=_since()).delete()
    LoginAttempt.objects.create(username=username.lower()[:150], address=address)


def clear(username: str) -> None:
    LoginAttempt.objects.filter(username=username.lower()).delete()


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR") or "127.0.0.1"


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
