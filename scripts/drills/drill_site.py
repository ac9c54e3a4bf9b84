"""Shared parts of the fault drills: a throwaway PostgreSQL cluster of their own (never the shared
one), a seeded site in it, and gunicorn serving it.

The cluster lives in DRILL_DIR (default /tmp/kohtaamo-drill) on DRILL_PG_PORT (default 54339),
with trust authentication on 127.0.0.1, as scripts/services.sh makes the test cluster.
"""

import glob
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
DRILL_DIR = Path(os.environ.get("DRILL_DIR", "/tmp/kohtaamo-drill"))  # noqa: S108
PG_PORT = int(os.environ.get("DRILL_PG_PORT", "54339"))


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not found:
        sys.exit("PostgreSQL binaries not found (Debian: apt-get install postgresql)")
    return Path(found[-1])


def _as_postgres(args, **kwargs):
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, **kwargs)


class Cluster:
    """A PostgreSQL cluster of the drill's own."""

    def __init__(self, port=PG_PORT, directory=DRILL_DIR / "pg"):
        self.port = port
        self.data = directory
        self.bin = _pg_bin()
        self.url = f"postgres://postgres@127.0.0.1:{port}/kohtaamo"

    def create(self):
        if self.data.exists():
            self.stop(quiet=True)
            shutil.rmtree(self.data)
        self.data.mkdir(parents=True)
        os.chmod(self.data.parent, 0o755)  # noqa: S103 - the postgres user reaches its data
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres", "postgres")
        _as_postgres(
            [
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            stdout=subprocess.DEVNULL,
        )
        self.start()
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-q",
                "-c",
                "CREATE DATABASE kohtaamo",
            ],
            check=True,
        )

    def copy_from(self, source_url):
        """Fill the drill's database from an already seeded one (pg_dump | psql): seconds instead
        of a seed, which takes minutes on a loaded machine."""
        dump = subprocess.Popen(
            ["pg_dump", "--no-owner", "--no-privileges", source_url], stdout=subprocess.PIPE
        )
        subprocess.run(
            [
                "psql",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                self.url.replace("postgres://", "postgresql://"),
            ],
            stdin=dump.stdout,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        if dump.wait() != 0:
            sys.exit(f"pg_dump of {source_url} failed")

    def start(self):
        _as_postgres(
            [
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.data / "server.log"),
                "-w",
                "-t",
                "60",
                "-o",
                f"-h 127.0.0.1 -p {self.port} -k {self.data} -c fsync=off",
                "start",
            ],
            stdout=subprocess.DEVNULL,
        )

    def stop(self, quiet=False):
        try:
            _as_postgres(
                [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL if quiet else None,
            )
        except subprocess.CalledProcessError:
            if not quiet:
                raise

    def remove(self):
        self.stop(quiet=True)
        shutil.rmtree(self.data, ignore_errors=True)


def site_environment(database_url, port, settings="kohtaamo.settings.production", **extra):
    work = DRILL_DIR / "site"
    work.mkdir(parents=True, exist_ok=True)
    return {
        **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "ELASTICSEARCH_URL"}},
        "DJANGO_SETTINGS_MODULE": settings,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": str(work / "access.log"),
        **extra,
    }


def build_site(env, copy_from=None, cluster=None):
    """Migrate and seed the demo site (or copy it from `copy_from`, a seeded database's URL)."""
    started = time.monotonic()
    if copy_from:
        cluster.copy_from(copy_from)
        if env["DJANGO_SETTINGS_MODULE"].endswith("production"):
            subprocess.run(
                [PYTHON, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
                env=env,
                check=True,
                cwd=ROOT,
            )
        log(f"copied the seeded site from {copy_from} in {time.monotonic() - started:.0f} s")
        return
    # Demo users are made only where settings allow (dev, test): the production site is seeded
    # with the dev settings, a test-settings site with its own (the same password hashers).
    seed_settings = env["DJANGO_SETTINGS_MODULE"]
    if seed_settings.endswith("production"):
        seed_settings = "kohtaamo.settings.dev"
    dev = {**env, "DJANGO_SETTINGS_MODULE": seed_settings}
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=dev, check=True, cwd=ROOT)
    subprocess.run(
        [*manage, "seed_demo", "-v0"], env=dev, check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )
    if env["DJANGO_SETTINGS_MODULE"].endswith("production"):
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT
        )
    log(f"seeded the drill site in {time.monotonic() - started:.0f} s")


class Gunicorn:
    def __init__(self, env, port, workers=2):
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = DRILL_DIR / "site" / "gunicorn.log"
        self.log_file = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "--config",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
            ],
            env=env,
            cwd=ROOT,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/robots.txt", timeout=2)  # noqa: S310
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    sys.exit(f"gunicorn did not start; see {self.log_path}")
                time.sleep(0.3)
        log(f"gunicorn (pid {self.process.pid}, {workers} workers) serves {self.url}")

    def worker_pids(self):
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return sorted(int(pid) for pid in out.split())

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log_file.close()
