#!/usr/bin/env python
"""Serving benchmark: the production server (gunicorn, production settings) under wrk, pages beside
`/robots.txt` measured in the same run.

    .venv/bin/python benchmarks/serve.py               # page cache off, then on; -c10, 20 s each
    .venv/bin/python benchmarks/serve.py --duration 20 # longer runs
    .venv/bin/python benchmarks/serve.py --load        # also 50 connections for 60 s, errors
    DATABASE_URL=postgres://postgres@127.0.0.1:54329/kohtaamo_bench REDIS_URL=redis://… \\
        .venv/bin/python benchmarks/serve.py

It builds a throwaway site (a temporary SQLite file, or the PostgreSQL database DATABASE_URL names,
which it empties first: give it a database of its own), runs migrate, seed_demo and collectstatic,
then starts gunicorn with --workers (2) sync workers on a free loopback port and drives it with
wrk (Debian package `wrk`: `apt-get install wrk`), 2 threads, -c10, after a warm-up request; the
addresses take turns (--rounds 5 of --duration / 5 seconds) and the median of each is printed.
Printed per address: req/s, p50 and p99 latency, non-2xx/3xx answers and socket errors, and req/s
as a ratio to /robots.txt (a Django view through the whole middleware, no database; measured first
and last in every turn, the median is the baseline). The run without the page cache comes first:
its robots.txt makes no cache lookup, as in the issue's baseline, and the cached pages are compared
with it too. wrk counts an answer slower than 10 s (--load-timeout for the load run) as an error.
The cache is the local memory cache of each worker unless REDIS_URL is set.

`--load` adds the hardening run: 50 connections for 60 s on each of home, finder search, an
Ohjaamo page and the nearest API, with gunicorn's default worker count (--load-workers), and the
error counts (target: zero).

Target (site-generator issue): cached pages ≥ 0.8 × /robots.txt.
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))

ADDRESSES = [
    ("robots.txt", "/robots.txt"),
    ("home", "/"),
    ("Ohjaamo page", "/ohjaamot/ohjaamo-helsinki/"),
    ("news index", "/uutiset/"),
    ("finder search", "/ohjaamot/?q=00100"),
    ("nearest API", "/api/locations/nearest/?postcode=00100"),
    # Twice in every turn, first and last: a shared machine's load drifts.
    ("robots.txt (again)", "/robots.txt"),
]
PAGES = ("home", "Ohjaamo page", "news index", "finder search")
LOAD_ADDRESSES = [
    ("home", "/"),
    ("finder search", "/ohjaamot/?q=00100"),
    ("Ohjaamo page", "/ohjaamot/ohjaamo-helsinki/"),
    ("nearest API", "/api/locations/nearest/?postcode=00100"),
]
TARGET_RATIO = 0.8


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(workdir, port, page_cache):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kohtaamo.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "PAGE_CACHE": "true" if page_cache else "false",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": "",
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'serve.sqlite3'}")
    if not env["GUNICORN_ACCESS_LOG"]:
        env["GUNICORN_ACCESS_LOG"] = str(workdir / "access.log")
    return env


def manage(env, *args):
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env={**env, "DJANGO_SETTINGS_MODULE": "kohtaamo.settings.dev"},
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


def build_site(env):
    started = time.perf_counter()
    if env["DATABASE_URL"].startswith("postgres"):
        # A database of its own, emptied: every table of a previous run goes.
        import psycopg

        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
            connection.execute("DROP SCHEMA public CASCADE")
            connection.execute("CREATE SCHEMA public")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "-v0")
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        env=env,
        check=True,
        cwd=ROOT,
    )
    print(f"seeded a throwaway site in {time.perf_counter() - started:.0f} s")


class Server:
    def __init__(self, env, port, workers, log):
        self.url = f"http://127.0.0.1:{port}"
        # workers None: gunicorn.conf.py's default (WEB_CONCURRENCY, or two per core plus one).
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "--config",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{port}",
                *(["--workers", str(workers)] if workers else []),
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/robots.txt", timeout=2)  # noqa: S310
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    sys.exit(f"gunicorn did not start; see {log.name}")
                time.sleep(0.3)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url, connections, duration, timeout=10):
    """req/s, p50 ms, p99 ms, non-2xx/3xx answers, socket errors (connect, read, write, and
    answers slower than `timeout` seconds)."""
    threads = min(2, connections)
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            f"--timeout={timeout}s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return {
        "rps": rps,
        "p50": to_ms(*p50.groups()),
        "p99": to_ms(*p99.groups()),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
        "timeouts": int(socket_errors.group(4)) if socket_errors else 0,
        "requests": requests,
    }


def check_answers(server):
    """Every address answers 200 before it is measured (a benchmark of error pages is no use)."""
    for label, path in ADDRESSES:
        try:
            with urllib.request.urlopen(server.url + path, timeout=30) as answer:  # noqa: S310
                answer.read()
        except urllib.error.HTTPError as error:
            sys.exit(f"{label} ({path}) answered {error.code}")


def measure(server, connections, duration, addresses, rounds=1, timeout=10):
    """wrk on each address; with several rounds the addresses take turns (duration / rounds
    seconds each time) and the medians are kept, so that a machine whose load drifts weighs on
    every address alike."""
    for _label, path in addresses:
        urllib.request.urlopen(server.url + path, timeout=30).read()  # noqa: S310 warm-up
    samples = {path: [] for _label, path in addresses}
    step = max(1, round(duration / rounds))
    for _ in range(rounds):
        for _label, path in addresses:
            samples[path].append(wrk(server.url + path, connections, step, timeout))
    rows = []
    seen = set()  # robots.txt is measured twice a turn: one row of all its runs
    for label, path in addresses:
        if path in seen:
            continue
        seen.add(path)
        runs = samples[path]
        rows.append(
            (
                label,
                path,
                {
                    "rps": statistics.median(r["rps"] for r in runs),
                    "p50": statistics.median(r["p50"] for r in runs),
                    "p99": max(r["p99"] for r in runs),
                    "non2xx": sum(r["non2xx"] for r in runs),
                    "socket_errors": sum(r["socket_errors"] for r in runs),
                    "timeouts": sum(r["timeouts"] for r in runs),
                    "requests": sum(r["requests"] for r in runs),
                },
            )
        )
    return rows


def robots_rps(rows):
    """The baseline: req/s of robots.txt (the median of all its runs) or None."""
    runs = [r["rps"] for label, _p, r in rows if label.startswith("robots")]
    return runs[0] if runs else None


def print_table(title, rows):
    baseline = robots_rps(rows)
    print(f"\n{title}")
    print(f"{'address':<24} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'× robots':>9}")
    for label, _path, r in rows:
        ratio = f"{r['rps'] / baseline:.3f}" if baseline else "–"
        errors = r["non2xx"] + r["socket_errors"]
        print(
            f"{label:<24} {r['rps']:>9.0f} {r['p50']:>8.1f} {r['p99']:>8.1f} {errors:>7} {ratio:>9}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=int, default=20, help="seconds per address (wrk -d)")
    parser.add_argument(
        "--rounds", type=int, default=5, help="turns the addresses take (the median is kept)"
    )
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--load", action="store_true", help="add 50 connections × 60 s runs")
    parser.add_argument("--load-duration", type=int, default=60)
    parser.add_argument(
        "--load-workers",
        type=int,
        default=None,
        help="gunicorn workers for the load run (default: gunicorn.conf.py's, 2 per core + 1)",
    )
    parser.add_argument(
        "--load-timeout",
        type=int,
        default=10,
        help="seconds after which wrk counts an answer of the load run as an error",
    )
    parser.add_argument("--only-cached", action="store_true", help="skip the run without cache")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument(
        "--reuse",
        type=Path,
        metavar="DIR",
        help="the work directory of an earlier --keep run, with the same DATABASE_URL: no new "
        "seed (a loaded machine seeds PostgreSQL slowly)",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")

    workdir = args.reuse or Path(tempfile.mkdtemp(prefix="kohtaamo-serve-"))
    port = free_port()
    build_env = environment(workdir, port, page_cache=True)
    print(f"database: {build_env['DATABASE_URL'].split('@')[-1]}")
    print(f"cache: {'Redis' if build_env.get('REDIS_URL') else 'local memory per worker'}")
    print(
        f"gunicorn, {args.workers} sync workers, wrk -t2 -c{args.connections}, {args.duration} s "
        f"per address in {args.rounds} turns (median)"
    )
    if args.reuse:
        print(f"reusing the site in {workdir}")
        args.keep = True
    else:
        build_site(build_env)
    failed = False
    log = open(workdir / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    try:
        # Without the page cache first: its robots.txt is the baseline (no cache lookup).
        runs = [] if args.only_cached else [("page cache off (every request renders)", False)]
        runs.append(("page cache on", True))
        uncached_robots = None
        for title, page_cache in runs:
            server = Server(environment(workdir, port, page_cache), port, args.workers, log)
            try:
                check_answers(server)
                rows = measure(server, args.connections, args.duration, ADDRESSES, args.rounds)
                print_table(title, rows)
                if not page_cache:
                    uncached_robots = robots_rps(rows)
                    continue
                worst = min(r["rps"] for label, _p, r in rows if label in PAGES)
                print(
                    f"worst cached page ÷ robots.txt of this server: {worst / robots_rps(rows):.3f}"
                    f" (target ≥ {TARGET_RATIO})"
                )
                ratios = [worst / robots_rps(rows)]
                if uncached_robots:
                    ratios.append(worst / uncached_robots)
                    print(
                        f"worst cached page ÷ robots.txt without page cache: {ratios[-1]:.3f} "
                        "(robots.txt then makes no cache lookup)"
                    )
                failed = failed or min(ratios) < TARGET_RATIO
            finally:
                server.stop()
            if args.load:
                server = Server(
                    environment(workdir, port, page_cache), port, args.load_workers, log
                )
                try:
                    rows = measure(
                        server, 50, args.load_duration, LOAD_ADDRESSES, timeout=args.load_timeout
                    )
                    workers = args.load_workers or "default (2 per core + 1)"
                    print_table(
                        f"load: 50 connections, {args.load_duration} s each, {workers} workers, "
                        f"wrk timeout {args.load_timeout} s",
                        rows,
                    )
                    errors = sum(r["non2xx"] + r["socket_errors"] for _l, _p, r in rows)
                    timeouts = sum(r["timeouts"] for _l, _p, r in rows)
                    print(f"errors under load: {errors}, of them timeouts: {timeouts} (target 0)")
                    failed = failed or errors > 0
                finally:
                    server.stop()
    finally:
        log.close()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"work directory kept: {workdir}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
