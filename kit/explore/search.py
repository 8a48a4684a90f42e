"""Keyword in context over the clean texts: one engine, one term syntax."""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..corpus import Corpus
from .base import Finding, _plural, publisher, with_browser
from .documents import article_dates

_WORD_START = r"(?<!\w)"


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
    terms = (terms.split(",") if not regex else [terms]) if isinstance(terms, str) else list(terms)
    terms = [t.strip() for t in terms if t and t.strip()]
    if not terms:
        raise ValueError("give at least one search term")
    if regex:
        return re.compile("|".join(f"(?:{t})" for t in terms), re.IGNORECASE)
    parts = []
    for term in terms:
        words = [re.escape(w).replace(r"\*", r"\w*") for w in term.split()]
        parts.append(_WORD_START + r"\s+".join(words) + r"(?!\w)")
    return re.compile("|".join(parts), re.IGNORECASE)


class KwicIndex:
    """The corpus text joined once, so that a keyword search is one regex scan, not a loop over articles.

    Build it once (`KwicIndex(corpus)`) and call `search` as often as needed: explorers do this.
    """

    SEPARATOR = "\n\x00\n"

    def __init__(self, corpus: Corpus) -> None:
        docs = corpus.documents
        self.docs = pd.DataFrame(
            {
                "doc_id": docs["doc_id"],
                "publisher": publisher(docs),
                "date": article_dates(corpus)["when"],
                "title": docs["title"],
            }
        )
        lengths = docs["text"].str.len().to_numpy()
        self.starts = np.concatenate([[0], np.cumsum(lengths + len(self.SEPARATOR))[:-1]]).astype(np.int64)
        self.text = self.SEPARATOR.join(docs["text"].tolist())
        sents = corpus.sentences
        doc_pos = pd.Series(np.arange(len(docs)), index=docs["doc_id"])
        base = self.starts[sents["doc_id"].map(doc_pos).to_numpy()] if len(sents) else np.array([], dtype=np.int64)
        order = (
            np.argsort(base + sents["start_char"].to_numpy(), kind="stable") if len(sents) else np.array([], np.int64)
        )
        self.sent_start = (base + sents["start_char"].to_numpy())[order] if len(sents) else np.array([], np.int64)
        self.sent_end = (base + sents["end_char"].to_numpy())[order] if len(sents) else np.array([], np.int64)

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
        pos, doc = self.find(terms, regex=regex, doc_ids=doc_ids)
        return self.rows(pos, doc, window=window, max_rows=max_rows)

    def find(
        self, terms: str | Iterable[str], *, regex: bool = False, doc_ids: Iterable[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Where `terms` match: `(positions, documents)`, an `(n, 2)` array of start and end offsets into
        the joined text and the index of each match's document. Cheap to count; see `rows`."""
        pos = np.array(self._spans(terms, regex), dtype=np.int64).reshape(-1, 2)
        doc = np.searchsorted(self.starts, pos[:, 0], side="right") - 1
        if doc_ids is not None:
            keep = self.docs["doc_id"].isin(list(doc_ids)).to_numpy()[doc]
            pos, doc = pos[keep], doc[keep]
        return pos, doc

    def rows(self, pos: np.ndarray, doc: np.ndarray, *, window: int = 60, max_rows: int | None = None) -> pd.DataFrame:
        """The `search` rows for matches found by `find` (the first `max_rows` of them)."""
        columns = ["doc_id", "publisher", "date", "left", "match", "right", "sentence", "start_char", "end_char"]
        if max_rows is not None:
            pos, doc = pos[:max_rows], doc[:max_rows]
        if not len(pos):
            return pd.DataFrame(columns=columns)
        doc_start = self.starts[doc]
        doc_end = doc_start + self.lengths[doc]
        left_from = np.maximum(pos[:, 0] - window, doc_start)
        right_to = np.minimum(pos[:, 1] + window, doc_end)
        sent = np.searchsorted(self.sent_start, pos[:, 0], side="right") - 1
        text = self.text
        frame = self.docs.iloc[doc][["doc_id", "publisher", "date"]].reset_index(drop=True)
        frame["left"] = [" ".join(text[a:b].split()) for a, b in zip(left_from, pos[:, 0])]
        frame["match"] = [text[a:b] for a, b in pos]
        frame["right"] = [" ".join(text[a:b].split()) for a, b in zip(pos[:, 1], right_to)]
        frame["sentence"] = [
            " ".join(text[self.sent_start[s] : self.sent_end[s]].split())
            if 0 <= s < len(self.sent_start) and self.sent_end[s] > p
            else None
            for s, p in zip(sent, pos[:, 0])
        ]
        frame["start_char"] = pos[:, 0] - doc_start
        frame["end_char"] = pos[:, 1] - doc_start
        return frame[columns]

    def _spans(self, terms: str | Iterable[str], regex: bool) -> list[tuple[int, int]]:
        """Match offsets in the joined text, as `term_pattern(terms, regex)` finds them.

        Plain terms are searched case-sensitively in a lower-cased copy of the text, led by their
        first letters (which lets the regex engine skip ahead), the whole-word start checked after:
        many times faster than a case-insensitive scan over a large corpus, same matches.
        """
        pattern = term_pattern(terms, regex=regex)
        if regex or self.folded is None:
            return [m.span() for m in pattern.finditer(self.text) if m.end() > m.start()]
        fast = re.compile(pattern.pattern.replace(_WORD_START, "").lower())
        text, word = self.folded, re.compile(r"\w")
        spans, pos = [], 0
        while pos <= len(text) and (m := fast.search(text, pos)) is not None:
            if m.end() > m.start() and (m.start() == 0 or not word.match(text, m.start() - 1)):
                spans.append(m.span())
                pos = m.end()
            else:  # not at the start of a word: the next match may begin inside this one
                pos = m.start() + 1
        return spans

    @functools.cached_property
    def folded(self) -> str | None:
        """The joined text lower-cased, where that keeps every offset (else None)."""
        folded = self.text.lower()
        return folded if len(folded) == len(self.text) else None

    @functools.cached_property
    def lengths(self) -> np.ndarray:
        """Length of each article's text."""
        ends = np.append(self.starts[1:] - len(self.SEPARATOR), len(self.text))
        return ends - self.starts


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
