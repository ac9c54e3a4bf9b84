"""The seam between the content apps and the search layer.

Content apps sit below search/ and may not import it; they ask here instead. search/ registers
its page finder when the project starts (SearchConfig.ready), so a listing's free-text search
(the publications library, its API) goes through the project's one search layer.
"""

_finder = None


def register(finder):
    """`finder(query, language, kinds)` → ids of the matching pages, best first."""
    global _finder
    _finder = finder


def matching_page_ids(query, language, kinds=None):
    """Ids of the live, public pages of `language` (of the given document kinds, e.g.
    ["publication"]) matching `query`, best first. Never raises on any text a visitor types."""
    if _finder is None:
        return []
    return _finder(query, language, kinds)
