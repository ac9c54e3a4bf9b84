"""The search page in a real browser: zero axe-core WCAG 2.1 A/AA violations with results and
facets, with filters chosen, with no results, and with a corrected typo, in fi, sv and en at
phone and desktop widths; no request to another host, no console error; the filters work with
the keyboard and without JavaScript; the search box offers suggestions."""

import pytest

from tests.conftest import axe_violations, prefix

pytestmark = pytest.mark.browser

LANGS = ("fi", "sv", "en")
WIDTHS = (390, 1280)
SEARCH = {"fi": "/haku/", "sv": "/sv/sok/", "en": "/en/search/"}
QUERIES = {
    "results": {"fi": "ohjaamo", "sv": "navigatorn", "en": "ohjaamo"},
    "filtered": {
        "fi": "ohjaamo&type=point",
        "sv": "navigatorn&type=point",
        "en": "ohjaamo&type=point",
    },
    "no_results": {"fi": "xyzzyplugh", "sv": "xyzzyplugh", "en": "xyzzyplugh"},
    "corrected": {"fi": "ohjamo", "sv": "navigatorm", "en": "ohjamo"},
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("state", list(QUERIES))
def test_no_axe_violations(live_site, browser_page, axe, state, lang):
    path = f"{SEARCH[lang]}?q={QUERIES[state][lang]}"
    for width in WIDTHS:
        browser_page.set_viewport_size({"width": width, "height": 900})
        response = browser_page.goto(live_site + path)
        assert response.status == 200, path
        assert browser_page.locator("html").get_attribute("lang") == lang
        assert axe_violations(axe, browser_page) == ""
    assert browser_page.foreign_requests == []
    assert browser_page.console_errors == []


def test_filters_work_with_the_keyboard(live_site, browser_page):
    browser_page.goto(f"{live_site}/haku/?q=ohjaamo")
    box = browser_page.locator('.search-facets input[name="type"][value="point"]')
    box.focus()
    browser_page.keyboard.press("Space")
    browser_page.locator(".search-facets button[type=submit]").focus()
    browser_page.keyboard.press("Enter")
    browser_page.wait_for_url("**type=point**")
    kinds = browser_page.locator("ol.search-results > li").evaluate_all(
        "items => items.map(li => li.className)"
    )
    assert kinds and all("search-result--point" in k for k in kinds)


def test_filters_work_without_javascript(live_site, chromium):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_site}/en/search/?q=ohjaamo")
    page.locator('.search-facets input[name="type"][value="ohjaamo"]').check()
    page.locator(".search-facets button[type=submit]").click()
    page.wait_for_url("**type=ohjaamo**")
    assert page.locator("ol.search-results > li.search-result--ohjaamo").count() > 0
    context.close()


def test_search_box_offers_suggestions(live_site, browser_page):
    browser_page.goto(f"{live_site}{prefix('fi')}/haku/")
    browser_page.locator("#search-page-q").type("tam", delay=30)
    # A locator wait, not wait_for_function: the site's CSP forbids the eval that a string
    # predicate needs.
    browser_page.locator("#search-page-suggestions option").first.wait_for(state="attached")
    options = browser_page.locator("#search-page-suggestions option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    assert "Tampereen Ohjaamo" in options
    assert len(options) <= 10
