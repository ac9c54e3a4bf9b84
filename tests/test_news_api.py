"""The public API of news and publications: live, public items only, in the requested language,
with the site's filters and pagination, documented in the OpenAPI schema, 4xx JSON for bad
input, and a fixed number of queries per page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news.models import NewsPage
from news.queries import national_news
from tests.factories.news import (
    NewsCategoryFactory,
    NewsTagFactory,
    make_news,
    make_publication,
    news_index,
    ohjaamo_page,
    publication_index,
    translation_of,
)

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


@pytest.fixture
def hidden(seeded):
    """One news item and one publication of each kind that must never appear."""
    index = news_index("fi")
    draft = make_news(index, title="API-luonnos", live=False)
    expired = make_news(index, title="API-vanhentunut")
    NewsPage.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    scheduled = make_news(index, title="API-ajastettu", live=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=1)
    scheduled.save_revision().publish()
    private = make_news(index, title="API-yksityinen")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    unpublished = make_news(index, title="API-poistettu julkaisusta")
    unpublished.unpublish()
    pub_draft = make_publication(title="API-julkaisuluonnos", live=False)
    pub_private = make_publication(title="API-yksityinen julkaisu")
    PageViewRestriction.objects.create(page=pub_private, restriction_type="login")
    return {
        "news": [draft, expired, scheduled, private, unpublished],
        "publications": [pub_draft, pub_private],
    }


def test_news_list_never_shows_hidden_items(client, hidden):
    listed = ids(client.get("/api/news/", {"page_size": 50}))
    for page in hidden["news"]:
        assert page.pk not in listed
        assert client.get(f"/api/news/{page.pk}/").status_code == 404
    assert listed == list(national_news(news_index("fi").locale_id).values_list("pk", flat=True))


def test_publications_never_show_hidden_items(client, hidden):
    listed = ids(client.get("/api/publications/", {"page_size": 50}))
    for page in hidden["publications"]:
        assert page.pk not in listed
        assert client.get(f"/api/publications/{page.pk}/").status_code == 404


def test_ohjaamo_news_never_shows_hidden_items(client, seeded):
    ohjaamo = ohjaamo_page(slug="api-ohjaamo", translations=())
    shown = make_news(ohjaamo, title="Paikallinen julkinen")
    draft = make_news(ohjaamo, title="Paikallinen luonnos", live=False)
    listed = ids(client.get("/api/news/ohjaamo/api-ohjaamo/"))
    assert shown.pk in listed and draft.pk not in listed


def test_news_in_the_requested_language(client, seeded):
    listed_sv = client.get("/api/news/", {"lang": "sv"}).json()["items"]
    assert listed_sv and all(item["lang"] == "sv" for item in listed_sv)
    expected = list(national_news(news_index("sv").locale_id).values_list("pk", flat=True))
    assert [item["id"] for item in listed_sv] == expected
    assert all("/sv/" in item["url"] for item in listed_sv)


def test_detail_answers_in_the_requested_language(client, seeded):
    source = make_news(news_index("fi"), title="Kielellinen uutinen")
    swedish = translation_of(source, "sv")
    data = client.get(f"/api/news/{source.pk}/", {"lang": "sv"}).json()
    assert data["id"] == swedish.pk and data["lang"] == "sv"
    assert data["translations"] == {"fi": source.pk, "sv": swedish.pk}
    assert client.get(f"/api/news/{source.pk}/", {"lang": "en"}).status_code == 404


def test_news_detail_has_body_contacts_and_terms(client, seeded):
    from kohtaamo.seeding import locale

    category = NewsCategoryFactory(name="API-aihe", code="api-aihe")
    news = make_news(
        news_index("fi"),
        title="Runsas uutinen",
        categories=[category],
        body=[("paragraph", "<p>Leipäteksti <b>lihavoitu</b>.</p>")],
    )
    data = client.get(f"/api/news/{news.pk}/").json()
    assert "Leipäteksti" in data["body_html"] and "<b>lihavoitu</b>" in data["body_html"]
    assert data["categories"] == [{"code": "api-aihe", "name": "API-aihe"}]
    assert data["scope"] == "national" and data["ohjaamo"] is None
    assert data["contacts"] == []
    assert locale("fi").language_code == data["lang"]


def test_news_filters(client, seeded):
    category = NewsCategoryFactory(code="api-suodatin")
    tag = NewsTagFactory(code="api-tagi")
    ohjaamo = ohjaamo_page(slug="api-suodatin-ohjaamo", translations=())
    a = make_news(news_index("fi"), categories=[category])
    b = make_news(
        news_index("fi"),
        tags=[tag],
        date=datetime.datetime(2023, 3, 3, tzinfo=datetime.UTC),
    )
    c = make_news(ohjaamo, accepted_nationally=True)
    assert ids(client.get("/api/news/", {"category": "api-suodatin"})) == [a.pk]
    assert ids(client.get("/api/news/", {"tag": "api-tagi"})) == [b.pk]
    assert ids(client.get("/api/news/", {"year": 2023})) == [b.pk]
    assert ids(client.get("/api/news/", {"ohjaamo": "api-suodatin-ohjaamo"})) == [c.pk]
    local = client.get("/api/news/ohjaamo/api-suodatin-ohjaamo/").json()["items"]
    assert c.pk in [item["id"] for item in local]
    item = next(i for i in local if i["id"] == c.pk)
    assert item["scope"] == "local" and item["ohjaamo"]["slug"] == "api-suodatin-ohjaamo"
    assert item["accepted_nationally"] is True


def test_news_pagination(client, seeded):
    for _ in range(5):
        make_news(news_index("fi"))
    total = national_news(news_index("fi").locale_id).count()
    first = client.get("/api/news/", {"page_size": 2}).json()
    assert first["count"] == total and first["pages"] == -(-total // 2)
    second = client.get("/api/news/", {"page_size": 2, "page": 2}).json()
    assert len(first["items"]) == 2 and len(second["items"]) == 2
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    beyond = client.get("/api/news/", {"page_size": 2, "page": 999})
    assert beyond.status_code == 404 and "detail" in beyond.json()


@pytest.mark.parametrize(
    "url,params,status",
    [
        ("/api/news/", {"lang": "de"}, 422),
        ("/api/news/", {"page": 0}, 422),
        ("/api/news/", {"page_size": 500}, 422),
        ("/api/news/", {"year": "vuosi"}, 422),
        ("/api/news/", {"year": 3000}, 422),
        ("/api/news/", {"category": "ei-tallaista"}, 400),
        ("/api/news/", {"tag": "ei-tallaista"}, 400),
        ("/api/news/ohjaamo/ei-ole-ohjaamoa/", {}, 404),
        ("/api/news/999999/", {}, 404),
        ("/api/publications/", {"type": "runo"}, 422),
        ("/api/publications/", {"language": "xx"}, 422),
        ("/api/publications/999999/", {}, 404),
    ],
)
def test_bad_input_gets_json_4xx(client, seeded, url, params, status):
    response = client.get(url, params)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_publications_list_filters_and_search(client, seeded):
    guide = make_publication(
        title="API-opas", publication_type="guide", year=2022, languages=("sv",)
    )
    report = make_publication(
        title="API-raportti",
        year=2022,
        abstract="Erityinen hakusana kaukokaipuu.",
        authors=[{"family_name": "Kirjoittaja", "given_names": "Kaisa", "role": "author"}],
    )
    assert ids(client.get("/api/publications/", {"type": "guide", "year": 2022})) == [guide.pk]
    assert guide.pk in ids(client.get("/api/publications/", {"language": "sv"}))
    assert ids(client.get("/api/publications/", {"q": "kaukokaipuu"})) == [report.pk]
    item = client.get("/api/publications/", {"q": "kaukokaipuu"}).json()["items"][0]
    assert item["authors"][0]["name"] == "Kaisa Kirjoittaja"
    assert item["languages"] == ["fi"]


def test_publication_detail_has_identifiers_and_citation(client, seeded):
    from news.seed import kohtaamo_book

    book = publication_index("fi").get_children().get(slug=kohtaamo_book("fi")["slug"])
    data = client.get(f"/api/publications/{book.pk}/", {"lang": "en"}).json()
    assert data["lang"] == "en"
    assert data["identifiers"]["handle_url"] == "https://www.doria.fi/handle/10024/181720"
    assert "https://hdl.handle.net/10024/181720" in data["citation"]["reference"]
    assert data["citation"]["bibtex_url"].endswith("/cite/bibtex/")
    assert client.get(data["citation"]["bibtex_url"]).status_code == 200
    assert set(data["translations"]) == {"fi", "sv", "en"}


def test_taxonomy_endpoints(client, seeded):
    categories = client.get("/api/news/categories/", {"lang": "sv"}).json()
    assert {"code": "events", "name": "Evenemang"} in categories
    tags = client.get("/api/news/tags/", {"lang": "en"}).json()
    assert {"code": "ohjaamo-week", "name": "Ohjaamo week"} in tags


def test_openapi_documents_news_and_publications(client, seeded):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/news/",
        "/api/news/ohjaamo/{slug}/",
        "/api/news/{news_id}/",
        "/api/news/categories/",
        "/api/publications/",
        "/api/publications/{publication_id}/",
    ):
        assert path in paths, path
    params = {p["name"] for p in paths["/api/news/"]["get"]["parameters"]}
    assert {"lang", "category", "tag", "ohjaamo", "year", "page", "page_size"} <= params
    assert "NewsDetail" in schema["components"]["schemas"]


def count(client, url, params):
    client.get(url, params)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_list_query_counts_do_not_grow(client, seeded):
    category = NewsCategoryFactory()
    make_news(news_index("fi"), categories=[category])
    make_publication(authors=[{"family_name": "A", "role": "author"}])
    news_before = count(client, "/api/news/", {"page_size": 50})
    pubs_before = count(client, "/api/publications/", {"page_size": 50})
    for _ in range(6):
        make_news(news_index("fi"), categories=[category], tags=[NewsTagFactory()])
        make_publication(
            authors=[{"family_name": "A", "role": "author"}, {"family_name": "B", "role": "author"}]
        )
    assert count(client, "/api/news/", {"page_size": 50}) == news_before
    assert count(client, "/api/publications/", {"page_size": 50}) == pubs_before
