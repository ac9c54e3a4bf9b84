#!/usr/bin/env python
"""Static export benchmark: full build speed, an incremental rebuild, and nginx serving the export.

    .venv/bin/python benchmarks/export.py                  # throwaway seeded SQLite site
    .venv/bin/python benchmarks/export.py --wrk-seconds 5  # longer nginx runs
    .venv/bin/python benchmarks/export.py --no-nginx       # builds only

1. Full build of the seeded site (`Builder.build()`): pages/s and files/s, wall and CPU time, peak
   memory. Baseline in the same run: rendering the same pages through the test client without
   writing anything (what the build cannot go below).
2. Incremental rebuild after editing one local news item (publish -> queue -> `worker.drain`):
   seconds and the files it wrote (printed). Targets: <= 2 s, <= 30 files.
3. nginx serving the exported home page (the project's configuration: headers, gzip_static,
   try_files) against nginx serving a plain file of the same size with a bare configuration, with
   wrk on loopback (`-t1 -c10`, bounded runs). Target: >= 0.8x.
"""

import argparse
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


def render_only(urls):
    """Baseline: the same pages rendered by the test client, nothing written."""
    from django.test import Client, override_settings

    with override_settings(DEBUG=False):
        client = Client(HTTP_HOST="127.0.0.1:8000")
        started = time.perf_counter()
        for url in urls:
            client.get(url)
        return time.perf_counter() - started


def full_build(output):
    from generator.build import Builder
    from generator.targets import default_site, page_targets

    cpu = time.process_time()
    summary = Builder(output).build()
    cpu = time.process_time() - cpu
    urls = [t.url for t in page_targets(default_site()) if t.kind == "page"]
    baseline = render_only(urls)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("\n== Full build of the seeded site ==")
    print(
        f"{summary.pages} pages, {summary.files} files, {summary.bytes / 1e6:.1f} MB in "
        f"{summary.seconds:.2f} s wall / {cpu:.2f} s CPU"
    )
    print(
        f"pages/s: {summary.pages_per_second:.1f} (wall), {summary.pages / cpu:.1f} (per CPU s); "
        f"every rendered file: {len(summary.rebuilt) / summary.seconds:.1f}/s"
    )
    print(
        f"baseline, the same {len(urls)} pages rendered only: {len(urls) / baseline:.1f} pages/s "
        f"-> build/render-only = {summary.pages_per_second / (len(urls) / baseline):.2f}"
    )
    print(f"peak memory of the process: {peak_mb:.0f} MB")
    return summary


def incremental(output):
    from generator import worker
    from generator.models import RebuildRequest
    from news.models import NewsPage

    RebuildRequest.objects.all().delete()
    item = (
        NewsPage.objects.live()
        .filter(locale__language_code="fi", ohjaamo__isnull=False, accepted_nationally=False)
        .order_by("pk")
        .first()
    )
    item.title = f"{item.title} (muokattu)"
    started = time.perf_counter()
    item.save_revision().publish()
    summary = worker.drain(output)
    seconds = time.perf_counter() - started
    print("\n== Incremental rebuild after editing one local news item ==")
    print(
        f"{seconds:.2f} s from publish to swapped export (build {summary.seconds:.2f} s); "
        f"{len(summary.rebuilt)} files rebuilt, {len(summary.removed)} removed "
        "(targets: <= 2 s, <= 30 files)"
    )
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kohtaamo-export-bench-") as tmp:
        workdir = Path(tmp)
        setup_django(workdir)
        output = workdir / "export"
        full_build(output)
        incremental(output)
        if not args.no_nginx:
            nginx_versus_plain(output, workdir, args.wrk_seconds)


if __name__ == "__main__":
    main()
