#!/usr/bin/env python
"""Nearest-search benchmark: `locations.geo.nearest()` over 10,000 synthetic service points, beside
a naive scan of every point, in the same run.

    .venv/bin/python benchmarks/nearest.py               # 10,000 points, 300 searches
    .venv/bin/python benchmarks/nearest.py -n 1000 --points 20000
    .venv/bin/python benchmarks/nearest.py --check       # exit 1 when p95 is over the target
    DATABASE_URL=postgres://user:pw@localhost/kohtaamo .venv/bin/python benchmarks/nearest.py

It builds a throwaway database of its own: a temporary SQLite file, or, when DATABASE_URL names
PostgreSQL, a test database next to it (created and dropped, as Django's test runner does). It
loads the gazetteer, puts 250 live Ohjaamo pages under a finder page, each serving a few
municipalities, and scatters the points around municipality centres all over Finland (mainland
and Åland; a few kilometres of spread, as real service points cluster in towns).

Each search is timed from the origin to the loaded results (points with page, municipality,
opening hours, exceptions and services), for origins from postal codes, municipality names and
random positions in Finland. The naive scan fetches every candidate point's coordinates, computes
every distance in Python and loads the same results the same way; both must return the same
points. Target: p95 of nearest() <= 10 ms.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 10.0
PAGES = 250
SEED = 20261122


def percentile(values, fraction):
    """Nearest-rank percentile of a list of numbers."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def setup_django(workdir):
    os.environ["DJANGO_SETTINGS_MODULE"] = "kohtaamo.settings.test"
    url = os.environ.get("DATABASE_URL", "")
    postgres = url.startswith(("postgres://", "postgresql://"))
    if not postgres:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'nearest.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.pop("ELASTICSEARCH_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return postgres


def build(points, verbose):
    """Migrate, load the gazetteer, create the pages and `points` service points."""
    from django.core.management import call_command
    from wagtail.models import Locale, Page

    from locations.models import FinderPage, Municipality, OhjaamoPage, ServicePoint

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_gazetteer", verbosity=0)
    rnd = random.Random(SEED)
    fi = Locale.objects.get(language_code="fi")
    root = Page.get_first_root_node()
    finder = root.add_child(instance=FinderPage(title="Ohjaamot", slug="ohjaamot", locale=fi))
    municipalities = list(Municipality.objects.order_by("code"))
    pages = []
    for n in range(PAGES):
        page = finder.add_child(
            instance=OhjaamoPage(
                title=f"Ohjaamo {n}", slug=f"ohjaamo-{n}", intro="Testi.", locale=fi
            )
        )
        page.municipalities.set(rnd.sample(municipalities, rnd.randint(1, 4)))
        pages.append(page)
    batch = []
    for n in range(points):
        centre = rnd.choice(municipalities)
        lat = min(70.0, max(59.5, centre.latitude + rnd.gauss(0, 0.04)))
        lon = min(31.5, max(19.1, centre.longitude + rnd.gauss(0, 0.08)))
        batch.append(
            ServicePoint(
                page=rnd.choice(pages),
                locale=fi,
                name=f"Piste {n}",
                street_address="Testikatu 1",
                postal_code="00100",
                post_office="Helsinki",
                municipality=centre,
                latitude=lat,
                longitude=lon,
                sort_order=n,
            )
        )
    ServicePoint.objects.bulk_create(batch, batch_size=1000)
    if verbose:
        print(
            f"built {PAGES} pages and {points} points in {time.perf_counter() - started:.1f} s "
            f"({os.environ['DATABASE_URL'].split(':', 1)[0]})"
        )
    return fi


def naive_nearest(origin, limit, locale):
    """Every candidate's distance computed in Python; the same ordering and loading as nearest()."""
    from django.db.models import Exists, OuterRef

    from locations import geo
    from locations.models import OhjaamoPage, ServicePoint

    points = geo._points(locale, None, None)
    fields = ["pk", "latitude", "longitude"]
    if origin.municipality is not None:
        serving = OhjaamoPage.objects.filter(
            translation_key=OuterRef("page__translation_key"),
            municipalities=origin.municipality,
        )
        points = points.annotate(serves=Exists(serving))
        fields.append("serves")
    rows = []
    for row in points.values_list(*fields):
        serves = bool(row[3]) if len(row) > 3 else False
        rows.append(
            (geo.haversine_km(origin.latitude, origin.longitude, row[1], row[2]), serves, row[0])
        )
    rows.sort(key=lambda r: (not r[1], r[0], r[2]))
    chosen = rows[:limit]
    loaded = geo._with_details(ServicePoint.objects.filter(pk__in=[r[2] for r in chosen]))
    by_pk = {p.pk: p for p in loaded.prefetch_related(*geo._prefetch())}
    return [by_pk[r[2]] for r in chosen]


def origins(count):
    from locations import geo
    from locations.models import Municipality, PostalCode

    rnd = random.Random(SEED + 1)
    codes = list(
        PostalCode.objects.filter(kind=PostalCode.Kind.AREA).values_list("code", flat=True)
    )
    names = list(Municipality.objects.values_list("name_fi", flat=True))
    result = []
    for n in range(count):
        if n % 3 == 0:
            result.append(geo.resolve_place(rnd.choice(codes)))
        elif n % 3 == 1:
            result.append(geo.resolve_place(rnd.choice(names)))
        else:
            result.append(
                geo.origin_from_position(rnd.uniform(60.0, 69.5), rnd.uniform(21.5, 30.5))
            )
    return result


def time_ms(fn):
    started = time.perf_counter()
    value = fn()
    return (time.perf_counter() - started) * 1000, value


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--searches", type=int, default=300, help="searches (300)")
    parser.add_argument("--points", type=int, default=10_000, help="service points (10,000)")
    parser.add_argument("--limit", type=int, default=10, help="results per search (10)")
    parser.add_argument("--check", action="store_true", help="exit 1 when p95 > target")
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="kohtaamo-nearest-") as tmp:
        postgres = setup_django(Path(tmp))
        from django.db import connection

        test_db = None
        if postgres:
            test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            locale = build(args.points, not args.quiet)
            from locations import geo

            searches = origins(max(args.searches, 10))
            for origin in searches[:10]:  # warm up: imports, statement caches
                geo.nearest(origin, limit=args.limit, locale=locale)
                naive_nearest(origin, args.limit, locale)

            fast, slow = [], []
            for origin in searches:
                ms, result = time_ms(
                    lambda o=origin: geo.nearest(o, limit=args.limit, locale=locale)
                )
                fast.append(ms)
                ms, expected = time_ms(lambda o=origin: naive_nearest(o, args.limit, locale))
                slow.append(ms)
                if [r.point.pk for r in result] != [p.pk for p in expected]:
                    raise SystemExit(f"nearest() and the naive scan disagree for {origin}")
        finally:
            if test_db:
                connection.creation.destroy_test_db(test_db, verbosity=0)

    p50, p95 = statistics.median(fast), percentile(fast, 0.95)
    n50, n95 = statistics.median(slow), percentile(slow, 0.95)
    print()
    print(
        f"{len(searches)} searches, {args.points} points, limit {args.limit}, "
        f"{connection.vendor}; results identical"
    )
    print(f"{'':<22}{'p50 ms':>9}{'p95 ms':>9}")
    print(f"{'nearest()':<22}{p50:9.2f}{p95:9.2f}")
    print(f"{'naive all-points scan':<22}{n50:9.2f}{n95:9.2f}")
    print(f"{'naive / nearest()':<22}{n50 / p50:8.1f}x{n95 / p95:8.1f}x")
    within = p95 <= TARGET_P95_MS
    print(f"target: p95 <= {TARGET_P95_MS:.0f} ms: {'met' if within else 'MISSED'}")
    return 1 if args.check and not within else 0


if __name__ == "__main__":
    sys.exit(main())
