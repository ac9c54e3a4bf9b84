#!/usr/bin/env python
"""Render benchmark: how long each page type takes to render, uncached, next to a bare Django view.

    .venv/bin/python benchmarks/render.py            # 40 rounds
    .venv/bin/python benchmarks/render.py -n 100     # more rounds
    .venv/bin/python benchmarks/render.py --check    # exit 1 when a page type misses the target

It builds a throwaway site of its own (a temporary SQLite file: migrate + seed_demo, test settings
so DEBUG is off), finds every concrete page type that has a live, public page in the seeded site
(so new page types are measured as soon as an app seeds them), and requests one page of each type
(Finnish, Swedish and English instances when there are) through Django's test client, N times.
Before every request the cache is cleared, so each render builds the navigation and footer again:
the figures are for the uncached worst case. A bare view (HttpResponse, no template, no database)
goes through the same middleware in the same run; the ratio to it makes figures comparable between
machines. Target: p95 <= 50 ms for every page type.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 50.0


def bare_view(request):
    from django.http import HttpResponse

    return HttpResponse("ok", content_type="text/plain")


# The URLconf of the bare view (this module; used through override_settings(ROOT_URLCONF=...)).
urlpatterns = []


def percentile(values, fraction):
    """Nearest-rank percentile of a list of numbers."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def setup_django(workdir):
    os.environ["DJANGO_SETTINGS_MODULE"] = "kohtaamo.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'benchmark.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.pop("REDIS_URL", None)  # local memory cache: cleared per round, nothing shared
    os.environ.pop("ELASTICSEARCH_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build_site(verbose):
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_demo", verbosity=0)
    if verbose:
        print(f"seeded a throwaway site in {time.perf_counter() - started:.1f} s")


def pages_by_type():
    """{page type label: [one live public page per language, …]} for every concrete Page type."""
    from django.apps import apps
    from wagtail.models import Page

    found = {}
    for model in apps.get_models():
        if not issubclass(model, Page) or model is Page or model._meta.abstract:
            continue
        pages = []
        for language_code in ("fi", "sv", "en"):
            page = (
                model.objects.live()
                .public()
                .filter(locale__language_code=language_code)
                .order_by("path")
                .first()
            )
            if page is not None:
                pages.append(page)
        if pages:
            found[model._meta.label] = pages
    return found


def measure(client, url, rounds, fresh_cache=True):
    """Milliseconds per request, and the number of queries of the first request."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    queries = None
    for index in range(rounds):
        if fresh_cache:
            cache.clear()
        if index == 0:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            queries = len(captured)
        else:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return timings, queries


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--rounds", type=int, default=40, help="requests per page (40)")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a page type's p95 is over the target"
    )
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    rounds = max(args.rounds, 5) + 1  # the first request of each series is not timed

    with tempfile.TemporaryDirectory(prefix="kohtaamo-bench-") as tmp:
        setup_django(Path(tmp))
        build_site(not args.quiet)

        from django.test import Client, override_settings
        from django.urls import path

        urlpatterns.append(path("bare/", bare_view))
        client = Client()

        with override_settings(ROOT_URLCONF=__name__):
            # Warm the interpreter (imports, template loading) before anything is timed.
            measure(client, "/bare/", 20)
            bare, _ = measure(client, "/bare/", rounds)
        bare_p50, bare_p95 = statistics.median(bare), percentile(bare, 0.95)

        rows, over = [], []
        for label, pages in sorted(pages_by_type().items()):
            timings, queries = [], []
            for page in pages:
                url = page.get_url()
                measure(client, url, 3)  # load templates and translations once
                page_timings, page_queries = measure(client, url, rounds)
                timings += page_timings
                queries.append(page_queries)
            p50, p95 = statistics.median(timings), percentile(timings, 0.95)
            if p95 > TARGET_P95_MS:
                over.append(label)
            rows.append((label, len(pages), len(timings), p50, p95, queries))

        width = max(len(row[0]) for row in rows) if rows else 20
        print()
        print(f"Uncached render time, {rounds - 1} requests per page, cache cleared before each")
        columns = "pages  requests   p50 ms   p95 ms  p50/bare  p95/bare  queries"
        print(f"{'page type':<{width}}  {columns}")
        print(
            f"{'bare Django view':<{width}}  {'-':>5}  {len(bare):>8}  {bare_p50:7.2f}  "
            f"{bare_p95:7.2f}  {1.0:8.1f}  {1.0:8.1f}  -"
        )
        for label, n_pages, n, p50, p95, queries in rows:
            mark = "  OVER TARGET" if label in over else ""
            print(
                f"{label:<{width}}  {n_pages:>5}  {n:>8}  {p50:7.2f}  {p95:7.2f}  "
                f"{p50 / bare_p50:8.1f}  {p95 / bare_p95:8.1f}  "
                f"{'/'.join(str(q) for q in queries)}{mark}"
            )
        print(f"\ntarget: p95 <= {TARGET_P95_MS:.0f} ms per page type; ", end="")
        print("all within target" if not over else f"over target: {', '.join(over)}")
    if args.check and over:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
