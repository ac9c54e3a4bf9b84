"""RSS 2.0 and Atom feeds of the national news and of each Ohjaamo, in every language: valid for
feedparser, only live items, the same items as the listing, and autodiscovery links in the head."""

import datetime

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.factories.news import NewsCategoryFactory, make_news, news_index, ohjaamo_page

pytestmark = pytest.mark.django_db

LANGS = ("fi", "sv", "en")
KINDS = {"rss": ("feed/", "rss20"), "atom": ("feed/atom/", "atom10")}


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGS)
def test_national_feed_is_valid_in_every_language(client, seeded, lang, kind):
    index = news_index(lang)
    suffix, version = KINDS[kind]
    response, feed = parse(client, index.url + suffix)
    assert feed.version == version
    assert response["Content-Language"] == lang
    assert feed.feed.get("language", lang) == lang
    assert feed.feed.title.startswith(index.title)
    assert feed.feed.link == index.full_url
    listing = [card["full_url"] for card in client.get(index.url).context["cards"]]
    assert [entry.link for entry in feed.entries][: len(listing)] == listing
    for entry in feed.entries:
        assert entry.title and entry.link.startswith("http")
        assert entry.get("published_parsed") or entry.get("updated_parsed")


def test_rss_content_type_and_atom_content_type(client, seeded):
    index = news_index("fi")
    assert client.get(index.url + "feed/")["Content-Type"].startswith("application/rss+xml")
    assert client.get(index.url + "feed/atom/")["Content-Type"].startswith("application/atom+xml")


@pytest.mark.parametrize("kind", KINDS)
def test_ohjaamo_feed_has_own_and_pushed_news(client, seeded, kind):
    ohjaamo = ohjaamo_page(slug="syote-ohjaamo", title="Syöte-Ohjaamo", translations=())
    make_news(ohjaamo, title="Paikallinen syöteuutinen")
    make_news(news_index("fi"), title="Kaikille näytettävä", show_on_ohjaamo_pages=True)
    make_news(news_index("fi"), title="Vain valtakunnallinen")
    suffix, version = KINDS[kind]
    _response, feed = parse(client, ohjaamo.url + suffix)
    assert feed.version == version
    titles = {entry.title for entry in feed.entries}
    assert {"Paikallinen syöteuutinen", "Kaikille näytettävä"} <= titles
    assert "Vain valtakunnallinen" not in titles
    assert "Syöte-Ohjaamo" in feed.feed.title


@pytest.mark.parametrize("lang", ("sv", "en"))
def test_ohjaamo_feed_in_translation(client, seeded, lang):
    ohjaamo = ohjaamo_page(slug="kielisyote-ohjaamo", translations=("sv", "en"))
    translated = ohjaamo.get_translation(news_index(lang).locale)
    response, feed = parse(client, translated.url + "feed/")
    assert response["Content-Language"] == lang
    assert feed.feed.language == lang


def test_feeds_show_only_live_public_unexpired_items(client, seeded):
    index = news_index("fi")
    make_news(index, title="Luonnos syötteessä", live=False)
    expired = make_news(index, title="Vanhentunut syötteessä")
    expired.expire_at = timezone.now() - datetime.timedelta(minutes=5)
    expired.save()
    private = make_news(index, title="Yksityinen syötteessä")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    make_news(index, title="Julkinen syötteessä")
    for suffix, _version in KINDS.values():
        _response, feed = parse(client, index.url + suffix)
        titles = {entry.title for entry in feed.entries}
        assert "Julkinen syötteessä" in titles
        assert not titles & {
            "Luonnos syötteessä",
            "Vanhentunut syötteessä",
            "Yksityinen syötteessä",
        }


def test_feed_entries_carry_dates_categories_and_lead(client, seeded):
    category = NewsCategoryFactory(name="Syöteaihe", code="syoteaihe")
    date = datetime.datetime(2026, 3, 4, 10, tzinfo=datetime.UTC)
    make_news(
        news_index("fi"),
        title="Päivätty syöteuutinen",
        lead="Ingressi syötteeseen.",
        date=date,
        categories=[category],
    )
    _response, feed = parse(client, news_index("fi").url + "feed/")
    entry = next(e for e in feed.entries if e.title == "Päivätty syöteuutinen")
    assert entry.summary == "Ingressi syötteeseen."
    assert entry.published_parsed[:3] == (2026, 3, 4)
    assert [t.term for t in entry.tags] == ["Syöteaihe"]


def test_feed_follows_listing_filters(client, seeded):
    category = NewsCategoryFactory(name="Rajattu", code="rajattu")
    make_news(news_index("fi"), title="Rajattu uutinen", categories=[category])
    _response, feed = parse(client, news_index("fi").url + "feed/?category=rajattu")
    assert [entry.title for entry in feed.entries] == ["Rajattu uutinen"]


@pytest.mark.parametrize("lang", LANGS)
def test_national_index_has_autodiscovery_links(client, seeded, lang):
    index = news_index(lang)
    soup = BeautifulSoup(client.get(index.url).content, "html.parser")
    links = {link["type"]: link["href"] for link in soup.head.select('link[rel="alternate"][type]')}
    assert links["application/rss+xml"].endswith(index.url + "feed/")
    assert links["application/atom+xml"].endswith(index.url + "feed/atom/")
    for href in links.values():
        assert client.get(href).status_code == 200
    # A visible subscribe link too, for people who do not know about autodiscovery.
    assert soup.select(".news-feeds a")


def test_ohjaamo_head_links_include_renders_its_feeds(seeded, rf):
    """The OhjaamoPage template puts the news block's feeds in its head by including
    news/includes/head_links.html in its extra_head block."""
    from django.template.loader import render_to_string

    from news.queries import ohjaamo_news_section

    ohjaamo = ohjaamo_page(slug="paa-ohjaamo", translations=())
    make_news(ohjaamo)
    section = ohjaamo_news_section(ohjaamo, rf.get("/"))
    html = render_to_string("news/includes/head_links.html", {"page_sections": [section]})
    soup = BeautifulSoup(html, "html.parser")
    assert {link["href"] for link in soup.select('link[rel="alternate"]')} == {
        ohjaamo.url + "feed/",
        ohjaamo.url + "feed/atom/",
    }


def test_an_ohjaamo_page_announces_its_news_feeds_in_its_head(client, seeded):
    ohjaamo = ohjaamo_page(slug="syotteet-ohjaamo", translations=())
    make_news(ohjaamo)
    response = client.get(ohjaamo.url)
    assert response.status_code == 200
    head = BeautifulSoup(response.content, "html.parser").head
    links = {link["type"]: link["href"] for link in head.select('link[rel="alternate"][type]')}
    assert links["application/rss+xml"].endswith(ohjaamo.url + "feed/")
    assert links["application/atom+xml"].endswith(ohjaamo.url + "feed/atom/")
    for href in links.values():
        assert client.get(href).status_code == 200
