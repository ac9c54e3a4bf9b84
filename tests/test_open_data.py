"""Open data: the GeoJSON and CSV files of every point are parsed and every row is checked against
the database (ids, PTV ids, names in three languages, address, coordinates, services, languages,
opening hours in schema.org and OSM syntax); drafts, private and ended points stay out; both files
carry the licence and validators and answer 304 when unchanged; the public API answers
cross-origin reads (GET/HEAD only, never with credentials) and nothing else does."""

import csv
import datetime
import io
import json

import opening_hours
import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import parse_http_date
from wagtail.models import Locale, PageLogEntry, PageViewRestriction

from kohtaamo.seeding import publish
from locations import opendata
from locations.hours import HELSINKI, Schedule, opening_hours_specification
from locations.models import OhjaamoPage, ServicePoint
from tests.factories.locations import make_ohjaamo, point
from tests.factories.news import finder_page

GEOJSON = "/api/locations/open-data/points.geojson"
CSV = "/api/locations/open-data/points.csv"
LANGUAGES = ("fi", "sv", "en")


def published_points():
    """{translation key: {language: point}} of every point of a live, public Ohjaamo page that
    has not ended, read straight from the tables."""
    today = timezone.localdate(timezone=HELSINKI)
    restricted = [r.page.path for r in PageViewRestriction.objects.select_related("page")]
    result = {}
    for point_ in ServicePoint.objects.select_related("page", "locale", "municipality"):
        page = OhjaamoPage.objects.get(pk=point_.page_id)
        if not page.live or any(page.path.startswith(path) for path in restricted):
            continue
        if point_.valid_to and point_.valid_to < today:
            continue
        result.setdefault(str(point_.translation_key), {})[point_.locale.language_code] = point_
    return result


def source_of(by_language):
    return next(by_language[lang] for lang in LANGUAGES if lang in by_language)


def services_of(page):
    return sorted(s.code for s in page.services.all())


@pytest.fixture
def varied(db):
    """Points the seed does not have: a pop-up still on, one ended, one to come, a point with
    hours over midnight and exceptions, a draft Ohjaamo and a private one."""
    finder = finder_page("fi")
    today = timezone.localdate(timezone=HELSINKI)
    day = datetime.timedelta(days=1)
    make_ohjaamo(
        finder,
        "avoin-testi",
        title="Avoin testi",
        points=[
            point(
                "Yöpiste",
                weekly=[(0, "09:00", "16:00"), (4, "22:00", "02:00"), (5, "10:00", "14:00")],
                exceptions=[
                    (today + 3 * day, today + 5 * day, None, None, "Koulutus"),
                    (today + 4 * day, today + 4 * day, "12:00", "13:00", "Lyhyt päivä"),
                    (today - 10 * day, today - 8 * day, None, None, "Ohi"),
                ],
                ptv_id="2b1f4bd0-6d1c-4c35-9e1c-0f5f0c0b9a11",
            ),
            point(
                "Kesäpiste",
                kind="popup",
                valid_from=today - 2 * day,
                valid_to=today + 30 * day,
                weekly=[(d, "10:00", "15:00") for d in range(5)],
            ),
            point(
                "Tuleva piste",
                kind="popup",
                valid_from=today + 10 * day,
                valid_to=today + 20 * day,
                weekly=[(2, "10:00", "15:00")],
            ),
            point(
                "Päättynyt piste",
                kind="popup",
                valid_from=today - 20 * day,
                valid_to=today - 1 * day,
                weekly=[(2, "10:00", "15:00")],
            ),
        ],
    )
    make_ohjaamo(finder, "luonnos-testi", points=[point("Luonnospiste")], live=False)
    private = make_ohjaamo(finder, "yksityinen-testi", points=[point("Yksityinen piste")])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    return today


def test_the_geojson_holds_every_published_point_as_in_the_database(client, varied):
    response = client.get(GEOJSON)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    expected = published_points()
    features = {f["id"]: f for f in data["features"]}
    assert len(features) == len(data["features"])
    assert set(features) == set(expected)

    names = {f["properties"]["name"]["fi"] for f in data["features"]}
    assert {"Yöpiste", "Kesäpiste", "Tuleva piste"} <= names
    assert not names & {"Päättynyt piste", "Luonnospiste", "Yksityinen piste"}

    for key, by_language in expected.items():
        feature = features[key]
        source = source_of(by_language)
        props = feature["properties"]
        assert feature["geometry"] == {
            "type": "Point",
            "coordinates": [source.longitude, source.latitude],
        }
        assert props["id"] == key
        assert props["ptv_id"] == (str(source.ptv_id) if source.ptv_id else None)
        assert props["kind"] == source.kind
        for lang in LANGUAGES:
            row = by_language.get(lang)
            assert props["name"][lang] == (row.name if row else None)
            assert props["ohjaamo"][lang] == (row.page.title if row else None)
            if row:
                assert props["url"][lang].endswith(row.page.url)
        assert props["postal_code"] == source.postal_code
        assert props["post_office"] == source.post_office
        if not source.location_approximate:
            assert props["street_address"] == source.street_address
        assert props["location_approximate"] == source.location_approximate
        assert props["municipality"]["code"] == source.municipality.code
        assert sorted(s["code"] for s in props["services"]) == services_of(source.page)
        assert sorted(props["languages"]) == sorted(
            lang.code for lang in source.page.languages.all()
        )
        assert props["openingHoursSpecification"] == opening_hours_specification(source, varied)
        assert props["opening_hours"] == opendata.osm_opening_hours(source, varied)


def test_the_csv_holds_every_published_point_as_in_the_database(client, varied):
    response = client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(rows[0].keys()) == opendata.CSV_COLUMNS
    expected = published_points()
    by_id = {row["id"]: row for row in rows}
    assert len(by_id) == len(rows)
    assert set(by_id) == set(expected)

    for key, by_language in expected.items():
        row = by_id[key]
        source = source_of(by_language)
        assert row["ptv_id"] == (str(source.ptv_id) if source.ptv_id else "")
        for lang in LANGUAGES:
            translated = by_language.get(lang)
            assert row[f"name_{lang}"] == (translated.name if translated else "")
            assert row[f"ohjaamo_{lang}"] == (translated.page.title if translated else "")
        assert float(row["latitude"]) == pytest.approx(source.latitude, abs=1e-6)
        assert float(row["longitude"]) == pytest.approx(source.longitude, abs=1e-6)
        assert row["postal_code"] == source.postal_code
        assert row["municipality_code"] == source.municipality.code
        assert row["location_approximate"] == str(source.location_approximate).lower()
        assert sorted(filter(None, row["services"].split(";"))) == services_of(source.page)
        assert sorted(filter(None, row["languages"].split(";"))) == sorted(
            lang.code for lang in source.page.languages.all()
        )
        assert row["valid_to"] == (source.valid_to.isoformat() if source.valid_to else "")
        assert row["opening_hours"] == opendata.osm_opening_hours(source, varied)


def spills_from_an_irregular_day(schedule, moment):
    """The small hours after a weekday whose regular hours run past midnight, when that day is
    an exception or a holiday: the site keeps them with the day they open on (closed then), OSM
    parsers differ on whether the weekly rule still reaches into them. Not compared."""
    previous = moment.date() - datetime.timedelta(days=1)
    over_midnight = any(i.over_midnight for i in schedule.weekly[previous.weekday()])
    return over_midnight and moment.hour < 12 and schedule.day(previous).is_irregular


def test_the_osm_opening_hours_say_what_the_schedule_says(client, varied):
    """Every point's `opening_hours` read by an OSM opening_hours parser (with Finland's public
    holidays) gives the same open/closed answer as the site's own schedule, every hour of the
    coming five weeks."""
    rows = list(csv.DictReader(io.StringIO(client.get(CSV).content.decode(), newline="")))
    points = {
        str(p.translation_key): p for p in ServicePoint.objects.filter(locale__language_code="fi")
    }
    start = datetime.datetime.combine(varied, datetime.time(0, 30), tzinfo=HELSINKI)
    checked = 0
    for row in rows:
        if not row["opening_hours"]:
            continue
        parsed = opening_hours.OpeningHours(row["opening_hours"], country="FI")
        schedule = Schedule(points[row["id"]])
        for hour in range(0, 35 * 24):
            moment = start + datetime.timedelta(hours=hour)
            if spills_from_an_irregular_day(schedule, moment):
                continue
            expected = schedule.status(moment).is_open
            assert parsed.is_open(moment.replace(tzinfo=None)) == expected, (
                row["name_fi"],
                row["opening_hours"],
                moment,
            )
        checked += 1
    assert checked >= 5


def test_osm_hours_of_a_point_with_exceptions_and_hours_over_midnight(client, varied):
    point_ = ServicePoint.objects.get(name="Yöpiste", locale__language_code="fi")
    text = opendata.osm_opening_hours(point_, varied)
    rules = text.split("; ")
    assert rules[:2] == ["Mo 09:00-16:00, Fr 22:00-26:00, Sa 10:00-14:00", "PH off"]
    day = datetime.timedelta(days=1)
    assert rules[2].endswith(" off") and rules[3].endswith(" 12:00-13:00")
    assert f"{(varied + 4 * day).year}" in rules[3]
    assert len(rules) == 4  # the past exception is left out
    popup = ServicePoint.objects.get(name="Kesäpiste", locale__language_code="fi")
    assert opendata.osm_opening_hours(popup, varied).startswith(
        f"{varied.year} " if (varied - 2 * day).year == varied.year else ""
    )


def test_both_files_carry_the_licence(client, varied):
    data = client.get(GEOJSON).json()
    assert data["license"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["license"]["name"] == "CC BY 4.0"
    assert data["attribution"]
    for url in (GEOJSON, CSV):
        response = client.get(url)
        assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'


@pytest.mark.parametrize("url", [GEOJSON, CSV])
def test_an_unchanged_file_answers_304_and_a_changed_one_does_not(client, varied, url):
    first = client.get(url)
    tag, modified = first["ETag"], first["Last-Modified"]
    assert tag.startswith('"') and modified.endswith("GMT")
    again = client.get(url, HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == tag
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.head(url, HTTP_IF_NONE_MATCH=tag).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200

    page = OhjaamoPage.objects.get(slug="avoin-testi")
    spot = page.points.get(name="Yöpiste")
    spot.name = "Yöpiste uusi"
    spot.save()
    publish(page)
    changed = client.get(url, HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200
    assert changed["ETag"] != tag
    assert "Yöpiste uusi" in changed.content.decode()
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code in (200, 304)


def test_unpublishing_an_ohjaamo_takes_its_points_out_and_moves_last_modified(client, varied):
    # Every change so far a minute back: HTTP dates count whole seconds.
    minute = datetime.timedelta(minutes=1)
    PageLogEntry.objects.update(timestamp=F("timestamp") - minute)
    OhjaamoPage.objects.update(last_published_at=F("last_published_at") - minute)
    before = client.get(GEOJSON)
    OhjaamoPage.objects.get(slug="avoin-testi").unpublish()
    after = client.get(GEOJSON, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
    assert after.status_code == 200
    names = {f["properties"]["name"]["fi"] for f in after.json()["features"]}
    assert "Yöpiste" not in names
    assert after["ETag"] != before["ETag"]
    assert parse_http_date(after["Last-Modified"]) > parse_http_date(before["Last-Modified"])


def test_collecting_takes_the_same_number_of_queries_for_more_points(rf, varied):
    opendata.collect(rf.get(GEOJSON))  # content types and site root paths in Django's caches
    with CaptureQueriesContext(connection) as first:
        small = opendata.collect(rf.get(GEOJSON))
    make_ohjaamo(
        finder_page("fi"),
        "lisa-testi",
        points=[point(f"Lisäpiste {i}", weekly=[(1, "10:00", "12:00")]) for i in range(12)],
    )
    with CaptureQueriesContext(connection) as second:
        large = opendata.collect(rf.get(GEOJSON))
    assert len(large.records) == len(small.records) + 12
    assert len(second.captured_queries) == len(first.captured_queries)
    assert len(first.captured_queries) == 22


def test_the_files_are_documented_in_the_openapi_schema_and_the_docs(client, db):
    schema = client.get("/api/openapi.json").json()
    geojson_doc = schema["paths"]["/api/locations/open-data/points.geojson"]["get"]
    csv_doc = schema["paths"]["/api/locations/open-data/points.csv"]["get"]
    assert "application/geo+json" in geojson_doc["responses"]["200"]["content"]
    assert "text/csv" in csv_doc["responses"]["200"]["content"]
    assert "304" in geojson_doc["responses"]
    assert "CC BY 4.0" in schema["info"]["description"]
    assert "/api/locations/open-data/points.csv" in schema["info"]["description"]


# --- CORS -----------------------------------------------------------------------------------------

PARTNER = "https://kunta.example"


@pytest.mark.parametrize("url", ["/api/locations/", GEOJSON, CSV, "/api/news/"])
def test_the_api_answers_cross_origin_reads_without_credentials(client, db, url):
    response = client.get(url, HTTP_ORIGIN=PARTNER)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert not response.cookies


def test_a_preflight_allows_reads_only(client, db):
    read = client.options(
        GEOJSON,
        HTTP_ORIGIN=PARTNER,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert read.status_code == 204
    assert read["Access-Control-Allow-Origin"] == "*"
    assert set(read["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "If-None-Match" in read["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in read

    for method in ("POST", "PUT", "DELETE", "PATCH"):
        write = client.options(
            "/api/locations/", HTTP_ORIGIN=PARTNER, HTTP_ACCESS_CONTROL_REQUEST_METHOD=method
        )
        assert "Access-Control-Allow-Origin" not in write
        assert "Access-Control-Allow-Methods" not in write


def test_a_cross_origin_write_gets_no_cors_headers(client, db):
    response = client.post("/api/locations/", HTTP_ORIGIN=PARTNER)
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("url", ["/", "/ohjaamot/", "/admin/login/", "/sitemap.xml"])
def test_pages_outside_the_api_get_no_cors_headers(client, db, url):
    response = client.get(url, HTTP_ORIGIN=PARTNER)
    assert "Access-Control-Allow-Origin" not in response


def test_the_locale_table_has_the_three_languages(db):
    assert set(Locale.objects.values_list("language_code", flat=True)) >= set(LANGUAGES)
