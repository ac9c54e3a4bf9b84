"""The foundation's pages in a real browser: axe-core finds no WCAG 2.1 A/AA violation in any
language at phone and desktop widths, the skip link and the language switcher work by keyboard, and
no page talks to another host or logs a console error (CSP violations show up there)."""

import pytest
from django.urls import reverse
from django.utils import translation

from kohtaamo.seed import accessibility_statement, what_is_ohjaamo
from tests.conftest import axe_violations, prefix

pytestmark = pytest.mark.browser

LANGS = ("fi", "sv", "en")
WIDTHS = (390, 1280)
SEARCH_TERMS = {"fi": "ohjaamo", "sv": "navigatorn", "en": "ohjaamo"}


def path_for(kind, lang):
    if kind == "home":
        return prefix(lang) + "/"
    if kind == "content":
        return f"{prefix(lang)}/{what_is_ohjaamo(lang)['slug']}/"
    if kind == "statement":
        return f"{prefix(lang)}/{accessibility_statement(lang)['slug']}/"
    if kind == "search":
        with translation.override(lang):
            return f"{reverse('search')}?q={SEARCH_TERMS[lang]}"
    if kind == "404":
        return f"{prefix(lang)}/tata-sivua-ei-ole/"
    if kind == "login":  # where a login-restricted page sends visitors
        with translation.override(lang):
            return f"{reverse('wagtailcore_login')}?next={prefix(lang)}/"
    raise ValueError(kind)


def open_page(browser_page, live_site, path, status=200):
    response = browser_page.goto(live_site + path)
    assert response.status == status, path
    return response


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["home", "content", "statement", "search", "404", "login"])
def test_page_has_no_axe_violations_at_phone_and_desktop_width(
    live_site, browser_page, axe, kind, lang
):
    path = path_for(kind, lang)
    failed = []
    browser_page.on(
        "response",
        lambda r: failed.append(r.url) if r.status >= 400 and r.url != page_url else None,
    )
    page_url = live_site + path
    open_page(browser_page, live_site, path, status=404 if kind == "404" else 200)
    assert browser_page.locator("html").get_attribute("lang") == lang
    for width in WIDTHS:
        browser_page.set_viewport_size({"width": width, "height": 900})
        assert axe_violations(axe, browser_page) == "", f"{path} at {width}px"
    if kind == "search":
        # The search found something, so the results list itself was checked too.
        assert browser_page.locator(".search-result").count() > 0
    assert browser_page.foreign_requests == []
    assert failed == []  # every stylesheet, script and image loaded
    errors = list(browser_page.console_errors)
    if kind == "404":
        # Chromium logs the document's own 404 status once; nothing else may be there.
        document_404 = [e for e in errors if "status of 404" in e]
        assert len(document_404) == 1
        errors.remove(document_404[0])
    assert errors == []


def test_skip_link_is_first_and_moves_focus_to_main(live_site, browser_page):
    open_page(browser_page, live_site, path_for("content", "fi"))
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate(
        "() => [document.activeElement.className, document.activeElement.getAttribute('href')]"
    )
    assert focused == ["skip-link", "#main-content"]
    # The focused skip link is visible on screen (not left off-canvas).
    box = browser_page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0 and box["height"] > 0
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("() => document.activeElement.id") == "main-content"
    # The next Tab continues from the main content, not from the top of the page.
    browser_page.keyboard.press("Tab")
    assert browser_page.evaluate(
        "() => document.getElementById('main-content').contains(document.activeElement)"
    )
    assert browser_page.console_errors == []


def tab_to(browser_page, selector, limit=40):
    """Press Tab until the element matching `selector` has focus."""
    for _ in range(limit):
        browser_page.keyboard.press("Tab")
        if browser_page.evaluate(
            "(s) => document.activeElement === document.querySelector(s)", selector
        ):
            return
    raise AssertionError(f"{selector} never got focus by Tab")


@pytest.mark.parametrize(("source", "target"), [("fi", "sv"), ("sv", "en"), ("en", "fi")])
def test_language_switcher_works_by_keyboard(live_site, browser_page, source, target):
    open_page(browser_page, live_site, path_for("content", source))
    tab_to(browser_page, f'.language-switcher a[hreflang="{target}"]')
    with browser_page.expect_navigation():
        browser_page.keyboard.press("Enter")
    assert browser_page.url == live_site + path_for("content", target)
    assert browser_page.locator("html").get_attribute("lang") == target
    # The switcher marks the language now shown.
    current = browser_page.locator('.language-switcher a[aria-current="true"]')
    assert current.get_attribute("hreflang") == target
    assert browser_page.console_errors == []


def test_accordion_opens_by_keyboard(live_site, browser_page):
    open_page(browser_page, live_site, path_for("content", "fi"))
    tab_to(browser_page, ".block-accordion__item summary")
    details = browser_page.locator(".block-accordion__item").first
    assert details.get_attribute("open") is None
    browser_page.keyboard.press("Enter")
    assert details.get_attribute("open") is not None


def test_focus_is_visible_on_links_and_buttons(live_site, browser_page):
    open_page(browser_page, live_site, path_for("home", "fi"))
    tab_to(browser_page, '.language-switcher a[hreflang="sv"]')
    outline = browser_page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none" and outline[1] >= 2


def test_main_menu_folds_on_phones_and_opens_by_keyboard(live_site, browser_page):
    open_page(browser_page, live_site, path_for("home", "fi"))
    toggle = browser_page.locator(".site-nav__toggle")
    first_link = browser_page.locator(".site-nav__list a").first
    assert toggle.is_visible()
    assert not first_link.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    tab_to(browser_page, ".site-nav__toggle")
    browser_page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert first_link.is_visible()
    browser_page.keyboard.press("Tab")
    assert browser_page.evaluate(
        "() => document.activeElement === document.querySelector('.site-nav__list a')"
    )
    browser_page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not first_link.is_visible()
    assert browser_page.evaluate(
        "() => document.activeElement === document.querySelector('.site-nav__toggle')"
    )
    # On a desktop the whole menu shows and the button is gone.
    browser_page.set_viewport_size({"width": 1280, "height": 900})
    assert not toggle.is_visible()
    assert first_link.is_visible()
