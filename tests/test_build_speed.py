"""The static build's speed-ups keep its output: render workers write the same files as one
process, the build's memo keeps the dependency record whole and is gone after the build, and
a failing page in a worker stops the build as it does in one process."""

import hashlib
import json
from pathlib import Path

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from generator import build, deps
from generator.build import Builder, BuildError
from kohtaamo import build_memo
from kohtaamo.models import HomePage, language_alternates

pytestmark = pytest.mark.django_db


def fingerprint(root):
    """{file: hash} of a build, but its manifest (which says when it ran): two builds of the same
    content write the same bytes (tests/test_export_deterministic.py)."""
    found = {}
    root = Path(root).resolve()
    for path in root.rglob("*"):
        rel = str(path.relative_to(root))
        if not path.is_file() or rel.startswith(".manifest.json"):
            continue
        found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def test_two_render_workers_write_the_same_files_as_one_process(tmp_path, monkeypatch):
    from django.db import connection

    if connection.vendor != "sqlite":
        # The test runs inside its transaction: on PostgreSQL a worker's own connection would not
        # see the test's data, so the builder renders in this process (the SQLite run's in-memory
        # database is copied into each worker, which is what lets it compare the two).
        assert build.fork_mode() is None
        return
    assert build.fork_mode() is not None
    one = Builder(tmp_path / "one", workers=1).build()
    forked = []
    real_fork = build.os.fork

    def counting_fork():
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(build.os, "fork", counting_fork)
    two = Builder(tmp_path / "two", workers=2).build()

    assert len(forked) == 2
    assert two.pages == one.pages > 0
    assert two.files == one.files
    assert sorted(two.rebuilt) == sorted(one.rebuilt)
    first, second = fingerprint(one.directory), fingerprint(two.directory)
    assert len(first) > 100
    assert second == first
    # Every file's dependency record is there, in the same order, holding at least what one
    # process recorded (a worker's first page also records what its own caches loaded).
    manifest_one = json.loads((one.directory / build.MANIFEST).read_text())["files"]
    manifest_two = json.loads((two.directory / build.MANIFEST).read_text())["files"]
    assert list(manifest_two) == list(manifest_one)
    for url, entry in manifest_one.items():
        assert manifest_two[url]["path"] == entry["path"]
        assert set(manifest_two[url]["deps"]) >= set(entry["deps"]), url


def test_a_page_that_fails_in_a_worker_stops_the_build_and_names_it(tmp_path, monkeypatch):
    def broken(self, request, *args, **kwargs):
        raise ValueError("template variable blew up")

    monkeypatch.setattr(HomePage, "get_context", broken)
    with pytest.raises(BuildError) as error:
        Builder(tmp_path / "export", workers=2).build()
    message = str(error.value)
    assert "failed to render" in message and "template variable blew up" in message
    assert "served site is unchanged" in message
    assert not (tmp_path / "export" / "current").exists()
    assert list((tmp_path / "export" / "builds").iterdir()) == []


def test_language_alternates_are_read_once_per_build_with_their_dependencies():
    home = HomePage.objects.get(locale__language_code="fi")
    request = RequestFactory().get("/")
    live = language_alternates(home, request)
    assert [a["code"] for a in live] == ["fi", "sv", "en"]

    with deps.capturing():
        first, second = set(), set()
        with deps.recording(first):
            one = language_alternates(home, request)
        with deps.recording(second), CaptureQueriesContext(connection) as queries:
            two = language_alternates(home, request)
        assert len(queries) == 0
        assert one == two == live
        # The second file records the translations the first one loaded.
        assert second == first
        assert {f"page:{page.pk}" for page in home.get_translations(inclusive=True)} <= second
        two[0]["url"] = "/changed/"  # a caller's copy: the memo keeps its own
        assert language_alternates(home, request)[0]["url"] == live[0]["url"]

    # After the build nothing is held: the live site computes anew.
    assert getattr(build_memo._state, "memo", None) is None
    assert build_memo.remember("x", lambda: 1) == 1
    assert build_memo.remember("x", lambda: 2) == 2
