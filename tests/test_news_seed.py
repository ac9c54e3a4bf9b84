"""The seeded news and publications: what the issue's "done when" promises on the demo site.

Local news needs the demo Ohjaamo pages (the finder part seeds them at order 20). Where the seed has
not made them yet, the test makes Ohjaamo pages with the same slugs and runs the news seeder's local
step on them, so the local content is checked either way."""

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.test import RequestFactory

from kohtaamo.seeding import SeedContext
from news import seed as news_seed
from news.models import NewsCategory, NewsPage, NewsTag, PublicationPage
from news.queries import national_news, ohjaamo_news, ohjaamo_news_section
from tests.factories.news import news_index, ohjaamo_page, publication_index

pytestmark = pytest.mark.django_db
LANGS = ("fi", "sv", "en")


class _Out:
    def write(self, message):
        pass


def context():
    from django.core.management.color import no_style

    return SeedContext(stdout=_Out(), style=no_style(), verbosity=0)


@pytest.fixture
def local_news(seeded):
    """The three demo Ohjaamos' news (seeded, or seeded here on same-slug pages)."""
    for slug in news_seed.LOCAL_SLUGS:
        ohjaamo_page(slug=slug, title=slug.replace("-", " ").title(), translations=("sv", "en"))
    categories = {c.code: c for c in NewsCategory.objects.filter(locale__language_code="fi")}
    tags = {t.code: t for t in NewsTag.objects.filter(locale__language_code="fi")}
    news_seed.seed_local_news(context(), (categories, tags))
    return {
        "helsinki": NewsPage.objects.get(
            locale__language_code="fi", slug=news_seed.helsinki_open_house("fi")["slug"]
        ),
        "tampere": NewsPage.objects.get(
            locale__language_code="fi", slug=news_seed.tampere_workshop("fi")["slug"]
        ),
        "turku": NewsPage.objects.get(
            locale__language_code="fi", slug=news_seed.turku_psychologist("fi")["slug"]
        ),
    }


@pytest.mark.parametrize("lang", LANGS)
def test_national_news_index_in_every_language(client, seeded, lang):
    index = news_index(lang)
    response = client.get(index.url)
    assert response.status_code == 200
    support = news_seed.support_news(lang, 0)["title"]
    campaign = news_seed.campaign_news(lang)["title"]
    content = response.content.decode()
    assert support in content and campaign in content
    for suffix in ("feed/", "feed/atom/"):
        feed = feedparser.parse(client.get(index.url + suffix).content)
        assert not feed.bozo
        assert {support, campaign} <= {entry.title for entry in feed.entries}


def test_support_news_links_to_the_book_in_each_language(client, seeded):
    for lang in LANGS:
        news = NewsPage.objects.get(
            locale__language_code=lang, slug=news_seed.support_news(lang, 0)["slug"]
        )
        book = PublicationPage.objects.get(
            locale__language_code=lang, slug=news_seed.kohtaamo_book(lang)["slug"]
        )
        soup = BeautifulSoup(client.get(news.url).content, "html.parser")
        assert soup.select_one(f'.stream a[href="{book.url}"]') is not None
        assert {c.category.code for c in news.category_links.all()} == {"network", "publications"}
        assert news.contacts.get().email == news_seed.NATIONAL_CONTACT_EMAIL
        assert all(c.category.locale_id == news.locale_id for c in news.category_links.all())


def test_campaign_is_pushed_to_every_ohjaamo(seeded, local_news):
    for lang in LANGS:
        campaign = NewsPage.objects.get(
            locale__language_code=lang, slug=news_seed.campaign_news(lang)["slug"]
        )
        assert campaign.show_on_ohjaamo_pages and campaign.hero_decorative
        assert campaign.hero_image is not None
    request = RequestFactory().get("/")
    for news in local_news.values():
        section = ohjaamo_news_section(news.ohjaamo, request)
        titles = [card["title"] for card in section["cards"]]
        assert news.title in titles
        assert news_seed.campaign_news("fi")["title"] in titles


def test_local_news_travel_as_seeded(seeded, local_news):
    fi = news_index("fi").locale_id
    national = set(national_news(fi).values_list("pk", flat=True))
    assert local_news["tampere"].accepted_nationally and local_news["tampere"].pk in national
    assert local_news["turku"].proposed_for_national
    assert not local_news["turku"].accepted_nationally and local_news["turku"].pk not in national
    assert local_news["helsinki"].pk not in national
    # Tampere's item is in the national listing of every language; Helsinki's has Swedish.
    for lang in ("sv", "en"):
        translated = local_news["tampere"].get_translation(news_index(lang).locale)
        assert translated.pk in national_news(translated.locale_id).values_list("pk", flat=True)
        assert translated.ohjaamo.locale_id == translated.locale_id
    helsinki_sv = local_news["helsinki"].get_translation(news_index("sv").locale)
    assert helsinki_sv.pk in ohjaamo_news(helsinki_sv.ohjaamo).values_list("pk", flat=True)


def test_local_news_uses_the_local_block_set(seeded, local_news):
    from news.blocks import LOCAL_BLOCK_NAMES

    for news in local_news.values():
        assert {block.block_type for block in news.body} <= LOCAL_BLOCK_NAMES


def test_local_news_seeding_is_idempotent(seeded, local_news):
    before = NewsPage.objects.count()
    categories = {c.code: c for c in NewsCategory.objects.filter(locale__language_code="fi")}
    tags = {t.code: t for t in NewsTag.objects.filter(locale__language_code="fi")}
    news_seed.seed_local_news(context(), (categories, tags))
    assert NewsPage.objects.count() == before


def test_the_book_with_its_handle(client, seeded):
    book = PublicationPage.objects.get(
        locale__language_code="fi", slug=news_seed.kohtaamo_book("fi")["slug"]
    )
    assert book.handle_url == "https://www.doria.fi/handle/10024/181720"
    assert book.publication_type == "book" and book.year == 2021
    assert not (book.isbn or book.issn or book.urn or book.doi)  # only what is known for sure
    library = client.get(publication_index("fi").url).content.decode()
    assert book.title in library


@pytest.mark.parametrize("lang", LANGS)
def test_categories_and_tags_are_translated(seeded, lang):
    names = dict(
        NewsCategory.objects.filter(locale__language_code=lang).values_list("code", "name")
    )
    assert names == {code: t[lang] for code, t in news_seed.CATEGORIES.items()}
    tags = dict(NewsTag.objects.filter(locale__language_code=lang).values_list("code", "name"))
    assert tags == {code: t[lang] for code, t in news_seed.TAGS.items()}


def test_indexes_are_in_the_navigation(client, seeded):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    nav = [a["href"] for a in soup.select(".site-nav a")]
    assert news_index("fi").url in nav and publication_index("fi").url in nav


def test_national_groups_get_the_news_permissions(seeded):
    group = Group.objects.get(national_role__role="editors")
    news_seed.grant_national_permissions(context())
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"promote_newspage", "push_newspage"} <= codenames
