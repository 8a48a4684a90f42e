"""The documents: outlets, sizes, dates, spelling and what cleaning removed (notebook 01)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..corpus import Corpus
from .base import UNKNOWN_SOURCE, Finding, _plural, day, publisher, with_browser


def article_dates(corpus: Corpus) -> pd.DataFrame:
    """Each article's date: published where the source gives one, else inferred from its text.

    Returns:
        One row per document: `doc_id`, `published`, `date_min`, `date_max`, `date_source`,
        `when` (published date, else the start of the inferred range) and `dated`
        (`published`, `inferred` or `undated`).
    """
    docs = corpus.metadata
    out = pd.DataFrame({"doc_id": docs["doc_id"], "published": pd.to_datetime(docs["date"], errors="coerce")})
    for column in ("date_min", "date_max"):
        out[column] = pd.to_datetime(docs[column], errors="coerce") if column in docs else pd.NaT
    out["date_source"] = docs["date_source"] if "date_source" in docs else None
    out["when"] = out["published"].fillna(out["date_min"])
    out["dated"] = np.select(
        [out["published"].notna(), out["date_min"].notna()], ["published", "inferred"], default="undated"
    )
    return out


def overview(corpus: Corpus) -> pd.DataFrame:
    """One row per article: title, publisher, date, how it is dated, words, Kyiv/Kiev spelling."""
    docs = corpus.metadata
    dates = article_dates(corpus)
    return pd.DataFrame(
        {
            "doc_id": docs["doc_id"],
            "title": docs["title"],
            "publisher": publisher(docs),
            "date": dates["when"].dt.date,
            "dated": dates["dated"],
            "words": docs["n_words"],
            "spelling": docs["spelling"].fillna("neither"),
            "duplicate_of": docs["duplicate_of"],
        }
    ).pipe(with_browser, "articles")


def describe_corpus(corpus: Corpus) -> Finding:
    """One paragraph: how many articles and words, how many are dated, published by whom."""
    docs = corpus.metadata
    dates = article_dates(corpus)
    n = len(docs)
    if not n:
        return Finding("The corpus has no articles: nothing in the input could be read (see the problems table).")
    words = int(docs["n_words"].sum())
    counts = dates["dated"].value_counts()
    when = dates["when"].dropna()
    span = (
        f", from {day(when.min())} to {day(when.max())}"
        if len(when) > 1 and when.min() != when.max()
        else f", on {day(when.min())}"
        if len(when)
        else ""
    )
    named = publisher(docs)
    known = named[named != UNKNOWN_SOURCE]
    duplicates = int(docs["duplicate_of"].notna().sum())
    published, inferred, undated = (int(counts.get(k, 0)) for k in ("published", "inferred", "undated"))
    parts = [
        f"The corpus has {_plural(n, 'article')} and {words:,} words "
        f"(median {int(docs['n_words'].median()):,} words an article).",
        f"Dated: {published:,} by a publication date and {inferred:,} by a date inferred from the text"
        f"{span}; {undated:,} cannot be dated.",
        f"{known.size:,} of {n:,} name their outlet or a news agency ({known.nunique():,} different)"
        + (f"; the most frequent is {known.value_counts().index[0]}." if known.size else "."),
    ]
    if duplicates:
        parts.append(f"{_plural(duplicates, 'article')} repeat the text of another (flagged, kept).")
    return Finding(" ".join(parts))


def sizes(corpus: Corpus) -> pd.DataFrame:
    """Article length in words: count, mean, quartiles, shortest and longest."""
    stats = corpus.metadata["n_words"].describe().round(0).astype("Int64")  # one article has no spread
    return stats.rename(index={"50%": "median"}).to_frame("words").T


def publishers(corpus: Corpus) -> pd.DataFrame:
    """Articles per outlet and per credited news agency."""
    docs = corpus.metadata
    outlets = docs["outlet"].fillna(UNKNOWN_SOURCE).value_counts().rename_axis("name").reset_index(name="articles")
    outlets.insert(0, "kind", "outlet")
    agencies = docs["agencies"].map(lambda a: list(a) if a is not None and len(a) else [UNKNOWN_SOURCE])
    agencies = agencies.explode().value_counts().rename_axis("name").reset_index(name="articles")
    agencies.insert(0, "kind", "agency")
    return pd.concat([outlets, agencies], ignore_index=True)


def spelling_by_publisher(corpus: Corpus) -> pd.DataFrame:
    """Articles writing Kyiv, Kiev, both or neither, per publisher, with the counts of each form."""
    docs = corpus.metadata
    frame = pd.DataFrame(
        {
            "publisher": publisher(docs),
            "spelling": docs["spelling"].fillna("neither"),
            "Kyiv": docs["n_kyiv"],
            "Kiev": docs["n_kiev"],
        }
    )
    table = pd.crosstab(frame["publisher"], frame["spelling"])
    for label in ("Kyiv", "Kiev", "mixed", "neither"):
        if label not in table:
            table[label] = 0
    table = table[["Kyiv", "Kiev", "mixed", "neither"]].add_prefix("articles: ")
    forms = frame.groupby("publisher")[["Kyiv", "Kiev"]].sum().add_prefix("mentions: ")
    return table.join(forms).sort_values("articles: Kiev", ascending=False)


def describe_spelling(corpus: Corpus) -> Finding:
    """How many articles write Kyiv, Kiev, both or neither (e.g. "2 of 3 articles write Kiev ...")."""
    docs = corpus.metadata
    n = len(docs)
    labels = docs["spelling"].fillna("neither").value_counts()
    kyiv, kiev, mixed, neither = (int(labels.get(k, 0)) for k in ("Kyiv", "Kiev", "mixed", "neither"))
    n_kyiv, n_kiev = int(docs["n_kyiv"].sum()), int(docs["n_kiev"].sum())
    parts = [
        f"{kiev:,} of {n:,} articles write Kiev only ({n_kiev:,} Kiev- forms in the corpus)"
        if kiev
        else f"No article writes Kiev only ({n_kiev:,} Kiev- forms in all)",
        f"{kyiv:,} {'writes' if kyiv == 1 else 'write'} Kyiv only ({n_kyiv:,} Kyiv- forms)"
        if kyiv
        else "none writes Kyiv only" + (f" ({n_kyiv:,} Kyiv- forms in all)" if n_kyiv else ""),
    ]
    if mixed:
        parts.append(f"{mixed:,} {'uses' if mixed == 1 else 'use'} both")
    parts.append(f"{neither:,} {'names' if neither == 1 else 'name'} the city neither way")
    return Finding(", ".join(parts[:-1]) + " and " + parts[-1] + ".")


def cleaning_audit(corpus: Corpus) -> pd.DataFrame:
    """Everything cleaning removed, one row per piece: article, reason, characters, the text itself."""
    removed = corpus.removed
    titles = corpus.metadata.set_index("doc_id")["title"]
    return pd.DataFrame(
        {
            "doc_id": removed["doc_id"],
            "title": removed["doc_id"].map(titles),
            "reason": removed["reason"],
            "chars": removed["text"].str.len(),
            "removed": removed["text"],
        }
    )


def describe_cleaning(corpus: Corpus) -> Finding:
    """What cleaning took out: pieces, characters, articles affected, the most common reasons."""
    removed = corpus.removed
    if removed.empty:
        return Finding("Cleaning removed nothing: no page furniture, metadata lines or scraping artefacts were found.")
    reasons = removed["reason"].value_counts()
    top = ", ".join(f"{reason} ({count:,})" for reason, count in reasons.head(4).items())
    chars = int(removed["text"].str.len().sum())
    return Finding(
        f"Cleaning removed {_plural(len(removed), 'piece')} of text ({chars:,} characters) from "
        f"{removed['doc_id'].nunique():,} of {len(corpus):,} articles; by reason: {top}. "
        "Each piece is listed below with its article so it can be checked."
    )
