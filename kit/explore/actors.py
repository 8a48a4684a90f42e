"""Who is named: counts, co-occurrence and actor profiles (notebook 02)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..corpus import Corpus
from .base import (
    Finding,
    _plural,
    has_table,
    markdown_text,
    missing_table,
    with_browser,
)
from .documents import article_dates


def actor_counts(corpus: Corpus, *, types: Iterable[str] | None = None, gazetteer_only: bool = False) -> pd.DataFrame:
    """Actors by number of mentions: id, name, type, mentions, articles, whether the gazetteer knows them.

    Args:
        corpus: The corpus.
        types: Keep only these entity types (`person`, `state`, `armed_group`, ...).
        gazetteer_only: Keep only actors from the curated gazetteer.
    """
    ents = corpus.columns("entities", ["doc_id", "entity_id", "entity_name", "entity_type", "in_gazetteer"])
    if types is not None:
        ents = ents[ents["entity_type"].isin(list(types))]
    if gazetteer_only:
        ents = ents[ents["in_gazetteer"]]
    table = _mentions(ents, ["entity_id", "entity_name", "entity_type", "in_gazetteer"])
    table = table.sort_values(
        ["mentions", "articles", "entity_name"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
    return with_browser(table, "actors")


def actors_by_type(corpus: Corpus) -> pd.DataFrame:
    """Mentions and distinct actors per entity type."""
    ents = corpus.columns("entities", ["doc_id", "entity_id", "entity_type"])
    return (
        ents.groupby("entity_type")
        .agg(mentions=("entity_id", "size"), actors=("entity_id", "nunique"), articles=("doc_id", "nunique"))
        .sort_values("mentions", ascending=False)
    )


def describe_actors(corpus: Corpus) -> Finding:
    """Who is mentioned most, overall and among people."""
    ents = corpus.columns("entities", ["doc_id"])
    if ents.empty:
        return Finding("No named entities were found in this corpus.")
    counts = actor_counts(corpus)
    people = counts[counts["entity_type"] == "person"]
    top = counts.iloc[0]
    text = (
        f"{_plural(len(ents), 'entity mention')} name {counts.shape[0]:,} actors "
        f"({int(counts['in_gazetteer'].sum()):,} from the curated gazetteer). {top.entity_name} is named most "
        f"({_plural(int(top.mentions), 'time')} in {_plural(int(top.articles), 'article')})"
    )
    if not people.empty:
        person = people.iloc[0]
        text += (
            f"; the person named most is {person.entity_name} ({_plural(int(person.mentions), 'time')} in "
            f"{_plural(int(person.articles), 'article')})"
        )
    return Finding(text + ".")


def cooccurrence(
    corpus: Corpus, *, unit: str = "sentence", gazetteer_only: bool = False, min_count: int = 1
) -> pd.DataFrame:
    """How often two actors are named in the same sentence (or article).

    Args:
        corpus: The corpus.
        unit: `sentence` or `document`.
        gazetteer_only: Count only actors from the curated gazetteer.
        min_count: Drop pairs seen fewer times.

    Returns:
        One row per pair (`a` before `b` alphabetically by id): ids, names, `count` (sentences or
        articles naming both) and `articles`.
    """
    if unit not in ("sentence", "document"):
        raise ValueError(f"unit must be 'sentence' or 'document', not {unit!r}")
    ents = corpus.columns("entities", ["doc_id", "sent_start", "entity_id", "entity_name", "in_gazetteer"])
    if gazetteer_only:
        ents = ents[ents["in_gazetteer"]]
    keys = ["doc_id", "sent_start"] if unit == "sentence" else ["doc_id"]
    ents = ents.dropna(subset=[*keys, "entity_id"])
    doc = pd.factorize(ents["doc_id"])[0]
    actor, ids = pd.factorize(ents["entity_id"], sort=True)  # codes in the order of the ids
    where = doc * (int(ents["sent_start"].max()) + 1) + ents["sent_start"].to_numpy() if unit == "sentence" else doc
    table = _pair_counts(pd.DataFrame({"unit": where, "doc": doc, "actor": actor}).drop_duplicates())
    names = ents.drop_duplicates("entity_id").set_index("entity_id")["entity_name"]
    table.insert(0, "a", np.asarray(ids)[table.pop("actor_a").to_numpy()])
    table.insert(1, "b", np.asarray(ids)[table.pop("actor_b").to_numpy()])
    table.insert(2, "name_a", table["a"].map(names))
    table.insert(3, "name_b", table["b"].map(names))
    table = table[table["count"] >= min_count]
    table = table.sort_values(["count", "articles", "a", "b"], ascending=[False, False, True, True]).reset_index(
        drop=True
    )
    return with_browser(table, "actors", hide=["a", "b"])


#: Documents whose pairs of actors are counted together (`_pair_counts`): bounds the memory a
#: corpus's pairs take at once.
PAIR_CHUNK_DOCS = 5000


def _mentions(ents: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Rows (`mentions`) and distinct `doc_id`s (`articles`) per combination of `keys`, in order of first
    appearance; grouped on integer codes, which takes a fraction of the memory of string keys."""
    ents = ents.dropna(subset=keys)
    if ents.empty:
        return pd.DataFrame({**{k: ents[k] for k in keys}, "mentions": [], "articles": []})
    key = np.zeros(len(ents), dtype=np.int64)
    for k in keys:
        codes = pd.factorize(ents[k])[0]
        key = key * (int(codes.max()) + 1) + codes
    _, position, inverse = np.unique(key, return_index=True, return_inverse=True)
    doc = pd.factorize(ents["doc_id"])[0]
    counted = (
        pd.DataFrame({"g": inverse, "doc": doc}).groupby("g").agg(mentions=("doc", "size"), articles=("doc", "nunique"))
    )
    order = np.argsort(position, kind="stable")  # first appearance, as groupby(sort=False) gives
    table = ents.iloc[position[order]][keys].reset_index(drop=True)
    table["mentions"] = counted["mentions"].to_numpy()[order]
    table["articles"] = counted["articles"].to_numpy()[order]
    return table


def _pair_counts(units: pd.DataFrame) -> pd.DataFrame:
    """`count` of units (sentences or documents) and `articles` naming each pair of actor codes
    (`actor_a` < `actor_b`), from distinct rows of `unit`, `doc`, `actor`; counted `PAIR_CHUNK_DOCS`
    documents at a time (a unit lies in one document, so the chunks' counts add up)."""
    parts = []
    for start in range(0, int(units["doc"].max()) + 1 if len(units) else 0, PAIR_CHUNK_DOCS):
        chunk = units[(units["doc"] >= start) & (units["doc"] < start + PAIR_CHUNK_DOCS)]
        pairs = chunk.merge(chunk[["unit", "actor"]], on="unit", suffixes=("_a", "_b"))
        pairs = pairs[pairs["actor_a"] < pairs["actor_b"]]
        parts.append(
            pairs.groupby(["actor_a", "actor_b"]).agg(count=("unit", "size"), articles=("doc", "nunique")).reset_index()
        )
    if not parts:
        return pd.DataFrame({"actor_a": [], "actor_b": [], "count": [], "articles": []}, dtype="int64")
    return pd.concat(parts).groupby(["actor_a", "actor_b"], as_index=False)[["count", "articles"]].sum()


def partners(corpus: Corpus, actor: str, *, unit: str = "sentence", pairs: pd.DataFrame | None = None) -> pd.DataFrame:
    """The actors named together with one actor, most frequent first.

    Args:
        corpus: The corpus.
        actor: Actor id or name.
        unit: `sentence` or `document`.
        pairs: `cooccurrence(corpus, unit)` if already computed (explorers compute it once).
    """
    actor_id = resolve_actor(corpus, actor)
    pairs = cooccurrence(corpus, unit=unit) if pairs is None else pairs
    left = pairs[pairs["a"] == actor_id][["b", "name_b", "count", "articles"]]
    right = pairs[pairs["b"] == actor_id][["a", "name_a", "count", "articles"]]
    left.columns = right.columns = ["entity_id", "entity_name", "count", "articles"]
    return (
        pd.concat([left, right]).sort_values(["count", "entity_name"], ascending=[False, True]).reset_index(drop=True)
    )


def describe_cooccurrence(corpus: Corpus) -> Finding:
    """The pair of actors named together in the most sentences."""
    pairs = cooccurrence(corpus)
    if pairs.empty:
        return Finding("No two actors are named in the same sentence.")
    top = pairs.iloc[0]
    return Finding(
        f"{pairs.shape[0]:,} pairs of actors share a sentence; {top.name_a} and {top.name_b} are named "
        f"together most often ({_plural(int(top['count']), 'sentence')} in "
        f"{_plural(int(top.articles), 'article')})."
    )


def top_actor(corpus: Corpus, *, types: Iterable[str] = ("person",)) -> str:
    """The id of the actor named most among `types` (people by default), else of any actor.

    Raises:
        ValueError: If the corpus has no entities at all.
    """
    for wanted in (list(types), None):
        counts = actor_counts(corpus, types=wanted)
        if not counts.empty:
            return str(counts["entity_id"].iloc[0])
    raise ValueError("this corpus has no named entities")


def resolve_actor(corpus: Corpus, actor: str) -> str:
    """The entity id for an actor given by id, name, a written form or a surname (case-insensitive).

    Raises:
        KeyError: If no entity of the corpus has that id or name.
    """
    ents = corpus.columns("entities", ["entity_id", "entity_name", "text"])
    if (ents["entity_id"] == actor).any():
        return actor
    folded = actor.casefold()
    for column in ("entity_name", "text"):
        match = ents.loc[ents[column].str.casefold() == folded, "entity_id"]
        if not match.empty:
            return match.value_counts().index[0]
    match = ents.loc[ents["entity_name"].str.casefold().str.endswith(" " + folded), "entity_id"]
    if not match.empty:
        return match.value_counts().index[0]
    raise KeyError(f"no actor '{actor}' in this corpus; see explore.actor_counts(corpus) for the names")


def sentence_text(corpus: Corpus, frame: pd.DataFrame, *, start: str = "sent_start") -> pd.Series:
    """The sentence around each row of `frame` (which has `doc_id` and a sentence start offset or `sent_idx`)."""
    sents = corpus.columns("sentences", ["doc_id", "sent_idx", "start_char", "end_char"])
    sents = sents[sents["doc_id"].isin(frame["doc_id"].unique())]
    texts = corpus.texts(frame["doc_id"].unique())
    if start == "sent_idx":
        bounds = frame[["doc_id", "sent_idx"]].merge(sents, on=["doc_id", "sent_idx"], how="left")
    else:
        bounds = (
            frame[["doc_id", start]]
            .rename(columns={start: "start_char"})
            .merge(sents[["doc_id", "start_char", "end_char"]], on=["doc_id", "start_char"], how="left")
        )
    return pd.Series(
        [
            texts[d][int(s) : int(e)].strip() if pd.notna(s) and pd.notna(e) else None
            for d, s, e in zip(bounds["doc_id"], bounds["start_char"], bounds["end_char"])
        ],
        index=frame.index,
        dtype=object,
    )


@dataclass
class ActorProfile:
    """What the corpus says about one actor."""

    actor_id: str
    name: str
    type: str
    mentions: int
    articles: int
    spellings: pd.DataFrame
    over_time: pd.DataFrame
    partners: pd.DataFrame
    sentences: pd.DataFrame
    quotes: pd.DataFrame | None
    notes: list[str] = field(default_factory=list)

    @property
    def summary(self) -> Finding:
        """One sentence on the actor."""
        text = (
            f"{self.name} ({self.type}) is named {_plural(self.mentions, 'time')} in "
            f"{_plural(self.articles, 'article')}"
        )
        if not self.partners.empty:
            text += f", most often alongside {', '.join(self.partners['entity_name'].head(3))}"
        if self.quotes is not None:
            text += f"; {_plural(len(self.quotes), 'quotation')} attributed to {self.name}"
        return Finding(text + ".")

    def _repr_markdown_(self) -> str:
        return "\n\n".join(markdown_text(part) for part in [self.summary, *self.notes])


def actor_profile(
    corpus: Corpus,
    actor: str,
    *,
    freq: str = "MS",
    top: int = 10,
    max_sentences: int = 50,
    pairs: pd.DataFrame | None = None,
) -> ActorProfile:
    """Everything about one actor: spellings, mentions over time, co-occurring actors, sentences, quotes.

    Args:
        corpus: The corpus.
        actor: The actor's id or name ("vladimir_putin", "Putin").
        freq: Period for mentions over time (pandas offset alias: `MS` months, `W` weeks, `D` days).
        top: How many co-occurring actors to keep.
        max_sentences: How many sentences naming the actor to keep (in corpus order).
        pairs: `cooccurrence(corpus)` if already computed.
    """
    actor_id = resolve_actor(corpus, actor)
    ents = corpus.columns("entities", ["doc_id", "entity_id", "entity_name", "entity_type", "text", "sent_start"])
    own = ents[ents["entity_id"] == actor_id]
    del ents  # the actor's rows are all that is needed: the table is not held while pairs are counted
    spellings = own["text"].value_counts().rename_axis("written as").reset_index(name="mentions")
    dates = article_dates(corpus).set_index("doc_id")
    dated = own.assign(when=own["doc_id"].map(dates["when"]))
    over_time = (
        dated.dropna(subset=["when"])
        .groupby(pd.Grouper(key="when", freq=freq))
        .agg(mentions=("doc_id", "size"), articles=("doc_id", "nunique"))
    )
    over_time = over_time[over_time["mentions"] > 0]
    sentences = own.drop_duplicates(["doc_id", "sent_start"])[["doc_id", "sent_start"]].head(max_sentences).copy()
    sentences["sentence"] = sentence_text(corpus, sentences)
    notes = []
    quotes = None
    if has_table(corpus, "quotes"):
        q = corpus.quotes
        quotes = q[q["speaker_id"] == actor_id][["doc_id", "kind", "quote", "cue", "speaker_text"]].reset_index(
            drop=True
        )
    else:
        notes.append(missing_table(corpus, "quotes") or "")
    if dated["when"].isna().all() and not own.empty:
        notes.append("*None of the articles naming this actor can be dated, so there is no timeline.*")
    return ActorProfile(
        actor_id=actor_id,
        name=str(own["entity_name"].iloc[0]),
        type=str(own["entity_type"].iloc[0]),
        mentions=len(own),
        articles=own["doc_id"].nunique(),
        spellings=spellings,
        over_time=over_time,
        partners=partners(corpus, actor_id, pairs=pairs).head(top),
        sentences=sentences.reset_index(drop=True),
        quotes=quotes,
        notes=notes,
    )
