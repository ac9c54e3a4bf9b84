"""The seeded test database, built once and copied.

Migrating and seeding the demo site takes a minute of CPU; every pytest process (each xdist worker,
each browser test's server) needs the same result. The first process to need it builds it and keeps
a copy in ``VAR_DIR/test-cache/``: a SQLite file (loaded into the in-memory test database with
SQLite's backup API), or on PostgreSQL a template database (each test database is created from it
with ``CREATE DATABASE … TEMPLATE``), beside a copy of the media files the seed wrote.

The copy is keyed by everything the seed depends on: the content of the product's source, data,
template and catalogue files (migrations and seed data included), the versions of Django, Wagtail
and wagtail-localize, the database engine, and the day in Helsinki. A change to any of them builds
a new copy; older copies are deleted. Processes take a file lock while they build or copy, so xdist
workers started together build once.

``KOHTAAMO_TEST_SEED_CACHE=off`` builds a fresh database every time (as before the cache). With a
search node configured for the site itself (``ELASTICSEARCH_URL``) the cache is off too: seeding
also fills the node's indices, which a copied database would not.
"""

import contextlib
import datetime
import fcntl
import hashlib
import importlib.metadata
import os
import shutil
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test.utils import setup_databases

ROOT = Path(__file__).resolve().parent.parent
# What the seeded database is made from: the product's packages and the shared templates.
SOURCES = ["kohtaamo", "brand", "locations", "news", "search", "quality", "accounts", "generator"]
SOURCES += ["site"]
SKIPPED_SUFFIXES = {".pyc", ".mo"}
DISTRIBUTIONS = ["Django", "wagtail", "wagtail-localize", "wagtail-modeladmin", "Pillow"]
ALIAS = "default"


def enabled():
    if os.environ.get("KOHTAAMO_TEST_SEED_CACHE", "on").lower() in {"0", "off", "false", "no"}:
        return False
    return not getattr(settings, "ELASTICSEARCH_URL", None)


def cache_dir():
    return Path(settings.VAR_DIR) / "test-cache"


def _versions():
    found = []
    for name in DISTRIBUTIONS:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            found.append(f"{name}=={importlib.metadata.version(name)}")
    return found


def fingerprint(vendor):
    """A short hash of everything the seeded database depends on."""
    digest = hashlib.sha256()
    for source in SOURCES:
        for directory, dirnames, filenames in os.walk(ROOT / source):
            dirnames[:] = sorted(d for d in dirnames if d not in {"__pycache__", "_templates"})
            for filename in sorted(filenames):
                path = Path(directory, filename)
                if path.suffix in SKIPPED_SUFFIXES:
                    continue
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    today = datetime.datetime.now(ZoneInfo(settings.TIME_ZONE)).date().isoformat()
    for part in [*_versions(), vendor, settings.SETTINGS_MODULE, today]:
        digest.update(part.encode())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def _locked():
    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _copy_media(source, target):
    target = Path(target)
    if target.exists():
        shutil.rmtree(target)
    if Path(source).exists():
        shutil.copytree(source, target)
    else:
        target.mkdir(parents=True)


class SeededDatabase:
    """Sets up the seeded test database of one pytest process and tears it down."""

    def __init__(self, verbosity=0):
        self.verbosity = verbosity
        self.connection = connections[ALIAS]
        self.vendor = self.connection.vendor
        self.key = fingerprint(self.vendor) if enabled() else None
        self.entry = cache_dir() / f"{self.vendor}-{self.key}" if self.key else None
        self.configured_name = self.connection.settings_dict["NAME"]
        self.old_name = None
        self.created = None

    # --- public -----------------------------------------------------------------------------

    def set_up(self):
        if self.entry is None:
            self._build()
            return
        with _locked():
            if not (self.entry / "complete").exists():
                self._build()
                self._keep()
            else:
                self._copy()

    def tear_down(self):
        if self.created is not None:
            from django.test.utils import teardown_databases

            teardown_databases(self.created, verbosity=self.verbosity)
        elif self.old_name is not None:
            self.connection.creation.destroy_test_db(self.old_name, verbosity=self.verbosity)

    # --- building ---------------------------------------------------------------------------

    def _build(self):
        self.created = setup_databases(verbosity=self.verbosity, interactive=False, aliases={ALIAS})
        current = self.connection.settings_dict["NAME"]
        assert current != self.configured_name, "refusing to seed a database that is not a test one"
        call_command("seed_demo", verbosity=0)

    def _keep(self):
        """Keep what was just built as the cache entry of this key; delete older entries."""
        staging = self.entry.with_name(self.entry.name + ".partial")
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)
        if self.vendor == "sqlite":
            target = sqlite3.connect(staging / "seeded.sqlite3")
            try:
                self.connection.ensure_connection()
                self.connection.connection.backup(target)
            finally:
                target.close()
        elif self.vendor == "postgresql":
            self._pg_copy(self.connection.settings_dict["NAME"], self._pg_template())
        _copy_media(settings.MEDIA_ROOT, staging / "media")
        (staging / "complete").touch()
        if self.entry.exists():
            shutil.rmtree(self.entry)
        staging.rename(self.entry)
        self._forget_others()

    def _forget_others(self):
        for other in cache_dir().glob(f"{self.vendor}-*"):
            if other != self.entry and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
        if self.vendor == "postgresql":
            with self.connection._nodb_cursor() as cursor:
                cursor.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
                    ["kohtaamo_seed_%", self._pg_template()],
                )
                for (name,) in cursor.fetchall():
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')

    # --- copying ----------------------------------------------------------------------------

    def _copy(self):
        creation = self.connection.creation
        self.old_name = self.connection.settings_dict["NAME"]
        test_name = creation._get_test_db_name()
        self.connection.close()
        if self.vendor == "postgresql":
            self._pg_copy(self._pg_template(), test_name)
        settings.DATABASES[ALIAS]["NAME"] = test_name
        self.connection.settings_dict["NAME"] = test_name
        if self.vendor == "sqlite":
            self._sqlite_load(test_name)
        self.connection.ensure_connection()
        _copy_media(self.entry / "media", settings.MEDIA_ROOT)

    def _sqlite_load(self, test_name):
        if not self.connection.is_in_memory_db():
            Path(test_name).unlink(missing_ok=True)
        self.connection.ensure_connection()
        source = sqlite3.connect(self.entry / "seeded.sqlite3")
        try:
            source.backup(self.connection.connection)
        finally:
            source.close()

    def _pg_template(self):
        return f"kohtaamo_seed_{self.key}"

    def _pg_copy(self, source, target):
        """CREATE DATABASE target TEMPLATE source (nobody may be connected to the source)."""
        self.connection.close()
        with self.connection._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [source],
            )
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
            cursor.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


def sqlite_file_for_server():
    """(database file, media directory) of the cached seed for a server of its own (the browser
    tests' live site), or None when there is no SQLite entry for the current sources."""
    if not enabled():
        return None
    entry = cache_dir() / f"sqlite-{fingerprint('sqlite')}"
    if not (entry / "complete").exists():
        return None
    return entry / "seeded.sqlite3", entry / "media"
