"""The analysis page in a real browser on a phone: the matrix is described, and downloads are reachable by keyboard."""

import pytest

from tests.conftest import PASSWORD
from tests.factories import analysed_survey, make_invitations, make_responses

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _log_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")


def test_the_keyboard_reaches_the_downloads_and_the_matrix_has_a_title_and_description(page, live_server, actors):
    survey = analysed_survey()
    make_responses(survey, 72)
    make_invitations(survey, 219)
    _log_in(page, live_server, "qd")

    page.goto(f"{live_server.url}/analys/{survey.slug}/?bootstrap=300")

    svg = page.locator("svg.matrix-chart")
    assert svg.get_attribute("role") == "img"
    assert "Åtgärdsmatris" in svg.locator("title#matrix-title").text_content()
    assert len(svg.locator("desc#matrix-desc").text_content()) > 50
    assert svg.locator("g.point").count() >= 1
    reached = []
    for _ in range(120):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id")
        reached.append(focused)
        if focused == "download-json":
            break
    assert "download-xlsx" in reached and "download-json" in reached
    page.focus("#download-xlsx")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == f"analys-{survey.slug}.xlsx"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
