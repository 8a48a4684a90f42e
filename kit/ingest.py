"""Read a corpus from folders and files (.txt, .html, .jsonl, .csv) into raw documents."""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import charset_normalizer

log = logging.getLogger("kit")

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
RECORD_SUFFIXES = {".jsonl", ".csv"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES

#: Record fields with a meaning of their own; every other field is kept in `meta`.
RECORD_FIELDS = ("id", "text", "title", "date", "outlet", "url")
#: Other names outlets and scrapers use for the outlet field.
OUTLET_FIELDS = ("outlet", "source", "publisher", "site", "sitename", "domain")

#: Where charset-normalizer finds several equally plausible encodings, the first of these wins:
#: English-language news is far more often Western European or Cyrillic than anything else.
PREFERRED_ENCODINGS = (
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1251",
    "koi8_r",
    "koi8_u",
    "iso8859_5",
    "mac_cyrillic",
    "cp1250",
    "iso8859_2",
)

_MAGIC = {
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive (or Office document)",
    b"\x1f\x8b": "gzip archive",
    b"\x7fELF": "executable",
}


@dataclass
class RawDocument:
    """One article as read from its source, before cleaning.

    Attributes:
        doc_id: Stable, unique identifier (file stem, or the record's `id`).
        source: Where it came from: a path, plus `:N` for line/row N of a JSONL/CSV file.
        text: The article text as decoded (for HTML, the main text the extractor found).
        format: `txt`, `html`, `jsonl` or `csv`.
        encoding: The encoding the bytes were decoded with.
        title, date, outlet, url: Metadata given by the source, if any (strings).
        meta: Every other field of a record, unchanged.
    """

    doc_id: str
    source: str
    text: str
    format: str
    encoding: str | None = None
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    meta: dict = field(default_factory=dict)


@dataclass
class Problem:
    """Something in the input that could not be used as given."""

    source: str
    severity: str  # "error": input skipped; "warning": used, but with a caveat; "info"
    message: str
    doc_id: str | None = None


@dataclass
class KnownFile:
    """An article file `read_corpus` left unread because its caller already has it (see `skip`)."""

    doc_id: str
    source: str


class RecordFiles(Protocol):
    """What `read_corpus` asks and tells about JSONL/CSV files (`kit.incremental.IngestCache` is one)."""

    def known(self, path: Path) -> tuple[list[str], list[list]] | None:
        """The record ids and problems of an earlier read of `path`, if its bytes are unchanged."""

    def read(self, path: Path, ids: list[str], problems: list[list]) -> None:
        """`path` was read: these are its records' ids and the problems reading it reported."""


class UnreadableInput(Exception):
    """Raised by `decode_bytes` for input that is not text."""


class ProblemLog(list):
    """A list of `Problem`s that also reports each one on stderr as it is added."""

    def add(self, source: str | os.PathLike, severity: str, message: str, doc_id: str | None = None) -> None:
        """Record a problem and log it."""
        problem = Problem(str(source), severity, message, doc_id)
        self.append(problem)
        level = logging.ERROR if severity == "error" else logging.WARNING if severity == "warning" else logging.INFO
        log.log(level, "%s: %s", problem.source, message)


class _Tee(ProblemLog):
    """A log of one input's problems that also adds each to the run's log."""

    def __init__(self, run: ProblemLog) -> None:
        super().__init__()
        self.run = run

    def add(self, source: str | os.PathLike, severity: str, message: str, doc_id: str | None = None) -> None:
        """Record a problem here and in the run's log (which reports it)."""
        self.run.add(source, severity, message, doc_id)
        self.append(Problem(str(source), severity, message, doc_id))


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode bytes of unknown encoding to text.

    Byte-order marks are honoured first (UTF-8, UTF-16, UTF-32); then strict UTF-8; then
    charset-normalizer's detection (cp1251, latin-1, UTF-16 without BOM, ...).

    Args:
        data: The raw bytes of a file or field.

    Returns:
        The decoded text and the name of the encoding used.

    Raises:
        UnreadableInput: For empty, binary or undecodable input, with a reason.
    """
    if not data:
        raise UnreadableInput("empty file")
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise UnreadableInput(f"binary file ({kind}), not text")
    try:
        encoding = _utf16_without_bom(data) or "utf-8"
        text = data.decode(encoding)
    except UnicodeDecodeError:
        best = _best_match(data)
        if best is None:
            raise UnreadableInput("binary or undecodable file: no text encoding fits its bytes") from None
        text, encoding = str(best), best.encoding
    if _looks_binary(text):
        raise UnreadableInput("binary file: mostly control characters, not text")
    return text, encoding


#: Share of a JSONL file's lines that must be UTF-8 for it to be read as UTF-8 with a few bad lines.
UTF8_LINES = 0.8


def decode_jsonl(data: bytes, path: Path, problems: ProblemLog) -> tuple[str, str]:
    """Decode a JSONL file: as a whole where it can be, else UTF-8 line by line.

    One stray byte (a latin-1 "é" pasted into a UTF-8 file) must not decide the encoding of every
    record: when most lines are UTF-8, each line that is not is decoded on its own (by charset
    detection, else Windows-1252) and named in `problems`. A file wholly in another encoding is
    decoded as a whole, as any other file.
    """
    try:
        return data.decode("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    good: list[str | None] = []
    for line in lines:
        try:
            good.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            good.append(None)
    filled = [g for g, raw in zip(good, lines, strict=True) if raw.strip()]
    if not filled or sum(g is not None for g in filled) < UTF8_LINES * len(filled):
        return decode_bytes(data)
    out = []
    for number, (text, raw) in enumerate(zip(good, lines, strict=True), start=1):
        if text is None:  # keep its UTF-8, read each stray byte as Windows-1252 (a pasted "é" or "’")
            text = raw.decode("utf-8", errors=_STRAY_BYTES)
            problems.add(
                f"{path}:{number}",
                "warning",
                "line is not all UTF-8 like the rest of the file; its stray bytes are read as Windows-1252",
            )
        out.append(text)
    return "\n".join(out), "utf-8"


def _stray_bytes(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 read as Windows-1252 (else Latin-1)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    try:
        return bad.decode("cp1252"), error.end
    except UnicodeDecodeError:
        return bad.decode("latin-1"), error.end


_STRAY_BYTES = "kit.stray-bytes"
codecs.register_error(_STRAY_BYTES, _stray_bytes)


def _utf16_without_bom(data: bytes) -> str | None:
    """`utf-16-le` or `utf-16-be` when the bytes read as UTF-16 text without a byte-order mark.

    In UTF-16 text of any alphabet, spaces, digits and punctuation put a NUL in the high byte
    of many pairs, while the low bytes are almost never NUL; text in any 8-bit encoding or
    UTF-8 has no such pattern, nor do random bytes.
    """
    pairs = len(data) // 2
    if pairs < 2 or len(data) % 2:
        return None
    for encoding, high, low in (("utf-16-le", data[1::2], data[0::2]), ("utf-16-be", data[0::2], data[1::2])):
        if high.count(0) >= 0.1 * pairs and low.count(0) <= 0.01 * pairs:
            return encoding
    return None


def _best_match(data: bytes):
    """charset-normalizer's best match among 8-bit and multi-byte encodings.

    Among the matches with the least chaos, the first in `PREFERRED_ENCODINGS` wins:
    charset-normalizer's coherence score is unreliable on English text with a few non-ASCII
    characters (it reads a latin-1 "£" as cp1250 "Ł"). UTF-16/32 are left out: without a
    byte-order mark they are only accepted by `_utf16_without_bom`, since random bytes often
    "decode" as UTF-16.
    """
    matches = [m for m in charset_normalizer.from_bytes(data) if not m.encoding.startswith(("utf_16", "utf_32"))]
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos - least < 0.01]
    rank = {name: i for i, name in enumerate(PREFERRED_ENCODINGS)}
    return min(tied, key=lambda m: rank.get(m.encoding, len(rank)))


def _looks_binary(text: str) -> bool:
    """Whether decoded text is mostly control characters (binary data that happened to decode)."""
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return controls / len(sample) > 0.10


def discover(paths: Iterable[str | os.PathLike], problems: ProblemLog) -> list[tuple[Path, Path]]:
    """List the input files under the given paths, sorted, recursing into folders.

    Hidden files and folders are skipped silently. Named in `problems` and skipped: unsupported
    file types, folders that cannot be read, dangling links, pipes and other files that are not
    regular files, and links to files outside the folder given (an article never comes from
    `/etc/passwd` through a link). Links to folders are not followed.

    Args:
        paths: Files and/or folders.
        problems: Where to record paths that do not exist and files that are skipped.

    Returns:
        `(file, root)` pairs: each file and the input path it was found under.
    """
    found: list[tuple[Path, Path]] = []
    seen: set[Path] = set()
    for given in paths:
        root = Path(given)
        if root.is_symlink() and not root.exists():
            problems.add(root, "error", "skipped: a symbolic link to nothing (its target is gone)")
            continue
        if not root.exists():
            problems.add(root, "error", "no such file or folder")
            continue
        if root.is_dir():
            candidates = _files_under(root, problems)
        elif root.is_file():
            candidates = [root]
        else:
            problems.add(root, "error", "skipped: not a regular file or folder (a pipe, socket or device)")
            continue
        for path in candidates:
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                problems.add(
                    path,
                    "info",
                    f"skipped: unsupported file type '{path.suffix or '(none)'}'"
                    f" (kit reads {', '.join(sorted(SUPPORTED_SUFFIXES))})",
                )
                continue
            found.append((path, root if root.is_dir() else root.parent))
    return found


def _files_under(root: Path, problems: ProblemLog) -> list[Path]:
    """The regular files under a folder (not hidden ones), sorted; what cannot be used is named in `problems`."""
    try:
        with os.scandir(root):
            pass
    except OSError as exc:
        problems.add(root, "error", f"cannot read folder: {exc.strerror or exc}")
        return []
    inside = root.resolve()
    files: list[Path] = []

    def unreadable(exc: OSError) -> None:
        problems.add(exc.filename or root, "error", f"cannot read folder: {exc.strerror or exc}; its files are skipped")

    for folder, subfolders, names in os.walk(root, onerror=unreadable):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in names:
            if name.startswith("."):
                continue
            path = Path(folder) / name
            if path.is_symlink():
                if not path.exists():
                    problems.add(path, "error", "skipped: a symbolic link to nothing (its target is gone)")
                    continue
                if inside not in path.resolve().parents:
                    problems.add(
                        path,
                        "error",
                        "skipped: a symbolic link to a file outside the corpus folder "
                        "(links are followed only within the folder given)",
                    )
                    continue
            if not path.is_file():
                problems.add(path, "error", "skipped: not a regular file (a pipe, socket or device)")
                continue
            files.append(path)
    return sorted(files)


def read_corpus(
    paths: Iterable[str | os.PathLike],
    *,
    problems: ProblemLog | None = None,
    skip: Callable[[str, Path], bool] | None = None,
    records: RecordFiles | None = None,
) -> Iterator[RawDocument | KnownFile]:
    """Read every article under `paths`, one `RawDocument` at a time.

    Bad input never stops the run: it is recorded in `problems` and skipped.
    Document ids are unique across all inputs; a clash gets a `~2`, `~3` suffix and a warning.

    Args:
        paths: Files and/or folders to read (folders recursively).
        problems: Collects what could not be read; a new log is used when omitted.
        skip: Asked `skip(doc_id, path)` for each article file (.txt, .html; not record files)
            before it is read. Where it answers True the file is not read, and a `KnownFile` with
            the id it would have had takes its place (for a caller that already has its text).
        records: Asked about each JSONL/CSV file before it is read (`RecordFiles.known`): where it
            has the file's records from an earlier read of the same bytes, the file is not read and
            a `KnownFile` stands for each record, after the problems the earlier read reported. Told
            (`RecordFiles.read`) the ids and problems of each record file read.

    Yields:
        Raw documents (or `KnownFile`s) in a stable order (sorted files, then line/row order).
    """
    problems = problems if problems is not None else ProblemLog()
    files = discover(paths, problems)
    stems = Counter(path.stem for path, _ in files if path.suffix.lower() not in RECORD_SUFFIXES)
    used: set[str] = set()
    for path, root in files:
        suffix = path.suffix.lower()
        if suffix not in RECORD_SUFFIXES:
            doc_id = path.stem if stems[path.stem] == 1 else path.relative_to(root).with_suffix("").as_posix()
            try:
                known = skip is not None and skip(_free_id(doc_id, used), path)
            except FileNotFoundError:
                problems.add(path, "error", "skipped: the file disappeared while the corpus was being read")
                continue
            if known:
                yield KnownFile(_unique(doc_id, used, str(path), problems), str(path))
                continue
        if suffix in RECORD_SUFFIXES and records is not None:
            earlier = records.known(path)
            if earlier is not None and not used & set(earlier[0]):
                for source, severity, message, problem_doc in earlier[1]:
                    problems.add(source, severity, message, problem_doc)
                for record_id in earlier[0]:
                    used.add(record_id)
                    yield KnownFile(record_id, str(path))
                continue
        own = _Tee(problems)  # what reading this file reports, kept apart for `records`
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            problems.add(path, "error", "skipped: the file disappeared while the corpus was being read")
            continue
        except OSError as exc:
            problems.add(path, "error", f"cannot read file: {exc.strerror or exc}")
            continue
        try:
            text, encoding = decode_jsonl(data, path, own) if suffix == ".jsonl" else decode_bytes(data)
        except UnreadableInput as exc:
            problems.add(path, "error", f"skipped: {exc}")
            continue
        if not text.strip():
            problems.add(path, "error", "skipped: file is blank (whitespace only)")
            continue
        if suffix in RECORD_SUFFIXES:
            reader = _read_jsonl if suffix == ".jsonl" else _read_csv
            reported, ids = len(own), []
            for doc in reader(path, text, encoding, own):
                doc.doc_id = _unique(doc.doc_id, used, doc.source, own)
                ids.append(doc.doc_id)
                yield doc
            if not ids and len(own) == reported:
                own.add(path, "error", "skipped: file holds no records")
            if records is not None:
                records.read(path, ids, [[p.source, p.severity, p.message, p.doc_id] for p in own])
            continue
        doc = RawDocument(_unique(doc_id, used, str(path), problems), str(path), text, "txt", encoding)
        if suffix in HTML_SUFFIXES and not _extract_html(doc, problems):
            continue
        yield doc


def _free_id(doc_id: str, used: set[str]) -> str:
    """`doc_id`, or the first of `doc_id~2`, `doc_id~3`, ... not in `used`."""
    candidate, n = doc_id, 1
    while candidate in used:
        n += 1
        candidate = f"{doc_id}~{n}"
    return candidate


def _unique(doc_id: str, used: set[str], source: str, problems: ProblemLog) -> str:
    """Make `doc_id` unique among `used` (and record it)."""
    candidate = _free_id(doc_id, used)
    if candidate != doc_id:
        problems.add(
            source, "warning", f"document id '{doc_id}' is used more than once; this one is '{candidate}'", candidate
        )
    used.add(candidate)
    return candidate


def _extract_html(doc: RawDocument, problems: ProblemLog) -> bool:
    """Replace an HTML page's markup by its main text and metadata (trafilatura)."""
    import trafilatura

    html = doc.text
    result = trafilatura.extract(
        html, output_format="json", with_metadata=True, include_comments=False, include_tables=False, deduplicate=False
    )
    extracted = json.loads(result) if result else {}
    if not (extracted.get("text") or "").strip():
        problems.add(doc.source, "error", "skipped: no article text found in this HTML page")
        return False
    doc.format = "html"
    doc.text = extracted["text"]
    if extracted.get("title"):
        doc.text = f"{extracted['title']}\n\n{doc.text}"
    doc.title = extracted.get("title") or None
    doc.date = extracted.get("date") or None
    doc.outlet = extracted.get("sitename") or None
    doc.url = extracted.get("source") or extracted.get("url") or None
    return True


def _record_to_doc(
    record: dict, path: Path, number: int, fmt: str, encoding: str, problems: ProblemLog
) -> RawDocument | None:
    """Turn one JSONL/CSV record into a document, or record why it cannot be one."""
    source = f"{path}:{number}"
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        what = (
            "no 'text' field"
            if "text" not in record
            else f"a 'text' field that is {_kind(text)}, not text"
            if not isinstance(text, str) and text is not None
            else "an empty 'text' field"
        )
        problems.add(source, "error", f"skipped: record has {what}")
        return None
    raw_id = _str_or_none(record.get("id"))
    doc_id = raw_id or f"{path.stem}-{number}"
    if raw_id is None and record.get("id") not in (None, ""):
        problems.add(source, "warning", f"record's id {record.get('id')!r} is blank; this one is '{doc_id}'", doc_id)
    outlet = next((record[k] for k in OUTLET_FIELDS if isinstance(record.get(k), str) and record[k].strip()), None)
    meta = {k: v for k, v in record.items() if k not in RECORD_FIELDS and k not in OUTLET_FIELDS}
    return RawDocument(
        doc_id=doc_id,
        source=source,
        text=text,
        format=fmt,
        encoding=encoding,
        title=_str_or_none(record.get("title")),
        date=_str_or_none(record.get("date")),
        outlet=outlet,
        url=_str_or_none(record.get("url")),
        meta=meta,
    )


def _str_or_none(value: object) -> str | None:
    """A field as text, or None for a missing, blank or not-a-number value (never the text "nan")."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    value = str(value).strip()
    return value or None


def _kind(value: object) -> str:
    return {bool: "true or false", int: "a number", float: "a number", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__
    )


def _read_jsonl(path: Path, text: str, encoding: str, problems: ProblemLog) -> Iterator[RawDocument]:
    """Yield one document per JSON object line; report malformed lines."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.add(f"{path}:{number}", "error", f"skipped: malformed JSON line ({exc.msg}; column {exc.colno})")
            continue
        except RecursionError:
            problems.add(f"{path}:{number}", "error", "skipped: JSON line nested too deeply to read")
            continue
        except ValueError as exc:  # a number with thousands of digits
            problems.add(f"{path}:{number}", "error", f"skipped: JSON line cannot be read ({str(exc).split(';')[0]})")
            continue
        if not isinstance(record, dict):
            problems.add(f"{path}:{number}", "error", f"skipped: line is a JSON {type(record).__name__}, not an object")
            continue
        doc = _record_to_doc(record, path, number, "jsonl", encoding, problems)
        if doc is not None:
            yield doc


def _read_csv(path: Path, text: str, encoding: str, problems: ProblemLog) -> Iterator[RawDocument]:
    """Yield one document per CSV row; a file without a `text` column is reported once."""
    csv.field_size_limit(sys.maxsize)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = reader.fieldnames or []
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        problems.add(
            path,
            "warning",
            f"the CSV header repeats column(s) {', '.join(map(repr, repeated))}: only the "
            "last of each is read; rename the others to keep them",
        )
    if "text" not in columns:
        shown = ", ".join(repr(c) for c in columns[:12]) or "none"
        problems.add(path, "error", f"skipped: CSV file has no 'text' column (columns: {shown})")
        return
    try:
        for number, row in enumerate(reader, start=2):  # row 1 is the header
            extra = row.pop(None, None)
            if extra:
                problems.add(
                    f"{path}:{number}",
                    "warning",
                    f"row has {len(extra)} more field(s) than the header; extra fields ignored",
                )
            row = {k: v for k, v in row.items() if v is not None}
            doc = _record_to_doc(row, path, number, "csv", encoding, problems)
            if doc is not None:
                yield doc
    except csv.Error as exc:
        problems.add(path, "error", f"stopped reading at line {reader.line_num}: malformed CSV ({exc})")
