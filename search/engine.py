"""One entry point for site search, always filtered to one language."""

import re

from wagtail.models import Page

from kohtaamo.visibility import visible_for_search

MAX_QUERY_LENGTH = 200

WORD = re.compile(r"\w+")


def search_terms(query):
    """The words of a visitor's query. Punctuation and quotes are dropped: they are not search
    syntax for visitors, and some of them break the engines' own query languages (an unpaired `"`
    is an SQLite FTS5 syntax error)."""
    return " ".join(WORD.findall(query[:MAX_QUERY_LENGTH]))


def search_pages(query, locale):
    """Live, public pages of `locale` matching every word of `query`, best first, as specific
    pages. A query without words finds nothing."""
    terms = search_terms(query)
    if not terms:
        return Page.objects.none()
    pages = visible_for_search(Page.objects.filter(locale=locale))
    return pages.specific().search(terms, operator="and")
