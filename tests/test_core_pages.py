"""The core page types (HomePage, ContentPage, AccessibilityStatementPage): where they may be
created, how they render in Finnish, Swedish and English (lang, hreflang, language switcher), and a
fixed number of queries per page type whether the site chrome is cached or not."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from wagtail import hooks
from wagtail.models import Page

from kohtaamo.models import (
    AccessibilityStatementPage,
    ContentPage,
    HomePage,
    NavigationItem,
    NavigationSettings,
)
from kohtaamo.seed import accessibility_statement, what_is_ohjaamo

LANGS = ("fi", "sv", "en")
CORE_TYPES = ("home", "content", "statement")


def get_page(kind, lang):
    if kind == "home":
        return HomePage.objects.get(locale__language_code=lang)
    if kind == "content":
        return ContentPage.objects.get(
            locale__language_code=lang, slug=what_is_ohjaamo(lang)["slug"]
        )
    return AccessibilityStatementPage.objects.get(
        locale__language_code=lang, slug=accessibility_statement(lang)["slug"]
    )


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def hreflangs(soup):
    return {
        link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')
    }


def switcher(soup):
    return {link["hreflang"]: link["href"] for link in soup.select(".language-switcher a")}


# --- Where each page type may be created ------------------------------------------------------


def test_home_page_lives_under_the_root_only(seeded):
    root = Page.get_first_root_node()
    assert HomePage.allowed_parent_page_models() == [Page]
    assert HomePage.can_create_at(root)
    for lang in LANGS:
        assert not HomePage.can_create_at(seeded[lang])
    assert not HomePage.can_create_at(get_page("content", "fi"))


def test_home_page_children(seeded):
    allowed = HomePage.allowed_subpage_models()
    assert ContentPage in allowed
    assert AccessibilityStatementPage in allowed
    assert HomePage not in allowed
    # Every child type agrees: it names HomePage among its parents (rules are explicit both ways).
    for model in allowed:
        assert HomePage in model.allowed_parent_page_models(), model


def test_content_page_nests_under_home_and_content_pages(seeded):
    home = seeded["fi"]
    content = get_page("content", "fi")
    statement = get_page("statement", "fi")
    assert set(ContentPage.allowed_parent_page_models()) == {HomePage, ContentPage}
    assert ContentPage.allowed_subpage_models() == [ContentPage]
    assert ContentPage.can_create_at(home)
    assert ContentPage.can_create_at(content)
    assert not ContentPage.can_create_at(statement)
    assert not ContentPage.can_create_at(Page.get_first_root_node())


def test_accessibility_statement_one_per_language_tree_and_no_children(seeded):
    assert AccessibilityStatementPage.allowed_parent_page_models() == [HomePage]
    assert AccessibilityStatementPage.allowed_subpage_models() == []
    # Every seeded language tree already has its statement: no second one.
    for lang in LANGS:
        assert not AccessibilityStatementPage.can_create_at(seeded[lang])
    assert not AccessibilityStatementPage.can_create_at(get_page("content", "fi"))
    get_page("statement", "fi").delete()
    assert AccessibilityStatementPage.can_create_at(
        HomePage.objects.get(locale__language_code="fi")
    )


# --- Rendering in three languages ---------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", CORE_TYPES)
def test_page_renders_in_its_language_with_alternates_and_switcher(client, seeded, kind, lang):
    page = get_page(kind, lang)
    response = client.get(page.url)
    assert response.status_code == 200
    assert response.templates[0].name == page.get_template(response.wsgi_request)
    soup = soup_of(response)
    assert soup.html["lang"] == lang
    assert response["Content-Language"] == lang
    # hreflang: exactly the live translations, absolute URLs.
    live = page.get_translations(inclusive=True).live().public().select_related("locale")
    translations = {p.locale.language_code: p for p in live}
    assert set(translations) == set(LANGS)  # the seeded site translates every core page
    assert hreflangs(soup) == {code: p.full_url for code, p in translations.items()}
    # The switcher offers all three languages and links each to the translation.
    assert switcher(soup) == {code: p.url for code, p in translations.items()}
    current = soup.select('.language-switcher a[aria-current="true"]')
    assert [a["hreflang"] for a in current] == [lang]
    # Every switcher link names its language in that language.
    for link in soup.select(".language-switcher a"):
        assert link["lang"] == link["hreflang"]
    assert soup.select_one("link[rel=canonical]")["href"] == page.full_url
    assert soup.select_one("h1") is not None


@pytest.mark.parametrize("kind", CORE_TYPES)
def test_switcher_follows_each_link_to_a_page_in_that_language(client, seeded, kind):
    soup = soup_of(client.get(get_page(kind, "fi").url))
    for code, url in switcher(soup).items():
        followed = client.get(url)
        assert followed.status_code == 200
        assert soup_of(followed).html["lang"] == code


@pytest.mark.parametrize("kind", ["content", "statement"])
def test_switcher_falls_back_to_home_when_translation_is_unpublished(client, seeded, kind):
    get_page(kind, "sv").unpublish()
    for lang in ("fi", "en"):
        soup = soup_of(client.get(get_page(kind, lang).url))
        assert "sv" not in hreflangs(soup)
        assert set(hreflangs(soup)) == {"fi", "en"}
        assert switcher(soup)["sv"] == seeded["sv"].url == "/sv/"
        assert (
            switcher(soup)["en" if lang == "fi" else "fi"]
            == get_page(kind, "en" if lang == "fi" else "fi").url
        )
    # The unpublished translation itself is not public.
    assert client.get(get_page(kind, "sv").url).status_code == 404


def test_switcher_falls_back_to_home_when_translation_is_missing(client, seeded):
    page = ContentPage(title="Vain suomeksi", slug="vain-suomeksi", intro="Ei käännöksiä.")
    seeded["fi"].add_child(instance=page)
    page.save_revision().publish()
    soup = soup_of(client.get(page.url))
    assert hreflangs(soup) == {"fi": page.full_url}
    assert switcher(soup) == {"fi": page.url, "sv": "/sv/", "en": "/en/"}


def test_home_pages_are_served_at_language_roots(client, seeded):
    assert seeded["fi"].url == "/"
    assert seeded["sv"].url == "/sv/"
    assert seeded["en"].url == "/en/"


def test_breadcrumbs_lead_from_the_language_home(client, seeded):
    page = get_page("content", "sv")
    soup = soup_of(client.get(page.url))
    crumbs = soup.select(".breadcrumbs a")
    assert [(a.get_text(), a["href"]) for a in crumbs] == [(seeded["sv"].title, "/sv/")]
    assert soup.select_one('.breadcrumbs [aria-current="page"]').get_text() == page.title
    # The home page has no breadcrumbs.
    assert soup_of(client.get("/sv/")).select(".breadcrumbs") == []


def test_content_page_renders_every_seeded_block(client, seeded):
    soup = soup_of(client.get(get_page("content", "en").url))
    assert soup.select_one(".block-heading").get_text() == "A shared way of working"
    assert len(soup.select(".block-accordion details")) == 3
    assert soup.select_one(".block-quote blockquote") is not None
    assert soup.select_one(".block-cta a.button")["href"] == "https://ohjaustaverkossa.fi/"


def test_accessibility_statement_names_every_required_part(client, seeded):
    page = get_page("statement", "fi")
    page.feedback_phone = "029 123 4567"
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    for text in [
        "Saavutettavuusseloste",
        page.service_name,
        page.feedback_email,
        "14",  # the answer period the law sets
        page.supervisor_name,
        page.supervisor_url,
        'href="tel:0291234567"',
        '<time datetime="2026-11-01">1. marraskuuta 2026</time>',
    ]:
        assert text in html, text


# --- Query counts -------------------------------------------------------------------------------

# Queries to render each core page type with the site chrome (navigation, footer) cached: Site,
# Locale, routing (one page per URL segment, plus the specific page), view restrictions, language
# alternates and breadcrumbs. Swedish and English pay one more: Wagtail finds the translated root.
WARM_QUERIES = {"home": 7, "content": 10, "statement": 10}
# Building the chrome when the cache is cold: Locale, the two settings, navigation items, footer
# pages, their translations (with view restrictions), social links = 8; clearing the cache also
# drops Wagtail's cached site root paths (2 more); the brand tokens are rebuilt from the brand
# settings and their logos (2 more, see brand/tokens.py).
CHROME_QUERIES = 8 + 2 + 2


def warm_queries(kind, lang):
    return WARM_QUERIES[kind] + (0 if lang == "fi" else 1)


@pytest.fixture
def core_only(monkeypatch):
    """Leave out the sections other apps add to the home page through hooks (latest news, the
    finder box): their queries are counted by their own tests; these count the core's."""
    original = hooks.get_hooks
    app_hooks = {"kohtaamo_home_page_sections", "kohtaamo_home_page_context"}
    monkeypatch.setattr(
        hooks, "get_hooks", lambda name: [] if name in app_hooks else original(name)
    )


def _render(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", CORE_TYPES)
def test_query_count_with_warm_chrome_cache(
    client, seeded, core_only, django_assert_num_queries, kind, lang
):
    page = get_page(kind, lang)
    _render(client, page)  # fills the chrome cache
    with django_assert_num_queries(warm_queries(kind, lang)):
        _render(client, page)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", CORE_TYPES)
def test_query_count_with_cold_chrome_cache(
    client, seeded, core_only, django_assert_num_queries, kind, lang
):
    page = get_page(kind, lang)
    _render(client, page)  # warms what is not the chrome (Site lookups, ContentTypes)
    cache.clear()
    with django_assert_num_queries(warm_queries(kind, lang) + CHROME_QUERIES):
        _render(client, page)


@pytest.mark.parametrize("kind", CORE_TYPES)
def test_query_count_does_not_grow_with_the_navigation(
    client, seeded, core_only, django_assert_num_queries, kind
):
    lang = "sv"
    page = get_page(kind, lang)
    nav = NavigationSettings.objects.get()
    extra = [get_page("statement", "fi"), *ContentPage.objects.filter(locale__language_code="fi")]
    for order, target in enumerate(extra, start=100):
        NavigationItem.objects.create(setting=nav, page=target, sort_order=order)
    _render(client, page)
    cache.clear()
    with django_assert_num_queries(warm_queries(kind, lang) + CHROME_QUERIES):
        response = _render(client, page)
    titles = [a.get_text() for a in soup_of(response).select(".site-nav a")]
    assert get_page("statement", "sv").title in titles
