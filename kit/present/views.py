"""Kernel-free views (quote browser, keyword in context) that filter in plain JavaScript, in Lab and in HTML."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"
#: Rows rendered as a plain HTML table inside every view, shown where scripts do not run.
STATIC_ROWS = 25
#: Rows the script draws at once; the count above the table always gives every match.
PAGE_ROWS = 100

_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_SAFE_ID = re.compile(r"^[A-Za-z0-9_.-]+$")
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Column:
    """One column of a view's table: the row key, its heading, and how it is shown."""

    key: str
    label: str
    kind: str = "text"  # "text", "kwic-left", "kwic-match", "kwic-right", "link"


@dataclass
class View:
    """A self-contained HTML view: display it in Jupyter or write `view.html` into a page."""

    html: str
    rows: int
    total: int

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.rows:,} of {self.total:,} rows>"


#: Names Windows keeps for devices: no page may be called so, whatever its extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_PLAIN_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
_SLUG_CHARS = re.compile(r"[^a-z0-9]+")


def article_filename(doc_id: str) -> str:
    """The file name of a document's reader page: unique, short, portable and the same on every run.

    A plain id (lower-case letters, digits, `_`, `-`, at most 80 characters) is the name as it is
    (`001_6e1d9f0e23a31894.html`). Any other id becomes a readable ASCII slug of at most 40
    characters plus 10 hex digits of the SHA-1 of the exact id (`kyiv-says-...-3f2a9c01d4.html`),
    so ids that differ only in case, accents, escaping or length past the cut never share a page,
    on case-insensitive file systems (macOS, Windows) too, and no name is a Windows device name.
    """
    if _PLAIN_ID.match(doc_id) and doc_id not in _RESERVED:
        return f"{doc_id}.html"
    ascii_id = unicodedata.normalize("NFKD", doc_id).encode("ascii", "ignore").decode("ascii").lower()
    slug = _SLUG_CHARS.sub("-", ascii_id).strip("-")[:40].strip("-") or "article"
    digest = hashlib.sha1(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{slug}-{digest}.html"


def article_href(doc_id: str, sent_idx: int | None, *, base: str = "articles/") -> str:
    """Link to a document's reader page, at one sentence where given."""
    anchor = f"#s{int(sent_idx)}" if sent_idx is not None and not pd.isna(sent_idx) else ""
    return f"{base}{url_quote(article_filename(doc_id))}{anchor}"


def sentence_index(corpus: Any, spans: pd.DataFrame) -> pd.Series:
    """The `sent_idx` of the sentence holding each span's `start_char` (rows of `spans` need `doc_id`).

    Args:
        corpus: A `kit.Corpus` (its `sentences` table is used).
        spans: A frame with `doc_id` and `start_char`.

    Returns:
        A nullable integer series aligned with `spans`.
    """
    if spans.empty:
        return pd.Series([], dtype="Int64", index=spans.index)
    sents = corpus.sentences[["doc_id", "sent_idx", "start_char"]].sort_values("start_char")
    sents = sents.astype({"doc_id": object, "start_char": "int64"})
    left = spans[["doc_id", "start_char"]].astype({"doc_id": object, "start_char": "int64"})
    left = left.assign(_row=range(len(spans))).sort_values("start_char")
    merged = pd.merge_asof(left, sents, on="start_char", by="doc_id", direction="backward")
    return pd.Series(merged.sort_values("_row")["sent_idx"].to_numpy(), index=spans.index).astype("Int64")


def _doc_info(corpus: Any) -> pd.DataFrame:
    docs = corpus.metadata
    cols = [c for c in ("doc_id", "title", "outlet", "date") if c in docs.columns]
    info = docs[cols].copy()
    if "date" in info.columns:
        info["date"] = info["date"].map(lambda d: d.isoformat() if hasattr(d, "isoformat") else "")
    return info.fillna("")


def _json_for_script(data: Any) -> str:
    """JSON that can sit inside a `<script>` element: nothing in it can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _options(values: Iterable[str], limit: int = 300) -> list[str]:
    counts = pd.Series([v for v in values if v]).value_counts()
    return sorted(counts.index[:limit].tolist(), key=str.casefold)


def _render(
    kind: str,
    title: str,
    noun: str,
    columns: list[Column],
    rows: list[dict],
    total: int,
    filters: list[dict],
    max_rows: int,
    table: str,
    message: str | None = None,
) -> View:
    uid = f"kit-{kind}-{uuid.uuid4().hex[:10]}"
    optional = {"outlet", "date", "cue", "kind"}
    columns = [c for c in columns if c.key not in optional or any(r[c.key] != "" for r in rows)]
    filters = [f for f in filters if f["options"]]
    capped = total > len(rows)
    html = _ENV.get_template("view.html.j2").render(
        uid=uid,
        kind=kind,
        title=title,
        noun=noun,
        columns=columns,
        static_rows=rows[:STATIC_ROWS],
        n_rows=len(rows),
        total=total,
        capped=capped,
        max_rows=max_rows,
        table=table,
        filters=filters,
        message=message,
        page_rows=PAGE_ROWS,
        data_json=_json_for_script(
            {
                "id": uid,
                "noun": noun,
                "columns": [c.__dict__ for c in columns],
                "rows": rows,
                "filters": filters,
                "page": PAGE_ROWS,
            }
        ),
        script=(TEMPLATES / "view.js").read_text(encoding="utf-8"),
        css=(TEMPLATES / "view.css").read_text(encoding="utf-8"),
    )
    return View(html=html, rows=len(rows), total=total)


def _records(frame: pd.DataFrame, keys: list[str]) -> list[dict]:
    """Rows as dicts of plain values for the page's JSON; a column the frame lacks is left empty."""
    frame = frame.reindex(columns=keys, fill_value="")
    out = frame.astype(object).where(frame.notna(), "")
    return [
        dict(zip(keys, (v if isinstance(v, (int, float, str)) else str(v) for v in row), strict=True))
        for row in out.itertuples(index=False, name=None)
    ]


def quote_browser(corpus: Any, *, max_rows: int = 2000, article_base: str = "articles/") -> View:
    """Browse the corpus's quotes: a search box and speaker / kind / outlet filters, no kernel needed.

    Args:
        corpus: A `kit.Corpus`.
        max_rows: Quotes embedded in the page at most (the first ones in document order).
        article_base: Folder of the reader pages, relative to the page showing the view.

    Returns:
        A view; display it, or use `view.html`.
    """
    title = "Quotes"
    if "quotes" not in corpus.tables:
        return _render(
            "quotes",
            title,
            "quotes",
            [],
            [],
            0,
            [],
            max_rows,
            "quotes",
            message="This store has no quotes table: the quote analysis did not run on it "
            "(re-tag the corpus with a kit that has it). Nothing to browse.",
        )
    quotes = corpus.quotes
    total = len(quotes)
    frame = quotes.head(max_rows).copy()
    if "sent_idx" not in frame.columns or frame["sent_idx"].isna().all():
        frame["sent_idx"] = sentence_index(corpus, frame)
    speaker = frame.get("speaker_name")
    speaker_text = frame.get("speaker_text", pd.Series("", index=frame.index))
    frame["speaker"] = (
        speaker.where(speaker.notna() & (speaker != ""), speaker_text) if speaker is not None else speaker_text
    ).fillna("")
    frame = frame.merge(_doc_info(corpus), on="doc_id", how="left")
    frame["kind"] = frame.get("kind", pd.Series("", index=frame.index)).fillna("")
    frame["cue"] = frame.get("cue", pd.Series("", index=frame.index)).fillna("")
    frame["where"] = frame["doc_id"] + " · s" + frame["sent_idx"].astype("string").fillna("?")
    frame["href"] = [
        article_href(d, s, base=article_base) for d, s in zip(frame["doc_id"], frame["sent_idx"], strict=True)
    ]
    columns = [
        Column("quote", "Quote"),
        Column("speaker", "Speaker"),
        Column("cue", "Cue"),
        Column("kind", "Kind"),
        Column("outlet", "Outlet"),
        Column("date", "Date"),
        Column("where", "Article · sentence", "link"),
    ]
    rows = _records(frame, [c.key for c in columns] + ["href"])
    filters = [
        {"key": "speaker", "label": "Speaker", "options": _options(r["speaker"] for r in rows)},
        {"key": "kind", "label": "Kind", "options": _options(r["kind"] for r in rows)},
        {"key": "outlet", "label": "Outlet", "options": _options(r["outlet"] for r in rows)},
    ]
    return _render("quotes", title, "quotes", columns, rows, total, filters, max_rows, "quotes")


def _kwic_spans(corpus: Any, terms: list[str] | None) -> pd.DataFrame:
    """Matches as `doc_id, start_char, end_char, term`: gazetteer actors by default, else the terms.

    Terms are found by the explorers' engine (`kit.explore.kwic_index`), with the same syntax
    (`kit.explore.term_pattern`), so a view and an explorer give the same rows for the same terms.
    """
    from ..explore import kwic_index

    if terms is None:
        ents = corpus.columns("entities", ["doc_id", "start_char", "end_char", "entity_name", "in_gazetteer"])
        ents = ents[ents["in_gazetteer"].fillna(False).astype(bool)]
        return ents[["doc_id", "start_char", "end_char"]].assign(term=ents["entity_name"]).reset_index(drop=True)
    index = kwic_index(corpus)
    found = []
    for term in terms:
        rows = index.search([term], window=0)
        found.append(rows[["doc_id", "start_char", "end_char"]].assign(term=term))
    spans = (
        pd.concat(found, ignore_index=True)
        if found
        else pd.DataFrame(columns=["doc_id", "start_char", "end_char", "term"])
    )
    spans = spans.astype({"start_char": "int64", "end_char": "int64"})
    return corpus.in_document_order(spans).reset_index(drop=True) if hasattr(corpus, "in_document_order") else spans


def _context(text: str, start: int, end: int, window: int) -> tuple[str, str, str]:
    """Left context, match and right context, cut at word boundaries, whitespace squashed."""
    left, right = text[max(0, start - window) : start], text[end : end + window]
    if start > window and " " in left:
        left = "…" + left[left.index(" ") + 1 :]
    if end + window < len(text) and " " in right:
        right = right[: right.rindex(" ")] + "…"
    return _WS.sub(" ", left), text[start:end], _WS.sub(" ", right)


def kwic_browser(
    corpus: Any,
    *,
    terms: str | list[str] | None = None,
    window: int = 60,
    max_rows: int = 2000,
    article_base: str = "articles/",
) -> View:
    """Keyword in context, filtered in the page: a search box and term / outlet filters, no kernel needed.

    Args:
        corpus: A `kit.Corpus`.
        terms: Words or phrases to find, as a list or one comma-separated string, in the syntax of
            `kit.explore.term_pattern` (case-insensitive, whole words; `*` matches any ending; a space
            any run of whitespace). By default every mention of a gazetteer actor, with the
            actor's canonical name as the term.
        window: Characters of context each side.
        max_rows: Lines embedded in the page at most (the first ones in document order).
        article_base: Folder of the reader pages, relative to the page showing the view.

    Returns:
        A view; display it, or use `view.html`.
    """
    if isinstance(terms, str):
        terms = terms.split(",")
    if terms is not None:
        terms = [t.strip() for t in terms if t.strip()]
    spans = _kwic_spans(corpus, terms)
    total = len(spans)
    spans = spans.head(max_rows).copy()
    spans["sent_idx"] = sentence_index(corpus, spans)
    texts = corpus.texts(spans["doc_id"].unique())  # only the articles of the lines shown
    parts = [
        _context(texts[d], s, e, window)
        for d, s, e in zip(spans["doc_id"], spans["start_char"], spans["end_char"], strict=True)
    ]
    spans["left"] = [p[0] for p in parts]
    spans["match"] = [p[1] for p in parts]
    spans["right"] = [p[2] for p in parts]
    spans = spans.merge(_doc_info(corpus), on="doc_id", how="left")
    spans["where"] = spans["doc_id"] + " · s" + spans["sent_idx"].astype("string").fillna("?")
    spans["href"] = [
        article_href(d, s, base=article_base) for d, s in zip(spans["doc_id"], spans["sent_idx"], strict=True)
    ]
    columns = [
        Column("left", "", "kwic-left"),
        Column("match", "Match", "kwic-match"),
        Column("right", "", "kwic-right"),
        Column("term", "Term"),
        Column("outlet", "Outlet"),
        Column("date", "Date"),
        Column("where", "Article · sentence", "link"),
    ]
    rows = _records(spans, [c.key for c in columns] + ["href"])
    filters = [
        {"key": "term", "label": "Term", "options": _options(r["term"] for r in rows)},
        {"key": "outlet", "label": "Outlet", "options": _options(r["outlet"] for r in rows)},
    ]
    title = "Keyword in context" + (f": {', '.join(terms)}" if terms else ": gazetteer actors")
    message = None if total else "No matches in this corpus."
    return _render(
        "kwic",
        title,
        "lines",
        columns,
        rows,
        total,
        filters,
        max_rows,
        "entities" if terms is None else "documents",
        message=message,
    )


__all__ = ["View", "article_filename", "article_href", "kwic_browser", "quote_browser", "sentence_index"]
