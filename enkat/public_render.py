"""Survey pages rendered once per survey, language and page, then filled in per request.

A survey page only differs between customers in a few places: the CSRF token, which
options are checked and the draft comment. So the template is rendered once with a
marker in each such slot, split on the markers, and every request joins the pieces
with its own values. The result is byte for byte what rendering the template gives
(a test compares them), at a fraction of the cost.
"""

import re
from collections.abc import Callable, Mapping

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from enkat.pages import cached

_SLOT = re.compile("\x00slot:([a-z0-9_-]+)\x00")
CSRF_SLOT = "csrf"


def slot(name: str) -> SafeString:
    """A marker for a per-request value, to put in the template's context."""
    return mark_safe(f"\x00slot:{name}\x00")  # noqa: S308 - a constant marker, replaced before sending


def _pieces(request: HttpRequest, template: str, context: Mapping) -> tuple[str, ...]:
    html = render_to_string(template, {**context, "csrf_token": slot(CSRF_SLOT)}, request=request)
    if "\x00" in _SLOT.sub("", html):
        raise ValueError(f"{template}: a slot marker was altered while rendering")
    return tuple(_SLOT.split(html))  # text, slot name, text, slot name, ..., text


def render_slotted(
    request: HttpRequest,
    survey,
    language: str,
    cache_name: str,
    template: str,
    context: Callable[[], Mapping],
    fill: Mapping[str, str],
) -> str:
    """The template rendered with context() (cached under survey, cache_name and language), slots filled.

    context() must give the same for every request with the same cache_name; per-request
    values go in as slot(name) and their escaped text in `fill`.
    """
    key = f"render:{template}:{cache_name}"
    pieces = cached(survey, key, language, lambda: _pieces(request, template, context()))
    values = {**fill, CSRF_SLOT: get_token(request)}
    parts = list(pieces)
    for i in range(1, len(parts), 2):
        parts[i] = values[parts[i]]
    return "".join(parts)
