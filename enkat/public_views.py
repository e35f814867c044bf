"""The customer's survey pages at /s/.

The personal link /s/<token>/ is exchanged for a session and a redirect to a
token-free URL, so the token does not linger in the address bar, the history or a
Referer header. Opening the link never uses it up.

The survey's session is a signed cookie (the invitation's id, the chosen language),
limited to /s/ and separate from the staff's database sessions: a page view then
costs one query and no write, which keeps the survey fast under load.
"""

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
from django.utils import timezone, translation
from django.utils.decorators import decorator_from_middleware
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from enkat import services
from enkat.models import Invitation
from enkat.pages import (
    COMMENT_MAX_LENGTH,
    DONT_KNOW,
    TamperedPost,
    options_html,
    parse_page_post,
    survey_pages,
    survey_text,
)
from register.middleware import CSP
from register.throttle import client_address

SURVEY_COOKIE = "enkat_session"
SURVEY_COOKIE_SALT = "enkat.public_views.survey-session"
SURVEY_COOKIE_SECONDS = 2 * 60 * 60  # idle time before the link must be opened again

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


def _language_for(request: HttpRequest, invitation: Invitation) -> str:
    languages = invitation.survey.languages or [settings.LANGUAGE_CODE]
    for candidate in (request.survey_state.get("l"), invitation.language):
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
    # Re-issued on every page, so the session expires after SURVEY_COOKIE_SECONDS idle.
    response.set_cookie(
        SURVEY_COOKIE,
        signing.dumps(state, salt=SURVEY_COOKIE_SALT),
        max_age=SURVEY_COOKIE_SECONDS,
        path="/s/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def survey_session(view: View) -> View:
    """Load the session's invitation and render in its language; set the privacy headers."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        request.survey_state = _read_state(request)
        invitation_id = request.survey_state.get("i")
        invitation = services.invitation_for_session(invitation_id) if invitation_id else None
        if invitation is None:
            return _private(render(request, "enkat/public/no_session.html", status=404))
        language = _language_for(request, invitation)
        request.invitation = invitation
        with translation.override(language):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        response["Content-Language"] = language
        _write_state(response, request.survey_state)
        return _private(response)

    return wrapper


@lru_cache(maxsize=256)
def _language_choices(codes: tuple[str, ...]) -> list[tuple[str, str, str]]:
    languages = dict(settings.LANGUAGES)
    return [(code, languages.get(code, code), "rtl" if code in settings.RTL_LANGUAGES else "ltr") for code in codes]


def _render(request: HttpRequest, template: str, context: dict | None = None, status: int = 200) -> HttpResponse:
    invitation: Invitation = request.invitation
    base = {
        "invitation": invitation,
        "survey": invitation.survey,
        "language_choices": _language_choices(tuple(invitation.survey.languages)),
        "current_path": request.path,
    }
    return render(request, template, {**base, **(context or {})}, status=status)


@require_http_methods(["GET", "HEAD"])
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    key = _throttle_key(request)
    if cache.get(key, 0) >= _throttle_limit():
        response = HttpResponse(render_to_string("enkat/public/throttled.html"), status=429)
        response["Retry-After"] = str(_throttle_window())
        return _private(response)
    invitation = services.invitation_for_token(token)
    if invitation is None:
        cache.add(key, 0, _throttle_window())
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, _throttle_window())
        return _not_found()
    services.record_open(invitation)
    state = {"i": invitation.pk}
    if invitation.language in invitation.survey.languages:
        state["l"] = invitation.language
    response = redirect("survey:resume")
    _write_state(response, state)
    return _private(response)


@require_http_methods(["GET", "HEAD"])
@survey_session
def resume(request: HttpRequest) -> HttpResponse:
    """Where the link leads: the first unanswered page, or why there is none."""
    invitation: Invitation = request.invitation
    state = _state_page(request)
    if state is not None:
        return state
    pages = survey_pages(invitation.survey, translation.get_language())
    step = min(invitation.draft_page + 1, len(pages))
    return redirect("survey:page", step=step)


def _state_page(request: HttpRequest) -> HttpResponse | None:
    """The page to show instead of questions, if the invitation cannot answer now."""
    invitation: Invitation = request.invitation
    survey = invitation.survey
    if invitation.answered_at is not None:  # set in the same transaction as the Submission row
        return _render(request, "enkat/public/already_answered.html")
    now = timezone.now()
    if survey.is_closed(now):
        services.discard_draft(invitation)
        return _render(request, "enkat/public/closed.html")
    if not survey.is_accepting(now):
        return _render(request, "enkat/public/not_open.html")
    return None


def _bad_request(request: HttpRequest) -> HttpResponse:
    return _render(request, "enkat/public/bad_request.html", status=400)


@survey_csrf
@require_http_methods(["GET", "HEAD", "POST"])
@survey_session
def page(request: HttpRequest, step: int) -> HttpResponse:
    invitation: Invitation = request.invitation
    state = _state_page(request)
    if state is not None:
        if request.method == "POST" and invitation.answered_at is not None:
            return redirect("survey:resume")  # a double-click or a resubmit: nothing more is stored
        return state
    pages = survey_pages(invitation.survey, translation.get_language())
    if not pages:
        return _render(request, "enkat/public/not_open.html")
    if step < 1 or step > len(pages) or step > invitation.draft_page + 1:
        if request.method == "POST":
            return _bad_request(request)
        return redirect("survey:resume")
    current = pages[step - 1]
    is_last = step == len(pages)
    if request.method == "POST":
        try:
            answers, comment = parse_page_post(request.POST, current, is_last=is_last)
        except TamperedPost:
            return _bad_request(request)
        try:
            if request.POST.get("direction") == "back" and step > 1:
                services.save_page(invitation.pk, step, answers, comment)
                return redirect("survey:page", step=step - 1)
            if is_last:
                services.submit_response(invitation.pk, step, answers, comment or "")
                request.survey_state["s"] = 1
                return redirect("survey:thanks")
            services.save_page(invitation.pk, step, answers)
        except services.AlreadyAnswered:
            return redirect("survey:resume")
        except services.NotAccepting:
            return redirect("survey:resume")
        except services.PageOutOfOrder:
            return _bad_request(request)
        return redirect("survey:page", step=step + 1)
    draft = invitation.draft_answers
    questions = []
    for q in current.questions:
        value = "" if draft.get(q.code) is None else str(draft.get(q.code))
        questions.append({"question": q, "value": value, "options_html": options_html(q, value)})
    text = survey_text(invitation.survey, translation.get_language()) if step == 1 else None
    context = {
        "page": current,
        "step": step,
        "total": len(pages),
        "questions": questions,
        "is_last": is_last,
        "progress": range(1, len(pages) + 1),
        "dont_know": DONT_KNOW,
        "intro": text.intro if text else "",
        "comment": invitation.draft_comment,
        "comment_max_length": COMMENT_MAX_LENGTH,
        "previous_url": reverse("survey:page", kwargs={"step": step - 1}) if step > 1 else "",
    }
    return _render(request, "enkat/public/page.html", context)


@require_http_methods(["GET", "HEAD"])
@survey_session
def thanks(request: HttpRequest) -> HttpResponse:
    invitation: Invitation = request.invitation
    if invitation.answered_at is None or not request.survey_state.get("s"):
        return redirect("survey:resume")
    text = survey_text(invitation.survey, translation.get_language())
    return _render(request, "enkat/public/thanks.html", {"thanks": text.thanks if text else ""})


@survey_csrf
@require_POST
@survey_session
def switch_language(request: HttpRequest) -> HttpResponse:
    invitation: Invitation = request.invitation
    language = request.POST.get("language", "")
    if language in invitation.survey.languages:
        request.survey_state["l"] = language
        services.set_language(invitation, language)
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) and target.startswith("/s/")
    return redirect(target if safe else reverse("survey:resume"))


@survey_csrf
@require_http_methods(["GET", "HEAD", "POST"])
@survey_session
def stop_reminders(request: HttpRequest) -> HttpResponse:
    invitation: Invitation = request.invitation
    if request.method == "POST":
        services.opt_out(invitation)
        return redirect("survey:stop_reminders")
    invitation.refresh_from_db(fields=["opted_out_at"])
    return _render(request, "enkat/public/stop_reminders.html", {"opted_out": invitation.opted_out_at is not None})
