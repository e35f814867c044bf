"""The quality developer's pages: rounds, the overview, and the review of one report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.permissions import quality_developer_required
from kvalitetsrapport import services
from kvalitetsrapport.exports import structures
from kvalitetsrapport.forms import CommentForm, FocusQuestionForm, ReturnForm, RoundForm, RoundProvidersForm
from kvalitetsrapport.models import FocusQuestion, QualityReport, ReportRound, ReportStatus, StepAnswer
from kvalitetsrapport.steps import STEP_SLUGS, missing_answers, structure_of


@quality_developer_required
def rounds(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report_round = services.create_round(
                form.cleaned_data["year"],
                form.cleaned_data["opens_on"],
                form.cleaned_data["deadline"],
                user=request.user,
            )
        except (IntegrityError, ValidationError):
            form.add_error("year", _("There is already a round for this year."))
        else:
            messages.success(request, _("The round was created with every provider that had programmes in the year."))
            return redirect("kvalitetsrapport:round", report_round.year)
    context = {"form": form, "rounds": ReportRound.objects.prefetch_related("reports")}
    return render(request, "kvalitetsrapport/rounds.html", context, status=400 if form.errors else 200)


def overview_rows(report_round: ReportRound) -> list[dict]:
    """One plain row per report: read as values, not model instances, as a round has hundreds."""
    reports = list(
        report_round.reports.order_by("provider__name").values(
            "pk", "provider_id", "provider__name", "status", "last_activity_at"
        )
    )
    answers: dict[int, dict[str, dict]] = {}
    for report_id, step, data in StepAnswer.objects.filter(report__round=report_round).values_list(
        "report_id", "step", "data"
    ):
        answers.setdefault(report_id, {})[step] = data
    built = structures(report_round, [QualityReport(pk=r["pk"], provider_id=r["provider_id"]) for r in reports])
    labels = dict(ReportStatus.choices)
    link = reverse("kvalitetsrapport:report", args=[0]).removesuffix("0/")
    rows = []
    for report in reports:
        missing = missing_answers(built[report["pk"]], answers.get(report["pk"], {}))
        rows.append(
            {
                **report,
                "name": report["provider__name"],
                "status_label": labels[report["status"]],
                "url": f"{link}{report['pk']}/",
                "missing": sum(len(v) for v in missing.values()),
            }
        )
    return rows


@quality_developer_required
def round_overview(request: HttpRequest, year: int) -> HttpResponse:
    report_round = get_object_or_404(ReportRound, year=year)
    rows = overview_rows(report_round)
    status = request.GET.get("status", "")
    only_missing = request.GET.get("missing") == "yes"
    query = request.GET.get("q", "").strip().lower()
    counts = {value: sum(1 for r in rows if r["status"] == value) for value, _label in ReportStatus.choices}
    if status in ReportStatus.values:
        rows = [r for r in rows if r["status"] == status]
    if only_missing:
        rows = [r for r in rows if r["missing"]]
    if query:
        rows = [r for r in rows if query in r["name"].lower()]
    context = {
        "round": report_round,
        "rows": rows,
        "statuses": [(value, label, counts[value]) for value, label in ReportStatus.choices],
        "status": status,
        "only_missing": only_missing,
        "query": request.GET.get("q", ""),
        "n_reports": report_round.reports.count(),
        "round_form": RoundForm(
            initial={"year": year, "opens_on": report_round.opens_on, "deadline": report_round.deadline}
        ),
        "focus_form": FocusQuestionForm(),
        "questions": report_round.focus_questions.all(),
    }
    return render(request, "kvalitetsrapport/round.html", context)


@quality_developer_required
def round_providers(request: HttpRequest, year: int) -> HttpResponse:
    """Which providers must report: its own page, as the list is long (every provider in the register)."""
    report_round = get_object_or_404(ReportRound, year=year)
    if request.method != "POST":
        form = RoundProvidersForm(initial={"providers": [r.provider_id for r in report_round.reports.all()]})
        return render(request, "kvalitetsrapport/round_providers.html", {"round": report_round, "form": form})
    form = RoundProvidersForm(request.POST)
    if form.is_valid():
        kept = services.set_round_providers(report_round, form.cleaned_data["providers"], user=request.user)
        messages.success(request, _("The providers that must report were saved."))
        if kept:
            names = ", ".join(p.name for p in kept)
            messages.warning(request, _("Kept because their report has begun: %(names)s") % {"names": names})
    return redirect("kvalitetsrapport:round", year)


@require_POST
@quality_developer_required
def round_dates(request: HttpRequest, year: int) -> HttpResponse:
    report_round = get_object_or_404(ReportRound, year=year)
    form = RoundForm(request.POST)
    if form.is_valid():
        services.update_round(report_round, form.cleaned_data["opens_on"], form.cleaned_data["deadline"])
        messages.success(request, _("The dates were saved."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("kvalitetsrapport:round", year)


@require_POST
@quality_developer_required
def focus_add(request: HttpRequest, year: int) -> HttpResponse:
    report_round = get_object_or_404(ReportRound, year=year)
    form = FocusQuestionForm(request.POST)
    if form.is_valid():
        services.add_focus_question(report_round, form.cleaned_data["text"], form.cleaned_data["required"])
        messages.success(request, _("The question was added."))
    else:
        messages.error(request, _("Write the question."))
    return redirect("kvalitetsrapport:round", year)


@require_POST
@quality_developer_required
def focus_delete(request: HttpRequest, year: int, question_id: int) -> HttpResponse:
    question = get_object_or_404(FocusQuestion, round__year=year, pk=question_id)
    services.remove_focus_question(question)
    messages.success(request, _("The question was removed."))
    return redirect("kvalitetsrapport:round", year)


@require_POST
@quality_developer_required
def round_open(request: HttpRequest, year: int) -> HttpResponse:
    report_round = get_object_or_404(ReportRound, year=year)
    queued = services.open_round(report_round, user=request.user)
    messages.success(request, _("The round is open; %(count)s e-mails are on their way.") % {"count": queued})
    return redirect("kvalitetsrapport:round", year)


def _review_report(report_id: int) -> QualityReport:
    return get_object_or_404(QualityReport.objects.select_related("round", "provider"), pk=report_id)


@require_POST
@quality_developer_required
def comment(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _review_report(report_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        step = form.cleaned_data["step"]
        known = {spec.name for spec in structure_of(report).fields(step)} | {"actions"}
        field = form.cleaned_data["field"] if form.cleaned_data["field"] in known else ""
        services.add_comment(report, step, form.cleaned_data["text"], field=field, user=request.user)
        messages.success(request, _("The comment was saved."))
        anchor = f"#section-{form.cleaned_data['step']}"
    else:
        messages.error(request, _("Write a comment."))
        anchor = ""
    return redirect(f"{report.get_absolute_url()}{anchor}")


@require_POST
@quality_developer_required
def return_report(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _review_report(report_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a message saying what the provider should complete."))
        return redirect("kvalitetsrapport:report", report.pk)
    try:
        services.return_report(report, form.cleaned_data["message"], user=request.user)
    except services.WrongStatus:
        messages.error(request, _("Only a submitted report can be returned."))
    else:
        messages.success(request, _("The report was returned to the provider."))
    return redirect("kvalitetsrapport:report", report.pk)


@require_POST
@quality_developer_required
def approve(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _review_report(report_id)
    try:
        services.approve_report(report, user=request.user)
    except services.WrongStatus:
        messages.error(request, _("Only a submitted report can be approved."))
    else:
        messages.success(request, _("The report was approved."))
    return redirect("kvalitetsrapport:report", report.pk)


__all__ = ["STEP_SLUGS"]
