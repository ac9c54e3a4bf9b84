"""sitemap.xml lists every live, public page of all three language trees, each with its language
alternates, and nothing else; robots.txt points to it."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Page, PageViewRestriction

from kohtaamo.models import ContentPage, HomePage

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def read_sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    entries = {}
    for url in root.findall("s:url", NS):
        loc = url.find("s:loc", NS).text
        assert loc not in entries, f"{loc} listed twice"
        entries[loc] = {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
    return entries


def public_pages():
    homes = HomePage.objects.all()
    pages = Page.objects.none()
    for home in homes:
        pages |= Page.objects.descendant_of(home, inclusive=True)
    return pages.live().public()


def municipality_urls():
    """The finder's page per municipality and their list, in each language."""
    from locations import municipalities
    from locations.models import FinderPage

    urls = set()
    for finder in FinderPage.objects.live().public():
        base = finder.full_url[: -len(finder.url)]
        urls.add(base + municipalities.list_url(finder))
        urls |= {base + url for _code, url in municipalities.municipality_urls(finder)}
    return urls


def test_sitemap_lists_every_live_page_of_every_language(client, seeded):
    entries = read_sitemap(client)
    expected = {page.full_url for page in public_pages()} | municipality_urls()
    assert set(entries) == expected
    for lang, home in seeded.items():
        assert home.full_url in entries, lang
    # All three languages are there, with the Swedish and English prefixes.
    assert any("/sv/" in url for url in entries)
    assert any("/en/" in url for url in entries)


def test_every_entry_has_exactly_its_live_translations_as_alternates(client, seeded):
    entries = read_sitemap(client)
    for page in public_pages().specific():
        translations = {
            t.locale.language_code: t.full_url
            for t in page.get_translations(inclusive=True).live().public()
        }
        if len(translations) > 1:
            assert entries[page.full_url] == translations, page.url
        else:
            assert entries[page.full_url] == {}, page.url


def test_municipality_pages_are_paired_with_their_translations(client, seeded):
    entries = read_sitemap(client)
    assert entries["http://testserver/ohjaamot/kunnat/helsinki/"] == {
        "fi": "http://testserver/ohjaamot/kunnat/helsinki/",
        "sv": "http://testserver/sv/navigatorerna/kommuner/helsingfors/",
        "en": "http://testserver/en/ohjaamo-centres/municipalities/helsinki/",
    }
    assert entries["http://testserver/sv/navigatorerna/kommuner/"]["en"] == (
        "http://testserver/en/ohjaamo-centres/municipalities/"
    )


def test_drafts_unpublished_and_private_pages_are_left_out(client, seeded):
    draft = ContentPage(title="Luonnos", slug="luonnos", live=False)
    seeded["fi"].add_child(instance=draft)
    draft.save_revision()
    unpublished = ContentPage.objects.get(locale__language_code="sv", slug="dataskydd")
    unpublished.unpublish()
    private = ContentPage.objects.get(locale__language_code="en", slug="privacy")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    entries = read_sitemap(client)
    urls = set(entries)
    alternates = {href for links in entries.values() for href in links.values()}
    for page in (draft, unpublished, private):
        assert page.full_url not in urls
        assert page.full_url not in alternates
    # The Finnish privacy page stays, with no translation left to pair with.
    assert entries["http://testserver/tietosuoja/"] == {}


@pytest.mark.parametrize("extra_pages", [0, 6])
def test_sitemap_query_count_does_not_grow_with_pages(
    client, seeded, django_assert_num_queries, extra_pages
):
    for n in range(extra_pages):
        page = ContentPage(title=f"Sivu {n}", slug=f"sivu-{n}")
        seeded["fi"].add_child(instance=page)
        page.save_revision().publish()
    client.get("/sitemap.xml")  # warms Wagtail's site root paths cache
    with django_assert_num_queries(SITEMAP_QUERIES):
        entries = read_sitemap(client)
    assert len(entries) == public_pages().count() + len(municipality_urls())


# Site, locales, home pages, view restrictions, the pages (plain rows), then the pages with URLs
# of their own (the finder's: its page per municipality) and their specific rows, whatever the
# number of pages or page types (the municipalities come from the cache the first request
# filled).
SITEMAP_QUERIES = 7


def test_sitemap_answers_head_requests(client, seeded):
    assert client.head("/sitemap.xml").status_code == 200
    assert client.post("/sitemap.xml").status_code == 405


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin(client, seeded):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
