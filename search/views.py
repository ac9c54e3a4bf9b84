"""The site search page. The view stays thin: everything is answered by `search.engine.search`.
Filters are plain GET parameters (type, region, service, language; repeatable), so every result
page is a shareable URL and works without JavaScript."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from search import engine
from search.backends import FACET_GROUPS

RESULTS_PER_PAGE = engine.RESULTS_PER_PAGE
MAX_QUERY_LENGTH = engine.MAX_QUERY_LENGTH


class _Window:
    """The hits of one result page standing in for the whole list, for Django's Paginator."""

    def __init__(self, results):
        self.results = results
        self.offset = (results.page - 1) * results.per_page

    def count(self):
        return self.results.total

    def __len__(self):
        return self.results.total

    def __getitem__(self, item):
        if isinstance(item, slice):
            if item.start == self.offset:
                return self.results.hits
            return []
        return self.results.hits[item - self.offset]


def search_alternates(request, query):
    """The search page in every site language, keeping the query (for the language switcher).
    Search results are not translations of each other, so they carry no hreflang."""
    current = translation.get_language()
    alternates = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            url = reverse("search")
        if query:
            url += "?" + urlencode({"q": query})
        alternates.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "full_url": request.build_absolute_uri(url),
                "is_translation": False,
                "is_current": code == current,
            }
        )
    return alternates


def _url(query, filters, **extra):
    params = [("q", query)]
    for group in FACET_GROUPS:
        params += [(group, value) for value in filters.get(group, [])]
    params += list(extra.items())
    return "?" + urlencode(params)


def facet_links(results):
    """Each facet value with the URL that toggles it (other filters kept, page reset)."""
    facets = []
    for facet in results.facets:
        values = []
        for value in facet.values:
            filters = {g: list(v) for g, v in results.filters.items()}
            chosen = filters.setdefault(facet.name, [])
            if value.selected:
                chosen.remove(value.value)
            else:
                chosen.append(value.value)
            values.append({"facet": value, "url": _url(results.query, filters)})
        facets.append({"name": facet.name, "label": facet.label, "values": values})
    return facets


@require_safe
def search(request):
    raw_query = request.GET.get("q", "")
    query, truncated = engine.clean_query(raw_query)
    language = translation.get_language()
    filters = {group: request.GET.getlist(group) for group in FACET_GROUPS}
    results = engine.search(
        query,
        language,
        filters,
        request.GET.get("page", 1),
        correct=request.GET.get("exact") != "1",
    )
    paginator = Paginator(_Window(results), RESULTS_PER_PAGE)
    page = paginator.page(results.page) if results.total else paginator.page(1)
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "query_truncated": truncated,
            "max_query_length": MAX_QUERY_LENGTH,
            "search_results": results,
            "results": page,
            "paginator": paginator,
            "facets": facet_links(results) if results.total else [],
            "active_filters": any(results.filters.values()),
            "clear_filters_url": _url(results.query, {}),
            "original_query_url": _url(results.corrected_from, {}) + "&exact=1"
            if results.corrected_from
            else "",
            "suggestion_url": _url(results.suggestion, results.filters)
            if results.suggestion
            else "",
            "alternates": search_alternates(request, query),
        },
    )
