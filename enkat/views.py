"""The quality developer's survey pages at /enkat/. Provider users are refused on every one."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common import uploads
from common.permissions import quality_developer_required
from enkat import answering, closing, services, trial_links
from enkat.contacts import COLUMNS, import_contacts
from enkat.contacts import READ_COLUMNS as CONTACT_COLUMNS
from enkat.copying import copy_survey
from enkat.forms import CloseTimeForm, ContactsUploadForm, CopySurveyForm, SurveyForm
from enkat.language_reviews import unreviewed
from enkat.models import Survey
from enkat.overview import question_rows, survey_overview


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


def _a_year_later(survey: Survey) -> dict:
    def later(value):
        try:
            return value.replace(year=value.year + 1)
        except ValueError:  # 29 February
            return value.replace(year=value.year + 1, day=28)

    year = survey.period_start.year + 1
    return {
        "name": survey.name.replace(str(year - 1), str(year)),
        "slug": survey.slug.replace(str(year - 1), str(year)) if str(year - 1) in survey.slug else "",
        **{name: later(getattr(survey, name)) for name in ("period_start", "period_end")},
        **{name: timezone.localtime(later(getattr(survey, name))) for name in ("opens_at", "closes_at")},
    }


@quality_developer_required
def survey_copy(request: HttpRequest, slug: str) -> HttpResponse:
    """A new draft from an earlier survey: only the name, the slug and the dates are new."""
    source = get_object_or_404(Survey, slug=slug)
    form = CopySurveyForm(request.POST or None, initial=_a_year_later(source))
    if request.method == "POST" and form.is_valid():
        survey = copy_survey(source, **form.cleaned_data)
        messages.success(request, _("The survey was created as a copy of %(name)s.") % {"name": source.name})
        return redirect("enkat:survey_detail", survey.slug)
    return render(request, "enkat/survey_copy.html", {"form": form, "source": source})


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
        "questions": question_rows(survey),
        "missing": services.missing_texts(survey) if survey.state == Survey.State.DRAFT else [],
        "unreviewed": _unreviewed_names(survey) if survey.state == Survey.State.DRAFT else [],
        "close_form": CloseTimeForm(initial={"closes_at": survey.closes_at}),
    }
    return render(request, "enkat/survey_detail.html", context)


def _unreviewed_names(survey: Survey) -> list[tuple[str, str]]:
    """(code, name) of the offered languages not yet reviewed by a native speaker."""
    names = dict(settings.LANGUAGES)
    return [(code, names.get(code, code)) for code in unreviewed(survey.languages)]


@require_POST
@quality_developer_required
def survey_open(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    accepted = request.POST.getlist("accept_unreviewed") if request.POST.get("confirm_unreviewed") == "yes" else []
    try:
        missing = services.open_survey(survey, accept_unreviewed=accepted)
    except answering.NotAccepting:
        messages.error(request, _("A closed survey stays closed."))
        return redirect("enkat:survey_detail", survey.slug)
    except services.UnreviewedLanguages as refused:
        names = dict(settings.LANGUAGES)
        messages.error(
            request,
            _(
                "The survey is not open. Not yet reviewed by a native speaker: %(languages)s. "
                "Confirm below that you open it with them."
            )
            % {"languages": ", ".join(names.get(code, code) for code in refused.languages)},
        )
        return redirect("enkat:survey_detail", survey.slug)
    if missing:
        messages.error(
            request,
            _("The survey cannot be opened. Missing: %(missing)s") % {"missing": " ".join(missing)},
        )
    else:
        messages.success(request, _("The survey is open."))
    return redirect("enkat:survey_detail", survey.slug)


@quality_developer_required
def survey_close(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: what closing means, and a confirmation. POST with the confirmation: close."""
    survey = get_object_or_404(Survey, slug=slug)
    if survey.closed_for_good:
        messages.info(request, _("The survey is already closed."))
        return redirect("enkat:survey_detail", survey.slug)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        discarded = services.close_survey(survey)
        messages.success(
            request, _("The survey is closed. %(count)s unsent drafts were discarded.") % {"count": discarded}
        )
        return redirect("enkat:survey_detail", survey.slug)
    context = {"survey": survey, "consequences": closing.closing_consequences(survey)}
    return render(request, "enkat/survey_close.html", context)


@require_POST
@quality_developer_required
def survey_move_close(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    form = CloseTimeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("enkat:survey_detail", survey.slug)
    try:
        survey = closing.move_close_time(survey, form.cleaned_data["closes_at"])
    except closing.CloseTimeRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("The survey now closes %(when)s (Swedish time).")
            % {"when": timezone.localtime(survey.closes_at).strftime("%Y-%m-%d %H:%M")},
        )
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


@quality_developer_required
def survey_test_link(request: HttpRequest, slug: str) -> HttpResponse:
    """POST: a new test link, shown once on the page. It works like an invitation and counts nowhere."""
    survey = get_object_or_404(Survey, slug=slug)
    link = None
    if request.method == "POST":
        link = trial_links.create_test_link(survey, request.POST.get("language", "sv"))
    context = {
        "survey": survey,
        "link": link,
        "languages": [(code, name) for code, name in settings.LANGUAGES if code in survey.languages],
        "count": trial_links.count_test_links(survey),
        "accepting": survey.is_accepting(timezone.now()),
    }
    return render(request, "enkat/survey_test_link.html", context)
