from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from enkat.models import (
    Area,
    AreaText,
    Invitation,
    Question,
    QuestionText,
    Survey,
    SurveyQuestion,
    SurveyText,
)


class AreaTextInline(admin.TabularInline):
    model = AreaText
    extra = 0


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "position"]
    inlines = [AreaTextInline]


class QuestionTextInline(admin.TabularInline):
    """Read-only: a text is never changed in place; the question editor writes a new text version."""

    model = QuestionText
    extra = 0
    fields = ["version", "language", "text", "back_translation", "created_at"]
    readonly_fields = fields
    ordering = ["-version", "language"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["code", "area", "allows_dont_know", "current_version"]
    readonly_fields = ["current_version"]
    list_filter = ["area"]
    search_fields = ["code", "texts__text"]
    inlines = [QuestionTextInline]


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 0
    readonly_fields = ["text_version"]  # pinned when the survey opens


class SurveyTextInline(admin.StackedInline):
    model = SurveyText
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    """A draft can be edited here; an open or closed survey is read-only (customers may be answering it).

    The state is never edited here: opening and closing go through the survey pages' service.
    """

    list_display = ["name", "slug", "state", "opens_at", "closes_at", "min_n"]
    list_filter = ["state"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["state"]
    inlines = [SurveyQuestionInline, SurveyTextInline]

    def _locked(self, obj) -> bool:
        return obj is not None and obj.state != Survey.State.DRAFT

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(obj)

    def get_prepopulated_fields(self, request, obj=None):
        return {} if self._locked(obj) else super().get_prepopulated_fields(request, obj)

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if self._locked(obj):
            for inline in inlines:
                inline.has_add_permission = lambda *args, **kwargs: False
                inline.has_change_permission = lambda *args, **kwargs: False
                inline.has_delete_permission = lambda *args, **kwargs: False
        return inlines


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are made by the sample and the contacts import.

    Nothing here says whether, when or how an invitation was answered, nor the link secrets,
    the drafts or the opening times: nothing to match a response against.
    """

    list_display = ["customer_id", "survey", "language", "opted_out"]
    list_filter = ["survey", "language"]
    search_fields = ["customer_id"]
    fields = ["survey", "customer_id", "provider", "language", "mobile", "email", "is_test"]

    @admin.display(boolean=True, description=_("opted out"))
    def opted_out(self, obj: Invitation) -> bool:
        return obj.opted_out_at is not None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Response is deliberately not registered: no screen lists, shows or deletes a single response
# (docs/architecture.md, Anonymity). Imported responses are removed a whole file at a time.
