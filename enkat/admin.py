from django.contrib import admin

from enkat.models import (
    Area,
    AreaText,
    Invitation,
    Question,
    QuestionText,
    Response,
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
    model = QuestionText
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["code", "area", "allows_dont_know"]
    list_filter = ["area"]
    search_fields = ["code", "texts__text"]
    inlines = [QuestionTextInline]


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 0


class SurveyTextInline(admin.StackedInline):
    model = SurveyText
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "state", "opens_at", "closes_at", "min_n"]
    list_filter = ["state"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SurveyQuestionInline, SurveyTextInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are made by the sample and the contacts import."""

    list_display = ["customer_id", "survey", "language", "answered_at", "opted_out_at"]
    list_filter = ["survey", "language"]
    search_fields = ["customer_id"]
    # The link secrets and the draft answers are never shown.
    exclude = ["token_nonce", "token_hash", "draft_answers", "draft_comment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    """Read-only: an anonymous response is never edited."""

    list_display = ["survey", "submitted_on", "language", "programme", "provider_name"]
    list_filter = ["survey", "language"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
