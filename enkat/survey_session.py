"""The survey's session plumbing behind the customer's pages at /s/ (enkat.public_views).

The survey's session is a signed cookie (the invitation's id, the chosen language),
limited to /s/ and separate from the staff's database sessions. Here: the cookie, the
CSRF check that accepts no-referrer posts, the privacy headers, the session decorator
that renders in the session's language, and the pages' shared context.
"""

import time
from collections.abc import Callable
from functools import lru_cache, wraps

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.csrf import csrf_exempt

from common.middleware import CSP
from enkat import public_info, visits
from enkat.models import Survey
from enkat.visits import SurveyRef, Visit

SURVEY_COOKIE = "enkat_session"
SURVEY_COOKIE_SALT = "enkat.public_views.survey-session"
SURVEY_COOKIE_SECONDS = 2 * 60 * 60  # idle time before the link must be opened again
SURVEY_COOKIE_REFRESH_SECONDS = 5 * 60

View = Callable[..., HttpResponse]


class _SurveyCsrfMiddleware(CsrfViewMiddleware):
    """Django's CSRF check, accepting the "Origin: null" that no-referrer pages cause.

    Survey pages send Referrer-Policy: no-referrer, so browsers send "Origin: null" and
    no Referer with the form posts. The CSRF token (cookie plus form field) is still
    required, and the SameSite cookies are not sent cross-site either.
    """

    def _origin_verified(self, request: HttpRequest) -> bool:
        if request.META.get("HTTP_ORIGIN") == "null":
            return True
        return super()._origin_verified(request)


def survey_csrf(view: View) -> View:
    return csrf_exempt(decorator_from_middleware(_SurveyCsrfMiddleware)(view))


def private(response: HttpResponse) -> HttpResponse:
    # The survey is personal: nothing leaks to other sites, nothing is cached on a shared phone.
    response["Referrer-Policy"] = "no-referrer"
    response["Content-Security-Policy"] = CSP
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def not_found(request: HttpRequest, token: str) -> HttpResponse:
    # The same help for every bad token (only a cut-off one is named): it reveals nothing else.
    return public_info.bad_link(request, token)


def language_for(request: HttpRequest, visit: Visit) -> str:
    languages = visit.survey.languages or [settings.LANGUAGE_CODE]
    for candidate in (request.survey_state.get("l"), visit.language):
        if candidate in languages:
            return candidate
    return "sv" if "sv" in languages else languages[0]


def read_state(request: HttpRequest) -> dict:
    raw = request.COOKIES.get(SURVEY_COOKIE)
    if not raw:
        return {}
    try:
        state = signing.loads(raw, salt=SURVEY_COOKIE_SALT, max_age=SURVEY_COOKIE_SECONDS)
    except signing.BadSignature:
        return {}
    return state if isinstance(state, dict) else {}


def write_state(response: HttpResponse, state: dict) -> None:
    state["t"] = int(time.time())
    response.set_cookie(
        SURVEY_COOKIE,
        signing.dumps(state, salt=SURVEY_COOKIE_SALT),
        max_age=SURVEY_COOKIE_SECONDS,
        path="/s/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def refresh_state(response: HttpResponse, state: dict, before: dict) -> None:
    # Re-issued when it changes, and every few minutes, so the session expires after
    # SURVEY_COOKIE_SECONDS idle; signing it on every page would cost more than the page.
    if state != before or time.time() - state.get("t", 0) > SURVEY_COOKIE_REFRESH_SECONDS:
        write_state(response, state)


def survey_state_of(survey: SurveyRef) -> list:
    """What the session cookie keeps of the survey, so some requests need no read at all."""
    return [survey.pk, survey.created, survey.languages]


def survey_from_state(state: dict) -> SurveyRef | None:
    # As written by survey_state_of (the cookie is signed). The state is not kept: where it
    # matters, the statement that writes checks the survey is open.
    ref = state.get("v")
    if not (isinstance(ref, list) and len(ref) == 3):
        return None
    pk, created, languages = ref
    if not (isinstance(pk, int) and isinstance(created, str) and isinstance(languages, list)):
        return None
    return SurveyRef(pk, created, Survey.State.OPEN, languages)


class NoSession(Exception):
    """The session's invitation no longer exists."""


def visit_of(request: HttpRequest) -> Visit:
    """The session's invitation, read on first use: a page save usually needs no read at all."""
    if request.visit is None:
        visit = visits.visit_for_session(request.survey_state.get("i"), request.survey_state.get("k"))
        if visit is None:
            raise NoSession
        request.visit = visit
        request.survey_state.setdefault("v", survey_state_of(visit.survey))
        request.survey_state["k"] = visit.key_hash  # the receipt's key hash (enkat.receipts), for the next request
    return request.visit


def survey_session(view: View) -> View:
    """Render in the session's language, with its invitation at hand; set the privacy headers."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        state = request.survey_state = read_state(request)
        before = dict(state)
        request.visit = None
        try:
            if not isinstance(state.get("i"), int):
                raise NoSession
            # The language in the cookie was checked against the survey's when it was written.
            language = state.get("l") or language_for(request, visit_of(request))
            with translation.override(language):
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
        except NoSession:
            context = {**public_info.header_context(), **public_info.contact_context()}
            return private(render(request, "enkat/public/no_session.html", context, status=404))
        response["Content-Language"] = language
        refresh_state(response, state, before)
        return private(response)

    return wrapper


@lru_cache(maxsize=256)
def _language_choices(codes: tuple[str, ...]) -> list[tuple[str, str, str]]:
    languages = dict(settings.LANGUAGES)
    return [(code, languages.get(code, code), "rtl" if code in settings.RTL_LANGUAGES else "ltr") for code in codes]


def base_context(request: HttpRequest, survey: SurveyRef | None = None) -> dict:
    languages = (survey or visit_of(request).survey).languages
    return {
        "invitation": True,  # the footer's link to stop reminders
        "language_choices": _language_choices(tuple(languages)),
        "current_path": request.path,
        **public_info.header_context(provider_of(request)),
    }


def provider_of(request: HttpRequest) -> str:
    """The provider the customer is asked about: from the invitation, or kept in the session at submit."""
    if request.visit is not None:
        return request.visit.provider_name
    provider = request.survey_state.get("p")
    return provider if isinstance(provider, str) else ""


def render_page(request: HttpRequest, template: str, context: dict | None = None, status: int = 200) -> HttpResponse:
    return render(request, template, {**base_context(request), **(context or {})}, status=status)
