import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ExitGroup(models.TextChoices):
    """The three groups of exit reasons (docs/definitions.md, "The register")."""

    SELF_SUPPORT = "egen_forsorjning", _("Self-support")
    OTHER_PROGRAMME = "annan_insats", _("Other programme")
    DROPOUT = "avbrott", _("Interruption")


class ExitReason(models.TextChoices):
    WORK = "arbete", _("Work (employment of at least 6 months)")
    STUDIES = "studier", _("Studies with student finance (CSN)")
    OWN_BUSINESS = "eget_foretag", _("Own business")
    OTHER_PROGRAMME = "annan_insats", _("Another programme in the municipality")
    CHANGE_PROVIDER = "byte_anordnare", _("Same programme, another provider")
    OTHER_AUTHORITY = "annan_myndighet", _("Another authority")
    MOVED = "flytt", _("Moved from the municipality")
    ILLNESS = "sjukdom", _("Illness")
    OTHER = "annan_orsak", _("Other reason")


EXIT_GROUPS: dict[str, str] = {
    ExitReason.WORK: ExitGroup.SELF_SUPPORT,
    ExitReason.STUDIES: ExitGroup.SELF_SUPPORT,
    ExitReason.OWN_BUSINESS: ExitGroup.SELF_SUPPORT,
    ExitReason.OTHER_PROGRAMME: ExitGroup.OTHER_PROGRAMME,
    ExitReason.CHANGE_PROVIDER: ExitGroup.OTHER_PROGRAMME,
    ExitReason.OTHER_AUTHORITY: ExitGroup.OTHER_PROGRAMME,
    ExitReason.MOVED: ExitGroup.DROPOUT,
    ExitReason.ILLNESS: ExitGroup.DROPOUT,
    ExitReason.OTHER: ExitGroup.DROPOUT,
}


class Gender(models.TextChoices):
    WOMAN = "kvinna", _("Woman")
    MAN = "man", _("Man")
    OTHER = "annat", _("Other")


class Provider(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    org_number = models.CharField(_("organisation number"), max_length=20, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self) -> str:
        return self.name


class ProgrammeType(models.Model):
    """A kind of programme (insatstyp). The list is data: it changes between years."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme type")
        verbose_name_plural = _("programme types")

    def __str__(self) -> str:
        return self.name


class InsatsQuerySet(models.QuerySet):
    def for_provider(self, provider: Provider) -> "InsatsQuerySet":
        return self.filter(provider=provider)

    def during_year(self, year: int) -> "InsatsQuerySet":
        return self.during(date(year, 1, 1), date(year, 12, 31))

    def during(self, start: date, end: date) -> "InsatsQuerySet":
        """Insatser active at some point in [start, end] (docs/definitions.md, "Register statistics for a year")."""
        return self.filter(start_date__lte=end).filter(Q(end_date__isnull=True) | Q(end_date__gte=start))


class Insats(models.Model):
    """One granted programme for one customer at one provider."""

    customer_id = models.CharField(_("customer id"), max_length=64, db_index=True)
    programme_type = models.ForeignKey(ProgrammeType, on_delete=models.PROTECT, verbose_name=_("programme type"))
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, verbose_name=_("provider"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    exit_reason = models.CharField(_("exit reason"), max_length=20, choices=ExitReason.choices, blank=True)
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    planned_end_date = models.DateField(_("planned end date"), null=True, blank=True)

    objects = InsatsQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["customer_id", "programme_type", "provider", "start_date"], name="insats_identity"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="insats_end_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(end_date__isnull=True) & Q(exit_reason=""))
                | (Q(end_date__isnull=False) & ~Q(exit_reason="")),
                name="insats_exit_reason_iff_ended",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.programme_type} {self.start_date}"

    @property
    def exit_group(self) -> str:
        return EXIT_GROUPS.get(self.exit_reason, "")


class LegacyExitCode(models.Model):
    """An exit code of an earlier register (2016 had 16 reasons), mapped to one of today's nine."""

    code = models.CharField(_("old code"), max_length=50, unique=True)
    reason = models.CharField(_("exit reason"), max_length=20, choices=ExitReason.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("old exit code")
        verbose_name_plural = _("old exit codes")

    def __str__(self) -> str:
        return f"{self.code} → {self.reason}"

    def save(self, *args, **kwargs):
        self.code = self.code.strip().lower()
        super().save(*args, **kwargs)


class Authorisation(models.Model):
    """A provider's authorisation for one programme type, from a date and (optionally) to a date."""

    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="authorisations", verbose_name=_("provider")
    )
    programme_type = models.ForeignKey(ProgrammeType, on_delete=models.CASCADE, verbose_name=_("programme type"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        ordering = ["provider__name", "programme_type__name", "valid_from"]
        verbose_name = _("authorisation")
        verbose_name_plural = _("authorisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="authorisation_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.programme_type} {self.valid_from}–{self.valid_to or ''}"


class ProviderMembership(models.Model):
    """Ties a provider user to exactly one provider."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_membership", verbose_name=_("user")
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("provider")
    )

    class Meta:
        verbose_name = _("provider user")
        verbose_name_plural = _("provider users")

    def __str__(self) -> str:
        return f"{self.user} → {self.provider}"


class LoginAttempt(models.Model):
    """A failed login, kept for the cool-off window only."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(db_index=True)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)


# An alphanumeric sender ID as operators accept it: ASCII letters, digits and spaces, at least
# one letter (a sender of digits only reads as a phone number), at most 11 characters.
SMS_SENDER_MAX_LENGTH = 11
_SMS_SENDER = re.compile(r"[A-Za-z0-9 ]*[A-Za-z][A-Za-z0-9 ]*")


def validate_sms_sender(value: str) -> None:
    """The characters of a sender name (the field's max_length checks its length)."""
    if value and (not _SMS_SENDER.fullmatch(value) or value != value.strip()):
        raise ValidationError(
            _("Use only the letters A–Z and a–z (no å, ä or ö), digits and spaces, with at least one letter."),
            code="invalid",
        )


def validate_sms_sender_length(value: str) -> None:
    """For a sender name that comes from elsewhere than the field (SMS_SENDER in the environment)."""
    if len(value) > SMS_SENDER_MAX_LENGTH:
        raise ValidationError(
            _("At most %(max)d characters (this has %(length)d)."),
            code="too_long",
            params={"max": SMS_SENDER_MAX_LENGTH, "length": len(value)},
        )


class Organisation(models.Model):
    """The municipality as its customers meet it: one row (pk 1), edited by the quality developer.

    Read on the survey pages through register.organisation.profile(), from a cache.
    """

    SINGLETON_PK = 1

    name = models.CharField(_("municipality's name"), max_length=120, help_text=_("For example Nacka kommun."))
    sms_sender = models.CharField(
        _("SMS sender name"),
        max_length=SMS_SENDER_MAX_LENGTH,
        blank=True,
        validators=[validate_sms_sender],
        help_text=_(
            "Shown as the sender of every SMS, e.g. NackaKommun: at most 11 characters, A–Z, digits and spaces. "
            "Customers cannot reply to a sender name. Empty: the sender set up for the SMS service."
        ),
    )
    contact_phone = models.CharField(_("phone for customers"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-mail for customers"), blank=True)
    # Empty: the text shipped with the product (register.privacy_notices) is shown.
    privacy_notice_sv = models.TextField(_("privacy notice in Swedish"), blank=True)
    privacy_notice_en = models.TextField(_("privacy notice in English"), blank=True)
    privacy_notice_ar = models.TextField(_("privacy notice in Arabic"), blank=True)
    privacy_notice_fa_af = models.TextField(_("privacy notice in Dari"), blank=True)
    privacy_notice_so = models.TextField(_("privacy notice in Somali"), blank=True)
    privacy_notice_ti = models.TextField(_("privacy notice in Tigrinya"), blank=True)
    privacy_notice_uk = models.TextField(_("privacy notice in Ukrainian"), blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation profile")
        verbose_name_plural = _("organisation profile")

    def __str__(self) -> str:
        return self.name or str(_("organisation profile"))

    def save(self, *args, **kwargs) -> None:
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)
        from register.organisation import invalidate

        transaction.on_commit(invalidate)
        invalidate()

    @classmethod
    def load(cls) -> "Organisation":
        """The profile, or an unsaved empty one before the quality developer has filled it in."""
        return cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls(pk=cls.SINGLETON_PK)

    @staticmethod
    def privacy_field(language: str) -> str:
        return "privacy_notice_" + language.replace("-", "_")
