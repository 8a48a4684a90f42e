"""The report's data browsers, read as files: every row is there, and the word index agrees with Python's search."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kit import explore
from kit.present.browse import shard_of, word_index, write_browsers


def _payload(path: Path):
    """What a data file registers (it must register itself under its own name)."""
    match = re.fullmatch(r'kitData\("([^"]+)",(.*)\);\n', path.read_text(encoding="utf-8"), re.S)
    assert match and match.group(1) == path.stem
    return json.loads(match.group(2))


def _payloads(folder: Path, prefix: str) -> list:
    """The payloads of the chunked data files `prefix-0.js`, `prefix-1.js`, ..., in order."""
    files = sorted(folder.glob(f"{prefix}-*.js"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return [_payload(path) for path in files]


@pytest.fixture(scope="module")
def written(seeds, tmp_path_factory):
    out = tmp_path_factory.mktemp("browse")
    return out, write_browsers(seeds, out)


def test_five_pages_with_every_row(seeds, written):
    out, browsers = written
    assert [b.key for b in browsers] == ["quotes", "figures", "articles", "actors", "kwic"]
    for browser in browsers:
        assert (out / browser.href).is_file() and browser.question
    data = out / "browse" / "data"
    assert sum(len(chunk) for chunk in _payloads(data, "quotes")) == len(seeds.quotes)
    assert sum(len(chunk) for chunk in _payloads(data, "articles")) == len(seeds)
    figures = explore.claims(seeds, scopes=None)
    assert sum(len(chunk) for chunk in _payloads(data, "figures")) == len(figures)


def test_rows_read_as_a_report(written):
    out, _ = written
    rows = [row for chunk in _payloads(out / "browse" / "data", "quotes") for row in chunk]
    flat = json.dumps(rows)
    assert "NaN" not in flat and "person:" not in flat and "None" not in flat
    assert all(row[-1].startswith("../articles/") and "#s" in row[-1] for row in rows)


@pytest.mark.parametrize("word", ["lavrov", "ceasefire", "the", "kiev"])
def test_the_index_counts_what_python_finds(seeds, written, word):
    out, _ = written
    shard = _payload(out / "browse" / "data" / f"index-{shard_of(word)}.js")
    texts = seeds.documents["text"].tolist()
    expected = {doc: len(re.findall(rf"(?<!\w){word}(?!\w)", text, re.I)) for doc, text in enumerate(texts)}
    postings = shard[word]
    found = dict(zip(postings[0::2], postings[1::2], strict=True))
    assert found == {d: n for d, n in expected.items() if n}
    assert sum(found.values()) == len(explore.kwic(seeds, word))


def test_word_index_shards_by_first_characters():
    shards = word_index(["Kyiv and Kiev", "Київ, kyiv"])
    assert shards["ky"]["kyiv"] == [0, 1, 1, 1]
    assert shard_of("київ") == "u43au438" and shards["u43au438"]["київ"] == [1, 1]
