"""The workbook opened in LibreOffice prints on few pages, with the matrix table and its picture on one page."""

import os
import re
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.factories import analysed_survey, make_invitations, make_responses

pytestmark = pytest.mark.django_db


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = f"{name} is missing (apt-get install {package})"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + "; CI must print the workbook")
        pytest.skip(message + ": the print test is skipped")
    return path


def _pages_text(pdf, pages: int) -> list[str]:
    pdftotext = _tool("pdftotext", "poppler-utils")
    texts = []
    for page in range(1, pages + 1):
        out = subprocess.run(
            [pdftotext, "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        texts.append(out.stdout)
    return texts


def test_libreoffice_prints_the_workbook_with_the_matrix_on_one_page(tmp_path):
    soffice = _tool("soffice", "libreoffice-calc")
    pdfinfo = _tool("pdfinfo", "poppler-utils")
    pdfimages = _tool("pdfimages", "poppler-utils")
    survey = analysed_survey()
    make_responses(survey, 72)
    make_invitations(survey, 219)
    xlsx = tmp_path / "analys.xlsx"
    with translation.override("sv"):
        call_command("export_analysis", survey.slug, "--out", str(xlsx), "--bootstrap", "200", "--weighted")

    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(xlsx),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    pdf = tmp_path / "analys.pdf"
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    texts = _pages_text(pdf, pages)

    # One page per sheet (the comments may run on), never the chart's helper numbers.
    assert pages <= 10, pages
    assert not any("Diagramdata" in text or "do not edit" in text for text in texts)
    # The matrix table, its split lines and field legend, and the picture are on one page.
    matrix_pages = [n for n, text in enumerate(texts, start=1) if "Åtgärdsmatris\n" in text or "Åtgärdsmatris " in text]
    table_page = next(n for n, text in enumerate(texts, start=1) if "Delningslinje för nöjdhet" in text)
    assert table_page in matrix_pages
    table_text = texts[table_page - 1]
    for code in [f"q{n} " for n in range(1, 12)]:
        assert code in table_text, code
    assert "Delningslinje för effekt" in table_text and "Orange:" in table_text
    images = subprocess.run([pdfimages, "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    image_pages = {int(line.split()[0]) for line in images.splitlines()[2:] if line.split()[2] == "image"}
    assert image_pages == {table_page}
    # No table is split: each group table's heading and its last row are on the same page.
    for heading, last_row in (("Medelvärden", "Index: Utveckling"), ("Antal svar (n)", "Index: Utveckling")):
        page = next(t for t in texts if heading in t)
        assert last_row in page.split(heading, 1)[1]
