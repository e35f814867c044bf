"""The client's address as the configured chain of reverse proxies reports it.

Behind N trusted proxies (TRUSTED_PROXIES), the client is the address the outermost of
them saw: the N-th entry of X-Forwarded-For counted from the right, with REMOTE_ADDR
(the nearest proxy) as the last hop. Entries further left were written by the client
and are ignored, so no one can choose the address they are counted as.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

FALLBACK = "127.0.0.1"


def _valid(address: str) -> str | None:
    address = address.strip()
    if address.startswith("[") and "]" in address:  # [v6]:port
        address = address[1 : address.index("]")]
    elif address.count(":") == 1:  # v4:port
        address = address.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or FALLBACK
    trusted = getattr(settings, "TRUSTED_PROXIES", 0)
    if trusted <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    chain = [*forwarded, remote]
    if len(chain) <= trusted:
        # Fewer hops than configured proxies: the request did not come the documented way.
        return _valid(chain[0]) or remote
    return _valid(chain[-(trusted + 1)]) or remote
