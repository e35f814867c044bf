import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_provider_logs_in_with_the_keyboard_on_a_phone_and_sees_its_start_page(page, live_server, actors):
    page.goto(live_server.url + "/login/")
    page.focus("#id_username")
    page.keyboard.type("member_a")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")
    assert actors.provider_a.name in page.inner_text("main")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Nothing is wider than the 375 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_arabic_pages_are_laid_out_right_to_left(page, live_server, db):
    page.goto(live_server.url + "/login/")
    page.select_option("#language-select", "ar")
    page.click(".language-switcher button")
    page.wait_for_load_state()
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
