from django.contrib import admin

from register.forms import OrganisationForm
from register.models import Insats, Organisation, ProgrammeType, Provider, ProviderMembership


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "org_number", "active"]
    search_fields = ["name"]


@admin.register(ProgrammeType)
class ProgrammeTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "active"]


@admin.register(Insats)
class InsatsAdmin(admin.ModelAdmin):
    list_display = ["customer_id", "programme_type", "provider", "start_date", "end_date", "exit_reason"]
    list_filter = ["programme_type", "provider", "exit_reason"]
    search_fields = ["customer_id"]
    date_hierarchy = "start_date"


@admin.register(ProviderMembership)
class ProviderMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "provider"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """The one profile row; the quality developer's page (register:organisation) is the usual way to edit it."""

    form = OrganisationForm
    list_display = ["name", "sms_sender", "contact_phone", "contact_email"]

    def has_add_permission(self, request) -> bool:
        return not Organisation.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
