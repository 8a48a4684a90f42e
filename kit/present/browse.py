"""The report's data browsers: every row of the tables, searchable and filterable in a page with no Python.

`write_browsers(corpus, out)` writes five pages under `out/browse/` — quotations, figures, articles,
actors and keyword in context over any word — and their data under `out/browse/data/`. The data
are JavaScript files that register themselves (`kitData(name, payload)`) and are loaded by
`<script>` elements when a page needs them: pages open from disk (`file://`), where browsers refuse
`fetch()` of local files. Tables are columnar and cut into chunks of about `CHUNK_BYTES`, so a
10,000-article report opens at once and loads its rows after.

Keyword in context runs on a word index built here: every lower-cased word (`\\w+`, as the term
syntax of `kit.explore.term_pattern` sees words) with the articles it is in and how often, sharded by
its first two characters, plus the article texts in chunks. A search reads one shard, then only the
texts it needs for the rows on screen; its count of a single word is the index's, exact.

URL parameters set the filters (`quotes.html?speaker=Vladimir%20Putin&outlet=Reuters`,
`figures.html?category=killed&scope=current`, `articles.html?spelling=Kiev&words=ceasefire`,
`actors.html?actor=NATO`, `kwic.html?q=separatist*`); see `docs/report.md`.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import explore
from ..corpus import Corpus
from .display import cell
from .views import TEMPLATES, _json_for_script, article_href, sentence_index

#: About this many bytes of data per file of rows.
CHUNK_BYTES = 1_500_000
#: About this many bytes of article text per file: a search reads only the files of the articles it shows.
TEXT_CHUNK_BYTES = 250_000
#: Characters of a word that name its index shard.
SHARD_CHARS = 2
#: An entity named at least this often gets a profile even if the gazetteer does not know it.
MIN_MENTIONS = 2
_WORD = re.compile(r"\w+")
_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass
class Browser:
    """One browser page of the report.

    Attributes:
        key: `quotes`, `figures`, `articles`, `actors` or `kwic`.
        title: Its heading.
        question: The question it answers.
        href: Its path, relative to the report folder.
        rows: How many rows it holds.
    """

    key: str
    title: str
    question: str
    href: str
    rows: int = 0
    files: list[str] = field(default_factory=list)


def _script_json(data: Any) -> str:
    """JSON that is also valid JavaScript whatever it holds (U+2028/2029 escaped)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _write_data(folder: Path, name: str, payload: Any) -> str:
    """Write `data/<name>.js`, which registers `payload` under `name`; returns the file name."""
    file = f"{name}.js"
    (folder / file).write_text(f"kitData({_script_json(name)},{_script_json(payload)});\n", encoding="utf-8")
    return file


def _plain(value: Any) -> Any:
    """A value for the page's JSON: text, an integer or a float; gaps are empty strings."""
    if value is None or value is pd.NaT or value is pd.NA:
        return ""
    if isinstance(value, float):
        if value != value:
            return ""
        return int(value) if value.is_integer() else round(value, 4)
    if isinstance(value, (int, str)):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return cell(value)


def _table_chunks(folder: Path, name: str, frame: pd.DataFrame, columns: Sequence[str]) -> list[str]:
    """Write a table as chunks of rows (arrays in `columns` order); returns the chunk names."""
    rows = [[_plain(v) for v in row] for row in frame[list(columns)].itertuples(index=False, name=None)]
    names: list[str] = []
    chunk: list[list] = []
    size = 0
    for row in rows:
        chunk.append(row)
        size += len(_script_json(row))
        if size >= CHUNK_BYTES:
            names.append(_write_data(folder, f"{name}-{len(names)}", chunk))
            chunk, size = [], 0
    if chunk or not names:
        names.append(_write_data(folder, f"{name}-{len(names)}", chunk))
    return [n[:-3] for n in names]


def _documents(corpus: Corpus) -> pd.DataFrame:
    """One row per article: title, publisher, date (published, else inferred), words, spelling."""
    docs = corpus.metadata
    dates = explore.article_dates(corpus)
    return pd.DataFrame(
        {
            "doc_id": docs["doc_id"],
            "title": docs["title"].fillna("").astype(str),
            "outlet": explore.publisher(docs),
            "date": dates["when"].dt.strftime("%Y-%m-%d").fillna(""),
            "dated": dates["dated"],
            "words": docs["n_words"].fillna(0).astype(int),
            "spelling": docs["spelling"].fillna("neither"),
        }
    )


def _hrefs(doc_ids: Iterable[str], sents: Iterable[Any], base: str) -> list[str]:
    return [article_href(d, s, base=base) for d, s in zip(doc_ids, sents, strict=True)]


def _page(folder: Path, browser: Browser, config: dict) -> None:
    html = _ENV.get_template("browse.html.j2").render(browser=browser, config=_json_for_script(config))
    (folder / Path(browser.href).name).write_text(html, encoding="utf-8")


def _quotes(corpus: Corpus, data: Path, docs: pd.DataFrame, base: str) -> tuple[dict, int]:
    q = explore.quotes(corpus)
    if isinstance(q, str):
        return {"message": str(q), "chunks": [], "columns": []}, 0
    q = q.reset_index(drop=True)
    if q["sent_idx"].isna().any():
        q["sent_idx"] = q["sent_idx"].fillna(sentence_index(corpus, corpus.quotes.reset_index(drop=True)))
    info = docs.set_index("doc_id")
    frame = pd.DataFrame(
        {
            "quote": q["quote"].fillna(""),
            "speaker": q["speaker"],
            "kind": q["kind"].fillna(""),
            "cue": q["cue"].fillna(""),
            "outlet": q["publisher"],
            "date": q["doc_id"].map(info["date"]),
            "title": q["doc_id"].map(info["title"]),
            "href": _hrefs(q["doc_id"], q["sent_idx"], base),
        }
    )
    columns = [
        ("quote", "Quotation", "text"),
        ("speaker", "Speaker", "text"),
        ("kind", "Kind", "text"),
        ("cue", "Cue", "text"),
        ("outlet", "Outlet", "text"),
        ("date", "Date", "date"),
        ("title", "Article", "link"),
    ]
    chunks = _table_chunks(data, "quotes", frame, [c[0] for c in columns] + ["href"])
    return {
        "columns": [dict(zip(("key", "label", "kind"), c, strict=True)) for c in columns],
        "chunks": chunks,
        "search": ["quote", "speaker"],
        "filters": [
            {"key": "speaker", "label": "Speaker"},
            {"key": "kind", "label": "Kind"},
            {"key": "outlet", "label": "Outlet"},
            {"key": "date", "label": "Date", "type": "dates"},
        ],
        "noun": "quotations",
    }, len(frame)


def _figures(corpus: Corpus, data: Path, docs: pd.DataFrame, base: str) -> tuple[dict, int]:
    c = explore.claims(corpus, categories=None, scopes=None)
    if isinstance(c, str):
        return {"message": str(c), "chunks": [], "columns": []}, 0
    sent = c["sent_idx"]
    info = docs.set_index("doc_id")
    frame = pd.DataFrame(
        {
            "value": c["value"],
            "category": c["category"].fillna(""),
            "scope": c["scope"].fillna(""),
            "qualifier": c["qualifier"].fillna(""),
            "text": c["text"].fillna(""),
            "claimed_by": c["claimed_by"],
            "outlet": c["publisher"],
            "date": c["doc_id"].map(info["date"]),
            "sentence": c["sentence"].fillna(""),
            "href": _hrefs(c["doc_id"], sent, base),
        }
    )
    columns = [
        ("value", "Figure", "num"),
        ("category", "Counts", "text"),
        ("scope", "Scope", "text"),
        ("qualifier", "Qualifier", "text"),
        ("text", "As written", "text"),
        ("claimed_by", "Claimed by", "text"),
        ("outlet", "Outlet", "text"),
        ("date", "Date", "date"),
        ("sentence", "Sentence", "link"),
    ]
    chunks = _table_chunks(data, "figures", frame, [col[0] for col in columns] + ["href"])
    return {
        "columns": [dict(zip(("key", "label", "kind"), col, strict=True)) for col in columns],
        "chunks": chunks,
        "search": ["text", "claimed_by", "sentence"],
        "filters": [
            {"key": "category", "label": "Counts"},
            {"key": "scope", "label": "Scope"},
            {"key": "claimed_by", "label": "Claimed by"},
            {"key": "outlet", "label": "Outlet"},
            {"key": "date", "label": "Date", "type": "dates"},
        ],
        "noun": "figures",
    }, len(frame)


def _articles(docs: pd.DataFrame, data: Path, base: str) -> tuple[dict, int]:
    frame = docs.assign(
        href=[article_href(d, None, base=base) for d in docs["doc_id"]],
        doc=range(len(docs)),
        title=docs["title"].where(docs["title"] != "", docs["doc_id"]),
    )
    columns = [
        ("title", "Title", "link"),
        ("outlet", "Outlet", "text"),
        ("date", "Date", "date"),
        ("dated", "Dated by", "text"),
        ("words", "Words", "num"),
        ("spelling", "Kyiv or Kiev", "text"),
    ]
    chunks = _table_chunks(data, "articles", frame, [c[0] for c in columns] + ["href", "doc"])
    return {
        "columns": [dict(zip(("key", "label", "kind"), c, strict=True)) for c in columns],
        "chunks": chunks,
        "search": ["title"],
        "filters": [
            {"key": "outlet", "label": "Outlet"},
            {"key": "spelling", "label": "Kyiv or Kiev"},
            {"key": "date", "label": "Date", "type": "dates"},
            {"key": "words", "label": "Words in the text", "type": "words"},
        ],
        "noun": "articles",
    }, len(frame)


def word_index(texts: Sequence[str]) -> dict[str, dict[str, list[int]]]:
    """Every lower-cased word of the texts with its postings, grouped into shards by its first characters.

    Returns:
        `{shard: {word: [doc, count, doc, count, ...]}}`, docs in text order.
    """
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for doc, text in enumerate(texts):
        for word, count in Counter(_WORD.findall(text.lower())).items():
            shards[shard_of(word)].setdefault(word, []).extend((doc, count))
    return shards


def shard_of(word: str) -> str:
    """The shard a word's postings are in: its first characters, as a safe file-name part."""
    head = word[:SHARD_CHARS]
    return "".join(ch if ch.isascii() and ch.isalnum() else f"u{ord(ch):x}" for ch in head)


def _texts(corpus: Corpus, data: Path) -> tuple[list[str], list[int]]:
    """Write `[text, sentence starts]` per article in chunks; returns the chunk names and each article's chunk."""
    sents = corpus.sentences.sort_values(["doc_id", "start_char"]).groupby("doc_id")["start_char"].agg(list)
    names: list[str] = []
    chunk: list[list] = []
    where: list = []
    size = 0
    for doc_id, text in zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True):
        where.append(len(names))
        chunk.append([text, [int(x) for x in sents.get(doc_id, [])]])
        size += len(text.encode("utf-8"))
        if size >= TEXT_CHUNK_BYTES:
            names.append(_write_data(data, f"text-{len(names)}", chunk)[:-3])
            chunk, size = [], 0
    if chunk or not names:
        names.append(_write_data(data, f"text-{len(names)}", chunk)[:-3])
    return names, where


def _index(corpus: Corpus, data: Path) -> dict:
    texts = corpus.documents["text"].tolist()
    shards = word_index(texts)
    for shard, words in shards.items():
        _write_data(data, f"index-{shard}", words)
    text_chunks, where = _texts(corpus, data)
    starts = [i for i, c in enumerate(where) if i == 0 or where[i - 1] != c]
    return {"shards": sorted(shards), "shardChars": SHARD_CHARS, "texts": text_chunks, "textStarts": starts}


def _actors(corpus: Corpus, data: Path, docs: pd.DataFrame) -> tuple[dict, int]:
    ents = corpus.entities
    if ents.empty:
        return {"actors": []}, 0
    counts = explore.actor_counts(corpus)
    counts = counts[counts["in_gazetteer"].fillna(False).astype(bool) | (counts["mentions"] >= MIN_MENTIONS)]
    month = ents["doc_id"].map(docs.set_index("doc_id")["date"].str[:7])
    by_month = ents.assign(month=month)[month != ""].groupby(["entity_id", "month"]).size()
    pairs = explore.cooccurrence(corpus)
    partners: dict[str, list] = defaultdict(list)
    for a, b, name_a, name_b, count in zip(
        pairs["a"], pairs["b"], pairs["name_a"], pairs["name_b"], pairs["count"], strict=True
    ):
        if len(partners[a]) < 15:
            partners[a].append([name_b, int(count)])
        if len(partners[b]) < 15:
            partners[b].append([name_a, int(count)])
    months = by_month.groupby(level=0).apply(lambda s: [[m, int(n)] for (_, m), n in s.items()]).to_dict()
    actors = [
        [
            r.entity_id,
            r.entity_name,
            str(r.entity_type or ""),
            int(r.mentions),
            int(r.articles),
            months.get(r.entity_id, []),
            partners.get(r.entity_id, []),
        ]
        for r in counts.itertuples()
    ]
    chunks: list = []
    for start in range(0, max(len(actors), 1), 2000):
        chunks.append(_write_data(data, f"actors-{len(chunks)}", actors[start : start + 2000])[:-3])
    return {"chunks": chunks}, len(actors)


BROWSERS = {
    "quotes": ("Quotations", "Who said what, in which article?"),
    "figures": ("Figures", "Which troop, casualty and refugee figures, claimed by whom?"),
    "articles": ("Articles", "Which articles, from whom, when, and how do they spell the capital?"),
    "actors": ("Actors", "How often is an actor named, with whom, and what do they say?"),
    "kwic": ("Keyword in context", "Where and how is any word used?"),
}


def write_browsers(corpus: Corpus, out: str | Path, *, article_base: str = "../articles/") -> list[Browser]:
    """Write the report's browsers and their data under `out/browse/`.

    Args:
        corpus: The corpus.
        out: The report folder.
        article_base: Folder of the article pages, relative to `out/browse/`.

    Returns:
        The browsers written, in the order the front page lists them.
    """
    folder = Path(out) / "browse"
    data = folder / "data"
    if data.exists():
        shutil.rmtree(data)  # the kit's own data files: a new corpus replaces them whole
    data.mkdir(parents=True)
    for asset in ("browse.js", "browse.css"):
        shutil.copyfile(TEMPLATES / asset, folder / asset)
    docs = _documents(corpus)
    index = _index(corpus, data)
    quotes_config, n_quotes = _quotes(corpus, data, docs, article_base)
    figures_config, n_figures = _figures(corpus, data, docs, article_base)
    articles_config, n_articles = _articles(docs, data, article_base)
    actors_config, n_actors = _actors(corpus, data, docs)
    configs = {
        "quotes": (quotes_config, n_quotes),
        "figures": (figures_config, n_figures),
        "articles": ({**articles_config, "index": index}, n_articles),
        "actors": ({**actors_config, "quotes": quotes_config}, n_actors),
        "kwic": ({"index": index, "articles": articles_config["chunks"], "noun": "lines"}, n_articles),
    }
    browsers = []
    for key, (title, question) in BROWSERS.items():
        config, rows = configs[key]
        browser = Browser(key, title, question, f"browse/{key}.html", rows)
        _page(folder, browser, {"key": key, **config, "articleBase": article_base})
        browsers.append(browser)
    return browsers


__all__ = ["BROWSERS", "Browser", "shard_of", "word_index", "write_browsers"]
