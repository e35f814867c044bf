"""Browsers that have logged in to an account before (OWASP's "device cookies").

A successful login leaves a signed cookie naming the account. Attempts on that account
from such a browser are not slowed down by failures that others cause from other
addresses, so a stranger guessing a password cannot keep its owner out.
"""

from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

COOKIE = "login_device"
SALT = "common.login_devices"
MAX_AGE = 365 * 24 * 60 * 60
_MAX_ACCOUNTS = 10


def _accounts(request: HttpRequest) -> list[str]:
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return []
    try:
        value = signing.loads(raw, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return []
    return [name for name in value if isinstance(name, str)] if isinstance(value, list) else []


def is_known_device(request: HttpRequest, username: str) -> bool:
    return username.lower() in _accounts(request)


def remember(request: HttpRequest, username: str) -> None:
    """Mark this browser as one that has logged in to `username` (the cookie is set on the response)."""
    request.login_device_username = username.lower()


class LoginDeviceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        username = getattr(request, "login_device_username", None)
        if username:
            accounts = [name for name in _accounts(request) if name != username][-(_MAX_ACCOUNTS - 1) :]
            response.set_cookie(
                COOKIE,
                signing.dumps([*accounts, username], salt=SALT),
                max_age=MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
