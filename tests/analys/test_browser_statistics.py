"""The register statistics page in Chromium, as the quality developer and as a provider, on a phone and a desktop."""

import pytest

from register.models import ProgrammeType
from tests.analys.register_factories import insats
from tests.axe import axe_script, serious_violations
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PROGRAMMES = [("jobbpeng-grund", "Jobbpeng grund"), ("forstarkt-jobbpeng", "Förstärkt jobbpeng"), ("sai", "SAI")]


@pytest.fixture
def register(actors):
    # Transactional tests flush the seeded rows between tests: make sure the types exist.
    for code, name in PROGRAMMES:
        ProgrammeType.objects.get_or_create(code=code, defaults={"name": name})
    a, b = actors.provider_a, actors.provider_b
    insats("A-1", a, "2023-01-10", "2023-06-30", "arbete")
    insats("A-2", a, "2022-03-01", None, programme="sai", gender="man", extensions=1, planned="2024-02-01")
    insats("B-1", b, "2023-02-01", "2023-09-30", "studier", programme="forstarkt-jobbpeng")
    insats("B-2", b, "2023-03-01", None, birth_year=None)
    insats("B-3", b, "2022-02-01", "2022-11-30", "arbete")
    return actors


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/")


def provider_cells(page) -> set[str]:
    """The row labels of the per-provider tables, totals left out."""
    return set(
        page.eval_on_selector_all(
            "table[data-table^='provider'] tbody tr:not(.total) th",
            "cells => cells.map(c => c.textContent.trim())",
        )
    )


@pytest.mark.parametrize("width", [375, 1280])
def test_both_roles_see_tables_and_charts_and_a_provider_only_its_own_rows(chromium, live_server, register, width):
    axe_script()
    context = chromium.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    found = {}
    try:
        log_in(page, live_server.url, "qd")
        page.click("nav a[href='/analys/statistik/']")
        page.wait_for_url("**/analys/statistik/2023/")
        assert page.locator("table.stat-table").count() >= 15
        images = page.locator("figure.stat-chart img")
        assert images.count() == 3
        for index in range(3):
            images.nth(index).scroll_into_view_if_needed()
            page.wait_for_function(
                "img => img.complete && img.naturalWidth > 0", arg=images.nth(index).element_handle()
            )
        assert provider_cells(page) == {"Anordnare A", "Anordnare B"}
        page.select_option("#year-select", "2022")
        page.click(".year-form button")
        page.wait_for_url("**/analys/statistik/2022/")
        assert page.locator("h1").inner_text().endswith("2022")
        found["quality developer"] = serious_violations(page)

        page.context.clear_cookies()
        log_in(page, live_server.url, "member_b")
        page.goto(live_server.url + "/analys/statistik/2023/")
        assert provider_cells(page) == {"Anordnare B"}
        assert "Anordnare A" not in page.content()
        assert page.locator(".key-block").count() == 2  # its own figures beside all providers
        assert page.locator("figure.stat-chart img").count() == 3
        summary = page.locator("figure.stat-chart details summary").first
        summary.click()
        assert page.locator("figure.stat-chart details table").first.is_visible()
        found["provider"] = serious_violations(page)
    finally:
        context.close()
    assert {role: v for role, v in found.items() if v} == {}
