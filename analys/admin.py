"""Imports of earlier years' answers: listed, and removable as a whole batch (never web answers)."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from analys.importing import remove_batch
from enkat.models import ImportBatch, Response


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Read-only; deleting a batch removes the responses it imported, through the one service, logged."""

    list_display = ["survey", "filename", "rows", "imported_at", "imported_by"]
    list_filter = ["survey"]
    readonly_fields = ["survey", "filename", "sha256", "rows", "imported_at", "imported_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ImportBatch | None = None) -> bool:
        return False

    def get_deleted_objects(self, objs, request: HttpRequest):
        """What the confirmation page lists: the batches, and how many responses go with them (not each one)."""
        batches = list(objs)
        responses = Response.objects.filter(import_batch__in=batches).count()
        counts = {ImportBatch._meta.verbose_name_plural: len(batches), Response._meta.verbose_name_plural: responses}
        return [str(batch) for batch in batches], counts, set(), []

    def delete_model(self, request: HttpRequest, obj: ImportBatch) -> None:
        remove_batch(obj, request.user.get_username())

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ImportBatch]) -> None:
        for batch in queryset:
            remove_batch(batch, request.user.get_username())
