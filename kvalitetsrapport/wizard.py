"""The provider's wizard (django-formtools), with a storage backed by the report in the database.

Every step is saved to the database when the provider goes on, goes back or presses
"Spara utkast"; nothing is kept only in the session, so another device (or a new
session after the old one expired) continues from what was saved.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from formtools.wizard.storage.base import BaseStorage
from formtools.wizard.views import NamedUrlWizardView

from common.permissions import provider_required
from kvalitetsrapport import attachments as attachment_files
from kvalitetsrapport import figures, services
from kvalitetsrapport.display import display_value, field_label, sections
from kvalitetsrapport.forms import StepForm, field_name, step_form_class
from kvalitetsrapport.models import QualityReport, StepAnswer
from kvalitetsrapport.steps import ATTACHMENT_STEPS, STEP_SLUGS, STEP_TITLES, ReportStructure, structure_of

MAX_EXTRA_ROWS = 10


class ReportStorage(BaseStorage):
    """formtools storage whose step data is the report's saved answers; the current step is the URL's."""

    def __init__(self, prefix, request=None, file_storage=None) -> None:
        super().__init__(prefix, request, file_storage)
        self.report: QualityReport = request.quality_report
        self.init_data()
        self._answers: dict[str, StepAnswer] | None = None

    def answers(self) -> dict[str, StepAnswer]:
        if self._answers is None:
            self._answers = {a.step: a for a in self.report.step_answers.select_related("saved_by")}
        return self._answers

    def load(self, step: str) -> tuple[dict[str, Any], int]:
        answer = self.answers().get(step)
        return (answer.data, answer.version) if answer else ({}, 0)

    def get_step_data(self, step):
        # Forms are built unbound from the saved answers (get_form_initial), never from raw posted data.
        return None

    def set_step_data(self, step, cleaned_data) -> None:
        data, version, user = cleaned_data
        answer = services.save_step(self.report, step, data, version, user=user)
        self.answers()[step] = answer

    def last_saved(self) -> StepAnswer | None:
        answers = list(self.answers().values())
        return max(answers, key=lambda a: a.saved_at) if answers else None


PLACEHOLDER_FORMS = [(slug, forms.Form) for slug in STEP_SLUGS]


@method_decorator(provider_required, name="dispatch")
class ReportWizard(NamedUrlWizardView):
    storage_name = "kvalitetsrapport.wizard.ReportStorage"
    template_name = "kvalitetsrapport/wizard.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Scoped to the user's provider before anything else: another provider's id is simply not found.
        self.report = get_object_or_404(
            QualityReport.objects.select_related("round", "provider").filter(provider=request.provider),
            pk=kwargs["report_id"],
        )
        if not self.report.round.is_open:
            raise Http404
        request.quality_report = self.report
        self.structure: ReportStructure = structure_of(self.report)
        return super().dispatch(request, *args, **kwargs)

    def get_step_url(self, step: str) -> str:
        return reverse(self.url_name, kwargs={"report_id": self.report.pk, "step": step})

    def get(self, *args, **kwargs) -> HttpResponse:
        if not self.report.editable:
            return redirect("kvalitetsrapport:report", self.report.pk)
        step = kwargs.get("step")
        if step is None:
            missing = services.missing_answers_from(self.structure, self.storage.answers())
            first = next((s for s in STEP_SLUGS if s in missing), STEP_SLUGS[0])
            return redirect(self.get_step_url(first if self.storage.answers() else STEP_SLUGS[0]))
        if step not in STEP_SLUGS:
            return redirect(self.get_step_url(STEP_SLUGS[0]))
        self.storage.current_step = step
        return self.render(self.get_form(step))

    def get_form_initial(self, step: str) -> dict[str, Any]:
        data, version = self.storage.load(step)
        return self.form_class_for(step).initial_from(data, version)

    def form_class_for(self, step: str) -> type[StepForm]:
        return step_form_class(self.structure.steps[step], self.report.round.year)

    def plan_rows(self, step: str) -> int:
        if step != "plan":
            return 0
        data, _version = self.storage.load(step)
        try:
            extra = min(max(int(self.request.GET.get("extra", 1)), 1), MAX_EXTRA_ROWS)
        except ValueError:
            extra = 1
        posted = self.request.POST.get("plan_rows") if self.request.method == "POST" else None
        if posted and posted.isdigit():
            return min(int(posted), len(data.get("actions", [])) + MAX_EXTRA_ROWS)
        return len(data.get("actions", [])) + extra

    def get_form(self, step=None, data=None, files=None) -> StepForm:
        step = step or self.steps.current
        return self.form_class_for(step)(
            data=data,
            prefix=self.get_form_prefix(step),
            initial=self.get_form_initial(step),
            plan_rows=self.plan_rows(step),
        )

    def post(self, *args, **kwargs) -> HttpResponse:
        step = kwargs.get("step")
        if step not in STEP_SLUGS:
            raise Http404
        if not self.report.editable:
            messages.error(self.request, _("The report is submitted and can no longer be changed."))
            return redirect("kvalitetsrapport:report", self.report.pk)
        self.storage.current_step = step
        if step == "granska":
            return self.submit()
        form = self.get_form(step, data=self.request.POST)
        if not form.is_valid():
            messages.error(self.request, _("The step was not saved: please correct the fields marked below."))
            return self.render(form, status=400)
        try:
            self.storage.set_step_data(
                step, (form.stored_data(), form.cleaned_data.get("version") or 0, self.request.user)
            )
        except services.VersionConflict as conflict:
            return self.render_conflict(step, form, conflict.current)
        except services.ReportLocked:
            messages.error(self.request, _("The report is submitted and can no longer be changed."))
            return redirect("kvalitetsrapport:report", self.report.pk)
        if step in ATTACHMENT_STEPS:
            self.handle_attachments(step)
        return redirect(self.target_url(step))

    def handle_attachments(self, step: str) -> None:
        """After the step is saved: attach the chosen file, or remove the one whose button was pressed."""
        upload = self.request.FILES.get("attachment")
        if upload is not None:
            try:
                attachment_files.add_attachment(self.report, step, upload, user=self.request.user)
            except ValidationError as error:
                messages.error(self.request, " ".join(error.messages))
            else:
                messages.success(self.request, _("The file was attached."))
        remove = self.request.POST.get("remove_attachment", "")
        if remove.isdigit():
            attachment = self.report.attachments.filter(pk=int(remove), step=step).first()
            if attachment is not None:
                attachment_files.remove_attachment(attachment, user=self.request.user)
                messages.success(self.request, _("The file was removed."))

    def target_url(self, step: str) -> str:
        goto = self.request.POST.get("wizard_goto_step", "")
        action = self.request.POST.get("action", "next")
        if goto in STEP_SLUGS:
            return self.get_step_url(goto)
        if action == "back":
            return self.get_step_url(self.get_prev_step(step) or step)
        if action == "add_row":
            return self.get_step_url(step) + "?extra=2#plan-actions"
        if action in ("attach", "remove_attachment") or self.request.POST.get("remove_attachment"):
            return self.get_step_url(step) + "#attachments-heading"
        if action == "save":
            messages.success(self.request, _("Draft saved."))
            return self.get_step_url(step)
        return self.get_step_url(self.get_next_step(step) or step)

    def render_conflict(self, step: str, form: StepForm, current: StepAnswer) -> HttpResponse:
        data = self.request.POST.copy()
        data[f"{form.prefix}-version"] = str(current.version or 0)
        rebound = self.get_form(step, data=data)
        rebound.is_valid()
        newer = [
            (field_label(self.structure, step, spec), display_value(spec, current.data.get(spec.name)))
            for spec in self.structure.steps[step].fields
        ] + [(_("Action"), a.get("what")) for a in current.data.get("actions", [])]
        return self.render(rebound, conflict=current, newer=newer, status=409)

    def submit(self) -> HttpResponse:
        try:
            services.submit_report(self.report, user=self.request.user)
        except services.MissingAnswers:
            messages.error(self.request, _("Some required answers are missing; they are listed below."))
            return self.render(self.get_form("granska"), status=400)
        except services.WrongStatus:
            raise PermissionDenied from None
        messages.success(self.request, _("Thank you! The report has been submitted."))
        return redirect("kvalitetsrapport:report", self.report.pk)

    def render(self, form=None, status: int = 200, **kwargs) -> HttpResponse:
        response = super().render(form, **kwargs)
        response.status_code = status
        return response

    def get_context_data(self, form, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(form=form, **kwargs)
        step = self.steps.current
        comments = list(self.report.comments.filter(step=step).select_related("author"))
        by_field: dict[str, list] = {}
        for comment in comments:
            by_field.setdefault(field_name(comment.field), []).append(comment)
        context.update(
            {
                "report": self.report,
                "step": step,
                "step_spec": self.structure.steps[step],
                "step_number": STEP_SLUGS.index(step) + 1,
                "step_count": len(STEP_SLUGS),
                "nav": [{"slug": s, "title": STEP_TITLES[s], "number": i} for i, s in enumerate(STEP_SLUGS, start=1)],
                "prev_step": self.get_prev_step(step),
                "next_step": self.get_next_step(step),
                "last_saved": self.storage.last_saved(),
                "comments_by_field": by_field,
                "step_comments": by_field.get("", []),
            }
        )
        if step in ATTACHMENT_STEPS:
            context["attachments"] = self.report.attachments.filter(step=step)
        if step == "d":
            context["register_figures"] = figures.register_comparison(self.report.round.year, self.report.provider)
            context["survey_figures"] = figures.survey_comparison(self.report.provider)
        if step == "plan":
            data, _version = self.storage.load("plan")
            followups = {s.name: s for s in self.structure.steps["plan"].fields}
            context["previous_actions"] = [
                {
                    "action": action,
                    "status": form[field_name(f"followup.{action.pk}.status")],
                    "comment": form[field_name(f"followup.{action.pk}.comment")],
                }
                for action in self.structure.previous_actions
                if f"followup.{action.pk}.status" in followups
            ]
        if step == "granska":
            answers = {slug: answer.data for slug, answer in self.storage.answers().items()}
            context["review"] = review_sections(self.structure, answers, self.report)
            context["missing"] = services.missing_answers_from(self.structure, self.storage.answers())
        return context


def review_sections(structure: ReportStructure, answers: dict[str, dict], report: QualityReport) -> list[dict]:
    """Every step with its labelled answers, for step 8."""
    return sections(structure, answers, report)
