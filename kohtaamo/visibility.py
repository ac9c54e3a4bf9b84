"""What the public sees, decided in one place: live, public (no view restriction), not expired
and not scheduled for later — at this moment, not when `publish_scheduled` next runs.

Wagtail keeps a page `live` until the cron job unpublishes it after its `expire_at`; every
public queryset (sitemap, language alternates, search, listings, feeds, the API) filters through
`visible()` so an expired page disappears everywhere at the moment it expires."""

from django.db.models import Q
from django.utils import timezone


def in_effect(now=None):
    """The condition on `expire_at` and `go_live_at` for `now` (default: this moment)."""
    now = now or timezone.now()
    return (Q(expire_at__isnull=True) | Q(expire_at__gt=now)) & (
        Q(go_live_at__isnull=True) | Q(go_live_at__lte=now)
    )


def visible(queryset, now=None):
    """`queryset` (of pages) narrowed to what the public may see now."""
    return queryset.live().public().filter(in_effect(now))


def visible_for_search(queryset, now=None):
    """`visible()` for a search backend query, which can filter only on indexed fields: the
    (few) live pages that are expired or scheduled for later are left out by id."""
    shown = queryset.live().public()
    hidden = list(shown.exclude(in_effect(now)).values_list("pk", flat=True))
    return shown.exclude(pk__in=hidden) if hidden else shown
