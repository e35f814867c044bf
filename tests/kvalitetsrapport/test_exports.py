"""Exports: the JSON shape of docs/quality-report-json.md and an Excel workbook fit for the annual report."""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from kvalitetsrapport import exports, services
from tests.kvalitetsrapport.factories import complete, insats, open_round, report_of


@pytest.fixture
def report_round(actors):
    insats(actors.provider_a, code="sai")
    insats(actors.provider_b, code="forstarkt-jobbpeng", customer="B1")
    report_round = open_round(actors.provider_a, actors.provider_b)
    services.add_focus_question(report_round, "Hur arbetar ni med studievägledning?", True)
    report = complete(report_of(report_round, actors.provider_a), user=actors.member_a)
    data = report.step_answers.get(step="c").data
    services.save_step(report, "c", {**data, "working_method": '=HYPERLINK("http://evil")'}, 1, user=actors.member_a)
    services.submit_report(report, user=actors.member_a)
    return report_round


def test_the_json_has_exactly_the_documented_keys(actors, report_round):
    document = json.loads(exports.export_json(report_round))
    assert set(document) == {"year", "reports"} and document["year"] == 2023
    first, second = document["reports"]
    assert set(first) == {
        "provider",
        "status",
        "submitted_at",
        "answers",
        "focus_answers",
        "development_plan",
        "history",
    }
    assert (first["provider"], first["status"]) == ("Anordnare A", "submitted")
    assert first["submitted_at"].startswith("20")
    assert (second["provider"], second["status"], second["submitted_at"]) == ("Anordnare B", "not_started", None)
    answers = first["answers"]
    assert answers["d.sai.success_factors"] == "Svar om sai.success_factors"
    assert answers["verksamhet.coaches"] == 4 and answers["a.insurance_valid"] is True
    assert all(not isinstance(v, dict | list) for v in answers.values())
    assert "d.forstarkt-jobbpeng.success_factors" in second["answers"]
    assert first["focus_answers"] == [
        {"question": "Hur arbetar ni med studievägledning?", "answer": "Vi arbetar med studievägledning."}
    ]
    assert first["development_plan"] == [
        {"what": "Utbilda coacher i MI", "who": "Bo Ek", "by": "2024-06-30", "status": None}
    ]
    entry = next(h for h in first["history"] if h["field"] == "c.working_method" and h["old"])
    assert set(entry) == {"at", "user", "action", "field", "old", "new"}
    assert (entry["user"], entry["action"], entry["old"]) == ("member_a", "changed", "Individuell coachning.")
    assert any(h["action"] == "submitted" and h["new"] == "submitted" for h in first["history"])


def test_the_plan_status_comes_from_the_next_years_follow_up(actors, report_round):
    insats(actors.provider_a, customer="A2", start=date(2024, 1, 1))
    next_round = open_round(actors.provider_a, year=2024)
    follow_up = report_of(next_round, actors.provider_a)
    action = report_of(report_round, actors.provider_a).development_actions.get()
    services.save_step(follow_up, "plan", {f"followup.{action.pk}.status": "ongoing", "actions": []}, 0)
    document = json.loads(exports.export_json(report_round))
    assert document["reports"][0]["development_plan"][0]["status"] == "ongoing"


def test_the_workbook_has_values_only_safe_text_and_prints_on_a4(actors, report_round):
    workbook = load_workbook(io.BytesIO(exports.export_xlsx(report_round)))
    assert workbook.sheetnames == [
        "Översikt",
        "Verksamhet",
        "A. Tillsyn",
        "B. Systematiskt kvalitetsarbete",
        "C. Kapacitet",
        "D. Resultat och måluppfyllelse",
        "Årets fokusområden",
        "Utvecklingsplaner",
        "Per insatstyp",
    ]
    for sheet in workbook.worksheets:
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} holds a formula"
    capacity = workbook["C. Kapacitet"]
    header = [c.value for c in capacity[1]]
    row = [c.value for c in capacity[2]]
    assert row[0] == "Anordnare A"
    assert row[header.index("Arbetsmetod")] == '\'=HYPERLINK("http://evil")'
    overview = [[c.value for c in r] for r in workbook["Översikt"].iter_rows(min_row=2)]
    assert overview[0][:2] == ["Anordnare A", "Inskickad"] and overview[0][4] == 0
    assert overview[1][:2] == ["Anordnare B", "Ej påbörjad"] and overview[1][4] > 0


def test_the_summary_puts_every_providers_experience_per_programme_side_by_side(actors, report_round):
    report_b = report_of(report_round, actors.provider_b)
    services.save_step(
        report_b,
        "d",
        {"forstarkt-jobbpeng.success_factors": "Täta möten", "forstarkt-jobbpeng.challenges": "Språket"},
        0,
    )
    workbook = load_workbook(io.BytesIO(exports.export_xlsx(report_round)))
    rows = [[c.value for c in r] for r in workbook["Per insatstyp"].iter_rows()]
    assert rows[0][:4] == ["Insatstyp", "Anordnare", "Framgångsfaktorer", "Utmaningar"]
    assert ["Förstärkt jobbpeng", "Anordnare B", "Täta möten", "Språket"] == rows[1][:4]
    assert rows[2][:3] == ["Språk- och arbetsintroduktion (SAI)", "Anordnare A", "Svar om sai.success_factors"]


def test_the_command_writes_xlsx_or_json(actors, report_round, tmp_path):
    out = io.StringIO()
    call_command("export_quality_reports", "2023", "--out", str(tmp_path / "r.json"), stdout=out)
    assert json.loads((tmp_path / "r.json").read_text())["year"] == 2023
    call_command("export_quality_reports", "2023", "--out", str(tmp_path / "r.xlsx"), stdout=out)
    assert load_workbook(tmp_path / "r.xlsx").sheetnames[0] == "Översikt"
    with pytest.raises(CommandError):
        call_command("export_quality_reports", "2023", "--out", str(tmp_path / "r.csv"))
    with pytest.raises(CommandError):
        call_command("export_quality_reports", "1999", "--out", str(tmp_path / "r.json"))


def test_the_downloads_give_a_provider_its_own_report_only(client, actors, report_round):
    client.force_login(actors.quality_developer)
    everything = json.loads(client.get("/kvalitetsrapport/omgang/2023/export.json").content)
    assert [r["provider"] for r in everything["reports"]] == ["Anordnare A", "Anordnare B"]
    client.force_login(actors.member_b)
    own = json.loads(client.get("/kvalitetsrapport/omgang/2023/export.json").content)
    assert [r["provider"] for r in own["reports"]] == ["Anordnare B"]
    workbook = load_workbook(io.BytesIO(client.get("/kvalitetsrapport/omgang/2023/export.xlsx").content))
    assert [c.value for c in workbook["Översikt"]["A"]][1:] == ["Anordnare B"]
    client.force_login(actors.outsider)
    assert client.get("/kvalitetsrapport/omgang/2023/export.json").status_code == 403
