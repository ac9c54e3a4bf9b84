"""Public API of the site search (a django-ninja router, added in kohtaamo/api.py): the same
results as the search page, and the search box's autocomplete. Answers in one language
(`lang`); bad input is a 4xx with {"detail": …} in that language."""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from search import engine

Lang = Literal["fi", "sv", "en"]
MAX_PAGE_SIZE = 50

router = Router(tags=["search"])


class SearchParams(Schema):
    q: str = Field(..., description="What to search for (at most 200 characters are used)")
    lang: Lang = Field("fi", description="Language of the content searched and of the answer")
    type: list[str] = Field(
        [],
        description="Content types (ohjaamo, point, finder, news, publication, brand, asset, "
        "page); repeat for several",
    )
    region: list[str] = Field([], description="Region codes (two digits, e.g. 06)")
    service: list[str] = Field([], description="Service codes (e.g. career-guidance)")
    language: list[str] = Field([], description="Languages of service (ISO 639-1, e.g. sv)")
    page: int = Field(1, ge=1, le=engine.MAX_PAGE, description="Page number")
    page_size: int = Field(10, ge=1, le=MAX_PAGE_SIZE)


class FacetValueOut(Schema):
    value: str
    label: str
    count: int = Field(description="Results with this value (other facet groups' filters kept)")
    selected: bool


class FacetOut(Schema):
    name: Literal["type", "region", "service", "language"]
    label: str
    values: list[FacetValueOut]


class HitOut(Schema):
    title: str
    url: str
    type: str
    type_label: str
    snippet_html: str = Field(description="Text around the matches, escaped, matches in <mark>")
    date: datetime | None = None
    distance_km: float | None = Field(
        None, description="For service points when the query names a place"
    )
    promoted: bool = False


class SearchOut(Schema):
    query: str = Field(description="The query answered (the corrected one after a correction)")
    corrected_from: str | None = Field(None, description="The query as typed, when corrected")
    suggestion: str | None = Field(None, description="Did you mean")
    count: int
    page: int
    pages: int
    page_size: int
    promoted: list[HitOut]
    items: list[HitOut]
    facets: list[FacetOut]


class Suggestion(Schema):
    label: str
    url: str | None = Field(None, description="The page or point; none for a place name")
    type: str


class ErrorOut(Schema):
    detail: str


def _hit(hit, request):
    return {
        "title": hit.title,
        "url": request.build_absolute_uri(hit.url),
        "type": hit.kind,
        "type_label": hit.kind_label,
        "snippet_html": str(hit.snippet),
        "date": hit.date,
        "distance_km": round(hit.distance_km, 1) if hit.distance_km is not None else None,
        "promoted": hit.promoted,
    }


@router.get(
    "/",
    response={200: SearchOut, 400: ErrorOut, 404: ErrorOut},
    summary="Site search",
    url_name="search",
    description="Every live, public page and service point of one language matching `q`, best "
    "first, with facet counts. Finnish words are matched by their base forms (ohjaamossa → "
    "ohjaamo), Swedish and English by their stems; a query that finds nothing is corrected "
    "when a close word is known (`corrected_from`). Filters of one group are alternatives, "
    "groups combine.",
)
def search(request: HttpRequest, params: Query[SearchParams]):
    with translation.override(params.lang):
        query, _cut = engine.clean_query(params.q)
        if not query.strip() or not engine.words(query):
            raise HttpError(400, _("Type at least one word to search for."))
        filters = {
            "type": params.type,
            "region": params.region,
            "service": params.service,
            "language": params.language,
        }
        results = engine.search(query, params.lang, filters, params.page, params.page_size)
        if results.ignored_filters:
            group, value = results.ignored_filters[0]
            raise HttpError(
                400,
                _("Unknown value “%(value)s” for %(group)s.") % {"value": value, "group": group},
            )
        if results.total and params.page > results.num_pages:
            raise HttpError(
                404,
                _("Page %(page)s does not exist; there are %(pages)s pages.")
                % {"page": params.page, "pages": results.num_pages},
            )
        return {
            "query": results.query,
            "corrected_from": results.corrected_from,
            "suggestion": results.suggestion,
            "count": results.total,
            "page": results.page,
            "pages": results.num_pages,
            "page_size": params.page_size,
            "promoted": [_hit(hit, request) for hit in results.promoted],
            "items": [_hit(hit, request) for hit in results.hits],
            "facets": [
                {
                    "name": facet.name,
                    "label": facet.label,
                    "values": [vars(value) for value in facet.values],
                }
                for facet in results.facets
            ],
        }


class AutocompleteParams(Schema):
    q: str = Field(..., description="What has been typed so far")
    lang: Lang = "fi"


@router.get(
    "/autocomplete/",
    response={200: list[Suggestion]},
    summary="Search box suggestions",
    url_name="search_autocomplete",
    description="At most ten titles (pages, service points) and place names starting with, or "
    "with a word starting with, `q`. Fewer than two characters give an empty list.",
)
def autocomplete(request: HttpRequest, params: Query[AutocompleteParams]):
    return [
        {"label": s["label"], "url": s["url"], "type": s["kind"]}
        for s in engine.autocomplete(params.q, params.lang)
    ]
