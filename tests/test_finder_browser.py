"""The finder and an Ohjaamo page in a real browser: no axe-core violations in fi/sv/en with the
map hidden and shown, nothing requested from another host before "Show map" (tile requests are
aborted here, never sent to the network), the choice remembered for the session, markers open the
point's card, the search and "Use my location" work, and the finder weighs at most 150 KB."""

import re

import pytest

from tests.conftest import axe_violations

pytestmark = pytest.mark.browser

FINDERS = {"fi": "/ohjaamot/", "sv": "/sv/navigatorerna/", "en": "/en/ohjaamo-centres/"}
OHJAAMO_PAGES = {
    "fi": "/ohjaamot/ohjaamo-helsinki/",
    "sv": "/sv/navigatorerna/navigatorn-helsingfors/",
    "en": "/en/ohjaamo-centres/ohjaamo-tampere/",
}
FOREIGN = re.compile(r"^https?://(?!127\.0\.0\.1[:/])")


class TileGuard:
    """Aborts every request to another host (map tiles) and records when it was attempted
    relative to the click on "Show map"."""

    def __init__(self, page):
        self.clicked = False
        self.before, self.after = [], []
        page.route(FOREIGN, self.handle)

    def handle(self, route):
        (self.after if self.clicked else self.before).append(route.request.url)
        route.abort()


def open_finder(page, live_site, lang="fi"):
    response = page.goto(live_site + FINDERS[lang])
    assert response.status == 200
    return response


def show_map(page, guard):
    toggle = page.locator(".finder-map__toggle")
    guard.clicked = True
    toggle.click()
    page.locator(".finder-marker, .finder-cluster").first.wait_for(state="visible")
    assert toggle.get_attribute("aria-expanded") == "true"


def unexpected_errors(page):
    """Console errors other than the aborted tile requests."""
    return [e for e in page.console_errors if "ERR_FAILED" not in e]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_finder_has_no_axe_violations_with_the_map_hidden_and_shown(
    live_site, browser_page, axe, lang
):
    guard = TileGuard(browser_page)
    open_finder(browser_page, live_site, lang)
    assert browser_page.locator("html").get_attribute("lang") == lang
    assert browser_page.locator("#finder-map").is_hidden()
    assert axe_violations(axe, browser_page) == ""
    browser_page.wait_for_timeout(300)
    assert guard.before == [] and browser_page.foreign_requests == []

    show_map(browser_page, guard)
    browser_page.wait_for_timeout(300)
    assert axe_violations(axe, browser_page) == ""
    assert guard.before == []
    assert guard.after, "the map asked for its tiles after the click"
    assert all(url in guard.after for url in browser_page.foreign_requests)
    assert unexpected_errors(browser_page) == []


def test_nothing_is_fetched_from_another_host_until_the_map_is_asked_for(live_site, browser_page):
    guard = TileGuard(browser_page)
    loaded = []
    browser_page.on("request", lambda request: loaded.append(request.url))
    open_finder(browser_page, live_site)
    browser_page.wait_for_load_state("networkidle")
    assert guard.before == []
    assert not [url for url in loaded if "leaflet" in url]  # not even our own copy of Leaflet
    show_map(browser_page, guard)
    assert [url for url in loaded if "/static/vendor/leaflet/leaflet.js" in url]
    assert guard.after


def test_the_choice_to_show_the_map_lasts_for_the_session_only(live_site, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.console_errors = []
        guard = TileGuard(page)
        page.goto(live_site + FINDERS["en"])
        show_map(page, guard)
        page.reload()
        page.locator(".finder-marker, .finder-cluster").first.wait_for(state="visible")
        assert page.locator(".finder-map__toggle").get_attribute("aria-expanded") == "true"
        # Hiding the map forgets the choice.
        page.locator(".finder-map__toggle").click()
        page.reload()
        page.wait_for_load_state("networkidle")
        assert page.locator("#finder-map").is_hidden()
    finally:
        context.close()
    fresh = chromium.new_context()
    try:
        page = fresh.new_page()
        guard = TileGuard(page)
        page.goto(live_site + FINDERS["en"])
        page.wait_for_load_state("networkidle")
        assert page.locator("#finder-map").is_hidden()
        assert guard.before == []
    finally:
        fresh.close()


def test_a_marker_opens_the_points_card_with_a_link_to_its_page(live_site, browser_page):
    browser_page.set_viewport_size({"width": 1280, "height": 900})
    guard = TileGuard(browser_page)
    open_finder(browser_page, live_site, "en")
    show_map(browser_page, guard)
    marker = browser_page.locator(".finder-marker").first
    marker.focus()
    browser_page.keyboard.press("Enter")
    card = browser_page.locator(".leaflet-popup .map-card")
    card.wait_for(state="visible")
    link = card.locator(".map-card__link")
    assert re.match(r"^/en/ohjaamo-centres/[a-z-]+/$", link.get_attribute("href"))
    assert link.text_content() == "Go to the Ohjaamo page"
    assert card.locator(".status").count() == 1
    # The card's link is focused, and the popup closes with its labelled button.
    assert browser_page.evaluate("document.activeElement.className") == "map-card__link"
    close = browser_page.locator(".leaflet-popup-close-button")
    assert close.get_attribute("aria-label") == "Close"


def test_search_by_keyboard(live_site, browser_page):
    open_finder(browser_page, live_site, "en")
    for _ in range(40):
        browser_page.keyboard.press("Tab")
        if browser_page.evaluate("document.activeElement.id") == "finder-q":
            break
    else:
        pytest.fail("the search field is not reachable with Tab")
    browser_page.keyboard.type("33100")
    with browser_page.expect_navigation():
        browser_page.keyboard.press("Enter")
    assert "q=33100" in browser_page.url
    # Focus moves to the results heading so that the answer is read first.
    assert browser_page.evaluate("document.activeElement.id") == "finder-results-heading"
    first = browser_page.locator(".finder-results .point-card .card__title a").first
    assert first.text_content() == "Ohjaamo Tampere"
    # The service filter and "open now" are reachable and operable by keyboard too.
    browser_page.focus("#finder-open")
    browser_page.keyboard.press("Space")
    assert browser_page.is_checked("#finder-open")


def test_an_unknown_place_by_keyboard_offers_suggestions(live_site, browser_page, axe):
    open_finder(browser_page, live_site, "fi")
    browser_page.focus("#finder-q")
    browser_page.keyboard.type("Jyvaskyl")
    with browser_page.expect_navigation():
        browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("document.activeElement.id") == "finder-not-found-heading"
    suggestion = browser_page.locator(".finder-suggestions a", has_text="Jyväskylä")
    assert suggestion.count() == 1
    assert axe_violations(axe, browser_page) == ""


def test_use_my_location_sends_the_position_once_rounded(live_site, chromium):
    context = chromium.new_context(
        geolocation={"latitude": 61.49801234, "longitude": 23.76054321},
        permissions=["geolocation"],
        locale="en-GB",
    )
    try:
        page = context.new_page()
        page.goto(live_site + FINDERS["en"])
        button = page.locator(".finder-locate__button")
        button.wait_for(state="visible")
        with page.expect_navigation():
            button.click()
        assert "lat=61.498" in page.url and "lon=23.761" in page.url
        assert "61.49801234" not in page.url
        assert page.locator("#finder-results-heading").text_content() == (
            "Nearest to your location"
        )
        first = page.locator(".finder-results .point-card .card__title a").first
        assert first.text_content() in {"Ohjaamo Tampere", "Pop-up Ohjaamo at Metso library"}
        # No link on the answer carries the position on, but the language switcher (to the
        # same search in another language, answered with no-store and no referrer).
        hrefs = page.eval_on_selector_all(
            "a[href]:not(.language-switcher a)",
            "links => links.map(a => a.getAttribute('href'))",
        )
        assert not [href for href in hrefs if "lat=" in href]
    finally:
        context.close()


def test_finder_weighs_at_most_150_kb_without_tiles(live_site, browser_page):
    sizes = {}

    def finished(request):
        sizes[request.url] = request.sizes()["responseBodySize"]

    browser_page.on("requestfinished", finished)
    open_finder(browser_page, live_site)
    browser_page.wait_for_load_state("networkidle")
    assert sizes
    assert all(url.startswith(live_site) for url in sizes)
    total = sum(sizes.values())
    assert total <= 150 * 1024, f"{total} bytes: {sizes}"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_ohjaamo_page_has_no_axe_violations(live_site, browser_page, axe, lang):
    response = browser_page.goto(live_site + OHJAAMO_PAGES[lang])
    assert response.status == 200
    assert browser_page.locator("html").get_attribute("lang") == lang
    for width in (390, 1280):
        browser_page.set_viewport_size({"width": width, "height": 900})
        assert axe_violations(axe, browser_page) == ""
    # The "who is in when" list opens by keyboard.
    browser_page.focus(".who-week summary")
    browser_page.keyboard.press("Enter")
    assert browser_page.locator(".who-week").get_attribute("open") is not None
    assert axe_violations(axe, browser_page) == ""
    assert browser_page.foreign_requests == []
    assert browser_page.console_errors == []
