"""Every change to rounds and reports: atomic, with its history and its e-mails in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kvalitetsrapport import mailing
from kvalitetsrapport.models import (
    EDITABLE_STATUSES,
    DevelopmentAction,
    EmailKind,
    FocusQuestion,
    HistoryAction,
    HistoryEntry,
    QualityReport,
    ReportContact,
    ReportRound,
    ReportStatus,
    StepAnswer,
    StepComment,
)
from kvalitetsrapport.steps import STEP_SLUGS, FieldSpec, missing_answers, structure_of
from register.models import Insats, Provider


class ReportLocked(Exception):
    """The report is submitted or approved: the provider cannot change it until it is returned."""


class VersionConflict(Exception):
    """Someone saved the step after this user loaded it; `current` is the newer version."""

    def __init__(self, current: StepAnswer) -> None:
        super().__init__("step saved by someone else")
        self.current = current


class MissingAnswers(Exception):
    def __init__(self, missing: dict[str, list[FieldSpec]]) -> None:
        super().__init__("required answers missing")
        self.missing = missing


class WrongStatus(Exception):
    """The transition is not allowed from the report's current status (maybe someone else acted first)."""


def _actor(user: AbstractBaseUser | None) -> str:
    return user.get_username() if user is not None else ""


def _user(user: AbstractBaseUser | None):
    return user if user is not None and user.is_authenticated else None


def _history(report: QualityReport, user, action: str, now: datetime, **fields: str) -> HistoryEntry:
    return HistoryEntry(report=report, at=now, user=_user(user), actor=_actor(user), action=action, **fields)


def _transition(report: QualityReport, allowed: Iterable[str], new: str, user, now: datetime, **changes: Any) -> None:
    """Move the report to `new` only if it is still in an allowed status (a conditional UPDATE)."""
    old = report.status
    updated = QualityReport.objects.filter(pk=report.pk, status__in=list(allowed)).update(
        status=new, last_activity_at=now, **changes
    )
    if not updated:
        raise WrongStatus(report.status)
    action = {
        ReportStatus.SUBMITTED: HistoryAction.SUBMITTED,
        ReportStatus.RETURNED: HistoryAction.RETURNED,
        ReportStatus.APPROVED: HistoryAction.APPROVED,
    }.get(new, HistoryAction.CHANGED)
    _history(report, user, action, now, field="status", old=old, new=new).save()
    report.refresh_from_db()


# --- Rounds ------------------------------------------------------------------------------


def providers_with_insatser(year: int) -> QuerySet[Provider]:
    ids = Insats.objects.during_year(year).values_list("provider_id", flat=True).distinct()
    return Provider.objects.filter(pk__in=list(ids)).order_by("name")


@transaction.atomic
def create_round(
    year: int,
    opens_on: date,
    deadline: date,
    *,
    providers: Iterable[Provider] | None = None,
    user: AbstractBaseUser | None = None,
) -> ReportRound:
    """A round with a report for every provider that must report (by default: every one with insatser)."""
    if deadline < opens_on:
        raise ValidationError(_("The deadline must be on or after the opening date."), code="deadline")
    report_round = ReportRound.objects.create(year=year, opens_on=opens_on, deadline=deadline)
    set_round_providers(report_round, providers if providers is not None else providers_with_insatser(year), user=user)
    return report_round


@transaction.atomic
def update_round(report_round: ReportRound, opens_on: date, deadline: date) -> ReportRound:
    if deadline < opens_on:
        raise ValidationError(_("The deadline must be on or after the opening date."), code="deadline")
    report_round.opens_on, report_round.deadline = opens_on, deadline
    report_round.save(update_fields=["opens_on", "deadline"])
    return report_round


@transaction.atomic
def set_round_providers(
    report_round: ReportRound, providers: Iterable[Provider], *, user: AbstractBaseUser | None = None
) -> list[Provider]:
    """Make exactly `providers` report in the round. Returns those kept because their report has begun."""
    wanted = {p.pk: p for p in providers}
    now = timezone.now()
    existing = {r.provider_id: r for r in report_round.reports.select_related("provider")}
    kept: list[Provider] = []
    for provider_id, report in existing.items():
        if provider_id in wanted:
            continue
        if report.status != ReportStatus.NOT_STARTED or report.step_answers.exists():
            kept.append(report.provider)
            continue
        report.delete()
    for provider_id, provider in wanted.items():
        if provider_id in existing:
            continue
        report = QualityReport.objects.create(round=report_round, provider=provider, last_activity_at=None)
        _history(report, user, HistoryAction.CREATED, now, field="status", new=ReportStatus.NOT_STARTED).save()
        if report_round.is_open:
            mailing.queue(report, EmailKind.OPENED, now)
    return kept


@transaction.atomic
def add_focus_question(report_round: ReportRound, text: str, required: bool) -> FocusQuestion:
    position = report_round.focus_questions.count() + 1
    return FocusQuestion.objects.create(round=report_round, text=text.strip(), required=required, position=position)


@transaction.atomic
def remove_focus_question(question: FocusQuestion) -> None:
    question.delete()


@transaction.atomic
def open_round(report_round: ReportRound, *, user: AbstractBaseUser | None = None) -> int:
    """Open the round: every contact of every reporting provider gets the link. Returns e-mails queued."""
    now = timezone.now()
    if not ReportRound.objects.filter(pk=report_round.pk, opened_at__isnull=True).update(opened_at=now):
        return 0
    report_round.refresh_from_db()
    queued = 0
    for report in report_round.reports.select_related("provider"):
        queued += mailing.queue(report, EmailKind.OPENED, now, user=user)
    return queued


# --- Contacts ----------------------------------------------------------------------------


@transaction.atomic
def add_contact(provider: Provider, name: str, email: str, *, user: AbstractBaseUser | None = None) -> ReportContact:
    email = email.strip().lower()
    if ReportContact.objects.filter(provider=provider, email=email).exists():
        raise ValidationError(_("This address is already a contact."), code="duplicate")
    return ReportContact.objects.create(provider=provider, name=name.strip(), email=email, added_by=_user(user))


@transaction.atomic
def remove_contact(contact: ReportContact) -> None:
    contact.delete()


# --- Answers -----------------------------------------------------------------------------


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """{"a": {"b": 1}, "l": [{"x": 2}]} -> {"a.b": 1, "l.1.x": 2}: one scalar per key."""
    if isinstance(data, dict):
        items: Iterable[tuple[str, Any]] = data.items()
    elif isinstance(data, list):
        items = ((str(i), v) for i, v in enumerate(data, start=1))
    else:
        return {prefix: data}
    flat: dict[str, Any] = {}
    for key, value in items:
        flat.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    return flat


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return str(value)


def answers_of(report: QualityReport) -> dict[str, dict]:
    return {row.step: row.data for row in report.step_answers.all()}


def save_step(
    report: QualityReport, step: str, data: dict[str, Any], version: int, *, user: AbstractBaseUser | None = None
) -> StepAnswer:
    """Save one step whole, if no one else saved it since `version` (0: never saved) was loaded.

    Raises ReportLocked when the report is not editable and VersionConflict when the
    step was saved by someone else meanwhile; nothing is written then.
    """
    if step not in STEP_SLUGS or step == "granska":
        raise ValueError(step)
    now = timezone.now()
    with transaction.atomic():
        locked = QualityReport.objects.select_for_update().get(pk=report.pk)
        if locked.status not in EDITABLE_STATUSES:
            raise ReportLocked
        current = StepAnswer.objects.filter(report=report, step=step).first()
        if (current.version if current else 0) != version:
            raise VersionConflict(current) if current else VersionConflict(StepAnswer(report=report, step=step))
        old = current.data if current else {}
        if current is None:
            try:
                with transaction.atomic():
                    answer = StepAnswer.objects.create(
                        report=report, step=step, data=data, version=1, saved_at=now, saved_by=_user(user)
                    )
            except IntegrityError:
                raise VersionConflict(StepAnswer.objects.get(report=report, step=step)) from None
        else:
            updated = StepAnswer.objects.filter(pk=current.pk, version=version).update(
                data=data, version=F("version") + 1, saved_at=now, saved_by=_user(user)
            )
            if not updated:
                raise VersionConflict(StepAnswer.objects.get(pk=current.pk))
            answer = StepAnswer.objects.get(pk=current.pk)
        before, after = flatten(old), flatten(data)
        HistoryEntry.objects.bulk_create(
            _history(
                report,
                user,
                HistoryAction.CHANGED,
                now,
                step=step,
                field=key,
                old=_text(before.get(key)),
                new=_text(after.get(key)),
            )
            for key in sorted(set(before) | set(after))
            if _text(before.get(key)) != _text(after.get(key))
        )
        if step == "plan":
            _store_plan(report, data.get("actions", []))
        changes: dict[str, Any] = {"last_activity_at": now}
        if locked.status == ReportStatus.NOT_STARTED:
            changes["status"] = ReportStatus.DRAFT
            _history(
                report, user, HistoryAction.CHANGED, now, field="status", old=locked.status, new=ReportStatus.DRAFT
            ).save()
        QualityReport.objects.filter(pk=report.pk).update(**changes)
    report.refresh_from_db()
    return answer


def _store_plan(report: QualityReport, actions: list[dict]) -> None:
    report.development_actions.all().delete()
    DevelopmentAction.objects.bulk_create(
        DevelopmentAction(
            report=report,
            position=position,
            what=action.get("what", ""),
            who=action.get("who", ""),
            by=date.fromisoformat(action["by"]) if action.get("by") else None,
        )
        for position, action in enumerate(actions, start=1)
        if action.get("what")
    )


def missing_for(report: QualityReport) -> dict[str, list[FieldSpec]]:
    return missing_answers(structure_of(report), answers_of(report))


def submit_report(report: QualityReport, *, user: AbstractBaseUser | None = None) -> QualityReport:
    """Submit, if every required answer is given; the report is then read-only until returned."""
    with transaction.atomic():
        QualityReport.objects.select_for_update().get(pk=report.pk)
        missing = missing_for(report)
        if missing:
            raise MissingAnswers(missing)
        now = timezone.now()
        _transition(report, EDITABLE_STATUSES, ReportStatus.SUBMITTED, user, now, submitted_at=now)
    return report


# --- Review ------------------------------------------------------------------------------


@transaction.atomic
def add_comment(
    report: QualityReport, step: str, text: str, *, field: str = "", user: AbstractBaseUser | None = None
) -> StepComment:
    if step not in STEP_SLUGS:
        raise ValueError(step)
    now = timezone.now()
    comment = StepComment.objects.create(report=report, step=step, field=field, text=text.strip(), author=_user(user))
    _history(report, user, HistoryAction.COMMENTED, now, step=step, field=field, new=comment.text).save()
    return comment


@transaction.atomic
def return_report(report: QualityReport, message: str, *, user: AbstractBaseUser | None = None) -> QualityReport:
    """Send the report back to the provider with a message; the contacts are told by e-mail."""
    now = timezone.now()
    _transition(report, [ReportStatus.SUBMITTED], ReportStatus.RETURNED, user, now, return_message=message.strip())
    if message.strip():
        _history(report, user, HistoryAction.COMMENTED, now, field="return_message", new=message.strip()).save()
    mailing.queue(report, EmailKind.RETURNED, now, user=user)
    return report


@transaction.atomic
def approve_report(report: QualityReport, *, user: AbstractBaseUser | None = None) -> QualityReport:
    now = timezone.now()
    _transition(report, [ReportStatus.SUBMITTED], ReportStatus.APPROVED, user, now, approved_at=now)
    mailing.queue(report, EmailKind.APPROVED, now, user=user)
    return report


def missing_answers_from(structure, step_answers: dict[str, StepAnswer]) -> dict[str, list[FieldSpec]]:
    return missing_answers(structure, {slug: answer.data for slug, answer in step_answers.items()})
