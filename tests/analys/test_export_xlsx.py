"""The Excel workbook: sheets, cells, number formats, the native chart, and formula injection."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from analys.export_xlsx import analysis_xlsx
from analys.loading import AnalysisOptions, comments, run_analysis
from analys.models import ExportLog
from analys.services import do_export_analysis
from register.models import Provider
from tests.factories import analysed_survey, make_invitations, make_responses

pytestmark = pytest.mark.django_db

SHEETS = [
    "Sammanfattning",
    "Frågor",
    "Grupper",
    "Åtgärdsmatris",
    "Matrisdiagram",
    "Kommentarer",
    "Metod",
    "Diagramdata",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "{")


@pytest.fixture
def workbook(tmp_path):
    survey = analysed_survey()
    make_responses(survey, 72)
    make_invitations(survey, 219)
    out = tmp_path / "analys.xlsx"
    with translation.override("sv"):
        call_command("export_analysis", survey.slug, "--out", str(out), "--bootstrap", "200", "--weighted")
    return load_workbook(out)


def _rows(ws) -> list[list]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


def _find(ws, text: str):
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"{text!r} not in {ws.title}")


def test_the_workbook_has_its_sheets_in_order_with_the_chart_data_hidden(workbook):
    assert workbook.sheetnames == SHEETS


def test_the_summary_holds_response_rate_nki_and_area_indices(workbook):
    ws = workbook["Sammanfattning"]
    rate = _find(ws, "Svarsfrekvens").offset(column=1)
    assert rate.value == pytest.approx(72 / 219) and rate.number_format == "0.0%"
    nki = _find(ws, "NKI").offset(column=1)
    assert isinstance(nki.value, float) and nki.number_format == "0.0"
    for area in ("Mål", "Arbetsplats", "Utveckling"):
        assert isinstance(_find(ws, area).offset(column=1).value, float)
    assert _find(ws, "Viktat index")  # weighted next to the unweighted figures


def test_the_questions_sheet_is_laid_out_like_the_report(workbook):
    ws = workbook["Frågor"]
    header = _find(ws, "Totalt")
    headers = [ws.cell(row=header.row, column=c).value for c in range(header.column, header.column + 7)]
    assert headers == ["Totalt", "Kvinna", "Man", "18-24", "25-39", "40-59", "60+"]
    first = ws.cell(row=header.row + 1, column=header.column)
    assert isinstance(first.value, float) and first.number_format == "0.0"
    assert ws.cell(row=header.row + 1, column=2).value.startswith("q1 Har stödet du fått")
    assert _find(ws, "Index: NKI")


def test_suppressed_cells_read_too_few_answers(tmp_path):
    survey = analysed_survey(min_n=5)
    make_responses(survey, 72, providers=("Anordnare A", "Anordnare B", "Liten AB"))
    survey.responses.filter(provider_name="Liten AB").exclude(
        pk__in=survey.responses.filter(provider_name="Liten AB").order_by("pk")[:3]
    ).update(provider_name="Anordnare A")
    out = tmp_path / "a.xlsx"
    with translation.override("sv"):
        call_command("export_analysis", survey.slug, "--out", str(out), "--bootstrap", "0", "--by", "provider")
    ws = load_workbook(out)["Grupper"]
    small = _find(ws, "Liten AB")
    assert small.offset(column=1).value == 3
    assert small.offset(column=2).value == "För få svar"
    # The complementary group is hidden too, so the small one cannot be recovered by subtraction.
    values = [row for row in _rows(ws) if row[0] in ("Anordnare A", "Anordnare B")]
    assert any("För få svar" in row for row in values)


def test_the_matrix_chart_sheet_has_an_editable_chart_with_split_lines_and_numbered_points(workbook):
    ws = workbook["Matrisdiagram"]
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    assert chart.tagname == "scatterChart"
    titles = [s.tx.v for s in chart.series if s.tx is not None and s.tx.v is not None]
    # No approximated fields: only what can be drawn exactly.
    assert not {"Grön", "Blå", "Gul", "Orange"} & set(titles)
    assert titles.count("Delningslinje") == 2
    numbered = [t for t in titles if t.isdigit()]
    assert numbered == [str(n) for n in range(1, 12)]
    point = next(s for s in chart.series if s.tx.v == "1")
    assert point.dLbls.showSerName is True
    assert point.marker.graphicalProperties.solidFill.srgbClr in {"2E7D32", "1565C0", "B58900", "E65100"}
    assert workbook["Diagramdata"].sheet_state == "hidden"


def test_the_matrix_table_has_question_texts_two_decimal_effects_and_the_picture_beside_it(workbook):
    ws = workbook["Åtgärdsmatris"]
    assert len(ws._charts) == 0
    assert len(ws._images) == 1
    anchor = ws._images[0].anchor._from
    assert anchor.col >= 13 and anchor.row <= 4  # column N or later, at the table's top
    header = _find(ws, "Nr")
    first = header.row + 1
    assert ws.cell(row=first, column=2).value.startswith("q1 Har stödet du fått")
    assert isinstance(ws.cell(row=first, column=5).value, float)
    assert ws.cell(row=first, column=5).number_format == "0.00"
    assert ws.cell(row=first, column=6).number_format == "0.00"  # effect
    assert ws.cell(row=first, column=7).value in {"Grön", "Blå", "Gul", "Orange"}
    split = _find(ws, "Delningslinje för nöjdhet")
    assert ws.cell(row=split.row, column=5).number_format == "0.00"


def test_every_sheet_prints_on_a4_fit_to_width(workbook):
    for ws in workbook.worksheets:
        if ws.sheet_state == "hidden":
            continue
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True, ws.title
        assert ws.page_setup.fitToWidth == 1, ws.title
        assert ws.print_area, ws.title
    assert workbook["Kommentarer"].print_title_rows == "$3:$3"
    assert workbook["Åtgärdsmatris"].print_title_rows


def test_the_group_headers_name_questions_by_code_and_text(workbook):
    ws = workbook["Grupper"]
    headers = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert any(h.startswith("q1 Har stödet") for h in headers)
    assert "q1" not in headers


def test_the_method_sheet_names_min_n_method_seed_and_weighting(workbook):
    ws = workbook["Metod"]
    assert _find(ws, "Minsta grupp som visas (min_n)").offset(column=1).value == 5
    assert _find(ws, "Metodkod").offset(column=1).value == "correlation"
    assert _find(ws, "Slumpfrö").offset(column=1).value == 0
    assert (
        "Raking" in _find(ws, "Viktning").offset(column=1).value
        or "raking" in _find(ws, "Viktning").offset(column=1).value
    )


def test_comments_come_alone_without_any_group(workbook):
    ws = workbook["Kommentarer"]
    rows = [row for row in _rows(ws) if row[0] and str(row[0]).startswith("Kommentar nummer")]
    assert sorted(row[0] for row in rows) == sorted(f"Kommentar nummer {i}" for i in range(0, 72, 6))
    # No group beside a comment: one column of text, nothing else on its row.
    assert all(not any(row[1:]) for row in rows)
    assert ws.max_column == 1


def test_comments_come_in_a_fresh_random_order(db):
    survey = analysed_survey()
    make_responses(survey, 72, comment_every=2)
    orders = {tuple(comments(survey)) for _ in range(5)}
    # The order they came in would help to tell who wrote them; 36! orders, so five draws differ.
    assert len(orders) > 1
    assert all(sorted(order) == sorted(f"Kommentar nummer {i}" for i in range(0, 72, 2)) for order in orders)


def test_a_providers_export_has_only_its_customers_and_their_comments(tmp_path):
    survey = analysed_survey()
    make_responses(survey, 72, comment_every=3)  # every third: both providers' customers comment
    provider = Provider.objects.create(name="Anordnare A")

    export = do_export_analysis(
        survey, AnalysisOptions(bootstrap=0), "xlsx", channel=ExportLog.Channel.WEB, actor="a", provider=provider
    )

    workbook = load_workbook(io.BytesIO(export.content))
    texts = {row[0] for row in _rows(workbook["Kommentarer"]) if row[0] and str(row[0]).startswith("Kommentar nummer")}
    # make_responses gives even rows to Anordnare A: its own comments are those, and only those.
    assert texts == {f"Kommentar nummer {i}" for i in range(0, 72, 6)}
    ws = workbook["Grupper"]
    names = {row[0] for row in _rows(ws)}
    assert "Anordnare A" in names and "Anordnare B" not in names
    summary = workbook["Sammanfattning"]
    assert _rows(summary)[5][1] == 36


def test_text_from_data_cannot_become_a_formula(tmp_path):
    survey = analysed_survey()
    nasty = ['=HYPERLINK("http://x")', "+46701234567", "-1+2", "@SUM(A1)", "\tTAB", "\rCR", "{=1+1}"]
    make_responses(survey, 70, providers=tuple(nasty))
    response = survey.responses.first()
    response.comment = "=cmd|' /C calc'!A0\x07"
    response.programme = "{=A1}"
    response.save()

    result = run_analysis(survey, AnalysisOptions(bootstrap=0, min_n=1))
    workbook = load_workbook(io.BytesIO(analysis_xlsx(result, comments(survey))))

    texts = [
        cell.value
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    assert texts
    assert not [t for t in texts if t.startswith(FORMULA_STARTS)]
    assert not [t for t in texts if "\x07" in t]
    assert '\'=HYPERLINK("http://x")' in texts
    assert "'{=A1}" in texts
    assert all(cell.data_type != "f" for ws in workbook.worksheets for row in ws.iter_rows() for cell in row)


def test_an_export_from_the_web_scope_is_logged_with_its_provider(tmp_path):
    survey = analysed_survey()
    make_responses(survey, 20)
    provider = Provider.objects.create(name="Anordnare A")

    do_export_analysis(survey, AnalysisOptions(bootstrap=0), "xlsx", channel="web", actor="x", provider=provider)

    log = ExportLog.objects.get()
    assert (log.format, log.channel, log.provider) == ("xlsx", "web", provider)


def test_a_provider_below_min_n_gets_no_comments(db):
    survey = analysed_survey(min_n=37)
    make_responses(survey, 72, comment_every=3)  # 36 responses each
    provider = Provider.objects.create(name="Anordnare A")

    assert comments(survey, provider) == []
    assert len(comments(survey)) == 24
    survey.min_n = 36
    assert sorted(comments(survey, provider)) == sorted(f"Kommentar nummer {i}" for i in range(0, 72, 6))


def test_an_open_survey_has_no_comments_and_no_analysis(db):
    from analys.loading import SurveyStillOpen

    survey = analysed_survey(state="open")
    make_responses(survey, 20)
    assert comments(survey) == []
    with pytest.raises(SurveyStillOpen):
        run_analysis(survey, AnalysisOptions(bootstrap=0), use_cache=False)
