"""The survey as a customer sees it, page by page and language by language, for staff, with nothing saved.

The pages are the customer's own templates, rendered with the same context as enkat.public_views;
a bar above them (in the staff's language) moves between pages and languages. Its form goes to
the next page of the preview instead of saving.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from common.permissions import quality_developer_required
from enkat.models import Survey
from enkat.pages import COMMENT_MAX_LENGTH, DONT_KNOW, _build_pages, _survey_text, options_html


def _url(survey: Survey, language: str, step: int) -> str:
    return reverse("enkat:survey_preview", args=[survey.slug, language, step])


@quality_developer_required
def survey_preview(request: HttpRequest, slug: str, language: str, step: int) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    languages = survey.languages or ["sv"]
    if language not in languages:
        return redirect(_url(survey, languages[0], 1))
    direction = request.GET.get("direction")
    if direction in ("next", "back"):  # the customer's own buttons, submitted in the preview
        return redirect(_url(survey, language, step + 1 if direction == "next" else max(1, step - 1)))
    pages = _build_pages(survey.pk, language)  # always fresh: a draft may have changed a moment ago
    total = len(pages)
    step = max(1, min(step, total + 1))
    names = dict(settings.LANGUAGES)
    bar = render_to_string(
        "enkat/preview_bar.html",
        {
            "survey": survey,
            "language_name": names.get(language, language),
            "languages": [(code, names.get(code, code), _url(survey, code, step)) for code in languages],
            "steps": [(n, _url(survey, language, n)) for n in range(1, total + 2)],
            "step": step,
            "thanks_step": total + 1,
        },
        request=request,
    )
    with translation.override(language):
        preview = {"bar": bar, "page_url": _url(survey, language, step)}
        common = {"preview": preview, "invitation": False, "language_choices": [], "current_path": request.path}
        if step > total:
            text = _survey_text(survey, language)
            html = render_to_string(
                "enkat/public/thanks.html", {**common, "thanks": text.thanks if text else ""}, request=request
            )
        else:
            current = pages[step - 1]
            text = _survey_text(survey, language) if step == 1 else None
            context = {
                **common,
                "page": current,
                "step": step,
                "total": total,
                "questions": [{"question": q, "options_html": options_html(q, "")} for q in current.questions],
                "is_last": step == total,
                "progress": range(1, total + 1),
                "dont_know": DONT_KNOW,
                "intro": text.intro if text else "",
                "comment": "",
                "comment_max_length": COMMENT_MAX_LENGTH,
            }
            html = render_to_string("enkat/public/page.html", context, request=request)
        response = HttpResponse(html)
        response.headers["Content-Language"] = language
    return response
