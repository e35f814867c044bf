"""The providers' annual quality report: rounds, reports, their answers, review and e-mails."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from register.models import Provider


class ReportRound(models.Model):
    """One year's reporting: who must report, by when, and the year's focus questions."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    opens_on = models.DateField(_("opening date"))
    deadline = models.DateField(_("deadline"))
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("report round")
        verbose_name_plural = _("report rounds")
        constraints = [
            models.CheckConstraint(condition=Q(deadline__gte=models.F("opens_on")), name="round_deadline_after_opening")
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None


class FocusQuestion(models.Model):
    """A question the quality developer writes for one round (the year's focus areas)."""

    round = models.ForeignKey(ReportRound, on_delete=models.CASCADE, related_name="focus_questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("question"), max_length=1000)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["round", "position", "pk"]
        verbose_name = _("focus question")
        verbose_name_plural = _("focus questions")

    def __str__(self) -> str:
        return self.text


class ReportContact(models.Model):
    """Who at a provider gets the round's e-mails."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="report_contacts")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["provider", "name", "pk"]
        verbose_name = _("report contact")
        verbose_name_plural = _("report contacts")
        constraints = [models.UniqueConstraint(fields=["provider", "email"], name="report_contact_unique_email")]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class ReportStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


EDITABLE_STATUSES = (ReportStatus.NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED)
DONE_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


class QualityReport(models.Model):
    """One provider's report in one round. Its answers live per step in StepAnswer."""

    round = models.ForeignKey(ReportRound, on_delete=models.CASCADE, related_name="reports")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="quality_reports")
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.NOT_STARTED
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    return_message = models.TextField(_("message on return"), blank=True)

    class Meta:
        ordering = ["round", "provider__name"]
        verbose_name = _("quality report")
        verbose_name_plural = _("quality reports")
        constraints = [models.UniqueConstraint(fields=["round", "provider"], name="quality_report_one_per_round")]
        indexes = [models.Index(fields=["round", "status"], name="quality_report_round_status")]

    def __str__(self) -> str:
        return f"{self.provider} {self.round.year}"

    def get_absolute_url(self) -> str:
        return reverse("kvalitetsrapport:report", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class StepAnswer(models.Model):
    """A step's answers, saved whole; `version` rises by one on every save (optimistic locking)."""

    report = models.ForeignKey(QualityReport, on_delete=models.CASCADE, related_name="step_answers")
    step = models.CharField(_("step"), max_length=20)
    data = models.JSONField(_("answers"), default=dict)
    version = models.PositiveIntegerField(_("version"), default=1)
    saved_at = models.DateTimeField(_("saved"))
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("step answers")
        verbose_name_plural = _("step answers")
        constraints = [models.UniqueConstraint(fields=["report", "step"], name="step_answer_one_per_step")]


class StepComment(models.Model):
    """The quality developer's comment on a step (or one field of it), shown to the provider beside it."""

    report = models.ForeignKey(QualityReport, on_delete=models.CASCADE, related_name="comments")
    step = models.CharField(_("step"), max_length=20)
    field = models.CharField(_("field"), max_length=100, blank=True)
    text = models.TextField(_("comment"), max_length=4000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")


class HistoryAction(models.TextChoices):
    CREATED = "created", _("Created")
    CHANGED = "changed", _("Changed")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    COMMENTED = "commented", _("Commented")
    ATTACHED = "attached", _("Attachment added")
    DETACHED = "detached", _("Attachment removed")
    EMAIL_QUEUED = "email_queued", _("E-mail queued")
    EMAIL_SENT = "email_sent", _("E-mail sent")
    EMAIL_FAILED = "email_failed", _("E-mail failed")
    EMAIL_UNCERTAIN = "email_uncertain", _("E-mail uncertain")


class HistoryEntry(models.Model):
    """Who did what and when: every transition and every changed field (old → new)."""

    report = models.ForeignKey(QualityReport, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(_("when"), db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    actor = models.CharField(_("who"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=HistoryAction.choices)
    step = models.CharField(_("step"), max_length=20, blank=True)
    field = models.CharField(_("field"), max_length=150, blank=True)
    old = models.TextField(_("old value"), blank=True)
    new = models.TextField(_("new value"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")


class DevelopmentAction(models.Model):
    """One action of a report's development plan: what, who, by when."""

    report = models.ForeignKey(QualityReport, on_delete=models.CASCADE, related_name="development_actions")
    position = models.PositiveSmallIntegerField(default=0)
    what = models.TextField(_("what"), max_length=2000)
    who = models.CharField(_("who"), max_length=200, blank=True)
    by = models.DateField(_("by when"), null=True, blank=True)

    class Meta:
        ordering = ["report", "position", "pk"]
        verbose_name = _("development action")
        verbose_name_plural = _("development plan")

    def __str__(self) -> str:
        return self.what


class Attachment(models.Model):
    """A file attached to step A or B, stored outside the static files under a random name."""

    report = models.ForeignKey(QualityReport, on_delete=models.CASCADE, related_name="attachments")
    step = models.CharField(_("step"), max_length=20)
    filename = models.CharField(_("file name"), max_length=255)
    stored_name = models.CharField(max_length=80, unique=True)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename


class EmailKind(models.TextChoices):
    OPENED = "opened", _("Round opened")
    REMINDER_14 = "reminder_14", _("Reminder 14 days before the deadline")
    REMINDER_3 = "reminder_3", _("Reminder 3 days before the deadline")
    RETURNED = "returned", _("Report returned")
    APPROVED = "approved", _("Report approved")


REMINDER_KINDS = (EmailKind.REMINDER_14, EmailKind.REMINDER_3)


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    CLAIMED = "claimed", _("Claimed by the worker")
    ATTEMPTING = "attempting", _("Being sent")
    SENT = "sent", pgettext_lazy("e-mail status", "Sent")
    FAILED = "failed", pgettext_lazy("e-mail status", "Failed")
    UNCERTAIN = "uncertain", _("Uncertain (the worker stopped while sending)")


class OutgoingEmail(models.Model):
    """An e-mail to a report contact: written with the change that causes it, sent by the worker."""

    report = models.ForeignKey(QualityReport, on_delete=models.CASCADE, related_name="emails", verbose_name=_("report"))
    kind = models.CharField(_("kind"), max_length=20, choices=EmailKind.choices)
    to_name = models.CharField(_("name"), max_length=200, blank=True)
    to_email = models.EmailField(_("e-mail"))
    status = models.CharField(_("status"), max_length=20, choices=EmailStatus.choices, default=EmailStatus.PENDING)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    due_at = models.DateTimeField(_("due"))
    claimed_by = models.CharField(_("claimed by"), max_length=120, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(pgettext_lazy("e-mail", "sent"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        constraints = [
            # A reminder goes once per report, kind and address, however often the worker plans them.
            models.UniqueConstraint(
                fields=["report", "kind", "to_email"],
                condition=Q(kind__in=["reminder_14", "reminder_3"]),
                name="outgoing_email_one_reminder",
            )
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="outgoing_email_due")]
