"""E-mails: rows written with the change, sent once by the worker's round, logged on the report."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from kvalitetsrapport import mailing, services
from kvalitetsrapport.models import EmailKind, EmailStatus, HistoryAction, OutgoingEmail
from tests.kvalitetsrapport.factories import complete, insats, report_of


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def contacts(actors):
    services.add_contact(actors.provider_a, "Anna A", "anna@a.example", user=actors.quality_developer)
    services.add_contact(actors.provider_a, "Bert A", "bert@a.example", user=actors.member_a)
    services.add_contact(actors.provider_b, "Cilla B", "cilla@b.example", user=actors.quality_developer)


@pytest.fixture
def report_round(actors, contacts):
    insats(actors.provider_a)
    return services.create_round(
        2023, date(2024, 1, 15), date(2024, 3, 31), providers=[actors.provider_a, actors.provider_b]
    )


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def test_opening_the_round_writes_one_email_per_contact_in_the_same_transaction(actors, report_round):
    assert not OutgoingEmail.objects.exists()
    queued = services.open_round(report_round, user=actors.quality_developer)
    assert queued == 3
    assert sorted(OutgoingEmail.objects.values_list("to_email", "kind")) == [
        ("anna@a.example", "opened"),
        ("bert@a.example", "opened"),
        ("cilla@b.example", "opened"),
    ]
    assert services.open_round(report_round, user=actors.quality_developer) == 0  # opening twice sends nothing new


def test_a_failed_change_leaves_no_email_behind(actors, report_round):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.open_round(report_round, user=actors.quality_developer)
        raise RuntimeError("crash before commit")
    assert not OutgoingEmail.objects.exists()
    report_round.refresh_from_db()
    assert report_round.opened_at is None


def test_the_worker_sends_each_email_once_in_swedish_and_logs_it(actors, report_round):
    services.open_round(report_round, user=actors.quality_developer)
    result = mailing.send_due()
    assert result.sent == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@a.example", "bert@a.example", "cilla@b.example"]
    message = next(m for m in mail.outbox if m.to == ["anna@a.example"])
    assert message.subject == "Kvalitetsrapport 2023: formuläret är öppet"
    report = report_of(report_round, actors.provider_a)
    assert f"/kvalitetsrapport/rapport/{report.pk}/steg/" in message.body and "Hej Anna A!" in message.body
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}
    assert report.history.filter(action=HistoryAction.EMAIL_SENT, new="anna@a.example").exists()
    assert mailing.send_due().sent == 0
    assert len(mail.outbox) == 3


def test_reminders_go_14_and_3_days_before_the_deadline_to_reports_not_submitted(actors, report_round):
    services.open_round(report_round, user=actors.quality_developer)
    mailing.send_due()
    done = complete(report_of(report_round, actors.provider_b), user=actors.member_b)
    services.submit_report(done, user=actors.member_b)
    deadline = report_round.deadline
    assert mailing.send_due(at(deadline - timedelta(days=15))).planned == 0
    first = mailing.send_due(at(deadline - timedelta(days=14)))
    assert first.planned == 2 and first.sent == 2
    assert mailing.send_due(at(deadline - timedelta(days=13))).planned == 0  # idempotent
    third = mailing.send_due(at(deadline - timedelta(days=3)))
    assert third.planned == 2
    reminders = OutgoingEmail.objects.filter(kind__in=[EmailKind.REMINDER_14, EmailKind.REMINDER_3])
    assert {r.to_email for r in reminders} == {"anna@a.example", "bert@a.example"}
    assert mailing.send_due(at(deadline + timedelta(days=1))).planned == 0
    subjects = [m.subject for m in mail.outbox if m.to == ["anna@a.example"]]
    assert subjects[-1] == "Påminnelse: kvalitetsrapport 2023 ska vara inne 31 mars"


def test_the_database_refuses_a_second_reminder_of_the_same_kind(actors, report_round):
    report = report_of(report_round, actors.provider_a)
    OutgoingEmail.objects.create(
        report=report, kind=EmailKind.REMINDER_3, to_email="anna@a.example", due_at=timezone.now()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        OutgoingEmail.objects.create(
            report=report, kind=EmailKind.REMINDER_3, to_email="anna@a.example", due_at=timezone.now()
        )
    # Other kinds may repeat: a report can be returned twice.
    OutgoingEmail.objects.create(
        report=report, kind=EmailKind.RETURNED, to_email="anna@a.example", due_at=timezone.now()
    )
    OutgoingEmail.objects.create(
        report=report, kind=EmailKind.RETURNED, to_email="anna@a.example", due_at=timezone.now()
    )


def test_a_worker_that_died_neither_loses_nor_repeats_an_email(actors, report_round, settings):
    services.open_round(report_round, user=actors.quality_developer)
    long_ago = timezone.now() - timedelta(seconds=settings.UTSKICK_CLAIM_LEASE_SECONDS + 60)
    rows = list(OutgoingEmail.objects.order_by("pk"))
    # One was claimed but never attempted: it goes back to the queue and is sent.
    OutgoingEmail.objects.filter(pk=rows[0].pk).update(
        status=EmailStatus.CLAIMED, claimed_by="gone", claimed_at=long_ago
    )
    # One was being sent when the worker died: it may have left, so it is never sent again.
    OutgoingEmail.objects.filter(pk=rows[1].pk).update(
        status=EmailStatus.ATTEMPTING, claimed_by="gone", claimed_at=long_ago
    )
    result = mailing.send_due()
    assert result.sent == 2
    assert {m.to[0] for m in mail.outbox} == {rows[0].to_email, rows[2].to_email}
    uncertain = OutgoingEmail.objects.get(pk=rows[1].pk)
    assert uncertain.status == EmailStatus.UNCERTAIN
    assert uncertain.report.history.filter(action=HistoryAction.EMAIL_UNCERTAIN).exists()


def test_a_claimed_row_is_not_taken_by_a_second_worker(actors, report_round):
    services.open_round(report_round, user=actors.quality_developer)
    now = timezone.now()
    first = mailing.claim(now)
    second = mailing.claim(now)
    assert len(first) == 3 and second == []


def test_a_failure_is_recorded_on_the_row_and_the_report(actors, report_round, settings):
    settings.EMAIL_BACKEND = "tests.kvalitetsrapport.test_mailing.BrokenBackend"
    services.open_round(report_round, user=actors.quality_developer)
    result = mailing.send_due()
    assert result.failed == 3
    row = OutgoingEmail.objects.first()
    assert row.status == EmailStatus.FAILED and "SMTP" in row.error
    assert row.report.history.filter(action=HistoryAction.EMAIL_FAILED).exists()


def test_returned_and_approved_reports_email_the_providers_contacts(actors, report_round):
    services.open_round(report_round, user=actors.quality_developer)
    mailing.send_due()
    report = complete(report_of(report_round, actors.provider_a), user=actors.member_a)
    services.submit_report(report, user=actors.member_a)
    services.return_report(report, "Komplettera avsnitt C.", user=actors.quality_developer)
    mailing.send_due()
    returned = [m for m in mail.outbox if m.subject == "Kvalitetsrapport 2023: tillbaka för komplettering"]
    assert sorted(m.to[0] for m in returned) == ["anna@a.example", "bert@a.example"]
    assert "Komplettera avsnitt C." in returned[0].body
    services.submit_report(report, user=actors.member_a)
    services.approve_report(report, user=actors.quality_developer)
    mailing.send_due()
    assert sum(1 for m in mail.outbox if m.subject == "Kvalitetsrapport 2023: godkänd") == 2


def test_the_send_messages_round_sends_the_quality_report_emails(actors, report_round):
    import io

    from django.core.management import call_command

    services.open_round(report_round, user=actors.quality_developer)
    call_command("send_messages", stdout=io.StringIO())
    assert len(mail.outbox) == 3


class BrokenBackend:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def send_messages(self, messages) -> int:
        raise ConnectionError("SMTP server went away")
