"""Failed-login throttling with a cool-off, by username and by address.

There is no permanent lock: failures older than the window no longer count.
The per-address limit is higher than the per-username one, so that people
behind one shared address are not all locked out by one of them.
"""

from datetime import timedelta

from django.conf import settings
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
