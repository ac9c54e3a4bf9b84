"""Documents: what the search layer knows of a page, a service point or a public brand asset, in
one language, with its text analysed into base forms (kohtaamo.language).

`documents_for_page(page)` answers for one page: the page's own document (when it is live,
public, not expired and routable) and, for an Ohjaamo page, one for each live service point.
Nothing private, draft or expired is ever made into a document.
"""

from dataclasses import dataclass, field
from datetime import datetime, time

from django.db.models import Manager
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.html import strip_tags
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from brand.models import BrandAsset, BrandGuidelinePage, BrandPage
from kohtaamo.language import index_terms, words
from kohtaamo.models import HomePage
from locations.models import FinderPage, OhjaamoPage, Service
from news.models import NewsPage, PublicationPage
from search.models import SearchDocument

Kind = SearchDocument.Kind

# How much a kind of document weighs against another with the same match: the finder and the
# Ohjaamo pages are what most people look for; brand material is for staff and partners.
BOOSTS = {
    Kind.FINDER: 3.0,
    Kind.OHJAAMO: 2.0,
    Kind.POINT: 1.5,
    Kind.PAGE: 1.0,
    Kind.NEWS: 1.0,
    Kind.PUBLICATION: 1.0,
    Kind.BRAND: 0.5,
    Kind.ASSET: 0.5,
}
MAX_TEXT = 20_000


@dataclass
class Document:
    """A document before it is stored; the same fields as SearchDocument."""

    key: str
    language: str
    kind: str
    title: str
    url: str
    text: str = ""
    page_id: int | None = None
    point_id: int | None = None
    asset_id: int | None = None
    date: datetime | None = None
    expires_at: datetime | None = None
    regions: list = field(default_factory=list)
    municipality: str = ""
    services: list = field(default_factory=list)
    service_languages: list = field(default_factory=list)
    latitude: float | None = None
    longitude: float | None = None
    boost: float = 1.0
    extra_title: str = ""

    def analysed(self):
        """(title terms, body terms) as space-separated base forms."""
        title_terms = index_terms(f"{self.title} {self.extra_title}", self.language)
        body_terms = index_terms(self.text, self.language)
        return " ".join(title_terms), " ".join(body_terms)

    def as_model(self):
        title_terms, body_terms = self.analysed()
        return SearchDocument(
            key=self.key,
            language=self.language,
            kind=self.kind,
            page_id=self.page_id,
            point_id=self.point_id,
            asset_id=self.asset_id,
            title=self.title[:300],
            title_key=title_key(self.title[:300]),
            url=self.url[:500],
            text=self.text[:MAX_TEXT],
            date=self.date,
            expires_at=self.expires_at,
            region=" ".join(dict.fromkeys(self.regions)),
            municipality=self.municipality,
            services=" ".join(dict.fromkeys(self.services)),
            service_languages=" ".join(dict.fromkeys(self.service_languages)),
            latitude=self.latitude,
            longitude=self.longitude,
            boost=self.boost,
            title_terms=title_terms,
            body_terms=body_terms,
        )


def title_key(title):
    """A title's words, lower case, space-separated: two titles are the same apart from case and
    punctuation when their keys are equal ("Mikä Ohjaamo on?" and "mikä ohjaamo on")."""
    return " ".join(words(title))[:300]


def page_key(page_id):
    return f"page:{page_id}"


def point_key(point_id):
    return f"point:{point_id}"


def asset_key(asset_id):
    return f"asset:{asset_id}"


# --- text of a page -----------------------------------------------------------------------------


def _text(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return strip_tags(value)
    if isinstance(value, list | tuple):
        return " ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_text(item) for item in value.values())
    return strip_tags(force_str(value))


def _field_texts(obj, search_field):
    """The text of one of Wagtail's search fields of `obj` (related fields followed)."""
    if isinstance(search_field, index.SearchField):
        if search_field.field_name not in ("title",):
            yield _text(search_field.get_value(obj))
    elif isinstance(search_field, index.RelatedFields):
        related = search_field.get_value(obj)
        if related is None:
            return
        items = related.all() if isinstance(related, Manager) else [related]
        for item in items:
            for sub_field in search_field.fields:
                yield from _field_texts(item, sub_field)


def page_text(page):
    """Everything a page says, as plain text, from the fields its model declares searchable."""
    parts = []
    for search_field in page.get_search_fields():
        parts.extend(_field_texts(page, search_field))
    return " ".join(" ".join(p.split()) for p in parts if p and p.strip())


# --- visibility ---------------------------------------------------------------------------------


def restricted_paths():
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def is_public(page, restricted=None):
    """Live, published, not expired, in no view-restricted section."""
    if not page.live or page.expired:
        return False
    if page.expire_at and page.expire_at <= timezone.now():
        return False
    if page.go_live_at and page.go_live_at > timezone.now():
        return False
    paths = restricted_paths() if restricted is None else restricted
    return not any(page.path.startswith(path) for path in paths)


# --- documents ----------------------------------------------------------------------------------


def _kind(page):
    if isinstance(page, FinderPage):
        return Kind.FINDER
    if isinstance(page, OhjaamoPage):
        return Kind.OHJAAMO
    if isinstance(page, NewsPage):
        return Kind.NEWS
    if isinstance(page, PublicationPage):
        return Kind.PUBLICATION
    if isinstance(page, BrandPage | BrandGuidelinePage):
        return Kind.BRAND
    return Kind.PAGE


def _ohjaamo_facets(ohjaamo):
    municipalities = list(ohjaamo.municipalities.select_related("region"))
    services = list(ohjaamo.services.all())
    # The names in the page's language (the taxonomy is translated; codes are shared).
    names = dict(
        Service.objects.filter(
            translation_key__in=[s.translation_key for s in services], locale_id=ohjaamo.locale_id
        ).values_list("code", "name")
    )
    return {
        "regions": [m.region_id for m in municipalities if m.region_id],
        "services": [s.code for s in services],
        "service_names": [names.get(s.code, s.name) for s in services],
        "service_languages": [lang.code for lang in ohjaamo.languages.all()],
        "places": [m.name_for(ohjaamo.locale.language_code) for m in municipalities],
    }


def live_points_of(ohjaamo, today=None):
    today = today or timezone.localdate()
    return [
        point
        for point in ohjaamo.points.select_related("municipality").order_by("sort_order", "pk")
        if (point.valid_from is None or point.valid_from <= today)
        and (point.valid_to is None or point.valid_to >= today)
    ]


def page_document(page, restricted=None):
    """The document of a (specific) page, or None when it must not be found."""
    if isinstance(page, HomePage) and page.depth < 2:
        return None
    if not is_public(page, restricted):
        return None
    url = page.get_url()
    if not url:
        return None
    language = page.locale.language_code
    kind = _kind(page)
    doc = Document(
        key=page_key(page.pk),
        language=language,
        kind=kind,
        title=page.title,
        url=url,
        text=page_text(page),
        page_id=page.pk,
        boost=BOOSTS[kind],
        expires_at=page.expire_at,
        date=page.last_published_at,
    )
    if isinstance(page, NewsPage):
        doc.date = page.date
        if page.ohjaamo_id:
            ohjaamo = page.ohjaamo
            facets = _ohjaamo_facets(ohjaamo)
            doc.regions = facets["regions"]
    elif isinstance(page, PublicationPage):
        doc.date = timezone.make_aware(datetime.combine(datetime(page.year, 1, 1), time()))
        identifiers = [page.isbn, page.issn, getattr(page, "urn", ""), getattr(page, "doi", "")]
        compact = [i.replace("-", "") for i in identifiers if i]
        doc.text = " ".join([doc.text, *[i for i in identifiers if i], *compact])
    elif isinstance(page, OhjaamoPage):
        facets = _ohjaamo_facets(page)
        doc.regions = facets["regions"]
        doc.services = facets["services"]
        doc.service_languages = facets["service_languages"]
        doc.extra_title = " ".join(facets["places"])
        points = live_points_of(page)
        service_names = " ".join(facets["service_names"])
        doc.text = " ".join([doc.text, " ".join(facets["places"]), service_names])
        if points:
            doc.latitude, doc.longitude = points[0].latitude, points[0].longitude
            doc.municipality = points[0].municipality_id
    return doc


def point_documents(ohjaamo, restricted=None, today=None):
    """One document for each live service point of a public Ohjaamo page."""
    if not is_public(ohjaamo, restricted):
        return []
    url = ohjaamo.get_url()
    if not url:
        return []
    language = ohjaamo.locale.language_code
    facets = _ohjaamo_facets(ohjaamo)
    service_names = " ".join(facets["service_names"])
    docs = []
    for point in live_points_of(ohjaamo, today):
        municipality = point.municipality
        place = municipality.name_for(language)
        text = " ".join(
            part
            for part in (
                ohjaamo.title,
                point.street_address,
                f"{point.postal_code} {point.post_office}",
                place,
                municipality.name_fi if municipality.name_fi != place else "",
                point.directions,
                service_names,
            )
            if part
        )
        docs.append(
            Document(
                key=point_key(point.pk),
                language=language,
                kind=Kind.POINT,
                title=point.name,
                extra_title=place,
                url=f"{url}#{point.pk}",
                text=text,
                page_id=ohjaamo.pk,
                point_id=point.pk,
                regions=[municipality.region_id] if municipality.region_id else [],
                municipality=municipality.pk,
                services=facets["services"],
                service_languages=facets["service_languages"],
                latitude=point.latitude,
                longitude=point.longitude,
                boost=BOOSTS[Kind.POINT],
                expires_at=ohjaamo.expire_at,
            )
        )
    return docs


def documents_for_page(page, restricted=None):
    page = page.specific_deferred if type(page) is Page else page
    restricted = restricted_paths() if restricted is None else restricted
    docs = []
    doc = page_document(page, restricted)
    if doc is not None:
        docs.append(doc)
    if isinstance(page, OhjaamoPage):
        docs.extend(point_documents(page, restricted))
    return docs


def asset_documents(asset, brand_pages, today=None):
    """Public, current brand material: one document per language with a brand page."""
    today = today or timezone.localdate()
    if asset.audience != BrandAsset.Audience.PUBLIC or not asset.is_published(today):
        return []
    if asset.current_replacement(today) is not None:
        return []
    docs = []
    for language, page_url in brand_pages.items():
        title = getattr(asset, f"title_{language}", "") if language != "fi" else ""
        docs.append(
            Document(
                key=asset_key(asset.pk),
                language=language,
                kind=Kind.ASSET,
                title=title or asset.title,
                url=page_url,
                text=" ".join([asset.get_category_display(), asset.version]),
                asset_id=asset.pk,
                boost=BOOSTS[Kind.ASSET],
                date=timezone.make_aware(datetime.combine(asset.publish_date, time())),
            )
        )
    return docs


def brand_page_urls(restricted=None):
    """{language: URL} of the public brand page of each language."""
    restricted = restricted_paths() if restricted is None else restricted
    urls = {}
    for page in BrandPage.objects.live().select_related("locale"):
        if is_public(page, restricted):
            url = page.get_url()
            if url:
                urls.setdefault(page.locale.language_code, url)
    return urls


def all_documents(language=None):
    """Every document of the site (of one language), for a rebuild."""
    restricted = restricted_paths()
    pages = Page.objects.live().filter(depth__gt=1).select_related("locale").specific()
    if language:
        pages = pages.filter(locale__language_code=language)
    for page in pages.iterator(chunk_size=200):
        yield from documents_for_page(page, restricted)
    brand_urls = brand_page_urls(restricted)
    if language:
        brand_urls = {k: v for k, v in brand_urls.items() if k == language}
    if brand_urls:
        for asset in BrandAsset.objects.prefetch_related("replaced_by"):
            yield from asset_documents(asset, brand_urls)
