"""axe-core and the phone width on the pages of results: chart downloads, a provider's comparison, the errors."""

import pytest

from tests.axe import axe_script, serious_violations
from tests.conftest import PASSWORD
from tests.factories import analysed_survey, make_invitations, make_responses

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _log_in(page, base: str, username: str) -> None:
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/")


def _check(page, found: dict, name: str, tmp_path) -> None:
    found[name] = serious_violations(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 375:
        found[name] = [*found[name], f"sideways overflow: {width}px"]
    page.screenshot(path=str(tmp_path / f"{name.strip('/').replace('/', '_') or 'start'}.png"), full_page=True)


def test_result_pages_have_no_serious_violations_and_fit_a_phone(axe_page, live_server, actors, tmp_path):
    axe_script()
    full = analysed_survey()
    make_responses(full, 72)
    make_invitations(full, 219)
    small = analysed_survey(slug="kundenkat-2022", year=2022)
    make_responses(small, 40)
    page = axe_page
    found: dict[str, list[str]] = {}

    _log_in(page, live_server.url, "qd")
    page.goto(f"{live_server.url}/analys/{full.slug}/?bootstrap=100")
    assert page.locator(".chart-downloads a").count() >= 3
    _check(page, found, "qd-analysis", tmp_path)
    page.goto(f"{live_server.url}/analys/trend/")
    _check(page, found, "qd-trend", tmp_path)
    page.goto(f"{live_server.url}/analys/trend/tidigare-ar/")
    page.fill("#id_year", "2019")
    page.fill("#id_mean", "9")
    page.click("main button[type=submit]")
    _check(page, found, "qd-published-errors", tmp_path)
    page.context.clear_cookies()

    _log_in(page, live_server.url, "member_a")
    page.goto(f"{live_server.url}/analys/{full.slug}/?bootstrap=100")
    assert page.locator("#compare-heading").count() == 1
    _check(page, found, "provider-analysis", tmp_path)
    page.goto(f"{live_server.url}/analys/{small.slug}/?bootstrap=0")
    assert page.locator("#matrix-withheld").count() == 1
    _check(page, found, "provider-withheld", tmp_path)
    page.goto(f"{live_server.url}/analys/exporter/")
    assert "You do not have access" in page.content()  # the browser asks for English
    _check(page, found, "provider-403", tmp_path)
    page.goto(f"{live_server.url}/analys/no-such-survey/")
    _check(page, found, "provider-404", tmp_path)

    assert {name: v for name, v in found.items() if v} == {}
