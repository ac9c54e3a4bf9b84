"""The finder's answers on the seeded site (issue 12, point 4): a position finds its municipality
and so the Ohjaamo serving it; "nearby" ends at 100 km and says so; points placed at a municipality
centre say so and never show "0,0 km"; results do not repeat the list of every point; "open now"
with nothing open points to online guidance; the language switcher keeps the search; inflected
place names are understood."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from locations import geo
from locations.models import FinderPage
from locations.views import NEARBY_KM
from tests import test_finder_page

now = test_finder_page.now  # the frozen clock fixture (default: Monday noon in Helsinki)

SUNDAY_NIGHT = datetime.datetime(2026, 11, 22, 22, 0, tzinfo=datetime.UTC)  # 00:00 Monday
HELSINKI_CENTRE = {"lat": "60.16952", "lon": "24.93545"}
NEAREST = "/api/locations/nearest/"


def finder_url(lang="fi"):
    return FinderPage.objects.get(locale__language_code=lang).url


def get(client, lang="fi", **params):
    response = client.get(finder_url(lang), params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def results(soup):
    section = soup.select_one(".finder-results")
    assert section is not None
    return section


def names(container):
    return [a.get_text(strip=True) for a in container.select(".point-card .card__title a")]


def distances_km(container):
    found = []
    for text in (d.get_text(" ", strip=True) for d in container.select(".point-card__distance")):
        match = re.search(r"(\d+(?:[.,]\d+)?) km", text)
        if match:
            found.append(float(match.group(1).replace(",", ".")))
    return found


# --- position → municipality → "serves you" ------------------------------------------------------


def test_a_position_is_placed_in_its_municipality(seeded):
    assert geo.municipality_at(60.16952, 24.93545).name_fi == "Helsinki"
    assert geo.municipality_at(61.4978, 23.7610).name_fi == "Tampere"
    # Far out at sea or abroad: no municipality.
    assert geo.municipality_at(48.85, 2.35) is None


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_a_search_by_position_shows_the_ohjaamo_serving_the_municipality(client, seeded, now, lang):
    soup = get(client, lang, **HELSINKI_CENTRE)
    section = results(soup)
    served = section.select_one("#finder-results-heading ~ h3")
    assert served is not None and "Helsin" in served.get_text()
    first = section.select_one(".point-list")
    assert names(first)[0] in {"Ohjaamo Helsinki", "Navigatorn Helsingfors"}
    assert section.select_one('[id^="serving-"]')


def test_the_api_says_serves_for_a_position(client, seeded):
    data = client.get(NEAREST, HELSINKI_CENTRE).json()
    assert data["origin"]["municipality"]["code"] == "091"
    assert data["results"][0]["serves"] is True
    assert any(r["name"] == "Ohjaamo Helsinki" and r["serves"] for r in data["results"])


# --- nearby cap, headings ------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Nokia", "Vaasa", "Maarianhamina", "Utsjoki", "00100"])
def test_nearby_ends_at_100_km_and_no_other_heading_without_a_list_above(
    client, seeded, now, query
):
    section = results(get(client, "en", q=query))
    headings = [h.get_text(strip=True) for h in section.select("h3")]
    for i, heading in enumerate(headings):
        if heading.startswith("Other Ohjaamo points"):
            # "Other …" only below a list of the Ohjaamo serving the place.
            assert i > 0 and headings[i - 1].startswith("Your Ohjaamo for")
    nearby = section.select('[id^="nearby-"]')
    far = any("none within" in h for h in headings)
    if not far:
        assert all(km <= NEARBY_KM for km in distances_km(section.select_one("ul:last-of-type")))
    assert nearby or far or section.select('[id^="serving-"]')
    assert f"{NEARBY_KM} km" in " ".join(headings) or not nearby


def test_a_place_far_from_every_point_gets_the_few_nearest_said_to_be_far(client, seeded, now):
    section = results(get(client, "en", q="Utsjoki"))
    if section.select('[id^="serving-"]'):
        pytest.skip("the seeded data has an Ohjaamo serving Utsjoki")
    headings = [h.get_text(strip=True) for h in section.select("h3")]
    assert "The nearest Ohjaamo points (none within 100 km)" in headings
    assert 0 < len(section.select('[id^="nearby-"]')) <= 3


# --- approximate points, distances ---------------------------------------------------------------


@pytest.mark.parametrize("query", ["Nokia", "Vaasa", "Maarianhamina", "Hanko", "00100", "Lahti"])
def test_no_zero_distance_and_approximate_points_say_so(client, seeded, now, query):
    for lang in ("fi", "en"):
        section = results(get(client, lang, q=query))
        text = section.get_text(" ", strip=True)
        assert "0,0 km" not in text and "0.0 km" not in text
        for card in section.select(".point-card"):
            note = card.select_one(".point-card__note")
            distance = card.select_one(".point-card__distance")
            if note is not None:
                assert (
                    "kunnan keskustan tarkkuudella" in note.get_text()
                    or "municipality centre" in note.get_text()
                )
                if distance is not None:
                    assert re.search(r"(noin|about) \d+ km", distance.get_text())


def test_distance_labels_never_say_zero():
    from django.utils import translation

    from locations.views import distance_label

    with translation.override("fi"):
        assert distance_label(0.0) == "alle 100 m"
        assert distance_label(0.04) == "alle 100 m"
        assert distance_label(1.3) == "1,3 km"


# --- results without the list of every point -----------------------------------------------------


def test_results_do_not_repeat_the_list_of_every_point(client, seeded, now):
    start = get(client)
    assert start.select_one(".finder-list .point-card")
    for params in ({"q": "00100"}, HELSINKI_CENTRE, {"q": "Vaasa", "service": "kela"}):
        soup = get(client, **params)
        assert soup.select_one(".finder-results")
        assert soup.select_one(".finder-list") is None
        # The map holds the points listed in the results (every map has its list).
        listed = {int(li["id"].split("-")[-1]) for li in soup.select(".finder-results li[id]")}
        import json

        mapped = {p["id"] for p in json.loads(soup.select_one("#finder-points").string)}
        assert mapped == listed
        assert soup.select_one(f'.finder-results a[href="{finder_url()}"]')


# --- open now with nothing open ------------------------------------------------------------------


def test_open_now_with_nothing_open_points_to_online_guidance(client, seeded, now):
    now(SUNDAY_NIGHT)
    soup = get(client, q="00100", open="on")
    section = results(soup)
    text = section.get_text(" ", strip=True)
    assert "Tässä ovat lähimmät" not in text
    assert "ei ole nyt auki" in text
    links = [a["href"] for a in section.select(".finder-online-guidance a")]
    assert "https://ohjaustaverkossa.fi/" in links
    # The nearest points follow, with when they open.
    assert section.select('[id^="closed-"]')
    assert not section.select(".status--open")


def test_open_now_with_open_points_lists_only_open_ones(client, seeded, now):
    section = results(get(client, q="00100", open="on"))
    assert section.select_one(".finder-online-guidance") is None
    assert names(section) and not section.select(".status--closed")


# --- the language switcher keeps the search ------------------------------------------------------


def switcher_links(soup):
    return {a["hreflang"]: a["href"] for a in soup.select(".language-switcher a[hreflang]")}


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Helsingissä", "open": "on", "service": "kela"},
        {"q": "33100"},
        HELSINKI_CENTRE,
    ],
)
def test_the_language_switcher_keeps_the_query(client, seeded, now, params):
    links = switcher_links(get(client, "fi", **params))
    for lang in ("sv", "en"):
        url = urlsplit(links[lang])
        assert url.path == finder_url(lang)
        assert {k: v[0] for k, v in parse_qs(url.query).items()} == params
        follow = client.get(links[lang])
        assert follow.status_code == 200
        assert BeautifulSoup(follow.content, "html.parser").select_one(".finder-results")
    # Without a query the switcher leads to the plain finder.
    assert "?" not in switcher_links(get(client, "fi"))["sv"]


# --- inflected place names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "place"),
    [
        ("Helsingissä", "Helsinki"),
        ("Tampereella", "Tampere"),
        ("Vaasassa", "Vaasa"),
        ("Jyväskylässä", "Jyväskylä"),
    ],
)
def test_inflected_place_names_are_understood_on_the_page(client, seeded, now, query, place):
    section = results(get(client, "en", q=query))
    assert section.h2.get_text(strip=True) == f"Results for {place}"
    assert names(section)
