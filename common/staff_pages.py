"""What every staff page (and admin) gets on its way out.

- `Cache-Control: no-store`: staff pages and downloads hold personal data, and must not stay
  in a shared computer's browser cache or a proxy.
- A Content-Security-Policy on admin too (Django's admin needs inline styles, nothing inline else).
- Bidirectional override and isolate characters in imported names are made visible, so a
  provider named "\u202eBA nekrovsbrA" cannot show as another name (text spoofing).
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

ADMIN_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
# LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI: each shown as its code point instead.
BIDI_CONTROLS = {code: f"[U+{code:04X}]" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def neutralise_bidi(text: str) -> str:
    return text.translate(BIDI_CONTROLS)


def _is_staff_request(request: HttpRequest) -> bool:
    if request.path.startswith("/s/"):
        return False  # the customer's survey pages set their own headers
    user = getattr(request, "user", None)
    return request.path.startswith("/admin/") or bool(user and user.is_authenticated)


class StaffPagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not _is_staff_request(request):
            return response
        patch_cache_control(response, no_store=True, private=True)
        if request.path.startswith("/admin/"):
            response.setdefault("Content-Security-Policy", ADMIN_CSP)
        content_type = response.get("Content-Type", "")
        if not response.streaming and content_type.startswith("text/html"):
            charset = response.charset or "utf-8"
            text = response.content.decode(charset)
            cleaned = neutralise_bidi(text)
            if cleaned != text:
                response.content = cleaned.encode(charset)
        return response
