"""The finder without a server: a page per municipality (served by the app and exported) and the
static JSON the exported finder searches in the browser (locations/municipalities.py)."""

import gzip
import json
import re

import pytest
from wagtail.models import Locale

from locations import geo
from locations.models import Municipality, OhjaamoPage, PostalCode
from locations.models.gazetteer import normalize_name

pytestmark = pytest.mark.django_db

# No open-now claim in any language: those are computed in the browser.
STATUS_WORDS = re.compile(r"Auki nyt|Suljettu|Öppet nu|Stängt|Open now|Closed now")


def test_the_finder_data_is_small_and_matches_the_database(client, seeded):
    gazetteer = client.get("/finder-data/gazetteer.json")
    points = client.get("/finder-data/points.fi.json")
    assert gazetteer.status_code == points.status_code == 200
    packed = len(gzip.compress(gazetteer.content, 9)) + len(gzip.compress(points.content, 9))
    assert packed <= 150 * 1024, f"{packed} bytes gzipped"

    gaz = json.loads(gazetteer.content)
    assert set(gaz["municipalities"]) == set(Municipality.objects.values_list("code", flat=True))
    assert set(gaz["postcodes"]) == set(PostalCode.objects.values_list("code", flat=True))
    helsinki = gaz["municipalities"]["091"]
    assert helsinki[:2] == ["Helsinki", "Helsingfors"]
    code = PostalCode.objects.get(code="00100")
    assert gaz["postcodes"]["00100"][0] == code.municipality_id == "091"
    # A town with a post office of its own resolves as the server resolves it.
    origin = geo.resolve_place("Nauvo")
    entry = gaz["places"]["nauvo"]
    assert entry[0] == origin.municipality.code

    data = json.loads(points.content)
    fi = Locale.objects.get(language_code="fi")
    live = list(geo.live_points(fi))
    assert {p["id"] for p in data["points"]} == {p.pk for p in live}
    by_id = {p["id"]: p for p in data["points"]}
    for point in live:
        row = by_id[point.pk]
        assert row["page"] == point.page_id
        assert (row["lat"], row["lon"]) == (round(point.latitude, 5), round(point.longitude, 5))
        assert len(row["hours"]) == point.weekly_hours.count()
    page = OhjaamoPage.objects.get(locale=fi, slug="ohjaamo-helsinki")
    assert "091" in data["pages"][str(page.pk)]["serves"]
    assert data["pages"][str(page.pk)]["url"] == page.url
    assert data["holidays"] and data["labels"]["open"] == "Auki nyt"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Tampereella", "837"),
        ("tampereelle", "837"),
        ("Helsingissä", "091"),
        ("helsingissa", "091"),  # typed without the dots: folded as the finder folds a query
        ("Helsinkiin", "091"),
        ("Lahdessa", "398"),  # consonant gradation
        ("Lahteen", "398"),
        ("Turussa", "853"),
        ("Turun", "853"),
        ("Porissa", "609"),
        ("Espoossa", "049"),
        ("Jyväskylään", "179"),
        ("Vaasaan", "905"),
        ("Seinäjoelta", "743"),
        ("Rovaniemellä", "698"),
        ("Åbossa", "853"),  # a Finnish ending on a Swedish name
        ("Vasas", "905"),  # the Swedish genitive
    ],
)
def test_the_gazetteer_carries_inflected_municipality_names(client, seeded, typed, code):
    gaz = json.loads(client.get("/finder-data/gazetteer.json").content)
    assert gaz["forms"][normalize_name(typed)] == code
    # A Finnish form reads back as its municipality on the server, which uses Voikko too (but
    # not for Rovaniemellä: Voikko's base form "Rova=niemi" keeps its compound mark there).
    if typed not in ("Åbossa", "Vasas", "helsingissa", "Rovaniemellä"):
        assert geo.resolve_place(typed).municipality.code == code


def test_no_made_up_or_ambiguous_form_is_shipped(client, seeded):
    forms = json.loads(client.get("/finder-data/gazetteer.json").content)["forms"]
    # Wrong gradation or a plural where the name is singular never passes Voikko's check.
    for wrong in ("lahdin", "turkussa", "helsinkissa", "rovaniemiin", "seinajokiin"):
        assert wrong not in forms
    # A form is never a municipality's own name (names resolve first).
    pairs = Municipality.objects.values_list("name_fi", "name_sv")
    names = {normalize_name(name) for pair in pairs for name in pair}
    assert not names & set(forms)


def test_the_swedish_data_has_swedish_pages_and_labels(client, seeded):
    data = json.loads(client.get("/finder-data/points.sv.json").content)
    sv = Locale.objects.get(language_code="sv")
    titles = {page["title"] for page in data["pages"].values()}
    assert titles == set(
        OhjaamoPage.objects.live()
        .filter(locale=sv, pk__in=data["pages"])
        .values_list("title", flat=True)
    )
    # Served municipalities travel with the translation.
    helsingfors = OhjaamoPage.objects.get(locale=sv, slug="navigatorn-helsingfors")
    assert "091" in data["pages"][str(helsingfors.pk)]["serves"]
    assert data["labels"]["open"] == "Öppet nu"
    assert client.get("/finder-data/points.xx.json").status_code == 404


@pytest.mark.parametrize(
    ("path", "lang", "link"),
    [
        ("/ohjaamot/kunnat/", "fi", "/ohjaamot/kunnat/helsinki/"),
        ("/sv/navigatorerna/kommuner/", "sv", "/sv/navigatorerna/kommuner/helsingfors/"),
        (
            "/en/ohjaamo-centres/municipalities/",
            "en",
            "/en/ohjaamo-centres/municipalities/helsinki/",
        ),
    ],
)
def test_the_municipality_list_links_every_municipality_by_letter(client, seeded, path, lang, link):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert f'href="{link}"' in html
    assert html.count('class="municipality-group"') >= 15
    links = re.findall(rf'href="({re.escape(path)}[-a-z0-9]+/)"', html)
    assert len(set(links)) == Municipality.objects.count()
    # Å, Ä and Ö come after Z (Nordic order).
    letters = re.findall(r'<h2 id="letter-\d+">(.)</h2>', html)
    assert letters.index("Ä") > letters.index("Y")


@pytest.mark.parametrize(
    ("path", "lang", "ohjaamo"),
    [
        ("/ohjaamot/kunnat/helsinki/", "fi", "/ohjaamot/ohjaamo-helsinki/"),
        (
            "/sv/navigatorerna/kommuner/helsingfors/",
            "sv",
            "/sv/navigatorerna/navigatorn-helsingfors/",
        ),
        (
            "/en/ohjaamo-centres/municipalities/tampere/",
            "en",
            "/en/ohjaamo-centres/ohjaamo-tampere/",
        ),
    ],
)
def test_a_municipality_page_names_its_ohjaamo_first_and_claims_no_open_state(
    client, seeded, path, lang, ohjaamo
):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    first = re.search(r'<h2 id="ohjaamo-\d+"><a href="([^"]+)"', html).group(1)
    assert first == ohjaamo
    assert "data-open-status=" in html
    assert not STATUS_WORDS.search(html)
    # Language switcher and hreflang lead to the same municipality in the other languages.
    assert 'hreflang="sv" href="http://testserver/sv/navigatorerna/kommuner/' in html


def test_a_municipality_no_ohjaamo_serves_lists_the_nearest(client, seeded):
    served = set(OhjaamoPage.objects.values_list("municipalities", flat=True))
    lonely = Municipality.objects.exclude(code__in=served).order_by("code").first()
    from locations.municipalities import municipality_slug

    response = client.get(f"/ohjaamot/kunnat/{municipality_slug(lonely, 'fi')}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ei ole" in html.lower() or lonely.name_fi in html
    assert re.search(r'<h2 id="ohjaamo-\d+"><a href="/ohjaamot/', html)


@pytest.mark.parametrize(
    "path",
    [
        "/ohjaamot/kunnat/ei-tallaista/",
        "/ohjaamot/kommuner/helsinki/",  # another language's segment
        "/sv/navigatorerna/kunnat/",
        "/ohjaamot/kunnat/Helsinki/",
    ],
)
def test_unknown_municipalities_and_wrong_segments_answer_404(client, seeded, path):
    assert client.get(path).status_code == 404


def test_the_finder_links_the_municipality_list(client, seeded):
    html = client.get("/ohjaamot/").content.decode()
    assert '<a href="/ohjaamot/kunnat/">Etsi kunnan mukaan</a>' in html
    assert "finder-static" in html
