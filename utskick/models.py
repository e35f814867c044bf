from datetime import time
from functools import cache
from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enkat.models import Invitation, Survey


def default_sms_reminder_days() -> list[int]:
    return [3, 7, 12]


def default_email_reminder_days() -> list[int]:
    return [4, 10]


def default_window_weekdays() -> list[int]:
    return [0, 1, 2, 3, 4]  # Monday to Friday, as in date.weekday()


MAX_REMINDER_DAY = 60


@cache
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class ChannelPreference(models.TextChoices):
    SMS_FIRST = "sms_first", _("SMS when a mobile number is known, otherwise e-mail")
    EMAIL_FIRST = "email_first", _("E-mail when an address is known, otherwise SMS")
    SMS_ONLY = "sms_only", _("SMS only")
    EMAIL_ONLY = "email_only", _("E-mail only")


class SendingPlan(models.Model):
    """A survey's sending settings. Created with the defaults the first time it is needed.

    Editing the plan never changes messages already planned: each invitation's steps are
    copied into Message rows when the invitation is planned.
    """

    survey = models.OneToOneField(
        Survey, on_delete=models.CASCADE, related_name="sending_plan", verbose_name=_("survey")
    )
    channel_preference = models.CharField(
        _("channel"), max_length=12, choices=ChannelPreference.choices, default=ChannelPreference.SMS_FIRST
    )
    sms_reminder_days = models.JSONField(
        _("SMS reminders (days after the invitation)"), default=default_sms_reminder_days
    )
    email_reminder_days = models.JSONField(
        _("e-mail reminders (days after the invitation)"), default=default_email_reminder_days
    )
    window_weekdays = models.JSONField(_("sending days (0 = Monday)"), default=default_window_weekdays)
    window_start = models.TimeField(_("sending window opens"), default=time(9, 0))
    window_end = models.TimeField(_("sending window closes"), default=time(19, 0))
    window_timezone = models.CharField(_("time zone"), max_length=60, default="Europe/Stockholm")
    paused = models.BooleanField(_("paused"), default=False)
    retention_days = models.PositiveIntegerField(
        _("days to keep contact details after closing"),
        null=True,
        blank=True,
        help_text=_("Empty means the default from the settings."),
    )

    class Meta:
        verbose_name = _("sending plan")
        verbose_name_plural = _("sending plans")

    def __str__(self) -> str:
        return str(self.survey)

    def save(self, *args, **kwargs) -> None:
        # Every writer (the plan page, admin, code) goes through the same rules.
        self.clean()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """Every rule a plan must keep, so the worker never meets a plan it cannot follow."""
        errors: dict[str, list[ValidationError]] = {}
        if self.window_timezone not in _timezones():
            errors.setdefault("window_timezone", []).append(
                ValidationError(
                    _("“%(zone)s” is not a known time zone."), code="timezone", params={"zone": self.window_timezone}
                )
            )
        for name in ("sms_reminder_days", "email_reminder_days"):
            days = getattr(self, name)
            if not isinstance(days, list) or not all(
                isinstance(day, int) and not isinstance(day, bool) and 1 <= day <= MAX_REMINDER_DAY for day in days
            ):
                errors.setdefault(name, []).append(
                    ValidationError(
                        _("Reminder days are whole days from 1 to %(max)s after the invitation."),
                        code="days",
                        params={"max": MAX_REMINDER_DAY},
                    )
                )
            elif len(set(days)) != len(days):
                errors.setdefault(name, []).append(ValidationError(_("A reminder day is given twice."), code="twice"))
        weekdays = self.window_weekdays
        if (
            not isinstance(weekdays, list)
            or not weekdays
            or not all(isinstance(day, int) and not isinstance(day, bool) and 0 <= day <= 6 for day in weekdays)
        ):
            errors.setdefault("window_weekdays", []).append(
                ValidationError(_("Choose at least one sending day."), code="weekdays")
            )
        if self.window_start is not None and self.window_end is not None and self.window_end <= self.window_start:
            errors.setdefault("window_end", []).append(
                ValidationError(_("The sending window closes before it opens."), code="window")
            )
        if errors:
            raise ValidationError(errors)

    def reminder_days(self, channel: str) -> list[int]:
        days = self.sms_reminder_days if channel == Channel.SMS else self.email_reminder_days
        return sorted(int(day) for day in days)

    def effective_retention_days(self) -> int:
        return settings.CONTACT_RETENTION_DAYS if self.retention_days is None else self.retention_days


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    CLAIMED = "claimed", _("Claimed by a worker")
    # The intent is recorded before the provider is called: a crash leaves this state behind.
    ATTEMPTING = "attempting", _("Being sent")
    QUEUED = "queued", _("Queued at the provider")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    UNDELIVERED = "undelivered", _("Undelivered")
    FAILED = "failed", _("Failed")
    UNCERTAIN = "uncertain", _("Uncertain")
    SKIPPED = "skipped", _("Not sent")


class SkipReason(models.TextChoices):
    ANSWERED = "answered", _("Already answered")
    OPTED_OUT = "opted_out", _("Opted out")
    UNDELIVERABLE = "undeliverable", _("Undeliverable contact")
    NO_CONTACT = "no_contact", _("No contact details")
    CLOSED = "closed", _("Survey closed")
    SUPERSEDED = "superseded", _("A later reminder was due too")


class Message(models.Model):
    """One planned message to one customer: step 0 is the invitation, 1.. the reminders.

    The row exists before the provider is called, and (invitation, step) is unique, so a
    message can never be created, and therefore never sent, twice.
    """

    # Each row is written three times (claim, attempt, outcome), and each write updates every
    # index: no index of its own for the two keys, whose composite indexes below lead with them.
    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="messages", db_index=False, verbose_name=_("invitation")
    )
    # Denormalised so the worker and the statistics need no join to find a survey's rows.
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="messages", db_index=False, verbose_name=_("survey")
    )
    step = models.PositiveSmallIntegerField(_("step"))
    channel = models.CharField(_("channel"), max_length=5, choices=Channel.choices)
    day_offset = models.PositiveSmallIntegerField(_("day"))
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(_("status"), max_length=12, choices=MessageStatus.choices, default=MessageStatus.PENDING)
    skip_reason = models.CharField(_("reason not sent"), max_length=15, choices=SkipReason.choices, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    attempted_at = models.DateTimeField(_("attempted"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    status_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    provider_id = models.CharField(_("provider's message id"), max_length=64, blank=True)
    error_code = models.CharField(_("error code"), max_length=20, blank=True)
    segments = models.PositiveSmallIntegerField(_("SMS segments"), default=0)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [models.UniqueConstraint(fields=["invitation", "step"], name="message_once_per_step")]
        indexes = [
            # In the claim's order, so a claim reads its batch and stops, however long the queue.
            models.Index(fields=["due_at", "id"], name="message_pending_due_id", condition=Q(status="pending")),
            models.Index(fields=["provider_id"], name="message_provider_id", condition=~Q(provider_id="")),
            models.Index(fields=["survey", "channel", "step"], name="message_survey_step"),
            # Recovery looks for rows in flight; a sent row leaves this index.
            models.Index(
                fields=["claimed_at"],
                name="message_in_flight",
                condition=Q(status__in=[MessageStatus.CLAIMED, MessageStatus.ATTEMPTING]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.step} ({self.status})"


class EarlyStatus(models.Model):
    """A delivery status that arrived before its message's outcome (and provider id) was written.

    Holds Twilio's message id and the status only: no contact details.
    """

    provider_id = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=12, choices=MessageStatus.choices)
    error_code = models.CharField(max_length=20, blank=True)
    received_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.provider_id} ({self.status})"


class SendRun(models.Model):
    """A "Send now" started by the quality developer, with its progress."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="send_runs", verbose_name=_("survey"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    total = models.PositiveIntegerField(_("messages"), default=0)
    done = models.PositiveIntegerField(_("sent so far"), default=0)
    failed = models.BooleanField(_("failed"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("“Send now” run")
        verbose_name_plural = _("“Send now” runs")
        constraints = [
            # At most one "Send now" waiting or running per survey.
            models.UniqueConstraint(
                fields=["survey"], condition=Q(finished_at__isnull=True), name="sendrun_one_running_per_survey"
            )
        ]

    @property
    def percent(self) -> int:
        if self.finished_at:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class WaveTally(models.Model):
    """After a survey's invitations are erased: what one step of one channel achieved.

    The figures of `utskick.stats.step_rows`, written once just before the erasure; the
    answered count is per wave and channel (the channel of the wave the answer followed).
    Nothing finer is kept.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="wave_tallies")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    step = models.PositiveSmallIntegerField()
    day_offset = models.PositiveSmallIntegerField(default=0)
    planned = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    delivered = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    uncertain = models.PositiveIntegerField(default=0)
    not_sent = models.PositiveIntegerField(default=0)
    opted_out = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "channel", "step"], name="wavetally_unique")]


class GroupTally(models.Model):
    """After a survey's invitations are erased: counts of its invitations in one group.

    One row per (scope, dimension, value): the scope is the whole survey (`per_provider`
    false) or one provider's customers (`provider_name`, which may be unknown ""); the
    dimension a snapshot field, "channel" (the first message's channel), "contact" (the
    channel the contact details offered) or
    "total" (value ""). Only counts the response-rate tables need; nothing finer.
    """

    TOTAL = "total"
    FIRST_CHANNEL = "channel"
    CONTACT_CHANNEL = "contact"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="group_tallies")
    per_provider = models.BooleanField(default=False)
    provider_name = models.CharField(max_length=200, blank=True)
    dimension = models.CharField(max_length=20)
    value = models.CharField(max_length=200, blank=True)
    invited = models.PositiveIntegerField(default=0)
    opened = models.PositiveIntegerField(default=0)
    started = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    opted_out = models.PositiveIntegerField(default=0)
    with_mobile = models.PositiveIntegerField(default=0)
    with_email = models.PositiveIntegerField(default=0)
    no_contact = models.PositiveIntegerField(default=0)
    mobile_undeliverable = models.PositiveIntegerField(default=0)
    email_undeliverable = models.PositiveIntegerField(default=0)
    # Never reached by any message and some channel bounced (the sending page's definition).
    unreached = models.PositiveIntegerField(default=0)
    # Some channel bounced and no known channel worked (the analysis's definition).
    undeliverable = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "per_provider", "provider_name", "dimension", "value"], name="grouptally_unique"
            )
        ]
