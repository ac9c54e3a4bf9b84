"""sitemap.xml: every live, public page of every language tree of the site, each with its
language alternates (xhtml:link hreflang) so search engines pair the translations. A page past its
`expire_at` (or before its `go_live_at`) is left out at once (kohtaamo.visibility).

Written directly as XML, not through Django's sitemap framework and template: on a site of ten
thousand pages the template alone took seconds, and the static export rebuilds this file on
every publish. The pages are read as plain rows, their URLs made as Wagtail's
`get_full_url` makes them (no page type here overrides it) with one reverse() per language;
only page types with URLs of their own (the finder's page per municipality:
`FinderPage.get_sitemap_urls`) are loaded as their specific class.
"""

from contextlib import nullcontext
from urllib.parse import quote

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import http_date
from wagtail.models import Locale, Page, Site, get_page_models

from kohtaamo.visibility import visible

NAMESPACES = (
    'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"'
)
FIELDS = (
    "id",
    "url_path",
    "translation_key",
    "locale_id",
    "content_type_id",
    "last_published_at",
    "latest_revision_created_at",
)


def _own_urls_types():
    """Page models with sitemap URLs of their own."""
    return [
        model
        for model in get_page_models()
        if model.get_sitemap_urls is not Page.get_sitemap_urls and not model._meta.abstract
    ]


def public_pages(site):
    """Every live, public, not expired, not scheduled page of every language tree of `site`, in
    tree order (the static export builds the same pages: generator/targets.py)."""
    pages = Page.objects.none()
    for root in Page.objects.filter(translation_key=site.root_page.translation_key):
        pages |= Page.objects.descendant_of(root, inclusive=True)
    return visible(pages).order_by("path")


# What Django's reverse() leaves unquoted in a path (RFC 3986 sub-delimiters and "/~:@").
PATH_SAFE = "!$&'()*+,;=/~:@"


class _Locator:
    """The full URL of a page from its id and URL path, as Wagtail's `get_full_url` makes it
    (the site root's URL, the language's prefix, the page's path below the root), with Django's
    reverse() run once per site root and language instead of once per page."""

    def __init__(self, request):
        self.request = request
        self.roots = Site.get_site_root_paths()
        self.prefixes = {}
        self.i18n = getattr(settings, "WAGTAIL_I18N_ENABLED", False)

    def __call__(self, pk, url_path):
        roots = [root for root in self.roots if url_path.startswith(root.root_path)]
        if len({root.site_id for root in roots}) != 1:
            # No site, or several: Wagtail decides (it prefers the request's site).
            return Page.objects.get(pk=pk).get_full_url(self.request)
        _site_id, root_path, root_url, language = roots[0]
        prefix = self.prefixes.get((root_path, language))
        if prefix is None:
            with translation.override(language) if self.i18n else nullcontext():
                prefix = reverse("wagtail_serve", args=("",))
            self.prefixes[(root_path, language)] = prefix
        return root_url + prefix + quote(url_path[len(root_path) :], safe=PATH_SAFE)


def entries(request):
    """[{"location", "lastmod", "alternates"}] of the site of `request`, in tree order."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    languages = dict(Locale.objects.values_list("id", "language_code"))
    rows = list(public_pages(site).values_list(*FIELDS))
    own = {ContentType.objects.get_for_model(model).pk for model in _own_urls_types()}
    own_ids = [row[0] for row in rows if row[4] in own]
    specific = Page.objects.filter(pk__in=own_ids).specific().in_bulk() if own_ids else {}
    locate = _Locator(request)
    urls, groups = [], {}
    for pk, url_path, key, locale_id, _type, published, revised in rows:
        # A page with routes of its own gives several URLs, in the same order in every
        # language: the n-th of each pair up.
        if pk in specific:
            found = specific[pk].get_sitemap_urls(request)
        else:
            found = [{"location": locate(pk, url_path), "lastmod": published or revised}]
        for index, info in enumerate(found):
            urls.append(info)
            groups.setdefault((key, index), []).append((languages.get(locale_id), info))
    for group in groups.values():
        if len(group) > 1:
            alternates = [(code, info["location"]) for code, info in group]
            for _code, info in group:
                info["alternates"] = alternates
    return urls


def _escape(text):
    return (
        str(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def render(urls):
    """The sitemap XML of `urls` (from `entries`)."""
    zone = timezone.get_current_timezone()
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n', f"<urlset {NAMESPACES}>\n"]
    for info in urls:
        parts.append(f"<url><loc>{_escape(info['location'])}</loc>")
        lastmod = info.get("lastmod")
        if lastmod:
            parts.append(f"<lastmod>{timezone.localtime(lastmod, zone):%Y-%m-%d}</lastmod>")
        for code, location in info.get("alternates", ()):
            parts.append(
                f'<xhtml:link rel="alternate" hreflang="{_escape(code)}" '
                f'href="{_escape(location)}"/>'
            )
        parts.append("</url>\n")
    parts.append("</urlset>\n")
    return "".join(parts).encode("utf-8")


def response(request):
    urls = entries(request)
    answer = HttpResponse(render(urls), content_type="application/xml")
    last_mods = [info.get("lastmod") for info in urls]
    if last_mods and None not in last_mods:
        answer["Last-Modified"] = http_date(max(last_mods).timestamp())
    # As Django's sitemap view: the sitemap itself is not a page to show in search results.
    answer["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return answer
