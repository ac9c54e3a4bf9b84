"""Which news each listing shows (national index, an Ohjaamo's news block, the home page's latest
news), the filters by category, tag, Ohjaamo and year, pagination, and fixed query counts."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news.queries import PER_PAGE, home_latest_section, national_news, ohjaamo_news_section
from tests.factories.core import ImageFactory
from tests.factories.news import (
    NewsCategoryFactory,
    NewsTagFactory,
    make_news,
    news_index,
    ohjaamo_page,
)

pytestmark = pytest.mark.django_db

HELSINKI = datetime.timezone(datetime.timedelta(hours=2))


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".news-list .card__title a")]


def count_queries(client, url):
    client.get(url)  # warm caches (site chrome, renditions)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def network(seeded):
    """Two Ohjaamos, national news (one pushed), local news (one accepted, one only proposed)."""
    index = news_index("fi")
    first = ohjaamo_page(slug="listaus-ohjaamo-a", title="Ohjaamo A", translations=())
    second = ohjaamo_page(slug="listaus-ohjaamo-b", title="Ohjaamo B", translations=())
    return {
        "index": index,
        "first": first,
        "second": second,
        "national": make_news(index, title="Valtakunnallinen uutinen"),
        "pushed": make_news(index, title="Kampanja kaikille", show_on_ohjaamo_pages=True),
        "accepted": make_news(
            first,
            title="Hyväksytty paikallinen",
            proposed_for_national=True,
            accepted_nationally=True,
        ),
        "proposed": make_news(first, title="Ehdotettu paikallinen", proposed_for_national=True),
        "other_local": make_news(second, title="Toisen Ohjaamon uutinen"),
    }


# --- What each listing holds ---------------------------------------------------------------------


def test_national_index_shows_national_and_accepted_local_news(client, network):
    shown = titles(client.get(network["index"].url))
    assert "Valtakunnallinen uutinen" in shown
    assert "Kampanja kaikille" in shown
    assert "Hyväksytty paikallinen" in shown
    assert "Ehdotettu paikallinen" not in shown
    assert "Toisen Ohjaamon uutinen" not in shown


def test_accepted_local_news_names_its_ohjaamo(client, network):
    soup = BeautifulSoup(client.get(network["index"].url).content, "html.parser")
    card = next(li for li in soup.select(".news-card") if "Hyväksytty paikallinen" in li.get_text())
    assert "Ohjaamo A" in card.select_one(".news-card__source").get_text()


def section_titles(section):
    return [card["title"] for card in section["cards"]] if section else []


def test_ohjaamo_news_block_shows_own_and_pushed_news(network):
    request = RequestFactory().get("/")
    first = set(section_titles(ohjaamo_news_section(network["first"], request)))
    assert {"Kampanja kaikille", "Hyväksytty paikallinen", "Ehdotettu paikallinen"} <= first
    assert not {"Valtakunnallinen uutinen", "Toisen Ohjaamon uutinen"} & first
    second = set(section_titles(ohjaamo_news_section(network["second"], request)))
    assert {"Kampanja kaikille", "Toisen Ohjaamon uutinen"} <= second
    assert not {"Valtakunnallinen uutinen", "Ehdotettu paikallinen"} & second


def test_ohjaamo_without_news_and_no_push_has_no_block(seeded):
    lonely = ohjaamo_page(slug="hiljainen-ohjaamo", translations=())
    from news.models import NewsPage

    NewsPage.objects.filter(show_on_ohjaamo_pages=True).update(show_on_ohjaamo_pages=False)
    assert ohjaamo_news_section(lonely, RequestFactory().get("/")) is None


def test_ohjaamo_block_is_rendered_by_the_hook(client, network):
    from wagtail import hooks

    request = RequestFactory().get("/")
    sections = [
        hook(network["first"], request)
        for hook in hooks.get_hooks("kohtaamo_ohjaamo_page_sections")
    ]
    ours = [s for s in sections if s and s["template"] == "news/sections/ohjaamo_news.html"]
    assert len(ours) == 1
    assert {link["type"] for link in ours[0]["head_links"]} == {
        "application/rss+xml",
        "application/atom+xml",
    }


def test_ohjaamo_page_shows_its_news_block(client, network):
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    try:
        get_template(network["first"].get_template(RequestFactory().get("/")))
    except TemplateDoesNotExist:
        pytest.skip("the Ohjaamo page template is not there yet (finder part)")
    response = client.get(network["first"].url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Kampanja kaikille" in content
    assert "Ehdotettu paikallinen" in content
    assert "Toisen Ohjaamon uutinen" not in content


def test_home_page_shows_the_latest_national_news(client, network):
    section = home_latest_section(network["index"].get_parent().specific, RequestFactory().get("/"))
    assert len(section["cards"]) == 3
    latest = list(national_news(network["index"].locale_id)[:3])
    assert [c["id"] for c in section["cards"]] == [n.pk for n in latest]
    assert section["index_url"] == network["index"].url
    response = client.get("/")
    assert section["cards"][0]["title"] in response.content.decode()


def test_each_language_lists_its_own_news(client, seeded):
    make_news(news_index("fi"), title="Vain suomeksi")
    make_news(news_index("sv"), title="Bara på svenska")
    assert "Bara på svenska" not in titles(client.get(news_index("fi").url))
    sv = titles(client.get(news_index("sv").url))
    assert "Bara på svenska" in sv and "Vain suomeksi" not in sv


def test_listing_is_newest_first_by_publication_date(client, seeded):
    index = news_index("fi")
    make_news(index, title="Vanhempi", date=timezone.now() - datetime.timedelta(days=3))
    make_news(index, title="Uudempi", date=timezone.now() - datetime.timedelta(days=1))
    shown = titles(client.get(index.url))
    assert shown.index("Uudempi") < shown.index("Vanhempi")


def test_publication_date_defaults_to_first_publication(seeded):
    news = make_news(news_index("fi"))
    assert news.date is None
    assert news.publication_date == news.first_published_at
    annotated = national_news(news.locale_id).get(pk=news.pk)
    assert annotated.news_date == news.first_published_at


# --- Visibility ----------------------------------------------------------------------------------


def test_drafts_expired_and_private_news_are_not_listed(client, seeded):
    index = news_index("fi")
    make_news(index, title="Luonnos", live=False)
    expired = make_news(index, title="Vanhentunut")
    expired.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    expired.save()  # still live: publish_scheduled has not run yet
    restricted_parent = make_news(index, title="Yksityinen")
    PageViewRestriction.objects.create(page=restricted_parent, restriction_type="login")
    shown = titles(client.get(index.url))
    assert "Luonnos" not in shown
    assert "Vanhentunut" not in shown
    assert "Yksityinen" not in shown
    assert client.get(expired.url).status_code == 404


# --- Filters -------------------------------------------------------------------------------------


@pytest.fixture
def filtered(seeded):
    index = news_index("fi")
    events = NewsCategoryFactory(name="Tapahtumat testi", code="tapahtumat-testi")
    campaigns = NewsCategoryFactory(name="Kampanjat testi", code="kampanjat-testi")
    summer = NewsTagFactory(name="Kesä", code="kesa-testi")
    ohjaamo = ohjaamo_page(slug="suodatin-ohjaamo", title="Suodatin-Ohjaamo", translations=())
    year_2024 = datetime.datetime(2024, 5, 2, 12, tzinfo=HELSINKI)
    return {
        "index": index,
        "event": make_news(index, title="Tapahtumauutinen", categories=[events]),
        "summer": make_news(
            index, title="Kesäkampanja", categories=[campaigns], tags=[summer], date=year_2024
        ),
        "local": make_news(
            ohjaamo,
            title="Suodatettava paikallinen",
            accepted_nationally=True,
            categories=[events],
        ),
    }


def test_filter_by_category(client, filtered):
    shown = titles(client.get(filtered["index"].url, {"category": "tapahtumat-testi"}))
    assert set(shown) == {"Tapahtumauutinen", "Suodatettava paikallinen"}


def test_filter_by_tag(client, filtered):
    assert titles(client.get(filtered["index"].url, {"tag": "kesa-testi"})) == ["Kesäkampanja"]


def test_filter_by_ohjaamo(client, filtered):
    shown = titles(client.get(filtered["index"].url, {"ohjaamo": "suodatin-ohjaamo"}))
    assert shown == ["Suodatettava paikallinen"]


def test_filter_by_year_and_combined(client, filtered):
    assert titles(client.get(filtered["index"].url, {"year": "2024"})) == ["Kesäkampanja"]
    combined = {"year": "2024", "category": "tapahtumat-testi"}
    response = client.get(filtered["index"].url, combined)
    assert titles(response) == []
    assert (
        "No news match these filters." in response.content.decode()
        or response.context["page_obj"].paginator.count == 0
    )


def test_bad_filter_values_show_the_whole_listing(client, filtered):
    everything = titles(client.get(filtered["index"].url))
    assert titles(client.get(filtered["index"].url, {"year": "kaksituhatta"})) == everything
    assert titles(client.get(filtered["index"].url, {"year": "99999"})) == everything
    assert titles(client.get(filtered["index"].url, {"category": "ei-ole"})) == []


def test_filter_form_offers_only_values_in_the_listing(client, filtered):
    soup = BeautifulSoup(client.get(filtered["index"].url).content, "html.parser")
    categories = [o["value"] for o in soup.select("#news-filter-category option") if o["value"]]
    assert "tapahtumat-testi" in categories and "kampanjat-testi" in categories
    ohjaamos = [o.get_text() for o in soup.select("#news-filter-ohjaamo option") if o["value"]]
    assert ohjaamos == ["Suodatin-Ohjaamo"] or "Suodatin-Ohjaamo" in ohjaamos
    years = [o["value"] for o in soup.select("#news-filter-year option") if o["value"]]
    assert "2024" in years
    # Every filter has a visible label.
    for select in soup.select(".news-filters select"):
        assert soup.select_one(f'label[for="{select["id"]}"]') is not None


def test_selected_filters_stay_selected(client, filtered):
    soup = BeautifulSoup(
        client.get(filtered["index"].url, {"category": "tapahtumat-testi"}).content,
        "html.parser",
    )
    selected = soup.select_one("#news-filter-category option[selected]")
    assert selected["value"] == "tapahtumat-testi"
    assert soup.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")


# --- Pagination and query counts -----------------------------------------------------------------


def test_pagination(client, seeded):
    index = news_index("fi")
    existing = national_news(index.locale_id).count()
    for n in range(PER_PAGE + 3 - existing):
        make_news(index, title=f"Sivutus {n}")
    total = national_news(index.locale_id).count()
    first = client.get(index.url)
    assert len(titles(first)) == PER_PAGE
    second = client.get(index.url, {"page": 2})
    assert len(titles(second)) == total - PER_PAGE
    assert not set(titles(first)) & set(titles(second))
    # Out of range and nonsense page numbers show a real page.
    assert titles(client.get(index.url, {"page": 99})) == titles(second)
    assert titles(client.get(index.url, {"page": "x"})) == titles(first)
    soup = BeautifulSoup(first.content, "html.parser")
    assert soup.select_one('.pagination a[rel="next"]')["href"].endswith("page=2")


def test_national_index_query_count_does_not_grow_with_items(client, seeded):
    index = news_index("fi")
    ohjaamo = ohjaamo_page(slug="kyselyt-ohjaamo", translations=())
    category = NewsCategoryFactory()
    tag = NewsTagFactory()
    image = ImageFactory()
    make_news(index, hero_image=image, hero_decorative=True, categories=[category], tags=[tag])
    few = count_queries(client, index.url)
    for _ in range(6):
        make_news(index, hero_image=image, hero_decorative=True, categories=[category], tags=[tag])
        make_news(ohjaamo, accepted_nationally=True, categories=[category])
    many = count_queries(client, index.url)
    assert many == few
    filtered = count_queries(client, f"{index.url}?category={category.code}&year=2026")
    assert filtered == few


def test_national_index_query_budget(client, seeded, django_assert_max_num_queries):
    index = news_index("fi")
    client.get(index.url)
    with django_assert_max_num_queries(25):
        client.get(index.url)


def test_news_page_query_count_is_fixed(client, seeded):
    index = news_index("fi")
    categories = [NewsCategoryFactory() for _ in range(3)]
    plain = make_news(index)
    rich = make_news(index, categories=categories, tags=[NewsTagFactory() for _ in range(3)])
    assert count_queries(client, plain.url) == count_queries(client, rich.url)


def test_ohjaamo_block_query_count_does_not_grow_with_items(seeded, django_assert_max_num_queries):
    ohjaamo = ohjaamo_page(slug="lohko-ohjaamo", translations=())
    make_news(ohjaamo, categories=[NewsCategoryFactory()])
    request = RequestFactory().get("/")
    ohjaamo_news_section(ohjaamo, request)  # warm caches
    with CaptureQueriesContext(connection) as few:
        ohjaamo_news_section(ohjaamo, request)
    for _ in range(8):
        make_news(ohjaamo, categories=[NewsCategoryFactory()], tags=[NewsTagFactory()])
    with django_assert_max_num_queries(len(few)):
        section = ohjaamo_news_section(ohjaamo, request)
    assert len(section["cards"]) == 5
    assert section["page_obj"].paginator.num_pages == 2


def test_home_section_query_count_is_fixed(seeded, django_assert_max_num_queries):
    home = seeded["fi"]
    request = RequestFactory().get("/")
    home_latest_section(home, request)  # warm caches
    with CaptureQueriesContext(connection) as baseline:
        home_latest_section(home, request)
    for _ in range(5):
        make_news(news_index("fi"), categories=[NewsCategoryFactory()])
    with django_assert_max_num_queries(len(baseline)):
        home_latest_section(home, request)
