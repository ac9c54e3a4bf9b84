#!/usr/bin/env python
"""Drill: PostgreSQL restarts while the site is under load; the site recovers without restarting
the application.

    .venv/bin/python scripts/drills/postgres_restart.py [--seconds 40] [--restart-at 10]
                                                        [--down 5] [--page-cache]

It creates a PostgreSQL cluster of its own (port DRILL_PG_PORT, default 54339; the shared cluster
is never touched), seeds the demo site into it and serves it with gunicorn (production settings,
2 workers; page cache off unless --page-cache, so that every request needs the database). Ten
clients request home, an Ohjaamo page, a finder search and the nearest API in a loop. At
--restart-at seconds the cluster is stopped (`pg_ctl stop -m fast`: open connections are cut),
left down for --down seconds and started again.

Printed: a per-second timeline of answers by the second they arrived (2xx, 503, other), the
first success after the restart, whether anything failed after recovery, and whether gunicorn and
its workers are the same processes as before (no restart). Exit 1 when a request fails after the
database is back or when the application had to be restarted.
"""

import argparse
import collections
import http.client
import sys
import threading
import time

from drill_site import Cluster, Gunicorn, build_site, free_port, log, site_environment

PATHS = [
    "/",
    "/ohjaamot/ohjaamo-helsinki/",
    "/ohjaamot/?q=00100",
    "/api/locations/nearest/?postcode=00100",
]


def client_loop(port, stop, results, index):
    n = index
    while not stop.is_set():
        path = PATHS[n % len(PATHS)]
        n += 1
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", path)
            status = connection.getresponse().status
            connection.close()
        except OSError as error:
            status = type(error).__name__
        results.append((time.monotonic(), status))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--copy-from",
        metavar="DATABASE_URL",
        help="copy an already seeded database instead of seeding (minutes on a loaded machine)",
    )
    parser.add_argument("--seconds", type=int, default=40)
    parser.add_argument("--restart-at", type=float, default=10)
    parser.add_argument("--down", type=float, default=5)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--page-cache", action="store_true")
    parser.add_argument("--keep", action="store_true", help="leave the cluster running")
    args = parser.parse_args()

    cluster = Cluster()
    log(f"creating a throwaway PostgreSQL cluster on port {cluster.port}")
    cluster.create()
    port = free_port()
    env = site_environment(cluster.url, port, PAGE_CACHE="true" if args.page_cache else "false")
    server = None
    try:
        build_site(env, args.copy_from, cluster)
        server = Gunicorn(env, port)
        workers_before = server.worker_pids()
        stop = threading.Event()
        results = []
        clients = [
            threading.Thread(target=client_loop, args=(port, stop, results, i), daemon=True)
            for i in range(args.clients)
        ]
        t0 = time.monotonic()
        for thread in clients:
            thread.start()
        time.sleep(args.restart_at)
        log("stopping PostgreSQL (fast shutdown: open connections are cut)")
        stopped_at = time.monotonic()
        cluster.stop()
        time.sleep(args.down)
        log("starting PostgreSQL again")
        cluster.start()
        back_at = time.monotonic()
        log(f"PostgreSQL is back after {back_at - stopped_at:.1f} s")
        time.sleep(max(0, args.seconds - (time.monotonic() - t0)))
        stop.set()
        for thread in clients:
            thread.join(timeout=35)
        workers_after = server.worker_pids()
        master_alive = server.process.poll() is None
    finally:
        if server is not None:
            server.stop()
        if not args.keep:
            cluster.remove()

    timeline = collections.defaultdict(collections.Counter)
    for finished, status in results:
        second = int(finished - t0)
        if isinstance(status, int) and status < 400:
            timeline[second]["ok"] += 1
        elif status == 503:
            timeline[second]["503"] += 1
        else:
            timeline[second][str(status)] += 1
    print("\nsecond  ok   503  other")
    for second in sorted(timeline):
        counts = timeline[second]
        other = sum(v for k, v in counts.items() if k not in {"ok", "503"})
        marks = []
        if int(stopped_at - t0) == second:
            marks.append("<- PostgreSQL stopped")
        if int(back_at - t0) == second:
            marks.append("<- PostgreSQL back")
        print(f"{second:>6} {counts['ok']:>4} {counts['503']:>5} {other:>6}  {' '.join(marks)}")

    failures = [(s, st) for s, st in results if not (isinstance(st, int) and st < 400)]
    after_back = [(s, st) for s, st in failures if s > back_at]
    first_ok_after = min(
        (s for s, st in results if s > back_at and isinstance(st, int) and st < 400),
        default=None,
    )
    kinds = collections.Counter(str(st) for _s, st in failures)
    print(f"\nrequests: {len(results)}, failed: {len(failures)} {dict(kinds)}")
    print(f"failed after PostgreSQL was back: {len(after_back)}")
    if first_ok_after is not None:
        print(f"first success {first_ok_after - back_at:.2f} s after PostgreSQL was back")
    same = master_alive and workers_before == workers_after
    print(
        f"gunicorn and workers unchanged (no restart): {same} "
        f"(workers before {workers_before}, after {workers_after})"
    )
    return 0 if same and not after_back and first_ok_after is not None else 1


if __name__ == "__main__":
    sys.exit(main())
