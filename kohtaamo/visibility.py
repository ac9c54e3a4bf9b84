"""What the public sees, decided in one place: live, public (no view restriction), not expired
and not scheduled for later — at this moment, not when `publish_scheduled` next runs.

Wagtail keeps a page `live` until the cron job unpublishes it after its `expire_at`; every
public queryset (sitemap, language alternates, search, listings, feeds, the API) filters through
`visible()` so an expired page disappears everywhere at the moment it expires. A page's own URL
answers 404 by the same rule (`shown_now()`, the `before_serve_page` hook in wagtail_hooks.py), and
a live page whose `go_live_at` is still ahead is treated the same way until that moment."""

from django.db.models import Q
from django.utils import timezone


def in_effect(now=None):
    """The condition on `expire_at` and `go_live_at` for `now` (default: this moment)."""
    now = now or timezone.now()
    return (Q(expire_at__isnull=True) | Q(expire_at__gt=now)) & (
        Q(go_live_at__isnull=True) | Q(go_live_at__lte=now)
    )


def shown_now(page, now=None):
    """`in_effect()` for one page in hand: not expired and not scheduled for later."""
    now = now or timezone.now()
    if page.expire_at is not None and page.expire_at <= now:
        return False
    return page.go_live_at is None or page.go_live_at <= now


def next_change(pages, now=None):
    """The next moment one of `pages` expires or goes live (None when none will): what a cached
    answer showing them must not outlive."""
    now = now or timezone.now()
    moments = [
        moment
        for page in pages
        for moment in (page.expire_at, page.go_live_at)
        if moment is not None and moment > now
    ]
    return min(moments, default=None)


def visible(queryset, now=None):
    """`queryset` (of pages) narrowed to what the public may see now."""
    return queryset.live().public().filter(in_effect(now))


def visible_for_search(queryset, now=None):
    """`visible()` for a search backend query, which can filter only on indexed fields: the
    (few) live pages that are expired or scheduled for later are left out by id."""
    shown = queryset.live().public()
    hidden = list(shown.exclude(in_effect(now)).values_list("pk", flat=True))
    return shown.exclude(pk__in=hidden) if hidden else shown
