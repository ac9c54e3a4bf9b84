"""The finder page without JavaScript: every live point listed by region with its address,
open-now state and a link to its Ohjaamo; filters by service and "open now"; the search by postal
code, place name or position, unknown places answered with suggestions; the map only as data
until asked for; the home page's entry; a fixed number of queries."""

import datetime
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from kohtaamo.models import ContentPage, HomePage
from locations.models import FinderPage, OhjaamoPage, Service, ServicePoint
from tests.factories.locations import make_ohjaamo, point

HELSINKI_NOON_MONDAY = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)  # 12:00
SUNDAY_EVENING = datetime.datetime(2026, 11, 22, 18, 0, tzinfo=datetime.UTC)  # 20:00


@pytest.fixture
def now(monkeypatch):
    """Freeze the clock (default: Monday 23.11.2026 at noon in Helsinki)."""

    def freeze(moment=HELSINKI_NOON_MONDAY):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    freeze()
    return freeze


def finder(lang="fi"):
    return FinderPage.objects.get(locale__language_code=lang)


def get(client, lang="fi", **params):
    response = client.get(finder(lang).url, params)
    assert response.status_code == 200
    return response, BeautifulSoup(response.content, "html.parser")


def live_point_names(lang="fi", today=datetime.date(2026, 11, 23)):
    return {
        p.name
        for p in ServicePoint.objects.filter(
            locale__language_code=lang, page__live=True, page__locale__language_code=lang
        )
        if (p.valid_from is None or p.valid_from <= today)
        and (p.valid_to is None or p.valid_to >= today)
    }


def card_names(container):
    return [a.get_text(strip=True) for a in container.select(".point-card .card__title a")]


def list_names(soup):
    return card_names(soup.select_one(".finder-list"))


# --- The list ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_live_point_is_listed_without_javascript(client, seeded, now, lang):
    _, soup = get(client, lang)
    names = list_names(soup)
    assert sorted(names) == sorted(live_point_names(lang))
    assert len(names) >= 16
    assert soup.select_one("html")["lang"] == lang
    # The map is not there without JavaScript (the section is hidden) and loads nothing yet.
    assert soup.select_one("[data-finder-map]").has_attr("hidden")


def test_points_are_grouped_by_region_with_address_state_and_link(client, seeded, now):
    _, soup = get(client)
    regions = {
        section.h3.get_text(strip=True): card_names(section)
        for section in soup.select(".finder-region")
    }
    assert {"Ohjaamo Helsinki", "Ohjaamo Espoo", "Navigatorn Sibbo"} <= set(regions["Uusimaa"])
    assert {"Tampereen Ohjaamo", "Pop-up-Ohjaamo Metsossa"} <= set(regions["Pirkanmaa"])
    assert set(regions["Kanta-Häme"]) == {"Riihimäen seudun Ohjaamo", "Lopen Ohjaamo-piste"}
    assert list(regions) == sorted(regions, key=lambda n: n.replace("Ä", "Z~"))
    helsinki = next(
        c for c in soup.select(".finder-list .point-card") if "Ohjaamo Helsinki" in c.get_text()
    )
    assert "Fredrikinkatu 48, 00100 Helsinki" in helsinki.get_text()
    assert helsinki.select_one(".card__title a")["href"] == (
        OhjaamoPage.objects.get(slug="ohjaamo-helsinki", locale__language_code="fi").url
    )
    assert "status--open" in helsinki.select_one(".status")["class"]
    assert "16.00" in helsinki.select_one(".status").get_text()
    # Where only the municipality is known, the card says so.
    espoo = next(
        c for c in soup.select(".finder-list .point-card") if "Ohjaamo Espoo" in c.get_text()
    )
    assert espoo.select_one(".point-card__note")


def test_regions_are_named_and_ordered_in_swedish(client, seeded, now):
    _, soup = get(client, "sv")
    regions = [section.h3.get_text(strip=True) for section in soup.select(".finder-region")]
    assert "Nyland" in regions and "Birkaland" in regions and "Egentliga Finland" in regions
    assert regions == sorted(regions)


def test_the_state_follows_the_clock(client, seeded, now):
    now(SUNDAY_EVENING)
    _, soup = get(client)
    assert not soup.select(".finder-list .status--open")
    now(HELSINKI_NOON_MONDAY)
    _, soup = get(client)
    assert soup.select(".finder-list .status--open")


def test_open_now_filter(client, seeded, now):
    _, soup = get(client, "en", open="on")
    names = list_names(soup)
    assert "Ohjaamo Helsinki" in names
    assert "Pop-up Ohjaamo at Metso library" not in names  # open on Tuesdays and Thursdays
    assert "Ohjaamo point in Loppi" not in names  # Wednesdays
    assert soup.select_one("#finder-open").has_attr("checked")
    assert len(soup.select(".finder-list .status--closed")) == 0
    now(SUNDAY_EVENING)
    _, soup = get(client, "en", open="on")
    assert list_names(soup) == []
    assert "No Ohjaamo point matches these filters." in soup.select_one(".finder-list").text


def test_service_filter(client, seeded, now):
    _, soup = get(client, service="kela")
    names = list_names(soup)
    assert "Ohjaamo Helsinki" in names
    assert "Navigatorn / Ohjaamo Hanko" not in names  # offers no Kela services
    selected = soup.select_one("#finder-service option[selected]")
    assert selected["value"] == "kela"
    assert selected.get_text() == Service.objects.get(code="kela", locale__language_code="fi").name


def test_service_options_are_in_the_page_language(client, seeded, now):
    _, soup = get(client, "sv")
    labels = [o.get_text() for o in soup.select("#finder-service option")]
    assert "FPA:s tjänster" in labels


def test_an_unknown_service_code_is_ignored_with_every_point_listed(client, seeded, now):
    _, soup = get(client, service="no-such-service")
    assert sorted(list_names(soup)) == sorted(live_point_names())


def test_drafts_private_pages_and_ended_popups_are_not_listed(client, seeded, now):
    OhjaamoPage.objects.get(slug="ohjaamo-espoo", locale__language_code="fi").unpublish()
    PageViewRestriction.objects.create(
        page=OhjaamoPage.objects.get(slug="ohjaamo-vantaa", locale__language_code="fi"),
        restriction_type=PageViewRestriction.PASSWORD,
        password="salasana",
    )
    now(datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.UTC))  # the pop-up has ended
    _, soup = get(client)
    names = list_names(soup)
    assert "Ohjaamo Espoo" not in names
    assert "Ohjaamo Vantaa" not in names
    assert "Pop-up-Ohjaamo Metsossa" not in names
    assert "Ohjaamo Helsinki" in names


# --- The search ----------------------------------------------------------------------------------


def results(soup):
    section = soup.select_one(".finder-results")
    assert section is not None
    return section


@pytest.mark.parametrize(
    ("lang", "query", "first"),
    [
        ("fi", "00100", "Ohjaamo Helsinki"),
        ("fi", "96100", "Ohjaamo Rovaniemi"),
        ("fi", "jyvaskyla", "Jyväskylän Ohjaamo"),
        ("sv", "Helsingfors", "Navigatorn Helsingfors"),
        ("sv", "Åbo", "Navigatorn i Åbo"),
        ("en", "33210", "Ohjaamo Tampere"),
    ],
)
def test_search_puts_the_serving_ohjaamo_first(client, seeded, now, lang, query, first):
    _, soup = get(client, lang, q=query)
    section = results(soup)
    served = card_names(section)[0]
    assert served == first
    # Each card gives its distance, or says it is placed at its municipality's centre (no
    # exact distance in the searched municipality).
    for card in section.select(".point-card"):
        assert card.select_one(".point-card__distance") or card.select_one(".point-card__note")
    # The results are the answer: the list of every point is not repeated below them.
    assert soup.select_one(".finder-list") is None


def test_regional_ohjaamo_serves_its_municipalities_and_the_rest_come_by_distance(
    client, seeded, now
):
    _, soup = get(client, "en", q="Hausjärvi")
    section = results(soup)
    headings = [h.get_text(strip=True) for h in section.select("h3")]
    assert headings[0] == "Your Ohjaamo for Hausjärvi"
    lists = section.select(".point-list")
    assert set(card_names(lists[0])) == {"Ohjaamo Riihimäki region", "Ohjaamo point in Loppi"}
    distances = [
        float(re.search(r"([\d.]+) km", d.get_text()).group(1))
        for d in lists[1].select(".point-card__distance")
    ]
    assert distances == sorted(distances) and distances


def test_search_respects_the_filters(client, seeded, now):
    _, soup = get(client, "en", q="00100", open="on")
    section = results(soup)
    assert card_names(section)
    assert not section.select(".status--closed")
    _, soup = get(client, "en", q="Hanko", service="kela")
    section = results(soup)
    assert "Navigatorn / Ohjaamo Hanko" not in card_names(section)
    assert "No Ohjaamo lists Hanko among the municipalities it serves" in section.get_text()


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [("Jyvaskyl", "Jyväskylä"), ("Helsinkki", "Helsinki"), ("3310", "33100 Tampere")],
)
def test_an_unknown_place_gets_a_friendly_message_with_suggestions(
    client, seeded, now, query, suggestion
):
    response, soup = get(client, q=query)
    message = soup.select_one(".finder-not-found")
    assert message is not None
    assert query in message.h2.get_text()
    links = {a.get_text(strip=True): a["href"] for a in message.select(".finder-suggestions a")}
    assert suggestion in links
    # Each suggestion is a search that works.
    follow = client.get(links[suggestion])
    assert follow.status_code == 200
    assert BeautifulSoup(follow.content, "html.parser").select_one(".finder-results")
    assert soup.select_one(".finder-results") is None
    assert list_names(soup)  # the list is still there


def test_a_place_with_no_suggestions_still_answers_kindly(client, seeded, now):
    _, soup = get(client, q="Xyzzyqwv")
    message = soup.select_one(".finder-not-found")
    assert message is not None and not message.select(".finder-suggestions")


def test_a_too_long_query_is_an_error_tied_to_the_field(client, seeded, now):
    _, soup = get(client, q="a" * 101)
    field = soup.select_one("#finder-q")
    assert field["aria-invalid"] == "true"
    assert "finder-q-error" in field["aria-describedby"].split()
    assert soup.select_one("#finder-q-error").get_text(strip=True)
    assert soup.select_one(".finder-results") is None


def test_search_by_position_is_not_kept_or_passed_on(client, seeded, now):
    response, soup = get(client, "en", lat="60.2", lon="24.9")
    section = results(soup)
    assert section.h2.get_text(strip=True) == "Nearest to your location"
    assert card_names(section)[0] == "Ohjaamo Helsinki"
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert not soup.select('input[name="lat"], input[name="lon"]')
    # Only the language switcher carries the position on (to the same search in another
    # language, with the same no-referrer and no-store answer).
    assert not [
        a["href"]
        for a in soup.select("a[href]")
        if "lat=" in a["href"] and not a.find_parent(class_="language-switcher")
    ]
    assert soup.select_one("#finder-q")["value"] == ""


@pytest.mark.parametrize(
    "params",
    [{"lat": "abc", "lon": "24.9"}, {"lat": "60.2"}, {"lat": "48.85", "lon": "2.35"}],
)
def test_a_bad_position_gets_a_message_not_an_error_page(client, seeded, now, params):
    _, soup = get(client, **params)
    assert soup.select_one(".form__errors[role=alert]").get_text(strip=True)
    assert soup.select_one(".finder-results") is None
    assert list_names(soup)


def test_the_search_form_is_a_labelled_get_form(client, seeded, now):
    _, soup = get(client)
    form = soup.select_one("form.finder-search")
    assert form["method"] == "get"
    assert form["action"] == finder().url
    assert soup.select_one('label[for="finder-q"]')
    assert soup.select_one('label[for="finder-service"]')
    assert soup.select_one('label[for="finder-open"]')
    assert form.select_one('button[type="submit"]')
    # "Use my location" needs JavaScript and is hidden until the script shows it.
    assert form.select_one("[data-finder-locate]").has_attr("hidden")


# --- The map data and what the page loads --------------------------------------------------------


def test_map_points_are_in_the_page_as_data(client, seeded, now):
    _, soup = get(client)
    points = json.loads(soup.select_one("#finder-points").string)
    assert sorted(p["name"] for p in points) == sorted(live_point_names())
    helsinki = next(p for p in points if p["name"] == "Ohjaamo Helsinki")
    assert helsinki["url"].endswith("/ohjaamot/ohjaamo-helsinki/")
    assert helsinki["approximate"] is False and helsinki["state"] == "open"
    assert 59 < helsinki["lat"] < 61 and 24 < helsinki["lon"] < 26
    assert next(p for p in points if p["name"] == "Ohjaamo Espoo")["approximate"] is True


def test_nothing_from_another_host_is_linked_for_loading(client, seeded, now, settings):
    _, soup = get(client)
    loaded = [s.get("src") for s in soup.find_all(["script", "img", "iframe"])] + [
        link["href"]
        for link in soup.find_all("link")
        if {"stylesheet", "icon", "preload", "modulepreload"} & set(link.get("rel", []))
    ]
    for url in filter(None, loaded):
        assert url.startswith("/"), url
    # Leaflet is named only as data for the script to load after "Show map".
    section = soup.select_one("[data-finder-map]")
    assert section["data-leaflet-js"].startswith("/static/vendor/leaflet/")
    assert section["data-tiles"] == settings.MAP_TILE_URL
    assert not soup.select('script[src*="leaflet"], link[href*="leaflet"]')


def test_page_weight_without_the_map_is_at_most_150_kb(client, seeded, now):
    response, soup = get(client)
    total = len(response.content)
    assets = [s["src"] for s in soup.select("script[src]")] + [
        link["href"] for link in soup.select('link[rel="stylesheet"], link[rel="icon"]')
    ]
    for url in assets:
        path = finders.find(url.removeprefix("/static/"))
        assert path, url
        total += Path(path).stat().st_size
    assert total <= 150 * 1024, total


def test_map_libraries_are_served_from_this_site(client):
    for path in (
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/leaflet.css",
        "vendor/leaflet-markercluster/leaflet.markercluster-src.js",
        "vendor/leaflet-markercluster/MarkerCluster.Default.css",
    ):
        assert finders.find(path), path
    # A build whose source map the package lacks is not served (collectstatic would fail).
    assert not finders.find("vendor/leaflet-markercluster/leaflet.markercluster.js")


# --- Page rules and the home page entry ----------------------------------------------------------


def test_finder_lives_only_under_a_home_page(seeded):
    assert FinderPage.allowed_parent_page_models() == [HomePage]
    assert FinderPage.can_create_at(seeded["fi"])
    content = ContentPage.objects.filter(locale__language_code="fi").first()
    assert not FinderPage.can_create_at(content)
    assert FinderPage.allowed_subpage_models() == [OhjaamoPage]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_home_page_search_goes_to_the_finder_of_its_language(client, seeded, lang):
    response = client.get(seeded[lang].url)
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("form.finder-entry__form")
    assert form["action"] == finder(lang).url
    assert form.select_one('input[name="q"]')


def test_home_page_has_no_finder_form_without_a_live_finder(client, seeded):
    finder("sv").unpublish()
    soup = BeautifulSoup(client.get(seeded["sv"].url).content, "html.parser")
    assert soup.select_one("form.finder-entry__form") is None


# --- Queries -------------------------------------------------------------------------------------

LIST_QUERIES = 17
SEARCH_QUERIES = 25
POSITION_QUERIES = 26
NOT_FOUND_QUERIES = 21


def more_ohjaamos(count=3):
    parent = finder()
    for i in range(count):
        make_ohjaamo(
            parent,
            f"lisa-ohjaamo-{i}",
            municipalities=("091",),
            points=[
                point(
                    f"Lisäpiste {i}-{j}",
                    weekly=[(0, "10:00", "16:00"), (1, "10:00", "16:00")],
                    exceptions=[
                        (datetime.date(2026, 12, 1), datetime.date(2026, 12, 1), None, None, "")
                    ],
                )
                for j in range(3)
            ],
            services=Service.objects.filter(locale__language_code="fi")[:2],
        )


@pytest.mark.parametrize(
    ("params", "queries"),
    [
        ({}, LIST_QUERIES),
        ({"service": "kela", "open": "on"}, LIST_QUERIES),
        ({"q": "00100"}, SEARCH_QUERIES),
        ({"lat": "60.2", "lon": "24.9"}, POSITION_QUERIES),
        ({"q": "Jyvaskyl"}, NOT_FOUND_QUERIES),
    ],
)
def test_query_count_is_fixed(client, seeded, now, django_assert_num_queries, params, queries):
    url = finder().url
    client.get(url, params)  # warms the site chrome cache
    with django_assert_num_queries(queries):
        client.get(url, params)
    more_ohjaamos()
    client.get(url, params)
    with django_assert_num_queries(queries):
        response = client.get(url, params)
    if not params:
        assert "Lisäpiste 2-2" in response.content.decode()


def test_swedish_list_costs_one_query_more_for_the_language_switcher(
    client, seeded, now, django_assert_num_queries
):
    url = finder("sv").url
    client.get(url)
    with django_assert_num_queries(LIST_QUERIES + 1):
        client.get(url)


def test_locales_exist(db):
    assert set(Locale.objects.values_list("language_code", flat=True)) >= {"fi", "sv", "en"}
