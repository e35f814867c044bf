"""What tells a customer who is asking: the header of every survey page, the privacy notice, the bad-link page.

The header names the municipality (from the organisation profile, read from a cache) and
the provider the customer is asked about (from the invitation, read by the page's one
query). On the pages rendered once per survey and language (enkat.public_render) both
are slots, filled per request, so a cached page never shows another customer's provider
or an old name.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from enkat.public_render import slot
from register.organisation import Profile, privacy_notice, profile
from register.privacy_notices import notice_html

TOKEN_LENGTH = 32  # enkat.tokens: a link's token is 32 URL-safe characters


def brand_html(organisation: Profile) -> str:
    if organisation.name:
        return format_html("{}", gettext("Customer survey from %(municipality)s") % {"municipality": organisation.name})
    return format_html("{}", gettext("Customer survey"))


def about_html(provider: str) -> str:
    if not provider:
        return ""
    text = gettext("About the support you had from %(provider)s") % {"provider": provider}
    return format_html('<p class="survey-about">{}</p>', text)


def header_context(provider: str = "") -> dict:
    """The header's values as rendered HTML, for pages rendered per request."""
    return {"survey_brand": brand_html(profile()), "survey_about": about_html(provider)}


HEADER_SLOTS = {"survey_brand": slot("brand"), "survey_about": slot("about")}


def header_fill(provider: str) -> dict[str, str]:
    """The header's slots filled for one request (enkat.public_render)."""
    return {"brand": brand_html(profile()), "about": about_html(provider)}


def contact_context() -> dict:
    return {"organisation": profile()}


def _language(request: HttpRequest, cookie_language: object) -> str:
    codes = [code for code, _ in settings.LANGUAGES]
    for candidate in (request.GET.get("lang"), cookie_language, translation.get_language()):
        if candidate in codes:
            return candidate
    return settings.LANGUAGE_CODE


def _language_links(current: str) -> list[tuple[str, str, str]]:
    return [
        (code, name, "rtl" if code in settings.RTL_LANGUAGES else "ltr")
        for code, name in settings.LANGUAGES
        if code != current
    ]


def _render_in(request: HttpRequest, language: str, template: str, context: dict, status: int = 200) -> HttpResponse:
    with translation.override(language):
        context = {**header_context(), **contact_context(), "language_links": _language_links(language), **context}
        response = render(request, template, context, status=status)
    response["Content-Language"] = language
    return response


def _session_state(request: HttpRequest) -> dict:
    from enkat.survey_session import read_state  # the survey's signed session cookie

    return read_state(request)


def _private(response: HttpResponse) -> HttpResponse:
    from enkat.survey_session import private as private_headers

    return private_headers(response)


@require_http_methods(["GET", "HEAD"])
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice, open to anyone: in the language asked for, else the survey's, else the browser's."""
    state = _session_state(request)
    language = _language(request, state.get("l"))
    context = {"notice": notice_html(privacy_notice(language)), "in_survey": isinstance(state.get("i"), int)}
    return _private(_render_in(request, language, "enkat/public/privacy.html", context))


def bad_link(request: HttpRequest, token: str = "") -> HttpResponse:
    """The answer to a link that leads nowhere (404): usually cut off by the phone or mail program."""
    return _private(_bad_link(request, cut_off=0 < len(token) < TOKEN_LENGTH, status=404))


@require_http_methods(["GET", "HEAD"])
def mangled_link(request: HttpRequest, rest: str) -> HttpResponse:
    """A path under /s/ that is no page of ours: most likely a link with a character lost or added."""
    return bad_link(request, rest.split("/", 1)[0])


@require_http_methods(["GET", "HEAD"])
def bad_link_help(request: HttpRequest) -> HttpResponse:
    """The same help in another language, without the token (so the link throttle is not hit again)."""
    return _private(_bad_link(request, cut_off=request.GET.get("cut") == "1", status=200))


def _bad_link(request: HttpRequest, cut_off: bool, status: int) -> HttpResponse:
    language = _language(request, None)
    return _render_in(request, language, "enkat/public/bad_link.html", {"cut_off": cut_off}, status=status)
