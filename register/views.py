import csv
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common import uploads
from common.permissions import provider_required, quality_developer_required
from common.roles import is_quality_developer, provider_of
from common.xlsx import safe_cell
from register.forms import PRIVACY_LANGUAGES, OrganisationForm, RegisterUploadForm
from register.importing import COLUMNS, READ_COLUMNS, import_register
from register.models import Insats, Organisation, Provider


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year


@login_required
def home(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    if is_quality_developer(request.user):
        from enkat.models import Survey

        providers = Provider.objects.annotate(
            insatser=Count("insats", filter=Q(insats__in=Insats.objects.during_year(year)))
        ).filter(Q(active=True) | Q(insatser__gt=0))
        surveys = Survey.objects.all()[:10]
        context = {"year": year, "providers": providers, "surveys": surveys, "role": "quality_developer"}
        return render(request, "register/home_quality_developer.html", context)
    provider = provider_of(request.user)
    if provider is None:
        return render(request, "register/home_no_role.html", status=403)
    insatser = Insats.objects.for_provider(provider).during_year(year)
    context = {
        "year": year,
        "provider": provider,
        "n_insatser": insatser.count(),
        "n_ongoing": insatser.filter(Q(end_date__isnull=True) | Q(end_date__gt=date(year, 12, 31))).count(),
        "role": "provider",
    }
    return render(request, "register/home_provider.html", context)


@provider_required
def provider_insatser(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    insatser = Insats.objects.for_provider(request.provider).during_year(year).select_related("programme_type")
    return render(request, "register/provider_insatser.html", {"insatser": insatser, "year": year})


@provider_required
def provider_insats_detail(request: HttpRequest, pk: int) -> HttpResponse:
    insats = get_object_or_404(Insats.objects.for_provider(request.provider).select_related("programme_type"), pk=pk)
    return render(request, "register/provider_insats_detail.html", {"insats": insats})


@provider_required
def provider_insatser_csv(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    insatser = Insats.objects.for_provider(request.provider).during_year(year).select_related("programme_type")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="insatser-{year}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["kund_id", "insatstyp", "startdatum", "slutdatum", "avslutsorsak", "forlangningar"])
    for insats in insatser:
        writer.writerow(
            [
                safe_cell(insats.customer_id),
                safe_cell(insats.programme_type.name),
                insats.start_date.isoformat(),
                insats.end_date.isoformat() if insats.end_date else "",
                insats.exit_reason,
                insats.extensions,
            ]
        )
    return response


@quality_developer_required
def register_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    insatser = Insats.objects.during_year(year).select_related("programme_type", "provider")
    provider_id = request.GET.get("provider")
    if provider_id and provider_id.isdigit():
        insatser = insatser.filter(provider_id=int(provider_id))
    context = {
        "year": year,
        "insatser": insatser[:500],
        "count": insatser.count(),
        "customers": insatser.values("customer_id").distinct().count(),
        "providers": Provider.objects.all(),
    }
    return render(request, "register/register_list.html", context)


@quality_developer_required
def register_import(request: HttpRequest) -> HttpResponse:
    """Upload, preview and error list. Nothing is written until confirmed."""
    form = RegisterUploadForm(request.POST or None, request.FILES or None)
    create_providers = form.is_valid() and form.cleaned_data["create_providers"]
    return uploads.preview(
        request,
        form,
        "register/import.html",
        {"columns": COLUMNS},
        "register_import",
        lambda table: import_register(table, dry_run=True, create_providers=create_providers),
        READ_COLUMNS,
        create_providers=create_providers,
    )


@require_POST
@quality_developer_required
def register_import_cancel(request: HttpRequest) -> HttpResponse:
    uploads.cancel(request, "register_import")
    return redirect("register:import")


@quality_developer_required
def register_import_confirm(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("register:import")
    uploads.confirm(
        request,
        "register_import",
        lambda table, data: import_register(table, create_providers=data["create_providers"]),
        lambda result: (
            _("Imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        ),
        READ_COLUMNS,
    )
    return redirect("register:list")


@quality_developer_required
def organisation(request: HttpRequest) -> HttpResponse:
    """The organisation profile: the name, SMS sender, contact and privacy notice customers see."""
    form = OrganisationForm(request.POST or None, instance=Organisation.load())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The organisation profile is saved. Customers see it on their next page."))
        return redirect("register:organisation")
    privacy_fields = [form[Organisation.privacy_field(code)] for code in PRIVACY_LANGUAGES]
    return render(request, "register/organisation.html", {"form": form, "privacy_fields": privacy_fields})
