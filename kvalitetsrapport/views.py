"""Pages of the quality report that both roles use; each object is fetched through a query scoped to the user.

`analysis_viewer_required` lets in the quality developer (request.provider is None) and a provider user
(request.provider is its provider); everything else is refused.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.permissions import analysis_viewer_required
from kvalitetsrapport import attachments as attachment_files
from kvalitetsrapport import exports, services
from kvalitetsrapport.display import sections
from kvalitetsrapport.forms import CommentForm, ContactForm, ReturnForm
from kvalitetsrapport.models import Attachment, QualityReport, ReportContact, ReportRound, ReportStatus
from kvalitetsrapport.steps import STEP_SLUGS, STEP_TITLES, structure_of
from register.models import Provider


def scoped_reports(request: HttpRequest) -> QuerySet[QualityReport]:
    reports = QualityReport.objects.select_related("round", "provider")
    if request.provider is not None:
        # A provider sees its own reports, and only once the round is open.
        return reports.filter(provider=request.provider, round__opened_at__isnull=False)
    return reports


def scoped_attachments(request: HttpRequest) -> QuerySet[Attachment]:
    found = Attachment.objects.select_related("report__provider", "report__round")
    return found.filter(report__provider=request.provider) if request.provider is not None else found


def scoped_contacts(request: HttpRequest) -> QuerySet[ReportContact]:
    found = ReportContact.objects.select_related("provider")
    return found.filter(provider=request.provider) if request.provider is not None else found


@analysis_viewer_required
def index(request: HttpRequest) -> HttpResponse:
    if request.provider is None:
        from kvalitetsrapport.review import rounds

        return rounds(request)
    reports = scoped_reports(request).order_by("-round__year")
    return render(request, "kvalitetsrapport/provider_index.html", {"reports": reports, "provider": request.provider})


def _report_context(request: HttpRequest, report: QualityReport) -> dict:
    structure = structure_of(report)
    answers = {a.step: a.data for a in report.step_answers.all()}
    comments: dict[str, list] = {}
    for comment in report.comments.select_related("author"):
        comments.setdefault(comment.step, []).append(comment)
    built = sections(structure, answers, report)
    for section in built:
        section["comments"] = comments.get(section["slug"], [])
    return {
        "report": report,
        "sections": built,
        "focus": structure.steps["fokus"],
        "missing": services.missing_answers_from(structure, {a.step: a for a in report.step_answers.all()}),
        "history": report.history.select_related("user").order_by("-at", "-pk")[:500],
        "emails": report.emails.order_by("-created_at")[:100],
        "step_titles": STEP_TITLES,
    }


@analysis_viewer_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    """The quality developer's review page; for the provider, its report read-only (with the comments)."""
    report = get_object_or_404(scoped_reports(request), pk=report_id)
    context = _report_context(request, report)
    if request.provider is None:
        context.update(
            {
                "comment_form": CommentForm(),
                "return_form": ReturnForm(),
                "can_review": report.status == ReportStatus.SUBMITTED,
                "steps": [(s, STEP_TITLES[s]) for s in STEP_SLUGS if s != "granska"],
            }
        )
        return render(request, "kvalitetsrapport/review.html", context)
    return render(request, "kvalitetsrapport/report.html", context)


@analysis_viewer_required
def print_report(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_object_or_404(scoped_reports(request), pk=report_id)
    return render(request, "kvalitetsrapport/print.html", _report_context(request, report))


@analysis_viewer_required
def round_export(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    """The round's reports; a provider gets its own report only."""
    if fmt not in exports.FORMATS:
        raise Http404
    report_round = get_object_or_404(ReportRound, year=year)
    reports = scoped_reports(request).filter(round=report_round)
    if request.provider is not None and not reports.exists():
        raise Http404
    content, content_type, filename = exports.export(report_round, fmt, reports)
    if request.provider is not None:
        filename = filename.replace(f"-{year}", f"-{year}-{request.provider.pk}")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@analysis_viewer_required
def contacts(request: HttpRequest) -> HttpResponse:
    """Report contacts: the quality developer keeps every provider's; a provider user sees and adds its own."""
    form = ContactForm(request.POST or None)
    providers = Provider.objects.order_by("name") if request.provider is None else None
    if request.method == "POST":
        provider = request.provider
        if provider is None:
            provider = Provider.objects.filter(pk=request.POST.get("provider") or 0).first()
            if provider is None:
                form.add_error(None, _("Choose a provider."))
        if provider is not None and form.is_valid():
            try:
                services.add_contact(provider, form.cleaned_data["name"], form.cleaned_data["email"], user=request.user)
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(request, _("Contact added."))
                return redirect("kvalitetsrapport:contacts")
    context = {
        "form": form,
        "contacts": scoped_contacts(request).order_by("provider__name", "name"),
        "providers": providers,
    }
    return render(request, "kvalitetsrapport/contacts.html", context, status=400 if form.errors else 200)


@require_POST
@analysis_viewer_required
def contact_delete(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = get_object_or_404(scoped_contacts(request), pk=contact_id)
    services.remove_contact(contact)
    messages.success(request, _("Contact removed."))
    return redirect("kvalitetsrapport:contacts")


@analysis_viewer_required
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponse:
    attachment = get_object_or_404(scoped_attachments(request), pk=attachment_id)
    path = attachment_files.file_path(attachment)
    if not path.exists():
        raise Http404
    response = FileResponse(
        path.open("rb"), content_type=attachment.content_type, as_attachment=True, filename=attachment.filename
    )
    response["Cache-Control"] = "private, no-store"
    return response
