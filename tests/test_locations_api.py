"""The locations API: GeoJSON of every live point, the nearest search, clear 4xx answers for bad
input, the OpenAPI schema, the docs page under the CSP, and positions never logged."""

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from kohtaamo.seeding import publish
from locations.models import Service
from locations.models.pages import FINLAND_BBOX
from tests.test_finder_nearest import add_synthetic_points, network  # noqa: F401

LIST = "/api/locations/"
NEAREST = "/api/locations/nearest/"


def inside_finland(lon, lat):
    return (
        FINLAND_BBOX["min_lat"] <= lat <= FINLAND_BBOX["max_lat"]
        and FINLAND_BBOX["min_lon"] <= lon <= FINLAND_BBOX["max_lon"]
    )


# --- GeoJSON --------------------------------------------------------------------------------------


def test_the_list_is_a_feature_collection_of_every_live_point(client, network):  # noqa: F811
    response = client.get(LIST)
    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "FeatureCollection"
    names = {f["properties"]["name"] for f in data["features"]}
    assert {"Fredrikinkatu", "Leppävaara", "Loppi", "Riihimäki", "Rovakatu"} <= names
    feature = next(f for f in data["features"] if f["properties"]["name"] == "Fredrikinkatu")
    assert feature["geometry"] == {"type": "Point", "coordinates": [24.9342, 60.1659]}
    props = feature["properties"]
    assert props["ohjaamo"]["url"].startswith("http")
    assert props["ohjaamo"]["url"].endswith("/testihaku/testi-helsinki/")
    assert props["address"] == {
        "street_address": "Testikatu 1",
        "postal_code": "00100",
        "post_office": "Helsinki",
    }
    assert props["municipality"] == {"code": "091", "name": "Helsinki"}
    assert props["region"] == {"code": "01", "name": "Uusimaa"}
    assert set(props) >= {"open_now", "next_opening", "closes_at", "services", "kind"}
    assert response["Cache-Control"] == "public, max-age=60"


def test_every_point_of_the_seeded_site_is_inside_finland(client, db):
    response = client.get(LIST)
    assert response.status_code == 200
    for feature in response.json()["features"]:
        assert inside_finland(*feature["geometry"]["coordinates"]), feature["properties"]["name"]


def test_the_list_answers_in_the_requested_language(client, network):  # noqa: F811
    response = client.get(LIST, {"lang": "sv"})
    assert response.status_code == 200
    # The test pages are Finnish only: the Swedish list does not show them.
    assert "Fredrikinkatu" not in {f["properties"]["name"] for f in response.json()["features"]}


def test_drafts_and_private_pages_are_never_listed(client, network):  # noqa: F811
    _, pages = network
    pages["testi-espoo"].unpublish()
    PageViewRestriction.objects.create(
        page=pages["testi-vantaa"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    names = {f["properties"]["name"] for f in client.get(LIST).json()["features"]}
    assert "Leppävaara" not in names and "Tikkurila" not in names
    assert "Fredrikinkatu" in names
    results = client.get(NEAREST, {"q": "Espoo", "limit": 50}).json()["results"]
    assert not {"Leppävaara", "Tikkurila"} & {r["name"] for r in results}


def test_the_list_filters_by_service(client, network):  # noqa: F811
    _, pages = network
    fi = Locale.objects.get(language_code="fi")
    service, _ = Service.objects.get_or_create(
        code="testi-opinto", locale=fi, defaults={"name": "Opinto-ohjaus (testi)"}
    )
    page = pages["testi-tampere"]
    page.services.set([service])
    publish(page)
    data = client.get(LIST, {"service": "testi-opinto"}).json()
    assert [f["properties"]["name"] for f in data["features"]] == ["Hämeenkatu"]
    assert data["features"][0]["properties"]["services"] == [
        {"code": "testi-opinto", "name": "Opinto-ohjaus (testi)"}
    ]
    response = client.get(LIST, {"service": "no-such-service", "lang": "en"})
    assert response.status_code == 400
    assert response.json() == {"detail": "Unknown service: no-such-service."}


def test_the_list_runs_a_fixed_number_of_queries(client, network):  # noqa: F811
    finder, _ = network
    client.get(LIST)  # warm the site root cache

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(LIST).status_code == 200
        return len(context.captured_queries)

    before = count()
    add_synthetic_points(finder, 40)
    assert count() == before
    assert before <= 9


# --- nearest --------------------------------------------------------------------------------------


def test_postcode_00100_puts_helsinki_first(client, network):  # noqa: F811
    response = client.get(NEAREST, {"postcode": "00100", "limit": 3})
    assert response.status_code == 200
    data = response.json()
    assert data["origin"]["kind"] == "postcode"
    assert data["origin"]["label"] == "00100 Helsinki"
    assert data["origin"]["municipality"] == {"code": "091", "name": "Helsinki"}
    results = data["results"]
    assert [r["name"] for r in results] == ["Fredrikinkatu", "Leppävaara", "Tikkurila"]
    assert results[0]["serves"] is True and results[1]["serves"] is False
    assert results[0]["distance_km"] < 2
    assert results[1]["distance_km"] <= results[2]["distance_km"]
    # A postal code is no position: the answer may be kept by shared caches (for a minute).
    assert response["Cache-Control"] == "public, max-age=60"


def test_postcode_96100_puts_rovaniemi_first(client, network):  # noqa: F811
    results = client.get(NEAREST, {"postcode": "96100"}).json()["results"]
    assert results[0]["name"] == "Rovakatu" and results[0]["serves"]


def test_helsingfors_in_swedish_words(client, network):  # noqa: F811
    data = client.get(NEAREST, {"q": "Helsingfors"}).json()
    assert data["origin"]["label"] == "Helsinki"  # answered in Finnish, the default
    assert data["results"][0]["name"] == "Fredrikinkatu"


def test_a_position_finds_the_nearest(client, network):  # noqa: F811
    data = client.get(NEAREST, {"lat": "61.4981", "lon": "23.7610", "limit": "1"}).json()
    assert data["origin"]["kind"] == "position"
    assert data["origin"]["municipality"] == {"code": "837", "name": "Tampere"}
    assert [r["name"] for r in data["results"]] == ["Hämeenkatu"]
    assert data["results"][0]["distance_km"] < 0.1


@pytest.mark.parametrize(
    ("params", "status", "detail"),
    [
        ({"lat": "91", "lon": "25"}, 400, "lat must be between -90 and 90."),
        ({"lat": "60", "lon": "abc"}, 400, "lon must be a number in decimal degrees."),
        ({"lat": "nan", "lon": "25"}, 400, "lat must be between -90 and 90."),
        ({"lat": "60"}, 400, "Give both lat and lon."),
        ({"q": "helsinki", "limit": "10000"}, 400, "limit must be a whole number from 1 to 50."),
        ({"q": "helsinki", "limit": "0"}, 400, "limit must be a whole number from 1 to 50."),
        ({"q": "helsinki", "limit": "many"}, 400, "limit must be a whole number from 1 to 50."),
        ({}, 400, "Give a position (lat and lon), a postcode or q."),
        (
            {"postcode": "00100", "q": "Turku"},
            400,
            "Give only one of: a position (lat and lon), postcode, q.",
        ),
        ({"postcode": "123"}, 400, "postcode must be five digits, e.g. 00100."),
        ({"q": "helsinki", "service": "nope"}, 400, "Unknown service: nope."),
    ],
)
def test_bad_input_answers_400_with_a_message(client, db, params, status, detail):
    response = client.get(NEAREST, {"lang": "en", **params}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": detail}


def test_messages_are_finnish_by_default(client, db):
    response = client.get(NEAREST, {"postcode": "123"})
    assert response.status_code == 400
    assert response.json() == {"detail": "Postinumerossa (postcode) on viisi numeroa, esim. 00100."}
    response = client.get(NEAREST, {"postcode": "123", "lang": "sv"})
    assert response.json() == {"detail": "Postnumret (postcode) ska ha fem siffror, t.ex. 00100."}
    # An unknown language is answered in the default one.
    response = client.get(NEAREST, {"q": "helsinki", "lang": "de"})
    assert response.status_code == 400
    assert response.json() == {"detail": "lang-parametrin on oltava fi, sv tai en."}


def test_an_unknown_place_answers_404_with_suggestions(client, db):
    response = client.get(NEAREST, {"postcode": "00000", "lang": "en"})
    assert response.status_code == 404
    data = response.json()
    assert data["detail"] == "Unknown postal code 00000."
    assert data["suggestions"] and all(s.startswith("00") for s in data["suggestions"])
    response = client.get(NEAREST, {"q": "Helsinkki", "lang": "en"})
    assert response.status_code == 404
    assert "Helsinki" in response.json()["suggestions"]


def test_messages_follow_the_requested_language(client, db):
    response = client.get(NEAREST, {"q": "Helsingforz", "lang": "sv"})
    assert response.status_code == 404
    assert "Helsingfors" in response.json()["suggestions"]


def test_a_position_is_never_logged(client, network, caplog):  # noqa: F811
    with caplog.at_level(logging.DEBUG):
        client.get(NEAREST, {"lat": "60.123456", "lon": "24.654321"})
        client.get(NEAREST, {"lat": "60.123456", "lon": "abc"})
        client.get(NEAREST, {"lat": "99.123456", "lon": "24.654321"})
    logged = "\n".join(
        f"{record.getMessage()} {record.args!r} {getattr(record, 'request', '')!r}"
        for record in caplog.records
    )
    assert "60.123456" not in logged and "24.654321" not in logged and "99.123456" not in logged


# --- schema and docs ------------------------------------------------------------------------------


def test_the_openapi_schema_documents_the_endpoints_and_their_errors(client, db):
    schema = client.get("/api/openapi.json").json()
    listing = schema["paths"]["/api/locations/"]["get"]
    assert {"200", "400"} <= set(listing["responses"])
    near = schema["paths"]["/api/locations/nearest/"]["get"]
    assert {"200", "400", "404"} <= set(near["responses"])
    params = {p["name"] for p in near["parameters"]}
    assert {"lat", "lon", "postcode", "q", "limit", "lang", "service"} <= params
    components = schema["components"]["schemas"]
    assert {"FeatureCollection", "NearestResponse", "PlaceNotFoundError", "Error"} <= set(
        components
    )


def test_the_docs_page_loads_only_local_assets_under_the_csp(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assert '<script src="/static/ninja/swagger-ui-bundle.js">' in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-eval" not in policy and "unsafe-inline" not in policy.split("script-src")[1]


# --- open now (contract of locations.hours.status) ----------------------------------------------


def test_open_now_comes_from_the_hours_module(client, network, monkeypatch):  # noqa: F811
    import datetime
    import sys
    import types
    from zoneinfo import ZoneInfo

    helsinki = ZoneInfo("Europe/Helsinki")
    closes = datetime.datetime(2026, 11, 23, 16, 0, tzinfo=helsinki)
    opens = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=helsinki)
    seen = []

    def status(point, now=None):
        seen.append((point.pk, now))
        if point.name == "Fredrikinkatu":
            return types.SimpleNamespace(is_open=True, closes_at=closes, opens_next_at=None)
        return types.SimpleNamespace(is_open=False, closes_at=None, opens_next_at=opens)

    fake = types.ModuleType("locations.hours")
    fake.status = status
    monkeypatch.setitem(sys.modules, "locations.hours", fake)

    features = {
        f["properties"]["name"]: f["properties"] for f in client.get(LIST).json()["features"]
    }
    assert features["Fredrikinkatu"]["open_now"] is True
    assert features["Fredrikinkatu"]["closes_at"] == "2026-11-23T16:00:00+02:00"
    assert features["Leppävaara"]["open_now"] is False
    assert features["Leppävaara"]["next_opening"] == "2026-11-24T09:00:00+02:00"
    assert all(now is not None for _, now in seen)  # one "now" for the whole answer
    assert len({now for _, now in seen}) == 1
    results = client.get(NEAREST, {"postcode": "00100", "limit": 2}).json()["results"]
    assert [r["open_now"] for r in results] == [True, False]


# --- the seeded demo site ---------------------------------------------------------------------


def seeded_finder_or_skip():
    from locations.models import FinderPage

    if not FinderPage.objects.filter(slug="ohjaamot", locale__language_code="fi").exists():
        pytest.skip("the demo seed has no finder page yet")


@pytest.mark.parametrize(
    ("params", "slug"),
    [
        ({"postcode": "00100"}, "ohjaamo-helsinki"),
        ({"postcode": "96100"}, "ohjaamo-rovaniemi"),
        ({"q": "Helsingfors"}, "ohjaamo-helsinki"),
        ({"q": "jyvaskyla"}, "jyvaskylan-ohjaamo"),
        ({"q": "åbo"}, "turun-ohjaamo"),
    ],
)
def test_the_seeded_site_answers_with_the_right_ohjaamo_first(client, db, params, slug):
    seeded_finder_or_skip()
    response = client.get(NEAREST, params)
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert first["ohjaamo"]["url"].rstrip("/").endswith(f"/{slug}")
    assert first["serves"] is True


def test_the_seeded_site_lists_points_in_every_language(client, db):
    seeded_finder_or_skip()
    for lang in ("fi", "sv", "en"):
        features = client.get(LIST, {"lang": lang}).json()["features"]
        assert len(features) >= 14, lang
        for feature in features:
            assert inside_finland(*feature["geometry"]["coordinates"])


def test_open_now_with_the_real_opening_hours(client, network, monkeypatch):  # noqa: F811
    import datetime
    from zoneinfo import ZoneInfo

    pytest.importorskip("locations.hours")
    from locations.models import OpeningHours, ServicePoint

    helsinki = ZoneInfo("Europe/Helsinki")
    point = ServicePoint.objects.get(name="Fredrikinkatu", page__slug="testi-helsinki")
    OpeningHours.objects.create(
        point=point, weekday=0, opens=datetime.time(9), closes=datetime.time(16)
    )
    monday_morning = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=helsinki)
    monkeypatch.setattr("locations.api.timezone.now", lambda: monday_morning)

    features = {
        f["properties"]["name"]: f["properties"] for f in client.get(LIST).json()["features"]
    }
    assert features["Fredrikinkatu"]["open_now"] is True
    assert features["Fredrikinkatu"]["closes_at"] == "2026-11-23T16:00:00+02:00"
    assert features["Leppävaara"]["open_now"] is False  # no opening hours at all

    monkeypatch.setattr(
        "locations.api.timezone.now",
        lambda: datetime.datetime(2026, 11, 23, 17, 0, tzinfo=helsinki),
    )
    first = client.get(NEAREST, {"postcode": "00100", "limit": 1}).json()["results"][0]
    assert first["open_now"] is False
    assert first["next_opening"] == "2026-11-30T09:00:00+02:00"
