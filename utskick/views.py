import logging

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from common.logging import mask_phone
from common.permissions import quality_developer_required
from enkat import answering
from enkat.models import Survey
from register.dimensions import BY_CODE
from utskick import callbacks, plans, send_runs, stats
from utskick.models import Channel, SendRun
from utskick.optout_words import is_opt_out
from utskick.preview import build_preview
from utskick.window import Window

logger = logging.getLogger(__name__)


def _signed_by_twilio(request: HttpRequest) -> bool:
    """Signed with our account's auth token (whatever credentials send), and for our account."""
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature or not settings.TWILIO_AUTH_TOKEN or not settings.TWILIO_ACCOUNT_SID:
        return False
    if request.POST.get("AccountSid", "") != settings.TWILIO_ACCOUNT_SID:
        return False
    # Twilio signs the public URL it called. Behind a proxy the request's own host and
    # scheme differ, so the URL is rebuilt from SITE_URL, never from the Host header.
    url = settings.SITE_URL + request.get_full_path()
    return RequestValidator(settings.TWILIO_AUTH_TOKEN).validate(url, request.POST.dict(), signature)


@csrf_exempt
@require_POST
def twilio_status(request: HttpRequest) -> HttpResponse:
    if not _signed_by_twilio(request):
        return HttpResponseForbidden()
    sid = request.POST.get("MessageSid", "")
    status = callbacks.TWILIO_STATUSES.get(request.POST.get("MessageStatus", "").lower())
    if sid and status is not None:
        callbacks.record_status(sid, status, request.POST.get("ErrorCode", ""), timezone.now())
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def twilio_inbound(request: HttpRequest) -> HttpResponse:
    if not _signed_by_twilio(request):
        return HttpResponseForbidden()
    reply = MessagingResponse()
    sender = request.POST.get("From", "")
    if is_opt_out(request.POST.get("Body", "")) and sender:
        count, language = answering.opt_out_by_mobile(sender)
        language = language or settings.LANGUAGE_CODE
        logger.info("%s replied with a stop word: %d invitations opted out", mask_phone(sender), count)
        with translation.override(language):
            reply.message(_("You will get no more text messages about the survey."))
    return HttpResponse(str(reply), content_type="application/xml")


def _latest_run(survey: Survey) -> SendRun | None:
    return SendRun.objects.filter(survey=survey).first()


@quality_developer_required
def survey_page(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    plan = plans.plan_for(survey)
    now = timezone.now()
    window = Window.of(plan)
    rows = stats.step_rows(survey)
    context = {
        "survey": survey,
        "plan": plan,
        "sms_rows": [row for row in rows if row.channel == Channel.SMS],
        "email_rows": [row for row in rows if row.channel == Channel.EMAIL],
        "groups": [
            (_("Channel"), stats.group_rows(survey, "channel")),
            *[
                (BY_CODE[code].label, stats.group_rows(survey, BY_CODE[code].snapshot_field))
                for code in ("language", "provider", "programme")
            ],
        ],
        "run": _latest_run(survey),
        "in_window": window.contains(now),
        "next_window": window.next_open(now),
        "sending": survey.is_accepting(now),
    }
    return render(request, "utskick/survey.html", context)


@quality_developer_required
@require_POST
def send_now(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    running = SendRun.objects.filter(survey=survey, finished_at__isnull=True).exists()
    if running:
        messages.info(request, _("Sending is already running."))
    else:
        send_runs.start_send_run(survey, request.user)
        messages.success(request, _("Sending has started."))
    return redirect("utskick:survey", slug=survey.slug)


@quality_developer_required
@require_POST
def pause(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    paused = request.POST.get("paused") == "1"
    plans.set_paused(survey, paused)
    messages.success(request, _("Sending is paused.") if paused else _("Sending is resumed."))
    return redirect("utskick:survey", slug=survey.slug)


@quality_developer_required
def run_progress(request: HttpRequest, slug: str, pk: int) -> JsonResponse:
    run = get_object_or_404(SendRun, survey__slug=slug, pk=pk)
    return JsonResponse(
        {"done": run.done, "total": run.total, "percent": run.percent, "finished": run.finished_at is not None}
    )


@quality_developer_required
def preview(request: HttpRequest) -> HttpResponse:
    return render(request, "utskick/preview.html", {"preview": build_preview()})
