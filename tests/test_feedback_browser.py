"""The accessibility feedback form in a real browser, in every language: the empty form, the form
with errors and the thank-you have no axe-core (WCAG 2.1 A/AA) violations, the form works by
keyboard alone, and nothing is requested from another host."""

import pytest

from kohtaamo.seed import accessibility_statement
from tests.conftest import axe_violations, prefix

pytestmark = pytest.mark.browser

LANGS = ("fi", "sv", "en")


def statement_path(lang):
    return f"{prefix(lang)}/{accessibility_statement(lang)['slug']}/"


def check(axe, page, state):
    assert axe_violations(axe, page, context="#feedback") == "", state
    assert axe_violations(axe, page) == "", state


@pytest.mark.parametrize("lang", LANGS)
def test_feedback_form_states_have_no_axe_violations(live_site, browser_page, axe, lang):
    browser_page.goto(live_site + statement_path(lang))
    form = browser_page.locator("#feedback form")
    assert form.is_visible()
    check(axe, browser_page, "empty form")

    # Sent empty: the error summary and the field's error, the page answers 400.
    with browser_page.expect_navigation():
        browser_page.locator("#feedback button[type=submit]").click()
    assert browser_page.locator("#feedback-errors").is_visible()
    assert browser_page.locator("#feedback-message").get_attribute("aria-invalid") == "true"
    check(axe, browser_page, "errors")

    browser_page.fill("#feedback-message", f"Testipalaute ({lang}): kontrasti on heikko.")
    with browser_page.expect_navigation():
        browser_page.locator("#feedback button[type=submit]").click()
    assert "feedback=sent" in browser_page.url
    assert browser_page.locator('#feedback [role="status"]').is_visible()
    check(axe, browser_page, "thank-you")
    assert browser_page.foreign_requests == []
    assert browser_page.console_errors == [] or all(
        "400" in error for error in browser_page.console_errors
    )


def test_feedback_form_works_by_keyboard(live_site, browser_page):
    browser_page.goto(live_site + statement_path("en"))
    browser_page.focus("#feedback-url")
    browser_page.keyboard.type("/en/search/")
    browser_page.keyboard.press("Tab")
    assert browser_page.evaluate("() => document.activeElement.id") == "feedback-message"
    browser_page.keyboard.type("The search button has no name.")
    browser_page.keyboard.press("Tab")
    assert browser_page.evaluate("() => document.activeElement.id") == "feedback-email"
    browser_page.keyboard.press("Tab")
    # The honeypot is skipped: the next stop is the send button.
    assert browser_page.evaluate("() => document.activeElement.type") == "submit"
    with browser_page.expect_navigation():
        browser_page.keyboard.press("Enter")
    assert "feedback=sent" in browser_page.url
