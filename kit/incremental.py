"""Re-use an earlier run's read and cleaned documents, so a rerun only reads what changed."""

from __future__ import annotations

import hashlib
import json
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

    def __init__(self, store: Store | None, digest: str) -> None:
        """Open the re-usable part of a store.

        Args:
            store: The whole earlier store (`Store.readable()`), or None for a first run.
            digest: `ingest_digest(...)` of this run; a store read with another is not re-used.
        """
        self.digest = digest
        self.keys: dict[str, str] = {}
        self.problems: dict[str, list[list[str]]] = {}
        self.position: dict[str, int] = {}
        self._rows: Iterator[tuple[int, pa.Table]] = iter(())
        self._next = 0  # position in the earlier documents table of the next row the cursor yields
        self.reused: set[str] = set()
        self.source: Path | None = None
        previous = (store.manifest() or {}).get("ingest", {}) if store is not None else {}
        if store is not None and previous.get("digest") == digest and previous.get("keys"):
            table = store.read("documents", columns=["doc_id"])
            self.position = {doc_id: i for i, doc_id in enumerate(table.column("doc_id").to_pylist())}
            self.keys = {d: k for d, k in previous["keys"].items() if d in self.position}
            self.problems = previous.get("problems", {})
            self.source = store.table_path("documents")
            self._rows = self._iter_rows(self.source)

    @staticmethod
    def _iter_rows(path: Path) -> Iterator[tuple[int, pa.Table]]:
        position = 0
        for batch in pq.ParquetFile(path).iter_batches(batch_size=512):
            table = pa.Table.from_batches([batch])
            for i in range(table.num_rows):
                yield position, table.slice(i, 1)
                position += 1

    def available(self, doc_id: str, key: str) -> bool:
        """Whether the earlier row for `doc_id` can be re-used: same input, and not behind the cursor."""
        return self.keys.get(doc_id) == key and self.position[doc_id] >= self._next

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

    def key_for(self, item: RawDocument | KnownFile) -> str:
        """The input key of a document as this run read it."""
        if isinstance(item, KnownFile):
            return self.keys[item.doc_id]
        if item.format in ("jsonl", "csv"):
            return record_key(item)
        return file_key(Path(item.source))


def manifest_entry(digest: str, keys: dict[str, str], problems: dict[str, list[list[str]]]) -> dict:
    """The manifest's `ingest` section for the next run's `IngestCache`."""
    return {"digest": digest, "keys": keys, "problems": problems}


__all__ = ["IngestCache", "file_key", "ingest_digest", "manifest_entry", "record_key", "text_digest"]
