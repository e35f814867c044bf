"""The survey pages' layout on small and old phones.

- Old phones (iOS Safari before 14.1, Chromium before 87) ignore CSS logical properties
  and flex `gap`. Emulated here by serving the page survey.css with every such declaration
  removed: the options must still be laid out exactly as with the full stylesheet.
- 200 % text at 320 px (WCAG 1.4.10 reflow): no page scrolls sideways.
- Changing language on a page keeps what is ticked there, with JavaScript off as well.
"""

import re

import pytest

from enkat import receipts
from enkat.models import Draft
from tests.enkat.browser import answer_page, choose, press_button
from tests.factories import customer_state, make_invitation, make_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# What an old browser does not know: logical properties and gap (as a flex property).
UNKNOWN_TO_OLD_BROWSERS = re.compile(
    r"(?<![\w-])(?:inset-(?:inline|block)[\w-]*|(?:margin|padding|border)-(?:inline|block)[\w-]*"
    r"|(?:min-|max-)?(?:inline|block)-size|(?:row-|column-)?gap)\s*:[^;{}]*;?"
)

LAYOUT = """() => {
  const box = (e) => {
    const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height].map(Math.round);
  };
  return {
    options: [...document.querySelectorAll('.option')].map((o) => ({
      option: box(o), input: box(o.querySelector('input')), label: box(o.querySelector('label')),
      text: box(o.querySelector('.option-text')),
    })),
    languages: [...document.querySelectorAll('.language-switcher li')].map(box),
    actions: [...document.querySelectorAll('.actions button')].map(box),
    progress: [...document.querySelectorAll('.progress-bar span')].map(box),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  };
}"""


def _as_an_old_browser(page) -> None:
    """Replace survey.css by the same stylesheet without what old browsers ignore."""
    css = page.evaluate("() => fetch(document.querySelector('link[rel=stylesheet]').href).then((r) => r.text())")
    stripped = UNKNOWN_TO_OLD_BROWSERS.sub("", css)
    assert "inset-inline-start" in css and "inset-inline-start" not in stripped  # the emulation removes them
    page.evaluate("() => document.querySelector('link[rel=stylesheet]').remove()")
    page.add_style_tag(content=stripped)


@pytest.fixture
def phone(chromium, live_server):
    # bypass_csp: the emulation injects a <style>, which the survey's CSP would refuse.
    context = chromium.new_context(viewport={"width": 375, "height": 812}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.mark.parametrize("language", ["sv", "ar"])
def test_without_logical_properties_and_flex_gap_the_options_are_laid_out_the_same(phone, live_server, language):
    survey = make_survey(languages=["sv", "en", "ar"])
    _, token = make_invitation(survey, language=language)
    phone.goto(f"{live_server.url}/s/{token}/")
    modern = phone.evaluate(LAYOUT)

    _as_an_old_browser(phone)
    old = phone.evaluate(LAYOUT)

    assert old == modern
    # And that layout is right: every radio sits inside its option, on the reading side, clear of the text.
    rtl = language == "ar"
    for option in old["options"]:
        left, _, width, _ = option["label"]
        input_left, _, input_width, _ = option["input"]
        text_left, _, text_width, _ = option["text"]
        assert left <= input_left and input_left + input_width <= left + width
        if rtl:
            assert input_left > text_left + text_width
        else:
            assert input_left + input_width < text_left
    tops = [option["option"][1] for option in old["options"]]
    bottoms = [option["option"][1] + option["option"][3] for option in old["options"]]
    assert all(top >= bottom + 4 for bottom, top in zip(bottoms, tops[1:], strict=False) if top > bottom - 1)
    spaced = sorted(old["languages"], key=lambda b: (b[1], b[0]))
    for a, b in zip(spaced, spaced[1:], strict=False):
        if a[1] == b[1]:  # on one line: apart
            assert b[0] >= a[0] + a[2] + 4
    assert old["overflow"] <= 0


def test_the_buttons_and_progress_keep_their_spacing_without_gap(phone, live_server):
    survey = make_survey(languages=["sv", "en", "ar"])
    invitation, token = make_invitation(survey, language="sv")
    Draft.objects.create(key_hash=receipts.key_hash(invitation.token_hash), survey=survey, page=1, started=True)
    phone.goto(f"{live_server.url}/s/{token}/")
    phone.goto(f"{live_server.url}/s/steg/2/")
    _as_an_old_browser(phone)
    layout = phone.evaluate(LAYOUT)

    back, following = sorted(layout["actions"])
    assert following[0] >= back[0] + back[2] + 8
    segments = layout["progress"]
    assert all(b[0] >= a[0] + a[2] + 2 for a, b in zip(segments, segments[1:], strict=False))


@pytest.mark.parametrize("language", ["sv", "ar", "ti"])
def test_200_percent_text_at_320_px_never_scrolls_sideways(chromium, live_server, language):
    survey = make_survey(languages=["sv", "en", "ar", "ti"])
    _, token = make_invitation(survey, language=language)
    closed = make_survey("enkat-2022", languages=["sv", "en", "ar", "ti"], opens_in_days=-60, closes_in_days=-1)
    _, closed_token = make_invitation(closed, language=language)
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.set_default_timeout(10_000)

    def check(where: str) -> None:
        page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
        width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"{where} in {language} scrolls sideways: {width}"

    page.goto(f"{live_server.url}/s/{token}/")
    check("page 1")
    for step in (1, 2, 3):
        press_button(page, "next")
    check("page 4 (comment)")
    page.goto(f"{live_server.url}/s/paminnelser/")
    check("stop reminders")
    page.goto(f"{live_server.url}/s/integritet/?lang={language}")
    check("privacy notice")
    page.goto(f"{live_server.url}/s/steg/4/")
    press_button(page, "next")
    assert page.url.endswith("/s/tack/")
    check("thanks")
    page.goto(f"{live_server.url}/s/{token}/")
    check("already answered")
    page.goto(f"{live_server.url}/s/{closed_token}/")
    check("closed")
    page.goto(f"{live_server.url}/s/{token[:19]}/")
    check("bad link")
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_changing_language_keeps_what_is_ticked_on_the_page(chromium, live_server, javascript):
    survey = make_survey(languages=["sv", "en", "ar"])
    invitation, token = make_invitation(survey, language="sv")
    context = chromium.new_context(viewport={"width": 375, "height": 812}, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/s/{token}/")
    answer_page(page, {"q1": "4", "q2": "2"})

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()

    assert page.url.endswith("/s/steg/1/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator('input[name="q-q1"][value="4"]').is_checked()
    assert page.locator('input[name="q-q2"][value="2"]').is_checked()
    # Enter on an option still means Next, not a language.
    choose(page, "q3", "5")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/s/steg/2/")
    assert page.locator("html").get_attribute("lang") == "en"
    context.close()
    invitation.refresh_from_db()
    assert (
        customer_state(invitation).draft_answers == {"q1": 4, "q2": 2, "q3": 5}
        and customer_state(invitation).language == "en"
    )
