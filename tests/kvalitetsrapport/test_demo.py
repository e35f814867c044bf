"""seed_demo's quality reports: every state in 2023, written through the services, and 2022's plans in 2023."""

import io

from django.core.management import call_command

from kvalitetsrapport import services
from kvalitetsrapport.models import HistoryEntry, QualityReport, ReportStatus
from kvalitetsrapport.steps import structure_of


def test_the_demo_has_a_2023_round_with_a_report_in_every_state(db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    logins = [line for line in out.getvalue().splitlines() if line.startswith("login: ")]
    assert "login: kvalitetsutvecklare: kvalitet / demo-kvalitet-2023" in logins
    assert any(line.startswith("login: anordnare: arbetsbron / ") for line in logins)
    reports = QualityReport.objects.filter(round__year=2023)
    assert set(reports.values_list("status", flat=True)) == set(ReportStatus.values)
    for report in reports.filter(status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED]):
        assert services.missing_for(report) == {}, report
        assert report.history.filter(action="submitted").exists()
    returned = reports.get(status=ReportStatus.RETURNED)
    assert returned.provider.name == "Bryggan Kompetens AB" and returned.comments.count() == 2
    assert reports.get(provider__name="Arbetsbron AB").status == ReportStatus.DRAFT
    history = HistoryEntry.objects.filter(report__round__year=2023)
    assert history.count() > 100


def test_last_years_plans_show_up_in_2023s_step_seven_and_a_second_run_changes_nothing(db, client):
    call_command("seed_demo", stdout=io.StringIO())
    report = QualityReport.objects.get(round__year=2023, provider__name="Arbetsbron AB")
    previous = structure_of(report).previous_actions
    assert previous and previous[0].report.round.year == 2022
    client.login(username="arbetsbron", password="demo-arbetsbron-2023")
    page = client.get(f"/kvalitetsrapport/rapport/{report.pk}/steg/plan/").content.decode()
    assert previous[0].what in page and "Förra årets plan (2022)" in page
    before = HistoryEntry.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert HistoryEntry.objects.count() == before
