#!/usr/bin/env python
"""Data-quality dashboard benchmark: `quality.checks.build()` over 70 Ohjaamos in 3 languages.

    .venv/bin/python benchmarks/quality_dashboard.py            # 70 Ohjaamos, 20 rounds
    .venv/bin/python benchmarks/quality_dashboard.py --ohjaamos 140 -n 10
    .venv/bin/python benchmarks/quality_dashboard.py --check    # exit 1 when p95 is over 1 s
    .venv/bin/python benchmarks/quality_dashboard.py --keep var/quality-bench --profile
        # keep the built site in that directory (the next run with it skips the build) and
        # profile build() under cProfile: CPU seconds per build and the costliest functions

It builds a throwaway site of its own (a temporary SQLite file: migrate + seed_demo, test
settings), then adds Ohjaamo pages until there are N in Finnish, each with Swedish and English
translations (Wagtail's copy for translation), two service points with weekly hours (one without
an exact address, so the checks find something), and a local news item in Finnish. It times the
whole dashboard (every check, national scope) and one local team's part, and next to them, in
the same run, a baseline: reading every page's id and title (one query), so the ratio compares
between machines. Target: the national dashboard in <= 1 s (p95), in a fixed number of queries.
"""

import argparse
import contextlib
import cProfile
import datetime
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_S = 1.0


def percentile(values, fraction):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def setup_django(workdir):
    os.environ["DJANGO_SETTINGS_MODULE"] = "kohtaamo.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'quality.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.pop("ELASTICSEARCH_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build_site(ohjaamos, verbose):
    from django.core.management import call_command
    from wagtail.models import Locale

    from kohtaamo.seeding import publish
    from locations.models import FinderPage, Municipality, OhjaamoPage, OpeningHours, ServicePoint
    from news.models import NewsPage

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_demo", verbosity=0)
    fi = Locale.objects.get(language_code="fi")
    others = list(Locale.objects.exclude(pk=fi.pk))
    finder = FinderPage.objects.get(locale=fi)
    municipalities = list(Municipality.objects.order_by("code")[:300])
    existing = OhjaamoPage.objects.filter(locale=fi).count()
    for n in range(existing, ohjaamos):
        place = municipalities[n % len(municipalities)]
        points = []
        for k, approximate in enumerate((False, True)):
            points.append(
                ServicePoint(
                    name=f"Piste {n}-{k}",
                    street_address="" if approximate else f"Testikatu {n}",
                    postal_code="" if approximate else "00100",
                    post_office=place.name_fi,
                    municipality=place,
                    latitude=place.latitude,
                    longitude=place.longitude,
                    location_approximate=approximate,
                    sort_order=k,
                    weekly_hours=[
                        OpeningHours(weekday=day, opens=datetime.time(10), closes=datetime.time(16))
                        for day in range(5)
                    ],
                )
            )
        page = OhjaamoPage(
            title=f"Benchmark-Ohjaamo {n}",
            slug=f"benchmark-ohjaamo-{n}",
            intro="Testi.",
            points=points,
        )
        finder.add_child(instance=page)
        publish(page)
        for locale in others:
            publish(page.copy_for_translation(locale).specific)
        news = NewsPage(title=f"Uutinen {n}", slug=f"uutinen-{n}", lead="Ingressi.")
        page.add_child(instance=news)
        publish(news)
        if verbose and n % 10 == 0:
            print(f"  {n + 1} Ohjaamos…", flush=True)
    return time.perf_counter() - started


def measure(function, rounds):
    times = []
    for _round in range(rounds):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--rounds", type=int, default=20)
    parser.add_argument("--ohjaamos", type=int, default=70)
    parser.add_argument("--check", action="store_true", help="exit 1 when p95 is over 1 s")
    parser.add_argument("-q", "--quiet", action="store_true")
    parser.add_argument("--keep", metavar="DIR", help="build the site in DIR and keep it")
    parser.add_argument("--profile", action="store_true", help="cProfile of build()")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        if args.keep:
            workdir = Path(args.keep).resolve()
            workdir.mkdir(parents=True, exist_ok=True)
        else:
            workdir = stack.enter_context(tempfile.TemporaryDirectory(prefix="kohtaamo-quality-"))
        setup_django(Path(workdir))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from wagtail.models import Page

        from locations.models import OhjaamoPage, ServicePoint
        from quality import checks

        built = 0.0
        if not (args.keep and already_built(args.ohjaamos)):
            built = build_site(args.ohjaamos, not args.quiet)
        pages = OhjaamoPage.objects.count()
        points = ServicePoint.objects.count()
        print(
            f"site: {pages} Ohjaamo pages (fi/sv/en), {points} service points, "
            f"{Page.objects.count()} pages in all; built in {built:.0f} s"
        )
        team = str(OhjaamoPage.objects.filter(locale__language_code="fi").first().translation_key)
        checks.build()  # warm up (content types, holidays)
        with CaptureQueriesContext(connection) as captured:
            dashboard = checks.build()
        queries = len(captured.captured_queries)
        baseline = measure(lambda: list(Page.objects.values_list("id", "title")), args.rounds)
        national = measure(checks.build, args.rounds)
        local = measure(lambda: checks.build([team]), args.rounds)
        base_p50 = statistics.median(baseline)
        print(
            f"rows found: {dashboard.total} in {len(dashboard.sections)} checks; {queries} queries"
        )
        print(f"{'':24} {'p50 ms':>9} {'p95 ms':>9} {'× baseline p50':>15}")
        for label, times in (
            ("baseline (page list)", baseline),
            ("dashboard, national", national),
            ("dashboard, one team", local),
        ):
            p50 = statistics.median(times)
            print(
                f"{label:24} {p50 * 1000:9.1f} {percentile(times, 0.95) * 1000:9.1f} "
                f"{p50 / base_p50:15.0f}"
            )
        p95 = percentile(national, 0.95)
        verdict = "meets" if p95 <= TARGET_P95_S else "MISSES"
        print(f"national p95 {p95:.3f} s {verdict} the target of {TARGET_P95_S:.0f} s")
        if args.profile:
            profile(checks.build, args.rounds)
        if args.check and p95 > TARGET_P95_S:
            return 1
    return 0


def already_built(ohjaamos):
    from django.db import DatabaseError

    from locations.models import OhjaamoPage

    try:
        return OhjaamoPage.objects.filter(locale__language_code="fi").count() >= ohjaamos
    except DatabaseError:  # not migrated yet
        return False


def profile(function, rounds):
    """CPU seconds of `function` (process time, not wall time: the load of a shared machine
    matters less) and where they go."""
    cpu = []
    for _round in range(rounds):
        started = time.process_time()
        function()
        cpu.append(time.process_time() - started)
    print(
        f"CPU seconds per build: p50 {statistics.median(cpu):.3f} s, "
        f"p95 {percentile(cpu, 0.95):.3f} s over {rounds} builds (without the profiler)"
    )
    profiler = cProfile.Profile()
    started = time.process_time()
    for _round in range(rounds):
        profiler.enable()
        function()
        profiler.disable()
    print(f"under cProfile: {(time.process_time() - started) / rounds:.3f} CPU s per build")
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(18)


if __name__ == "__main__":
    sys.exit(main())
