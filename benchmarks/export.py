#!/usr/bin/env python
"""Static export benchmark: full build speed, an incremental rebuild, and nginx serving the export.

    .venv/bin/python benchmarks/export.py                  # throwaway seeded SQLite site
    .venv/bin/python benchmarks/export.py --wrk-seconds 5  # longer nginx runs
    .venv/bin/python benchmarks/export.py --no-nginx       # builds only
    .venv/bin/python benchmarks/export.py --synthetic      # 70 Ohjaamos x 3 languages x 50 news

1. Full build of the seeded site (`Builder.build()`): pages/s and files/s, wall and CPU time, peak
   memory. Baseline in the same run: rendering the same pages through the test client without
   writing anything (what the build cannot go below).
2. Incremental rebuild after editing one local news item (publish -> queue -> `worker.drain`):
   seconds and the files it wrote (printed). Targets: <= 2 s, <= 30 files.
   With --synthetic the seeded site first grows to 70 Ohjaamo pages in each of fi/sv/en with 50
   local news each (about 10,000 news pages, created in bulk: page rows with their tree paths,
   translations sharing a translation key, no revisions: the build renders live pages), and the
   build reports pages/s and the peak memory of the build with its render workers.
3. nginx serving the exported home page (the project's configuration: headers, gzip_static,
   try_files) against nginx serving a plain file of the same size with a bare configuration, with
   wrk on loopback (`-t1 -c10`, bounded runs). Target: >= 0.8x.
"""

import argparse
import contextlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(workdir):
    os.environ["DJANGO_SETTINGS_MODULE"] = "kohtaamo.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'benchmark.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["WAGTAILADMIN_BASE_URL"] = "http://127.0.0.1:8000"
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("ELASTICSEARCH_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_demo", verbosity=0)
    print(f"seeded a throwaway site in {time.perf_counter() - started:.1f} s")


LANGUAGES = ("fi", "sv", "en")


def add_children(parent, model, rows, now):
    """Live pages of `model` under `parent` in bulk: one row per page in wagtailcore_page (the
    tree path after the parent's last child, url_path, locale, translation key) and one in the
    model's own table. `rows`: dicts with title, slug, translation_key and the model's fields.
    Returns the created pages' ids in order."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F
    from wagtail.models import Page

    if not rows:
        return []
    content_type = ContentType.objects.get_for_model(model)
    last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    last = last.order_by("-path").values_list("path", flat=True).first()
    step = Page._str2int(last[-Page.steplen :]) if last else 0
    pages = []
    for offset, row in enumerate(rows, start=1):
        pages.append(
            Page(
                title=row["title"],
                draft_title=row["title"],
                slug=row["slug"],
                content_type=content_type,
                live=True,
                has_unpublished_changes=False,
                url_path=f"{parent.url_path}{row['slug']}/",
                path=Page._get_path(parent.path, parent.depth + 1, step + offset),
                depth=parent.depth + 1,
                numchild=0,
                locale_id=parent.locale_id,
                translation_key=row["translation_key"],
                first_published_at=now,
                last_published_at=now,
            )
        )
    Page.objects.bulk_create(pages, batch_size=500)
    fields = model._meta.local_concrete_fields
    specific = []
    for page, row in zip(pages, rows, strict=True):
        extra = {k: v for k, v in row.items() if k not in ("title", "slug", "translation_key")}
        specific.append(model(page_ptr_id=page.pk, **extra))
    for start in range(0, len(specific), 200):
        model._base_manager._insert(specific[start : start + 200], fields=fields)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild += len(pages)
    return [page.pk for page in pages]


def synthetic_site(ohjaamos=70, news=50):
    """Grow the seeded site to `ohjaamos` Ohjaamo pages per language with `news` local news
    items each (translations of one another in fi/sv/en)."""
    import uuid
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Locale

    from locations.models import FinderPage, OhjaamoPage
    from news.models import NewsPage

    started = time.perf_counter()
    now = timezone.now()
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    finders = {
        code: FinderPage.objects.filter(locale=locales[code]).order_by("path").first()
        for code in LANGUAGES
    }
    with transaction.atomic():
        have = OhjaamoPage.objects.filter(locale=locales["fi"]).count()
        rows = {code: [] for code in LANGUAGES}
        for n in range(have + 1, ohjaamos + 1):
            key = uuid.uuid4()
            for code in LANGUAGES:
                rows[code].append(
                    {
                        "title": f"Ohjaamo Synteettinen {n} ({code})",
                        "slug": f"ohjaamo-synteettinen-{n}",
                        "translation_key": key,
                        "intro": "Ohjaamo auttaa alle 30-vuotiaita.",
                    }
                )
        for code in LANGUAGES:
            add_children(finders[code], OhjaamoPage, rows[code], now)
        by_key = {}
        for page in OhjaamoPage.objects.filter(locale__language_code__in=LANGUAGES):
            by_key.setdefault(page.translation_key, {})[page.locale_id] = page
        created = 0
        for translations in by_key.values():
            fi_page = translations.get(locales["fi"].pk)
            if fi_page is None:
                continue
            missing = news - fi_page.get_children().count()
            keys = [uuid.uuid4() for _ in range(max(missing, 0))]
            for code in LANGUAGES:
                parent = translations.get(locales[code].pk)
                if parent is None:
                    continue
                items = [
                    {
                        "title": f"{parent.title}: uutinen {i + 1}",
                        "slug": f"synteettinen-uutinen-{i + 1}",
                        "translation_key": key,
                        "lead": "Lyhyt ingressi uutisesta.",
                        "date": now - timedelta(hours=i + 1),
                        "ohjaamo_id": parent.pk,
                    }
                    for i, key in enumerate(keys)
                ]
                created += len(add_children(parent, NewsPage, items, now))
    total = OhjaamoPage.objects.count()
    print(
        f"synthetic site: {total} Ohjaamo pages, {created} news pages added in "
        f"{time.perf_counter() - started:.1f} s"
    )


class MemorySampler:
    """The build's memory with its render workers: every 0.2 s the sum of PSS (proportional set
    size: pages shared after the fork counted once in all) of this process and its children."""

    def __init__(self):
        import threading

        self.peak_pss = 0
        self.peak_children = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _pss(pid):
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            return 0
        return 0

    @staticmethod
    def _children():
        pids = []
        for task in Path("/proc/self/task").iterdir():
            with contextlib.suppress(OSError):
                pids += (task / "children").read_text().split()
        return pids

    def _run(self):
        while not self._stop.wait(0.2):
            children = self._children()
            total = self._pss("self") + sum(self._pss(pid) for pid in children)
            self.peak_pss = max(self.peak_pss, total)
            self.peak_children = max(self.peak_children, len(children))

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def render_only(urls):
    """Baseline: the same pages rendered by the test client, nothing written."""
    from django.test import Client, override_settings

    with override_settings(DEBUG=False):
        client = Client(HTTP_HOST="127.0.0.1:8000")
        started = time.perf_counter()
        for url in urls:
            client.get(url)
        return time.perf_counter() - started


def cpu_seconds():
    """CPU time of this process and its finished children (the render workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def full_build(output, workers, label, baseline_pages=300):
    from generator.build import Builder
    from generator.targets import default_site, page_targets

    print(f"\n== Full build of the {label} ({workers} render processes); load: {load()} ==")
    cpu = cpu_seconds()
    with MemorySampler() as memory:
        summary = Builder(output, workers=workers).build()
    cpu = cpu_seconds() - cpu
    urls = [t.url for t in page_targets(default_site()) if t.kind == "page"][:baseline_pages]
    baseline = render_only(urls)
    print(
        f"{summary.pages} pages, {summary.files} files, {summary.bytes / 1e6:.1f} MB in "
        f"{summary.seconds:.2f} s wall / {cpu:.2f} s CPU (workers included)"
    )
    print(
        f"pages/s: {summary.pages_per_second:.1f} (wall; target >= 50), "
        f"{summary.pages / cpu:.1f} per CPU second; "
        f"every rendered file: {len(summary.rebuilt) / summary.seconds:.1f}/s"
    )
    print(
        f"baseline in the same run, {len(urls)} pages rendered by the test client in one "
        f"process, nothing written: {len(urls) / baseline:.1f} pages/s"
    )
    print(
        f"peak memory of the build: {memory.peak_pss / 1e6:.0f} MB PSS with "
        f"{memory.peak_children} worker(s) (this process's RSS high-water mark "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; target <= 1 GB)"
    )
    print(f"load after: {load()}")
    return summary


def load():
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def incremental(output):
    """Edit one local news item and rebuild, as the rebuild worker (`build_site --watch`) does:
    between builds it has deleted old builds and staged a hard-linked copy of the current one
    (build.housekeeping, in a thread while idle), and its search engine has its dictionaries
    loaded; the time that counts is from the publish until the new build is served."""
    from generator import worker
    from generator.build import housekeeping
    from generator.models import RebuildRequest
    from kohtaamo import language
    from news.models import NewsPage

    RebuildRequest.objects.all().delete()
    language.warm_up()
    started = time.perf_counter()
    housekeeping(output)
    staged = time.perf_counter() - started
    print(f"\n(housekeeping before the edit, off the publish's path: {staged:.2f} s)")
    item = (
        NewsPage.objects.live()
        .filter(locale__language_code="fi", ohjaamo__isnull=False, accepted_nationally=False)
        .order_by("pk")
        .first()
    )
    item.title = f"{item.title} (muokattu)"
    print(f"(load before the incremental rebuild: {load()})")
    started = time.perf_counter()
    item.save_revision().publish()
    published = time.perf_counter()
    cpu = time.process_time()
    summary = worker.drain(output, prune_later=True)
    cpu = time.process_time() - cpu
    seconds = time.perf_counter() - started
    served = published - started + summary.swapped
    tidy = time.perf_counter()
    housekeeping(output)
    tidy = time.perf_counter() - tidy
    print("\n== Incremental rebuild after editing one local news item ==")
    print(
        f"{served:.2f} s from publish to the new build served: the publish "
        f"{published - started:.2f} s, the rebuild until `current` swapped {summary.swapped:.2f} s "
        f"({cpu:.2f} s CPU for the whole drain, {seconds - served:.2f} s after the swap); "
        f"{len(summary.rebuilt)} files rebuilt, {len(summary.removed)} removed "
        "(targets: <= 2 s, <= 30 files)"
    )
    print(f"housekeeping after it (old build deleted, next copy staged): {tidy:.2f} s")
    for path in summary.rebuilt:
        print(f"  {path}")


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_nginx(config, workdir):
    from generator.nginx_config import nginx_binary

    process = subprocess.Popen(
        [nginx_binary(), "-c", str(config), "-p", str(workdir), "-e", str(workdir / "err.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    time.sleep(1.0)
    return process


def wrk(url, seconds):
    result = subprocess.run(
        ["wrk", "-t1", "-c10", f"-d{seconds}s", "-H", "Accept-Encoding: gzip", url],
        capture_output=True,
        text=True,
        check=True,
    )
    for line in result.stdout.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    raise RuntimeError(result.stdout + result.stderr)


def nginx_versus_plain(output, workdir, seconds):
    from generator.nginx_config import nginx_binary, standalone_config

    if not nginx_binary() or not shutil.which("wrk"):
        print("\n(nginx or wrk missing: apt-get install nginx-light wrk)")
        return
    export_port, plain_port = free_port(), free_port()
    run = workdir / "nginx-export"
    config = workdir / "export.conf"
    config.write_text(standalone_config(output / "current", run, f"127.0.0.1:{export_port}"))
    plain_root = workdir / "plain"
    plain_root.mkdir()
    home = (output / "current" / "index.html").read_bytes()
    (plain_root / "page.html").write_bytes(home)
    plain_run = workdir / "nginx-plain"
    plain_run.mkdir()
    user = "user root;\n" if os.geteuid() == 0 else ""
    (workdir / "plain.conf").write_text(
        f"{user}worker_processes auto;\ndaemon off;\npid {plain_run / 'nginx.pid'};\n"
        f"error_log {plain_run / 'error.log'} warn;\nevents {{ worker_connections 1024; }}\n"
        f"http {{ access_log off; sendfile on; tcp_nopush on;\n"
        f"  open_file_cache max=10000 inactive=60s;\n"
        f"  client_body_temp_path {plain_run / 'body'}; proxy_temp_path {plain_run / 'proxy'};\n"
        f"  fastcgi_temp_path {plain_run / 'fcgi'}; uwsgi_temp_path {plain_run / 'uwsgi'};\n"
        f"  scgi_temp_path {plain_run / 'scgi'};\n"
        f"  server {{ listen 127.0.0.1:{plain_port}; root {plain_root}; }} }}\n"
    )
    servers = [start_nginx(config, run), start_nginx(workdir / "plain.conf", plain_run)]
    try:
        rounds = []
        for _ in range(3):  # alternate, so a busy moment hits both
            plain = wrk(f"http://127.0.0.1:{plain_port}/page.html", seconds)
            export = wrk(f"http://127.0.0.1:{export_port}/", seconds)
            rounds.append((plain, export))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
    print("\n== nginx: the export's home page against a plain file of the same size ==")
    print(f"home page: {len(home)} bytes (the export also sends a gzip copy: gzip_static)")
    for plain, export in rounds:
        print(f"plain file {plain:,.0f} req/s, export {export:,.0f} req/s -> {export / plain:.2f}x")
    best_plain = max(p for p, _e in rounds)
    best_export = max(e for _p, e in rounds)
    print(f"best of 3: {best_export / best_plain:.2f}x (target >= 0.8x)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wrk-seconds", type=int, default=3)
    parser.add_argument("--no-nginx", action="store_true")
    parser.add_argument("--workers", type=int, default=2, help="render processes (default 2)")
    parser.add_argument(
        "--also-one",
        action="store_true",
        help="also build once in a single process (the figure before the render workers)",
    )
    parser.add_argument(
        "--synthetic",
        action="store_true",
        help="grow the site to 70 Ohjaamo pages x 3 languages x 50 news before building",
    )
    parser.add_argument("--ohjaamos", type=int, default=70)
    parser.add_argument("--news", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kohtaamo-export-bench-") as tmp:
        workdir = Path(tmp)
        setup_django(workdir)
        label = "seeded site"
        if args.synthetic:
            synthetic_site(args.ohjaamos, args.news)
            label = "synthetic site"
        output = workdir / "export"
        if args.also_one:
            full_build(workdir / "export-one", 1, label)
        full_build(output, args.workers, label)
        incremental(output)
        if not args.no_nginx:
            nginx_versus_plain(output, workdir, args.wrk_seconds)


if __name__ == "__main__":
    main()
