"""import_ptv on hostile input: a deeply nested source is refused with a clear message (no raw
RecursionError) and nothing is written; a huge value (a 50 MB name) is never echoed whole, in an
error, a skip line or the report."""

import pytest
from django.core.management import CommandError

from locations import ptv
from tests.test_ptv_import import (
    FIXTURES,
    channel_json,
    import_ptv,
    pages,  # noqa: F401 - fixture
    ptv_points,
    write,
)

pytestmark = pytest.mark.django_db

HUGE = 50 * 1024 * 1024
MAX_OUTPUT = 5000


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(ptv, "local_today", lambda now: ptv.datetime.date(2026, 11, 22))


@pytest.mark.parametrize("depth", [200_000, ptv.MAX_DEPTH + 1])
def test_deeply_nested_json_is_refused_clearly_and_nothing_is_written(pages, tmp_path, depth):  # noqa: F811
    source = tmp_path / "nested.json"
    source.write_text("[" * depth + "]" * depth)
    before = ptv_points().count()
    with pytest.raises(CommandError) as raised:
        import_ptv(source)
    message = str(raised.value)
    assert message.startswith("Nothing was imported: nested.json: nested")
    assert "this is not PTV data" in message
    assert ptv_points().count() == before


def test_a_nested_object_inside_a_channel_is_refused_too(pages, tmp_path):  # noqa: F811
    data = channel_json()
    deep = {}
    node = deep
    for _ in range(ptv.MAX_DEPTH):
        node["x"] = {}
        node = node["x"]
    data["extra"] = deep
    with pytest.raises(CommandError, match="nested more than 64 levels deep"):
        import_ptv(write(tmp_path, data))
    assert not ptv_points().exists()


def huge_name(tmp_path, **changes):
    data = channel_json(**changes)
    data["serviceChannelNames"][0]["value"] = "N" * HUGE
    return write(tmp_path, data)


def test_a_50_mb_name_in_a_refused_channel_is_not_echoed(pages, tmp_path):  # noqa: F811
    source = huge_name(tmp_path, postalCode="X" * HUGE)
    with pytest.raises(CommandError) as raised:
        import_ptv(source)
    message = str(raised.value)
    assert len(message) < MAX_OUTPUT
    assert "is not a Finnish postal code" in message
    assert f"({HUGE:,} characters)" in message
    assert not ptv_points().exists()


def test_a_50_mb_name_in_an_imported_or_skipped_channel_is_not_echoed(pages, tmp_path):  # noqa: F811
    out = import_ptv(huge_name(tmp_path))
    assert "1 created" in out
    assert len(out) < MAX_OUTPUT
    assert len(ptv_points().get().name) == 150

    skipped = channel_json(serviceChannelType="EChannel")
    skipped["serviceChannelNames"][0]["value"] = "S" * HUGE
    out = import_ptv(write(tmp_path, [skipped], name="skipped.json"))
    assert "1 skipped" in out
    assert "not a service location" in out
    assert len(out) < MAX_OUTPUT


def test_a_huge_malformed_value_is_cut_in_the_message():
    message = str(ptv.PTVError("x" * 10_000_000))
    assert len(message) < MAX_OUTPUT


def test_the_regular_fixture_still_imports(pages):  # noqa: F811
    out = import_ptv(FIXTURES / "channel_helsinki.json")
    assert "1 created" in out
