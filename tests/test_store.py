"""Tests for `kit.store`: tables, manifest, parts, commits and the lock."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kit.store import GENERATION_KEY, Store, StoreBusy


def _stage(store: Store, generation: str, rows: list[str]) -> None:
    staging = store.staging()
    table = pa.table({"doc_id": rows}).replace_schema_metadata({GENERATION_KEY: generation})
    pq.write_table(table, staging / "documents.parquet")


def _commit(store: Store, generation: str, rows: list[str]) -> None:
    _stage(store, generation, rows)
    store.commit(["documents"], {"generation": generation, "tables": {"documents": {"rows": len(rows)}}})


def test_an_empty_folder_is_no_store(tmp_path):
    store = Store(tmp_path / "store")
    assert store.manifest() is None
    assert not store.is_complete()
    assert store.readable() is None


def test_a_commit_makes_the_tables_and_manifest_readable(tmp_path):
    store = Store(tmp_path / "store")
    _commit(store, "g1", ["a", "b"])
    assert store.readable() is store
    assert store.read("documents").column("doc_id").to_pylist() == ["a", "b"]
    assert store.manifest()["generation"] == "g1"
    assert not store.staging_dir.exists() and not store.parts_dir.exists()
    assert store.damaged_tables() == []


def test_an_earlier_layout_whose_table_is_from_another_run_reads_the_previous_store(tmp_path):
    # Stores written before table folders: one `<table>.parquet` per table, stamped with its run.
    store = Store(tmp_path / "store")
    store.root.mkdir()
    previous = store.root / ".previous"
    previous.mkdir()
    for root, generation, rows in ((previous, "g2", ["a", "b"]), (store.root, "g2", ["a", "b"])):
        table = pa.table({"doc_id": rows}).replace_schema_metadata({GENERATION_KEY: generation})
        pq.write_table(table, root / "documents.parquet")
        (root / "manifest.json").write_text(
            '{"generation": "g2", "tables": {"documents": {"rows": 2}}}', encoding="utf-8"
        )
    assert store.is_complete() and store.read("documents").column("doc_id").to_pylist() == ["a", "b"]
    # An interrupted commit of that layout: the table is replaced, the manifest is not yet.
    pq.write_table(
        pa.table({"doc_id": ["x"]}).replace_schema_metadata({GENERATION_KEY: "g3"}), store.root / "documents.parquet"
    )
    assert not store.is_complete()
    readable = store.readable()
    assert readable is not None and readable.root == previous
    assert readable.read("documents").column("doc_id").to_pylist() == ["a", "b"]


def test_a_commit_that_stops_before_its_manifest_leaves_the_previous_store_and_its_files_are_collected(tmp_path):
    store = Store(tmp_path / "store")
    _commit(store, "g1", ["a", "b"])
    _stage(store, "g2", ["x"])
    (store.root / "documents").mkdir(exist_ok=True)
    stray = store.root / "documents" / "g2.parquet"
    (store.staging_dir / "documents.parquet").rename(stray)  # moved into place; then the run died
    assert store.readable() is store
    assert store.read("documents").column("doc_id").to_pylist() == ["a", "b"]
    store.collect_garbage()
    assert not stray.exists() and store.files("documents")[0].exists()


def test_files_kept_by_a_commit_stay_and_the_table_reads_them_in_order(tmp_path):
    store = Store(tmp_path / "store")
    _commit(store, "g1", ["a", "b"])
    first = store.manifest()["tables"]["documents"]["files"]
    _stage(store, "g2", ["c"])
    store.commit(["documents"], {"generation": "g2", "tables": {"documents": {"rows": 3}}}, {"documents": first})
    assert store.manifest()["tables"]["documents"]["files"] == [*first, "documents/g2.parquet"]
    assert store.read("documents").column("doc_id").to_pylist() == ["a", "b", "c"]
    assert store.table("documents").num_rows == 3 and store.table("documents").num_row_groups == 2
    # A commit that keeps nothing deletes the files no longer listed.
    _commit(store, "g3", ["d"])
    assert sorted(p.name for p in (store.root / "documents").iterdir()) == ["g3.parquet"]


def test_a_manifest_of_another_shape_or_a_cut_table_is_not_trusted(tmp_path):
    store = Store(tmp_path / "store")
    _commit(store, "g1", ["a", "b"])
    path = store.files("documents")[0]
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    assert store.damaged_tables() == ["documents"]
    (store.root / "manifest.json").write_text('{"tables": [], "generation": 1}', encoding="utf-8")
    assert store.manifest() is None


def test_parts_are_saved_whole_and_listed_oldest_first(tmp_path):
    store = Store(tmp_path / "store")
    first = store.write_part({"documents": pa.table({"doc_id": ["a"]})}, {"a": "h1"})
    second = store.write_part({"documents": pa.table({"doc_id": ["b"]})}, {"b": "h2"})
    (store.parts_dir / ".part-unfinished").mkdir()  # a part being written is never listed
    assert [p.path for p in store.parts()] == [first.path, second.path]
    assert [p.done for p in store.parts()] == [{"a": "h1"}, {"b": "h2"}]
    store.clear_parts()
    assert store.parts() == []


def test_a_second_writer_is_refused_when_it_will_not_wait(tmp_path):
    store = Store(tmp_path / "store")
    with store.lock():
        assert store.lock_fd is not None
        with pytest.raises(StoreBusy, match="another kit run is writing"), Store(store.root).lock(wait=False):
            pass
    assert store.lock_fd is None
    with Store(store.root).lock(wait=False):  # free again
        pass
