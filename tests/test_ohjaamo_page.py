"""The page of one Ohjaamo in Finnish, Swedish and English: contacts, points with addresses and
hours (the week, exceptions, holidays), who is in today, services and languages in the page's
language, a route link, schema.org JSON-LD under the CSP nonce, sections from other apps, where
the page may live, and a fixed number of queries."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail import hooks

from kohtaamo.models import ContentPage, HomePage
from kohtaamo.seeding import publish
from locations.models import FinderPage, OhjaamoPage, ServicePoint
from tests.factories.locations import point

THURSDAY_NOON = datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC)  # 12:00 Helsinki
SUNDAY_NOON = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=datetime.UTC)
BEFORE_CHRISTMAS = datetime.datetime(2026, 12, 21, 10, 0, tzinfo=datetime.UTC)  # a Monday
SLUGS = {"fi": "ohjaamo-helsinki", "sv": "navigatorn-helsingfors", "en": "ohjaamo-helsinki"}


@pytest.fixture
def now(monkeypatch):
    def freeze(moment=THURSDAY_NOON):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    freeze()
    return freeze


@pytest.fixture
def own_sections_only(monkeypatch):
    """Leave out the sections other apps add through hooks (news); their queries are counted by
    their own tests."""
    original = hooks.get_hooks
    monkeypatch.setattr(
        hooks,
        "get_hooks",
        lambda name: [] if name == "kohtaamo_ohjaamo_page_sections" else original(name),
    )


def ohjaamo(lang="fi", slug=None):
    return OhjaamoPage.objects.get(locale__language_code=lang, slug=slug or SLUGS[lang])


def render(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response, BeautifulSoup(response.content, "html.parser")


def jsonld(soup):
    script = soup.select_one('script[type="application/ld+json"]')
    return script, json.loads(script.string)


# --- Rendering in each language ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "title", "address"),
    [
        ("fi", "Ohjaamo Helsinki", "Fredrikinkatu 48"),
        ("sv", "Navigatorn Helsingfors", "Fredriksgatan 48"),
        ("en", "Ohjaamo Helsinki", "Fredrikinkatu 48"),
    ],
)
def test_renders_in_every_language(client, seeded, now, lang, title, address):
    _, soup = render(client, ohjaamo(lang))
    assert soup.html["lang"] == lang
    assert soup.h1.get_text(strip=True) == title
    point_section = soup.select_one(".ohjaamo-points")
    assert address in point_section.select_one("address").get_text()
    assert "00100" in point_section.select_one("address").get_text()
    assert soup.select_one('a[href="mailto:ohjaamo@hel.fi"]')
    assert soup.select_one('a[href="https://ohjaustaverkossa.fi/"]')
    assert soup.select_one('.ohjaamo-channels a[href*="instagram.com"]')
    hreflangs = {link["hreflang"] for link in soup.select('link[rel="alternate"][hreflang]')}
    assert hreflangs == {"fi", "sv", "en"}


def test_services_and_languages_are_in_the_page_language(client, seeded, now):
    _, soup = render(client, ohjaamo("sv"))
    services = [li.get_text(strip=True) for li in soup.select(".ohjaamo-tags li")]
    assert "FPA:s tjänster" in services and "Studiehandledning" in services
    text = soup.select_one("#languages-heading").parent.get_text()
    assert "finska" in text and "somaliska" in text and "Helsingfors" in text
    _, soup = render(client, ohjaamo("en"))
    assert "Kela services" in [li.get_text(strip=True) for li in soup.select(".ohjaamo-tags li")]


def test_regional_ohjaamo_lists_every_municipality_and_point(client, seeded, now):
    _, soup = render(client, ohjaamo("en", "ohjaamo-riihimaki-region"))
    area = soup.select_one("#languages-heading").parent.get_text()
    for name in ("Hausjärvi", "Loppi", "Riihimäki"):
        assert name in area
    names = [h.get_text(strip=True) for h in soup.select(".point h3")]
    assert names == ["Ohjaamo Riihimäki region", "Ohjaamo point in Loppi"]


# --- Hours ---------------------------------------------------------------------------------------


def test_the_week_today_and_open_now(client, seeded, now):
    _, soup = render(client, ohjaamo("en"))
    article = soup.select_one(".point")
    assert "status--open" in article.select_one(".status")["class"]
    assert article.select_one(".status").get_text(strip=True) == "Open now, closes today at 16:00"
    rows = article.select("table.hours-table")[0].select("tbody tr")
    assert len(rows) == 7
    assert rows[0].has_attr("aria-current") and "Thursday" in rows[0].th.get_text()
    assert rows[0].td.get_text(strip=True) == "10:00–16:00"
    assert [r.td.get_text(strip=True) for r in rows[2:4]] == ["closed", "closed"]  # Sat, Sun
    regular = article.select("table.hours-table")[1].get_text(" ", strip=True)
    assert "Wednesday 10:00–18:00" in regular


def test_holidays_and_exceptions_are_shown(client, seeded, now):
    now(BEFORE_CHRISTMAS)
    _, soup = render(client, ohjaamo("fi"))
    article = soup.select_one(".point")
    week = {
        row.th.get_text(" ", strip=True): row.get_text(" ", strip=True)
        for row in article.select("table.hours-table")[0].select("tbody tr")
    }
    christmas_eve = next(text for day, text in week.items() if "24.12." in day)
    assert "Jouluaatto" in christmas_eve
    upcoming = article.select_one(".hours-upcoming").get_text(" ", strip=True)
    assert "Uudenvuodenaatto" in upcoming  # an exception
    assert "12.00–15.00" in upcoming  # special hours between the holidays
    assert "Loppiainen" in upcoming  # a holiday on a weekday the point is open


def test_who_is_in_today(client, seeded, now):
    _, soup = render(client, ohjaamo("fi"))
    today = soup.select_one(".who-today ul").get_text(" ", strip=True)
    assert "Kela" in today and "12.00–16.00" in today  # Kela on Thursdays 12–16
    assert "Psykologi" not in today  # Wednesdays
    week = soup.select_one(".who-week").get_text(" ", strip=True)
    assert "Psykologi" in week
    _, soup = render(client, ohjaamo("sv"))
    assert "FPA" in soup.select_one(".who-today ul").get_text()


def test_nobody_is_in_on_a_closed_day(client, seeded, now):
    now(SUNDAY_NOON)
    _, soup = render(client, ohjaamo("en"))
    box = soup.select_one(".who-today")
    assert "The Ohjaamo is closed today." in box.get_text()
    assert box.select_one("ul") is None


def test_approximate_points_say_so_and_exact_ones_get_a_route_link(client, seeded, now):
    _, soup = render(client, ohjaamo("en", "ohjaamo-espoo"))
    article = soup.select_one(".point")
    assert "Location approximate" in article.select_one("address").get_text()
    assert article.select_one(".point__route") is None
    _, soup = render(client, ohjaamo("fi"))
    route = soup.select_one(".point__route")["href"]
    assert route.startswith("https://www.google.com/maps/dir/?api=1&destination=")
    assert "Fredrikinkatu+48%2C+00100+Helsinki" in route


def test_popup_dates_and_accessibility(client, seeded, now):
    _, soup = render(client, ohjaamo("en", "ohjaamo-tampere"))
    popup = soup.select(".point")[1]
    assert "Pop-up 16 November–4 December 2026" in popup.select_one(".badge").get_text(" ")
    flags = [li.get_text(strip=True) for li in popup.select(".point__flags li")]
    assert flags == ["Step-free entrance", "Accessible toilet", "Lift"]


def test_an_ended_popup_is_left_out(client, seeded, now):
    now(datetime.datetime(2026, 12, 10, 10, 0, tzinfo=datetime.UTC))
    _, soup = render(client, ohjaamo("en", "ohjaamo-tampere"))
    assert [h.get_text(strip=True) for h in soup.select(".point h3")] == ["Ohjaamo Tampere"]


# --- JSON-LD -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_jsonld_is_a_government_office_with_opening_hours(client, seeded, now, lang):
    now(BEFORE_CHRISTMAS)
    response, soup = render(client, ohjaamo(lang))
    script, data = jsonld(soup)
    assert script["nonce"] and script["nonce"] in response["Content-Security-Policy"]
    office = data["@graph"][0]
    assert data["@context"] == "https://schema.org"
    assert office["@type"] == "GovernmentOffice"
    assert office["url"] == ohjaamo(lang).get_full_url()
    assert office["address"]["postalCode"] == "00100"
    assert office["geo"]["@type"] == "GeoCoordinates"
    specs = office["openingHoursSpecification"]
    assert {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Wednesday",
        "opens": "10:00",
        "closes": "18:00",
    } in specs
    closures = {s["validFrom"]: s for s in specs if "validFrom" in s}
    assert (closures["2026-12-24"]["opens"], closures["2026-12-24"]["closes"]) == (
        "00:00",
        "00:00",
    )
    assert closures["2026-12-28"]["opens"] == "12:00"  # special hours


def test_jsonld_of_an_approximate_point_has_no_street_or_coordinates(client, seeded, now):
    _, soup = render(client, ohjaamo("fi", "ohjaamo-espoo"))
    _, data = jsonld(soup)
    office = data["@graph"][0]
    assert "geo" not in office
    assert "streetAddress" not in office["address"]
    assert [city["name"] for city in office["areaServed"]] == ["Espoo", "Kauniainen"]


def test_text_cannot_break_out_of_the_jsonld_or_the_page(client, seeded, now):
    page = ohjaamo("fi")
    page.intro = "Tervetuloa </script><script>alert(1)</script>"
    presences = list(page.presences.all())
    kela = next(p for p in presences if p.weekday == 3)  # in today (Thursday)
    kela.note = "<b>lihavoitu</b>"
    page.presences = presences
    publish(page)
    response, soup = render(client, ohjaamo("fi"))
    html = response.content.decode()
    assert "</script><script>alert(1)" not in html
    assert "<b>lihavoitu</b>" not in html
    _, data = jsonld(soup)
    assert data["@graph"][0]["description"].endswith("</script><script>alert(1)</script>")


# --- Sections from other apps --------------------------------------------------------------------


def test_other_apps_add_sections_through_the_hook(client, seeded, now):
    calls = []

    def section(page, request):
        calls.append(page.pk)
        return {"template": "components/breadcrumbs.html"}

    with hooks.register_temporarily("kohtaamo_ohjaamo_page_sections", section):
        render(client, ohjaamo("sv"))
    assert calls == [ohjaamo("sv").pk]


# --- Where the page may live; model rules --------------------------------------------------------


def test_ohjaamo_pages_live_only_under_the_finder(seeded):
    assert OhjaamoPage.allowed_parent_page_models() == [FinderPage]
    finder = FinderPage.objects.get(locale__language_code="fi")
    assert OhjaamoPage.can_create_at(finder)
    assert not OhjaamoPage.can_create_at(seeded["fi"])
    assert not OhjaamoPage.can_create_at(ContentPage.objects.filter(locale=finder.locale).first())
    assert not OhjaamoPage.can_create_at(ohjaamo("fi"))
    assert HomePage in FinderPage.allowed_parent_page_models()


def test_translated_points_and_their_exceptions_are_in_the_translation_language(seeded):
    for lang in ("sv", "en"):
        page = ohjaamo(lang)
        for item in page.points.all():
            assert item.locale_id == page.locale_id
            for exception in item.exceptions.all():
                assert exception.locale_id == page.locale_id
        source_point = ohjaamo("fi").points.first()
        translated = page.points.get(translation_key=source_point.translation_key)
        assert translated.postal_code == source_point.postal_code
        assert translated.weekly_hours.count() == source_point.weekly_hours.count()


def test_a_point_without_an_address_must_be_marked_approximate(db):
    exact = point("Ilman osoitetta", street="", postal_code="")
    with pytest.raises(ValidationError) as error:
        exact.clean()
    assert set(error.value.message_dict) == {"street_address", "postal_code"}
    approximate = point("Kunnan keskusta", street="", postal_code="", location_approximate=True)
    approximate.clean()


def test_a_point_outside_finland_is_refused(db):
    with pytest.raises(ValidationError) as error:
        point("Tukholma", lat=59.33, lon=18.07).clean()
    assert "latitude" in error.value.message_dict


# --- Queries -------------------------------------------------------------------------------------

OHJAAMO_QUERIES = 20


@pytest.mark.parametrize(("lang", "extra"), [("fi", 0), ("sv", 1), ("en", 1)])
def test_query_count_is_fixed(
    client, seeded, now, own_sections_only, django_assert_num_queries, lang, extra
):
    page = ohjaamo(lang)
    client.get(page.url)
    with django_assert_num_queries(OHJAAMO_QUERIES + extra):
        client.get(page.url)


def test_query_count_does_not_grow_with_points(
    client, seeded, now, own_sections_only, django_assert_num_queries
):
    page = ohjaamo("fi")
    page.points = [
        *page.points.all(),
        *[
            point(
                f"Lisäpiste {i}",
                weekly=[(day, "09:00", "15:00") for day in range(5)],
                exceptions=[
                    (datetime.date(2026, 12, 1), datetime.date(2026, 12, 1), None, None, "Koulutus")
                ],
            )
            for i in range(4)
        ],
    ]
    publish(page)
    client.get(page.url)
    with django_assert_num_queries(OHJAAMO_QUERIES):
        response = client.get(page.url)
    assert response.content.decode().count('class="point"') == 5


def test_points_of_the_page_only(seeded):
    assert ServicePoint.objects.filter(page=ohjaamo("fi")).count() == 1


def test_preview_shows_points_not_saved_yet(seeded, now, rf):
    from django.contrib.auth.models import AnonymousUser

    draft = ohjaamo("fi").get_latest_revision_as_object()
    draft.points = [
        *draft.points.all(),
        point("Esikatselupiste", weekly=[(3, "09:00", "13:00")], sort_order=1),
    ]
    request = rf.get("/")
    request.user = AnonymousUser()
    response = draft.make_preview_request(request, "")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert [h.get_text(strip=True) for h in soup.select(".point h3")] == [
        "Ohjaamo Helsinki",
        "Esikatselupiste",
    ]
    assert "status--open" in soup.select(".point")[1].select_one(".status")["class"]


def test_the_national_team_edits_ohjaamo_pages_and_the_taxonomies_in_the_admin(admin_client):
    page = ohjaamo("fi")
    assert admin_client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    finder = FinderPage.objects.get(locale__language_code="fi")
    assert admin_client.get(f"/admin/pages/{finder.pk}/edit/").status_code == 200
    response = admin_client.get("/admin/snippets/locations/service/")
    assert response.status_code == 200
    assert "Kelan palvelut" in response.content.decode()
    response = admin_client.get("/admin/snippets/locations/servicelanguage/")
    assert response.status_code == 200
    assert "pohjoissaame" in response.content.decode()
