"""The statistics workbook printed by LibreOffice: every table fits, on a sane number of A4 pages."""

import io
import os
import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from analys.register_statistics import statistics_json
from analys.register_xlsx import statistics_xlsx
from tests.analys.register_factories import insats


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path:
        return path
    message = "LibreOffice is not installed (apt-get install libreoffice-calc): the print check is skipped."
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " CI must run it.")
    pytest.skip(message)


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_libreoffice_prints_every_sheet_fitted_to_the_width(tmp_path, actors):
    binary = soffice()
    for i in range(40):
        provider = actors.provider_a if i % 3 else actors.provider_b
        insats(
            f"K{i}", provider, f"2023-{i % 12 + 1:02d}-01", None if i % 2 else "2023-12-20", "" if i % 2 else "arbete"
        )
    content = statistics_xlsx(statistics_json(2023))
    path = tmp_path / "statistik.xlsx"
    path.write_bytes(content)
    result = subprocess.run(  # noqa: S603 - a fixed command on our own file
        [
            binary,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / "statistik.pdf"
    assert pdf.exists(), result.stderr
    sheets = len(load_workbook(io.BytesIO(content)).worksheets)
    pages = pdf_pages(pdf.read_bytes())
    # Fitted to the width, each sheet is one page wide: a page or two per sheet, never a column spilling over.
    assert sheets <= pages <= sheets * 2, (sheets, pages)
