"""The quality developer's pages: rounds, the overview with filters, and the review of one report."""

from datetime import date

import pytest

from kvalitetsrapport import services
from kvalitetsrapport.models import QualityReport, ReportRound, ReportStatus, StepComment
from tests.kvalitetsrapport.factories import complete, insats, open_round, report_of


@pytest.fixture
def report_round(actors):
    insats(actors.provider_a)
    insats(actors.provider_b, customer="B1")
    return open_round(actors.provider_a, actors.provider_b)


def test_the_quality_developer_creates_a_round_prefilled_from_the_register(client, actors):
    insats(actors.provider_b, customer="B1", start=date(2024, 2, 1))
    client.force_login(actors.quality_developer)
    response = client.post("/kvalitetsrapport/", {"year": "2024", "opens_on": "2025-01-15", "deadline": "2025-03-31"})
    assert response.url == "/kvalitetsrapport/omgang/2024/"
    assert [r.provider for r in ReportRound.objects.get(year=2024).reports.all()] == [actors.provider_b]
    bad = client.post("/kvalitetsrapport/", {"year": "2025", "opens_on": "2026-03-01", "deadline": "2026-01-01"})
    assert bad.status_code == 400 and "Sista dag måste vara" in bad.content.decode()


def test_the_providers_and_focus_questions_can_be_changed(client, actors, report_round):
    client.force_login(actors.quality_developer)
    client.post("/kvalitetsrapport/omgang/2023/anordnare/", {"providers": [actors.provider_b.pk]})
    assert list(report_round.reports.values_list("provider", flat=True)) == [actors.provider_b.pk]
    client.post(
        "/kvalitetsrapport/omgang/2023/fokus/", {"text": "Hur arbetar ni med studievägledning?", "required": "on"}
    )
    client.post("/kvalitetsrapport/omgang/2023/fokus/", {"text": "Något mer?"})
    assert [(q.text, q.required) for q in report_round.focus_questions.all()] == [
        ("Hur arbetar ni med studievägledning?", True),
        ("Något mer?", False),
    ]
    question = report_round.focus_questions.last()
    client.post(f"/kvalitetsrapport/omgang/2023/fokus/{question.pk}/ta-bort/")
    assert report_round.focus_questions.count() == 1


def overview_table(client, query: str = "") -> str:
    body = client.get(f"/kvalitetsrapport/omgang/2023/{query}").content.decode()
    return body[body.index('<table class="overview">') : body.index("</table>", body.index('<table class="overview">'))]


def test_the_overview_shows_status_activity_and_missing_answers_with_filters(client, actors, report_round):
    report_a = complete(report_of(report_round, actors.provider_a), user=actors.member_a)
    services.submit_report(report_a, user=actors.member_a)
    client.force_login(actors.quality_developer)
    table = overview_table(client)
    assert "Anordnare A" in table and "Anordnare B" in table and "Inskickad" in table and "Ej påbörjad" in table
    only_submitted = overview_table(client, "?status=submitted")
    assert "Anordnare A" in only_submitted and "Anordnare B" not in only_submitted
    only_missing = overview_table(client, "?missing=yes")
    assert "Anordnare B" in only_missing and "Anordnare A" not in only_missing
    by_name = overview_table(client, "?q=ordnare+b")
    assert "Anordnare B" in by_name and "Anordnare A" not in by_name


def test_review_comment_return_and_approve(client, actors, report_round):
    report = complete(report_of(report_round, actors.provider_a), user=actors.member_a)
    services.submit_report(report, user=actors.member_a)
    client.force_login(actors.quality_developer)
    page = client.get(f"/kvalitetsrapport/rapport/{report.pk}/").content.decode()
    assert "Granskning: Anordnare A 2023" in page and "Personalens kompetens och erfarenhet" in page
    client.post(f"/kvalitetsrapport/rapport/{report.pk}/kommentar/", {"step": "c", "text": "Utveckla metoden."})
    assert StepComment.objects.get(report=report).text == "Utveckla metoden."
    client.post(f"/kvalitetsrapport/rapport/{report.pk}/returnera/", {"message": "Se kommentaren i C."})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    services.submit_report(report, user=actors.member_a)
    client.post(f"/kvalitetsrapport/rapport/{report.pk}/godkann/")
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    history = client.get(f"/kvalitetsrapport/rapport/{report.pk}/").content.decode()
    assert "Godkänd" in history and "member_a" in history


def test_a_return_needs_a_message(client, actors, report_round):
    report = complete(report_of(report_round, actors.provider_a), user=actors.member_a)
    services.submit_report(report, user=actors.member_a)
    client.force_login(actors.quality_developer)
    client.post(f"/kvalitetsrapport/rapport/{report.pk}/returnera/", {"message": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_provider_users_cannot_review(client, actors, report_round):
    report = complete(report_of(report_round, actors.provider_a), user=actors.member_a)
    services.submit_report(report, user=actors.member_a)
    client.force_login(actors.member_a)
    for url in ("godkann", "returnera", "kommentar"):
        assert (
            client.post(
                f"/kvalitetsrapport/rapport/{report.pk}/{url}/", {"message": "x", "text": "x", "step": "c"}
            ).status_code
            == 403
        )
    assert QualityReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_contacts_kept_by_the_quality_developer_and_added_by_the_provider(client, actors):
    client.force_login(actors.quality_developer)
    client.post(
        "/kvalitetsrapport/kontakter/", {"provider": actors.provider_a.pk, "name": "Anna", "email": "anna@a.example"}
    )
    client.force_login(actors.member_b)
    client.post(
        "/kvalitetsrapport/kontakter/", {"provider": actors.provider_a.pk, "name": "Cilla", "email": "cilla@b.example"}
    )
    page = client.get("/kvalitetsrapport/kontakter/").content.decode()
    assert "cilla@b.example" in page and "anna@a.example" not in page
    assert list(actors.provider_b.report_contacts.values_list("email", flat=True)) == ["cilla@b.example"]
    duplicate = client.post("/kvalitetsrapport/kontakter/", {"name": "Cilla", "email": "CILLA@b.example"})
    assert duplicate.status_code == 400 and "Adressen är redan en kontakt." in duplicate.content.decode()


def test_the_printable_page_holds_every_answer(client, actors, report_round):
    report = complete(report_of(report_round, actors.provider_a), user=actors.member_a)
    client.force_login(actors.member_a)
    body = client.get(f"/kvalitetsrapport/rapport/{report.pk}/utskrift/").content.decode()
    assert "print.css" in body and "Anordnare A" in body and "2023" in body
    assert "Nätverk med 40 arbetsgivare." in body and "Utbilda coacher i MI" in body


def test_a_comment_can_name_a_field_of_its_step(client, actors, report_round):
    report = complete(report_of(report_round, actors.provider_a), user=actors.member_a)
    services.submit_report(report, user=actors.member_a)
    client.force_login(actors.quality_developer)
    page = client.get(f"/kvalitetsrapport/rapport/{report.pk}/").content.decode()
    assert 'id="comment-field-c"' in page and '<option value="working_method">Arbetsmetod</option>' in page
    client.post(
        f"/kvalitetsrapport/rapport/{report.pk}/kommentar/", {"step": "c", "field": "working_method", "text": "A"}
    )
    client.post(
        f"/kvalitetsrapport/rapport/{report.pk}/kommentar/", {"step": "c", "field": "no_such_field", "text": "B"}
    )
    assert list(StepComment.objects.order_by("pk").values_list("field", "text")) == [("working_method", "A"), ("", "B")]
