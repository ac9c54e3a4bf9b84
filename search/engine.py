"""The search layer: the one interface every search of the project goes through (the search page,
`/api/search/`, its autocomplete, the publications API). Callers never know which engine runs.

- `search(query, language, filters, page)` → `SearchResults`: hits with highlighted, escaped
  snippets, facet counts, "did you mean", promoted pages, distance for service points when the
  query names a place.
- `autocomplete(prefix, language)` → at most ten titles and places.
- `page_ids(query, language, kinds)` → ids of matching pages, best first (for API listings).
- Indexing (`index_page`, `remove_page`, …) is called by the signal handlers in search/signals.py
  and by `manage.py search_index`.

Engines: the database engine always holds every document (it is the default and the fallback);
when `ELASTICSEARCH_URL` is set, documents are written to Elasticsearch too and searches are
answered there. When the node does not answer, the database engine answers instead, a warning
is logged at most once a minute, and the node is left alone for a while before it is tried
again. `manage.py search_index` brings it up to date later.
"""

import bisect
import difflib
import functools
import html
import itertools
import logging
import re
import time
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Locale

from brand.models import BrandAsset
from kohtaamo.language import (
    index_terms,
    place_name_candidates,
    query_groups,
    words,
)
from locations.models import Municipality, Region, Service, ServiceLanguage
from locations.models.gazetteer import normalize_name
from search import documents
from search.backends import FACET_GROUPS, EngineQuery, distance_km
from search.backends.database import DatabaseEngine
from search.backends.elastic import ElasticsearchEngine
from search.models import SearchDocument

logger = logging.getLogger("kohtaamo.search")

MAX_QUERY_LENGTH = 200
MAX_PAGE = 1000
RESULTS_PER_PAGE = 10
AUTOCOMPLETE_LIMIT = 10
SNIPPET_WORDS = 32
SNIPPET_SCAN = 600  # words of a text looked at for the snippet
WARNING_INTERVAL = 60.0
RETRY_AFTER = 30.0
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
TOKEN_RE = re.compile(r"\S+")

database_engine = DatabaseEngine()


# --- engines ------------------------------------------------------------------------------------


class _Health:
    """When the Elasticsearch node last failed and when that was last logged."""

    def __init__(self):
        self.down_until = 0.0
        self.last_warning = 0.0

    def failed(self, error, doing):
        now = time.monotonic()
        self.down_until = now + RETRY_AFTER
        if now - self.last_warning >= WARNING_INTERVAL:
            self.last_warning = now
            logger.warning(
                "Elasticsearch at %s does not answer (%s while %s); the database engine "
                "answers searches meanwhile. Run `manage.py search_index` when it is back.",
                settings.ELASTICSEARCH_URL,
                type(error).__name__,
                doing,
            )

    def is_down(self):
        return time.monotonic() < self.down_until

    def reset(self):
        self.down_until = 0.0
        self.last_warning = 0.0


health = _Health()


@functools.cache
def _elastic_engine(url, prefix, timeout, options):
    return ElasticsearchEngine(url, prefix, timeout, dict(options))


def elastic_engine():
    """The Elasticsearch engine when ELASTICSEARCH_URL is set, else None."""
    url = getattr(settings, "ELASTICSEARCH_URL", None)
    if not url:
        return None
    options = tuple(sorted(getattr(settings, "ELASTICSEARCH_CLIENT_OPTIONS", {}).items()))
    return _elastic_engine(
        url, settings.ELASTICSEARCH_INDEX, settings.ELASTICSEARCH_TIMEOUT, options
    )


def engine_name():
    """Which engine answers searches now."""
    elastic = elastic_engine()
    return "elasticsearch" if elastic is not None and not health.is_down() else "database"


def _run(query):
    elastic = elastic_engine()
    if elastic is not None and not health.is_down():
        try:
            return elastic.search(query)
        except elastic.errors as error:
            health.failed(error, "searching")
    return database_engine.search(query)


def _write(action, *args, **kwargs):
    getattr(database_engine, action)(*args, **kwargs)
    elastic = elastic_engine()
    if elastic is not None and not health.is_down():
        try:
            getattr(elastic, action)(*args, **kwargs)
        except elastic.errors as error:
            health.failed(error, "indexing")
    _bump_generation()


# --- indexing -----------------------------------------------------------------------------------


def _bump_generation():
    try:
        cache.incr("search:generation")
    except ValueError:
        cache.set("search:generation", 1, None)


def _generation():
    return cache.get("search:generation", 0)


def index_page(page):
    """Bring the documents of one page (and, for an Ohjaamo page, its points) up to date."""
    page = page.specific
    docs = documents.documents_for_page(page)
    keys = {d.key for d in docs}
    stale = [
        (key, language)
        for key, language in SearchDocument.objects.filter(page_id=page.pk).values_list(
            "key", "language"
        )
        if key not in keys
    ]
    if stale:
        _write("delete_keys", stale)
    if docs:
        _write("index", docs)
    elif not stale:
        # Nothing stored and nothing to store: still make sure an old page document is gone.
        _write("delete_keys", [(documents.page_key(page.pk), page.locale.language_code)])


def index_pages(pages):
    for page in pages:
        index_page(page)


def remove_page(page_id):
    """Remove a page's documents (and its points') from every engine."""
    keys = list(SearchDocument.objects.filter(page_id=page_id).values_list("key", "language"))
    keys.append((documents.page_key(page_id), None))
    languages = [code for code, _name in settings.LANGUAGES]
    expanded = set()
    for key, language in keys:
        for code in [language] if language else languages:
            expanded.add((key, code))
    _write("delete_keys", sorted(expanded))


def remove_point(point_id, language=None):
    languages = [language] if language else [code for code, _name in settings.LANGUAGES]
    _write("delete_keys", [(documents.point_key(point_id), code) for code in languages])


def index_assets():
    """Public brand material, every language (a handful of rows: rebuilt whole)."""
    brand_urls = documents.brand_page_urls()
    docs = []
    for asset in BrandAsset.objects.prefetch_related("replaced_by"):
        docs.extend(documents.asset_documents(asset, brand_urls))
    stale = [
        (key, language)
        for key, language in SearchDocument.objects.filter(asset__isnull=False).values_list(
            "key", "language"
        )
        if (key, language) not in {(d.key, d.language) for d in docs}
    ]
    if stale:
        _write("delete_keys", stale)
    if docs:
        _write("index", docs)


def rebuild(language=None, engines=("database", "elasticsearch"), progress=None, fresh=True):
    """Bring the index (of one language) in line with the content; returns
    {engine: {"indexed": n, "removed": n}}. `fresh` builds anew: Elasticsearch fills a new index
    and swaps its alias, the database replaces its rows in one transaction; neither shows a
    moment of empty results. Otherwise every document is written over and the ones no longer
    wanted are removed."""
    counts = {}
    languages = [language] if language else [code for code, _name in settings.LANGUAGES]
    elastic = elastic_engine()
    targets = [("database", database_engine)]
    if elastic is not None:
        targets.append(("elasticsearch", elastic))
    for code in languages:
        docs = list(documents.all_documents(code))
        wanted = {d.key for d in docs}
        stored = set(SearchDocument.objects.filter(language=code).values_list("key", flat=True))
        stale = sorted(stored - wanted)
        for name, target in targets:
            if name not in engines:
                continue
            result = counts.setdefault(name, {"indexed": 0, "removed": 0})

            total = len(docs)

            def report(n, name=name, code=code, total=total):
                if progress:
                    progress(name, code, n, total)

            if fresh or name == "elasticsearch":  # an alias swap also drops what was missed
                result["indexed"] += target.rebuild(docs, code, progress=report)
            else:
                for start in range(0, len(docs), 500):
                    target.index(docs[start : start + 500])
                    report(min(start + 500, len(docs)))
                if not docs:
                    report(0)
                result["indexed"] += len(docs)
            if not (fresh or name == "elasticsearch") and stale:
                target.delete_keys([(key, code) for key in stale])
            result["removed"] += len(stale)
        if elastic is not None and "elasticsearch" in engines:
            health.reset()
    _bump_generation()
    return counts


# --- query analysis -----------------------------------------------------------------------------


def clean_query(raw):
    """A visitor's query as text: control characters out, whitespace collapsed, cut to the
    limit. Returns (query, was_cut)."""
    text = CONTROL_RE.sub(" ", raw or "")
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    return text[:MAX_QUERY_LENGTH].strip(), len(text) > MAX_QUERY_LENGTH


def search_terms(query):
    """The words of a query, as typed (kept for callers that show them)."""
    return " ".join(words(query[:MAX_QUERY_LENGTH]))


def _places():
    places = cache.get("search:places")
    if places is None:
        places = {}
        for code, name_fi, name_sv, lat, lon in Municipality.objects.values_list(
            "code", "name_fi", "name_sv", "latitude", "longitude"
        ):
            for name in (name_fi, name_sv):
                if name:
                    places.setdefault(normalize_name(name), (code, lat, lon))
        cache.set("search:places", places, 3600)
    return places


def named_place(query, language):
    """The municipality a query names ("ohjaamo tampereella", "työnhaku nokia"), as
    (code, latitude, longitude), or None."""
    places = _places()
    for word in words(query):
        candidates = [word]
        if language == "fi":
            candidates += place_name_candidates(word)
        for candidate in candidates:
            found = places.get(normalize_name(candidate))
            if found:
                return found
    return None


# --- did you mean -------------------------------------------------------------------------------


def _vocabulary(language):
    """Words of every title and place name of a language: what a misspelt word is matched
    against. Rebuilt after the index changes."""
    key = f"search:vocabulary:{language}:{_generation()}"
    vocabulary = cache.get(key)
    if vocabulary is None:
        found = set()
        for title in SearchDocument.objects.filter(language=language).values_list(
            "title", flat=True
        ):
            found.update(w for w in words(title) if len(w) >= 3 and not w.isdigit())
        for name_fi, name_sv in Municipality.objects.values_list("name_fi", "name_sv"):
            for name in (name_fi, name_sv):
                found.update(words(name))
        vocabulary = sorted(found)
        cache.set(key, vocabulary, 3600)
    return vocabulary


def _closest(word, vocabulary):
    """The vocabulary word nearest to `word`, comparing also `word`'s start with it (so an
    inflected typo, "helsinigssä", meets "helsinki")."""
    best, best_score = None, 0.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(word)
    for candidate in vocabulary:
        if abs(len(candidate) - len(word)) > 6 or candidate[0] != word[0]:
            continue
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() < 0.6:
            continue
        score = matcher.ratio()
        if len(word) > len(candidate) + 1:
            score = max(
                score,
                difflib.SequenceMatcher(None, candidate, word[: len(candidate)]).ratio() - 0.05,
            )
        if score > best_score:
            best, best_score = candidate, score
    return best if best_score >= 0.75 else None


def did_you_mean(query, language):
    """The query with each word the index does not know replaced by the nearest known word, or
    None when there is nothing better to offer."""
    vocabulary = _vocabulary(language)
    known = set(vocabulary)
    changed = False
    out = []
    for word in words(query):
        if len(word) < 4 or word.isdigit() or word in known:
            out.append(word)
            continue
        replacement = _closest(word, vocabulary)
        if replacement and replacement != word:
            out.append(replacement)
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else None


# --- results ------------------------------------------------------------------------------------


@dataclass
class Hit:
    document: SearchDocument
    title: str
    url: str
    kind: str
    kind_label: str
    snippet: str
    date: object = None
    distance_km: float | None = None
    promoted: bool = False


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    values: list


@dataclass
class SearchResults:
    query: str
    language: str
    hits: list
    total: int
    page: int
    per_page: int
    facets: list
    filters: dict
    promoted: list = field(default_factory=list)
    suggestion: str | None = None
    corrected_from: str | None = None
    ignored_filters: list = field(default_factory=list)
    place: tuple | None = None
    engine: str = "database"
    operator: str = "and"

    @property
    def num_pages(self):
        return max(1, -(-self.total // self.per_page))


def _query_terms(groups):
    return {term for group in groups for term in group}


def _highlight_prefix(term):
    """The start a word must have to be highlighted for a base form: the base form less its
    last two letters ("nuori" → "nuor" marks "nuorille", "helsinki" → "helsin" marks
    "helsingissä"). Cheaper than analysing every word of every snippet, and close enough."""
    return term if len(term) <= 4 else term[: max(4, len(term) - 2)]


def _marked_tokens(text, terms):
    """The first SNIPPET_SCAN whitespace-separated tokens of `text`, and for each 1 when a word
    in it starts with the highlight prefix of a term: one regular expression over the text,
    not an analysis of every token."""
    spans = [m.span() for m in itertools.islice(TOKEN_RE.finditer(text), SNIPPET_SCAN)]
    tokens = [text[start:end] for start, end in spans]
    hits = [0] * len(tokens)
    prefixes = sorted({_highlight_prefix(term) for term in terms if term}, key=len, reverse=True)
    if tokens and prefixes:
        pattern = re.compile(
            r"(?<![^\W_])(?:" + "|".join(re.escape(p) for p in prefixes) + ")", re.IGNORECASE
        )
        starts = [start for start, _end in spans]
        for match in pattern.finditer(text, 0, spans[-1][1]):
            index = bisect.bisect_right(starts, match.start()) - 1
            if index >= 0 and match.start() < spans[index][1]:
                hits[index] = 1
    return tokens, hits


def snippet(text, terms, language, length=SNIPPET_WORDS):
    """About `length` words of `text` around the most matches, escaped, matches in <mark>."""
    tokens, hits = _marked_tokens(text or "", terms)
    if not tokens:
        return ""
    size = min(length, len(tokens))
    sums = [0]
    for hit in hits:
        sums.append(sums[-1] + hit)
    best_start = max(range(len(tokens) - size + 1), key=lambda s: (sums[s + size] - sums[s], -s))
    if sums[best_start + size] - sums[best_start]:
        first = hits.index(1, best_start)
        best_start = (
            max(0, min(first - 3, len(tokens) - size)) if first - best_start > 3 else best_start
        )
    chosen = range(best_start, best_start + size)
    # html.escape: what django.utils.html.escape does, without a SafeString per word.
    parts = [
        f"<mark>{html.escape(tokens[i])}</mark>" if hits[i] else html.escape(tokens[i])
        for i in chosen
    ]
    prefix = "… " if best_start > 0 else ""
    suffix = " …" if chosen.stop < len(tokens) else ""
    return mark_safe(prefix + " ".join(parts) + suffix)  # noqa: S308 - every piece escaped


def kind_labels():
    return {value: str(label) for value, label in SearchDocument.Kind.choices}


def facet_labels(language):
    """{group: {value: label}} of every known facet value in `language`."""
    key = f"search:facet-labels:{language}"
    labels = cache.get(key)
    if labels is None:
        labels = {
            "type": kind_labels(),
            "region": {code: region.name_for(language) for code, region in _regions().items()},
            "service": {
                service.code: service.name
                for service in Service.objects.filter(locale__language_code=language)
            },
            "language": {
                lang.code: lang.name_for(language) for lang in ServiceLanguage.objects.all()
            },
        }
        cache.set(key, labels, 600)
    return labels


def _regions():
    return {region.code: region for region in Region.objects.all()}


FACET_TITLES = {
    "type": lambda: pgettext("search facet", "Content type"),
    "region": lambda: pgettext("search facet", "Region"),
    "service": lambda: pgettext("search facet", "Service"),
    "language": lambda: pgettext("search facet", "Language of service"),
}


def clean_filters(raw, language, labels=None):
    """Known facet values only: {group: [values]} and a list of the ignored (group, value).
    `labels`: facet_labels(language) when the caller has them already."""
    labels = labels or facet_labels(language)
    filters, ignored = {}, []
    for group in FACET_GROUPS:
        values = raw.get(group, []) if raw else []
        if isinstance(values, str):
            values = [values]
        for value in values:
            value = (value or "").strip()[:50]
            if not value:
                continue
            if value in labels[group]:
                filters.setdefault(group, [])
                if value not in filters[group]:
                    filters[group].append(value)
            else:
                ignored.append((group, value))
    return filters, ignored


def _facets(counts, filters, labels):
    facets = []
    for group in FACET_GROUPS:
        group_counts = counts.get(group, {})
        values = [
            FacetValue(
                value=value,
                label=labels[group].get(value, value),
                count=count,
                selected=value in filters.get(group, []),
            )
            for value, count in group_counts.items()
            if value in labels[group]
        ]
        for value in filters.get(group, []):
            if value not in group_counts:
                values.append(FacetValue(value, labels[group][value], 0, True))
        values.sort(key=lambda v: (-v.count, v.label))
        if values:
            facets.append(Facet(group, FACET_TITLES[group](), values))
    return facets


def _hits(keys, language, terms, place, rows=None):
    """Hits for `keys` in that order; `rows` ({key: SearchDocument}) when already fetched."""
    if rows is None:
        rows = {
            row.key: row for row in SearchDocument.objects.filter(language=language, key__in=keys)
        }
    labels = kind_labels()
    hits = []
    for key in keys:
        row = rows.get(key)
        if row is None:
            continue
        distance = None
        if place and row.kind == SearchDocument.Kind.POINT and row.latitude is not None:
            distance = distance_km(place[1], place[2], row.latitude, row.longitude)
        hits.append(
            Hit(
                document=row,
                title=row.title,
                url=row.url,
                kind=row.kind,
                kind_label=labels.get(row.kind, row.kind),
                snippet=snippet(row.text, terms, language),
                date=row.date if row.kind in ("news", "publication") else None,
                distance_km=distance,
            )
        )
    return hits


PROMOTED_QUERIES_KEY = "search:promoted-queries"


def promoted_queries():
    """The query strings editors promote pages for (Wagtail's search promotions). Most searches
    have none and so read no promotion at all. Cached until a promotion or a promoted query
    changes (search/signals.py), and for ten minutes at most."""
    queries = cache.get(PROMOTED_QUERIES_KEY)
    if queries is None:
        queries = frozenset(
            SearchPromotion.objects.filter(page__isnull=False)
            .values_list("query__query_string", flat=True)
            .distinct()
        )
        cache.set(PROMOTED_QUERIES_KEY, queries, 600)
    return queries


def promotions_changed():
    cache.delete(PROMOTED_QUERIES_KEY)


def promoted(query, language):
    """Pages the editors promote for this query (Wagtail's search promotions), in `language`."""
    normalised = " ".join(query.lower().split())
    if not normalised or normalised not in promoted_queries():
        return []
    promotions = list(
        SearchPromotion.objects.filter(query__query_string=normalised, page__isnull=False)
        .select_related("page")
        .order_by("sort_order")
    )
    if not promotions:
        return []
    locale = Locale.objects.filter(language_code=language).first()
    result = []
    for promotion in promotions:
        page = promotion.page
        if locale is not None and page.locale_id != locale.pk:
            page = page.get_translation_or_none(locale)
        if page is None:
            continue
        row = SearchDocument.objects.filter(
            key=documents.page_key(page.pk), language=language
        ).first()
        if row is None:  # not public (draft, private, expired): never shown
            continue
        result.append(
            Hit(
                document=row,
                title=row.title,
                url=row.url,
                kind=row.kind,
                kind_label=kind_labels().get(row.kind, row.kind),
                snippet=escape(promotion.description)
                if promotion.description
                else snippet(row.text[:400], set(), language),
                promoted=True,
            )
        )
    return result


def _exact_title_rows(text, language):
    """The condition for the rows whose title is exactly the query (apart from case and
    punctuation): one look-up of the (language, title key) index. None for an empty query."""
    key = documents.title_key(text)
    return Q(language=language, title_key=key) if key else None


def _shown_exact(rows, filters, now):
    """Of rows with an exact title, those not expired and passing the filters, best first."""
    fields = {
        "type": "kind",
        "region": "region",
        "service": "services",
        "language": "service_languages",
    }
    shown = [
        row
        for row in rows
        if (row.expires_at is None or row.expires_at > now)
        and all(
            set(getattr(row, fields[group]).split()) & set(values)
            for group, values in filters.items()
            if values
        )
    ]
    return sorted(shown, key=lambda row: (-row.boost, row.pk))[:50]


def exact_title_hits(text, language, filters, now):
    """Documents whose title is exactly the query (apart from case and punctuation): shown
    first, whatever words the analysis drops ("Mikä Ohjaamo on?")."""
    condition = _exact_title_rows(text, language)
    if condition is None:
        return []
    return _shown_exact(SearchDocument.objects.filter(condition), filters, now)


def _engine_search(groups, language, filters, page, per_page, origin, now):
    for operator in ("and", "or"):
        if operator == "or" and len(groups) < 2:
            break
        query = EngineQuery(
            language=language,
            groups=groups,
            operator=operator,
            filters=filters,
            offset=(page - 1) * per_page,
            limit=per_page,
            now=now,
            origin=origin[1:] if origin else None,
        )
        result = _run(query)
        if result.total and query.offset >= result.total:
            last = -(-result.total // per_page)
            query.offset = (last - 1) * per_page
            result = _run(query)
            result.page = last
        if result.total:
            return result, operator
    return result, "and"


def search(
    query, language, filters=None, page=1, per_page=RESULTS_PER_PAGE, now=None, correct=True
):
    """Search `language`'s documents. `filters` is {group: [values]} for the facet groups
    (type, region, service, language); unknown values are ignored and reported. Never raises on
    any text a visitor can type."""
    text, _cut = clean_query(query)
    try:
        page = min(max(int(page), 1), MAX_PAGE)
    except (TypeError, ValueError):
        page = 1
    labels = facet_labels(language)
    filters, ignored = clean_filters(filters or {}, language, labels)
    now = now or timezone.now()
    groups = query_groups(text, language)
    results = SearchResults(
        query=text,
        language=language,
        hits=[],
        total=0,
        page=page,
        per_page=per_page,
        facets=[],
        filters=filters,
        ignored_filters=ignored,
        engine=engine_name(),
    )
    if not groups:
        return results
    place = named_place(text, language)
    result, operator = _engine_search(groups, language, filters, page, per_page, place, now)
    suggestion = None
    if not result.total and correct:
        suggestion = did_you_mean(text, language)
        if suggestion:
            corrected_groups = query_groups(suggestion, language)
            place = named_place(suggestion, language) or place
            corrected, operator = _engine_search(
                corrected_groups, language, filters, page, per_page, place, now
            )
            if corrected.total:
                result, groups = corrected, corrected_groups
                results.corrected_from = text
                results.query = suggestion
            else:
                suggestion = None
    results.suggestion = suggestion
    results.total = result.total
    results.page = result.page or page
    results.engine = result.engine
    results.operator = operator
    results.place = place
    # The rows of the page and of exact title matches in one query.
    wanted = Q(language=language, key__in=result.keys)
    exact_condition = _exact_title_rows(results.query, language)
    if exact_condition is not None:
        wanted |= exact_condition
    rows = {row.key: row for row in SearchDocument.objects.filter(wanted)}
    exact_key = documents.title_key(results.query)
    exact = {
        row.key
        for row in _shown_exact(
            [r for r in rows.values() if exact_key and r.title_key == exact_key], filters, now
        )
    }
    terms = _query_terms(groups)
    results.hits = _hits(result.keys, language, terms, place, rows)
    if exact:
        results.hits = [hit for hit in results.hits if hit.document.key not in exact]
        if results.page == 1:
            results.hits = _hits(sorted(exact), language, terms, place, rows) + results.hits
    results.facets = _facets(result.facets, filters, labels)
    if results.page == 1:
        results.promoted = promoted(text, language)
        promoted_urls = {hit.url for hit in results.promoted}
        results.hits = [hit for hit in results.hits if hit.url not in promoted_urls]
    return results


def page_ids(query, language, kinds=None, limit=1000):
    """Ids of the pages matching `query` in `language` (of the given kinds), best first."""
    text, _cut = clean_query(query)
    groups = query_groups(text, language)
    if not groups:
        return []
    filters = {"type": list(kinds)} if kinds else {}
    query_ = EngineQuery(language=language, groups=groups, filters=filters, limit=limit)
    keys = _run(query_).keys
    return [int(key.split(":", 1)[1]) for key in keys if key.startswith("page:")]


# --- autocomplete -------------------------------------------------------------------------------


def autocomplete(prefix, language, limit=AUTOCOMPLETE_LIMIT):
    """At most `limit` suggestions for what is being typed: titles of pages and points whose
    title (or a word of it) starts with the text, and municipalities by name."""
    text, _cut = clean_query(prefix)
    text = text[:50]
    if len(text) < 2:
        return []
    lowered = text.lower()
    candidates = (
        SearchDocument.objects.filter(language=language, title__icontains=text)
        .exclude(expires_at__lte=timezone.now())
        .order_by("-boost", "title")
        .values_list("title", "url", "kind")[:200]
    )
    starts, inside = [], []
    for title, url, kind in candidates:
        title_lower = title.lower()
        entry = {"label": title, "url": url, "kind": kind}
        if title_lower.startswith(lowered):
            starts.append(entry)
        elif any(w.startswith(lowered) for w in words(title_lower)):
            inside.append(entry)
    places = []
    name_field = "name_sv" if language == "sv" else "name_fi"
    for name_fi, name_sv in Municipality.objects.filter(
        **{f"{name_field}__istartswith": text}
    ).values_list("name_fi", "name_sv")[:limit]:
        name = (name_sv if language == "sv" else name_fi) or name_fi
        places.append({"label": name, "url": None, "kind": "place"})
    suggestions, seen = [], set()
    for entry in starts + places + inside:
        if entry["label"].lower() in seen:
            continue
        seen.add(entry["label"].lower())
        suggestions.append(entry)
        if len(suggestions) >= limit:
            break
    return suggestions


__all__ = [
    "MAX_QUERY_LENGTH",
    "autocomplete",
    "did_you_mean",
    "index_page",
    "index_terms",
    "page_ids",
    "rebuild",
    "remove_page",
    "search",
]
