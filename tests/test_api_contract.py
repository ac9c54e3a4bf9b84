"""The public API keeps its contract on bad input: every answer that is not the documented result
is a documented 4xx with JSON `{"detail": "…"}` in the request's language (`lang`, else
Accept-Language, else Finnish), never a 500 and never an HTML page; unknown filter values are a
400 that names the value; the OpenAPI schema documents every error answer."""

import pytest

pytestmark = pytest.mark.django_db


def detail(response, status):
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) == {"detail"}, body
    assert isinstance(body["detail"], str) and body["detail"]
    return body["detail"]


@pytest.mark.parametrize("base", ["/api/news/", "/api/publications/"])
@pytest.mark.parametrize("item", ["99999999999999999999999", "9223372036854775808", "0"])
def test_an_id_too_large_to_exist_is_a_json_404(client, seeded, base, item):
    detail(client.get(f"{base}{item}/"), 404)


@pytest.mark.parametrize(
    "path", ["/api/news/-1/", "/api/news/abc/", "/api/publications/abc/", "/api/ei-ole/"]
)
def test_an_unknown_api_address_is_a_json_404_not_an_html_page(client, seeded, path):
    text = detail(client.get(path), 404)
    assert "<" not in text


def test_a_page_beyond_the_last_is_a_404_even_when_the_listing_is_empty(client, seeded):
    ohjaamo = client.get("/api/news/", {"page_size": 50}).json()["items"]
    slug = next(item["ohjaamo"]["slug"] for item in ohjaamo if item["ohjaamo"])
    text = detail(
        client.get("/api/news/", {"ohjaamo": slug, "category": "", "page": "9999999999999999999"}),
        404,
    )
    assert "9999999999999999999" in text
    detail(client.get("/api/news/", {"ohjaamo": "abc", "page": "9999999999999999999"}), 400)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fi", "Tuntematon ohjaamo: ei-tallaista"),
        ("sv", "Okänd ohjaamo: ei-tallaista"),
        ("en", "Unknown ohjaamo: ei-tallaista"),
    ],
)
def test_an_unknown_ohjaamo_is_a_400_naming_it_in_the_requests_language(
    client, seeded, lang, expected
):
    text = detail(client.get("/api/news/", {"ohjaamo": "ei-tallaista", "lang": lang}), 400)
    assert text.startswith(expected), text


def test_a_long_unknown_value_is_not_echoed_whole(client, seeded):
    text = detail(client.get("/api/news/", {"category": "x" * 80}), 400)
    assert len(text) < 200


@pytest.mark.parametrize(
    ("params", "headers", "expected"),
    [
        ({"lang": "xx"}, {"HTTP_ACCEPT_LANGUAGE": "sv"}, "Parametern lang måste vara något av"),
        ({"lang": "xx"}, {"HTTP_ACCEPT_LANGUAGE": "en"}, "lang must be one of: fi, sv, en."),
        ({"year": "0", "lang": "fi"}, {}, "Parametrin year on oltava vähintään 1900."),
        ({"year": "0", "lang": "sv"}, {}, "Parametern year måste vara minst 1900."),
        ({"year": "0", "lang": "en"}, {}, "year must be at least 1900."),
        ({"page_size": "0", "lang": "en"}, {}, "page_size must be at least 1."),
        ({"page_size": "0", "lang": "fi"}, {}, "Parametrin page_size on oltava vähintään 1."),
        ({"page": "abc", "lang": "en"}, {}, "page must be a whole number."),
        ({"page_size": "500", "lang": "en"}, {}, "page_size must be at most 50."),
    ],
)
def test_a_malformed_parameter_is_a_422_naming_it_in_the_requests_language(
    client, seeded, params, headers, expected
):
    text = detail(client.get("/api/news/", params, **headers), 422)
    assert expected in text, text


def test_a_bad_lang_is_explained_in_finnish_by_default(client, seeded):
    text = detail(client.get("/api/news/", {"lang": "xx"}), 422)
    assert text == "Parametrin lang on oltava jokin näistä: fi, sv, en.", text


def test_the_item_endpoints_answer_in_the_requests_language_too(client, seeded):
    assert detail(client.get("/api/news/99999999999999999999999/", {"lang": "sv"}), 404) == (
        "Inget objekt 99999999999999999999999."
    )
    assert detail(client.get("/api/publications/0/", {"lang": "en"}), 404) == "No item 0."


def test_an_unexpected_failure_is_a_json_500_without_a_traceback(client, seeded, monkeypatch):
    from news import queries

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(queries, "national_news", broken)
    response = client.get("/api/news/", {"lang": "en"}, raise_request_exception=False)
    text = detail(response, 500)
    assert "secret" not in text and "Traceback" not in text


def test_the_schema_documents_every_error_answer(client, seeded):
    schema = client.get("/api/openapi.json").json()
    assert "ErrorOut" in schema["components"]["schemas"]
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            assert {"200", "422", "500", "503"} <= set(responses), (path, method, set(responses))
            for status, response in responses.items():
                if status.startswith(("4", "5")):
                    content = response["content"]["application/json"]["schema"]
                    assert "$ref" in content, (path, status)
    news_list = schema["paths"]["/api/news/"]["get"]["responses"]
    assert {"400", "404"} <= set(news_list)
