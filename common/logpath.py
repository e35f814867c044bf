"""The request path as logs may hold it: survey tokens, phone numbers and addresses masked.

Sent as the response header X-Log-Path, which the access logs print instead of the request
line (config/gunicorn.conf.py; the reverse proxy's format in README). The header holds
nothing the client did not send, with the secrets taken out.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from common.logging import redact

HEADER = "X-Log-Path"


class LogPathMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response[HEADER] = redact(request.get_full_path())
        return response
