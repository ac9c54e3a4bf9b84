"""The page cache of the live application: anonymous GET/HEAD answers of pages, kept in the shared
cache (Redis when `REDIS_URL` is set, local memory otherwise) and served without routing, queries
or rendering.

What is cached: a response whose view opted in (`cacheable()`: every Wagtail page served through
`page.serve`, see wagtail_hooks.py, and the sitemap), answered 200 to a request without a session
cookie, that sets no cookie and embeds no CSRF token. A query string is part of the key only when
the view named every parameter in it (`cacheable(request, query=(...))`, e.g. the finder's `q`);
any other query string gets a fresh render. Logged-in users (a session cookie), previews (admin
URLs), POSTs and forms always get fresh renders.

Invalidation: one cache generation (`GENERATION`, see cache_generation.py) for every page, started
anew on whatever invalidates the chrome or the brand (kohtaamo/signals.py, brand/signals.py:
publish, unpublish, delete, move, slug change, view restrictions, settings, navigation, brand,
logos). Time-bound content keeps itself correct: an entry never outlives
- the next change of an open-now state the page shows (`valid_until()`, set by the finder and the
  Ohjaamo pages from the points' next opening or closing),
- midnight in Helsinki ("today", "tomorrow" and pop-up dates change then),
- the next `expire_at` or `go_live_at` of a live page (its own URL and the listings change then);
  an entry is checked against that moment on every hit as well.

Every cached answer carries a weak `ETag` (of its content) and `Last-Modified` (when it was
rendered) and honours `If-None-Match` / `If-Modified-Since` with a 304. The strict Content Security
Policy keeps a fresh nonce per response: the cached copy holds a placeholder that each answer
replaces with a new nonce in the body and the header.

Cache-Control, for a CDN in front (README, "Page cache"): cached pages `public, max-age=0,
must-revalidate, s-maxage=N` (N ≤ 60 s, shorter when an open-now state changes sooner); pages
that are not cached `private, no-cache`; the admin `private, no-store`.
"""

import base64
import datetime
import hashlib
import logging
import os
import re
import time
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from wagtail.models import Page

from kohtaamo.cache_generation import CacheGeneration

logger = logging.getLogger(__name__)

GENERATION = CacheGeneration("kohtaamo:pages:generation")

NONCE_PLACEHOLDER = "__kohtaamo-csp-nonce__"
# Part of every key: change it when `Entry` changes, so that a deploy never reads old entries.
ENTRY_FORMAT = 1
# Headers never stored with a cached answer: they belong to one response.
NOT_STORED = {"set-cookie", "date", "x-page-cache", "age", "content-length"}
NONCE_IN_HEADER = re.compile(r"'nonce-([A-Za-z0-9+/=_-]+)'")


def invalidate():
    """Every cached page is stale from now on (a new generation; old entries expire on their
    own)."""
    GENERATION.invalidate()


# --- What a view says about its answer -----------------------------------------------------------


@dataclass
class _Policy:
    query: frozenset = field(default_factory=frozenset)
    until: datetime.datetime | None = None
    never: bool = False


def _policy(request):
    policy = getattr(request, "_kohtaamo_page_cache", None)
    if policy is None:
        policy = _Policy()
        request._kohtaamo_page_cache = policy
    return policy


def cacheable(request, query=()):
    """The answer to this request may be cached for anonymous visitors; `query` names the query
    parameters the answer depends on (a query string with any other parameter is not cached)."""
    policy = _policy(request)
    policy.query = policy.query | frozenset(query)


def valid_until(request, moment):
    """The answer shows something that changes at `moment` (an aware datetime), e.g. an open-now
    state: no cached copy outlives it."""
    if moment is None:
        return
    policy = _policy(request)
    if policy.until is None or moment < policy.until:
        policy.until = moment


def never(request):
    """The answer must not be cached (e.g. it was computed from the visitor's position)."""
    _policy(request).never = True


# --- The cache ------------------------------------------------------------------------------------


@dataclass
class Entry:
    generation: int
    status: int
    headers: list
    body: bytes
    etag: str
    last_modified: float
    expires: float
    has_nonce: bool


def _enabled():
    return getattr(settings, "KOHTAAMO_PAGE_CACHE", True)


def _max_timeout():
    return int(getattr(settings, "KOHTAAMO_PAGE_CACHE_TIMEOUT", 3600))


def _cdn_max_age():
    return int(getattr(settings, "KOHTAAMO_PAGE_CACHE_CDN_MAX_AGE", 60))


def _is_anonymous(request):
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _key(request):
    query = sorted(request.GET.lists())
    raw = repr((request.scheme, request.get_host(), request.path, query))
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"kohtaamo:page:v{ENTRY_FORMAT}:{digest}"


def _next_midnight(now):
    local = now.astimezone(_zone())
    tomorrow = local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, datetime.time(0, 0), tzinfo=_zone())


def _zone():
    return ZoneInfo(settings.TIME_ZONE)


def _next_expiry(now):
    """The next moment a live page expires or reaches its `go_live_at` (listings and its own URL
    change then, kohtaamo.visibility): one query per cache miss."""
    moments = Page.objects.filter(live=True).aggregate(
        expires=Min("expire_at", filter=Q(expire_at__gt=now)),
        goes_live=Min("go_live_at", filter=Q(go_live_at__gt=now)),
    )
    return min((m for m in moments.values() if m is not None), default=None)


def _store_response(request, response, key, generation, policy):
    now = timezone.now()
    candidates = [now + datetime.timedelta(seconds=_max_timeout()), _next_midnight(now)]
    if policy.until is not None:
        candidates.append(policy.until)
    expiry = _next_expiry(now)
    if expiry is not None:
        candidates.append(expiry)
    expires = min(candidates)
    timeout = int((expires - now).total_seconds())
    if timeout < 1:
        return None
    body = response.content
    nonce = getattr(request, "_csp_nonce", None)
    headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED]
    if nonce:
        body = body.replace(nonce.encode(), NONCE_PLACEHOLDER.encode())
        headers = [(k, v.replace(nonce, NONCE_PLACEHOLDER)) for k, v in headers]
    entry = Entry(
        generation=generation,
        status=response.status_code,
        headers=headers,
        body=body,
        etag=f'W/"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"',
        last_modified=float(int(time.time())),
        expires=expires.timestamp(),
        has_nonce=bool(nonce),
    )
    cache.set(key, entry, timeout)
    return entry


def _read(key):
    """(current generation, the entry under `key` when it belongs to it): one round trip to the
    cache. An entry of an older generation is never served (and is overwritten by the next
    store)."""
    values = cache.get_many([GENERATION.key, key])
    generation = values.get(GENERATION.key)
    if generation is None:
        generation = GENERATION.current()
    entry = values.get(key)
    if (
        isinstance(entry, Entry)
        and getattr(entry, "generation", None) == generation
        # The cache's own timeout ends it too, but not to the second (and a clock set forward,
        # as `publish_scheduled` sees it, must find it gone): never served past its moment.
        and entry.expires > timezone.now().timestamp()
    ):
        return generation, entry
    return generation, None


def lookup(request):
    """The cached answer to `request`, or None."""
    return _read(_key(request))[1]


def _cache_control(entry):
    remaining = max(0, int(entry.expires - time.time()))
    s_maxage = min(_cdn_max_age(), remaining)
    return f"public, max-age=0, must-revalidate, s-maxage={s_maxage}"


def _response_from(entry):
    body = entry.body
    headers = entry.headers
    if entry.has_nonce:
        nonce = base64.b64encode(os.urandom(16)).decode("ascii")
        body = body.replace(NONCE_PLACEHOLDER.encode(), nonce.encode())
        headers = [(k, v.replace(NONCE_PLACEHOLDER, nonce)) for k, v in headers]
    response = HttpResponse(body, status=entry.status)
    for name, value in headers:
        response[name] = value
    response["Content-Length"] = str(len(body))
    return response


def _finish(request, response, entry, state):
    response["ETag"] = entry.etag
    response["Last-Modified"] = http_date(entry.last_modified)
    response["Cache-Control"] = _cache_control(entry)
    response["X-Page-Cache"] = state
    conditional = get_conditional_response(
        request, etag=entry.etag, last_modified=int(entry.last_modified), response=response
    )
    if conditional is not response:
        conditional["X-Page-Cache"] = state
    return conditional


def _may_store(request, response, policy):
    if policy is None or policy.never:
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        # The body embeds a CSRF token (a form): it belongs to one visitor. (After the CSRF
        # middleware has run, such an answer also sets the CSRF cookie: caught above.)
        return False
    if set(request.GET) - policy.query:
        return False
    control = response.get("Cache-Control", "")
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def _default_cache_control(request, response):
    """Cache-Control for what the page cache did not answer, unless the view chose one."""
    if response.has_header("Cache-Control"):
        return
    path = request.path_info
    if path.startswith("/admin/"):
        response["Cache-Control"] = "private, no-store"
    elif path.startswith("/documents/"):
        # Who may open a document is checked on every request (private pages, staff material).
        response["Cache-Control"] = "private, no-cache"
    elif path.startswith("/api/"):
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response["Cache-Control"] = "public, max-age=60"
        else:
            response["Cache-Control"] = "no-store"
    elif getattr(request, "_kohtaamo_page_cache", None) is not None:
        # A page not cached for this request (logged in, a form, an unnamed query parameter).
        response["Cache-Control"] = "private, no-cache"
        patch_vary_headers(response, ("Cookie",))


class PageCacheMiddleware:
    """Serves cached pages before sessions, routing and rendering; stores what views opt in.

    Sits after SecurityMiddleware and WhiteNoise (their headers are added to every answer, static
    files never reach the cache) and before every middleware whose headers belong to the stored
    answer (sessions, language, CSRF, frame options, CSP)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (_enabled() and request.method in ("GET", "HEAD") and _is_anonymous(request)):
            response = self.get_response(request)
            _default_cache_control(request, response)
            return response
        key = _key(request)
        generation, entry = _read(key)
        if entry is not None:
            return _finish(request, _response_from(entry), entry, "hit")
        response = self.get_response(request)
        policy = getattr(request, "_kohtaamo_page_cache", None)
        if _may_store(request, response, policy):
            # Stored under the generation read before rendering: a change published meanwhile
            # makes it stale at once.
            entry = _store_response(request, response, key, generation, policy)
            if entry is not None:
                return _finish(request, response, entry, "miss")
        _default_cache_control(request, response)
        return response
