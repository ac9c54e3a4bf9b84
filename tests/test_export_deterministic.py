"""The same content gives the same bytes: two full builds of an unchanged database write identical
files (but the build's own record of when it ran), so a deploy, a CDN or rsync sees no change
where there is none, and no per-request secret is frozen into a public file."""

import io
import re
import time
import zipfile
from pathlib import Path

import pytest

from generator.build import MANIFEST, Builder

pytestmark = pytest.mark.django_db

CSRF_RE = re.compile(rb'csrfmiddlewaretoken|name="csrf|X-CSRFToken', re.I)


def files_of(root):
    root = Path(root)
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != MANIFEST and path.name != MANIFEST + ".gz"
    }


def test_two_full_builds_of_the_same_content_write_the_same_bytes(tmp_path):
    first = Builder(tmp_path / "one", workers=1).build()
    time.sleep(1.1)  # a time stamp of "now" (seconds) would differ between the builds
    second = Builder(tmp_path / "two", workers=1).build()

    one, two = files_of(first.directory), files_of(second.directory)
    assert len(one) > 100
    assert sorted(one) == sorted(two)
    differ = sorted(name for name in one if one[name] != two[name])
    assert differ == [], f"{len(differ)} files differ between two builds: {differ[:20]}"

    zips = [name for name in one if name.endswith(".zip")]
    assert zips, "the seeded site has brand asset downloads"
    for name in zips:
        with zipfile.ZipFile(io.BytesIO(one[name])) as archive:
            for info in archive.infolist():
                # A time stamp taken from the content, not the build's clock.
                assert info.date_time[0] >= 2000, (name, info.filename, info.date_time)

    # No public file carries a form's per-request secret.
    secrets = [
        name
        for name, data in one.items()
        if name.endswith(".html") and CSRF_RE.search(data) and b"<form" in data
    ]
    assert secrets == []
