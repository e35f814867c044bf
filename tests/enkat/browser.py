"""Keyboard-only helpers for the survey's browser tests."""

from playwright.sync_api import Page


def tab_to(page: Page, selector: str, max_presses: int = 120) -> None:
    """Press Tab until the focused element matches the selector, as a keyboard user would."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def choose(page: Page, code: str, value: str) -> None:
    """Move into a question's radio group with Tab, then to the value with the arrow keys, then Space."""
    tab_to(page, f'input[name="q-{code}"]')
    for _ in range(8):
        if page.evaluate("() => document.activeElement.value") == value:
            page.keyboard.press("Space")
            assert page.evaluate("() => document.activeElement.checked")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"value {value} not reachable in {code}")


def press_button(page: Page, value: str) -> None:
    tab_to(page, f'button[value="{value}"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")


def answer_page(page: Page, answers: dict[str, str]) -> None:
    for code, value in answers.items():
        choose(page, code, value)
