"""The analysis pages: who sees what, the matrix SVG, downloads and the export log."""

import io
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from analys.models import ExportLog
from enkat.models import Invitation, Response
from tests.factories import analysed_survey, make_invitations, make_responses

pytestmark = pytest.mark.django_db


def _page(client, user, survey, query: str = ""):
    client.force_login(user)
    return client.get(reverse("analys:survey", args=[survey.slug]) + query)


def test_the_quality_developer_sees_the_matrix_as_an_accessible_svg_with_a_table(client, actors, survey):
    response = _page(client, actors.quality_developer, survey, "?bootstrap=200")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="img"' in html and 'aria-labelledby="matrix-title matrix-desc"' in html
    assert '<title id="matrix-title">' in html and '<desc id="matrix-desc">' in html
    assert html.count('<g class="point') == sum(1 for q in response.context["result"].questions if q.plotted)
    assert "#D5ECD4" in html and "#FBDCC8" in html  # green and orange fields
    assert 'class="split-line"' in html
    assert 'class="matrix-table"' in html
    assert "Har stödet du fått av din jobbexpert" in html
    assert reverse("analys:download", args=[survey.slug, "xlsx"]) in html
    assert reverse("analys:download", args=[survey.slug, "json"]) in html


def test_the_page_shows_uncertainty_on_the_points(client, actors, survey):
    html = _page(client, actors.quality_developer, survey, "?bootstrap=200").content.decode()

    point = re.search(r'<g class="point[^"]*">(.*?)</g>', html, re.S).group(1)
    assert point.count("<line") == 2  # whiskers across (effect) and up (mean)


def test_the_page_draws_bars_of_area_indices_per_group(client, actors, survey):
    response = _page(client, actors.quality_developer, survey, "?bootstrap=0")

    html = response.content.decode()
    assert html.count('class="chart bar-chart"') == 6
    assert "Anordnare A" in html and "Anordnare B" in html


def test_the_filters_reach_the_analysis(client, actors, survey):
    query = (
        "?dims=gender&two_way=programme*gender&method=regression&min_n=8&bootstrap=0"
        "&satisfaction_split=4&plot_nki=no&weighted=yes&seed=1"
    )
    result = _page(client, actors.quality_developer, survey, query).context["result"].to_dict()

    assert set(result["groups"]) == {"gender", "programme*gender"}
    assert result["method"] == "regression"
    assert result["min_n"] == 8
    assert result["matrix"]["satisfaction_split"] == 4.0
    assert not any(q["plotted"] for q in result["questions"] if q["area"] == "NKI")
    assert result["weighted"] is not None


def test_bad_options_are_refused_with_the_form_errors(client, actors, survey):
    response = _page(client, actors.quality_developer, survey, "?min_n=0&method=magic")

    assert response.status_code == 400
    assert response.context["form"].errors


def test_the_page_has_no_inline_style_or_script(client, actors, survey):
    html = _page(client, actors.quality_developer, survey, "?bootstrap=100").content.decode()

    assert "style=" not in html
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_a_provider_sees_only_its_own_customers(client, actors, survey):
    response = _page(client, actors.member_a, survey, "?bootstrap=0")

    assert response.status_code == 200
    result = response.context["result"].to_dict()
    assert result["n_responses"] == 36
    assert [g["value"] for g in result["groups"]["provider"]] == ["Anordnare A"]
    html = response.content.decode()
    assert "Anordnare B" not in html
    # 36 responses of its own (at least min_n): its own comments, as texts alone; make_responses gives
    # every comment to Anordnare A's customers (even rows), so B's page has none.
    own = sorted(
        Response.objects.filter(provider_name="Anordnare A").exclude(comment="").values_list("comment", flat=True)
    )
    assert own and sorted(response.context["comments"]) == own
    assert all(text in html for text in own)
    other = _page(Client(), actors.member_b, survey, "?bootstrap=0")
    assert other.context["comments"] == [] and "Kommentar nummer" not in other.content.decode()


def test_a_provider_cannot_lower_min_n_below_the_surveys(client, actors, survey):
    result = _page(client, actors.member_a, survey, "?min_n=1&bootstrap=0").context["result"].to_dict()

    assert result["min_n"] == survey.min_n


def test_a_providers_downloads_hold_only_its_own_customers_and_comments(client, actors, survey):
    client.force_login(actors.member_a)

    data = json.loads(client.get(reverse("analys:download", args=[survey.slug, "json"])).content)
    xlsx = client.get(reverse("analys:download", args=[survey.slug, "xlsx"]) + "?bootstrap=0&provider=Anordnare+B")

    assert data["n_responses"] == 36
    assert {g["value"] for g in data["groups"]["provider"]} == {"Anordnare A"}
    assert data["scope"] == {"provider": "Anordnare A"}
    workbook = load_workbook(io.BytesIO(xlsx.content))
    own = set(
        Response.objects.filter(provider_name="Anordnare A").exclude(comment="").values_list("comment", flat=True)
    )
    assert set(data["comments"]) == own
    sheet = {row[0] for row in workbook["Kommentarer"].iter_rows(min_row=4, values_only=True)}
    assert sheet == own
    cells = {c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row}
    assert "Anordnare B" not in cells
    assert set(ExportLog.objects.values_list("provider__name", flat=True)) == {"Anordnare A"}


def test_a_provider_does_not_see_a_survey_that_is_not_closed(client, actors):
    survey = analysed_survey("oppen", state="open")
    make_responses(survey, 10)

    assert _page(client, actors.member_a, survey).status_code == 404


def test_an_outsider_is_refused(client, actors, survey):
    assert _page(client, actors.outsider, survey).status_code == 403
    client.force_login(actors.outsider)
    assert client.get(reverse("analys:download", args=[survey.slug, "json"])).status_code == 403
    assert not ExportLog.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, survey):
    for url in (
        reverse("analys:survey", args=[survey.slug]),
        reverse("analys:download", args=[survey.slug, "xlsx"]),
        reverse("analys:trend"),
        reverse("analys:exports"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_web_download_is_logged_with_who_when_survey_and_format(client, actors, survey):
    client.force_login(actors.quality_developer)

    response = client.get(reverse("analys:download", args=[survey.slug, "xlsx"]) + "?bootstrap=0")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert "Kommentarer" in load_workbook(io.BytesIO(response.content)).sheetnames
    log = ExportLog.objects.get()
    assert (log.user, log.survey, log.format, log.channel) == (actors.quality_developer, survey, "xlsx", "web")
    assert log.created is not None


def test_an_unknown_format_is_not_found(client, actors, survey):
    client.force_login(actors.quality_developer)

    assert client.get(reverse("analys:download", args=[survey.slug, "pdf"])).status_code == 404


def test_the_quality_developer_reads_the_export_log(client, actors, survey):
    ExportLog.objects.create(actor="qd", survey=survey, survey_slug=survey.slug, format="json", channel="command")
    client.force_login(actors.quality_developer)

    response = client.get(reverse("analys:exports"))

    assert response.status_code == 200
    assert survey.slug in response.content.decode()
    assert list(response.context["page"].object_list) == list(ExportLog.objects.all())


def test_a_provider_and_an_outsider_cannot_read_the_export_log(client, actors):
    for user in (actors.member_a, actors.outsider):
        client.force_login(user)
        assert client.get(reverse("analys:exports")).status_code == 403


def test_the_index_lists_surveys_with_their_answers(client, actors, survey):
    client.force_login(actors.quality_developer)

    response = client.get(reverse("analys:index"))

    assert response.status_code == 200
    assert reverse("analys:survey", args=[survey.slug]) in response.content.decode()


def test_the_same_options_give_the_cached_result_until_an_answer_arrives(client, actors, survey):
    first = _page(client, actors.quality_developer, survey, "?bootstrap=50").context["result"].to_dict()
    again = _page(client, actors.quality_developer, survey, "?bootstrap=50").context["result"].to_dict()
    make_responses(survey, 1, seed=99)
    fresh = _page(client, actors.quality_developer, survey, "?bootstrap=50").context["result"].to_dict()

    assert again == first
    assert fresh["n_responses"] == 73


def test_weighting_that_did_not_converge_is_said_beside_the_weighted_figures_on_page_workbook_and_json(
    client, actors, survey
):
    # Nearly everyone invited is a man, half the respondents are women: the trimmed weights cannot reach that.
    Invitation.objects.filter(survey=survey).exclude(pk__in=Invitation.objects.order_by("pk")[:4]).update(gender="man")
    query = "?weighted=yes&bootstrap=0"
    page = _page(client, actors.quality_developer, survey, query).content.decode()
    assert "Viktningen konvergerade inte" in page
    assert "Effektiv urvalsstorlek" in page
    data = json.loads(client.get(reverse("analys:download", args=[survey.slug, "json"]) + query).content)
    assert data["weighted"]["converged"] is False and data["weighting"]["converged"] is False
    assert data["weighting"]["effective_sample_size"] < data["n_responses"]
    xlsx = client.get(reverse("analys:download", args=[survey.slug, "xlsx"]) + query)
    workbook = load_workbook(io.BytesIO(xlsx.content))
    summary = [c for row in workbook["Sammanfattning"].iter_rows(values_only=True) for c in row if c]
    assert any(str(c).startswith("Viktningen konvergerade inte") for c in summary)
    method = [row for row in workbook["Metod"].iter_rows(values_only=True)]
    assert any(row[0] == "Effektiv urvalsstorlek" and isinstance(row[1], float) for row in method)
    assert any(row[0] == "Viktningen konvergerade" and str(row[1]).startswith("Nej") for row in method)


def test_the_method_says_how_suppression_works(client, actors, survey):
    page = _page(client, actors.quality_developer, survey, "?bootstrap=0").content.decode()
    assert "Så förblir dolda värden dolda" in page


def test_while_a_survey_is_open_staff_see_counts_only_and_why(client, actors):
    survey = analysed_survey("pagar", state="open")
    make_invitations(survey, 40)
    make_responses(survey, 12)
    response = _page(client, actors.quality_developer, survey, "?bootstrap=0")

    assert response.status_code == 200 and response.context["result"] is None
    html = response.content.decode()
    assert "Enkäten är fortfarande öppen" in html
    counts = response.context["still_open"]
    assert (counts.invited, counts.responded) == (40, 12)
    assert "Kommentar nummer" not in html and "<svg" not in html and "download-xlsx" not in html
    # A download link of an open survey (bookmarked, shared) leads to the page that says why there is none.
    page = reverse("analys:survey", args=[survey.slug])
    for url in (
        reverse("analys:download", args=[survey.slug, "xlsx"]),
        reverse("analys:download", args=[survey.slug, "json"]) + "?bootstrap=0",
        reverse("analys:chart", args=[survey.slug, "matrix", "png"]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].split("?")[0] == page
        assert "Enkäten är fortfarande öppen" in client.get(response["Location"]).content.decode()
    assert response["Location"] == page
    assert not ExportLog.objects.exists()
