from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from utskick.models import Message, SendingPlan, SendRun
from utskick.preview import build_preview


@admin.register(SendingPlan)
class SendingPlanAdmin(admin.ModelAdmin):
    list_display = ["survey", "channel_preference", "paused", "window_start", "window_end", "retention_days"]
    list_filter = ["paused"]
    change_list_template = "utskick/admin_change_list.html"

    def get_urls(self):
        urls = [path("preview/", self.admin_site.admin_view(self.preview_view), name="utskick_sms_preview")]
        return urls + super().get_urls()

    def preview_view(self, request: HttpRequest) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": _("SMS texts and their cost"),
            "preview": build_preview(),
        }
        return TemplateResponse(request, "utskick/admin_preview.html", context)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    # Read-only: the rows are the record of what was sent.
    list_display = ["survey", "channel", "step", "status", "skip_reason", "due_at", "sent_at", "segments"]
    list_filter = ["status", "channel", "step", "survey"]
    readonly_fields = [field.name for field in Message._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(SendRun)
class SendRunAdmin(admin.ModelAdmin):
    list_display = ["survey", "created_at", "started_by", "done", "total", "finished_at", "failed"]
    readonly_fields = [field.name for field in SendRun._meta.fields]
