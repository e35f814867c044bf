"""The charts as files for reports: PNG at 300 dpi, SVG that parses, one-page PDFs; the inks' contrast."""

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image

from analys.labels import FIELD_COLOURS, QUADRANT_INK
from analys.models import ExportLog

pytestmark = pytest.mark.django_db


def _get(client, user, survey, chart, fmt, query="?bootstrap=200"):
    client.force_login(user)
    return client.get(reverse("analys:chart", args=[survey.slug, chart, fmt]) + query)


def pdf_pages(content: bytes, tmp_path: Path) -> list[Path]:
    """The PDF's pages rendered by Poppler's pdftoppm (also proves that the file is a PDF)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    pdf = tmp_path / "chart.pdf"
    pdf.write_bytes(content)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    return sorted(tmp_path.glob("page*.png"))


def test_the_matrix_downloads_as_a_print_resolution_png(client, actors, survey):
    response = _get(client, actors.quality_developer, survey, "matrix", "png")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert 'filename="matrix-kundenkat-2023.png"' in response["Content-Disposition"]
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    assert round(image.info["dpi"][0]) == 300
    assert image.width >= 7 * 300  # a 7.5-inch figure, trimmed to its drawing
    # The four fields are drawn in their colours.
    colours = {"#{:02X}{:02X}{:02X}".format(*rgb[:3]) for _count, rgb in image.convert("RGB").getcolors(1_000_000)}
    for quadrant in ("green", "blue", "yellow", "orange"):
        assert "#" + FIELD_COLOURS[quadrant] in colours


def test_the_matrix_svg_parses_and_holds_its_points_and_split_lines(client, actors, survey):
    response = _get(client, actors.quality_developer, survey, "matrix", "svg")

    assert response["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(response.content)
    assert root.tag.endswith("svg")
    text = response.content.decode()
    for quadrant in ("green", "blue", "yellow", "orange"):
        assert FIELD_COLOURS[quadrant].lower() in text.lower()
        assert QUADRANT_INK[quadrant].lower() in text.lower()  # whiskers and field names in their inks
    assert "stroke-dasharray" in text  # the split lines


def test_the_matrix_pdf_is_one_page(client, actors, survey, tmp_path):
    response = _get(client, actors.quality_developer, survey, "matrix", "pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert len(pdf_pages(response.content, tmp_path)) == 1


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_the_bars_by_group_download_in_every_format(client, actors, survey, fmt):
    response = _get(client, actors.quality_developer, survey, "groups-provider", fmt, "?bootstrap=0")

    assert response.status_code == 200
    assert len(response.content) > 1000
    assert ExportLog.objects.get().options["chart"] == "groups-provider"
    assert ExportLog.objects.get().format == fmt


def test_the_trend_downloads_as_png_svg_and_pdf(client, actors, survey, tmp_path):
    client.force_login(actors.quality_developer)
    page = client.get(reverse("analys:trend")).content.decode()
    for fmt in ("png", "svg", "pdf"):
        assert reverse("analys:trend_chart", args=[fmt]) in page
    png = client.get(reverse("analys:trend_chart", args=["png"]))
    svg = client.get(reverse("analys:trend_chart", args=["svg"]))
    pdf = client.get(reverse("analys:trend_chart", args=["pdf"]))

    assert round(Image.open(io.BytesIO(png.content)).info["dpi"][0]) == 300
    assert ET.fromstring(svg.content).tag.endswith("svg")
    assert len(pdf_pages(pdf.content, tmp_path)) == 1


def test_the_analysis_page_links_every_chart_in_every_format(client, actors, survey):
    client.force_login(actors.quality_developer)
    response = client.get(reverse("analys:survey", args=[survey.slug]) + "?bootstrap=0")
    html = response.content.decode().replace("&amp;", "&")

    for fmt in ("png", "svg", "pdf"):
        assert reverse("analys:chart", args=[survey.slug, "matrix", fmt]) + "?bootstrap=0" in html
        for dim in response.context["result"].groups:
            assert reverse("analys:chart", args=[survey.slug, f"groups-{dim}", fmt]) in html


def test_an_unknown_chart_or_format_is_not_found(client, actors, survey):
    assert _get(client, actors.quality_developer, survey, "pie", "png").status_code == 404
    assert _get(client, actors.quality_developer, survey, "matrix", "gif").status_code == 404


def test_a_provider_downloads_charts_of_its_own_customers_only(client, actors, survey):
    response = _get(client, actors.member_a, survey, "groups-provider", "svg", "?bootstrap=0")

    assert response.status_code == 200
    assert ExportLog.objects.get().provider.name == "Anordnare A"
    assert _get(client, actors.outsider, survey, "matrix", "png").status_code in (302, 403)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_field_names_and_whiskers_reach_the_contrast_they_need_on_every_field():
    for ink in QUADRANT_INK.values():
        for field in FIELD_COLOURS.values():
            assert contrast(ink, field) >= 4.5  # text; a whisker needs 3:1 and may cross any field
    assert contrast("1a1a1a", "FBF1C7") >= 4.5  # point numbers


def test_the_web_matrix_draws_whiskers_in_the_inks(client, actors, survey):
    client.force_login(actors.quality_developer)
    html = client.get(reverse("analys:survey", args=[survey.slug]) + "?bootstrap=200").content.decode()

    whisker_colours = set(
        __import__("re").findall(
            r'<line x1="[^"]*" y1="[^"]*" x2="[^"]*" y2="[^"]*" stroke="#(\w{6})" stroke-width="1.5"/>', html
        )
    )
    assert whisker_colours and whisker_colours <= {ink.upper() for ink in QUADRANT_INK.values()} | {
        ink for ink in QUADRANT_INK.values()
    }
