"""The static build: the whole site as files, atomically, and incremental rebuilds.

Layout of the output directory (``--output``, default ``var/export``)::

    builds/20261129T143000-1a2b3c/   one complete build each (kept: the newest N)
    current -> builds/…              what nginx serves; swapped in one rename at the end
    .build.lock                      held while a build runs (two builds never overlap)

A build renders every target (targets.py) in-process through Django's test client, so pages
are exactly what the live site answers an anonymous visitor; it never goes over HTTP. While a file
renders, deps.py records which pages, images and documents it loaded; the record
(``.manifest.json`` in the build) lets an incremental build redo only the files a change touched.
An incremental build starts as a hard-linked copy of the current build (unchanged files cost a
link, not a render), replaces what changed and swaps ``current`` the same way.

A failure (a template error, a missing image file, a full disk, SIGTERM) removes the unfinished
build and raises BuildError; ``current`` is never touched before the build is complete.
"""

import errno
import fcntl
import gc
import gzip
import hashlib
import json
import logging
import mmap
import os
import pickle
import re
import secrets
import selectors
import shutil
import signal
import struct
import sys
import time
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.db import connections
from django.test import Client, override_settings
from django.test.client import ClientHandler
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect
from wagtail.images.models import SourceImageIOError

from generator import deps, places
from generator.targets import (
    LANGUAGES,
    Target,
    all_targets,
    api_path,
    default_site,
    fixed_targets,
    page_bound_targets,
    page_index,
    public_pages,
)
from locations.models import FinderPage

MANIFEST = ".manifest.json"
# The manifest's layout: an older build's manifest lacks what an incremental build reads (each
# file's page, kind and declared keys; the public pages), so the next build is a full one.
MANIFEST_VERSION = 2
# Folders in builds/ that are not builds: old builds waiting to be deleted (and unfinished staged
# copies), and the staged copy of the current build (see housekeeping()).
TRASH = ".trash-"
STAGED = ".next-"
# Files of the build that are not served (nginx denies dot files): never compressed.
NOT_SERVED = {MANIFEST, places.STATE}
# Up to this many pages to list again, they are asked for by id (SQLite takes at most 32,766
# parameters in a statement).
RELIST_BY_ID = 2000
# Below this many files a build renders in its own process (forking costs more than it saves).
PARALLEL_MIN = 64
BUILDS = "builds"
CURRENT = "current"
LOCK = ".build.lock"
FINDERS = (
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "locations.staticfinders.XStaticMapFinder",
)
LINK_RE = re.compile(r"""\s(?:href|src|srcset|data-src|action)\s*=\s*"([^"]*)\"""")
STYLE_RE = re.compile(r'<style nonce="[^"]*">(.*?)</style>', re.S)
NONCE_RE = re.compile(r'\snonce="[^"]*"')
HTML_TAG_RE = re.compile(r"(<html\b[^>]*)>")
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".rss", ".atom", ".xml", ".txt", ".svg", ".map"}
EXTENSIONS = {
    "text/html": "html",
    "application/json": "json",
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/plain": "txt",
    "application/pdf": "pdf",
    "application/zip": "zip",
    "image/svg+xml": "svg",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
}


class BuildError(Exception):
    """A build that did not finish. The message says what failed; the served site is unchanged."""


class BuildInterrupted(BaseException):
    """Raised in the build's thread by the SIGTERM/SIGINT handler."""


# Fault hooks: tests replace these to simulate a full disk or a signal in the middle of a build.
def write_bytes(path, data):
    path.write_bytes(data)


def after_render(target):
    """Called after each rendered target (a seam for tests and progress)."""


@dataclass
class Summary:
    pages: int = 0
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    rebuilt: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    directory: Path | None = None
    incremental: bool = False
    swapped: float = 0.0  # seconds from the start until the build was served (`current` swapped)

    @property
    def pages_per_second(self):
        return self.pages / self.seconds if self.seconds else 0.0


def default_output():
    return Path(settings.GENERATOR_OUTPUT)


# --- Locking, signals, swapping ------------------------------------------------------------------


@contextmanager
def build_lock(output, wait=False):
    output.mkdir(parents=True, exist_ok=True)
    handle = open(output / LOCK, "a+")  # noqa: SIM115 - closed below
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            raise BuildError(
                f"Another build of {output} is running (process {holder}); this one did not "
                "start. Use --wait to wait for it."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


@contextmanager
def interruptible():
    """Turn SIGTERM (and SIGINT) into BuildInterrupted while a build runs (main thread only)."""
    if not _in_main_thread():
        yield
        return

    def handler(signum, frame):
        raise BuildInterrupted(signal.Signals(signum).name)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _event_loop_running():
    """An asyncio loop runs in this thread (a build started from async code, or beside a browser
    driven through Playwright in tests): a fork would copy the loop's state and Django would give
    the worker other connections than the ones holding this thread's transaction."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _in_main_thread():
    import threading

    return threading.current_thread() is threading.main_thread()


def current_build(output):
    link = output / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def swap_current(output, build_dir):
    tmp = output / f".{CURRENT}.{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(Path(BUILDS) / build_dir.name, tmp)
    os.replace(tmp, output / CURRENT)


def prune(output, keep, later=False):
    """Remove all but the newest `keep` builds (never the current one). `later`: only move them
    aside (a rename each), for `housekeeping()` to delete after the build is served: deleting a
    build of tens of thousands of files takes seconds."""
    current = current_build(output)
    builds = sorted(
        (p for p in (output / BUILDS).iterdir() if p.is_dir() and not p.name.startswith(".")),
        reverse=True,
    )
    removed = []
    for old in builds[max(keep, 1) :]:
        if old.resolve() == current:
            continue
        if later:
            os.rename(old, old.with_name(f"{TRASH}{old.name}"))
        else:
            shutil.rmtree(old, ignore_errors=True)
        removed.append(old)
    return removed


def housekeeping(output):
    """What a long-running rebuild worker does between builds (build_site --watch, in a thread):
    delete the builds `prune` moved aside, and stage the next incremental build: a hard-linked
    copy of the current build, ready under a name that says which build it copies. The next
    incremental build that starts from that build takes it with one rename instead of linking
    every file while a publish waits. A staged copy of a build that is no longer current is
    deleted."""
    output = Path(output)
    folder = output / BUILDS
    if not folder.is_dir():
        return  # nothing built yet
    current = current_build(output)
    for path in folder.iterdir():
        stale = path.name.startswith(TRASH) or (
            path.name.startswith(STAGED) and (current is None or path.name != staged_name(current))
        )
        if stale:
            shutil.rmtree(path, ignore_errors=True)
    if current is None or (folder / staged_name(current)).exists():
        return
    partial = folder / f"{TRASH}{staged_name(current)}-{secrets.token_hex(3)}"
    try:
        link_tree(current, partial)
        os.rename(partial, folder / staged_name(current))  # complete once it has its name
    except OSError:
        # The build was pruned meanwhile, or the disk is full: the next build links its own.
        shutil.rmtree(partial, ignore_errors=True)


def staged_name(build):
    return f"{STAGED}{build.name}"


def link_tree(source, target):
    """Hard-link every file of `source` into `target` (created), keeping the folders."""
    prefix = len(str(source)) + 1
    os.mkdir(target)
    for dirpath, _dirnames, filenames in os.walk(source):
        rel = dirpath[prefix:]
        target_dir = os.path.join(target, rel) if rel else str(target)
        if rel:
            os.mkdir(target_dir)
        for name in filenames:
            os.link(os.path.join(dirpath, name), os.path.join(target_dir, name))


def new_build_dir(output, create=True):
    stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%S.%f")  # sorts by time, even within a second
    path = output / BUILDS / f"{stamp}-{secrets.token_hex(3)}"
    if create:
        path.mkdir(parents=True)
    return path


# --- The builder --------------------------------------------------------------------------------


class Builder:
    def __init__(
        self, output=None, keep=3, progress=None, wait=False, workers=None, prune_later=False
    ):
        """`prune_later`: move old builds aside for `housekeeping()` instead of deleting them
        (the rebuild worker does; a one-off build deletes them itself)."""
        self.output = Path(output or default_output()).resolve()
        self.keep = keep
        self.prune_later = prune_later
        self.workers = max(1, int(workers or getattr(settings, "GENERATOR_WORKERS", 1)))
        self.progress = progress or (lambda done, total, label: None)
        self.wait = wait
        self.site = None
        self.root = None
        self.manifest = {}
        self.assets = {}
        self.public_index = {}  # targets.page_index() of this build
        self.previous_index = {}  # … and of the build it started from
        self.summary = Summary()

    # Public entry points

    def build(self):
        return self._run(incremental_keys=None)

    def rebuild(self, keys):
        """Rebuild the files that depend on `keys`, add files of new pages, remove those of pages
        that went away. A full build when there is no current build."""
        return self._run(incremental_keys=set(keys))

    # Internals

    def _run(self, incremental_keys):
        start = time.perf_counter()
        with build_lock(self.output, wait=self.wait), interruptible():
            previous = current_build(self.output)
            previous_manifest = read_manifest(previous) if incremental_keys is not None else None
            if previous_manifest is None:
                incremental_keys = None
            self.root = new_build_dir(self.output, create=False)
            try:
                with ExitStack() as stack:
                    stack.enter_context(deps.capturing())
                    if incremental_keys is None:
                        self.root.mkdir(parents=True)
                        self._collect_static()
                    else:
                        self._copy_previous(previous, previous_manifest)
                    stack.enter_context(self._render_settings())
                    self.site = default_site()
                    if self.site is None:
                        raise BuildError("No Wagtail site: run migrate and seed_demo first.")
                    self.client = _SiteClient(self.site, HTTP_HOST=self._host())
                    if incremental_keys is None:
                        self._full()
                    else:
                        self._incremental(incremental_keys)
                    self._write_redirects()
                    self._write_api_errors()
                    self._write_manifest()
                    if incremental_keys is None:
                        self._count_files()
            except BuildInterrupted as interrupt:
                self._abandon()
                raise BuildError(
                    f"Build interrupted by {interrupt}; unfinished build removed, the served site "
                    "is unchanged."
                ) from None
            except OSError as error:
                self._abandon()
                if error.errno == errno.ENOSPC:
                    raise BuildError(
                        f"Disk full while writing the build ({error.filename or self.root}); "
                        "unfinished build removed, the served site is unchanged."
                    ) from None
                raise BuildError(
                    f"Could not write the build: {error}; the served site is unchanged."
                ) from None
            except BuildError as error:
                self._abandon()
                raise BuildError(f"{error} The served site is unchanged.") from None
            except Exception as error:
                self._abandon()
                raise BuildError(
                    f"Build failed: {type(error).__name__}: {error}. The served site is unchanged."
                ) from error
            swap_current(self.output, self.root)
            self.summary.swapped = time.perf_counter() - start
            prune(self.output, self.keep, later=self.prune_later)
        self.summary.directory = self.root
        self.summary.incremental = incremental_keys is not None
        self.summary.seconds = time.perf_counter() - start
        return self.summary

    def _abandon(self):
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)

    def _host(self):
        port = self.site.port
        return self.site.hostname if port in (80, 443) else f"{self.site.hostname}:{port}"

    @contextmanager
    def _render_settings(self):
        """Pages as an anonymous visitor gets them, with hashed static names from this build's
        manifest and a cache of the build's own (nothing stale from another process)."""
        site = default_site()
        hosts = [site.hostname] if site else []
        with override_settings(
            DEBUG=False,  # hashed static names; production error pages
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, *hosts],
            SECURE_SSL_REDIRECT=False,
            CACHES={
                "default": {
                    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                    "LOCATION": f"generator-{self.root.name}",
                }
            },
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {
                    "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
                    "OPTIONS": {
                        "location": str(self.root / "static"),
                        "base_url": settings.STATIC_URL,
                    },
                },
            },
        ):
            yield

    def _collect_static(self):
        """The public static files (site/static and the map libraries), with hashed names."""
        storage = ManifestStaticFilesStorage(
            location=str(self.root / "static"), base_url=settings.STATIC_URL
        )
        found = {}
        for finder in get_finders():
            if f"{type(finder).__module__}.{type(finder).__name__}" not in FINDERS:
                continue
            for source_path, source in finder.list(["CVS", ".*", "*~"]):
                prefix = getattr(source, "prefix", None)
                path = f"{prefix}/{source_path}" if prefix else source_path
                if path in found:
                    continue
                found[path] = (source, source_path)
                target = self.root / "static" / path
                target.parent.mkdir(parents=True, exist_ok=True)
                with source.open(source_path) as handle:
                    write_bytes(target, handle.read())
        for _name, _hashed, processed in storage.post_process(found):
            if isinstance(processed, Exception):
                raise BuildError(f"Static files: {processed}")
        for path in (self.root / "static").rglob("*"):
            if path.is_file():
                self._count(path.stat().st_size)

    def _copy_previous(self, previous, data):
        """Start from a hard-linked copy of the current build: the one housekeeping() staged,
        or one made now."""
        staged = previous.parent / staged_name(previous)
        try:
            os.rename(staged, self.root)
        except OSError:
            link_tree(previous, self.root)
        self.manifest = data["files"]
        self.assets = data.get("assets", {})
        self.previous_index = data["pages"]

    def _full(self):
        targets = all_targets(self.site)
        self.public_index = page_index(self.site)
        self._write(places.STATE, places.encode(places.state()))
        self._render_all(targets)

    def _incremental(self, keys):
        """Rebuild the files whose recorded keys meet `keys`; add the files of pages that became
        public, remove those of pages that did not stay so. The set of files is computed from
        the manifest and the public pages' index (targets.page_index), never by listing the
        whole site: only the translation groups of pages that appeared, went away or moved get
        their targets listed again (and those of the finder pages when the gazetteer changed)."""
        # Municipality pages whose shown points changed (places.py).
        extra, current = places.changed_keys(places.read(self.root), self.manifest)
        keys = keys | extra
        self._write(places.STATE, places.encode(current))
        self.public_index = page_index(self.site)
        relisted, fresh = self._relisted_pages(keys)
        fixed = {t.url: t for t in fixed_targets()}
        todo = {}
        for url, entry in list(self.manifest.items()):
            base = _listing_base(url)
            page = entry["page"]
            if page is None or page in relisted:
                listed = fixed if page is None else fresh
                if base not in listed:
                    # Its page went away (unpublished, deleted, moved, now private or expired).
                    self._remove(url)
                    continue
                if url == base and entry["path"] != listed[base].path:
                    self._remove(url)  # the same address answered by another file now
                    continue
            if base not in todo and keys.intersection(entry["deps"]):
                todo[base] = fresh.get(base) or fixed.get(base) or self._manifest_target(base)
        for url, target in (*fresh.items(), *fixed.items()):
            if url not in self.manifest:
                todo[url] = target  # a new page, or a new file of a page
        # Further pages of a listing that is rendered again come again with it, as many as it
        # has now; a page past its new end goes away.
        stale = [
            url for url in self.manifest if url != _listing_base(url) and _listing_base(url) in todo
        ]
        for url in stale:
            self._remove(url, report=False)
        self._render_all(list(todo.values()))
        for url in stale:
            if url not in self.manifest:
                self.summary.removed.append(api_path(url))

    def _relisted_pages(self, keys):
        """(ids of the pages whose targets are listed again, {url: target} of those targets):
        the translation groups of the pages whose public state or URL path changed since the
        previous build, and the finder pages when the gazetteer changed (their municipality
        pages come and go with it)."""
        before, now = self.previous_index, self.public_index
        changed = {pk for pk in before.keys() | now.keys() if before.get(pk) != now.get(pk)}
        groups = {index[pk][1] for index in (before, now) for pk in changed if pk in index}
        if deps.GAZETTEER in keys:
            finders = FinderPage.objects.values_list("pk", "translation_key")
            groups |= {str(key) for pk, key in finders if str(pk) in now}
        if not groups:
            return set(), {}
        ids = {int(pk) for index in (before, now) for pk, row in index.items() if row[1] in groups}
        listed = {int(pk) for pk, row in now.items() if row[1] in groups}
        if len(listed) <= RELIST_BY_ID:
            pages = public_pages(self.site, listed)
        else:  # a whole section came or went: one query for every page, not a list of ids
            pages = [page for page in public_pages(self.site) if page.pk in listed]
        targets = page_bound_targets(self.site, pages)
        return ids, {t.url: t for t in targets}

    def _manifest_target(self, url):
        entry = self.manifest[url]
        return Target(url, entry["path"], set(entry["decl"]), entry["page"], entry["kind"])

    def _remove(self, url, report=True):
        entry = self.manifest.pop(url)
        for path in (self.root / entry["path"], self.root / (entry["path"] + ".gz")):
            path.unlink(missing_ok=True)
        if report:
            self.summary.removed.append(entry["path"])

    def _render_all(self, targets):
        mode = fork_mode()
        if self.workers > 1 and len(targets) >= PARALLEL_MIN and mode is not None:
            self._render_parallel(targets, mode)
        else:
            self._render_serial(targets)

    def _render_serial(self, targets, progress=None):
        progress = progress or self.progress
        queue = list(targets)
        done = 0
        while queue:
            target = queue.pop(0)
            queue.extend(self._render(target))
            done += 1
            progress(done, done + len(queue), target.url)
            after_render(target)

    def _render_parallel(self, targets, mode):
        """Render `targets` in `self.workers` forked processes (Django is set up; each opens its
        own database connection, or keeps its copy of an in-memory SQLite database), each writing
        its share of the files into the build; their manifest entries, assets and counts are
        merged here. A failure in one stops the others and is raised here as it was there."""
        workers = self.workers
        shares = [targets[i::workers] for i in range(workers)]
        counters = mmap.mmap(-1, 16 * workers)  # shared: (done, total) of each worker
        if mode == "reconnect":
            connections.close_all()
        else:
            connections["default"].ensure_connection()
        # What the parent holds stays shared with the workers: the garbage collector of a worker
        # would otherwise write to every object it inherited (copying the parent's memory into
        # each worker, page by page), so they are moved out of its reach before the fork.
        gc.collect()
        gc.freeze()
        children = {}
        try:
            for index, share in enumerate(shares):
                read_end, write_end = os.pipe()
                pid = os.fork()
                if pid == 0:  # the worker
                    os.close(read_end)
                    self._worker(share, index, counters, write_end)  # never returns
                os.close(write_end)
                children[pid] = read_end
            results = self._collect(children, counters, len(targets))
        finally:
            gc.unfreeze()
            for pid in children:
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                with suppress(ChildProcessError):
                    os.waitpid(pid, 0)
            counters.close()
        for result in results:
            if not result["ok"]:
                _reraise(result)
        order = {t.url: i for i, t in enumerate(targets)}
        entries = {}
        for result in results:
            entries.update(result["manifest"])
            self.assets.update(result["assets"])
            self.summary.pages += result["pages"]
        # The order of a build in one process: the targets, then further pages of API listings.
        extra = sorted(
            (url for url in entries if url not in order),
            key=lambda url: (order.get(_listing_base(url), len(order)), len(url), url),
        )
        for url in [t.url for t in targets if t.url in entries] + extra:
            self.manifest[url] = entries[url]
            self.summary.rebuilt.append(entries[url]["path"])

    def _worker(self, share, index, counters, write_end):
        status = 0
        try:
            self.manifest, self.assets, self.summary = {}, {}, Summary()

            def progress(done, total, label):
                counters[16 * index : 16 * index + 16] = struct.pack("qq", done, total)

            progress(0, len(share), "")
            try:
                self._render_serial(share, progress)
                result = {
                    "ok": True,
                    "manifest": self.manifest,
                    "assets": self.assets,
                    "pages": self.summary.pages,
                }
            except BuildInterrupted as interrupt:
                result = {"ok": False, "kind": "interrupted", "message": str(interrupt)}
            except OSError as error:
                result = {
                    "ok": False,
                    "kind": "oserror",
                    "errno": error.errno,
                    "message": error.strerror or str(error),
                    "filename": error.filename,
                }
            except BuildError as error:
                result = {"ok": False, "kind": "build", "message": str(error)}
            except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises
                result = {
                    "ok": False,
                    "kind": "other",
                    "message": f"{type(error).__name__}: {error}",
                }
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(result, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - a worker never returns into the parent's code
            status = 1
        finally:
            os._exit(status)

    def _collect(self, children, counters, total):
        """Read every worker's answer (while showing their progress); on the first failure stop
        the others."""
        selector = selectors.DefaultSelector()
        buffers = {}
        for pid, fd in children.items():
            selector.register(fd, selectors.EVENT_READ, pid)
            buffers[pid] = bytearray()
        results, shown, open_fds = [], -1, len(children)
        while open_fds:
            for key, _events in selector.select(timeout=0.2):
                chunk = os.read(key.fd, 1 << 16)
                if chunk:
                    buffers[key.data] += chunk
                    continue
                selector.unregister(key.fd)
                os.close(key.fd)
                open_fds -= 1
                try:
                    # Our own forked worker's answer through a pipe, never outside input.
                    result = pickle.loads(bytes(buffers[key.data]))  # noqa: S301
                except Exception:  # noqa: BLE001 - a worker that died without answering
                    result = {"ok": False, "kind": "other", "message": "a worker process died"}
                results.append(result)
                if not result["ok"]:
                    for pid in children:
                        if pid != key.data:
                            with suppress(ProcessLookupError):
                                os.kill(pid, signal.SIGKILL)
            done = sum(struct.unpack_from("q", counters, 16 * i)[0] for i in range(len(children)))
            grand = sum(
                struct.unpack_from("q", counters, 16 * i + 8)[0] for i in range(len(children))
            )
            if done != shown:
                shown = done
                self.progress(done, max(grand, total, done), "")
        selector.close()
        failed = [r for r in results if not r["ok"] and r["message"] != "a worker process died"]
        return failed or results

    def _count_files(self):
        """A full build's files and bytes, counted on disk (workers may both have copied an
        image two pages show)."""
        files = size = 0
        for dirpath, _dirnames, filenames in os.walk(self.root):
            for name in filenames:
                files += 1
                size += os.path.getsize(os.path.join(dirpath, name))
        self.summary.files, self.summary.bytes = files, size

    def _render(self, target):
        recorded = set()
        quiet = _QuietNotFound() if target.kind == "404" else None
        with deps.recording(recorded), quiet or _nothing():
            try:
                response = self.client.get(target.url)
            except BuildInterrupted:
                raise
            except SourceImageIOError as error:
                raise BuildError(
                    f"{target.url} shows an image whose file is missing ({error}); upload the "
                    "image again or remove it from the page."
                ) from error
            except Exception as error:
                where = f"page id {target.page_id}" if target.page_id else target.kind
                raise BuildError(
                    f"{target.url} ({where}) failed to render: {type(error).__name__}: {error}."
                ) from error
        expected = 404 if target.kind == "404" else 200
        if response.status_code != expected:
            raise BuildError(
                f"{target.url} answered {response.status_code} where {expected} was expected."
            )
        body = b"".join(response) if response.streaming else response.content
        more = []
        if target.is_html:
            body = self._html(target, body)
        elif target.kind == "api" and target.url.split("?")[0].endswith("/"):
            more = self._api_pages(target, body)
        self._write(target.path, body)
        self.manifest[target.url] = {
            "path": target.path,
            "deps": sorted(target.deps | recorded),
            "decl": sorted(target.deps),
            "page": target.page_id,
            "kind": target.kind,
        }
        self.summary.rebuilt.append(target.path)
        if target.kind == "page":
            self.summary.pages += 1
        return more

    def _api_pages(self, target, body):
        """Further pages of a paginated API listing."""
        try:
            data = json.loads(body)
        except ValueError:
            return []
        if not isinstance(data, dict) or not isinstance(data.get("pages"), int):
            return []
        if "page=" in target.url:
            return []
        more = []
        for number in range(2, data["pages"] + 1):
            url = f"{target.url}&page={number}"
            more.append(Target(url, api_path(url), set(target.deps), target.page_id, "api"))
        return more

    def _html(self, target, body):
        """Make a page static-safe and fetch what it links to: the inline brand style becomes a
        file (nginx sends a strict policy without nonces), renditions and public documents are
        copied into the build."""
        html = body.decode("utf-8")

        def style_file(match):
            css = match.group(1).encode("utf-8")
            digest = hashlib.sha256(css).hexdigest()[:12]
            name = f"static/generated/tokens.{digest}.css"
            if name not in self.assets:
                if not (self.root / name).exists():
                    self._write(name, css)
                self.assets[name] = name
            return f'<link rel="stylesheet" href="/{name}">'

        # In the export the finder searches in the browser (site/static/js/finder-static.js).
        html = HTML_TAG_RE.sub(r"\1 data-static-export>", html, count=1)
        html = STYLE_RE.sub(style_file, html)
        html = NONCE_RE.sub("", html)
        for link in LINK_RE.findall(html):
            for candidate in _split_srcset(link):
                self._asset(candidate, target)
        return html.encode("utf-8")

    def _asset(self, link, target):
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or parts.query:
            return
        path = unquote(parts.path)
        if path in self.assets:
            return
        if path.startswith(settings.MEDIA_URL):
            rel = path[len(settings.MEDIA_URL) :]
            if rel.startswith("documents/") or ".." in rel.split("/"):
                return
            source = Path(settings.MEDIA_ROOT) / rel
            if not source.is_file():
                raise BuildError(
                    f"{target.url} shows an image whose file is missing ({path}); upload the "
                    "image again or remove it from the page."
                )
            self._write(path.lstrip("/"), source.read_bytes())
            self.assets[path] = path.lstrip("/")
        elif path.startswith("/documents/") or "/asset/" in path or path.endswith("/zip/"):
            response = self.client.get(path)
            if response.status_code != 200:
                return  # not public: the link checker reports a page that links to it
            body = b"".join(response) if response.streaming else response.content
            if path.endswith("/"):
                kind = response.get("Content-Type", "").split(";")[0].strip()
                file_path = f"{path.lstrip('/')}index.{EXTENSIONS.get(kind, 'bin')}"
            else:
                file_path = path.lstrip("/")
            self._write(file_path, body)
            self.assets[path] = file_path

    def _write(self, rel, data):
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        gz = path.with_name(path.name + ".gz")
        for old in (path, gz):
            # A hard link from the previous build: never write through it. (missing_ok: another
            # worker may be writing the same image.)
            old.unlink(missing_ok=True)
        write_bytes(path, data)
        self._count(len(data))
        if path.suffix in COMPRESSIBLE and len(data) >= 512 and rel not in NOT_SERVED:
            packed = gzip.compress(data, compresslevel=9, mtime=0)
            write_bytes(gz, packed)
            self._count(len(packed))

    def _write_api_errors(self):
        """The API's error answers in each language, for nginx's error_page."""
        for lang in LANGUAGES:
            with translation.override(lang):
                answers = {
                    "404": _("Not found."),
                    "400": _(
                        "This copy of the API answers only the lang and page parameters; "
                        "search and filters need the live site."
                    ),
                }
            for status, detail in answers.items():
                body = json.dumps({"detail": str(detail)}, ensure_ascii=False).encode()
                self._write(f"api/{status}.{lang}.json", body)

    def _count(self, size):
        self.summary.files += 1
        self.summary.bytes += size

    def _write_redirects(self):
        """Wagtail's redirects of the site as two nginx map files (permanent and temporary)."""
        permanent, temporary = [], []
        redirects = Redirect.objects.filter(site__isnull=True) | Redirect.objects.filter(
            site=self.site
        )
        for redirect in redirects.select_related("redirect_page"):
            target = redirect.link
            if not target:
                continue
            line = f"{_nginx_string(redirect.old_path)} {_nginx_string(target)};\n"
            (permanent if redirect.is_permanent else temporary).append(line)
            # Wagtail matches old paths with and without the trailing slash.
            if not redirect.old_path.endswith("/"):
                alt = f"{_nginx_string(redirect.old_path + '/')} {_nginx_string(target)};\n"
                (permanent if redirect.is_permanent else temporary).append(alt)
        self._write("redirects-301.map", "".join(sorted(permanent)).encode())
        self._write("redirects-302.map", "".join(sorted(temporary)).encode())

    def _write_manifest(self):
        data = {
            "version": MANIFEST_VERSION,
            "built_at": timezone.now().isoformat(),
            "pages": self.public_index,
            "files": self.manifest,
            "assets": self.assets,
        }
        self._write(MANIFEST, json.dumps(data, separators=(",", ":")).encode())


def read_manifest(build):
    """The manifest of `build` (a build directory), or None when there is none an incremental
    build can start from (no build yet, or one written by an older version)."""
    if build is None:
        return None
    try:
        data = json.loads((build / MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return None
    return data


def fork_mode():
    """How render workers can be forked here: "reconnect" (each opens its own database
    connection), "inherit" (an in-memory SQLite database, as in tests: each keeps its copy), or
    None (render in this process: no fork, or uncommitted changes a new connection would not
    see)."""
    if not hasattr(os, "fork") or not _in_main_thread() or _event_loop_running():
        return None
    connection = connections["default"]
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return "inherit"
    if connection.in_atomic_block:
        return None
    return "reconnect"


def _reraise(result):
    kind = result["kind"]
    if kind == "interrupted":
        raise BuildInterrupted(result["message"])
    if kind == "oserror":
        raise OSError(result["errno"], result["message"], result["filename"])
    if kind == "build":
        raise BuildError(result["message"])
    raise BuildError(f"Build failed in a render worker: {result['message']}.")


class _SiteHandler(ClientHandler):
    """Every request of the build is for the one site being built: Wagtail need not look it up
    by host name again for each file."""

    site = None

    def get_response(self, request):
        request._wagtail_site = self.site
        return super().get_response(request)


class _SiteClient(Client):
    def __init__(self, site, **defaults):
        super().__init__(**defaults)
        self.handler = _SiteHandler(enforce_csrf_checks=False)
        self.handler.site = site


class _QuietNotFound:
    """The 404 page is asked for on purpose: no "Not Found" warning in the log."""

    def __enter__(self):
        self.logger = logging.getLogger("django.request")
        self.level = self.logger.level
        self.logger.setLevel(logging.ERROR)

    def __exit__(self, *exc):
        self.logger.setLevel(self.level)


@contextmanager
def _nothing():
    yield


def _listing_base(url):
    """The first page's URL of a further page of an API listing."""
    return url.split("&page=")[0]


def _split_srcset(value):
    if "," not in value or " " not in value:
        return [value.strip()]
    return [item.strip().split(" ")[0] for item in value.split(",") if item.strip()]


def _nginx_string(value):
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def progress_printer(stream=None, every=0.2):
    """A one-line progress bar on a terminal, a line per tenth on a log."""
    stream = stream or sys.stderr
    tty = stream.isatty()
    state = {"last": 0.0, "tenth": -1}

    def show(done, total, label):
        now = time.monotonic()
        if tty:
            if now - state["last"] < every and done < total:
                return
            state["last"] = now
            width = 30
            filled = int(width * done / max(total, 1))
            stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} ")
            if done >= total:
                stream.write("\n")
        else:
            tenth = int(10 * done / max(total, 1))
            if tenth != state["tenth"]:
                state["tenth"] = tenth
                stream.write(f"{done}/{total} files rendered\n")
        stream.flush()

    return show
