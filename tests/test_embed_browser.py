"""The embeddable finder in a real browser: a partner's plain HTML page on another origin (another
loopback port) with the one-line snippet gets a working finder (search by keyboard, "use my
location", the iframe sized to its content), nothing from a third host and no cookies; the embed
page has no axe-core violations in fi/sv/en and works without JavaScript."""

import functools
import http.server
import threading

import pytest

from tests.conftest import CHROMIUM_ARGS, _free_port, axe_violations  # noqa: F401

pytestmark = pytest.mark.browser

EMBED = {"fi": "/upotus/", "sv": "/sv/inbaddning/", "en": "/en/embed/"}
TITLES = {
    "fi": "Löydä lähin Ohjaamo",
    "sv": "Hitta närmaste Navigatorn",
    "en": "Find your nearest Ohjaamo",
}
PARTNER_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>Partner</title>
<link rel="icon" href="data:,"></head>
<body><main><h1>Nuorten palvelut</h1>
<script src="{site}/embed.js" data-lang="{lang}" {extra} async></script>
</main></body></html>
"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def partner(live_site, tmp_path_factory):
    """A plain static site on another port (another origin) with the snippet, one page per
    language."""
    root = tmp_path_factory.mktemp("partner")
    for lang in EMBED:
        (root / f"{lang}.html").write_text(
            PARTNER_PAGE.format(lang=lang, site=live_site, extra=""), encoding="utf-8"
        )
    (root / "turku.html").write_text(
        PARTNER_PAGE.format(lang="fi", site=live_site, extra='data-municipality="853"'),
        encoding="utf-8",
    )
    port = _free_port()
    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    server.server_close()


def open_partner(page, partner, name):
    page.goto(f"{partner}/{name}.html")
    frame_element = page.wait_for_selector("iframe")
    frame = frame_element.content_frame()
    frame.wait_for_selector("#embed-q")
    return frame_element, frame


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_partner_page_with_the_snippet_gets_a_working_finder(
    live_site, partner, browser_page, lang
):
    frame_element, frame = open_partner(browser_page, partner, lang)
    assert frame_element.get_attribute("title") == TITLES[lang]
    assert frame_element.get_attribute("src").startswith(live_site + EMBED[lang])
    assert frame.locator("html").get_attribute("lang") == lang

    # By keyboard from the partner's page: Tab into the frame, type, Enter.
    browser_page.keyboard.press("Tab")
    assert frame.evaluate("document.activeElement.id") == "embed-q"
    browser_page.keyboard.type("33100")
    browser_page.keyboard.press("Enter")
    frame = frame_element.content_frame()
    frame.wait_for_selector(".embed__list .card__title")
    assert frame.evaluate("document.activeElement.id") == "embed-results-heading"
    first = frame.locator(".embed__list .card__title").first.inner_text()
    assert "Tampere" in first or "Tammerfors" in first
    assert frame.locator(".status").count() >= 1
    assert frame.locator(".point-card__distance").count() >= 1
    assert frame.locator(".embed__more a").get_attribute("target") == "_top"

    # The iframe grows to its content (postMessage from the frame, checked by the loader).
    browser_page.wait_for_function(
        "() => document.querySelector('iframe').style.height.endsWith('px')"
    )
    content = frame.evaluate("Math.ceil(document.body.getBoundingClientRect().height)")
    shown = frame_element.evaluate("el => el.getBoundingClientRect().height")
    assert abs(shown - content) <= 2

    assert browser_page.foreign_requests == []
    assert browser_page.context.cookies() == []
    assert browser_page.console_errors == []


def test_use_my_location_in_the_frame(live_site, partner, chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="fi-FI")
    try:
        # Chromium asks the top-level page's origin for a frame's position (the partner's), and
        # the frame must be allowed it (the loader's allow="geolocation").
        context.grant_permissions(["geolocation"])
        context.set_geolocation({"latitude": 60.4518, "longitude": 22.2666})  # Turku
        page = context.new_page()
        frame_element, frame = open_partner(page, partner, "fi")
        button = frame.locator("[data-embed-locate] button")
        button.wait_for(state="visible")
        button.click()
        frame = frame_element.content_frame()
        page.wait_for_timeout(200)
        frame = frame_element.content_frame()
        frame.wait_for_selector(".embed__list .card__title")
        assert "Turu" in frame.locator(".embed__list .card__title").first.inner_text()
        assert "lat=" in frame.url  # the position went to the embed page only
        assert context.cookies() == []
    finally:
        context.close()


def test_a_fixed_municipality_from_the_snippet(live_site, partner, browser_page):
    frame_element, frame = open_partner(browser_page, partner, "turku")
    assert "municipality=853" in frame_element.get_attribute("src")
    assert "Turu" in frame.locator(".embed__list .card__title").first.inner_text()
    # Loading the partner's page does not move focus into the frame.
    assert browser_page.evaluate("document.activeElement.tagName") == "BODY"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_embed_page_has_no_axe_violations(live_site, browser_page, axe, lang):
    browser_page.goto(live_site + EMBED[lang])
    assert axe_violations(axe, browser_page) == ""
    browser_page.goto(live_site + EMBED[lang] + "?q=00100&theme=neutral")
    browser_page.wait_for_selector(".embed__list")
    assert axe_violations(axe, browser_page) == ""
    browser_page.goto(live_site + EMBED[lang] + "?q=Tamprere&theme=secondary")
    assert axe_violations(axe, browser_page) == ""
    browser_page.goto(live_site + EMBED[lang] + "?region=02")
    assert axe_violations(axe, browser_page) == ""
    assert browser_page.foreign_requests == []


def test_the_embed_works_without_javascript(live_site, chromium):
    context = chromium.new_context(java_script_enabled=False, locale="fi-FI")
    try:
        page = context.new_page()
        page.goto(live_site + EMBED["fi"] + "?municipality=837")
        assert page.locator("[data-embed-locate]").is_hidden()
        page.fill("#embed-q", "Turku")
        page.press("#embed-q", "Enter")
        page.wait_for_selector(".embed__list .card__title")
        assert "municipality=837" in page.url and "q=Turku" in page.url
        assert "Turu" in page.locator(".embed__list .card__title").first.inner_text()
    finally:
        context.close()


def test_the_generator_preview_follows_the_options(live_site, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    try:
        page = context.new_page()
        page.goto(live_site + "/admin/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", "kohtaamo-demo-admin")
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")
        page.goto(live_site + "/admin/embed/")
        preview = page.locator("[data-embed-preview]")
        assert preview.get_attribute("src") == "/upotus/"
        page.select_option("#id_language", "sv")
        page.select_option("#id_municipality", "853")
        page.check("input[name=theme][value=neutral]")
        assert preview.get_attribute("src") == "/sv/inbaddning/?municipality=853&theme=neutral"
        snippet = page.locator("#embed-snippet").input_value()
        assert snippet == (
            f'<script src="{live_site}/embed.js" data-lang="sv" data-municipality="853" '
            'data-theme="neutral" async></script>'
        )
        frame = preview.element_handle().content_frame()
        frame.wait_for_selector(".embed__list .card__title")
    finally:
        context.close()
