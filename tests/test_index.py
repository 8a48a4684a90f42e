"""The word index (`kit.index`): what it holds, and that searches led by it find what a scan finds."""

from __future__ import annotations

import json
import re
import shutil

import pyarrow.parquet as pq

from kit import explore, open_store
from kit.index import BLOCK_DOCS, ROWS_PER_GROUP, WordIndex, block_rows, word_pieces
from kit.store import Store


def test_each_word_lists_the_rows_that_hold_it_in_its_own_case():
    table = block_rows(["Kyiv said no.", None, "kyiv, Kyiv and Minsk"], first=10)
    rows = dict(zip(table["token"].to_pylist(), table["docs"].to_pylist(), strict=True))
    assert rows["Kyiv"] == [10, 12] and rows["kyiv"] == [12] and rows["Minsk"] == [12]
    assert table["token"].to_pylist() == sorted(rows, key=lambda w: w.encode())


def test_a_phrase_needs_every_word_and_a_bare_star_rules_nothing_out(tmp_path):
    path = tmp_path / "words.parquet"
    pq.write_table(block_rows(["Minsk agreements signed", "Minsk talks", "the agreement"]), path)
    index = WordIndex(path)
    assert index.candidates(["minsk agreement*"]).tolist() == [0]
    assert index.candidates(["talks", "the"]).tolist() == [1, 2]
    assert index.candidates(["U.S."]).tolist() == []
    assert word_pieces(["*"]) is None and index.candidates(["*"]) is None


def test_tagging_writes_the_index_in_sorted_row_groups_and_keeps_it_out_of_the_tables(seeds):
    assert "words" in seeds.manifest["tables"] and "words" not in seeds.tables
    meta = pq.ParquetFile(seeds.store.files("words")[0]).metadata
    assert all(meta.row_group(g).num_rows <= ROWS_PER_GROUP for g in range(meta.num_row_groups))
    words = seeds.table("words")["token"].tolist()
    assert len(words) > 300 and len(seeds) < BLOCK_DOCS and words == sorted(words, key=lambda w: w.encode())
    texts = seeds.documents["text"].tolist()
    ceasefire = seeds.table("words").set_index("token").loc["ceasefire", "docs"].tolist()
    assert ceasefire == [i for i, t in enumerate(texts) if "ceasefire" in re.findall(r"\w+", t)]


def test_a_store_without_the_index_is_searched_by_scanning_with_the_same_rows(seeds, tmp_path):
    old = tmp_path / "old"
    shutil.copytree(seeds.store.root, old)
    words = Store(old).files("words")
    manifest = json.loads((old / "manifest.json").read_text(encoding="utf-8"))
    del manifest["tables"]["words"]
    (old / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    for path in words:
        path.unlink()
    for terms in ("ceasefire", "Minsk agreement*, Lavrov", "U.S."):
        assert explore.kwic(open_store(old), terms).equals(explore.kwic(seeds, terms)), terms


def test_max_rows_stops_reading_texts_once_enough_matches_are_found(seeds, monkeypatch):
    index = explore.KwicIndex(seeds)
    read = []
    original = index._texts_file.read_row_group
    monkeypatch.setattr(index._texts_file, "read_row_group", lambda g, **kw: read.append(g) or original(g, **kw))
    assert len(index.search("the", max_rows=1)) == 1
    assert len(read) == 2  # one row group to find the first match, then its text for the row
