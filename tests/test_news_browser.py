"""News and publications in a real browser: zero axe-core WCAG 2.1 A/AA violations on the news
index, a news page, the publications library and a publication page in fi, sv and en at phone and
desktop widths; no request to another host and no console error (a CSP violation, e.g. of the
JSON-LD block, would show there); the filter form works with the keyboard."""

import pytest

from news.seed import (
    campaign_news,
    kohtaamo_book,
    news_index_fields,
    publication_index_fields,
    support_news,
)
from tests.conftest import axe_violations, prefix

pytestmark = pytest.mark.browser

LANGS = ("fi", "sv", "en")
WIDTHS = (390, 1280)


def path_for(kind, lang):
    news = f"{prefix(lang)}/{news_index_fields(lang)['slug']}/"
    library = f"{prefix(lang)}/{publication_index_fields(lang)['slug']}/"
    return {
        "news_index": news,
        "news_index_filtered": f"{news}?category=campaigns",
        "news_page": f"{news}{support_news(lang, 0)['slug']}/",
        "campaign_page": f"{news}{campaign_news(lang)['slug']}/",
        "publication_index": library,
        "publication_search": f"{library}?q=ohjaamo&type=book",
        "publication_page": f"{library}{kohtaamo_book(lang)['slug']}/",
    }[kind]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "kind",
    [
        "news_index",
        "news_index_filtered",
        "news_page",
        "campaign_page",
        "publication_index",
        "publication_search",
        "publication_page",
    ],
)
def test_no_axe_violations(live_site, browser_page, axe, kind, lang):
    path = path_for(kind, lang)
    failed = []
    browser_page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    for width in WIDTHS:
        browser_page.set_viewport_size({"width": width, "height": 900})
        response = browser_page.goto(live_site + path)
        assert response.status == 200, path
        assert browser_page.locator("html").get_attribute("lang") == lang
        assert axe_violations(axe, browser_page) == ""
    assert browser_page.foreign_requests == []
    assert browser_page.console_errors == []
    assert failed == []


def test_news_filter_works_with_the_keyboard(live_site, browser_page):
    browser_page.goto(live_site + path_for("news_index", "fi"))
    select = browser_page.locator("#news-filter-category")
    select.focus()
    select.select_option("campaigns")
    browser_page.keyboard.press("Tab")
    button = browser_page.get_by_role("button", name="Show news")
    if not button.count():
        button = browser_page.locator(".news-filters button[type=submit]")
    button.focus()
    browser_page.keyboard.press("Enter")
    browser_page.wait_for_url("**category=campaigns**")
    titles = browser_page.locator(".news-list .card__title").all_inner_texts()
    assert titles == [campaign_news("fi")["title"]]
    assert browser_page.locator("#news-filter-category").input_value() == "campaigns"


def test_publication_page_offers_citation_downloads(live_site, browser_page):
    browser_page.goto(live_site + path_for("publication_page", "en"))
    with browser_page.expect_download() as download_info:
        browser_page.locator(".publication__exports a").first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".bib")
    reference = browser_page.locator(".publication__reference").inner_text()
    assert "https://hdl.handle.net/10024/181720" in reference
