"""The register statistics page, its downloads and charts: who sees what."""

import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from tests.analys.register_factories import insats


@pytest.fixture
def register(actors):
    a, b = actors.provider_a, actors.provider_b
    insats("A-CUST-1", a, "2023-01-10", "2023-06-30", "arbete")
    insats("A-CUST-2", a, "2022-03-01", None, programme="sai", gender="man", extensions=1, planned="2024-02-01")
    insats("B-CUST-1", b, "2023-02-01", "2023-09-30", "studier", programme="forstarkt-jobbpeng")
    insats("B-CUST-2", b, "2023-03-01", None, birth_year=None)
    insats("SHARED", a, "2023-01-01", None, programme="forstarkt-jobbpeng")
    insats("SHARED", b, "2023-05-01", None, programme="forstarkt-jobbpeng")  # A's is left open
    return actors


def text_of_workbook(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content))
    return "\n".join(str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value)


def test_the_quality_developer_sees_every_provider(client, register):
    client.force_login(register.quality_developer)
    response = client.get("/analys/statistik/2023/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Anordnare A" in body and "Anordnare B" in body
    assert body.count('class="stat-table"') >= 15
    for chart in ("self_support", "duration", "days_trend"):
        assert f"/analys/statistik/2023/diagram/{chart}.svg" in body
    assert "A-CUST-2" not in body  # customer ids only in data-quality findings, and A-CUST-2 has none
    assert "/admin/register/insats/" in body  # findings and flags link to the insatser


def test_the_year_selector_redirects_to_the_chosen_year(client, register):
    client.force_login(register.quality_developer)
    assert client.get("/analys/statistik/?year=2022")["Location"] == "/analys/statistik/2022/"
    assert client.get("/analys/statistik/?year=1999")["Location"].startswith("/analys/statistik/20")
    assert client.get("/analys/statistik/1999/").status_code == 404


def test_a_provider_sees_its_own_rows_beside_the_total_and_nothing_of_another(client, register):
    client.force_login(register.member_b)
    body = client.get("/analys/statistik/2023/").content.decode()
    assert "Anordnare B" in body
    assert "Anordnare A" not in body
    assert "A-CUST" not in body
    # The shared customer's finding describes A's insats without its provider or link.
    assert "hos en annan anordnare" in body
    assert body.count("/register/mina/") >= 1
    assert "/admin/" not in body.split("<main", 1)[1]


def test_downloads_are_scoped_like_the_page(client, register):
    client.force_login(register.member_b)
    result = json.loads(client.get("/analys/statistik/2023/resultatstatistik.json").content)
    assert result["scope"]["provider"] == "Anordnare B"
    assert result["totals"]["insatser"] == 6
    assert {e["provider"] for e in result["by_provider"]} == {"Anordnare B"}
    assert "Anordnare A" not in json.dumps(result)
    response = client.get("/analys/statistik/2023/resultatstatistik.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = text_of_workbook(response.content)
    assert "Anordnare B" in text and "Anordnare A" not in text and "A-CUST" not in text
    assert client.get("/analys/statistik/2023/resultatstatistik.csv").status_code == 404


def test_a_providers_charts_hold_only_its_own_name(client, register):
    client.force_login(register.member_b)
    for chart in ("self_support", "duration", "days_trend"):
        response = client.get(f"/analys/statistik/2023/diagram/{chart}.svg")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("image/svg+xml")
        svg = response.content.decode()
        assert svg.startswith("<svg") and "Anordnare A" not in svg
    assert "Anordnare B" in client.get("/analys/statistik/2023/diagram/self_support.svg").content.decode()
    assert client.get("/analys/statistik/2023/diagram/other.svg").status_code == 404


def test_outsiders_and_anonymous_users_are_refused(client, register):
    assert client.get("/analys/statistik/2023/")["Location"].startswith("/login/")
    client.force_login(register.outsider)
    for url in ("/analys/statistik/2023/", "/analys/statistik/2023/resultatstatistik.json"):
        assert client.get(url).status_code == 403


def test_the_workbook_stores_numbers_with_formats_and_prints_on_a4(client, register):
    client.force_login(register.quality_developer)
    workbook = load_workbook(io.BytesIO(client.get("/analys/statistik/2023/resultatstatistik.xlsx").content))
    names = workbook.sheetnames
    for expected in (
        "6.1.1 Kön",
        "6.1.2 Ålder",
        "6.1.4 Förlängda",
        "6.2.3 Pågående per anordnare",
        "12.1 Resultat per insats",
    ):
        assert expected in names
    assert names[-1] == "Definitioner"
    sheet = workbook["6.1.1 Kön"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=4) if row[0].value}
    total = rows["TOTALT KUNDVAL"]
    assert total[1].value == 6 and isinstance(total[1].value, int)
    assert total[3].number_format == "0%" and isinstance(total[3].value, float)
    for ws in workbook.worksheets:
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows


def test_text_in_the_workbook_cannot_start_a_formula(client, actors):
    actors.provider_a.name = '=HYPERLINK("http://x")'
    actors.provider_a.save()
    insats("K1", actors.provider_a, "2023-01-10")
    client.force_login(actors.quality_developer)
    workbook = load_workbook(io.BytesIO(client.get("/analys/statistik/2023/resultatstatistik.xlsx").content))
    values = [c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [v for v in values if v.startswith("=")]
    assert '\'=HYPERLINK("http://x")' in values


def test_the_command_writes_json_and_xlsx(tmp_path, register):
    from django.core.management import CommandError, call_command

    out = tmp_path / "s.json"
    call_command("export_statistics", "2023", "--out", str(out), "--provider", "anordnare b", stdout=io.StringIO())
    result = json.loads(out.read_text())
    assert result["scope"]["provider"] == "Anordnare B" and result["year"] == 2023
    xlsx = tmp_path / "s.xlsx"
    call_command("export_statistics", "2023", "--out", str(xlsx), stdout=io.StringIO())
    assert "Anordnare A" in text_of_workbook(xlsx.read_bytes())
    with pytest.raises(CommandError):
        call_command("export_statistics", "2023", "--out", str(tmp_path / "s.csv"), stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("export_statistics", "2023", "--out", str(out), "--provider", "Nobody", stdout=io.StringIO())


def test_flags_for_the_current_year_are_as_of_today(client, register, monkeypatch):
    from analys import register_statistics

    monkeypatch.setattr(register_statistics.timezone, "localdate", lambda: date(2023, 8, 1))
    client.force_login(register.quality_developer)
    result = json.loads(client.get("/analys/statistik/2023/resultatstatistik.json").content)
    assert result["flags_as_of"] == "2023-08-01"


def test_the_trend_marks_incomplete_years_on_the_page_the_workbook_and_the_chart(client, register):
    # The register's first end date is in 2023: of 2022 it holds only A-CUST-2, still running in 2023.
    from analys.register_charts import days_trend_data
    from analys.register_statistics import statistics_json

    client.force_login(register.quality_developer)
    body = client.get("/analys/statistik/2023/").content.decode()
    trend = body.split('data-table="trend"', 1)[1].split("</table>", 1)[0]
    assert trend.count('data-incomplete="before_register"') == 2  # 2022's SAI row and its total
    assert "<td>2022 *</td>" in trend and "<td>2023 *</td>" not in trend
    assert "data-trend-note" in body and "2022" in body.split("data-trend-note", 1)[1].split("</p>", 1)[0]
    workbook = load_workbook(io.BytesIO(client.get("/analys/statistik/2023/resultatstatistik.xlsx").content))
    rows = [[c.value for c in row] for row in workbook["Utveckling"].iter_rows(min_row=4) if row[1].value]
    by_year = {(row[1], row[0]): row[-1] for row in rows if isinstance(row[1], int)}
    assert by_year[(2023, "TOTALT KUNDVAL")] == "Ja"
    assert by_year[(2022, "TOTALT KUNDVAL")] not in ("Ja", None) and "2023" in by_year[(2022, "TOTALT KUNDVAL")]
    data = days_trend_data(statistics_json(2023))
    assert data["labels"] == ["2022 *", "2023"] and data["incomplete"] == [True, False]
    assert data["note"]
