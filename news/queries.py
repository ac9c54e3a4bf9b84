"""Every news and publication listing in one place: which items a listing holds, its filters, the
data its cards need, and pagination. Pages, hooks, feeds and the API call these functions; templates
only display what they return.

Visibility rules (the same everywhere): live, public (no view restriction), not expired (even before
`publish_scheduled` has unpublished it) and not scheduled for later, in one language (locale).
Query counts are fixed: a listing costs the same number of queries for 3 items or 300.
"""

from dataclasses import dataclass

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Locale

from kohtaamo import searching, visibility
from news.models import (
    PUBLICATION_LANGUAGES,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    NewsPageCategory,
    NewsPageTag,
    NewsTag,
    PublicationIndexPage,
    PublicationLanguage,
    PublicationPage,
)
from news.routes import NewsFeedsMixin

PER_PAGE = 10
PUBLICATIONS_PER_PAGE = 12
FEED_SIZE = 20
HOME_SIZE = 3
OHJAAMO_SECTION_SIZE = 5
OHJAAMO_PAGE_PARAM = "news_page"
CARD_IMAGE_SPEC = "fill-640x360|format-webp"
COVER_SPEC = "max-320x450|format-webp"
MIN_YEAR, MAX_YEAR = 1900, 2100


def visible(queryset):
    """Live, public, not expired and not scheduled for later (kohtaamo.visibility)."""
    return visibility.visible(queryset)


# --- News ----------------------------------------------------------------------------------------


def news_in(locale):
    """Every visible news item of one language, with `news_date` (the publication date, or the
    first publication when none is given), newest first."""
    return (
        visible(NewsPage.objects.filter(locale=locale))
        .annotate(news_date=Coalesce("date", "first_published_at"))
        .order_by("-news_date", "-pk")
    )


def national_news(locale):
    """The national listing: national news and local news the national team accepted."""
    return news_in(locale).filter(Q(ohjaamo__isnull=True) | Q(accepted_nationally=True))


def ohjaamo_news(ohjaamo_page):
    """One Ohjaamo's listing: its own news and national news shown on every Ohjaamo page. A new
    page's preview (not saved yet, so no news of its own) lists the national ones."""
    own = Q(ohjaamo=ohjaamo_page) if ohjaamo_page.pk else Q(pk__in=[])
    return news_in(ohjaamo_page.locale_id).filter(
        own | Q(ohjaamo__isnull=True, show_on_ohjaamo_pages=True)
    )


@dataclass(frozen=True)
class NewsFilters:
    category: str = ""
    tag: str = ""
    ohjaamo: str = ""
    year: int | None = None

    @classmethod
    def from_params(cls, params):
        """Filters from a query string; a malformed year is ignored (the listing is shown
        unfiltered by year and the form says so)."""
        year = params.get("year", "").strip()
        try:
            year = int(year) if year else None
        except ValueError:
            year = None
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            year = None
        return cls(
            category=params.get("category", "").strip()[:80],
            tag=params.get("tag", "").strip()[:80],
            ohjaamo=params.get("ohjaamo", "").strip()[:255],
            year=year,
        )

    @property
    def active(self):
        return bool(self.category or self.tag or self.ohjaamo or self.year)

    def apply(self, queryset):
        if self.category:
            queryset = queryset.filter(
                Exists(
                    NewsPageCategory.objects.filter(
                        page=OuterRef("pk"), category__code=self.category
                    )
                )
            )
        if self.tag:
            queryset = queryset.filter(
                Exists(NewsPageTag.objects.filter(page=OuterRef("pk"), tag__code=self.tag))
            )
        if self.ohjaamo:
            queryset = queryset.filter(ohjaamo__slug=self.ohjaamo)
        if self.year:
            queryset = queryset.filter(news_date__year=self.year)
        return queryset


def with_card_data(queryset):
    """Everything a news card shows, in a fixed number of queries."""
    rendition_model = get_image_model().get_rendition_model()
    return queryset.select_related("ohjaamo", "hero_image").prefetch_related(
        Prefetch(
            "category_links",
            queryset=NewsPageCategory.objects.select_related("category").order_by("sort_order"),
        ),
        Prefetch("tag_links", queryset=NewsPageTag.objects.select_related("tag")),
        Prefetch(
            "hero_image__renditions",
            queryset=rendition_model.objects.filter(filter_spec=CARD_IMAGE_SPEC),
        ),
    )


def news_card(item, request, image=True):
    """The data of one news card (dict), from an item loaded through `with_card_data`."""
    rendition = None
    if image and item.hero_image_id and item.hero_image is not None:
        rendition = item.hero_image.get_rendition(CARD_IMAGE_SPEC)
    ohjaamo = item.ohjaamo if item.ohjaamo_id else None
    return {
        "page": item,
        "id": item.pk,
        "title": item.title,
        "url": item.get_url(request),
        "full_url": item.get_full_url(request),
        "date": getattr(item, "news_date", None) or item.publication_date,
        "lead": item.lead,
        "image": rendition,
        "ohjaamo": {"title": ohjaamo.title, "url": ohjaamo.get_url(request), "slug": ohjaamo.slug}
        if ohjaamo
        else None,
        "categories": [
            {"code": link.category.code, "name": link.category.name}
            for link in item.category_links.all()
        ],
        "tags": [{"code": link.tag.code, "name": link.tag.name} for link in item.tag_links.all()],
    }


def paginate(queryset, number, per_page):
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(number or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def news_filter_options(listing, locale, filters):
    """The choices the filter form offers: only values that occur in the (unfiltered) listing."""
    ids = listing.values("pk")
    categories = NewsCategory.objects.filter(
        locale=locale,
        pk__in=NewsPageCategory.objects.filter(page__in=ids).values("category"),
    ).order_by("name")
    tags = NewsTag.objects.filter(
        locale=locale, pk__in=NewsPageTag.objects.filter(page__in=ids).values("tag")
    ).order_by("name")
    from locations.models import OhjaamoPage

    ohjaamos = (
        OhjaamoPage.objects.filter(pk__in=listing.filter(ohjaamo__isnull=False).values("ohjaamo"))
        .only("id", "title", "slug")
        .order_by("title")
    )
    years = sorted(
        {
            year
            for year in listing.annotate(news_year=ExtractYear("news_date"))
            .order_by()
            .values_list("news_year", flat=True)
            .distinct()
            if year
        },
        reverse=True,
    )
    return {
        "categories": [
            {"value": c.code, "label": c.name, "selected": c.code == filters.category}
            for c in categories
        ],
        "tags": [
            {"value": t.code, "label": t.name, "selected": t.code == filters.tag} for t in tags
        ],
        "ohjaamos": [
            {"value": o.slug, "label": o.title, "selected": o.slug == filters.ohjaamo}
            for o in ohjaamos
        ],
        "years": [{"value": y, "label": y, "selected": y == filters.year} for y in years],
    }


def feed_links(page, request, title):
    """RSS and Atom addresses of a page with news feeds (news/routes.py), for autodiscovery and
    subscribe links; none for other pages."""
    if not isinstance(page, NewsFeedsMixin):
        return []
    base = page.get_url(request)
    rss, atom = page.reverse_subpage("rss_feed"), page.reverse_subpage("atom_feed")
    return [
        {"type": "application/rss+xml", "format": "RSS", "title": title, "href": base + rss},
        {"type": "application/atom+xml", "format": "Atom", "title": title, "href": base + atom},
    ]


def national_listing_context(index_page, request):
    filters = NewsFilters.from_params(request.GET)
    listing = national_news(index_page.locale_id)
    page_obj = paginate(with_card_data(filters.apply(listing)), request.GET.get("page"), PER_PAGE)
    return {
        "filters": filters,
        "filter_options": news_filter_options(listing, index_page.locale_id, filters),
        "page_obj": page_obj,
        "cards": [news_card(item, request) for item in page_obj.object_list],
        "feed_links": feed_links(index_page, request, index_page.title),
    }


def national_index_for(locale_id):
    return NewsIndexPage.objects.live().filter(locale_id=locale_id).first()


def news_page_context(page, request):
    listing_page = page.get_listing_page()
    index = national_index_for(page.locale_id)
    index_url = index.get_url(request) if index else None
    categories = [link.category for link in page.category_links.select_related("category").all()]
    tags = [link.tag for link in page.tag_links.select_related("tag").all()]
    return {
        "news_date": page.publication_date,
        "listing_url": (
            (listing_page.get_url(request) + ("#news" if page.ohjaamo_id else ""))
            if listing_page
            else index_url
        ),
        "listing_title": listing_page.title if listing_page else "",
        "ohjaamo": {"title": page.ohjaamo.title, "url": page.ohjaamo.get_url(request)}
        if page.ohjaamo_id
        else None,
        "categories": [
            {"name": c.name, "url": f"{index_url}?category={c.code}" if index_url else None}
            for c in categories
        ],
        "tags": [
            {"name": t.name, "url": f"{index_url}?tag={t.code}" if index_url else None}
            for t in tags
        ],
        "contacts": list(page.contacts.all()),
    }


def home_latest_section(home, request):
    items = list(with_card_data(national_news(home.locale_id))[:HOME_SIZE])
    if not items:
        return None
    index = national_index_for(home.locale_id)
    return {
        "template": "news/sections/home_latest.html",
        "cards": [news_card(item, request) for item in items],
        "index_url": index.get_url(request) if index else None,
    }


def ohjaamo_news_section(ohjaamo_page, request):
    listing = with_card_data(ohjaamo_news(ohjaamo_page))
    page_obj = paginate(listing, request.GET.get(OHJAAMO_PAGE_PARAM), OHJAAMO_SECTION_SIZE)
    if not page_obj.object_list:
        return None
    title = _("News of %(ohjaamo)s") % {"ohjaamo": ohjaamo_page.title}
    links = feed_links(ohjaamo_page, request, title)
    return {
        "template": "news/sections/ohjaamo_news.html",
        "page_obj": page_obj,
        "page_param": OHJAAMO_PAGE_PARAM,
        "cards": [news_card(item, request, image=False) for item in page_obj.object_list],
        "feed_links": links,
        "head_links": links,
    }


# --- Publications --------------------------------------------------------------------------------


def publications_in(locale):
    return visible(PublicationPage.objects.filter(locale=locale)).order_by("-year", "title")


@dataclass(frozen=True)
class PublicationFilters:
    type: str = ""
    year: int | None = None
    language: str = ""
    q: str = ""

    @classmethod
    def from_params(cls, params):
        year = params.get("year", "").strip()
        try:
            year = int(year) if year else None
        except ValueError:
            year = None
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            year = None
        type_ = params.get("type", "").strip()
        if type_ not in PublicationPage.Type.values:
            type_ = ""
        language = params.get("language", "").strip()
        if language not in dict(PUBLICATION_LANGUAGES):
            language = ""
        return cls(type=type_, year=year, language=language, q=params.get("q", "").strip()[:200])

    @property
    def active(self):
        return bool(self.type or self.year or self.language or self.q)

    def apply(self, queryset):
        if self.type:
            queryset = queryset.filter(publication_type=self.type)
        if self.year:
            queryset = queryset.filter(year=self.year)
        if self.language:
            queryset = queryset.filter(
                Exists(
                    PublicationLanguage.objects.filter(page=OuterRef("pk"), language=self.language)
                )
            )
        return queryset


def search_publications(queryset, query, locale):
    """`queryset` narrowed to the publications matching `query` (the site's search layer, in this
    language), best match first."""
    from django.db.models import Case, IntegerField, Value, When

    if not isinstance(locale, Locale):
        locale = Locale.objects.get(pk=locale)
    matches = searching.matching_page_ids(query, locale.language_code, kinds=["publication"])
    if not matches:
        return queryset.none()
    ranking = Case(
        *[When(pk=pk, then=Value(position)) for position, pk in enumerate(matches)],
        output_field=IntegerField(),
    )
    return queryset.filter(pk__in=matches).annotate(rank=ranking).order_by("rank")


def with_publication_card_data(queryset):
    rendition_model = get_image_model().get_rendition_model()
    return queryset.select_related("cover_image").prefetch_related(
        "authors",
        "languages",
        Prefetch(
            "cover_image__renditions",
            queryset=rendition_model.objects.filter(filter_spec=COVER_SPEC),
        ),
    )


def publication_card(item, request):
    return {
        "page": item,
        "id": item.pk,
        "title": item.title,
        "subtitle": item.subtitle,
        "url": item.get_url(request),
        "year": item.year,
        "type": item.get_publication_type_display(),
        "publisher": item.publisher,
        "authors": [author.display_name for author in item.authors.all()],
        "languages": [language.get_language_display() for language in item.languages.all()],
        "cover": item.cover_image.get_rendition(COVER_SPEC) if item.cover_image_id else None,
    }


def publication_filter_options(listing, filters):
    ids = listing.values("pk")
    types = set(listing.order_by().values_list("publication_type", flat=True).distinct())
    years = sorted(set(listing.order_by().values_list("year", flat=True).distinct()), reverse=True)
    languages = set(
        PublicationLanguage.objects.filter(page__in=ids)
        .order_by()
        .values_list("language", flat=True)
        .distinct()
    )
    return {
        "types": [
            {"value": value, "label": label, "selected": value == filters.type}
            for value, label in PublicationPage.Type.choices
            if value in types
        ],
        "years": [{"value": y, "label": y, "selected": y == filters.year} for y in years],
        "languages": [
            {"value": code, "label": label, "selected": code == filters.language}
            for code, label in PUBLICATION_LANGUAGES
            if code in languages
        ],
    }


def publication_listing_context(index_page, request):
    filters = PublicationFilters.from_params(request.GET)
    listing = publications_in(index_page.locale_id)
    results = filters.apply(listing)
    if filters.q:
        results = search_publications(results, filters.q, index_page.locale_id)
    page_obj = paginate(
        with_publication_card_data(results), request.GET.get("page"), PUBLICATIONS_PER_PAGE
    )
    return {
        "filters": filters,
        "filter_options": publication_filter_options(listing, filters),
        "page_obj": page_obj,
        "cards": [publication_card(item, request) for item in page_obj.object_list],
    }


def publication_index_for(locale_id):
    return PublicationIndexPage.objects.live().filter(locale_id=locale_id).first()
