"""Framing: word choice by outlet and the themes of sentences (notebook 06)."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd

from ..corpus import Corpus, release_memory
from ..yamlfile import load_yaml
from .base import Finding, _plural, missing_table, once_per_story, publisher
from .documents import article_dates
from .search import kwic_index

#: The word families compared by `word_choice` (presentation only: editing it re-tags nothing).
WORD_CHOICE_FILE = Path(__file__).parents[1] / "data" / "word_choice.yaml"


@functools.lru_cache(maxsize=4)
def word_families(path: str | Path | None = None) -> dict[str, dict[str, list[str]]]:
    """Families of alternative words (`kit/data/word_choice.yaml` by default)."""
    spec = (
        load_yaml(Path(path or WORD_CHOICE_FILE).read_text(encoding="utf-8"), Path(path or WORD_CHOICE_FILE).name) or {}
    )
    return {
        family: {label: [str(p) for p in patterns] for label, patterns in variants.items()}
        for family, variants in spec.items()
    }


def word_choice(
    corpus: Corpus, family: str = "fighters", *, by: str = "publisher", path: str | Path | None = None
) -> pd.DataFrame:
    """How many times each word of a family is used, per publisher (or per article).

    Args:
        corpus: The corpus.
        family: A family of `word_choice.yaml` (`capital`, `fighters`, `crimea`, ...).
        by: `publisher` or `doc_id`.
        path: Another word-choice YAML file.

    Returns:
        Counts with one column per word and one row per group, plus `articles` (articles in the group).
    """
    families = word_families(str(path) if path else None)
    if family not in families:
        raise KeyError(f"no word family '{family}'; known: {', '.join(families)}")
    docs = corpus.metadata
    groups = publisher(docs) if by == "publisher" else docs[by]
    counts = _count_in_texts(corpus, families[family]).reindex(docs["doc_id"]).reset_index(drop=True)
    table = counts.groupby(groups.to_numpy()).sum()
    table.insert(0, "articles", groups.value_counts().reindex(table.index))
    table.index.name = by
    return table.sort_values("articles", ascending=False)


def _count_in_texts(corpus: Corpus, variants: dict) -> pd.DataFrame:
    """Matches of each variant's terms (`term_pattern`) per article, one row per `doc_id` in document
    order, found as keyword in context finds them: only the articles the word index says can hold a
    variant are read."""
    index = kwic_index(corpus)
    rows = len(index.docs)
    counts = {label: np.bincount(index.find(terms)[1], minlength=rows) for label, terms in variants.items()}
    return pd.DataFrame(counts, index=index.docs["doc_id"].to_numpy(), dtype="int64")


def describe_word_choice(corpus: Corpus, family: str = "fighters") -> Finding:
    """Which word of a family the corpus uses most, and how many articles use each."""
    variants = word_families()[family]
    uses = dict(_count_in_texts(corpus, variants).items())
    used = {label: (int(c.sum()), int((c > 0).sum())) for label, c in uses.items() if c.sum()}
    if not used:
        return Finding(f"No article uses any of: {', '.join(variants)}.")
    ranked = sorted(used.items(), key=lambda kv: -kv[1][0])
    listed = "; ".join(f"“{label}” {_plural(n, 'time')} in {_plural(a, 'article')}" for label, (n, a) in ranked)
    return Finding(f"Of the words for {family}, {listed}.")


def themed_sentences(corpus: Corpus, rows: pd.DataFrame, *, keys: bool = False) -> pd.Series:
    """The text of the sentence each row (`doc_id`, `sent_idx`) is in, whitespace squashed, aligned with `rows`.

    Texts are read a row group at a time. With `keys`, each sentence is given as a 64-bit hash of that
    text instead: what telling repeated sentences apart needs, at a fraction of the memory.
    """
    spans = rows[["doc_id", "sent_idx"]].merge(
        corpus.columns("sentences", ["doc_id", "sent_idx", "start_char", "end_char"]),
        on=["doc_id", "sent_idx"],
        how="left",
    )
    spans.index = rows.index
    out = np.full(len(rows), "" if not keys else hash(""), dtype=object if not keys else np.int64)
    starts, ends = spans["start_char"].to_numpy(dtype=float), spans["end_char"].to_numpy(dtype=float)
    by_doc = spans.groupby("doc_id", sort=False).indices
    for doc_ids, texts in corpus.iter_texts(list(by_doc)):
        for doc_id, text in zip(doc_ids, texts, strict=True):
            where = by_doc[doc_id]
            sentences = [
                " ".join(text[int(a) : int(b)].split()) if a == a else ""  # NaN: no such sentence
                for a, b in zip(starts[where], ends[where], strict=True)
            ]
            out[where] = [hash(t) for t in sentences] if keys else sentences
    release_memory()
    return pd.Series(out, index=rows.index)


def themes_by(corpus: Corpus, *, by: str = "doc_id", per: str = "story") -> pd.DataFrame | Finding:
    """Sentences per theme, per article (`doc_id`), `publisher` or `month`.

    Args:
        corpus: The corpus.
        by: `doc_id`, `publisher` or `month`.
        per: `story` counts a sentence repeated by copies of one story once; `article` counts each copy.
    """
    if note := missing_table(corpus, "themes"):
        return note
    t = corpus.themes.drop_duplicates(["doc_id", "sent_idx", "theme"])
    if by != "doc_id":
        t = once_per_story(
            corpus, t.assign(_sentence=themed_sentences(corpus, t, keys=True)), ["theme", "_sentence"], per=per
        )
    docs = corpus.metadata
    if by == "publisher":
        keys = t["doc_id"].map(pd.Series(publisher(docs).to_numpy(), index=docs["doc_id"]))
    elif by == "month":
        keys = t["doc_id"].map(article_dates(corpus).set_index("doc_id")["when"]).dt.to_period("M")
    else:
        keys = t[by]
    return pd.crosstab(keys.rename(by), t["theme"])


def theme_terms(corpus: Corpus, *, top: int = 5) -> pd.DataFrame | Finding:
    """The words that signalled each theme most often."""
    if note := missing_table(corpus, "themes"):
        return note
    t = corpus.themes
    counts = t.groupby(["theme", "term"]).size().rename("sentences").reset_index()
    return counts.sort_values(["theme", "sentences"], ascending=[True, False]).groupby("theme").head(top)


def describe_themes(corpus: Corpus) -> Finding:
    """The most frequent themes and how many articles carry them."""
    if note := missing_table(corpus, "themes"):
        return note
    t = corpus.themes
    if t.empty:
        return Finding("No sentence of this corpus was assigned a theme.")
    per = (
        t.drop_duplicates(["doc_id", "sent_idx", "theme"])
        .groupby("theme")
        .agg(sentences=("sent_idx", "size"), articles=("doc_id", "nunique"))
        .sort_values("sentences", ascending=False)
    )
    listed = "; ".join(
        f"{theme} ({_plural(int(r.sentences), 'sentence')}, {_plural(int(r.articles), 'article')})"
        for theme, r in per.head(3).iterrows()
    )
    return Finding(f"{_plural(len(per), 'theme')} appear in the corpus; the most frequent: {listed}.")


#: A period counts as covered when the corpus spans at least this share of its days.
