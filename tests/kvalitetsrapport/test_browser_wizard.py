"""The quality report in Chromium: a provider user does everything with the keyboard, the quality developer reviews."""

import os
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from kvalitetsrapport import services
from kvalitetsrapport.models import QualityReport, ReportStatus, StepAnswer
from kvalitetsrapport.steps import ROUTINES
from register.models import Insats, ProgrammeType, ProviderMembership
from tests.axe import axe_script, serious_violations
from tests.conftest import PASSWORD
from tests.enkat.browser import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/kvalitetsrapport-screenshots"))


@pytest.fixture
def report(actors):
    # Transactional tests flush the seeded rows between tests: make sure the type exists.
    programme, _ = ProgrammeType.objects.get_or_create(code="sai", defaults={"name": "Språk- och arbetsintroduktion"})
    Insats.objects.create(
        customer_id="A-1", programme_type=programme, provider=actors.provider_a, start_date=date(2023, 2, 1)
    )
    report_round = services.create_round(2023, date(2024, 1, 15), date(2024, 3, 31), providers=[actors.provider_a])
    services.add_focus_question(report_round, "Hur arbetar ni med studievägledning?", True)
    services.open_round(report_round)
    return QualityReport.objects.get(round=report_round, provider=actors.provider_a)


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def press(page, selector: str) -> None:
    """Tab to a button or link and press Enter, waiting for the page it leads to."""
    tab_to(page, selector, max_presses=200)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def type_in(page, selector: str, text: str) -> None:
    tab_to(page, selector, max_presses=200)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def choose_yes(page, name: str) -> None:
    tab_to(page, f'input[name="{name}"]', max_presses=200)
    for _ in range(3):
        if page.evaluate("() => document.activeElement.value") == "yes":
            break
        page.keyboard.press("ArrowUp")
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked && document.activeElement.value === 'yes'")


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/login/")
    type_in(page, "#id_username", username)
    type_in(page, "#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == base + "/"


def log_out(page) -> None:
    press(page, "header form button[type=submit]")


def step_url(base: str, report, step: str) -> str:
    return f"{base}/kvalitetsrapport/rapport/{report.pk}/steg/{step}/"


def fill_organisation(page) -> None:
    type_in(page, "#id_verksamhet-contact_name", "Anna Svensson")
    type_in(page, "#id_verksamhet-contact_email", "anna@example.se")
    type_in(page, "#id_verksamhet-manager", "Bo Ek")
    type_in(page, "#id_verksamhet-coaches", "4")
    type_in(page, "#id_verksamhet-customers_per_coach", "12")
    type_in(page, "#id_verksamhet-languages", "svenska, arabiska")
    type_in(page, "#id_verksamhet-premises", "Entréplan med hiss")


def fill_supervision(page, *, rest: bool) -> None:
    if not rest:
        type_in(page, "#id_a-economic_capacity", "God ekonomi enligt årsredovisningen.")
        return
    choose_yes(page, "a-insurance_valid")
    type_in(page, "#id_a-insurance_expires", "2024-12-31")
    for name in ("continuity_plan", "risk_assessment", "risk_analysis_applied", "fire_safety"):
        choose_yes(page, f"a-{name}")


def fill_quality_work(page) -> None:
    for name, _label in ROUTINES:
        choose_yes(page, f"b-{name}")
    type_in(page, "#id_b-deviations", "2")
    type_in(page, "#id_b-lex_sarah", "0")
    type_in(page, "#id_b-complaints", "1")
    type_in(page, "#id_b-lessons", "Tydligare rutin för återkoppling.")


def fill_capacity(page, method: str = "Individuell coachning.") -> None:
    type_in(page, "#id_c-staff_competence", "Socionomer och studie- och yrkesvägledare.")
    type_in(page, "#id_c-working_method", method)
    type_in(page, "#id_c-follow_up_method", "Uppföljning varannan vecka.")
    type_in(page, "#id_c-accessibility", "Tolk vid behov.")
    type_in(page, "#id_c-employer_cooperation", "Nätverk med 40 arbetsgivare.")
    type_in(page, "#id_c-employer_contacts", "40")


def fill_results(page) -> None:
    for field in ("success_factors", "challenges", "analysis", "progression"):
        type_in(page, f"#id_d-sai__{field}", f"Vår text om {field}.")


def next_step(page) -> None:
    press(page, 'button[value="next"]')


def test_a_provider_does_the_whole_wizard_with_the_keyboard_and_the_quality_developer_reviews(
    page, live_server, actors, report
):
    base = live_server.url
    log_in(page, base, "member_a")
    press(page, 'a[href="/kvalitetsrapport/"]')
    press(page, f'a[href="/kvalitetsrapport/rapport/{report.pk}/steg/"]')
    assert page.url == step_url(base, report, "verksamhet")
    fill_organisation(page)
    next_step(page)
    assert page.url == step_url(base, report, "a")
    fill_supervision(page, rest=False)
    press(page, 'button[value="save"]')
    assert "Utkastet sparades." in page.inner_text("main")
    assert "Utkastet sparades senast" in page.inner_text("#last-saved")
    shot(page, "01-draft-saved")

    # Log out, log in again: the draft is where it was left.
    log_out(page)
    log_in(page, base, "member_a")
    press(page, 'a[href="/kvalitetsrapport/"]')
    press(page, f'a[href="/kvalitetsrapport/rapport/{report.pk}/steg/"]')
    assert page.url == step_url(base, report, "a")
    assert page.input_value("#id_a-economic_capacity") == "God ekonomi enligt årsredovisningen."
    fill_supervision(page, rest=True)
    next_step(page)
    fill_quality_work(page)
    next_step(page)
    fill_capacity(page)
    next_step(page)
    assert "Era siffror bredvid alla anordnares" in page.inner_text("main")
    shot(page, "02-step-d-figures")
    fill_results(page)
    next_step(page)
    type_in(page, 'textarea[name^="fokus-q"]', "Alla kunder får träffa en studie- och yrkesvägledare.")
    next_step(page)
    type_in(page, "#id_plan-action_1_what", "Utbilda coacher i MI")
    type_in(page, "#id_plan-action_1_who", "Bo Ek")
    type_in(page, "#id_plan-action_1_by", "2024-06-30")
    next_step(page)
    assert page.url == step_url(base, report, "granska")
    assert "Alla obligatoriska svar är ifyllda" in page.inner_text("main")
    shot(page, "03-review-step")
    press(page, 'button[value="submit"]')
    assert "Tack! Rapporten är inskickad." in page.inner_text("main")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    # The quality developer comments on step C and returns the report.
    log_out(page)
    log_in(page, base, "qd")
    page.goto(f"{base}/kvalitetsrapport/rapport/{report.pk}/")
    tab_to(page, "#id_step", max_presses=300)
    page.keyboard.type("C")
    assert page.input_value("#id_step") == "c"
    type_in(page, "#id_text", "Beskriv arbetsmetoden närmare.")
    press(page, 'form[action$="/kommentar/"] button[type=submit]')
    type_in(page, "#id_message", "Komplettera avsnitt C enligt kommentaren.")
    press(page, 'form[action$="/returnera/"] button[type=submit]')
    assert "Rapporten återsändes till anordnaren." in page.inner_text("main")
    shot(page, "04-returned-by-qd")

    # The provider sees the comment beside the step, fixes it and submits again.
    log_out(page)
    log_in(page, base, "member_a")
    press(page, 'a[href="/kvalitetsrapport/"]')
    press(page, f'a[href="/kvalitetsrapport/rapport/{report.pk}/steg/"]')
    page.goto(step_url(base, report, "c"))
    main = page.inner_text("main")
    assert "Beskriv arbetsmetoden närmare." in main and "Komplettera avsnitt C enligt kommentaren." in main
    shot(page, "05-comment-beside-fields")
    type_in(page, "#id_c-working_method", "Individuell coachning med kartläggning, plan och praktik.")
    press(page, 'button[name="wizard_goto_step"][value="granska"]')
    press(page, 'button[value="submit"]')
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert (
        StepAnswer.objects.get(report=report, step="c").data["working_method"].startswith("Individuell coachning med")
    )

    # The quality developer approves.
    log_out(page)
    log_in(page, base, "qd")
    page.goto(f"{base}/kvalitetsrapport/rapport/{report.pk}/")
    press(page, 'form[action$="/godkann/"] button[type=submit]')
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    shot(page, "06-approved")


def test_a_session_killed_mid_step_keeps_every_saved_step(page, live_server, actors, report):
    base = live_server.url
    log_in(page, base, "member_a")
    page.goto(step_url(base, report, "verksamhet"))
    fill_organisation(page)
    next_step(page)
    type_in(page, "#id_a-economic_capacity", "Inte sparat ännu")
    page.context.clear_cookies()  # the session dies before this step is saved
    page.goto(step_url(base, report, "verksamhet"))
    assert "/login/" in page.url
    log_in(page, base, "member_a")
    page.goto(step_url(base, report, "verksamhet"))
    assert page.input_value("#id_verksamhet-contact_name") == "Anna Svensson"
    assert page.input_value("#id_verksamhet-coaches") == "4"
    assert StepAnswer.objects.filter(report=report).count() == 1
    shot(page, "07-after-session-loss")


def test_two_users_save_the_same_step_and_the_second_sees_the_conflict(chromium, live_server, actors, report):
    colleague = User.objects.create_user("colleague_a", password=PASSWORD)
    ProviderMembership.objects.create(user=colleague, provider=actors.provider_a)
    base = live_server.url
    pages = []
    for username in ("member_a", "colleague_a"):
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, base, username)
        page.goto(step_url(base, report, "c"))
        pages.append(page)
    first, second = pages
    type_in(first, "#id_c-working_method", "Första versionen")
    press(first, 'button[value="save"]')
    type_in(second, "#id_c-working_method", "Andra versionen")
    press(second, 'button[value="save"]')
    alert = second.inner_text(".conflict")
    assert "Någon annan sparade steget under tiden" in alert and "Första versionen" in alert
    assert second.input_value("#id_c-working_method") == "Andra versionen"
    assert StepAnswer.objects.get(report=report, step="c").data["working_method"] == "Första versionen"
    shot(second, "08-conflict")
    for page in pages:
        page.context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_every_page_of_the_report_has_no_serious_accessibility_violations(chromium, live_server, actors, report, width):
    axe_script()
    services.add_contact(actors.provider_a, "Anna", "anna@a.example")
    context = chromium.new_context(viewport={"width": width, "height": 900}, bypass_csp=True, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = live_server.url
    found = {}
    log_in(page, base, "member_a")
    for step in ("verksamhet", "a", "b", "c", "d", "fokus", "plan", "granska"):
        page.goto(step_url(base, report, step))
        found[step] = serious_violations(page)
    page.goto(step_url(base, report, "verksamhet"))
    type_in(page, "#id_verksamhet-coaches", "-1")
    press(page, 'button[value="save"]')
    found["errors"] = serious_violations(page)
    for path in ("/kvalitetsrapport/", "/kvalitetsrapport/kontakter/", f"/kvalitetsrapport/rapport/{report.pk}/"):
        page.goto(base + path)
        found["provider " + path] = serious_violations(page)
    log_out(page)
    log_in(page, base, "qd")
    for path in (
        "/kvalitetsrapport/",
        "/kvalitetsrapport/omgang/2023/",
        f"/kvalitetsrapport/rapport/{report.pk}/",
        f"/kvalitetsrapport/rapport/{report.pk}/utskrift/",
    ):
        page.goto(base + path)
        found["qd " + path] = serious_violations(page)
    shot(page, f"09-print-{width}")
    context.close()
    assert {name: v for name, v in found.items() if v} == {}
