"""/api/search/ and its autocomplete, and the publications API's search through the one layer:
answers in the request's language, bad input → 4xx with a message, never a 500."""

import pytest

from tests import search_support

pytestmark = pytest.mark.django_db
search_engine_name = search_support.search_engine_name


def test_site_search_answers_with_items_and_facets(client, search_engine_name):
    response = client.get("/api/search/", {"q": "ohjaamo tampereella", "lang": "fi"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] > 0
    first = data["items"][0]
    assert set(first) >= {"title", "url", "type", "type_label", "snippet_html", "distance_km"}
    assert first["url"].startswith("http://testserver/")
    assert {f["name"] for f in data["facets"]} >= {"type", "region"}
    points = [item for item in data["items"] if item["type"] == "point"]
    assert points and points[0]["distance_km"] is not None


def test_site_search_filters_and_corrects(client, search_engine_name):
    data = client.get("/api/search/", {"q": "ohjamo", "lang": "fi", "type": "point"}).json()
    assert data["corrected_from"] == "ohjamo"
    assert data["count"] > 0
    assert {item["type"] for item in data["items"]} == {"point"}


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"q": "ohjaamo", "lang": "sv", "type": "bogus"}, 400, "Okänt värde"),
        ({"q": "ohjaamo", "lang": "en", "region": "99"}, 400, "Unknown value"),
        ({"q": "ohjaamo", "lang": "fi", "page": 900}, 404, "Sivua 900 ei ole"),
        ({"q": '""', "lang": "en"}, 400, "Type at least one word"),
        ({"q": "\x00\x01", "lang": "fi"}, 400, "Kirjoita ainakin yksi hakusana"),
    ],
)
def test_bad_input_answers_4xx_in_the_request_language(client, seeded, params, status, message):
    response = client.get("/api/search/", params)
    assert response.status_code == status
    assert message in response.json()["detail"]


@pytest.mark.parametrize(
    "query",
    ['"', "ohjaamo OR", "NEAR(a b)", "*", "x:y", "\\", "a" * 10_000, "ohjaamo\u0000tampere"],
)
def test_syntax_and_huge_queries_never_fail(client, seeded, query):
    for path in ("/api/search/", "/api/publications/"):
        response = client.get(path, {"q": query[:10_000], "lang": "fi"})
        assert response.status_code in (200, 400, 422), (path, response.status_code)
        assert "detail" in response.json() or response.status_code == 200


def test_publications_api_search_is_the_search_layer(client, seeded):
    # The quoted bug: a lone quote mark made SQLite FTS5 fail with a 500.
    assert client.get("/api/publications/", {"q": '"'}).status_code == 200
    # Word forms work in the publications search too.
    plain = client.get("/api/publications/", {"q": "ohjaamo", "lang": "fi"}).json()
    inflected = client.get("/api/publications/", {"q": "ohjaamoissa", "lang": "fi"}).json()
    assert plain["count"] > 0
    assert [i["id"] for i in inflected["items"]] == [i["id"] for i in plain["items"]]


def test_autocomplete_gives_at_most_ten_titles_and_places(client, seeded):
    data = client.get("/api/search/autocomplete/", {"q": "tam", "lang": "fi"}).json()
    labels = [s["label"] for s in data]
    assert 0 < len(data) <= 10
    assert "Tampereen Ohjaamo" in labels
    assert "Tampere" in labels
    place = next(s for s in data if s["label"] == "Tampere")
    assert place["type"] == "place" and place["url"] is None
    assert client.get("/api/search/autocomplete/", {"q": "o", "lang": "fi"}).json() == []
    many = client.get("/api/search/autocomplete/", {"q": "oh", "lang": "fi"}).json()
    assert len(many) == 10


def test_search_endpoints_are_documented(client, seeded):
    schema = client.get("/api/openapi.json").json()
    assert "/api/search/" in schema["paths"]
    assert "/api/search/autocomplete/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/search/"]["get"]["parameters"]}
    assert parameters >= {"q", "lang", "type", "region", "service", "language", "page"}
