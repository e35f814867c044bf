"""Read-only views for operations; every change goes through the quality-report pages and their services."""

from django.contrib import admin

from kvalitetsrapport.models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "to_email", "status", "sent_at", "report"]
    list_filter = ["kind", "status"]
    search_fields = ["to_email", "report__provider__name"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
