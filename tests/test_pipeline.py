"""The store: cached reruns, incremental re-tagging, resuming, atomic commits and locking."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

import kit.pipeline
from kit import open_store
from kit.pipeline import tag
from kit.store import Store, StoreBusy

from .conftest import SEED_IDS, SEEDS


@pytest.fixture
def corpus_dir(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


def run(folder, out, **kw):
    return tag([folder], out, n_process=1, progress=False, **kw)


class NoTagging(Exception):
    pass


def forbid_tagging(monkeypatch):
    def refuse(*args, **kwargs):
        raise NoTagging("spaCy was asked to tag")

    monkeypatch.setattr(kit.pipeline, "Tagger", refuse)


def test_store_has_every_table_and_a_manifest(seeds_store):
    store = Store(seeds_store)
    manifest = store.manifest()
    for name in ("documents", "entities", "removed", "problems", "sentences"):
        assert all(path.is_file() for path in store.files(name)) and (seeds_store / name).is_dir()
        assert name in manifest["tables"]
    assert manifest["model"]["name"].startswith("en_core_web_sm") and manifest["model"]["version"] == "3.8.0"
    assert len(manifest["gazetteer"]["digest"]) == 16
    assert set(manifest["documents"]) == set(SEED_IDS)
    assert all(len(h) == 24 for h in manifest["documents"].values())
    assert store.is_complete()


def test_rerunning_an_unchanged_corpus_does_no_spacy_work(corpus_dir, tmp_path, monkeypatch):
    out = tmp_path / "store"
    first = run(corpus_dir, out)
    assert first.tagged == 3
    forbid_tagging(monkeypatch)
    again = run(corpus_dir, out)
    assert again.up_to_date and again.documents == 3
    assert "up to date" in str(again)


def test_one_changed_or_added_file_retags_only_that_document(corpus_dir, tmp_path):
    out = tmp_path / "store"
    run(corpus_dir, out)
    changed = corpus_dir / f"{SEED_IDS[2]}.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nKharkiv was calm on Wednesday.\n", encoding="utf-8")
    summary = run(corpus_dir, out)
    assert (summary.tagged, summary.reused) == (1, 2)
    assert "kharkiv" in set(open_store(out).entities.query("doc_id == @SEED_IDS[2]").entity_id)

    (corpus_dir / "new.txt").write_text("Mariupol braced for an attack, officials in Kyiv said.", encoding="utf-8")
    summary = run(corpus_dir, out)
    assert (summary.tagged, summary.reused, summary.documents) == (1, 3, 4)


def test_removed_files_leave_the_store(corpus_dir, tmp_path):
    out = tmp_path / "store"
    run(corpus_dir, out)
    (corpus_dir / f"{SEED_IDS[0]}.txt").unlink()
    summary = run(corpus_dir, out)
    assert summary.tagged == 0
    corpus = open_store(out)
    assert SEED_IDS[0] not in set(corpus.documents.doc_id)
    assert SEED_IDS[0] not in set(corpus.entities.doc_id)


def test_a_changed_gazetteer_retags_everything(corpus_dir, tmp_path):
    out = tmp_path / "store"
    run(corpus_dir, out)
    gazetteer = tmp_path / "gazetteer.yaml"
    gazetteer.write_text(
        (
            kit.gazetteer.DEFAULT_GAZETTEER.read_text(encoding="utf-8")
            + "\n- {id: contact_line, name: contact line, type: place, aliases: [contact line]}\n"
        ),
        encoding="utf-8",
    )
    summary = run(corpus_dir, out, gazetteer=gazetteer)
    assert summary.tagged == 3
    assert "contact_line" in set(open_store(out).entities.entity_id)


def test_an_interrupted_run_leaves_the_old_store_readable_and_resumes(corpus_dir, tmp_path, monkeypatch):
    out = tmp_path / "store"
    run(corpus_dir, out)
    before = open_store(out).entities
    for path in corpus_dir.glob("*.txt"):
        path.write_text(
            path.read_text(encoding="utf-8") + "\n\nThe OSCE monitors reported shelling.\n", encoding="utf-8"
        )

    real_tag = kit.tagger.Tagger.tag
    calls = []

    def tag_then_die(self, items):
        calls.append(len(items))
        if len(calls) > 1:
            raise KeyboardInterrupt
        return real_tag(self, items)

    monkeypatch.setattr(kit.pipeline, "PART_DOCS", 1)
    monkeypatch.setattr(kit.pipeline, "_tasks", lambda items: ([item] for item in items))
    monkeypatch.setattr(kit.tagger.Tagger, "tag", tag_then_die)
    with pytest.raises(KeyboardInterrupt):
        run(corpus_dir, out)
    old = open_store(out)  # still the previous, complete store
    pd.testing.assert_frame_equal(old.entities, before)
    assert len(Store(out).parts()) == 1

    monkeypatch.setattr(kit.tagger.Tagger, "tag", real_tag)
    resumed = run(corpus_dir, out)
    assert (resumed.tagged, resumed.reused) == (2, 1)
    fresh = run(corpus_dir, tmp_path / "fresh")
    got, want = open_store(out).entities, open_store(tmp_path / "fresh").entities
    pd.testing.assert_frame_equal(got, want)
    assert not got.duplicated(["doc_id", "start_char", "end_char"]).any()
    assert fresh.entities == len(got)
    assert not (out / ".parts").exists()


def test_a_store_missing_a_file_its_manifest_lists_is_detected(seeds_store, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(seeds_store, copy)
    Store(copy).files("entities")[0].unlink()
    assert not Store(copy).is_complete()
    with pytest.raises(FileNotFoundError, match="not a complete kit store"):
        open_store(copy)


def test_a_second_writer_waits_or_stops_with_a_clear_message(tmp_path):
    store = Store(tmp_path / "store")
    with store.lock():
        with pytest.raises(StoreBusy, match="another kit run is writing"):
            with Store(tmp_path / "store").lock(wait=False):
                pass


def test_a_document_whose_analysis_fails_is_reported_and_retried(corpus_dir, tmp_path, monkeypatch):
    import kit.extract.entities

    real = kit.extract.entities.analyse

    def flaky(doc, ctx):
        if ctx.doc_id == SEED_IDS[1]:
            raise ValueError("boom")
        return real(doc, ctx)

    monkeypatch.setattr(kit.tagger, "registered_analyses", lambda: [flaky])
    out = tmp_path / "store"
    summary = run(corpus_dir, out)
    corpus = open_store(out)
    assert summary.tagged == 2
    problem = corpus.problems.query("doc_id == @SEED_IDS[1]").iloc[0]
    assert problem.severity == "error" and "tagging failed: ValueError: boom" in problem.message
    assert SEED_IDS[1] in set(corpus.documents.doc_id)
    monkeypatch.setattr(kit.tagger, "registered_analyses", lambda: [real])
    assert run(corpus_dir, out).tagged == 1


def test_parallel_tagging_gives_the_same_tables(tmp_path, monkeypatch):
    monkeypatch.setattr(kit.pipeline, "PARALLEL_MIN_CHARS", 0)
    monkeypatch.setattr(kit.pipeline, "TASK_CHARS", 1)
    tag([SEEDS], tmp_path / "parallel", n_process=2, progress=False)
    tag([SEEDS], tmp_path / "serial", n_process=1, progress=False)
    for table in ("entities", "sentences", "documents"):
        pd.testing.assert_frame_equal(
            open_store(tmp_path / "parallel").table(table), open_store(tmp_path / "serial").table(table)
        )


def test_duplicates_are_flagged_not_dropped(corpus_dir, tmp_path):
    shutil.copy(corpus_dir / f"{SEED_IDS[0]}.txt", corpus_dir / "copy.txt")
    summary = run(corpus_dir, tmp_path / "store")
    corpus = open_store(tmp_path / "store")
    assert summary.duplicates == 1 and len(corpus.documents) == 4
    row = corpus.documents.set_index("doc_id").loc["copy"]
    assert row["duplicate_of"] == SEED_IDS[0]
    assert "duplicate" in corpus.problems.set_index("doc_id").loc["copy", "message"]


def test_the_input_folder_is_never_written(corpus_dir, tmp_path):
    before = {p: p.read_bytes() for p in corpus_dir.rglob("*")}
    run(corpus_dir, tmp_path / "store")
    assert {p: p.read_bytes() for p in corpus_dir.rglob("*")} == before


def test_editing_a_curated_lexicon_retags(corpus_dir, tmp_path):
    from kit.lexicons import DATA_DIR, LexiconFiles

    out = tmp_path / "store"
    themes = tmp_path / "themes.yaml"
    shutil.copy(DATA_DIR / "themes.yaml", themes)
    files = LexiconFiles().with_overrides(themes=themes)
    run(corpus_dir, out, lexicons=files)
    assert run(corpus_dir, out, lexicons=files).up_to_date
    themes.write_text(themes.read_text(encoding="utf-8") + "\n# a researcher's edit\n", encoding="utf-8")
    assert run(corpus_dir, out, lexicons=files).tagged == 3


def test_editing_a_presentation_only_file_retags_nothing(corpus_dir, tmp_path):
    from kit.lexicons import DATA_DIR, LexiconFiles

    out = tmp_path / "store"
    words = tmp_path / "word_choice.yaml"
    shutil.copy(DATA_DIR / "word_choice.yaml", words)
    files = LexiconFiles().with_overrides(word_choice=words)
    run(corpus_dir, out, lexicons=files)
    words.write_text(words.read_text(encoding="utf-8") + "\n# a researcher's edit\n", encoding="utf-8")
    assert run(corpus_dir, out, lexicons=files).up_to_date


def _sorted(frame):
    keys = [c for c in ("doc_id", "start_char", "sent_idx", "text") if c in frame.columns]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def test_added_articles_add_a_segment_leaving_earlier_files_and_matching_a_fresh_run(corpus_dir, tmp_path):
    from kit import explore
    from kit.pipeline import compact

    out = tmp_path / "store"
    run(corpus_dir, out)
    store = Store(out)
    before = {name: store.files(name) for name in store.manifest()["tables"]}
    stamps = {p: p.stat().st_mtime_ns for files in before.values() for p in files}
    (corpus_dir / "new.txt").write_text("Mariupol braced for an attack, officials in Kyiv said.\n", encoding="utf-8")
    shutil.copy(corpus_dir / f"{SEED_IDS[1]}.txt", corpus_dir / "zz-copy.txt")  # a duplicate of a stored one
    summary = run(corpus_dir, out)
    assert (summary.tagged, summary.reused, summary.documents, summary.duplicates) == (2, 3, 5, 1)
    documents = store.files("documents")
    assert documents[:-1] == before["documents"] and len(documents) == 2
    assert all(p.stat().st_mtime_ns == t for p, t in stamps.items() if p in documents or p.parent.name == "entities")
    fresh = tmp_path / "fresh"
    run(corpus_dir, fresh)
    got, want = open_store(out), open_store(fresh)
    for name in ("documents", "entities", "quotes", "numbers", "removed", "stories", "problems"):
        pd.testing.assert_frame_equal(_sorted(getattr(got, name)), _sorted(getattr(want, name)), check_like=True)
    assert got.documents.set_index("doc_id").loc["zz-copy", "duplicate_of"] == SEED_IDS[1]
    for terms in ("Mariupol", "ceasefire", "Kyiv"):  # the word index of each segment, offset in the whole table
        assert _sorted(explore.kwic(got, terms)).equals(_sorted(explore.kwic(want, terms))), terms

    assert compact(out) == 2
    assert len(store.files("documents")) == 1 and not any(p.exists() for p in documents)
    merged = open_store(out)
    for name in ("documents", "entities", "quotes"):
        pd.testing.assert_frame_equal(_sorted(getattr(merged, name)), _sorted(getattr(got, name)))
    assert _sorted(explore.kwic(merged, "Kyiv")).equals(_sorted(explore.kwic(want, "Kyiv")))
    assert run(corpus_dir, out).up_to_date


def test_a_changed_article_rewrites_the_store_as_one_segment(corpus_dir, tmp_path):
    out = tmp_path / "store"
    run(corpus_dir, out)
    (corpus_dir / "new.txt").write_text("Mariupol braced for an attack, officials in Kyiv said.\n", encoding="utf-8")
    run(corpus_dir, out)
    assert len(Store(out).files("entities")) == 2
    changed = corpus_dir / f"{SEED_IDS[2]}.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nKharkiv was calm on Wednesday.\n", encoding="utf-8")
    summary = run(corpus_dir, out)
    assert (summary.tagged, summary.reused) == (1, 3)
    assert len(Store(out).files("entities")) == 1 and len(list((out / "entities").iterdir())) == 1


def test_a_run_past_the_most_segments_compacts_the_store(corpus_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(kit.pipeline, "MAX_SEGMENTS", 1)
    out = tmp_path / "store"
    run(corpus_dir, out)
    (corpus_dir / "new.txt").write_text("Mariupol braced for an attack, officials in Kyiv said.\n", encoding="utf-8")
    summary = run(corpus_dir, out)
    assert summary.tagged == 1 and len(Store(out).files("documents")) == 1
    assert len(open_store(out).documents) == 4 and "Mariupol" in open_store(out).text("new")


def _record(i: int, outlet: str = "Daily Wire Service") -> str:
    text = (
        f"Officials in Kyiv said on day {i} that talks on grain exports would resume, and Moscow agreed.\n\n"
        f"Report number {i} describes the shelling near Kharkiv in some detail for readers.\n\n"
        "Follow our live coverage of the war in Ukraine on the Daily Wire app"
    )
    return json.dumps({"id": f"r{i}", "title": f"Story {i}", "outlet": outlet, "text": text})


def test_furniture_learned_from_added_articles_matches_a_fresh_run(tmp_path):
    grow, whole = tmp_path / "grow", tmp_path / "whole"
    grow.mkdir(), whole.mkdir()
    first, more, later = [_record(i) for i in range(4)], [_record(i) for i in range(4, 6)], [_record(6)]
    (grow / "a.jsonl").write_text("\n".join(first) + "\n", encoding="utf-8")
    run(grow, tmp_path / "s")
    assert not open_store(tmp_path / "s").removed.reason.str.startswith("repeated").any()  # 4 documents: not yet
    # Two more: the sign-off is in 6 documents, so the stored 4 change too (the store is rewritten).
    (grow / "b.jsonl").write_text("\n".join(more) + "\n", encoding="utf-8")
    run(grow, tmp_path / "s")
    assert len(Store(tmp_path / "s").files("documents")) == 1
    # One more, printing furniture already learned: appended, and stripped like the others.
    (grow / "c.jsonl").write_text("\n".join(later) + "\n", encoding="utf-8")
    run(grow, tmp_path / "s")
    assert len(Store(tmp_path / "s").files("documents")) == 2
    for name, rows in (("a", first), ("b", more), ("c", later)):
        (whole / f"{name}.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    run(whole, tmp_path / "fresh")
    got, want = open_store(tmp_path / "s"), open_store(tmp_path / "fresh")
    assert got.removed.reason.str.startswith("repeated").sum() == 7
    for name in ("documents", "removed", "entities"):
        columns = [c for c in getattr(want, name).columns if c != "source"]
        pd.testing.assert_frame_equal(_sorted(getattr(got, name)[columns]), _sorted(getattr(want, name)[columns]))
    assert "live coverage" not in got.text("r6")


def test_the_outlet_reaches_the_analyses_and_a_changed_outlet_retags(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    article = {
        "id": "wh-1",
        "title": "Fact sheet",
        "date": "2022-11-15",
        "outlet": "The White House (whitehouse.gov)",
        "text": "President Putin launched the invasion. As the President often says, we must stand with Ukraine.",
    }
    (folder / "a.jsonl").write_text(json.dumps(article) + "\n", encoding="utf-8")
    out = tmp_path / "store"
    run(folder, out)
    said = open_store(out).quotes.query("quote.str.contains('we must stand')")
    assert said.speaker_name.tolist() == ["Joe Biden"]
    (folder / "a.jsonl").write_text(json.dumps({**article, "outlet": "BBC News"}) + "\n", encoding="utf-8")
    assert run(folder, out).tagged == 1
    said = open_store(out).quotes.query("quote.str.contains('we must stand')")
    assert said.speaker_name.tolist() == ["Vladimir Putin"]
