"""Layout in a real browser: no public page type scrolls sideways at 320, 390 or 1280 px in fi, sv
or en; the desktop menu fits on one row; opening hours have no empty column and a time never
wraps on a phone; the "who is in when" toggle shows its disclosure triangle; the map's cluster
counts are centred and its zoom buttons do not cover the card a marker opens."""

import datetime
import sqlite3
from unittest import mock

import pytest
from django.utils import timezone
from wagtail.models import Page, get_page_models

from tests.conftest import prefix, synchronous_orm_allowed
from tests.test_finder_browser import FINDERS, TileGuard, show_map

pytestmark = pytest.mark.browser

LANGS = ("fi", "sv", "en")
WIDTHS = (320, 390, 1280)
PROJECT_APPS = {"kohtaamo", "locations", "news", "brand"}
PAGE_TYPES = sorted(
    f"{model._meta.app_label}.{model.__name__}"
    for model in get_page_models()
    if model is not Page and model._meta.app_label in PROJECT_APPS
)
# Pages that are not page models: the search results, the finder with an answer, a 404.
VIEWS = {
    "search": {"fi": "/haku/?q=ohjaamo", "sv": "/sv/sok/?q=ohjaamo", "en": "/en/search/?q=ohjaamo"},
    "finder_answer": {
        "fi": "/ohjaamot/?q=Tampere",
        "sv": "/sv/navigatorerna/?q=Tammerfors",
        "en": "/en/ohjaamo-centres/?q=Tampere",
    },
    "not_found": {lang: f"{prefix(lang)}/ei-ole-olemassa/" for lang in LANGS},
}
OHJAAMO_PAGES = {
    "fi": "/ohjaamot/ohjaamo-helsinki/",
    "sv": "/sv/navigatorerna/navigatorn-helsingfors/",
    "en": "/en/ohjaamo-centres/ohjaamo-helsinki/",
}

# Elements sticking out past the right edge of the viewport, except inside a container that
# scrolls or clips them (a wide table in its scrolling wrapper is fine).
OVERFLOW_SCRIPT = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0) continue;
    // The element itself, or its text spilling out of it (a long word in a heading).
    const visible = getComputedStyle(el).overflowX === 'visible';
    const spill = visible ? el.scrollWidth - el.clientWidth : 0;
    if (box.right <= width + 0.5 && box.left + el.clientWidth + spill <= width + 0.5) continue;
    let inside = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') { inside = true; break; }
    }
    if (inside) continue;
    const classes = typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    culprits.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${classes}` +
      ` ends at ${Math.round(box.right)}px`);
  }
  return {scroll: root.scrollWidth, width, culprits: culprits.slice(0, 6)};
}"""


def overflow(page):
    """A readable report of horizontal overflow, empty when there is none."""
    result = page.evaluate(OVERFLOW_SCRIPT)
    if result["scroll"] <= result["width"] and not result["culprits"]:
        return ""
    return f"{page.url} scrolls {result['scroll']}px wide in {result['width']}px: " + "; ".join(
        result["culprits"]
    )


def check_widths(page, url, status=200):
    response = page.goto(url)
    assert response.status == status, url
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        report = overflow(page)
        if report:
            problems.append(f"at {width}px: {report}")
    return problems


# Live public pages of the live site, from its own database, in tree order.
LIVE_PAGES_SQL = """
SELECT page.url_path, page.depth, type.app_label, type.model, locale.language_code
FROM wagtailcore_page AS page
JOIN django_content_type AS type ON type.id = page.content_type_id
JOIN wagtailcore_locale AS locale ON locale.id = page.locale_id
WHERE page.live AND page.depth >= 2 AND NOT EXISTS (
  SELECT 1 FROM wagtailcore_pageviewrestriction AS restriction
  JOIN wagtailcore_page AS above ON above.id = restriction.page_id
  WHERE page.path LIKE above.path || '%'
)
ORDER BY page.path
"""


def live_page_urls(live_site, page_type, lang):
    """URLs of the live public pages of a type in a language: the first one, and for news also
    the first local news item (under an Ohjaamo page)."""
    app_label, name = page_type.split(".")
    with sqlite3.connect(f"file:{live_site.database}?mode=ro", uri=True) as connection:
        rows = connection.execute(LIVE_PAGES_SQL).fetchall()
    found = [
        (url_path, depth)
        for url_path, depth, app, model, code in rows
        if (app, model, code) == (app_label, name.lower(), lang)
    ]
    # url_path starts with the language's home page ("/koti/ohjaamot/"); the site serves that
    # home at the language prefix.
    if not found:
        return []
    top = min(depth for _url, depth in found)
    picked = [next(url for url, depth in found if depth == top)]
    if name == "NewsPage":  # a national item and a local one (deeper, under its Ohjaamo)
        picked += [url for url, depth in found if depth > top][:1]
    return [f"{prefix(lang)}/{url.split('/', 2)[2]}" for url in picked]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_page_type_scrolls_sideways(live_site, browser_page, page_type, lang):
    urls = live_page_urls(live_site, page_type, lang)
    # Every page type of the seeded site exists in every language.
    assert urls, f"no live {page_type} in {lang} in the seeded site"
    problems = []
    for url in urls:
        problems += check_widths(browser_page, live_site + url)
    assert problems == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("view", sorted(VIEWS))
def test_no_view_scrolls_sideways(live_site, browser_page, view, lang):
    status = 404 if view == "not_found" else 200
    assert check_widths(browser_page, live_site + VIEWS[view][lang], status) == []


@pytest.mark.parametrize("lang", LANGS)
def test_desktop_menu_fits_on_one_row(live_site, browser_page, lang):
    browser_page.set_viewport_size({"width": 1280, "height": 900})
    browser_page.goto(f"{live_site}{prefix(lang)}/")
    boxes = browser_page.eval_on_selector_all(
        ".site-nav__list > li",
        "items => items.map(li => li.getBoundingClientRect()).map(box => [box.top, box.bottom])",
    )
    assert len(boxes) >= 4
    # One row: every item overlaps every other vertically.
    assert max(top for top, _ in boxes) < min(bottom for _, bottom in boxes), boxes


# The hours table shows seven days from today. Pinned to a week with Independence Day (6 December)
# in it: its Swedish name, "Självständighetsdagen", is the longest word a day's row can hold.
INDEPENDENCE_DAY_WEEK = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)  # 12:00 Helsinki
INDEPENDENCE_DAY = {
    "fi": "Itsenäisyyspäivä",
    "sv": "Självständighetsdagen",
    "en": "Independence Day",
}


def serve_rendered_at(page, live_site, path, moment, django_db_blocker):
    """Answer the browser's request for `path` with the page as the site renders it at `moment`
    (timezone.now frozen, in this process, on the same seeded content as the live server);
    styles, scripts and images still come from the live server."""
    from django.test import Client

    with (
        synchronous_orm_allowed(),
        django_db_blocker.unblock(),
        mock.patch.object(timezone, "now", lambda: moment),
    ):
        response = Client().get(path)  # reads only: the seeded test database stays as it is
    assert response.status_code == 200, path
    headers = dict(response.items())
    page.route(
        live_site + path,
        lambda route: route.fulfill(status=200, headers=headers, body=response.content),
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", (320, 390))
def test_opening_hours_have_no_empty_column_and_times_do_not_wrap(
    django_db_setup, django_db_blocker, live_site, browser_page, lang, width
):
    serve_rendered_at(
        browser_page, live_site, OHJAAMO_PAGES[lang], INDEPENDENCE_DAY_WEEK, django_db_blocker
    )
    browser_page.set_viewport_size({"width": width, "height": 900})
    browser_page.goto(live_site + OHJAAMO_PAGES[lang])
    tables = browser_page.locator(".hours-table")
    assert tables.count() >= 2
    # The longest holiday name is in the table, and the page does not scroll sideways.
    notes = browser_page.eval_on_selector_all(
        ".hours-table__note", "notes => notes.map(n => n.textContent.trim())"
    )
    assert INDEPENDENCE_DAY[lang] in notes, notes
    assert overflow(browser_page) == ""
    columns = browser_page.eval_on_selector_all(
        ".hours-table tr",
        "rows => rows.map(row => [...row.children].map(cell => cell.textContent.trim()))",
    )
    assert columns and all(len(row) == 2 for row in columns), columns
    assert all(cell for row in columns for cell in row), "an empty cell in the hours tables"
    lines = browser_page.eval_on_selector_all(
        ".hours-table__time",
        "times => times.map(t => [t.textContent, t.getClientRects().length])",
    )
    assert lines, "no opening times on the page"
    assert [text for text, rects in lines if rects != 1] == []
    # Nor does the table need its scroll bar to show them.
    assert browser_page.eval_on_selector_all(
        ".hours-table",
        "tables => tables.every(t => t.parentElement.scrollWidth <= t.parentElement.clientWidth)",
    )


def test_who_is_in_when_toggle_shows_its_disclosure_triangle(live_site, browser_page):
    browser_page.goto(live_site + OHJAAMO_PAGES["fi"])
    summary = browser_page.locator(".who-week summary")
    assert summary.count() == 1
    # A summary shows its ::marker triangle only while it is displayed as a list item.
    assert summary.evaluate("s => getComputedStyle(s).display") == "list-item"
    assert summary.evaluate("s => getComputedStyle(s, '::marker').content") != "none"
    summary.click()
    assert browser_page.locator(".who-week").get_attribute("open") is not None


def open_map(page, live_site, width):
    page.set_viewport_size({"width": width, "height": 844})
    guard = TileGuard(page)
    page.goto(live_site + FINDERS["fi"])
    show_map(page, guard)


def test_map_cluster_counts_are_centred(live_site, browser_page):
    open_map(browser_page, live_site, 390)
    browser_page.locator(".finder-cluster").first.wait_for(state="visible")
    offsets = browser_page.eval_on_selector_all(
        ".finder-cluster",
        """clusters => clusters.map(cluster => {
          const box = cluster.getBoundingClientRect();
          const count = cluster.querySelector('[aria-hidden="true"]').getBoundingClientRect();
          return [box.left + box.width / 2 - (count.left + count.width / 2),
                  box.top + box.height / 2 - (count.top + count.height / 2)];
        })""",
    )
    assert offsets, "the seeded map has no clusters"
    assert all(abs(dx) <= 1.5 and abs(dy) <= 1.5 for dx, dy in offsets), offsets


@pytest.mark.parametrize("width", (320, 390))
def test_zoom_buttons_do_not_cover_the_card_a_marker_opens(live_site, browser_page, width):
    open_map(browser_page, live_site, width)
    marker = browser_page.locator(".finder-marker").first
    marker.focus()
    browser_page.keyboard.press("Enter")
    browser_page.locator(".leaflet-popup .map-card").wait_for(state="visible")
    browser_page.wait_for_timeout(500)  # the map pans the card into view
    boxes = browser_page.evaluate(
        """() => Object.fromEntries(
          [['card', '.leaflet-popup-content-wrapper'], ['zoom', '.leaflet-control-zoom'],
           ['map', '.finder-map__canvas']].map(([name, selector]) => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return [name, [box.left, box.top, box.right, box.bottom]];
          }))"""
    )
    card, zoom, area = boxes["card"], boxes["zoom"], boxes["map"]
    overlaps = not (
        card[0] >= zoom[2] or card[2] <= zoom[0] or card[1] >= zoom[3] or card[3] <= zoom[1]
    )
    assert not overlaps, boxes
    # The whole card, its close button included, is inside the map.
    assert area[0] <= card[0] and card[2] <= area[2], boxes
