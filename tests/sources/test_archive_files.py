"""Large JSON arrays decoded a chunk of whole elements at a time give exactly what one decode
of the whole file gives, whatever the chunk size and wherever strings hold separator-like text."""

from __future__ import annotations

import io
import json
import random

import msgspec
import pytest

from unspool.errors import InputError
from unspool.sources import archive_files
from unspool.sources.archive_files import array_cuts, decode_array_chunks, skip_to_array

ANY = msgspec.json.Decoder()
TRICKY = ['},{"id":', '}, {', '\\n  },\\n  {', '"]', "x" * 300, "🧵", '{"id": 1}, {"id": 2}']


def elements(seed: int, count: int) -> list[dict]:
    rng = random.Random(seed)
    return [
        {
            "id": f"https://social.example/users/fern/statuses/{n}/activity",
            "type": "Create",
            "object": {"id": str(n), "content": rng.choice(TRICKY) * rng.randint(0, 3), "tag": [{"type": "Mention", "href": "x"}] * rng.randint(0, 3)},
        }
        for n in range(count)
    ]


def chunks_of(data: bytes, chunk: int, monkeypatch, **options) -> list:
    monkeypatch.setattr(archive_files, "CHUNK_BYTES", chunk)
    stream = io.BytesIO(data)
    _, head = skip_to_array(stream, "test", **options)
    return [item for part in decode_array_chunks(stream, ANY, "test", head=head) for item in part]


@pytest.mark.parametrize("chunk", [64, 1000, 10**6])
@pytest.mark.parametrize("indent", [None, 2])
def test_compact_and_pretty_arrays_decode_the_same_in_chunks(monkeypatch, chunk, indent):
    items = elements(seed=chunk, count=300)
    body = json.dumps({"@context": "x", "orderedItems": items}, indent=indent).encode()
    assert chunks_of(body, chunk, monkeypatch, key=b"orderedItems") == items


def test_x_files_with_their_assignment_and_a_closing_semicolon(monkeypatch):
    items = elements(seed=1, count=50)
    data = b"window.YTD.tweets.part0 = " + json.dumps(items, indent=2).encode() + b";\n"
    assert chunks_of(data, 200, monkeypatch, assignment=True) == items


def test_a_truncated_array_is_an_input_error(monkeypatch):
    data = b"window.YTD.tweets.part0 = " + json.dumps(elements(seed=2, count=40), indent=2).encode()
    with pytest.raises(InputError, match="truncated"):
        chunks_of(data[:-300], 200, monkeypatch, assignment=True)


def test_spans_cut_at_separators_decode_to_the_whole(tmp_path, monkeypatch):
    items = elements(seed=3, count=2000)
    path = tmp_path / "tweets.js"
    path.write_bytes(b"window.YTD.tweets.part0 = " + json.dumps(items, indent=2).encode())
    with open(path, "rb") as stream:
        start, _ = skip_to_array(stream, "test", assignment=True)
    cuts = array_cuts(path, start, path.stat().st_size, every=20_000)
    assert len(cuts) > 10
    monkeypatch.setattr(archive_files, "CHUNK_BYTES", 5000)
    decoded, begin = [], start
    with open(path, "rb") as stream:
        for end in [*cuts, None]:
            stream.seek(begin)
            length = None if end is None else end - begin
            decoded += [item for part in decode_array_chunks(stream, ANY, "test", length=length, last=end is None) for item in part]
            begin = (end or 0) + 1
    assert decoded == items


@pytest.mark.parametrize("indent", [None, 2])
def test_elements_whose_first_keys_differ(monkeypatch, indent):
    # Early X exports had no {"tweet": …} envelope: each tweet's first key is whatever it has.
    items = [{"edit_info": {"n": 1}, "id_str": "1"}] + [{"retweeted": False, "id_str": str(n)} for n in range(2, 400)]
    data = b"window.YTD.tweet.part0 = " + json.dumps(items, indent=indent).encode()
    assert chunks_of(data, 300, monkeypatch, assignment=True) == items
