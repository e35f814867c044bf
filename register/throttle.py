"""Failed-login throttling with a cool-off (never a permanent lock).

- An account is locked for one address after LOGIN_THROTTLE_LIMIT failures from it.
- An address is locked for every account after LOGIN_THROTTLE_ADDRESS_LIMIT failures.
- Across addresses an account is only slowed down: after LOGIN_THROTTLE_ACCOUNT_SLOWDOWN_AFTER
  failures, a browser that has not logged in to it before must wait LOGIN_THROTTLE_ACCOUNT_DELAY
  seconds after the latest failure. A browser that has (register.login_devices) is not slowed down.

No single client can lock anyone else out: its own address is all it can exhaust.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from register.clientaddress import client_address  # noqa: F401  (the address every throttle counts by)
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
