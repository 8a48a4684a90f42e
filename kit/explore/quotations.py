"""Who said what: quotations and their speakers, and how good the extraction is (notebook 03)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..corpus import Corpus
from ..extract.quotes import can_be_speaker
from .actors import resolve_actor
from .base import (
    Finding,
    _plural,
    copies_note,
    missing_table,
    once_per_story,
    publisher,
    with_browser,
)


def quotes(corpus: Corpus) -> pd.DataFrame | Finding:
    """Quotations with speaker, kind (direct, fragment, indirect), article and publisher.

    The speaker is the resolved name, else the words the article gives ("critics", "the rebels")
    unless they name no one ("we", "you", "which"): those count as `(unattributed)`.
    """
    if note := missing_table(corpus, "quotes"):
        return note
    q = corpus.quotes
    docs = corpus.metadata
    written = q["speaker_text"].where(q["speaker_text"].fillna("").map(can_be_speaker), None)
    out = q.assign(
        speaker=q["speaker_name"].fillna(written).fillna("(unattributed)"),
        publisher=q["doc_id"].map(pd.Series(publisher(docs).to_numpy(), index=docs["doc_id"])),
    )
    return with_browser(
        out[["doc_id", "publisher", "speaker", "speaker_id", "kind", "cue", "quote", "sent_idx"]], "quotes"
    )


def quotes_by_speaker(corpus: Corpus, *, top: int = 20, per: str = "story") -> pd.DataFrame | Finding:
    """Quotations per speaker, split by kind (direct, fragment, indirect).

    Args:
        corpus: The corpus.
        top: Speakers to keep, most quoted first.
        per: `story` counts a quotation repeated by copies of one story once; `article` counts each copy.
    """
    q = quotes(corpus)
    if isinstance(q, Finding):
        return q
    q = once_per_story(corpus, q, ["speaker", "quote"], per=per)
    table = pd.crosstab(q["speaker"], q["kind"])
    table["total"] = table.sum(axis=1)
    table["articles"] = q.groupby("speaker")["doc_id"].nunique()
    return table.sort_values("total", ascending=False).head(top)


def quote_kinds(corpus: Corpus, *, per: str = "story") -> pd.DataFrame | Finding:
    """Direct quotations, quoted fragments and reported speech: how many, and how many attributed.

    Args:
        corpus: The corpus.
        per: `story` counts a quotation repeated by copies of one story once; `article` counts each copy.
    """
    q = quotes(corpus)
    if isinstance(q, Finding):
        return q
    q = once_per_story(corpus, q, ["speaker", "quote"], per=per)
    return q.groupby("kind").agg(
        quotes=("quote", "size"), attributed=("speaker_id", "count"), articles=("doc_id", "nunique")
    )


def what_said(corpus: Corpus, actor: str) -> pd.DataFrame | Finding:
    """Everything one actor is quoted as saying (by actor id or name)."""
    q = quotes(corpus)
    if isinstance(q, Finding):
        return q
    actor_id = resolve_actor(corpus, actor)
    return with_browser(q[q["speaker_id"] == actor_id].reset_index(drop=True), "quotes")


def describe_quotes(corpus: Corpus, *, per: str = "story") -> Finding:
    """How many quotations, of which kinds, and who is quoted most.

    Args:
        corpus: The corpus.
        per: `story` counts a quotation repeated by copies of one story once; `article` counts each copy.
    """
    q = quotes(corpus)
    if isinstance(q, Finding):
        return q
    if q.empty:
        return Finding("No quotations were found in this corpus.")
    q = once_per_story(corpus, q, ["speaker", "quote"], per=per)
    kinds = q["kind"].value_counts()
    listed = ", ".join(f"{n:,} {kind}" for kind, n in kinds.items())
    speakers = q[q["speaker"] != "(unattributed)"]["speaker"].value_counts()
    text = f"{_plural(len(q), 'quotation')} in {q['doc_id'].nunique():,} articles ({listed})."
    if not speakers.empty:
        text += f" {speakers.index[0]} is quoted most ({_plural(int(speakers.iloc[0]), 'time')})."
    unattributed = int((q["speaker"] == "(unattributed)").sum())
    if unattributed:
        text += (
            f" {unattributed:,} ({unattributed / len(q):.0%}) {'has' if unattributed == 1 else 'have'} "
            "no speaker the kit could identify."
        )
    return Finding(text + copies_note(corpus, per=per))


QUALITY_FILE = Path(__file__).parents[1] / "data" / "extraction_quality.csv"


def extraction_quality(table: str = "quotes", *, path: str | Path | None = None) -> Finding:
    """How well the extraction did on a test set of outside news it was not tuned on, in one sentence.

    The scores are those `bench/extraction.py` measured on the hand-labelled test set
    (`tests/eval/test/`) and recorded in `kit/data/extraction_quality.csv`.

    Args:
        table: `quotes` or `numbers`.
        path: Another scores file of the same shape.
    """
    path = Path(path or QUALITY_FILE)
    if not path.exists():
        return Finding("The kit's extraction quality has not been measured for this version.")
    scores = pd.read_csv(path)
    test = scores[scores["split"] == "test"].set_index("measure")
    if test.empty:
        return Finding("The kit's extraction quality has not been measured for this version.")

    def share(measure: str) -> str:
        row = test.loc[measure]
        return f"{row['value']:.0%} ({int(row['correct'])} of {int(row['out_of'])})"

    if table == "numbers":
        articles = int(test.loc["figures found", "articles"])
        return Finding(
            f"Measured on {articles} hand-labelled articles from outlets and years the kit was not tuned on: "
            f"it finds {share('figures found')} of troop, casualty and refugee figures, "
            f"{share('figures found with the right category')} with the right category; "
            f"{share('figures that are right (precision)')} of the figures it reports are right, and "
            f"{share('figures with the right claimant')} of those found name the right claimant."
        )
    articles = int(test.loc["direct quotes found", "articles"])
    return Finding(
        f"Measured on {articles} hand-labelled articles from outlets and years the kit was not tuned on: "
        f"it finds {share('direct quotes found')} of direct quotes and gives "
        f"{share('direct quotes with the right speaker')} of those the right speaker; "
        f"it finds {share('reported speech found with the right speaker')} of reported speech "
        "with the right speaker."
    )


#: The scope figures are counted in by default: the Russia–Ukraine war since 2014.
