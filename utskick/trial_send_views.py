"""The "Send to myself" button on a survey's test-link page."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.permissions import quality_developer_required
from enkat.models import Survey
from utskick import trial_sends
from utskick.models import Channel


@quality_developer_required
@require_POST
def send_to_self(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    try:
        sent = trial_sends.send_to_self(
            survey,
            request.POST.get("language", "sv"),
            request.POST.get("contact", ""),
            reminder=request.POST.get("message") == "reminder",
        )
    except trial_sends.TrialSendError as exc:
        messages.error(request, str(exc))
    else:
        if sent.channel == Channel.SMS:
            text = _("A test SMS was sent to %(contact)s. Answers given with its test link count nowhere.")
        else:
            text = _("A test e-mail was sent to %(contact)s. Answers given with its test link count nowhere.")
        messages.success(request, text % {"contact": sent.masked})
    return redirect("enkat:survey_test_link", survey.slug)
