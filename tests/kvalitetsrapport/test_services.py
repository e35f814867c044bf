from datetime import date

import pytest

from kvalitetsrapport import services
from kvalitetsrapport.models import HistoryAction, QualityReport, ReportRound, ReportStatus, StepAnswer
from tests.kvalitetsrapport.factories import complete, insats, open_round, report_of


@pytest.fixture
def round_2023(actors):
    insats(actors.provider_a)
    insats(actors.provider_b, code="forstarkt-jobbpeng")
    return open_round(actors.provider_a, actors.provider_b, user=actors.quality_developer)


def test_a_new_round_lists_every_provider_with_insatser_in_the_year(actors):
    insats(actors.provider_a, start=date(2022, 3, 1), end_date=date(2023, 1, 10), exit_reason="arbete")
    insats(actors.provider_b, customer="K2", start=date(2021, 1, 1), end_date=date(2022, 12, 31), exit_reason="arbete")
    report_round = services.create_round(2023, date(2024, 1, 15), date(2024, 3, 31))
    assert [r.provider for r in report_round.reports.all()] == [actors.provider_a]
    assert report_round.reports.get().status == ReportStatus.NOT_STARTED


def test_the_providers_can_be_changed_but_a_begun_report_is_kept(actors, round_2023):
    report_a = report_of(round_2023, actors.provider_a)
    services.save_step(report_a, "verksamhet", {"manager": "Bo"}, 0, user=actors.member_a)
    kept = services.set_round_providers(round_2023, [], user=actors.quality_developer)
    assert kept == [actors.provider_a]
    assert list(QualityReport.objects.filter(round=round_2023).values_list("provider", flat=True)) == [
        actors.provider_a.pk
    ]


def test_a_deadline_before_the_opening_date_is_refused(actors):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.create_round(2023, date(2024, 3, 1), date(2024, 2, 1))
    assert error.value.code == "deadline"
    assert not ReportRound.objects.exists()


def test_saving_a_step_records_each_changed_field_and_starts_the_draft(actors, round_2023):
    report = report_of(round_2023, actors.provider_a)
    services.save_step(report, "verksamhet", {"manager": "Bo", "coaches": 3}, 0, user=actors.member_a)
    services.save_step(report, "verksamhet", {"manager": "Bo Ek", "coaches": 3}, 1, user=actors.member_a)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    changes = list(
        report.history.filter(action=HistoryAction.CHANGED, step="verksamhet").values_list("field", "old", "new")
    )
    assert changes == [("coaches", "", "3"), ("manager", "", "Bo"), ("manager", "Bo", "Bo Ek")]
    status = report.history.get(field="status", new=ReportStatus.DRAFT)
    assert status.old == ReportStatus.NOT_STARTED and status.actor == "member_a"
    assert StepAnswer.objects.get(report=report, step="verksamhet").version == 2


def test_a_save_from_an_older_version_is_refused_and_keeps_the_newer_one(actors, round_2023):
    report = report_of(round_2023, actors.provider_a)
    services.save_step(report, "c", {"working_method": "Först"}, 0, user=actors.member_a)
    with pytest.raises(services.VersionConflict) as conflict:
        services.save_step(report, "c", {"working_method": "Andra"}, 0, user=actors.member_a)
    assert conflict.value.current.data == {"working_method": "Först"}
    assert StepAnswer.objects.get(report=report, step="c").data == {"working_method": "Först"}


def test_submit_needs_every_required_answer(actors, round_2023):
    report = report_of(round_2023, actors.provider_a)
    services.save_step(report, "verksamhet", {"manager": "Bo"}, 0, user=actors.member_a)
    with pytest.raises(services.MissingAnswers) as missing:
        services.submit_report(report, user=actors.member_a)
    assert "contact_name" in [spec.name for spec in missing.value.missing["verksamhet"]]
    assert "plan" in missing.value.missing
    assert report.status == ReportStatus.DRAFT


def test_the_insurance_expiry_is_required_only_when_insured(actors, round_2023):
    report = report_of(round_2023, actors.provider_a)
    services.save_step(report, "a", {"insurance_valid": False}, 0)
    assert "insurance_expires" not in [s.name for s in services.missing_for(report)["a"]]
    services.save_step(report, "a", {"insurance_valid": True}, 1)
    assert "insurance_expires" in [s.name for s in services.missing_for(report)["a"]]


def test_a_submitted_report_is_locked_until_returned_then_approved(actors, round_2023):
    report = complete(report_of(round_2023, actors.provider_a), user=actors.member_a)
    services.submit_report(report, user=actors.member_a)
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at
    with pytest.raises(services.ReportLocked):
        services.save_step(report, "c", {"working_method": "x"}, 1, user=actors.member_a)
    with pytest.raises(services.WrongStatus):
        services.submit_report(report, user=actors.member_a)
    services.return_report(report, "Komplettera C.", user=actors.quality_developer)
    assert report.status == ReportStatus.RETURNED and report.return_message == "Komplettera C."
    services.save_step(
        report, "c", {**report.step_answers.get(step="c").data, "working_method": "Ny"}, 1, user=actors.member_a
    )
    services.submit_report(report, user=actors.member_a)
    services.approve_report(report, user=actors.quality_developer)
    assert report.status == ReportStatus.APPROVED
    transitions = list(report.history.filter(field="status").values_list("old", "new", "actor"))
    assert transitions[-4:] == [
        ("draft", "submitted", "member_a"),
        ("submitted", "returned", "qd"),
        ("returned", "submitted", "member_a"),
        ("submitted", "approved", "qd"),
    ]


def test_only_a_submitted_report_can_be_returned_or_approved(actors, round_2023):
    report = report_of(round_2023, actors.provider_a)
    with pytest.raises(services.WrongStatus):
        services.approve_report(report, user=actors.quality_developer)
    with pytest.raises(services.WrongStatus):
        services.return_report(report, "x", user=actors.quality_developer)


def test_the_development_plan_is_stored_as_rows(actors, round_2023):
    report = report_of(round_2023, actors.provider_a)
    actions = [{"what": "Utbilda", "who": "Bo", "by": "2024-05-01"}, {"what": "Mäta", "who": "", "by": ""}]
    services.save_step(report, "plan", {"actions": actions}, 0)
    rows = list(report.development_actions.values_list("position", "what", "who", "by"))
    assert rows == [(1, "Utbilda", "Bo", date(2024, 5, 1)), (2, "Mäta", "", None)]


def test_last_years_plan_becomes_this_years_follow_up_questions(actors):
    insats(actors.provider_a, start=date(2022, 1, 1))
    previous = open_round(actors.provider_a, year=2022)
    old = report_of(previous, actors.provider_a)
    services.save_step(old, "plan", {"actions": [{"what": "Utbilda", "who": "", "by": ""}]}, 0)
    current = open_round(actors.provider_a, year=2023)
    report = report_of(current, actors.provider_a)
    missing = services.missing_for(report)["plan"]
    action = old.development_actions.get()
    assert f"followup.{action.pk}.status" in [spec.name for spec in missing]


def test_comments_are_recorded_in_the_history(actors, round_2023):
    report = report_of(round_2023, actors.provider_a)
    services.add_comment(report, "b", "Beskriv rutinen.", field="gdpr", user=actors.quality_developer)
    entry = report.history.get(action=HistoryAction.COMMENTED)
    assert (entry.step, entry.field, entry.new, entry.actor) == ("b", "gdpr", "Beskriv rutinen.", "qd")
