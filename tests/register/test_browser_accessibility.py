"""axe-core on the staff pages of the foundation, in Swedish and Arabic, on a phone-sized screen."""

from datetime import date

import pytest

from register.models import Insats, ProgrammeType
from tests.axe import axe_script, serious_violations
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, base: str, username: str, language: str) -> None:
    page.goto(base + "/login/")
    page.select_option("#language-select", language)
    page.click(".language-switcher button")
    page.wait_for_load_state()
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/")


@pytest.mark.parametrize("language", ["sv", "ar"])
def test_staff_pages_have_no_serious_accessibility_violations(axe_page, live_server, actors, language):
    axe_script()
    # Transactional tests flush the seeded rows between tests: make sure the type exists.
    programme, _ = ProgrammeType.objects.get_or_create(code="sai", defaults={"name": "SAI"})
    insats = Insats.objects.create(
        customer_id="A-1", programme_type=programme, provider=actors.provider_a, start_date=date(2023, 1, 5)
    )
    page = axe_page
    found = {}
    page.goto(live_server.url + "/login/")
    found["login"] = serious_violations(page)
    log_in(page, live_server.url, "qd", language)
    for path in ["/", "/register/?year=2023", "/register/import/", "/register/organisation/", "/password/"]:
        page.goto(live_server.url + path)
        assert page.get_attribute("html", "lang") == language
        found[path] = serious_violations(page)
    page.context.clear_cookies()
    log_in(page, live_server.url, "member_a", language)
    for path in ["/", "/register/mina/?year=2023", f"/register/mina/{insats.pk}/"]:
        page.goto(live_server.url + path)
        found["provider " + path] = serious_violations(page)
    assert {name: v for name, v in found.items() if v} == {}
