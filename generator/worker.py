"""Draining the rebuild queue: one incremental build for everything queued so far.

Why a queue table and not a task queue: the queue row is written in the publish's own transaction
(nothing lost, nothing built before the commit), it needs no broker or extra service on top of the
database every installation has (SQLite or PostgreSQL), and a burst of publishes (a translation
sync publishes three pages, a bulk action dozens) is coalesced into one rebuild. `build_site
--watch` polls it every second, so a publish shows in the export within a few seconds.
"""

import json
from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from generator import deps
from generator.build import MANIFEST, Builder, current_build
from generator.models import RebuildRequest
from locations.hours import HELSINKI


def scheduled_keys(since, now):
    """Keys of pages whose go-live or expiry time fell in (since, now]: the export changes at that
    moment even before `publish_scheduled` runs (listings already hide expired items)."""
    keys = set()
    pages = Page.objects.filter(
        Q(go_live_at__gt=since, go_live_at__lte=now) | Q(expire_at__gt=since, expire_at__lte=now)
    ).specific()
    for page in pages:
        keys |= deps.keys_for_page(page, descendants=True)
    return keys


def day_changed(since, now):
    """Whether a new calendar day began in Helsinki in (since, now]: files that show what holds
    from today (deps.DAY) are rebuilt once a day, so the export's week of hours, coming closures and
    holidays never go stale even when nobody publishes."""
    return since.astimezone(HELSINKI).date() != now.astimezone(HELSINKI).date()


def last_built_at(output):
    current = current_build(output)
    if current is None or not (current / MANIFEST).exists():
        return None
    data = json.loads((current / MANIFEST).read_text())
    return datetime.fromisoformat(data["built_at"])


def drain(output=None, keep=3, progress=None, since=None, wait=True, prune_later=False):
    """Rebuild for every queued request (and pages that went live or expired since `since`).
    Returns the build summary, or None when there was nothing to do. Rows are deleted only after
    the build succeeded, so a failed build is retried. `prune_later`: old builds are moved aside
    for build.housekeeping() (the watching worker runs it between builds)."""
    builder = Builder(output, keep=keep, progress=progress, wait=wait, prune_later=prune_later)
    now = timezone.now()
    rows = list(RebuildRequest.objects.order_by("pk").values("pk", "keys")[:10000])
    keys = {key for row in rows for key in row["keys"]}
    if since is None:
        since = last_built_at(builder.output)
    if since is not None:
        keys |= scheduled_keys(since, now)
        if day_changed(since, now):
            keys.add(deps.DAY)
    if current_build(builder.output) is None:
        summary = builder.build()
    elif not keys:
        return None
    else:
        summary = builder.rebuild(keys)
    if rows:
        RebuildRequest.objects.filter(pk__lte=rows[-1]["pk"]).delete()
    summary.checked_until = now
    return summary
