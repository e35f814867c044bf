"""The customer's survey pages at /s/.

The personal link /s/<token>/ is exchanged for a session and a redirect to a
token-free URL, so the token does not linger in the address bar, the history or a
Referer header. Opening the link never uses it up.

The survey's session (a signed cookie), its CSRF check and the privacy headers are in
enkat.survey_session; the wrong-link throttle in common.throttle. A page view costs one
query (enkat.visits) and no write, and the question pages are rendered from pieces
cached per survey, language and page (enkat.public_render), which keeps the survey
fast under load.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from common import throttle
from enkat import answering, public_info, visits
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
from enkat.survey_session import (
    base_context,
    not_found,
    private,
    provider_of,
    render_page,
    survey_csrf,
    survey_from_state,
    survey_session,
    survey_state_of,
    visit_of,
    write_state,
)
from enkat.visits import SurveyRef, Visit


@require_http_methods(["GET", "HEAD"])
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    # A valid link is always served: only unknown tokens are counted and refused, so no one
    # sharing an address (or guessing) can keep a customer from their survey.
    visit = visits.visit_for_token(token)
    if visit is None:
        if throttle.survey_link_throttled(request):
            response = HttpResponse(render_to_string("enkat/public/throttled.html"), status=429)
            response["Retry-After"] = str(throttle.survey_link_window())
            return private(response)
        throttle.record_wrong_survey_link(request)
        return not_found(request, token)
    visits.record_open(visit)
    state = {"i": visit.invitation_id, "k": visit.key_hash, "v": survey_state_of(visit.survey)}
    if visit.language in visit.survey.languages:
        state["l"] = visit.language
    response = redirect("survey:resume")
    write_state(response, state)
    return private(response)


@require_http_methods(["GET", "HEAD"])
@survey_session
def resume(request: HttpRequest) -> HttpResponse:
    """Where the link leads: the first unanswered page, or why there is none."""
    visit = visit_of(request)
    state = _state_page(request)
    if state is not None:
        return state
    pages = survey_pages(visit.survey, translation.get_language())
    step = min(visit.draft_page + 1, len(pages))
    return redirect("survey:page", step=step)


def _state_page(request: HttpRequest) -> HttpResponse | None:
    """The page to show instead of questions, if the invitation cannot answer now."""
    visit = visit_of(request)
    if visit.answered:  # the receipt, written in the submit's transaction
        return render_page(request, "enkat/public/already_answered.html")
    if visit.closed:
        if visit.draft_answers or visit.draft_comment or visit.draft_page:
            answering.discard_draft(visit.key_hash)
        return render_page(request, "enkat/public/closed.html")
    if not visit.accepting:
        return render_page(request, "enkat/public/not_open.html", {"survey": visit.load_survey()})
    return None


def _bad_request(request: HttpRequest) -> HttpResponse:
    return render_page(request, "enkat/public/bad_request.html", status=400)


@survey_csrf
@require_http_methods(["GET", "HEAD", "POST"])
@survey_session
def page(request: HttpRequest, step: int) -> HttpResponse:
    if request.method == "POST":
        saved = _save_without_reading(request, step)
        if saved is not None:
            return saved
    visit = visit_of(request)
    state = _state_page(request)
    if state is not None:
        if request.method == "POST" and visit.answered:
            return redirect("survey:resume")  # a double-click or a resubmit: nothing more is stored
        return state
    language = translation.get_language()
    pages = survey_pages(visit.survey, language)
    if not pages:
        return render_page(request, "enkat/public/not_open.html", {"survey": visit.load_survey()})
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
    fill.update(public_info.header_fill(visit.provider_name))

    def context() -> dict:
        text = survey_text(visit.survey, language) if step == 1 else None
        return {
            **base_context(request),
            **public_info.HEADER_SLOTS,
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
            # The language buttons submit this page's form: what is ticked is saved before the switch.
            "language_form": "survey-page",
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
    ref = survey_from_state(request.survey_state)
    key = request.survey_state.get("k")
    if ref is None or not isinstance(key, str):
        return None
    pages = cached_survey_pages(ref, translation.get_language())
    if pages is None or not 1 <= step < len(pages):
        return None
    try:
        answers, _ = parse_page_post(request.POST, pages[step - 1], is_last=False)
    except TamperedPost:
        return None
    if not answering.merge_page(key, ref.pk, step, answers):
        return None
    if "language" in request.POST:
        _switch(request, key, ref)
        return redirect("survey:page", step=step)
    back = request.POST.get("direction") == "back" and step > 1
    return redirect("survey:page", step=step - 1 if back else step + 1)


def _switch(request: HttpRequest, key_hash: str, survey: SurveyRef) -> None:
    """The language the customer chose, if the survey offers it: for this session and the reminders."""
    language = request.POST.get("language", "")
    if language in survey.languages:
        request.survey_state["l"] = language
        answering.set_language(key_hash, survey.pk, language)


def _save(request: HttpRequest, visit: Visit, step: int, current, is_last: bool) -> HttpResponse:
    try:
        answers, comment = parse_page_post(request.POST, current, is_last=is_last)
    except TamperedPost:
        return _bad_request(request)
    try:
        if "language" in request.POST:  # a language button of the page: save what is ticked, then switch
            answering.save_page(visit, visit.survey.pk, step, answers, comment)
            _switch(request, visit.key_hash, visit.survey)
            return redirect("survey:page", step=step)
        if request.POST.get("direction") == "back" and step > 1:
            answering.save_page(visit, visit.survey.pk, step, answers, comment)
            return redirect("survey:page", step=step - 1)
        if is_last:
            answering.submit_response(visit, step, answers, comment or "")
            request.survey_state["s"] = 1
            request.survey_state["p"] = visit.provider_name
            return redirect("survey:thanks")
        answering.save_page(visit, visit.survey.pk, step, answers)
    except (answering.AlreadyAnswered, answering.NotAccepting):
        return redirect("survey:resume")
    except answering.PageOutOfOrder:
        return _bad_request(request)
    return redirect("survey:page", step=step + 1)


@require_http_methods(["GET", "HEAD"])
@survey_session
def thanks(request: HttpRequest) -> HttpResponse:
    # "s" is only put in the (signed) session after this session's submit was stored.
    survey = survey_from_state(request.survey_state) if request.survey_state.get("s") else None
    if survey is None:
        visit = visit_of(request)
        if not visit.answered or not request.survey_state.get("s"):
            return redirect("survey:resume")
        survey = visit.survey
    language = translation.get_language()

    def context() -> dict:
        text = survey_text(survey, language)
        return {**base_context(request, survey), **public_info.HEADER_SLOTS, "thanks": text.thanks if text else ""}

    fill = public_info.header_fill(provider_of(request))
    return HttpResponse(render_slotted(request, survey, language, "thanks", "enkat/public/thanks.html", context, fill))


@survey_csrf
@require_POST
@survey_session
def switch_language(request: HttpRequest) -> HttpResponse:
    visit = visit_of(request)
    _switch(request, visit.key_hash, visit.survey)
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) and target.startswith("/s/")
    return redirect(target if safe else reverse("survey:resume"))


@survey_csrf
@require_http_methods(["GET", "HEAD", "POST"])
@survey_session
def stop_reminders(request: HttpRequest) -> HttpResponse:
    visit = visit_of(request)
    if request.method == "POST":
        answering.opt_out(visit)
        return redirect("survey:stop_reminders")
    return render_page(request, "enkat/public/stop_reminders.html", {"opted_out": answering.is_opted_out(visit)})
