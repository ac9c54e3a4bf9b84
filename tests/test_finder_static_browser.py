"""The finder without a server, in a browser: the export served by Debian's nginx with the
project's configuration (the fixture of test_static_export_nginx.py), Chromium searching by postal
code and by town name from the static JSON, the municipality pages without JavaScript, and axe on
the municipality list and a municipality page in every language."""

import re

import pytest

from tests.conftest import axe_violations
from tests.test_static_export_nginx import fetch, nginx_export  # noqa: F401 - the fixture


def test_the_export_serves_the_finder_data_compressed_and_lists_the_municipalities(
    nginx_export,  # noqa: F811
    db,
):
    from locations.models import Municipality

    packed = 0
    for path in ("/finder-data/gazetteer.json", "/finder-data/points.fi.json"):
        status, headers, body = fetch(nginx_export, path, {"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert headers["Content-Type"] == "application/json"
        packed += len(body)
    assert packed <= 150 * 1024
    status, _headers, body = fetch(nginx_export, "/sitemap.xml")
    sitemap = body.decode()
    locations = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert len([u for u in locations if "/ohjaamot/kunnat/" in u]) == (
        Municipality.objects.count() + 1
    )
    assert "/sv/navigatorerna/kommuner/helsingfors/" in sitemap


def first_result(page):
    page.wait_for_selector(".finder-results .point-card, .finder-not-found", timeout=15000)
    return page.locator(".finder-results .point-card").first


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "query", "expected", "heading"),
    [
        ("/ohjaamot/", "00100", "/ohjaamot/ohjaamo-helsinki/", "Tulokset: 00100 Helsinki"),
        ("/ohjaamot/", "Tampere", "/ohjaamot/tampereen-ohjaamo/", "Tampere"),
        # An inflected name: the forms are in the gazetteer (locations/place_forms.py).
        ("/ohjaamot/", "Tampereella", "/ohjaamot/tampereen-ohjaamo/", "Tampere"),
        ("/ohjaamot/", "helsingissä", "/ohjaamot/ohjaamo-helsinki/", "Helsinki"),
        ("/sv/navigatorerna/", "Åbo", "/sv/navigatorerna/navigatorn-i-abo/", "Åbo"),
        ("/en/ohjaamo-centres/", "33100", "/en/ohjaamo-centres/ohjaamo-tampere/", "33100"),
    ],
)
def test_the_exported_finder_searches_in_the_browser(
    nginx_export,  # noqa: F811
    browser_page,
    path,
    query,
    expected,
    heading,
):
    browser_page.goto(nginx_export + path)
    assert browser_page.get_attribute("html", "data-static-export") is not None
    browser_page.fill("#finder-q", query)
    browser_page.click(".finder-search__query button[type=submit]")
    card = first_result(browser_page)
    assert card.locator("a").first.get_attribute("href") == expected
    # The serving Ohjaamo is listed under "your Ohjaamo", and focus moved to the answer.
    assert card.evaluate("el => el.id.startsWith('serving-')")
    results = browser_page.locator("#finder-results-heading")
    assert heading in results.inner_text()
    assert browser_page.evaluate("document.activeElement.id") == "finder-results-heading"
    # Open-now state is computed here, from the hours in the JSON.
    status = card.locator(".status").inner_text()
    assert status.strip()
    # The address holds the query: a reload (or a shared link) answers the same.
    assert "q=" in browser_page.url
    browser_page.reload()
    assert first_result(browser_page).locator("a").first.get_attribute("href") == expected
    assert browser_page.foreign_requests == []
    assert browser_page.console_errors == []


@pytest.mark.browser
def test_an_unknown_place_offers_suggestions_that_search(nginx_export, browser_page):  # noqa: F811
    browser_page.goto(nginx_export + "/ohjaamot/")
    browser_page.fill("#finder-q", "Tampe")
    browser_page.click(".finder-search__query button[type=submit]")
    browser_page.wait_for_selector(".finder-not-found")
    browser_page.click(".finder-suggestions a >> text=Tampere")
    card = first_result(browser_page)
    assert card.locator("a").first.get_attribute("href") == "/ohjaamot/tampereen-ohjaamo/"


@pytest.mark.browser
def test_without_javascript_the_finder_leads_to_the_municipality_pages(
    nginx_export,  # noqa: F811
    chromium,
):
    context = chromium.new_context(java_script_enabled=False, locale="fi-FI")
    page = context.new_page()
    try:
        page.goto(nginx_export + "/ohjaamot/")
        page.click("text=Etsi kunnan mukaan")
        assert page.url.endswith("/ohjaamot/kunnat/")
        page.click(".municipality-list a >> text=Tampere")
        assert page.url.endswith("/ohjaamot/kunnat/tampere/")
        first = page.locator(".municipality-ohjaamo h2 a").first
        assert first.get_attribute("href") == "/ohjaamot/tampereen-ohjaamo/"
        # No open-now claim in a static page: the state needs the script.
        assert page.locator("[data-open-status]").first.is_hidden()
    finally:
        context.close()


@pytest.mark.browser
def test_a_municipality_page_shows_the_open_state_computed_in_the_browser(
    nginx_export,  # noqa: F811
    browser_page,
):
    browser_page.goto(nginx_export + "/sv/navigatorerna/kommuner/helsingfors/")
    status = browser_page.locator("[data-open-status]").first
    status.wait_for(state="visible", timeout=15000)
    assert any(word in status.inner_text() for word in ("Öppet", "Stängt"))


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "/ohjaamot/kunnat/",
        "/ohjaamot/kunnat/helsinki/",
        "/sv/navigatorerna/kommuner/",
        "/sv/navigatorerna/kommuner/helsingfors/",
        "/en/ohjaamo-centres/municipalities/",
        "/en/ohjaamo-centres/municipalities/utsjoki/",
    ],
)
def test_municipality_pages_pass_axe(nginx_export, browser_page, axe, path):  # noqa: F811
    status, _headers, _body = fetch(nginx_export, path)
    assert status == 200
    browser_page.goto(nginx_export + path)
    browser_page.wait_for_load_state("networkidle")
    assert axe_violations(axe, browser_page) == ""
    assert browser_page.foreign_requests == []
    assert browser_page.console_errors == []


@pytest.mark.browser
@pytest.mark.parametrize(
    ("moment", "expected"),
    [("2027-03-09T10:00:00Z", "Auki nyt"), ("2027-03-14T01:00:00Z", "Suljettu")],
)
def test_an_exported_ohjaamo_page_corrects_its_open_state_in_the_browser(
    nginx_export,  # noqa: F811
    browser_page,
    moment,
    expected,
):
    # Tuesday noon and Sunday night in Helsinki, whatever the build's time said.
    browser_page.clock.set_fixed_time(moment)
    browser_page.goto(nginx_export + "/ohjaamot/ohjaamo-helsinki/")
    browser_page.wait_for_selector("article.point .status[data-open-computed]", timeout=15000)
    status = browser_page.locator("article.point .status").first.inner_text()
    assert status.startswith(expected), status
    assert browser_page.console_errors == []
