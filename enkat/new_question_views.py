"""The "New question" page of the question editor (/enkat/fragor/ny/)."""

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from common.permissions import quality_developer_required
from enkat.new_question import NewQuestionForm, create_question


@quality_developer_required
def question_new(request: HttpRequest) -> HttpResponse:
    form = NewQuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question = create_question(
                data["code"], data["area"], data["text_sv"], allows_dont_know=data["allows_dont_know"]
            )
        except IntegrityError:  # the same code saved at the same moment by someone else
            form.add_error("code", _("The code was just taken: choose another one."))
        else:
            messages.success(
                request,
                _("Question %(code)s was created. Add its translations here, then add it to a draft survey.")
                % {"code": question.code},
            )
            return redirect("enkat:question_edit", question.code)
    return render(request, "enkat/question_new.html", {"form": form})
