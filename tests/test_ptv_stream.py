"""The PTV import reads a file as a stream (one channel at a time, locations/ptv.py `_Stream`):
the same channels as parsing it whole, whatever the chunk size; malformed text named with the
same line and column as `json` gives; depth limits kept. No database needed."""

import json
from pathlib import Path

import pytest

from locations import ptv

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ptv"


def whole(path):
    data = json.loads(Path(path).read_text("utf-8"))
    if isinstance(data, dict) and "itemList" in data:
        return data["itemList"]
    return data if isinstance(data, list) else [data]


@pytest.fixture(params=[1, 7, 4096])
def chunk(request, monkeypatch):
    monkeypatch.setattr(ptv, "CHUNK_SIZE", request.param)
    return request.param


@pytest.mark.parametrize("name", ["page_tampere.json", "channel_helsinki.json"])
def test_a_file_streams_the_same_channels_as_parsed_whole(chunk, name):
    assert list(ptv.load_source(FIXTURES / name)) == whole(FIXTURES / name)


def test_a_list_with_numbers_cut_by_chunks_streams_whole(chunk, tmp_path):
    path = tmp_path / "list.json"
    data = [{"n": 1234567890123, "x": [1.5e10, -0.25]}, {"s": "ä" * 50}, 98765]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
    assert list(ptv.load_source(path)) == data


@pytest.mark.parametrize(
    "text",
    [
        '[{"a": 1},\n {"b": ',
        '[{"a": 1}\n {"b": 2}]',
        '{"itemList": [{"a": 1}], "pageCount": }',
        '[{"a": 1}] x',
        "",
        '{"a": tru}',
    ],
)
def test_malformed_text_is_named_with_json_s_line_and_column(chunk, tmp_path, text):
    path = tmp_path / "bad.json"
    path.write_text(text, "utf-8")
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    with pytest.raises(ptv.PTVError) as raised:
        list(ptv.load_source(path))
    message = str(raised.value)
    assert message.startswith("bad.json: malformed JSON (line ")
    assert f"line {expected.value.lineno}, column {expected.value.colno}" in message


def test_itemlist_that_is_not_a_list_and_other_values_are_refused(tmp_path):
    path = tmp_path / "page.json"
    path.write_text('{"itemList": {"a": 1}}', "utf-8")
    with pytest.raises(ptv.PTVError, match="itemList is not a list"):
        list(ptv.load_source(path))
    path.write_text('"just a string"', "utf-8")
    with pytest.raises(ptv.PTVError, match="expected a service channel"):
        list(ptv.load_source(path))


def test_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('[{"name": "Jyväskylä"}]'.encode("latin-1"))
    with pytest.raises(ptv.PTVError, match="not UTF-8 text"):
        list(ptv.load_source(path))


def test_depth_counts_from_the_top_of_the_file(tmp_path):
    path = tmp_path / "deep.json"
    depth = ptv.MAX_DEPTH
    path.write_text("[" * depth + "]" * depth, "utf-8")
    assert list(ptv.load_source(path)) == [json.loads("[" * (depth - 1) + "]" * (depth - 1))]
    path.write_text("[" * (depth + 1) + "]" * (depth + 1), "utf-8")
    with pytest.raises(ptv.PTVError, match="nested more than 64 levels"):
        list(ptv.load_source(path))
