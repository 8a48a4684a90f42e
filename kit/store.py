"""The on-disk store: Parquet tables, a manifest, resumable parts and atomic commits."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sys
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import schema
from .extract.protocol import tables

log = logging.getLogger("kit")

GENERATION_KEY = b"kit.generation"
MANIFEST = "manifest.json"
PREVIOUS = ".previous"


class StoreBusy(RuntimeError):
    """Another `kit tag` is writing to the same store."""


@dataclass
class Part:
    """Tagged rows for some documents, saved as they were tagged so an interrupted run can resume."""

    path: Path
    done: dict[str, str]  # doc_id -> tag hash the rows were made for


class Store:
    """A folder holding a tagged corpus.

    Layout: one folder per table (`entities/`, `quotes/`, ...) holding its Parquet files,
    `manifest.json`, `.parts/` (rows tagged by a run that has not finished) and `.staging/`
    (tables being written). A table is the concatenation, in the manifest's order, of the files the
    manifest lists for it (`tables.<name>.files`, relative to the store): pyarrow and pandas read a
    table folder as one table (`pd.read_parquet("store/entities")`).

    Files are never changed once written. Each run writes its tables as new files, named for its
    generation, beside the files it keeps; a corpus that only grew keeps every earlier file (see
    `kit.pipeline`), so the tables of documents tagged before are neither read nor copied. The
    manifest is the commit: it is replaced atomically, after the new files are in place, and only
    then are the files it no longer lists deleted. An interrupted commit therefore leaves the
    previous store readable. Stores written before this layout (one `<table>.parquet` per table
    beside the manifest) are read as they are, and rewritten in this layout by the next run.
    """

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)
        self.parts_dir = self.root / ".parts"
        self.staging_dir = self.root / ".staging"
        self.lock_fd: int | None = None  # the descriptor holding the lock, while `lock()` holds it
        self._cached: tuple[tuple[int, int], dict | None] | None = None

    # --- reading -----------------------------------------------------------------------------

    def files(self, name: str, manifest: dict | None = None) -> list[Path]:
        """The Parquet files of a table, in table order (one `<name>.parquet` in a store of the
        earlier layout)."""
        manifest = manifest if manifest is not None else self.manifest() or {}
        listed = manifest.get("tables", {}).get(name, {}).get("files")
        if listed is None:
            return [self.root / f"{name}.parquet"]
        return [self.root / relative for relative in listed]

    def table(self, name: str) -> TableFiles:
        """A table's files opened as one (row groups numbered across them), for reading in pieces."""
        return TableFiles(self.files(name))

    def schema(self, name: str) -> pa.Schema:
        """The columns of a table as stored (read from its first file's footer)."""
        return pq.read_schema(self.files(name)[0])

    def manifest(self) -> dict | None:
        """The manifest, or None if the store has never been written (or it is unreadable).

        Read again only when the file changed (a large store's manifest lists every document).
        """
        path = self.root / MANIFEST
        try:
            stat = path.stat()
        except OSError:
            return None
        stamp = (stat.st_mtime_ns, stat.st_size)
        if self._cached is None or self._cached[0] != stamp:
            self._cached = (stamp, _read_manifest(path))
        return self._cached[1]

    def damaged_tables(self) -> list[str]:
        """The tables whose files cannot be read to the end (corrupt pages, cut short): reads every table."""
        manifest = self.manifest() or {}
        damaged = []
        for name in manifest.get("tables", {}):
            try:
                table = pq.read_table([str(p) for p in self.files(name, manifest)])
                if table.num_rows != manifest["tables"][name].get("rows", table.num_rows):
                    damaged.append(name)
            except (OSError, pa.ArrowException):
                damaged.append(name)
        return damaged

    def is_complete(self, manifest: dict | None = None) -> bool:
        """Whether every file the manifest lists exists (in the earlier layout: and belongs to the
        manifest's run)."""
        manifest = manifest if manifest is not None else self.manifest()
        if not manifest:
            return False
        for name, entry in manifest.get("tables", {}).items():
            if "files" in entry:
                if not all(path.is_file() for path in self.files(name, manifest)):
                    return False
                continue
            try:
                meta = pq.read_schema(self.root / f"{name}.parquet").metadata or {}
            except (OSError, pa.ArrowInvalid):
                return False
            if meta.get(GENERATION_KEY, b"").decode() != manifest.get("generation"):
                return False
        return True

    def readable(self) -> Store | None:
        """The whole store to read: this one, or the previous one if a commit of the earlier layout
        was interrupted."""
        if self.is_complete():
            return self
        previous = Store(self.root / PREVIOUS)
        return previous if previous.is_complete() else None

    def read(self, name: str, columns: list[str] | None = None, filters=None) -> pa.Table:
        """Read a table (optionally only some columns / rows matching pyarrow `filters`)."""
        files = self.files(name)
        if len(files) == 1:
            return pq.read_table(files[0], columns=columns, filters=filters)
        return pq.read_table([str(p) for p in files], columns=columns, filters=filters, schema=self.schema(name))

    # --- locking -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self, wait: bool = True) -> Iterator[None]:
        """Hold the store's lock for writing; a second writer waits (with a message) or fails.

        Args:
            wait: Wait for the other run to finish (True) or raise `StoreBusy` at once.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks; a single writer is assumed
            yield
            return
        with open(self.root / ".lock", "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not wait:
                    raise StoreBusy(
                        f"another kit run is writing to {self.root}; try again when it has finished"
                    ) from None
                print(f"kit: another run is writing to {self.root}; waiting for it to finish ...", file=sys.stderr)
                fcntl.flock(handle, fcntl.LOCK_EX)
            self.lock_fd = handle.fileno()  # worker processes close their copy: the lock dies with this process
            try:
                yield
            finally:
                self.lock_fd = None
                fcntl.flock(handle, fcntl.LOCK_UN)

    # --- parts: tagged rows saved during a run --------------------------------------------------

    def parts(self) -> list[Part]:
        """Parts left by earlier (possibly interrupted) runs, oldest first; incomplete ones are ignored."""
        found = []
        if self.parts_dir.is_dir():
            for path in sorted(self.parts_dir.glob("part-*")):
                try:
                    done = json.loads((path / "done.json").read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    continue
                found.append(Part(path, done))
        return found

    def write_part(self, tables: dict[str, pa.Table], done: dict[str, str]) -> Part:
        """Save tagged rows for some documents; the part appears whole or not at all."""
        name = f"part-{time.time_ns():020d}-{uuid.uuid4().hex[:6]}"
        tmp = self.parts_dir / f".{name}"
        tmp.mkdir(parents=True)
        for table_name, table in tables.items():
            pq.write_table(table, tmp / f"{table_name}.parquet")
        _write_json(tmp / "done.json", done)
        _fsync_dir(tmp)
        final = self.parts_dir / name
        os.replace(tmp, final)
        return Part(final, done)

    # --- committing a run --------------------------------------------------------------------

    def staging(self) -> Path:
        """A fresh staging folder for the tables of this run."""
        shutil.rmtree(self.staging_dir, ignore_errors=True)
        self.staging_dir.mkdir(parents=True)
        return self.staging_dir

    def commit(self, tables: Iterable[str], manifest: dict, kept: dict[str, list[str]] | None = None) -> None:
        """Move staged tables into place beside the files kept, write the manifest, then delete the
        files it no longer lists; clear parts and staging.

        Args:
            tables: The tables staged by this run (`.staging/<name>.parquet`); each becomes the file
                `<name>/<generation>.parquet`, after the table's kept files.
            manifest: The new manifest; its `tables.<name>.files` are filled in here.
            kept: Per table, files of the previous store (relative to the store) that stay part of it.

        The store being replaced stays readable throughout: its files are deleted only once the new
        manifest is in place.
        """
        kept = kept or {}
        generation = manifest["generation"]
        old = self.manifest()
        old_files = self._listed(old) if old else set()
        moved = []
        for name in tables:
            staged = self.staging_dir / f"{name}.parquet"
            _fsync_file(staged)
            relative = f"{name}/{generation}.parquet"
            (self.root / name).mkdir(exist_ok=True)
            os.replace(staged, self.root / relative)
            moved.append(name)
            entry = manifest["tables"].setdefault(name, {})
            entry["files"] = [*kept.get(name, []), relative]
        for name, files in kept.items():
            if name not in moved:
                manifest["tables"].setdefault(name, {})["files"] = list(files)
        for name in {*moved, *kept}:
            _fsync_dir(self.root / name) if (self.root / name).is_dir() else None
        _write_json(self.root / MANIFEST, manifest, indent=1)
        _fsync_dir(self.root)
        self._cached = None
        self.collect_garbage(old_files)
        shutil.rmtree(self.root / PREVIOUS, ignore_errors=True)
        self.clear_parts()
        shutil.rmtree(self.staging_dir, ignore_errors=True)

    def _listed(self, manifest: dict) -> set[str]:
        """The files (relative to the store) a manifest lists."""
        return {
            p.relative_to(self.root).as_posix()
            for name in manifest.get("tables", {})
            for p in self.files(name, manifest)
        }

    def collect_garbage(self, also: Iterable[str] = ()) -> None:
        """Delete the table files the manifest does not list: those of an earlier manifest (`also`)
        and any left in a table folder by a run that stopped before its commit."""
        manifest = self.manifest()
        if not manifest:
            return
        listed = self._listed(manifest)
        candidates = set(also)
        for name in manifest.get("tables", {}):
            folder = self.root / name
            if folder.is_dir():
                candidates |= {p.relative_to(self.root).as_posix() for p in folder.glob("*.parquet")}
        for relative in sorted(candidates - listed):
            with contextlib.suppress(OSError):
                (self.root / relative).unlink()

    def clear_parts(self) -> None:
        """Delete parts and staged tables left by earlier (interrupted) runs."""
        shutil.rmtree(self.parts_dir, ignore_errors=True)
        shutil.rmtree(self.staging_dir, ignore_errors=True)


class TableFiles:
    """A table's Parquet files read as one: its row groups are numbered across the files, in order."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.paths = list(paths)
        self.files = [pq.ParquetFile(path) for path in self.paths]
        self._groups = [(file, group) for file in self.files for group in range(file.num_row_groups)]

    @property
    def num_row_groups(self) -> int:
        """Row groups in all the files."""
        return len(self._groups)

    @property
    def num_rows(self) -> int:
        """Rows in all the files."""
        return sum(file.metadata.num_rows for file in self.files)

    def row_group_rows(self, group: int) -> int:
        """The number of rows of one row group."""
        file, index = self._groups[group]
        return file.metadata.row_group(index).num_rows

    def read_row_group(self, group: int, columns: list[str] | None = None) -> pa.Table:
        """Read one row group (numbered across the files)."""
        file, index = self._groups[group]
        return file.read_row_group(index, columns=columns)

    def iter_batches(self, batch_size: int, columns: list[str] | None = None) -> Iterator[pa.RecordBatch]:
        """Record batches of the files in turn (a batch never spans two files)."""
        for file in self.files:
            yield from file.iter_batches(batch_size=batch_size, columns=columns)


class TableWriter:
    """Write a table to Parquet in row groups as rows arrive, stamped with the run's generation.

    Rows come one by one (`add`) or as Arrow tables (`add_table`), in any mix; they are written
    in the order given, gathered into row groups of about `rows_per_group` rows.
    """

    def __init__(self, path: Path, name: str, generation: str, rows_per_group: int = 2000) -> None:
        self.name = name
        base = schema_for(name)
        self.schema = base.with_metadata({**(base.metadata or {}), GENERATION_KEY: generation.encode()})
        self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self.rows_per_group = rows_per_group
        self.rows = 0
        self._dicts: list[dict] = []  # rows added one by one, not yet converted
        self._tables: list[pa.Table] = []  # converted rows waiting for a full row group
        self._pending = 0

    def add(self, row: dict) -> None:
        """Add one row (a dict by column name)."""
        self._dicts.append(row)
        self._pending += 1
        if self._pending >= self.rows_per_group:
            self.flush()

    def add_table(self, table: pa.Table) -> None:
        """Add rows already in Arrow form (columns in any order, extra columns ignored)."""
        if table.num_rows:
            self._convert()
            if not table.schema.equals(self.schema, check_metadata=False):
                table = table.select(self.schema.names).cast(self.schema)
            self._tables.append(table)
            self._pending += table.num_rows
            if self._pending >= self.rows_per_group:
                self.flush()

    def _convert(self) -> None:
        if self._dicts:
            self._tables.append(to_arrow(self.name, self._dicts).cast(self.schema))
            self._dicts = []

    def flush(self) -> None:
        """Write the rows added so far as one row group."""
        self._convert()
        if self._tables:
            table = pa.concat_tables(self._tables) if len(self._tables) > 1 else self._tables[0]
            table = table.replace_schema_metadata(self.schema.metadata)
            self.writer.write_table(table, row_group_size=max(table.num_rows, 1))
            self.rows += table.num_rows
            self._tables, self._pending = [], 0

    def close(self) -> int:
        """Finish the file; returns the number of rows written."""
        self.flush()
        self.writer.close()
        return self.rows


def copy_rows(sources: Path | Iterable[Path], writer: TableWriter, doc_ids: set[str]) -> None:
    """Stream the rows of `sources` (a table's files, in order) whose `doc_id` is in `doc_ids` into `writer`."""
    if not doc_ids:
        return
    wanted = pa.array(sorted(doc_ids), type=pa.string())
    for source in [sources] if isinstance(sources, Path) else sources:
        if not source.exists():
            continue
        for batch in pq.ParquetFile(source).iter_batches(batch_size=20_000):
            table = pa.Table.from_batches([batch])
            writer.add_table(table.filter(pc.is_in(table["doc_id"], value_set=wanted)))


def _read_manifest(path: Path) -> dict | None:
    """A manifest file's content, or None when it is unreadable or not a manifest this kit wrote."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not (
        isinstance(manifest, dict)
        and isinstance(manifest.get("tables"), dict)
        and all(isinstance(t, dict) for t in manifest["tables"].values())
        and isinstance(manifest.get("generation"), str)
    ):
        return None  # valid JSON of another shape: not a manifest this kit wrote
    return manifest


def _write_json(path: Path, data: object, indent: int | None = None) -> None:
    """Write JSON atomically (temporary file, fsync, rename)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=indent, default=str)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _fsync_file(path: Path) -> None:
    """Flush a file's content to disk."""
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    """Flush a folder's entries to disk (POSIX), so renames survive a crash."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --- the store's contract: every table's columns and types ------------------------------------


def tagged() -> dict[str, pa.Schema]:
    """Tables made by tagging (spaCy), cached per document: declared by the analyses in `kit.extract`."""
    return tables()


def schema_for(table: str) -> pa.Schema:
    """The schema of a table by name.

    Raises:
        KeyError: For a name that is not a kit table.
    """
    if table in schema.INGESTED:
        return schema.INGESTED[table]
    return tagged()[table]


def empty_table(table: str) -> pa.Table:
    """A table with the right columns and no rows."""
    return schema_for(table).empty_table()


def to_arrow(table: str, rows: list[dict]) -> pa.Table:
    """Build a table from row dicts, with its declared schema (missing keys become null)."""
    schema = schema_for(table)
    columns = {name: [row.get(name) for row in rows] for name in schema.names}
    return pa.Table.from_pydict(columns, schema=schema)
