"""Troop, casualty and refugee figures and who claimed them (notebook 04)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..corpus import Corpus
from .base import (
    Finding,
    _plural,
    copies_note,
    missing_table,
    once_per_story,
    publisher,
    with_browser,
)
from .documents import article_dates

CURRENT = ("current",)


def claims(
    corpus: Corpus, *, categories: Iterable[str] | None = None, scopes: Iterable[str] | None = CURRENT
) -> pd.DataFrame | Finding:
    """Figures stated in the text (troops, killed, wounded, displaced), dated, with who claimed them.

    Args:
        corpus: The corpus.
        categories: Keep only these categories; all but `other` by default.
        scopes: Keep only figures of these scopes (`current`, `historical`, `other_conflict`,
            `hypothetical`); by default those about this war. None keeps every figure.
    """
    if note := missing_table(corpus, "numbers"):
        return note
    n = corpus.numbers
    keep = list(categories) if categories is not None else ["troops", "killed", "wounded", "displaced"]
    n = n[n["category"].isin(keep)]
    if scopes is not None and "scope" in n.columns:
        n = n[n["scope"].isin(list(scopes))]
    dates = article_dates(corpus).set_index("doc_id")
    docs = corpus.metadata
    return (
        pd.DataFrame(
            {
                "doc_id": n["doc_id"],
                "date": n["doc_id"].map(dates["when"]),
                "publisher": n["doc_id"].map(pd.Series(publisher(docs).to_numpy(), index=docs["doc_id"])),
                "category": n["category"],
                "scope": n["scope"] if "scope" in n.columns else None,
                "value": n["value"],
                "qualifier": n["qualifier"],
                "text": n["text"],
                "claimed_by": n["claimed_by"].fillna("(not attributed)"),
                "claimed_by_id": n["claimed_by_id"],
                "sentence": n["sentence"],
                "sent_idx": n["sent_idx"] if "sent_idx" in n.columns else None,
            }
        )
        .reset_index(drop=True)
        .pipe(with_browser, "figures")
    )


#: What makes two figures the same statement (for counting a story's copies once).
_FIGURE_KEYS = ["category", "value", "claimed_by", "text"]


def claims_by_claimant(corpus: Corpus, *, per: str = "story") -> pd.DataFrame | Finding:
    """Per claimant and category: how many figures, the smallest, median and largest.

    Args:
        corpus: The corpus.
        per: `story` counts a figure repeated by copies of one story once; `article` counts each copy.
    """
    c = claims(corpus)
    if isinstance(c, Finding):
        return c
    c = once_per_story(corpus, c, _FIGURE_KEYS, per=per)
    return (
        c.groupby(["claimed_by", "category"])["value"]
        .agg(claims="size", smallest="min", median="median", largest="max")
        .sort_values("claims", ascending=False)
    )


def claims_over_time(corpus: Corpus, *, freq: str = "MS", per: str = "story") -> pd.DataFrame | Finding:
    """Per period and category: how many figures and the largest one (articles without a date left out).

    Args:
        corpus: The corpus.
        freq: A pandas period frequency (`MS` months, `W` weeks).
        per: `story` counts a figure repeated by copies of one story once; `article` counts each copy.
    """
    c = claims(corpus)
    if isinstance(c, Finding):
        return c
    c = once_per_story(corpus, c, _FIGURE_KEYS, per=per)
    c = c.dropna(subset=["date"])
    return (
        c.groupby([pd.Grouper(key="date", freq=freq), "category"])["value"]
        .agg(claims="size", largest="max")
        .query("claims > 0")
    )


def describe_numbers(corpus: Corpus, *, per: str = "story") -> Finding:
    """How many troop and casualty figures, by category, and the largest of each.

    Args:
        corpus: The corpus.
        per: `story` counts a figure repeated by copies of one story once; `article` counts each copy.
    """
    c = claims(corpus)
    if isinstance(c, Finding):
        return c
    if c.empty:
        return Finding("No troop or casualty figures were found in this corpus.")
    c = once_per_story(corpus, c, _FIGURE_KEYS, per=per)
    parts = []
    for category, rows in c.groupby("category"):
        biggest = rows.loc[rows["value"].idxmax()]
        parts.append(
            f"{_plural(len(rows), category + ' figure')} (largest {biggest.value:,.0f}, "
            + ("not attributed)" if biggest.claimed_by == "(not attributed)" else f"claimed by {biggest.claimed_by})")
        )
    undated = int(c["date"].isna().sum())
    text = f"The corpus states {_plural(len(c), 'troop or casualty figure')} about this war: " + "; ".join(parts) + "."
    everything = claims(corpus, scopes=None)
    others = len(everything) - len(c) if isinstance(everything, pd.DataFrame) else 0
    if others:
        text += (
            f" {_plural(others, 'other figure')} (about earlier wars, other conflicts or scenarios) "
            "are left out of these counts and charts."
        )
    if undated:
        text += f" {undated:,} come from articles without a date and are left off the timeline."
    return Finding(text + copies_note(corpus, per=per))
