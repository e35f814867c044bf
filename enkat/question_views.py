"""The question editor at /enkat/fragor/: the bank's questions and their texts in every language."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from common.permissions import quality_developer_required
from enkat import language_reviews
from enkat.glossary import GLOSSARY
from enkat.models import Question, QuestionText
from enkat.question_forms import LanguageReviewForm, QuestionTextsForm
from enkat.question_texts import (
    current_back_translations,
    current_texts,
    new_text_version,
    save_back_translations,
    versions,
)


@quality_developer_required
def question_list(request: HttpRequest) -> HttpResponse:
    questions = list(Question.objects.select_related("area").order_by("area__position", "code"))
    version_of = {question.pk: question.current_version for question in questions}
    current: dict[int, dict[str, str]] = {}
    for text in QuestionText.objects.filter(question__in=questions).exclude(text=""):
        if text.version == version_of[text.question_id]:
            current.setdefault(text.question_id, {})[text.language] = text.text
    names = dict(settings.LANGUAGES)
    rows = [
        {
            "question": question,
            "swedish": current.get(question.pk, {}).get("sv", ""),
            "missing": [names[code] for code in names if code not in current.get(question.pk, {})],
        }
        for question in questions
    ]
    reviews = language_reviews.reviews()
    languages = [{"code": code, "name": name, "review": reviews[code]} for code, name in settings.LANGUAGES]
    return render(request, "enkat/question_list.html", {"rows": rows, "languages": languages})


@quality_developer_required
def language_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A language: its review by a native speaker (a small form), its scale words and its glossary."""
    names = dict(settings.LANGUAGES)
    if code not in names:
        raise Http404
    review = language_reviews.reviews()[code]
    initial = {"reviewed_on": review.reviewed_on, "reviewed_by": review.reviewed_by}
    form = LanguageReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        language_reviews.record_review(
            code, form.cleaned_data["reviewed_on"], form.cleaned_data["reviewed_by"], request.user.get_username()
        )
        messages.success(request, _("The review of %(language)s is saved.") % {"language": names[code]})
        return redirect("enkat:language_detail", code)
    glossary = [
        {"swedish": concept.swedish, "term": concept.terms[code]}
        for concept in GLOSSARY.values()
        if code in concept.terms
    ]
    context = {
        "code": code,
        "name": names[code],
        "review": review,
        "form": form,
        "scale": language_reviews.scale_rows(code) if code != "sv" else [],
        "glossary": glossary,
    }
    return render(request, "enkat/language_detail.html", context)


@quality_developer_required
def question_edit(request: HttpRequest, code: str) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("area"), code=code)
    backs = current_back_translations(question)
    form = QuestionTextsForm(question, current_texts(question), request.POST or None, back_translations=backs)
    if request.method == "POST" and form.is_valid():
        number = new_text_version(
            question,
            form.texts(),
            correction=form.cleaned_data["correction"],
            back_translations=form.back_translations(),
        )
        if number is None and save_back_translations(question, form.back_translations()):
            messages.success(request, _("The back-translations are saved; the wording customers see is unchanged."))
        elif number is None:
            messages.info(request, _("Nothing was changed."))
        else:
            messages.success(
                request,
                _("Saved as text version %(number)s. Open and closed surveys keep the wording they were opened with.")
                % {"number": number},
            )
        return redirect("enkat:question_edit", question.code)
    names = dict(settings.LANGUAGES)
    history = [
        {"version": v, "languages": [names.get(code, code) for code in v.texts]} for v in reversed(versions(question))
    ]
    context = {"question": question, "form": form, "history": history}
    return render(request, "enkat/question_edit.html", context)
