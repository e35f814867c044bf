"""The analysis page in a browser: an open survey says why it shows counts only; a closed one lists comments alone."""

import os
from pathlib import Path

import pytest

from tests.analys.test_browser_analysis import _log_in
from tests.factories import analysed_survey, make_invitations, make_responses

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/anon-staff"))


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def test_an_open_survey_says_why_and_a_closed_one_lists_its_comments_alone(page, live_server, actors):
    open_survey = analysed_survey("pagar", state="open")
    make_invitations(open_survey, 40)
    make_responses(open_survey, 12)
    closed = analysed_survey()
    make_responses(closed, 72)
    make_invitations(closed, 219)
    _log_in(page, live_server, "qd")

    page.goto(f"{live_server.url}/analys/{open_survey.slug}/")
    notice = page.locator("section.still-open")
    assert "fortfarande öppen" in notice.locator("h2").text_content()
    assert notice.locator("dd").all_text_contents()[:2] == ["40", "12"]
    assert page.locator("svg.matrix-chart").count() == 0 and page.locator("#download-xlsx").count() == 0
    _shoot(page, "open-survey")

    page.goto(f"{live_server.url}/analys/{closed.slug}/?bootstrap=0")
    items = page.locator("ul.comment-list li").all_text_contents()
    assert sorted(items) == sorted(f"Kommentar nummer {i}" for i in range(0, 72, 6))
    page.locator("#comments-heading").scroll_into_view_if_needed()
    _shoot(page, "closed-survey")
