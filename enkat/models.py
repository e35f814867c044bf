import secrets
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from register.dimensions import BY_CODE, SNAPSHOT_FIELDS
from register.models import Provider


class Area(models.Model):
    """A group of questions (område), e.g. NKI, Mål. One area is one survey page."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.code


class AreaText(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "language"], name="areatext_unique")]


class Question(models.Model):
    """A question in the bank. Its code is stable: a new meaning is a new code.

    Its texts are versioned (QuestionText.version): an editorial correction of the Swedish
    original or any change of a translation is a new text version under the same code.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="questions", verbose_name=_("area"))
    allows_dont_know = models.BooleanField(_("offers “don't know / not applicable”"), default=False)
    current_version = models.PositiveIntegerField(_("current text version"), default=1)

    class Meta:
        ordering = ["code"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.code


class QuestionText(models.Model):
    """A question's text in one language, in one text version. Never changed once a survey shows it:
    a new wording is written as a new version (enkat.question_texts.new_text_version)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="texts")
    version = models.PositiveIntegerField(_("text version"), default=1)
    language = models.CharField(_("language"), max_length=10)
    text = models.TextField(_("text"))
    # A translation's meaning said again in Swedish by the translator, for the quality developer to
    # compare with the original (empty for the Swedish original itself).
    back_translation = models.TextField(_("back-translation into Swedish"), blank=True, default="")
    created_at = models.DateTimeField(_("written"), null=True, blank=True, auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "version", "language"], name="questiontext_version_unique")
        ]


class LanguageReview(models.Model):
    """Whether a language's customer texts have been reviewed by a native speaker: when, and by whom.

    Set by the quality developer on the language's page; a survey offering a language without a
    review opens only after a warning that names it (enkat.services.open_survey).
    """

    language = models.CharField(_("language"), max_length=10, unique=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    reviewed_by = models.CharField(_("reviewed by"), max_length=200, blank=True)
    recorded_by = models.CharField(_("recorded by"), max_length=150, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("language review")
        verbose_name_plural = _("language reviews")

    def __str__(self) -> str:
        return self.language

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_on is not None and bool(self.reviewed_by.strip())


class SurveyQuerySet(models.QuerySet):
    """The survey's phases as filters: the same rule as Survey.phase() and the *_sql fragments below."""

    def accepting(self, now: datetime) -> "SurveyQuerySet":
        """Customers can answer, and invitations and reminders go out."""
        return self.filter(state=Survey.State.OPEN, opens_at__lte=now, closes_at__gt=now)

    def closed(self, now: datetime) -> "SurveyQuerySet":
        """Closed by hand, or past its close time: no answers, no messages."""
        return self.filter(models.Q(state=Survey.State.CLOSED) | models.Q(closes_at__lte=now))

    def due_to_close(self, now: datetime) -> "SurveyQuerySet":
        """Still open by state, though past its close time: close_surveys closes these."""
        return self.filter(state=Survey.State.OPEN, closes_at__lte=now)

    def closed_for_good(self) -> "SurveyQuerySet":
        """Closed by state (by hand or by close_surveys): its answers are final, and providers may see them."""
        return self.filter(state=Survey.State.CLOSED)


class Survey(models.Model):
    class State(models.TextChoices):
        """What the quality developer set: the stored state."""

        DRAFT = "draft", _("Draft")
        OPEN = "open", pgettext_lazy("survey state", "Open")
        CLOSED = "closed", pgettext_lazy("survey state", "Closed")

    class Phase(models.TextChoices):
        """Where the survey is at a given moment: the stored state together with its open and close times."""

        DRAFT = "draft"
        NOT_YET_OPEN = "not_yet_open"
        ACCEPTING = "accepting"
        CLOSED = "closed"

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    languages = models.JSONField(_("languages offered"), default=list)
    min_n = models.PositiveSmallIntegerField(_("smallest group shown"), default=5)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    questions = models.ManyToManyField(
        Question, through="SurveyQuestion", related_name="surveys", verbose_name=_("questions")
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.name

    def phase(self, now: datetime) -> "Survey.Phase":
        """The one definition of the survey's phases; SurveyQuerySet and the *_sql fragments follow it."""
        if self.state == self.State.CLOSED or now >= self.closes_at:
            return self.Phase.CLOSED
        if self.state == self.State.OPEN:
            return self.Phase.ACCEPTING if self.opens_at <= now else self.Phase.NOT_YET_OPEN
        return self.Phase.DRAFT

    def is_accepting(self, now: datetime) -> bool:
        """Customers can answer right now, and invitations and reminders go out."""
        return self.phase(now) == self.Phase.ACCEPTING

    def is_closed(self, now: datetime) -> bool:
        """No answers and no messages any more: closed by hand or past the close time."""
        return self.phase(now) == self.Phase.CLOSED

    @property
    def closed_for_good(self) -> bool:
        """Closed by state (by hand or by close_surveys): its answers are final, and providers may see them."""
        return self.state == self.State.CLOSED


# The same phases as SQL conditions on a survey table (`alias`, or unqualified columns when empty),
# for the hand-written statements of the hot paths (enkat.visits, utskick.hot_sql). Each fragment
# takes the parameters its *_params function gives, in that order; `now` as the database adapts it.


def _column(alias: str, name: str) -> str:
    return f"{alias}.{name}" if alias else name


def accepting_sql(alias: str = "") -> str:
    state, opens_at, closes_at = (_column(alias, name) for name in ("state", "opens_at", "closes_at"))
    return f"({state} = %s AND {opens_at} <= %s AND {closes_at} > %s)"


def accepting_params(now: object) -> list:
    return [Survey.State.OPEN, now, now]


def closed_sql(alias: str = "") -> str:
    return f"({_column(alias, 'state')} = %s OR {_column(alias, 'closes_at')} <= %s)"


def closed_params(now: object) -> list:
    return [Survey.State.CLOSED, now]


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="survey_questions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField()
    # The question's text version the survey shows. Empty only in a draft, where it means the
    # current version; opening the survey pins it, so open and past surveys never change wording.
    text_version = models.PositiveIntegerField(_("text version"), null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "question"], name="surveyquestion_unique"),
            models.UniqueConstraint(fields=["survey", "position"], name="surveyquestion_position_unique"),
        ]

    @property
    def shown_version(self) -> int:
        return self.text_version or self.question.current_version


class SurveyText(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10)
    intro = models.TextField(_("intro text"))
    thanks = models.TextField(_("thank-you text"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "language"], name="surveytext_unique")]


def random_id() -> int:
    """A primary key that says nothing about when its row was written.

    Sequential ids would put receipts and responses in the same order, and so link them.
    62 random bits: a collision is not to be expected.
    """
    return secrets.randbits(62) + 1


class GroupSnapshot(models.Model):
    """The groups used in analysis, frozen when the sample is built."""

    # Choices only so that the admin shows known values by their labels (register/dimensions.py);
    # the snapshot keeps whatever the register or an imported file held.
    gender = models.CharField(_("gender"), max_length=10, blank=True, choices=BY_CODE["gender"].values)
    age_group = models.CharField(_("age group"), max_length=10, blank=True)
    programme = models.CharField(_("programme type"), max_length=200, blank=True)
    provider_name = models.CharField(_("provider"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, blank=True, choices=BY_CODE["status"].values)
    language = models.CharField(_("language"), max_length=10, default="sv", choices=BY_CODE["language"].values)

    class Meta:
        abstract = True

    def snapshot(self) -> dict[str, str]:
        """The group fields, to copy from an invitation to its response."""
        return {name: getattr(self, name) for name in SNAPSHOT_FIELDS}


class WithoutTests(models.Manager):
    """The default manager of invitations and responses: test links are left out of every figure.

    `all_objects` includes them, for the customer's own actions on a test link.
    """

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(is_test=False)


class EveryRow(models.Manager):
    """Every invitation or response, test links included."""


class Invitation(GroupSnapshot):
    """One customer's invitation to one survey.

    It holds contact details (erased after the survey). The customer's own actions never write
    it: what they cause (opening, drafts, the chosen language, the receipt of their answer) is
    kept in rows keyed by enkat.receipts.key_hash, which takes a key outside the database to
    compute. Nothing links it to the submitted Response.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("survey"))
    customer_id = models.CharField(_("customer id"), max_length=64)
    provider = models.ForeignKey(
        Provider, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("provider")
    )
    # The link token is derived from this nonce with a key kept outside the database;
    # only a keyed hash of the token is stored.
    token_nonce = models.CharField(_("link nonce"), max_length=64, unique=True)
    token_hash = models.CharField(_("link hash"), max_length=64, unique=True)
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    contacts_erased_at = models.DateTimeField(_("contact details erased"), null=True, blank=True)
    # Set by an SMS answered with STOP (utskick.views); stopping reminders on the survey's page is
    # kept in the keyed Draft instead, like everything else the survey pages write.
    opted_out_at = models.DateTimeField(_("stopped reminders"), null=True, blank=True)
    mobile_undeliverable = models.BooleanField(_("mobile number undeliverable"), default=False)
    email_undeliverable = models.BooleanField(_("e-mail address undeliverable"), default=False)
    # A test link made by staff: works like any invitation, is never sent to and never counts.
    is_test = models.BooleanField(_("test link"), default=False)
    objects = WithoutTests()
    all_objects = EveryRow()

    class Meta:
        base_manager_name = "all_objects"
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["survey", "customer_id"], name="invitation_one_per_customer")]


class Receipt(models.Model):
    """That one invitation has been answered: at most one per invitation (exactly-once submits).

    Keyed by enkat.receipts.key_hash (a keyed hash of the invitation's token hash), never by the
    invitation: without the key kept outside the database no one can tell whose it is. It holds no
    time, and does not point at the Response.
    """

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="receipts")
    key_hash = models.CharField(max_length=64, unique=True)


class Draft(models.Model):
    """What one customer's visits write while answering, keyed like the Receipt, never by the invitation.

    Written on the first opening (the row's existence is "opened"), by every page save (the draft
    answers, "started"), by a language switch (the customer's language, for the pages, the
    reminders and the response's snapshot) and by stopping reminders on the page. The submit
    deletes it; closing the survey empties it.
    No times: the order of writes says nothing the rows do not.
    """

    key_hash = models.CharField(max_length=64, primary_key=True)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="drafts")
    answers = models.JSONField(default=dict, blank=True)
    comment = models.TextField(blank=True)
    page = models.PositiveSmallIntegerField(default=0)
    language = models.CharField(max_length=10, blank=True)  # empty: the invitation's
    started = models.BooleanField(default=False)  # a page was saved (link scanners only open)
    opted_out = models.BooleanField(default=False)  # stopped reminders on the survey's page


class ImportBatch(models.Model):
    """One file of earlier years' answers imported into a survey: removable as a whole.

    The file's SHA-256 is kept so that the same file is never imported into a survey twice.
    """

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="import_batches", verbose_name=_("survey")
    )
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.CharField(_("imported by"), max_length=150, blank=True)
    rows = models.PositiveIntegerField(_("responses"), default=0)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        constraints = [models.UniqueConstraint(fields=["survey", "sha256"], name="import_batch_one_per_file")]

    def __str__(self) -> str:
        return f"{self.filename or self.sha256[:12]} ({self.imported_at:%Y-%m-%d %H:%M})"


class Response(GroupSnapshot):
    """An anonymous answer: survey, group snapshot, values and comment. No date, no time."""

    id = models.BigIntegerField(_("id"), primary_key=True, default=random_id, editable=False)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey"))
    # Set only for imported answers (never for the web's): the file they came in, removable as a whole.
    import_batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        editable=False,
        verbose_name=_("import batch"),
    )
    answers = models.JSONField(_("answers"), default=dict)  # {question code: 1..5 or None}
    comment = models.TextField(_("comment"), blank=True)
    is_test = models.BooleanField(_("test"), default=False)  # from a test link: counts in no figure
    objects = WithoutTests()
    all_objects = EveryRow()

    class Meta:
        base_manager_name = "all_objects"
        verbose_name = _("response")
        verbose_name_plural = _("responses")
