"""The sending plan page: days, channels, window and time zone, with the calendar of the waves."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from common.permissions import quality_developer_required
from enkat.models import Survey
from utskick import plans
from utskick.plan_form import SendingPlanForm, next_send, wave_calendar


@quality_developer_required
def plan_edit(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    plan = plans.plan_for(survey)
    locked = survey.closed_for_good
    form = SendingPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and not locked and form.is_valid():
        form.save()
        messages.success(request, _("The sending plan was saved. Messages already planned keep their times."))
        return redirect("utskick:plan", survey.slug)
    now = timezone.now()
    context = {
        "survey": survey,
        "form": form,
        "locked": locked,
        "waves": wave_calendar(survey, plan, now),
        "next_send": next_send(survey, plan, now),
        "zone": plan.window_timezone,
    }
    return render(request, "utskick/plan.html", context)
