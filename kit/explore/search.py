"""Keyword in context over the clean texts: one engine, one term syntax."""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..corpus import Corpus, release_memory
from ..index import WordIndex
from .base import Finding, _plural, publisher, with_browser
from .documents import article_dates

_WORD_START = r"(?<!\w)"
_WORD = re.compile(r"\w")


def term_pattern(terms: str | Iterable[str], *, regex: bool = False) -> re.Pattern:
    """Compile search terms to one case-insensitive pattern.

    Args:
        terms: A term or terms (a list, or one string with terms separated by commas); each
            matches as a whole word, `*` matching any ending ("separatist*"), spaces any run of
            whitespace ("Minsk agreement*").
        regex: Treat each term as a regular expression instead.

    Raises:
        ValueError: If no term is given.
    """
    terms = term_list(terms, regex=regex)
    if not terms:
        raise ValueError("give at least one search term")
    if regex:
        return re.compile("|".join(f"(?:{t})" for t in terms), re.IGNORECASE)
    parts = []
    for term in terms:
        words = [re.escape(w).replace(r"\*", r"\w*") for w in term.split()]
        parts.append(_WORD_START + r"\s+".join(words) + r"(?!\w)")
    return re.compile("|".join(parts), re.IGNORECASE)


def term_list(terms: str | Iterable[str], *, regex: bool = False) -> list[str]:
    """The terms of a search, as `term_pattern` reads them (one string splits at commas unless `regex`)."""
    terms = (terms.split(",") if not regex else [terms]) if isinstance(terms, str) else list(terms)
    return [t.strip() for t in terms if t and t.strip()]


def spans_in(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    """Where `pattern` (from `term_pattern`) matches `text`, empty matches left out."""
    return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]


class Scanner:
    """Find a search's matches in one text after another, as `spans_in` would, only faster.

    Plain terms are searched case-sensitively in a lower-cased copy of each text, led by their
    first letters (which lets the regex engine skip ahead), the whole-word start checked after:
    many times faster than a case-insensitive scan, same matches. A text whose lower-cased copy
    changes length (a few Unicode letters do), and regular expressions, get the plain scan.
    """

    def __init__(self, terms: str | Iterable[str], *, regex: bool = False) -> None:
        self.pattern = term_pattern(terms, regex=regex)
        self.fast = None if regex else re.compile(self.pattern.pattern.replace(_WORD_START, "").lower())

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The `(start, end)` of every non-empty match in `text`."""
        folded = text.lower() if self.fast is not None else ""
        if self.fast is None or len(folded) != len(text):
            return spans_in(self.pattern, text)
        spans, pos = [], 0
        while pos <= len(folded) and (m := self.fast.search(folded, pos)) is not None:
            if m.end() > m.start() and (m.start() == 0 or not _WORD.match(folded, m.start() - 1)):
                spans.append(m.span())
                pos = m.end()
            else:  # not at the start of a word: the next match may begin inside this one
                pos = m.start() + 1
        return spans


class KwicIndex:
    """Keyword search over the clean texts, led by the store's word index (`kit.index`).

    A search asks the index which articles can hold the terms, then runs `term_pattern` over those
    articles' texts alone, read from the store a row group at a time: the first search on a large
    store reads the texts it needs, not the corpus. Stores made before the index (and regular
    expressions, which the index cannot narrow) scan every text, still a row group at a time. Build it
    once (`kwic_index(corpus)`) and call `search` as often as needed: explorers do this.
    """

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        meta = corpus.metadata
        self.docs = pd.DataFrame(
            {
                "doc_id": meta["doc_id"],
                "publisher": publisher(meta),
                "date": article_dates(corpus)["when"],
                "title": meta["title"],
            }
        )
        self._texts_file = corpus.store.table("documents")
        sizes = [self._texts_file.row_group_rows(g) for g in range(self._texts_file.num_row_groups)]
        self._group_starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        has_index = "words" in corpus.manifest.get("tables", {})
        self.words = None
        if has_index:
            segments = [file.metadata.num_rows for file in self._texts_file.files]
            words = corpus.store.files("words")
            if len(words) == len(segments):
                self.words = WordIndex(words, np.concatenate([[0], np.cumsum(segments)])[:-1].tolist())

    def search(
        self,
        terms: str | Iterable[str],
        *,
        window: int = 60,
        regex: bool = False,
        doc_ids: Iterable[str] | None = None,
        max_rows: int | None = None,
    ) -> pd.DataFrame:
        """Every match of `terms`, with `window` characters either side and its sentence.

        Args:
            terms: See `term_pattern`.
            window: Characters of context either side of the match.
            regex: Terms are regular expressions.
            doc_ids: Search only these articles.
            max_rows: Stop after this many matches.

        Returns:
            Columns `doc_id`, `publisher`, `date`, `left`, `match`, `right`, `sentence`, `start_char`,
            `end_char` (offsets into the article's clean text), in corpus order.
        """
        pos, doc = self.find(terms, regex=regex, doc_ids=doc_ids, max_rows=max_rows)
        return self.rows(pos, doc, window=window, max_rows=max_rows)

    def find(
        self,
        terms: str | Iterable[str],
        *,
        regex: bool = False,
        doc_ids: Iterable[str] | None = None,
        max_rows: int | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Where `terms` match: `(positions, documents)`, an `(n, 2)` array of start and end offsets
        into each article's text and the row of each match's article (in `docs`), in corpus order.
        Cheap to count; see `rows`. With `max_rows`, stops reading texts once that many are found."""
        scanner = Scanner(terms, regex=regex)
        rows = None if regex or self.words is None else self.words.candidates(term_list(terms))
        if doc_ids is not None:
            wanted = np.flatnonzero(self.docs["doc_id"].isin(list(doc_ids)).to_numpy())
            rows = wanted if rows is None else np.intersect1d(rows, wanted, assume_unique=True)
        found: list[tuple[int, int]] = []
        docs: list[int] = []
        for row, text in self._texts(rows):
            spans = scanner.spans(text)
            found.extend(spans)
            docs.extend([row] * len(spans))
            if max_rows is not None and len(found) >= max_rows:
                break
        release_memory()  # the texts read are gone: hand their memory back
        return np.array(found, dtype=np.int64).reshape(-1, 2), np.array(docs, dtype=np.int64)

    def rows(self, pos: np.ndarray, doc: np.ndarray, *, window: int = 60, max_rows: int | None = None) -> pd.DataFrame:
        """The `search` rows for matches found by `find` (the first `max_rows` of them)."""
        columns = ["doc_id", "publisher", "date", "left", "match", "right", "sentence", "start_char", "end_char"]
        if max_rows is not None:
            pos, doc = pos[:max_rows], doc[:max_rows]
        if not len(pos):
            return pd.DataFrame(columns=columns)
        texts = dict(self._texts(np.unique(doc)))
        frame = self.docs.iloc[doc][["doc_id", "publisher", "date"]].reset_index(drop=True)
        frame["left"] = [" ".join(texts[d][max(a - window, 0) : a].split()) for d, (a, _) in zip(doc, pos)]
        frame["match"] = [texts[d][a:b] for d, (a, b) in zip(doc, pos)]
        frame["right"] = [" ".join(texts[d][b : b + window].split()) for d, (_, b) in zip(doc, pos)]
        frame["sentence"] = self._sentences(frame["doc_id"], pos[:, 0], texts, doc)
        frame["start_char"] = pos[:, 0]
        frame["end_char"] = pos[:, 1]
        return frame[columns]

    def _texts(self, rows: np.ndarray | None) -> Iterator[tuple[int, str]]:
        """`(row, clean text)` of the given document rows (every document if None), in corpus order,
        read a row group at a time."""
        starts = self._group_starts
        for group in range(len(starts) - 1):
            lo, hi = starts[group], starts[group + 1]
            if rows is None:
                wanted = np.arange(lo, hi)
            else:
                wanted = rows[(rows >= lo) & (rows < hi)]
                if not len(wanted):
                    continue
            column = self._texts_file.read_row_group(group, columns=["text"]).column("text")
            if rows is not None:
                column = column.take(pa.array(wanted - lo))
            yield from zip(wanted.tolist(), (text or "" for text in column.to_pylist()))

    def _sentences(self, doc_ids: pd.Series, starts: np.ndarray, texts: dict, doc: np.ndarray) -> list[str | None]:
        """The sentence holding each match (whitespace squashed), from the `sentences` table."""
        table = self.corpus.store.read(
            "sentences",
            columns=["doc_id", "start_char", "end_char"],
            filters=pc.field("doc_id").isin(pa.array(doc_ids.unique().tolist(), pa.string())),
        ).to_pandas()
        table = table.sort_values(["doc_id", "start_char"], kind="stable")
        bounds = {
            d: (g["start_char"].to_numpy(), g["end_char"].to_numpy()) for d, g in table.groupby("doc_id", sort=False)
        }
        out: list[str | None] = []
        for doc_id, start, row in zip(doc_ids, starts, doc):
            if doc_id not in bounds:
                out.append(None)
                continue
            sent_starts, sent_ends = bounds[doc_id]
            i = int(np.searchsorted(sent_starts, start, side="right")) - 1
            ok = 0 <= i and sent_ends[i] > start
            out.append(" ".join(texts[row][sent_starts[i] : sent_ends[i]].split()) if ok else None)
        return out


def kwic(
    corpus: Corpus, terms: str | Iterable[str], *, window: int = 60, regex: bool = False, max_rows: int | None = None
) -> pd.DataFrame:
    """Keyword in context: every occurrence of the terms with the words around it and its sentence.

    Args:
        corpus: The corpus.
        terms: A word or phrase, or several; `*` matches any ending ("separatist*"). Case-insensitive.
        window: Characters of context either side.
        regex: Terms are regular expressions.
        max_rows: Stop after this many matches.

    Example:
        >>> kwic(corpus, "ceasefire")[["doc_id", "left", "match", "right"]]
    """
    return with_browser(kwic_index(corpus).search(terms, window=window, regex=regex, max_rows=max_rows), "kwic")


_KWIC_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def kwic_index(corpus: Corpus) -> KwicIndex:
    """The corpus's `KwicIndex`, built on first use and kept as long as the corpus object lives."""
    if corpus not in _KWIC_INDEXES:
        _KWIC_INDEXES[corpus] = KwicIndex(corpus)
    return _KWIC_INDEXES[corpus]


def describe_kwic(corpus: Corpus, terms: str | Iterable[str]) -> Finding:
    """How often and in how many articles the terms occur."""
    hits = kwic(corpus, terms)
    shown = terms if isinstance(terms, str) else ", ".join(terms)
    if hits.empty:
        return Finding(f"“{shown}” does not occur in this corpus.")
    return Finding(
        f"“{shown}” occurs {_plural(len(hits), 'time')} in {hits['doc_id'].nunique():,} of {len(corpus):,} articles."
    )
