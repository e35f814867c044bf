from django.contrib import admin

from register.models import Authorisation, Insats, LegacyExitCode, ProgrammeType, Provider, ProviderMembership


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "org_number", "active"]
    search_fields = ["name"]


@admin.register(ProgrammeType)
class ProgrammeTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "active"]


@admin.register(Insats)
class InsatsAdmin(admin.ModelAdmin):
    list_display = [
        "customer_id",
        "programme_type",
        "provider",
        "start_date",
        "end_date",
        "planned_end_date",
        "exit_reason",
    ]
    list_filter = ["programme_type", "provider", "exit_reason"]
    search_fields = ["customer_id"]
    date_hierarchy = "start_date"


@admin.register(ProviderMembership)
class ProviderMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "provider"]


@admin.register(LegacyExitCode)
class LegacyExitCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "reason", "description"]
    list_filter = ["reason"]
    search_fields = ["code", "description"]


@admin.register(Authorisation)
class AuthorisationAdmin(admin.ModelAdmin):
    list_display = ["provider", "programme_type", "valid_from", "valid_to"]
    list_filter = ["programme_type", "provider"]
    search_fields = ["provider__name"]
    autocomplete_fields = ["provider"]
