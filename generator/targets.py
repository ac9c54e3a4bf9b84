"""Everything the export holds, as a list of targets: the URL a file answers and the file's path.

A page gives its `index.html`; pages with feeds give `feed/index.rss` and `feed/atom/index.atom`,
publications their citation exports. The public API's read endpoints give one JSON file per
language (and per page of a listing): `/api/news/?lang=sv&page=2` is
`api/news/index.sv.page2.json`, which the nginx configuration maps back from the query string.
Files a page links to (rendition images, public documents, brand downloads) are found while
rendering (see build.py), not listed here.
"""

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Site

from generator import deps
from kohtaamo import sitemaps
from locations import municipalities
from locations.models import FinderPage, OhjaamoPage
from news.models import NewsIndexPage, NewsPage, PublicationPage

LANGUAGES = ("fi", "sv", "en")


@dataclass
class Target:
    url: str  # what a visitor requests, root-relative, with the query string of API files
    path: str  # the file in the build, relative to its root
    deps: set = field(default_factory=set)  # declared keys (see deps.py)
    page_id: int | None = None
    kind: str = "page"  # page, feed, cite, api, special

    @property
    def is_html(self):
        return self.path.endswith(".html")


def api_path(url):
    """The file of an API URL: /api/news/?lang=sv&page=2 -> api/news/index.sv.page2.json."""
    parts = urlsplit(url)
    params = dict(parse_qsl(parts.query))
    lang = params.get("lang", "fi")
    page = params.get("page", "1")
    path = parts.path.lstrip("/")
    if path.endswith(".json"):
        return path
    suffix = "" if page == "1" else f".page{page}"
    return f"{path}index.{lang}{suffix}.json"


def default_site():
    return Site.objects.filter(is_default_site=True).select_related("root_page").first()


def _visible_pages(site):
    """Every live, public, not expired, not scheduled page of every language tree of `site`:
    the pages the sitemap lists."""
    return sitemaps.public_pages(site)


def public_pages(site, ids=None):
    """The public pages of `site` (only those of `ids` when given), specific, in tree order."""
    pages = _visible_pages(site)
    if ids is not None:
        pages = pages.filter(pk__in=ids)
    return pages.order_by("path").defer_streamfields().specific(defer=True)


def page_index(site):
    """{page id (a string, as in JSON): [url path, translation key]} of the public pages: what
    decides which files the export holds for them. A page that appears, goes away or moves (its
    URL path changes) changes its entry; the incremental build computes the targets of those
    pages' translation groups only, not the whole site's (build.py)."""
    rows = _visible_pages(site).values_list("pk", "url_path", "translation_key")
    return {str(pk): [url_path, str(key)] for pk, url_path, key in rows}


def request_for(site):
    return RequestFactory().get("/", HTTP_HOST=site.hostname, SERVER_PORT=site.port)


def page_targets(site, pages=None):
    """The files of `pages` (specific pages; every public page when None)."""
    request = request_for(site)
    targets = []
    for page in public_pages(site) if pages is None else pages:
        url = page.get_url(request)
        if not url or not url.startswith("/"):
            continue
        declared = deps.declared_for_page(page)
        base = url.lstrip("/")
        targets.append(Target(url, f"{base}index.html", declared, page.pk, "page"))
        if isinstance(page, (NewsIndexPage, OhjaamoPage)):
            targets.append(
                Target(f"{url}feed/", f"{base}feed/index.rss", declared, page.pk, "feed")
            )
            targets.append(
                Target(f"{url}feed/atom/", f"{base}feed/atom/index.atom", declared, page.pk, "feed")
            )
        if isinstance(page, FinderPage):
            # A page per municipality and their list (locations/municipalities.py). They show
            # only what they name (see deps.declared_for_municipality), not every Ohjaamo.
            pages = [(None, municipalities.list_url(page))]
            pages += municipalities.municipality_urls(page, request)
            for code, sub in pages:
                keys = deps.declared_for_municipality(page, code)
                targets.append(Target(sub, f"{sub.lstrip('/')}index.html", keys, page.pk, "page"))
        if isinstance(page, PublicationPage):
            for fmt, ext in (("bibtex", "bib"), ("ris", "ris")):
                targets.append(
                    Target(
                        f"{url}cite/{fmt}/",
                        f"{base}cite/{fmt}/index.{ext}",
                        {f"page:{page.pk}"},
                        page.pk,
                        "cite",
                    )
                )
    return targets


def api_listing_targets():
    """The API's read endpoints that list, in every language. They give their first page here;
    the builder adds the further pages it finds in the answer's `pages`."""
    targets = [Target("/api/openapi.json", "api/openapi.json", set(), None, "api")]
    locales = dict(Locale.objects.values_list("language_code", "pk"))
    for lang in LANGUAGES:
        locale = locales.get(lang)
        if locale is None:
            continue

        def add(url, keys):
            targets.append(Target(url, api_path(url), set(keys), None, "api"))

        add(f"/api/locations/?lang={lang}", {f"ohjaamo:{locale}", deps.DAY})
        add(f"/api/news/?lang={lang}", {f"news:national:{locale}"})
        add(f"/api/news/categories/?lang={lang}", {deps.NEWS_TERMS})
        add(f"/api/news/tags/?lang={lang}", {deps.NEWS_TERMS})
        add(f"/api/publications/?lang={lang}", {f"publications:{locale}"})
    return targets


def api_page_targets(pages):
    """The API files of `pages` (specific pages; whole translation groups, since an item is
    answered in each language it has): an Ohjaamo's news listing, a news item or publication."""
    locales = dict(Locale.objects.values_list("language_code", "pk"))
    targets = []
    by_translation = {}
    for page in pages:
        by_translation.setdefault(page.translation_key, []).append(page)
    for page in pages:
        if isinstance(page, OhjaamoPage):
            lang = _language(page, locales)
            url = f"/api/news/ohjaamo/{page.slug}/?lang={lang}"
            targets.append(
                Target(
                    url,
                    api_path(url),
                    {f"news:ohjaamo:{page.pk}", f"news:on-ohjaamo:{page.locale_id}"},
                    page.pk,
                    "api",
                )
            )
        elif isinstance(page, (NewsPage, PublicationPage)):
            kind = "news" if isinstance(page, NewsPage) else "publications"
            # One item, asked for by the id of any of its translations, in each language it has.
            for translation in by_translation[page.translation_key]:
                lang = _language(translation, locales)
                url = f"/api/{kind}/{page.pk}/?lang={lang}"
                targets.append(Target(url, api_path(url), {f"page:{page.pk}"}, page.pk, "api"))
    return targets


def _language(page, locales):
    for code, pk in locales.items():
        if pk == page.locale_id:
            return code
    return "fi"


def special_targets():
    targets = [
        Target("/sitemap.xml", "sitemap.xml", {deps.PAGES}, None, "special"),
        Target("/robots.txt", "robots.txt", set(), None, "special"),
    ]
    # The embeddable finder (locations/embed.py): its loader and its page in each language; nginx
    # lets only the page be framed by other sites (see nginx/site.conf).
    targets.append(Target("/embed.js", "embed.js", set(), None, "special"))
    # The finder's data for searching in the browser (locations/municipalities.py).
    targets.append(
        Target(
            "/finder-data/gazetteer.json",
            "finder-data/gazetteer.json",
            {deps.GAZETTEER},
            None,
            "special",
        )
    )
    locales = dict(Locale.objects.values_list("language_code", "pk"))
    for lang in LANGUAGES:
        if lang in locales:
            url = f"/finder-data/points.{lang}.json"
            targets.append(
                Target(
                    url, url.lstrip("/"), {f"ohjaamo:{locales[lang]}", deps.DAY}, None, "special"
                )
            )
    for lang in LANGUAGES:
        prefix = "" if lang == "fi" else f"{lang}/"
        with translation.override(lang):
            search = reverse("search")
            embed = reverse("embed_finder")
        targets.append(
            Target(
                embed,
                f"{embed.lstrip('/')}index.html",
                {deps.PAGES, deps.BRAND, deps.DAY},
                None,
                "page",
            )
        )
        # The search page's empty form: the search itself needs the application (see nginx).
        targets.append(
            Target(
                search, f"{search.lstrip('/')}index.html", {deps.CHROME, deps.BRAND}, None, "page"
            )
        )
        targets.append(
            Target(
                f"/{prefix}generator-not-found-probe/",
                f"{prefix}404.html",
                {deps.CHROME, deps.BRAND},
                None,
                "404",
            )
        )
    return targets


def page_bound_targets(site, pages):
    """Every file that exists because one of `pages` (specific) is public."""
    pages = list(pages)
    return [*page_targets(site, pages), *api_page_targets(pages)]


def fixed_targets():
    """The files that exist whatever pages are public: API listings, feeds of the site, the
    sitemap, the finder's data, the search and embed pages, the 404 pages."""
    return [*api_listing_targets(), *special_targets()]


def all_targets(site):
    pages = list(public_pages(site))
    listings, pages_api = api_listing_targets(), api_page_targets(pages)
    return [*page_targets(site, pages), *listings, *pages_api, *special_targets()]
