"""Incremental runs: unchanged input is neither read, cleaned nor tagged again, and the tables
come out exactly as a cold run's."""

from __future__ import annotations

import json
import os
import shutil

import pandas as pd
import pytest

import kit.ingest
import kit.pipeline
from kit import explore, open_store
from kit.pipeline import tag

from .conftest import SEEDS

EXTRA = (
    "Kyiv, 3 March (Reuters) - Ukraine said on Monday that 16,000 Russian troops had entered Crimea. "
    '"This is an invasion," Prime Minister Arseniy Yatsenyuk told reporters in Kyiv.\n\n'
    "Moscow denied the claim. Foreign Minister Sergei Lavrov said the troops were protecting the fleet."
)
OTHER = (
    "Brussels, 6 March - European Union leaders agreed on Thursday to suspend talks with Moscow on visas. "
    '"We want a political solution," German Chancellor Angela Merkel said after the summit.'
)


def run(paths, out, **kw):
    return tag(paths if isinstance(paths, list) else [paths], out, n_process=1, progress=False, **kw)


def assert_same_store(a, b):
    """Every table of two stores is equal (problems compared as a set: their order may differ)."""
    first, second = open_store(a), open_store(b)
    assert first.tables == second.tables
    for name in first.tables:
        left, right = first.table(name), second.table(name)
        if name == "problems":
            assert sorted(map(tuple, left.astype(str).values.tolist())) == sorted(
                map(tuple, right.astype(str).values.tolist())
            )
        else:
            pd.testing.assert_frame_equal(left, right, obj=name)


class Counter:
    """Counts calls to a function it wraps."""

    def __init__(self, monkeypatch, owner, name):
        self.calls = []
        real = getattr(owner, name)

        def counted(*args, **kwargs):
            self.calls.append(args)
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted)


@pytest.fixture
def folder(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    return corpus


def records(*texts: str, start: int = 0) -> str:
    return "".join(
        json.dumps({"id": f"r{start + i}", "text": t, "date": f"2014-03-0{1 + i % 9}"}) + "\n"
        for i, t in enumerate(texts)
    )


def test_a_new_file_is_the_only_one_read_cleaned_and_tagged(folder, tmp_path, monkeypatch):
    out = tmp_path / "store"
    run(folder, out)
    (folder / "extra.txt").write_text(EXTRA, encoding="utf-8")
    decoded = Counter(monkeypatch, kit.ingest, "decode_bytes")
    cleaned = Counter(monkeypatch, kit.pipeline, "clean_text")
    summary = run(folder, out)
    assert summary.tagged == 1 and summary.reused == 3
    assert len(decoded.calls) == 1 and len(cleaned.calls) == 1
    monkeypatch.undo()
    run(folder, tmp_path / "cold")
    assert_same_store(out, tmp_path / "cold")


def test_appended_records_are_the_only_ones_cleaned(tmp_path, monkeypatch):
    path = tmp_path / "news.jsonl"
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    path.write_text(records(*texts), encoding="utf-8")
    out = tmp_path / "store"
    run(path, out)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(records(EXTRA, OTHER, start=3))
    cleaned = Counter(monkeypatch, kit.pipeline, "clean_text")
    summary = run(path, out)
    assert summary.tagged == 2 and summary.reused == 3 and len(cleaned.calls) == 2
    monkeypatch.undo()
    run(path, tmp_path / "cold")
    assert_same_store(out, tmp_path / "cold")


def test_an_edited_file_is_read_again(folder, tmp_path):
    out = tmp_path / "store"
    run(folder, out)
    edited = sorted(folder.glob("*.txt"))[1]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\n" + OTHER, encoding="utf-8")
    summary = run(folder, out)
    assert summary.tagged == 1
    assert OTHER in open_store(out).text(edited.stem)
    run(folder, tmp_path / "cold")
    assert_same_store(out, tmp_path / "cold")


def test_a_touched_file_with_the_same_text_is_read_but_not_tagged(folder, tmp_path, monkeypatch):
    out = tmp_path / "store"
    run(folder, out)
    touched = sorted(folder.glob("*.txt"))[0]
    stat = touched.stat()
    os.utime(touched, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    decoded = Counter(monkeypatch, kit.ingest, "decode_bytes")
    summary = run(folder, out)
    assert len(decoded.calls) == 1 and summary.tagged == 0 and summary.reused == 3


def test_duplicates_are_flagged_again_when_the_original_goes(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(records(EXTRA, OTHER, EXTRA), encoding="utf-8")
    out = tmp_path / "store"
    run(path, out)
    assert open_store(out).documents.set_index("doc_id").duplicate_of.fillna("").to_dict() == {
        "r0": "",
        "r1": "",
        "r2": "r0",
    }
    path.write_text(records(EXTRA, OTHER, EXTRA).split("\n", 1)[1], encoding="utf-8")  # drop r0
    run(path, out)
    documents = open_store(out).documents
    assert documents.doc_id.tolist() == ["r1", "r2"] and documents.duplicate_of.isna().all()
    run(path, tmp_path / "cold")
    assert_same_store(out, tmp_path / "cold")


def test_renamed_and_reordered_files_give_the_tables_of_a_cold_run(folder, tmp_path):
    out = tmp_path / "store"
    (folder / "zz_extra.txt").write_text(EXTRA, encoding="utf-8")
    run(folder, out)
    (folder / "zz_extra.txt").rename(folder / "aa_extra.txt")  # now first in corpus order
    first = sorted(folder.glob("0*.txt"))[0]
    first.rename(folder / "zz_last.txt")  # now last
    run(folder, out)
    run(folder, tmp_path / "cold")
    assert_same_store(out, tmp_path / "cold")


def test_other_reading_code_or_rules_read_everything_again(folder, tmp_path, monkeypatch):
    out = tmp_path / "store"
    run(folder, out)
    (folder / "extra.txt").write_text(EXTRA, encoding="utf-8")
    monkeypatch.setattr(kit.pipeline, "ingest_digest", lambda rules: "other")
    decoded = Counter(monkeypatch, kit.ingest, "decode_bytes")
    summary = run(folder, out)
    assert len(decoded.calls) == 4 and summary.tagged == 1 and summary.reused == 3


def test_force_reads_and_tags_everything_again(folder, tmp_path, monkeypatch):
    out = tmp_path / "store"
    run(folder, out)
    decoded = Counter(monkeypatch, kit.ingest, "decode_bytes")
    summary = run(folder, out, force=True)
    assert len(decoded.calls) == 3 and summary.tagged == 3


def test_an_unchanged_record_file_is_not_read_again_and_its_problems_stay(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    (corpus / "a.jsonl").write_text(records(*texts) + '{"id": "empty", "text": ""}\n', encoding="utf-8")
    out = tmp_path / "store"
    first = run(corpus, out)
    (corpus / "b.jsonl").write_text(records(EXTRA, OTHER, start=3), encoding="utf-8")
    read = Counter(monkeypatch, kit.ingest, "_read_jsonl")
    summary = run(corpus, out)
    assert [call[0].name for call in read.calls] == ["b.jsonl"]  # a.jsonl: same size, time, head and tail
    assert summary.tagged == 2 and summary.reused == 3
    assert summary.problems == first.problems  # the blank record of a.jsonl is still reported
    monkeypatch.undo()
    run(corpus, tmp_path / "cold")
    assert_same_store(out, tmp_path / "cold")
    grown, cold = open_store(out), open_store(tmp_path / "cold")
    for terms in ("Lavrov", "ceasefire, troops", "Minsk agreement*", "invasion"):
        assert grown.table("words").shape[0] >= 1
        pd.testing.assert_frame_equal(explore.kwic(grown, terms), explore.kwic(cold, terms), obj=terms)
