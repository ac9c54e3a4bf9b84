#!/usr/bin/env python
"""Search benchmark: relevance of the query set and speed on 10,000 synthetic documents per
language, for the database engine and (when ELASTICSEARCH_URL is set) Elasticsearch.

    .venv/bin/python benchmarks/search.py                     # SQLite (+ Elasticsearch if set)
    .venv/bin/python benchmarks/search.py --docs 2000 -n 100  # smaller
    DATABASE_URL=postgres://postgres@127.0.0.1:54329/kohtaamo .venv/bin/python benchmarks/search.py
    .venv/bin/python benchmarks/search.py --check             # exit 1 when a target is missed

It builds a throwaway database (a temporary SQLite file, or a test database beside the one
DATABASE_URL names) and seeds the demo site. Then:

1. relevance: recall@5 and MRR per language and engine over search/data/relevance_queries.json;
2. publish: the time a page publish takes with the search signal handlers connected, beside the
   same publish with them disconnected (the baseline), i.e. what indexing adds to a publish;
3. 10,000 synthetic documents per language (titles and texts drawn from the demo site's own
   words, so Voikko sees real Finnish), written by a full rebuild (documents/s), then queries of
   one to three words (p50/p95 ms through search.engine.search, facets and snippets included),
   beside a baseline in the same run: the same queries as a plain LIKE scan of the text column
   (what a site without a search engine does).

Targets: recall@5 >= 0.9 per language and engine; query p95 <= 30 ms; rebuild >= 500
documents/s; indexing adds <= 100 ms to a publish.
"""

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261129
TARGETS = {"recall": 0.9, "p95_ms": 30.0, "docs_per_s": 500.0, "publish_ms": 100.0}


def percentile(values, fraction):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def setup_django(workdir):
    os.environ["DJANGO_SETTINGS_MODULE"] = "kohtaamo.settings.test"
    url = os.environ.get("DATABASE_URL", "")
    postgres = url.startswith(("postgres://", "postgresql://"))
    if not postgres:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'search.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return postgres


def engines():
    """(name, settings override) of every engine to measure."""
    from django.conf import settings

    found = [("database", None)]
    if os.environ.get("ELASTICSEARCH_URL"):
        found.append(("elasticsearch", os.environ["ELASTICSEARCH_URL"]))
    settings.ELASTICSEARCH_INDEX = f"bench-{os.getpid()}"
    return found


def use_engine(url):
    from django.conf import settings

    from search import engine

    settings.ELASTICSEARCH_URL = url
    engine.health.reset()


def relevance(report):
    from search import engine, relevance

    queries = relevance.load_queries()
    for name, url in engines():
        use_engine(url)
        if url:
            engine.rebuild(engines=("elasticsearch",))
        for language, pairs in queries.items():
            score = relevance.evaluate(language, pairs)
            report.append(("recall", name, language, score))
            print(
                f"relevance  {name:<13} {language}  {score.queries:>3} queries  "
                f"recall@5 {score.recall:.3f}  MRR {score.mrr:.3f}"
            )
            for query, expected, got in score.misses:
                print(f"    miss: {query!r} expected {expected}, got {got[:3]}")


def publish_cost(rounds):
    """ms a publish takes with and without the search signal handlers."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published

    from kohtaamo.models import ContentPage, HomePage
    from search import signals

    home = HomePage.objects.get(locale__language_code="fi", depth=2)
    page = ContentPage(title="Mittaussivu", slug="mittaus", intro="Nuorten ohjaus Tampereella.")
    home.add_child(instance=page)

    def timed():
        samples = []
        for n in range(rounds):
            page.intro = f"Nuorten ohjaus Tampereella, kierros {n}."
            started = time.perf_counter()
            page.save_revision().publish()
            samples.append((time.perf_counter() - started) * 1000)
        return statistics.median(samples)

    with_search = timed()
    from search import engine

    direct = []
    for _n in range(rounds):
        started = time.perf_counter()
        engine.index_page(page)
        direct.append((time.perf_counter() - started) * 1000)
    print(f"publish    index update of one page alone: median {statistics.median(direct):.1f} ms")
    handlers = [
        (page_published, signals.page_was_published),
        (post_save, signals.point_changed),
        (post_delete, signals.point_changed),
    ]
    for signal, handler in handlers:
        signal.disconnect(handler)
    try:
        without = timed()
    finally:
        page_published.connect(signals.page_was_published)
    return with_search, without


def synthetic_documents(language, count, rnd):
    from search.documents import Document
    from search.models import SearchDocument

    vocabulary = []
    for text in SearchDocument.objects.filter(language=language).values_list("text", flat=True):
        vocabulary.extend(w for w in text.split() if w.isalpha() and len(w) > 2)
    kinds = ["page", "news", "publication", "ohjaamo", "point"]
    regions = [f"{n:02d}" for n in range(1, 20)]
    services = ["career-guidance", "study-guidance", "employment", "kela", "housing"]
    docs = []
    for n in range(count):
        title = " ".join(rnd.choice(vocabulary) for _ in range(rnd.randint(2, 6)))
        text = " ".join(rnd.choice(vocabulary) for _ in range(rnd.randint(60, 160)))
        docs.append(
            Document(
                key=f"synthetic:{n}",
                language=language,
                kind=rnd.choice(kinds),
                title=title,
                url=f"/synthetic/{n}/",
                text=text,
                regions=[rnd.choice(regions)],
                services=rnd.sample(services, 2),
                boost=1.0,
            )
        )
    return docs, vocabulary


def profiled(label, run, profile_lines):
    """run() under cProfile when `profile_lines`, printing the top functions by own time and by
    cumulative time."""
    if not profile_lines:
        return run()
    profiler = cProfile.Profile()
    result = profiler.runcall(run)
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(profile_lines)
        print(f"profile    {label}, by {order}:")
        print("\n".join("    " + line for line in out.getvalue().splitlines() if line.strip()))
    return result


def speed(docs_per_language, searches, report, languages=("fi", "sv", "en"), profile_lines=0):
    from django.db import connection

    from search import engine
    from search.models import SearchDocument

    rnd = random.Random(SEED)
    for language in ("fi", "sv", "en"):
        docs, vocabulary = synthetic_documents(language, docs_per_language, rnd)
        queries = [
            " ".join(rnd.choice(vocabulary) for _ in range(rnd.randint(1, 3)))
            for _ in range(searches)
        ]
        if language not in languages:  # same random draws, so the queries stay the same
            continue
        real = list(engine.documents.all_documents(language))
        for name, url in engines():
            use_engine(url)
            target = engine.elastic_engine() if url else engine.database_engine
            started = time.perf_counter()
            count = target.rebuild(real + docs, language)
            rate = count / (time.perf_counter() - started)
            if url:
                engine.database_engine.rebuild(real + docs, language)
            samples, cpu = [], []

            def run_queries(samples=samples, cpu=cpu, language=language, queries=queries):
                for query in queries:
                    c = time.process_time()
                    t = time.perf_counter()
                    engine.search(query, language)
                    samples.append((time.perf_counter() - t) * 1000)
                    cpu.append((time.process_time() - c) * 1000)

            profiled(f"{name} {language} queries", run_queries, profile_lines)
            p50, p95 = statistics.median(samples), percentile(samples, 0.95)
            report.append(("speed", name, language, (p95, rate)))
            print(
                f"speed      {name:<13} {language}  {count} docs  rebuild {rate:,.0f} docs/s  "
                f"query p50 {p50:.1f} ms  p95 {p95:.1f} ms  "
                f"(CPU of this process p50 {statistics.median(cpu):.1f} ms  "
                f"p95 {percentile(cpu, 0.95):.1f} ms)"
            )
        # Baseline: the same words as a LIKE scan of the stored texts (no engine at all).
        samples = []
        table = SearchDocument._meta.db_table
        for query in queries:
            word = query.split()[0]
            t = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT id FROM {table} WHERE language = %s AND "  # noqa: S608
                    "(title LIKE %s OR text LIKE %s) LIMIT 10",
                    [language, f"%{word}%", f"%{word}%"],
                )
                cursor.fetchall()
            samples.append((time.perf_counter() - t) * 1000)
        print(
            f"baseline   LIKE scan     {language}  first word only, 10 rows, no ranking: "
            f"p50 {statistics.median(samples):.1f} ms  p95 {percentile(samples, 0.95):.1f} ms"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--docs", type=int, default=10_000, help="synthetic documents/language")
    parser.add_argument("-n", "--searches", type=int, default=200, help="queries per language")
    parser.add_argument("--publishes", type=int, default=15)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--languages", default="fi,sv,en", help="comma-separated languages of the speed part"
    )
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated parts to leave out: relevance, publish",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="LINES",
        help="profile the queries (cProfile) and print this many functions per ordering",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kohtaamo-search-") as tmp:
        postgres = setup_django(Path(tmp))
        from django.core.management import call_command
        from django.db import connection

        test_db = None
        if postgres:
            test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        else:
            call_command("migrate", interactive=False, verbosity=0)
        try:
            started = time.perf_counter()
            call_command("seed_demo", verbosity=0)
            elapsed = time.perf_counter() - started
            print(f"seeded the demo site in {elapsed:.0f} s ({connection.vendor})")
            report = []
            skip = set(filter(None, args.skip.split(",")))
            if "relevance" not in skip:
                relevance(report)
            use_engine(None)
            with_search = without = 0.0
            if "publish" not in skip:
                with_search, without = publish_cost(args.publishes)
                print(
                    f"publish    with search {with_search:.1f} ms, without {without:.1f} ms: "
                    f"indexing adds {with_search - without:.1f} ms (median of {args.publishes})"
                )
            languages = tuple(filter(None, args.languages.split(",")))
            speed(args.docs, args.searches, report, languages, args.profile)
        finally:
            for _name, url in engines():
                if url:
                    use_engine(url)
                    from search import engine

                    for code in ("fi", "sv", "en"):
                        engine.elastic_engine().drop(code)
            if test_db:
                connection.creation.destroy_test_db(test_db, verbosity=0)
    failed = []
    for kind, name, language, value in report:
        if kind == "recall" and value.recall < TARGETS["recall"]:
            failed.append(f"recall {name} {language} {value.recall:.3f}")
        if kind == "speed" and value[0] > TARGETS["p95_ms"]:
            failed.append(f"p95 {name} {language} {value[0]:.1f} ms")
        if kind == "speed" and value[1] < TARGETS["docs_per_s"]:
            failed.append(f"rebuild {name} {language} {value[1]:.0f} docs/s")
    if with_search - without > TARGETS["publish_ms"]:
        failed.append(f"publish +{with_search - without:.1f} ms")
    print("targets missed: " + ", ".join(failed) if failed else "all targets met")
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
