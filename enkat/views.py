"""The quality developer's survey pages at /enkat/. Provider users are refused on every one."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enkat import services
from enkat.contacts import COLUMNS, import_contacts
from enkat.contacts import READ_COLUMNS as CONTACT_COLUMNS
from enkat.forms import ContactsUploadForm, SurveyForm
from enkat.models import Survey
from enkat.overview import survey_overview
from register import uploads
from register.permissions import quality_developer_required
from register.tabular import TableError, read_table

PREVIEW_ROWS = 10


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
    except services.NotAccepting:
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
    context: dict = {"survey": survey, "form": form, "columns": COLUMNS}
    if request.method == "POST":
        uploads.discard(request, "enkat_contacts_import")  # a new upload replaces one not yet confirmed
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload, upload.name, columns=CONTACT_COLUMNS)
        except TableError as exc:
            for message in exc.messages:
                form.add_error("file", message)
            return render(request, "enkat/contacts_import.html", context)
        result = import_contacts(table, survey, dry_run=True)
        context.update({"table": table, "preview": table.rows[:PREVIEW_ROWS], "result": result})
        if result.ok:
            uploads.stash(request, "enkat_contacts_import", upload, survey=survey.pk)
            context["confirm"] = True
    return render(request, "enkat/contacts_import.html", context)


@require_POST
@quality_developer_required
def contacts_import_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    uploads.discard(request, "enkat_contacts_import")
    messages.info(request, _("The import was cancelled; the file is deleted."))
    return redirect("enkat:contacts_import", survey.slug)


@require_POST
@quality_developer_required
def contacts_import_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    pending = uploads.take(request, "enkat_contacts_import", CONTACT_COLUMNS)
    if pending is None or pending[1].get("survey") != survey.pk:
        raise Http404
    table, _data = pending
    result = import_contacts(table, survey)
    if result.ok:
        messages.success(request, _("Contacts imported: %(count)s invitations updated.") % {"count": result.updated})
    else:
        messages.error(request, _("The file could not be imported; nothing was written."))
    return redirect("enkat:survey_detail", survey.slug)
