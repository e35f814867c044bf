from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from enkat.models import Survey
from register.models import Provider


class ExportLog(models.Model):
    """One export of a survey's analysis: who, when, which survey, which format, from where."""

    class Format(models.TextChoices):
        XLSX = "xlsx", _("Excel (xlsx)")
        JSON = "json", _("JSON")
        PNG = "png", _("Picture (PNG)")
        SVG = "svg", _("Drawing (SVG)")
        PDF = "pdf", _("PDF")

    class Channel(models.TextChoices):
        WEB = "web", _("Web page")
        COMMAND = "command", _("Command")

    created = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # Kept as text too, so the log still says who after a user is deleted, and for commands.
    actor = models.CharField(_("who"), max_length=150)
    survey = models.ForeignKey(
        Survey, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("survey")
    )
    survey_slug = models.CharField(_("survey"), max_length=80)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    provider = models.ForeignKey(
        Provider,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provider scope"),
    )
    options = models.JSONField(_("options"), default=dict, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("analysis export")
        verbose_name_plural = _("analysis exports")

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.actor} {self.survey_slug} {self.format}"
