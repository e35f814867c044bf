"""As a person would: the quality developer asks for every provider's pack and downloads the zip; a provider
downloads its own pack and reads its trend with intervals. axe-core and the phone width on the new pages."""

import os
import zipfile
from pathlib import Path

import pytest

from analys.loading import AnalysisOptions
from analys.results_pack_jobs import build_due
from tests.analys.test_browser_results import _check, _log_in
from tests.axe import axe_script
from tests.factories import analysed_survey, make_invitations, make_responses

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _shots(tmp_path) -> Path:
    """Screenshots go to RESULTS_PACK_SHOTS when set (to look at them), else to the test's own directory."""
    folder = Path(os.environ.get("RESULTS_PACK_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_quality_developer_gets_every_pack_as_a_zip_and_a_provider_its_own(
    axe_page, live_server, actors, tmp_path, monkeypatch
):
    monkeypatch.setattr("analys.results_pack.PACK_OPTIONS", AnalysisOptions(bootstrap=100))
    axe_script()
    shots = _shots(tmp_path)
    older = analysed_survey("kundenkat-2022", year=2022)
    make_responses(older, 60, seed=3)
    survey = analysed_survey()
    make_responses(survey, 72)
    make_invitations(survey, 219)
    page = axe_page
    found: dict[str, list[str]] = {}

    _log_in(page, live_server.url, "qd")
    page.goto(f"{live_server.url}/analys/{survey.slug}/?bootstrap=0")
    page.click("#results-pack a")
    _check(page, found, "qd-results-packs", shots)
    page.click("main form button[type=submit]")
    assert page.locator("#job-state").count() == 1
    _check(page, found, "qd-results-packs-waiting", shots)
    assert build_due() == 1  # the worker's round
    page.reload()
    with page.expect_download() as download:
        page.click("#download-zip")
    archive = zipfile.ZipFile(download.value.path())
    assert len(archive.namelist()) == 4
    _check(page, found, "qd-results-packs-ready", shots)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(shots / "qd-results-packs-ready-1280.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 812})
    page.context.clear_cookies()

    _log_in(page, live_server.url, "member_a")
    page.goto(f"{live_server.url}/analys/{survey.slug}/?bootstrap=0")
    with page.expect_download() as download:
        page.click("#results-pack a >> text=PDF")
    assert download.value.suggested_filename.endswith(f"-{actors.provider_a.pk}.pdf")
    page.goto(f"{live_server.url}/analys/trend/")
    assert page.locator("svg.trend-chart line.ci-bar").count() >= 2
    assert page.locator("td .ci").count() >= 2
    _check(page, found, "provider-trend", shots)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(shots / "provider-trend-1280.png"), full_page=True)

    assert {name: v for name, v in found.items() if v} == {}
