"""Public, read-only API of news and publications (django-ninja routers, see kohtaamo/api.py).

Every endpoint answers in one language (`lang`: fi, sv or en) and returns only live, public (not
view-restricted), unexpired items that are not scheduled for later; drafts never appear. Listings
are the site's own (news/queries.py): the national news, one Ohjaamo's news, the publications
library, each with the site's filters and page-number pagination. Bad input answers 4xx with a
JSON body in the request's language (the shared handlers of kohtaamo/api.py): 422 for malformed
parameters, 400 for unknown filter values (named), 404 for missing items and pages.
"""

from datetime import datetime
from typing import Literal

from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from wagtail.models import Locale

from kohtaamo.apierrors import MAX_ID, ErrorOut
from locations.models import OhjaamoPage
from news import queries
from news.citations import Citation
from news.models import (
    PUBLICATION_LANGUAGES,
    NewsCategory,
    NewsPage,
    NewsTag,
    PublicationPage,
)

Lang = Literal["fi", "sv", "en"]
PublicationType = Literal["book", "report", "guide", "research", "statistics", "presentation"]
PublicationLanguageCode = Literal[tuple(code for code, _label in PUBLICATION_LANGUAGES)]
MAX_PAGE_SIZE = 50


# --- Schemas -------------------------------------------------------------------------------------


class Term(Schema):
    code: str = Field(description="Stable identifier, the same in every language")
    name: str = Field(description="Name in the requested language")


class OhjaamoRef(Schema):
    id: int
    title: str
    slug: str
    url: str


class ImageOut(Schema):
    url: str
    width: int
    height: int
    alt: str = Field(description="Alt text; empty when the image is decorative")


class NewsItem(Schema):
    id: int
    lang: str
    title: str
    url: str
    date: datetime = Field(description="Publication date (the first publication when not set)")
    lead: str
    scope: Literal["national", "local"]
    ohjaamo: OhjaamoRef | None = Field(None, description="The Ohjaamo of local news")
    accepted_nationally: bool = Field(description="Local news accepted for the national news")
    shown_on_ohjaamo_pages: bool = Field(description="National news shown on every Ohjaamo page")
    categories: list[Term]
    tags: list[Term]
    image: ImageOut | None = None
    last_published_at: datetime | None = None


class Contact(Schema):
    name: str
    role: str
    organisation: str
    email: str
    phone: str


class NewsDetail(NewsItem):
    body_html: str = Field(description="The body rendered as HTML")
    contacts: list[Contact]
    translations: dict[str, int] = Field(description="Ids of the live translations by language")


class NewsList(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[NewsItem]


class Author(Schema):
    name: str
    family_name: str
    given_names: str
    organisation: str
    role: Literal["author", "editor"]


class PublicationItem(Schema):
    id: int
    lang: str
    title: str
    subtitle: str
    url: str
    type: str
    year: int
    publisher: str
    authors: list[Author]
    languages: list[str] = Field(description="ISO 639-1 codes")


class Identifiers(Schema):
    isbn: str
    issn: str
    urn: str
    handle_url: str
    doi: str


class Citations(Schema):
    reference: str = Field(description="Formatted reference (APA 7th edition style)")
    bibtex_url: str
    ris_url: str


class PublicationDetail(PublicationItem):
    place: str
    series: str
    series_number: str
    abstract: str
    full_text_url: str | None
    identifiers: Identifiers
    citation: Citations
    translations: dict[str, int]


class PublicationList(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[PublicationItem]


# --- Parameters ----------------------------------------------------------------------------------


class LangParams(Schema):
    lang: Lang = Field("fi", description="Language of the content: fi, sv or en")


class PageParams(LangParams):
    page: int = Field(1, ge=1, description="Page number, from 1")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="Items per page (max 50)")


class NewsParams(PageParams):
    category: str | None = Field(None, max_length=80, description="Category code")
    tag: str | None = Field(None, max_length=80, description="Tag code")
    year: int | None = Field(None, ge=queries.MIN_YEAR, le=queries.MAX_YEAR)


class NationalNewsParams(NewsParams):
    ohjaamo: str | None = Field(
        None, max_length=255, description="Only local news of this Ohjaamo (its slug)"
    )


class PublicationParams(PageParams):
    type: PublicationType | None = None
    year: int | None = Field(None, ge=queries.MIN_YEAR, le=queries.MAX_YEAR)
    language: PublicationLanguageCode | None = Field(
        None, description="Only publications in this language (ISO 639-1)"
    )
    q: str | None = Field(None, max_length=200, description="Words to search for")


# --- Helpers -------------------------------------------------------------------------------------


def _locale(lang):
    return Locale.objects.get(language_code=lang)


def _shown(value, limit=80):
    """A value as echoed in a message: never more than `limit` characters."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _check_category(code):
    if code and not NewsCategory.objects.filter(code=code).exists():
        raise HttpError(400, _("Unknown category: %(value)s") % {"value": _shown(code)})


def _check_tag(code):
    if code and not NewsTag.objects.filter(code=code).exists():
        raise HttpError(400, _("Unknown tag: %(value)s") % {"value": _shown(code)})


def _check_ohjaamo(slug, lang):
    if (
        slug
        and not queries.visible(
            OhjaamoPage.objects.filter(slug=slug, locale__language_code=lang)
        ).exists()
    ):
        raise HttpError(
            400,
            _("Unknown ohjaamo: %(value)s (give the slug of an Ohjaamo page in this language)")
            % {"value": _shown(slug)},
        )


def _page(queryset, params):
    count = queryset.count()
    pages = max(1, -(-count // params.page_size))
    if params.page > pages:
        raise HttpError(
            404,
            _("Page %(page)s does not exist; there are %(pages)s pages.")
            % {"page": params.page, "pages": pages},
        )
    start = (params.page - 1) * params.page_size
    return count, pages, list(queryset[start : start + params.page_size])


def _news_item(item, request, lang):
    card = queries.news_card(item, request)
    image = None
    if card["image"] is not None:
        image = {
            "url": request.build_absolute_uri(card["image"].url),
            "width": card["image"].width,
            "height": card["image"].height,
            "alt": item.hero_alt_text,
        }
    ohjaamo = None
    if item.ohjaamo_id:
        ohjaamo = {
            "id": item.ohjaamo.pk,
            "title": item.ohjaamo.title,
            "slug": item.ohjaamo.slug,
            "url": item.ohjaamo.get_full_url(request),
        }
    return {
        "id": item.pk,
        "lang": lang,
        "title": item.title,
        "url": card["full_url"],
        "date": card["date"],
        "lead": item.lead,
        "scope": "local" if item.ohjaamo_id else "national",
        "ohjaamo": ohjaamo,
        "accepted_nationally": item.accepted_nationally,
        "shown_on_ohjaamo_pages": item.show_on_ohjaamo_pages,
        "categories": card["categories"],
        "tags": card["tags"],
        "image": image,
        "last_published_at": item.last_published_at,
    }


def _translations(model, page):
    return dict(
        queries.visible(model.objects.filter(translation_key=page.translation_key))
        .values_list("locale__language_code", "pk")
        .order_by("locale__language_code")
    )


def _news_list(request, queryset, params, lang):
    with translation.override(lang):
        count, pages, items = _page(queries.with_card_data(queryset), params)
        return {
            "count": count,
            "page": params.page,
            "pages": pages,
            "page_size": params.page_size,
            "items": [_news_item(item, request, lang) for item in items],
        }


def _author(person):
    return {
        "name": person.display_name,
        "family_name": person.family_name,
        "given_names": person.given_names,
        "organisation": person.organisation,
        "role": person.role,
    }


def _publication_item(item, request, lang):
    return {
        "id": item.pk,
        "lang": lang,
        "title": item.title,
        "subtitle": item.subtitle,
        "url": item.get_full_url(request),
        "type": item.publication_type,
        "year": item.year,
        "publisher": item.publisher,
        "authors": [_author(a) for a in item.authors.all()],
        "languages": [row.language for row in item.languages.all()],
    }


def _in_language(model, pk, lang):
    """The visible item `pk`, or its visible translation in `lang`."""
    page = queries.visible(model.objects.filter(pk=pk)).first() if 0 < pk <= MAX_ID else None
    if page is None:
        raise HttpError(404, _("No item %(id)s.") % {"id": pk})
    if page.locale.language_code != lang:
        page = queries.visible(
            model.objects.filter(translation_key=page.translation_key, locale__language_code=lang)
        ).first()
        if page is None:
            raise HttpError(404, _("Item %(id)s is not available in this language.") % {"id": pk})
    return page


# --- News ----------------------------------------------------------------------------------------

news_router = Router(tags=["news"])


@news_router.get(
    "/",
    response={200: NewsList, 400: ErrorOut, 404: ErrorOut},
    summary="National news",
    description="The national news listing: national news and local news accepted for the "
    "national news, newest first.",
)
def national_news(request: HttpRequest, params: Query[NationalNewsParams]):
    _check_category(params.category)
    _check_tag(params.tag)
    _check_ohjaamo(params.ohjaamo, params.lang)
    locale = _locale(params.lang)
    filters = queries.NewsFilters(
        category=params.category or "",
        tag=params.tag or "",
        ohjaamo=params.ohjaamo or "",
        year=params.year,
    )
    return _news_list(request, filters.apply(queries.national_news(locale)), params, params.lang)


@news_router.get(
    "/ohjaamo/{slug}/",
    response={200: NewsList, 400: ErrorOut, 404: ErrorOut},
    summary="News of one Ohjaamo",
    description="The news block of one Ohjaamo page: its own news and national news shown on "
    "every Ohjaamo page. `slug` is the Ohjaamo page's slug in the requested language.",
)
def ohjaamo_news(request: HttpRequest, slug: str, params: Query[NewsParams]):
    _check_category(params.category)
    _check_tag(params.tag)
    ohjaamo = queries.visible(
        OhjaamoPage.objects.filter(slug=slug, locale__language_code=params.lang)
    ).first()
    if ohjaamo is None:
        raise HttpError(404, _("No Ohjaamo %(slug)s in this language.") % {"slug": _shown(slug)})
    filters = queries.NewsFilters(
        category=params.category or "", tag=params.tag or "", year=params.year
    )
    return _news_list(request, filters.apply(queries.ohjaamo_news(ohjaamo)), params, params.lang)


@news_router.get("/categories/", response=list[Term], summary="News categories in one language")
def categories(request: HttpRequest, params: Query[LangParams]):
    return list(NewsCategory.objects.filter(locale__language_code=params.lang).order_by("name"))


@news_router.get("/tags/", response=list[Term], summary="News tags in one language")
def tags(request: HttpRequest, params: Query[LangParams]):
    return list(NewsTag.objects.filter(locale__language_code=params.lang).order_by("name"))


@news_router.get(
    "/{int:news_id}/",
    response={200: NewsDetail, 404: ErrorOut},
    summary="One news item",
    description="A news item with its body. When `lang` differs from the item's language, its "
    "translation in `lang` is returned (404 when there is none).",
)
def news_detail(request: HttpRequest, news_id: int, params: Query[LangParams]):
    page = _in_language(NewsPage, news_id, params.lang)
    item = queries.with_card_data(
        NewsPage.objects.filter(pk=page.pk).annotate(
            news_date=Coalesce("date", "first_published_at")
        )
    ).get()
    with translation.override(params.lang):
        data = _news_item(item, request, params.lang)
        data["body_html"] = str(item.body.render_as_block(context={"request": request}))
    data["contacts"] = [
        {
            "name": c.name,
            "role": c.role,
            "organisation": c.organisation,
            "email": c.email,
            "phone": c.phone,
        }
        for c in item.contacts.all()
    ]
    data["translations"] = _translations(NewsPage, item)
    return data


# --- Publications --------------------------------------------------------------------------------

publications_router = Router(tags=["publications"])


@publications_router.get(
    "/",
    response={200: PublicationList, 404: ErrorOut},
    summary="Publications",
    description="The publications library, newest first (best match first with `q`).",
)
def publications(request: HttpRequest, params: Query[PublicationParams]):
    locale = _locale(params.lang)
    filters = queries.PublicationFilters(
        type=params.type or "", year=params.year, language=params.language or "", q=params.q or ""
    )
    results = filters.apply(queries.publications_in(locale))
    if filters.q:
        results = queries.search_publications(results, filters.q, locale)
    count, pages, items = _page(queries.with_publication_card_data(results), params)
    return {
        "count": count,
        "page": params.page,
        "pages": pages,
        "page_size": params.page_size,
        "items": [_publication_item(item, request, params.lang) for item in items],
    }


@publications_router.get(
    "/{int:publication_id}/",
    response={200: PublicationDetail, 404: ErrorOut},
    summary="One publication",
    description="A publication with its identifiers and citation. When `lang` differs from the "
    "item's language, its translation in `lang` is returned (404 when there is none).",
)
def publication_detail(request: HttpRequest, publication_id: int, params: Query[LangParams]):
    page = _in_language(PublicationPage, publication_id, params.lang)
    with translation.override(params.lang):
        citation = Citation(page, request)
        base = page.get_full_url(request)
        data = _publication_item(page, request, params.lang)
        data.update(
            {
                "place": page.place,
                "series": page.series,
                "series_number": page.series_number,
                "abstract": page.abstract,
                "full_text_url": citation.full_text_url,
                "identifiers": {
                    "isbn": page.isbn,
                    "issn": page.issn,
                    "urn": page.urn,
                    "handle_url": page.handle_url,
                    "doi": page.doi,
                },
                "citation": {
                    "reference": citation.reference_text(),
                    "bibtex_url": base + page.reverse_subpage("bibtex"),
                    "ris_url": base + page.reverse_subpage("ris"),
                },
                "translations": _translations(PublicationPage, page),
            }
        )
    return data


router = Router()
router.add_router("/news/", news_router)
router.add_router("/publications/", publications_router)
