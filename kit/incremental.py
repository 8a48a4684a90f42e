"""Re-use an earlier run's read and cleaned documents, so a rerun only reads what changed."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .ingest import KnownFile, RawDocument
from .store import Store

#: The code whose behaviour a cleaned `documents` row depends on (with the cleaning rules' digest).
INGEST_MODULES = ("ingest", "clean", "metadata", "incremental")


def ingest_digest(rules_digest: str) -> str:
    """A digest of what reading and cleaning depend on: the kit's reading code and the cleaning rules.

    A store whose `ingest.digest` differs was read by other code or rules, so nothing is re-used.
    """
    package = Path(__file__).parent
    digest = hashlib.sha256(rules_digest.encode())
    for name in INGEST_MODULES:
        digest.update((package / f"{name}.py").read_bytes())
    return digest.hexdigest()[:24]


def file_key(path: Path) -> str:
    """What identifies an unchanged article file without reading it: its path, size and modification time."""
    stat = path.stat()
    return text_digest(f"file\0{path}\0{stat.st_size}\0{stat.st_mtime_ns}")


#: Bytes read from each end of a JSONL/CSV file to tell it unchanged (with its size and time).
HEAD_TAIL_BYTES = 64 * 1024


def record_file_key(path: Path) -> str:
    """What identifies an unchanged JSONL/CSV file while reading little of it: its path, size and
    modification time and a digest of its first and last `HEAD_TAIL_BYTES`."""
    stat = path.stat()
    digest = hashlib.sha256(f"records\0{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    with open(path, "rb") as handle:
        digest.update(handle.read(HEAD_TAIL_BYTES))
        if stat.st_size > 2 * HEAD_TAIL_BYTES:
            handle.seek(-HEAD_TAIL_BYTES, os.SEEK_END)
        digest.update(handle.read(HEAD_TAIL_BYTES))
    return digest.hexdigest()[:24]


def record_key(raw: RawDocument) -> str:
    """What identifies an unchanged JSONL/CSV record: every field it was read with."""
    fields = [raw.source, raw.format, raw.encoding, raw.text, raw.title, raw.date, raw.outlet, raw.url, raw.meta]
    return text_digest("record\0" + json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str))


def text_digest(text: str) -> str:
    """A short hex digest of a text: the kit's content hashes and input keys."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]


class IngestCache:
    """The documents an earlier run read and cleaned, handed back in corpus order.

    The store's manifest keeps, under `ingest`, the key of each document's input (`file_key` or
    `record_key`) and the problems cleaning reported for it. A document is re-used when its id and
    key are unchanged and it comes after the last one re-used in the earlier run's order, so the
    earlier `documents` table is read once, front to back, whatever the corpus size.
    """

    def __init__(self, store: Store | None, digest: str, *, in_place: bool = False) -> None:
        """Open the re-usable part of a store.

        Args:
            store: The whole earlier store (`Store.readable()`), or None for a first run.
            digest: `ingest_digest(...)` of this run; a store read with another is not re-used.
            in_place: The earlier rows stay where they are (a run that only adds documents): none is
                taken, so any order of the inputs is fine.
        """
        self.in_place = in_place
        self.removed_files: list[Path] = []
        self.digest = digest
        self.keys: dict[str, str] = {}
        self.problems: dict[str, list[list[str]]] = {}
        self.position: dict[str, int] = {}
        self._rows: Iterator[tuple[int, pa.Table]] = iter(())
        self._next = 0  # position in the earlier documents table of the next row the cursor yields
        self.reused: set[str] = set()
        self.files: dict[str, dict] = {}  # record files of this run: key, record ids, problems
        self._earlier_files: dict[str, dict] = {}
        self._keys_now: dict[str, str] = {}
        previous = (store.manifest() or {}).get("ingest", {}) if store is not None else {}
        if store is not None and previous.get("digest") == digest and previous.get("keys"):
            self._earlier_files = previous.get("files", {})
            table = store.read("documents", columns=["doc_id"])
            self.position = {doc_id: i for i, doc_id in enumerate(table.column("doc_id").to_pylist())}
            self.keys = {d: k for d, k in previous["keys"].items() if d in self.position}
            self.problems = previous.get("problems", {})
            self.removed_files = store.files("removed")
            if not in_place:
                self._rows = self._iter_rows(store.files("documents"))

    @staticmethod
    def _iter_rows(paths: list[Path]) -> Iterator[tuple[int, pa.Table]]:
        position = 0
        for path in paths:
            for batch in pq.ParquetFile(path).iter_batches(batch_size=512):
                table = pa.Table.from_batches([batch])
                for i in range(table.num_rows):
                    yield position, table.slice(i, 1)
                    position += 1

    def available(self, doc_id: str, key: str) -> bool:
        """Whether the earlier row for `doc_id` can be re-used: same input, and not behind the cursor."""
        return self.keys.get(doc_id) == key and (self.in_place or self.position[doc_id] >= self._next)

    def skip_file(self, doc_id: str, path: Path) -> bool:
        """`read_corpus`'s `skip`: leave an article file unread when its earlier row can be re-used."""
        return doc_id in self.keys and self.available(doc_id, file_key(path))

    def take(self, doc_id: str) -> pa.Table:
        """The earlier `documents` row of `doc_id` (a one-row table); `available` must have said yes."""
        target = self.position[doc_id]
        for position, row in self._rows:
            self._next = position + 1
            if position == target:
                self.reused.add(doc_id)
                return row
        raise LookupError(f"'{doc_id}' is not ahead in the earlier documents table")

    def known(self, path: Path) -> tuple[list[str], list[list]] | None:
        """`read_corpus`'s `records`: a JSONL/CSV file whose bytes are those of the earlier run, all of
        whose records can be re-used in order, is not read: its record ids and the problems reading it
        reported, else None."""
        try:
            key = self._keys_now[str(path)] = record_file_key(path)
        except OSError:
            return None
        entry = self._earlier_files.get(str(path))
        if not entry or entry.get("key") != key:
            return None
        ids = entry.get("docs", [])
        positions = [self.position.get(doc_id, -1) for doc_id in ids]
        in_order = self.in_place or all(b > a for a, b in zip(positions, positions[1:]))
        behind = not self.in_place and positions and positions[0] < self._next
        if not in_order or behind or not all(d in self.keys for d in ids):
            return None
        self.files[str(path)] = entry
        return list(ids), list(entry.get("problems", []))

    def read(self, path: Path, ids: list[str], problems: list[list]) -> None:
        """`read_corpus`'s `records`: `path` was read whole; remember its key, record ids and problems."""
        key = self._keys_now.pop(str(path), None)
        if key is not None:
            self.files[str(path)] = {"key": key, "docs": ids, "problems": problems}

    def key_for(self, item: RawDocument | KnownFile) -> str:
        """The input key of a document as this run read it."""
        if isinstance(item, KnownFile):
            return self.keys[item.doc_id]
        if item.format in ("jsonl", "csv"):
            return record_key(item)
        return file_key(Path(item.source))


def manifest_entry(
    digest: str, keys: dict[str, str], problems: dict[str, list[list[str]]], files: dict[str, dict] | None = None
) -> dict:
    """The manifest's `ingest` section for the next run's `IngestCache`."""
    return {"digest": digest, "keys": keys, "problems": problems, "files": files or {}}


__all__ = [
    "IngestCache",
    "file_key",
    "ingest_digest",
    "manifest_entry",
    "record_file_key",
    "record_key",
    "text_digest",
]
