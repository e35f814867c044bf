from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
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
        ZIP = "zip", _("Zip of files")

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


class PublishedFigure(models.Model):
    """A figure from an earlier year's published report (before the survey ran in this product), typed in."""

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    area = models.CharField(_("area"), max_length=40, help_text=_("NKI or an area's code, as in the trend."))
    mean = models.DecimalField(
        _("index"), max_digits=4, decimal_places=2, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    n = models.PositiveIntegerField(_("number of answers (n)"), validators=[MinValueValidator(1)])
    source = models.CharField(_("source"), max_length=200, help_text=_("The report the figure is taken from."))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        ordering = ["year", "area"]
        constraints = [models.UniqueConstraint(fields=["year", "area"], name="published_figure_once_per_year_area")]
        verbose_name = _("published figure")
        verbose_name_plural = _("published figures")

    def __str__(self) -> str:
        return f"{self.year} {self.area} {self.mean} (n = {self.n})"


class ResultsPackJob(models.Model):
    """The quality developer's request for every provider's results pack as one zip, built by the worker.

    pending → building (claimed by one worker with a conditional UPDATE) → ready (the zip stored here) or
    failed. A job left building by a worker that died goes back to pending after `STALE_MINUTES`.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the worker")
        BUILDING = "building", _("Being built")
        READY = "ready", _("Ready to download")
        FAILED = "failed", _("Build failed")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+", verbose_name=_("survey"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    claimed_by = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(_("zip file"), null=True, blank=True, editable=False)
    providers = models.PositiveIntegerField(_("providers"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # One job at a time per survey: a second click joins the job already waiting or running.
            models.UniqueConstraint(
                fields=["survey"],
                condition=models.Q(state__in=["pending", "building"]),
                name="results_pack_one_active_job_per_survey",
            )
        ]
        verbose_name = _("results pack job")
        verbose_name_plural = _("results pack jobs")

    def __str__(self) -> str:
        return f"{self.survey_id} {self.state} {self.requested_at:%Y-%m-%d %H:%M}"


class RegisterTrendCache(models.Model):
    """The trend's counts per year and programme type over the whole register, kept for the register they were
    counted from (analys/register_trend.py): any change to the register changes its fingerprint, and
    the counts are counted again on the next request. Not user data; never edited."""

    fingerprint = models.CharField(max_length=200, unique=True)
    years = models.JSONField()
    counts = models.JSONField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.fingerprint}"
