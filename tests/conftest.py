"""Shared test set-up: named actors, and a real browser for pages people use."""

import os
import shutil
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, User
from django.utils import translation

from common.roles import QUALITY_DEVELOPER_GROUP
from register.models import ProgrammeType, Provider, ProviderMembership

PASSWORD = "a-long-test-password-42"


def pytest_collection_modifyitems(config, items) -> None:
    """Every transactional test restores the migrations' data; `postgres` tests are skipped elsewhere.

    A transactional test empties the database when it ends. With serialized_rollback it leaves the
    restoring to the next such test; without it, the flush re-creates the content types, which the
    next restoring test then inserts a second time. So all of them restore, and the order of the
    tests (random in every run) does not matter.
    """
    from django.conf import settings

    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(f"{item.nodeid}: a transactional test needs serialized_rollback=True")
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="Needs PostgreSQL: set DATABASE_URL=postgres://... (as .ci/run does).")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@dataclass
class Actors:
    quality_developer: User
    provider_a: Provider
    provider_b: Provider
    member_a: User  # a provider user of provider A
    member_b: User  # a provider user of provider B
    outsider: User  # logged in, but with no role


def make_actors() -> Actors:
    group, _ = Group.objects.get_or_create(name=QUALITY_DEVELOPER_GROUP)
    qd = User.objects.create_user("qd", password=PASSWORD, is_staff=True)
    qd.groups.add(group)
    provider_a = Provider.objects.create(name="Anordnare A")
    provider_b = Provider.objects.create(name="Anordnare B")
    member_a = User.objects.create_user("member_a", password=PASSWORD)
    ProviderMembership.objects.create(user=member_a, provider=provider_a)
    member_b = User.objects.create_user("member_b", password=PASSWORD)
    ProviderMembership.objects.create(user=member_b, provider=provider_b)
    outsider = User.objects.create_user("outsider", password=PASSWORD)
    return Actors(qd, provider_a, provider_b, member_a, member_b, outsider)


@pytest.fixture
def actors(db) -> Actors:
    return make_actors()


@pytest.fixture
def programme(db) -> ProgrammeType:
    return ProgrammeType.objects.get(code="jobbpeng-grund")


@pytest.fixture(autouse=True)
def _reset_language():
    yield
    translation.activate("sv")
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_organisation_profile():
    """The profile is cached in the process and in Django's cache: no test sees another's."""
    from register.organisation import invalidate

    invalidate()
    yield
    invalidate()


@pytest.fixture(autouse=True)
def _isolated_outboxes(settings, tmp_path):
    settings.SMS_FILE_PATH = str(tmp_path / "sms")
    settings.EMAIL_FILE_PATH = str(tmp_path / "email")
    settings.VAR_DIR = tmp_path / "var"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium via Playwright; skipped with a clear message only outside CI."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        message = f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " CI must run them.")
        pytest.skip(message)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A phone-sized page (375×812)."""
    context = chromium.new_context(viewport={"width": 375, "height": 812}, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def axe_page(chromium, live_server):
    # Playwright injects axe as an inline script, which the strict CSP blocks: bypass it here only.
    context = chromium.new_context(viewport={"width": 375, "height": 812}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
