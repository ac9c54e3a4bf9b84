"""The site search page. The view stays thin: the query goes to `search.engine.search_pages`, which
a later issue turns into the search layer (database engine and Elasticsearch)."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe
from wagtail.models import Locale

from search.engine import MAX_QUERY_LENGTH, search_pages

RESULTS_PER_PAGE = 10


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


@require_safe
def search(request):
    raw_query = request.GET.get("q", "").strip()
    query = raw_query[:MAX_QUERY_LENGTH]
    results = search_pages(query, Locale.get_active()) if query else []
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "query_truncated": len(raw_query) > MAX_QUERY_LENGTH,
            "max_query_length": MAX_QUERY_LENGTH,
            "results": page,
            "paginator": paginator,
            "alternates": search_alternates(request, query),
        },
    )
