"""The customer's survey pages at /s/.

The personal link /s/<token>/ is exchanged for a session and a redirect to a
token-free URL, so the token does not linger in the address bar, the history or a
Referer header. Opening the link never uses it up.

The survey's session is a signed cookie (the invitation's id, the chosen language),
limited to /s/ and separate from the staff's database sessions. A page view costs one
query (enkat.visits) and no write, and the question pages are rendered from pieces
cached per survey, language and page (enkat.public_render), which keeps the survey
fast under load.
"""

import time
from collections.abc import Callable
from functools import lru_cache, wraps

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import decorator_from_middleware
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from enkat import services, visits
from enkat.models import Survey
from enkat.pages import (
    COMMENT_MAX_LENGTH,
    DONT_KNOW,
    TamperedPost,
    cached_survey_pages,
    options_html,
    parse_page_post,
    survey_pages,
    survey_text,
)
from enkat.public_render import render_slotted, slot
from enkat.visits import SurveyRef, Visit
from register.middleware import CSP
from register.throttle import client_address

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


def _throttle_limit() -> int:
    return getattr(settings, "SURVEY_TOKEN_THROTTLE_LIMIT", 20)


def _throttle_window() -> int:
    return getattr(settings, "SURVEY_TOKEN_THROTTLE_WINDOW", 15 * 60)


def _throttle_key(request: HttpRequest) -> str:
    return "enkat:bad-token:" + client_address(request)


def _private(response: HttpResponse) -> HttpResponse:
    # The survey is personal: nothing leaks to other sites, nothing is cached on a shared phone.
    response["Referrer-Policy"] = "no-referrer"
    response["Content-Security-Policy"] = CSP
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _not_found() -> HttpResponse:
    # The same plain page for every bad token: it reveals nothing about why.
    return _private(HttpResponseNotFound(render_to_string("enkat/public/not_found.html")))


def _language_for(request: HttpRequest, visit: Visit) -> str:
    languages = visit.survey.languages or [settings.LANGUAGE_CODE]
    for candidate in (request.survey_state.get("l"), visit.language):
        if candidate in languages:
            return candidate
    return "sv" if "sv" in languages else languages[0]


def _read_state(request: HttpRequest) -> dict:
    raw = request.COOKIES.get(SURVEY_COOKIE)
    if not raw:
        return {}
    try:
        state = signing.loads(raw, salt=SURVEY_COOKIE_SALT, max_age=SURVEY_COOKIE_SECONDS)
    except signing.BadSignature:
        return {}
    return state if isinstance(state, dict) else {}


def _write_state(response: HttpResponse, state: dict) -> None:
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


def _refresh_state(response: HttpResponse, state: dict, before: dict) -> None:
    # Re-issued when it changes, and every few minutes, so the session expires after
    # SURVEY_COOKIE_SECONDS idle; signing it on every page would cost more than the page.
    if state != before or time.time() - state.get("t", 0) > SURVEY_COOKIE_REFRESH_SECONDS:
        _write_state(response, state)


def _survey_state(survey: SurveyRef) -> list:
    """What the session cookie keeps of the survey, so some requests need no read at all."""
    return [survey.pk, survey.created, survey.languages]


def _survey_from_state(state: dict) -> SurveyRef | None:
    # As written by _survey_state (the cookie is signed). The state is not kept: where it
    # matters, the statement that writes checks the survey is open.
    ref = state.get("v")
    if not (isinstance(ref, list) and len(ref) == 3):
        return None
    pk, created, languages = ref
    if not (isinstance(pk, int) and isinstance(created, str) and isinstance(languages, list)):
        return None
    return SurveyRef(pk, created, Survey.State.OPEN, languages)


class _NoSession(Exception):
    """The session's invitation no longer exists."""


def _visit(request: HttpRequest) -> Visit:
    """The session's invitation, read on first use: a page save usually needs no read at all."""
    if request.visit is None:
        visit = visits.visit_for_session(request.survey_state.get("i"))
        if visit is None:
            raise _NoSession
        request.visit = visit
        request.survey_state.setdefault("v", _survey_state(visit.survey))
    return request.visit


def survey_session(view: View) -> View:
    """Render in the session's language, with its invitation at hand; set the privacy headers."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        state = request.survey_state = _read_state(request)
        before = dict(state)
        request.visit = None
        try:
            if not isinstance(state.get("i"), int):
                raise _NoSession
            # The language in the cookie was checked against the survey's when it was written.
            language = state.get("l") or _language_for(request, _visit(request))
            with translation.override(language):
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
        except _NoSession:
            return _private(render(request, "enkat/public/no_session.html", status=404))
        response["Content-Language"] = language
        _refresh_state(response, state, before)
        return _private(response)

    return wrapper


@lru_cache(maxsize=256)
def _language_choices(codes: tuple[str, ...]) -> list[tuple[str, str, str]]:
    languages = dict(settings.LANGUAGES)
    return [(code, languages.get(code, code), "rtl" if code in settings.RTL_LANGUAGES else "ltr") for code in codes]


def _base_context(request: HttpRequest, survey: SurveyRef | None = None) -> dict:
    languages = (survey or _visit(request).survey).languages
    return {
        "invitation": True,  # the footer's link to stop reminders
        "language_choices": _language_choices(tuple(languages)),
        "current_path": request.path,
    }


def _render(request: HttpRequest, template: str, context: dict | None = None, status: int = 200) -> HttpResponse:
    return render(request, template, {**_base_context(request), **(context or {})}, status=status)


@require_http_methods(["GET", "HEAD"])
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    # A valid link is always served: only unknown tokens are counted and refused, so no one
    # sharing an address (or guessing) can keep a customer from their survey.
    visit = visits.visit_for_token(token)
    if visit is None:
        key = _throttle_key(request)
        if cache.get(key, 0) >= _throttle_limit():
            response = HttpResponse(render_to_string("enkat/public/throttled.html"), status=429)
            response["Retry-After"] = str(_throttle_window())
            return _private(response)
        cache.add(key, 0, _throttle_window())
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, _throttle_window())
        return _not_found()
    visits.record_open(visit)
    state = {"i": visit.invitation_id, "v": _survey_state(visit.survey)}
    if visit.language in visit.survey.languages:
        state["l"] = visit.language
    response = redirect("survey:resume")
    _write_state(response, state)
    return _private(response)


@require_http_methods(["GET", "HEAD"])
@survey_session
def resume(request: HttpRequest) -> HttpResponse:
    """Where the link leads: the first unanswered page, or why there is none."""
    visit = _visit(request)
    state = _state_page(request)
    if state is not None:
        return state
    pages = survey_pages(visit.survey, translation.get_language())
    step = min(visit.draft_page + 1, len(pages))
    return redirect("survey:page", step=step)


def _state_page(request: HttpRequest) -> HttpResponse | None:
    """The page to show instead of questions, if the invitation cannot answer now."""
    visit = _visit(request)
    if visit.answered:  # set in the same transaction as the Submission row
        return _render(request, "enkat/public/already_answered.html")
    if visit.closed:
        if visit.draft_answers or visit.draft_comment or visit.draft_page:
            services.discard_draft(visit.invitation_id)
        return _render(request, "enkat/public/closed.html")
    if not visit.accepting:
        return _render(request, "enkat/public/not_open.html", {"survey": visit.load_survey()})
    return None


def _bad_request(request: HttpRequest) -> HttpResponse:
    return _render(request, "enkat/public/bad_request.html", status=400)


@survey_csrf
@require_http_methods(["GET", "HEAD", "POST"])
@survey_session
def page(request: HttpRequest, step: int) -> HttpResponse:
    if request.method == "POST":
        saved = _save_without_reading(request, step)
        if saved is not None:
            return saved
    visit = _visit(request)
    state = _state_page(request)
    if state is not None:
        if request.method == "POST" and visit.answered:
            return redirect("survey:resume")  # a double-click or a resubmit: nothing more is stored
        return state
    language = translation.get_language()
    pages = survey_pages(visit.survey, language)
    if not pages:
        return _render(request, "enkat/public/not_open.html", {"survey": visit.load_survey()})
    if step < 1 or step > len(pages) or step > visit.draft_page + 1:
        if request.method == "POST":
            return _bad_request(request)
        return redirect("survey:resume")
    current = pages[step - 1]
    is_last = step == len(pages)
    if request.method == "POST":
        return _save(request, visit, step, current, is_last)
    fill = {f"q{i}": options_html(q, _draft_value(visit, q.code)) for i, q in enumerate(current.questions)}
    fill["comment"] = escape(visit.draft_comment)

    def context() -> dict:
        text = survey_text(visit.survey, language) if step == 1 else None
        return {
            **_base_context(request),
            "page": current,
            "step": step,
            "total": len(pages),
            "questions": [{"question": q, "options_html": slot(f"q{i}")} for i, q in enumerate(current.questions)],
            "is_last": is_last,
            "progress": range(1, len(pages) + 1),
            "dont_know": DONT_KNOW,
            "intro": text.intro if text else "",
            "comment": slot("comment"),
            "comment_max_length": COMMENT_MAX_LENGTH,
        }

    return HttpResponse(
        render_slotted(request, visit.survey, language, f"page-{step}", "enkat/public/page.html", context, fill)
    )


def _draft_value(visit: Visit, code: str) -> str:
    value = visit.draft_answers.get(code)
    return "" if value is None else str(value)


def _save_without_reading(request: HttpRequest, step: int) -> HttpResponse | None:
    """Save a page that is not the last in one statement, without reading the invitation first.

    None when that is not possible (the survey's pages are not at hand in this process, the
    last page, a tampered POST, or the invitation cannot answer this page now): the view then
    reads the invitation and answers exactly as it would have.
    """
    ref = _survey_from_state(request.survey_state)
    if ref is None:
        return None
    pages = cached_survey_pages(ref, translation.get_language())
    if pages is None or not 1 <= step < len(pages):
        return None
    try:
        answers, _ = parse_page_post(request.POST, pages[step - 1], is_last=False)
    except TamperedPost:
        return None
    if not visits.merge_page(request.survey_state["i"], ref.pk, step, answers):
        return None
    back = request.POST.get("direction") == "back" and step > 1
    return redirect("survey:page", step=step - 1 if back else step + 1)


def _save(request: HttpRequest, visit: Visit, step: int, current, is_last: bool) -> HttpResponse:
    try:
        answers, comment = parse_page_post(request.POST, current, is_last=is_last)
    except TamperedPost:
        return _bad_request(request)
    try:
        if request.POST.get("direction") == "back" and step > 1:
            visits.save_page(visit.invitation_id, visit.survey.pk, step, answers, comment)
            return redirect("survey:page", step=step - 1)
        if is_last:
            visits.submit_response(visit, step, answers, comment or "")
            request.survey_state["s"] = 1
            return redirect("survey:thanks")
        visits.save_page(visit.invitation_id, visit.survey.pk, step, answers)
    except (services.AlreadyAnswered, services.NotAccepting):
        return redirect("survey:resume")
    except services.PageOutOfOrder:
        return _bad_request(request)
    return redirect("survey:page", step=step + 1)


@require_http_methods(["GET", "HEAD"])
@survey_session
def thanks(request: HttpRequest) -> HttpResponse:
    # "s" is only put in the (signed) session after this session's submit was stored.
    survey = _survey_from_state(request.survey_state) if request.survey_state.get("s") else None
    if survey is None:
        visit = _visit(request)
        if not visit.answered or not request.survey_state.get("s"):
            return redirect("survey:resume")
        survey = visit.survey
    language = translation.get_language()

    def context() -> dict:
        text = survey_text(survey, language)
        return {**_base_context(request, survey), "thanks": text.thanks if text else ""}

    return HttpResponse(render_slotted(request, survey, language, "thanks", "enkat/public/thanks.html", context, {}))


@survey_csrf
@require_POST
@survey_session
def switch_language(request: HttpRequest) -> HttpResponse:
    visit = _visit(request)
    language = request.POST.get("language", "")
    if language in visit.survey.languages:
        request.survey_state["l"] = language
        services.set_language(visit.invitation_id, language)
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) and target.startswith("/s/")
    return redirect(target if safe else reverse("survey:resume"))


@survey_csrf
@require_http_methods(["GET", "HEAD", "POST"])
@survey_session
def stop_reminders(request: HttpRequest) -> HttpResponse:
    visit = _visit(request)
    if request.method == "POST":
        services.opt_out(visit.invitation_id)
        return redirect("survey:stop_reminders")
    return _render(
        request, "enkat/public/stop_reminders.html", {"opted_out": services.is_opted_out(visit.invitation_id)}
    )
