"""The quality developer's survey pages at /enkat/. Provider users are refused on every one."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common import uploads
from common.permissions import quality_developer_required
from enkat import answering, services
from enkat.contacts import COLUMNS, import_contacts
from enkat.contacts import READ_COLUMNS as CONTACT_COLUMNS
from enkat.forms import ContactsUploadForm, SurveyForm
from enkat.models import Survey
from enkat.overview import survey_overview


@quality_developer_required
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = Survey.objects.all()
    return render(request, "enkat/survey_list.html", {"surveys": surveys})


@quality_developer_required
def survey_create(request: HttpRequest) -> HttpResponse:
    form = SurveyForm(request.POST or None, initial={"languages": ["sv"], "min_n": 5})
    if request.method == "POST" and form.is_valid():
        survey = services.save_survey(form)
        messages.success(request, _("The survey was created."))
        return redirect("enkat:survey_detail", survey.slug)
    return render(request, "enkat/survey_form.html", {"form": form})


@quality_developer_required
def survey_edit(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    if survey.state != Survey.State.DRAFT:
        messages.error(request, _("Only a draft survey can be changed: customers may already be answering it."))
        return redirect("enkat:survey_detail", survey.slug)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        survey = services.save_survey(form)
        messages.success(request, _("The survey was saved."))
        return redirect("enkat:survey_detail", survey.slug)
    return render(request, "enkat/survey_form.html", {"form": form, "survey": survey})


@quality_developer_required
def survey_detail(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    context = {
        "survey": survey,
        "overview": survey_overview(survey),
        "questions": survey.survey_questions.select_related("question__area"),
        "missing": services.missing_texts(survey) if survey.state == Survey.State.DRAFT else [],
    }
    return render(request, "enkat/survey_detail.html", context)


@require_POST
@quality_developer_required
def survey_open(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    missing = services.open_survey(survey)
    if missing:
        messages.error(
            request,
            _("The survey cannot be opened. Missing: %(missing)s") % {"missing": " ".join(missing)},
        )
    else:
        messages.success(request, _("The survey is open."))
    return redirect("enkat:survey_detail", survey.slug)


@require_POST
@quality_developer_required
def survey_close(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    discarded = services.close_survey(survey)
    messages.success(request, _("The survey is closed. %(count)s unsent drafts were discarded.") % {"count": discarded})
    return redirect("enkat:survey_detail", survey.slug)


@require_POST
@quality_developer_required
def survey_sample(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    try:
        result = services.build_sample(survey)
    except answering.NotAccepting:
        messages.error(request, _("A closed survey's sample cannot change."))
    else:
        messages.success(
            request,
            _("Sample built: %(created)s new invitations, %(existing)s already invited.")
            % {"created": result.created, "existing": result.existing},
        )
    return redirect("enkat:survey_detail", survey.slug)


@quality_developer_required
def contacts_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload, check and preview. Nothing is written until confirmed."""
    survey = get_object_or_404(Survey, slug=slug)
    form = ContactsUploadForm(request.POST or None, request.FILES or None)
    return uploads.preview(
        request,
        form,
        "enkat/contacts_import.html",
        {"survey": survey, "columns": COLUMNS},
        "enkat_contacts_import",
        lambda table: import_contacts(table, survey, dry_run=True),
        CONTACT_COLUMNS,
        survey=survey.pk,
    )


@require_POST
@quality_developer_required
def contacts_import_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    uploads.cancel(request, "enkat_contacts_import")
    return redirect("enkat:contacts_import", survey.slug)


@require_POST
@quality_developer_required
def contacts_import_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    uploads.confirm(
        request,
        "enkat_contacts_import",
        lambda table, _data: import_contacts(table, survey),
        lambda result: _("Contacts imported: %(count)s invitations updated.") % {"count": result.updated},
        CONTACT_COLUMNS,
        survey=survey.pk,
    )
    return redirect("enkat:survey_detail", survey.slug)
