"""Table-level analysis of a tagged corpus: counts, keyword in context, co-occurrence, actor profiles."""

from __future__ import annotations

import functools
import html
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .yamlfile import load_yaml
from .corpus import Corpus
from .present.display import with_browser
from .extract.quotes import can_be_speaker

WORD_CHOICE_FILE = Path(__file__).parent / "data" / "word_choice.yaml"
#: Label used where an article names neither outlet nor agency.
UNKNOWN_SOURCE = "(not given)"
#: Tables that extraction analyses add to a store, and what each holds (for "not there yet" notes).
EXTRACTED = {
    "quotes": "quotations and who said them",
    "numbers": "troop and casualty figures and who claimed them",
    "mentions": "dates mentioned in the text",
    "themes": "themes of each sentence",
    "events": "who did what to whom",
}


def markdown_text(text: str) -> str:
    """Text for a Markdown output, with HTML and link syntax escaped: names and titles come from articles."""
    return html.escape(text, quote=False).replace("[", "\\[").replace("]", "\\]")


class Finding(str):
    """A sentence about the corpus, generated from its tables; shown as Markdown in a notebook."""

    def _repr_markdown_(self) -> str:
        return markdown_text(str(self))


def day(value: pd.Timestamp) -> str:
    """A date as a reader writes it: `7 June 2014`."""
    return f"{value.day} {value:%B %Y}"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


# --- tables that may not be there -------------------------------------------------------------


def has_table(corpus: Corpus, name: str) -> bool:
    """Whether the store has a table (extraction tables appear as analyses are added)."""
    return name in corpus.tables


def missing_table(corpus: Corpus, name: str) -> Finding | None:
    """A one-line note when a table is not in the store, else None.

    Args:
        corpus: The corpus.
        name: A table name such as `quotes`.
    """
    if has_table(corpus, name):
        return None
    what = EXTRACTED.get(name, "its rows")
    return Finding(f"*The `{name}` table ({what}) is not in this store: the kit that tagged it does not "
                   f"extract {name} yet. Re-run `python -m kit tag` with a kit that does to see this part.*")


def missing_columns(corpus: Corpus, table: str, columns: Iterable[str]) -> Finding | None:
    """A one-line note when a table lacks some columns (a store made by an older kit), else None."""
    frame_columns = set(corpus.table(table).columns) if table != "documents" else set(corpus.documents.columns)
    lacking = [c for c in columns if c not in frame_columns]
    if not lacking:
        return None
    return Finding(f"*The `{table}` table of this store has no {', '.join(f'`{c}`' for c in lacking)} column(s) "
                   "yet: re-tag the corpus with a kit that adds them.*")


# --- documents ----------------------------------------------------------------------------------


def publisher(documents: pd.DataFrame) -> pd.Series:
    """Who published each article: the outlet, else the first credited agency, else `(not given)`."""
    outlet = documents["outlet"].where(documents["outlet"].notna() & (documents["outlet"].astype(str).str.strip() != ""))
    agency = documents["agencies"].map(lambda a: f"{a[0]} (agency)" if a is not None and len(a) else None)
    return outlet.fillna(agency).fillna(UNKNOWN_SOURCE).rename("publisher")


#: How counts treat republished copies: `story` counts a story's copies once, `article` counts each copy.
PER = ("story", "article")


def story_of(corpus: Corpus) -> pd.Series:
    """Each document's story id (the first article of its group of copies), indexed by `doc_id`.

    Documents of a store without a `stories` table are each their own story.
    """
    docs = corpus.documents["doc_id"]
    own = pd.Series(docs.to_numpy(), index=docs.to_numpy())
    if "stories" not in corpus.tables:
        return own
    stories = corpus.stories.set_index("doc_id")["story_id"]
    return stories.reindex(own.index).fillna(own)


def once_per_story(corpus: Corpus, frame: pd.DataFrame, keys: Iterable[str], per: str = "story") -> pd.DataFrame:
    """The rows of `frame` with copies from republished articles of one story counted once.

    Two rows are copies when their articles belong to the same story (see `kit.stories`) and they
    agree on `keys` (the quote and its speaker, a figure and its claimant, ...).

    Args:
        corpus: The corpus.
        frame: Rows with a `doc_id` column.
        keys: The columns that make two rows the same statement.
        per: `story` (drop copies) or `article` (keep every row).

    Raises:
        ValueError: For another `per`.
    """
    if per not in PER:
        raise ValueError(f"per must be one of {', '.join(map(repr, PER))}, not {per!r}")
    if per == "article" or frame.empty:
        return frame
    story = frame["doc_id"].map(story_of(corpus))
    return frame[~frame.assign(_story=story).duplicated(["_story", *keys])]


def copies_note(corpus: Corpus, per: str = "story") -> str:
    """A sentence saying how republished copies were counted, or "" when the corpus has none."""
    stories = story_of(corpus)
    copies = int((stories.index != stories.to_numpy()).sum())
    if not copies:
        return ""
    if per == "story":
        return (f" {_plural(copies, 'article')} {'is a copy' if copies == 1 else 'are copies'} of another "
                "article's story; what a story's copies repeat is counted once.")
    return f" {_plural(copies, 'article')} {'is a copy' if copies == 1 else 'are copies'} of another story, each counted."


def article_dates(corpus: Corpus) -> pd.DataFrame:
    """Each article's date: published where the source gives one, else inferred from its text.

    Returns:
        One row per document: `doc_id`, `published`, `date_min`, `date_max`, `date_source`,
        `when` (published date, else the start of the inferred range) and `dated`
        (`published`, `inferred` or `undated`).
    """
    docs = corpus.documents
    out = pd.DataFrame({"doc_id": docs["doc_id"], "published": pd.to_datetime(docs["date"], errors="coerce")})
    for column in ("date_min", "date_max"):
        out[column] = pd.to_datetime(docs[column], errors="coerce") if column in docs else pd.NaT
    out["date_source"] = docs["date_source"] if "date_source" in docs else None
    out["when"] = out["published"].fillna(out["date_min"])
    out["dated"] = np.select([out["published"].notna(), out["date_min"].notna()], ["published", "inferred"],
                             default="undated")
    return out


def overview(corpus: Corpus) -> pd.DataFrame:
    """One row per article: title, publisher, date, how it is dated, words, Kyiv/Kiev spelling."""
    docs = corpus.documents
    dates = article_dates(corpus)
    return pd.DataFrame({
        "doc_id": docs["doc_id"], "title": docs["title"], "publisher": publisher(docs),
        "date": dates["when"].dt.date, "dated": dates["dated"], "words": docs["n_words"],
        "spelling": docs["spelling"].fillna("neither"), "duplicate_of": docs["duplicate_of"],
    }).pipe(with_browser, "articles")


def describe_corpus(corpus: Corpus) -> Finding:
    """One paragraph: how many articles and words, how many are dated, published by whom."""
    docs = corpus.documents
    dates = article_dates(corpus)
    n = len(docs)
    if not n:
        return Finding("The corpus has no articles: nothing in the input could be read (see the problems table).")
    words = int(docs["n_words"].sum())
    counts = dates["dated"].value_counts()
    when = dates["when"].dropna()
    span = (f", from {day(when.min())} to {day(when.max())}" if len(when) > 1 and when.min() != when.max()
            else f", on {day(when.min())}" if len(when) else "")
    named = publisher(docs)
    known = named[named != UNKNOWN_SOURCE]
    duplicates = int(docs["duplicate_of"].notna().sum())
    published, inferred, undated = (int(counts.get(k, 0)) for k in ("published", "inferred", "undated"))
    parts = [f"The corpus has {_plural(n, 'article')} and {words:,} words "
             f"(median {int(docs['n_words'].median()):,} words an article).",
             f"Dated: {published:,} by a publication date and {inferred:,} by a date inferred from the text"
             f"{span}; {undated:,} cannot be dated.",
             f"{known.size:,} of {n:,} name their outlet or a news agency ({known.nunique():,} different)"
             + (f"; the most frequent is {known.value_counts().index[0]}." if known.size else ".")]
    if duplicates:
        parts.append(f"{_plural(duplicates, 'article')} repeat the text of another (flagged, kept).")
    return Finding(" ".join(parts))


def sizes(corpus: Corpus) -> pd.DataFrame:
    """Article length in words: count, mean, quartiles, shortest and longest."""
    stats = corpus.documents["n_words"].describe().round(0).astype("Int64")  # one article has no spread
    return stats.rename(index={"50%": "median"}).to_frame("words").T


def publishers(corpus: Corpus) -> pd.DataFrame:
    """Articles per outlet and per credited news agency."""
    docs = corpus.documents
    outlets = docs["outlet"].fillna(UNKNOWN_SOURCE).value_counts().rename_axis("name").reset_index(name="articles")
    outlets.insert(0, "kind", "outlet")
    agencies = docs["agencies"].map(lambda a: list(a) if a is not None and len(a) else [UNKNOWN_SOURCE])
    agencies = agencies.explode().value_counts().rename_axis("name").reset_index(name="articles")
    agencies.insert(0, "kind", "agency")
    return pd.concat([outlets, agencies], ignore_index=True)


def spelling_by_publisher(corpus: Corpus) -> pd.DataFrame:
    """Articles writing Kyiv, Kiev, both or neither, per publisher, with the counts of each form."""
    docs = corpus.documents
    frame = pd.DataFrame({"publisher": publisher(docs), "spelling": docs["spelling"].fillna("neither"),
                          "Kyiv": docs["n_kyiv"], "Kiev": docs["n_kiev"]})
    table = pd.crosstab(frame["publisher"], frame["spelling"])
    for label in ("Kyiv", "Kiev", "mixed", "neither"):
        if label not in table:
            table[label] = 0
    table = table[["Kyiv", "Kiev", "mixed", "neither"]].add_prefix("articles: ")
    forms = frame.groupby("publisher")[["Kyiv", "Kiev"]].sum().add_prefix("mentions: ")
    return table.join(forms).sort_values("articles: Kiev", ascending=False)


def describe_spelling(corpus: Corpus) -> Finding:
    """How many articles write Kyiv, Kiev, both or neither (e.g. "2 of 3 articles write Kiev ...")."""
    docs = corpus.documents
    n = len(docs)
    labels = docs["spelling"].fillna("neither").value_counts()
    kyiv, kiev, mixed, neither = (int(labels.get(k, 0)) for k in ("Kyiv", "Kiev", "mixed", "neither"))
    n_kyiv, n_kiev = int(docs["n_kyiv"].sum()), int(docs["n_kiev"].sum())
    parts = [f"{kiev:,} of {n:,} articles write Kiev only ({n_kiev:,} Kiev- forms in the corpus)"
             if kiev else f"No article writes Kiev only ({n_kiev:,} Kiev- forms in all)",
             f"{kyiv:,} {'writes' if kyiv == 1 else 'write'} Kyiv only ({n_kyiv:,} Kyiv- forms)" if kyiv else "none writes Kyiv only"
             + (f" ({n_kyiv:,} Kyiv- forms in all)" if n_kyiv else "")]
    if mixed:
        parts.append(f"{mixed:,} {'uses' if mixed == 1 else 'use'} both")
    parts.append(f"{neither:,} {'names' if neither == 1 else 'name'} the city neither way")
    return Finding(", ".join(parts[:-1]) + " and " + parts[-1] + ".")


def cleaning_audit(corpus: Corpus) -> pd.DataFrame:
    """Everything cleaning removed, one row per piece: article, reason, characters, the text itself."""
    removed = corpus.removed
    titles = corpus.documents.set_index("doc_id")["title"]
    return pd.DataFrame({"doc_id": removed["doc_id"], "title": removed["doc_id"].map(titles),
                         "reason": removed["reason"], "chars": removed["text"].str.len(), "removed": removed["text"]})


def describe_cleaning(corpus: Corpus) -> Finding:
    """What cleaning took out: pieces, characters, articles affected, the most common reasons."""
    removed = corpus.removed
    if removed.empty:
        return Finding("Cleaning removed nothing: no page furniture, metadata lines or scraping artefacts were found.")
    reasons = removed["reason"].value_counts()
    top = ", ".join(f"{reason} ({count:,})" for reason, count in reasons.head(4).items())
    chars = int(removed["text"].str.len().sum())
    return Finding(f"Cleaning removed {_plural(len(removed), 'piece')} of text ({chars:,} characters) from "
                   f"{removed['doc_id'].nunique():,} of {len(corpus):,} articles; by reason: {top}. "
                   "Each piece is listed below with its article so it can be checked.")


# --- actors -------------------------------------------------------------------------------------


def actor_counts(corpus: Corpus, types: Iterable[str] | None = None, gazetteer_only: bool = False) -> pd.DataFrame:
    """Actors by number of mentions: id, name, type, mentions, articles, whether the gazetteer knows them.

    Args:
        corpus: The corpus.
        types: Keep only these entity types (`person`, `state`, `armed_group`, ...).
        gazetteer_only: Keep only actors from the curated gazetteer.
    """
    ents = corpus.entities
    if types is not None:
        ents = ents[ents["entity_type"].isin(list(types))]
    if gazetteer_only:
        ents = ents[ents["in_gazetteer"]]
    table = (ents.groupby(["entity_id", "entity_name", "entity_type", "in_gazetteer"], sort=False)
             .agg(mentions=("doc_id", "size"), articles=("doc_id", "nunique")).reset_index())
    table = table.sort_values(["mentions", "articles", "entity_name"], ascending=[False, False, True],
                              kind="stable").reset_index(drop=True)
    return with_browser(table, "actors")


def actors_by_type(corpus: Corpus) -> pd.DataFrame:
    """Mentions and distinct actors per entity type."""
    ents = corpus.entities
    return (ents.groupby("entity_type").agg(mentions=("entity_id", "size"), actors=("entity_id", "nunique"),
                                            articles=("doc_id", "nunique"))
            .sort_values("mentions", ascending=False))


def describe_actors(corpus: Corpus) -> Finding:
    """Who is mentioned most, overall and among people."""
    ents = corpus.entities
    if ents.empty:
        return Finding("No named entities were found in this corpus.")
    counts = actor_counts(corpus)
    people = counts[counts["entity_type"] == "person"]
    top = counts.iloc[0]
    text = (f"{_plural(len(ents), 'entity mention')} name {counts.shape[0]:,} actors "
            f"({int(counts['in_gazetteer'].sum()):,} from the curated gazetteer). {top.entity_name} is named most "
            f"({_plural(int(top.mentions), 'time')} in {_plural(int(top.articles), 'article')})")
    if not people.empty:
        person = people.iloc[0]
        text += (f"; the person named most is {person.entity_name} ({_plural(int(person.mentions), 'time')} in "
                 f"{_plural(int(person.articles), 'article')})")
    return Finding(text + ".")


def cooccurrence(corpus: Corpus, unit: str = "sentence", gazetteer_only: bool = False,
                 min_count: int = 1) -> pd.DataFrame:
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
    ents = corpus.entities
    if gazetteer_only:
        ents = ents[ents["in_gazetteer"]]
    keys = ["doc_id", "sent_start"] if unit == "sentence" else ["doc_id"]
    units = ents[[*keys, "entity_id"]].dropna().drop_duplicates()
    pairs = units.merge(units, on=keys, suffixes=("_a", "_b"))
    pairs = pairs[pairs["entity_id_a"] < pairs["entity_id_b"]]
    table = (pairs.groupby(["entity_id_a", "entity_id_b"])
             .agg(count=("doc_id", "size"), articles=("doc_id", "nunique")).reset_index())
    names = ents.drop_duplicates("entity_id").set_index("entity_id")["entity_name"]
    table = table.rename(columns={"entity_id_a": "a", "entity_id_b": "b"})
    table.insert(2, "name_a", table["a"].map(names))
    table.insert(3, "name_b", table["b"].map(names))
    table = table[table["count"] >= min_count]
    table = table.sort_values(["count", "articles", "a", "b"], ascending=[False, False, True, True]).reset_index(drop=True)
    return with_browser(table, "actors", hide=["a", "b"])


def partners(corpus: Corpus, actor: str, unit: str = "sentence", pairs: pd.DataFrame | None = None) -> pd.DataFrame:
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
    return pd.concat([left, right]).sort_values(["count", "entity_name"], ascending=[False, True]).reset_index(drop=True)


def describe_cooccurrence(corpus: Corpus) -> Finding:
    """The pair of actors named together in the most sentences."""
    pairs = cooccurrence(corpus)
    if pairs.empty:
        return Finding("No two actors are named in the same sentence.")
    top = pairs.iloc[0]
    return Finding(f"{pairs.shape[0]:,} pairs of actors share a sentence; {top.name_a} and {top.name_b} are named "
                   f"together most often ({_plural(int(top['count']), 'sentence')} in "
                   f"{_plural(int(top.articles), 'article')}).")


def top_actor(corpus: Corpus, types: Iterable[str] = ("person",)) -> str:
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
    ents = corpus.entities
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


def sentence_text(corpus: Corpus, frame: pd.DataFrame, start: str = "sent_start") -> pd.Series:
    """The sentence around each row of `frame` (which has `doc_id` and a sentence start offset or `sent_idx`)."""
    sents = corpus.sentences
    texts = corpus.documents.set_index("doc_id")["text"]
    if start == "sent_idx":
        bounds = frame[["doc_id", "sent_idx"]].merge(sents, on=["doc_id", "sent_idx"], how="left")
    else:
        bounds = frame[["doc_id", start]].rename(columns={start: "start_char"}).merge(
            sents[["doc_id", "start_char", "end_char"]], on=["doc_id", "start_char"], how="left")
    return pd.Series([texts[d][int(s):int(e)].strip() if pd.notna(s) and pd.notna(e) else None
                      for d, s, e in zip(bounds["doc_id"], bounds["start_char"], bounds["end_char"])],
                     index=frame.index, dtype=object)


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
        text = (f"{self.name} ({self.type}) is named {_plural(self.mentions, 'time')} in "
                f"{_plural(self.articles, 'article')}")
        if not self.partners.empty:
            text += f", most often alongside {', '.join(self.partners['entity_name'].head(3))}"
        if self.quotes is not None:
            text += f"; {_plural(len(self.quotes), 'quotation')} attributed to {self.name}"
        return Finding(text + ".")

    def _repr_markdown_(self) -> str:
        return "\n\n".join(markdown_text(part) for part in [self.summary, *self.notes])


def actor_profile(corpus: Corpus, actor: str, freq: str = "MS", top: int = 10, max_sentences: int = 50,
                  pairs: pd.DataFrame | None = None) -> ActorProfile:
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
    ents = corpus.entities
    own = ents[ents["entity_id"] == actor_id]
    spellings = own["text"].value_counts().rename_axis("written as").reset_index(name="mentions")
    dates = article_dates(corpus).set_index("doc_id")
    dated = own.assign(when=own["doc_id"].map(dates["when"]))
    over_time = (dated.dropna(subset=["when"]).groupby(pd.Grouper(key="when", freq=freq))
                 .agg(mentions=("doc_id", "size"), articles=("doc_id", "nunique")))
    over_time = over_time[over_time["mentions"] > 0]
    sentences = own.drop_duplicates(["doc_id", "sent_start"])[["doc_id", "sent_start"]].head(max_sentences).copy()
    sentences["sentence"] = sentence_text(corpus, sentences)
    notes = []
    quotes = None
    if has_table(corpus, "quotes"):
        q = corpus.quotes
        quotes = q[q["speaker_id"] == actor_id][["doc_id", "kind", "quote", "cue", "speaker_text"]].reset_index(drop=True)
    else:
        notes.append(missing_table(corpus, "quotes"))
    if dated["when"].isna().all() and not own.empty:
        notes.append("*None of the articles naming this actor can be dated, so there is no timeline.*")
    return ActorProfile(actor_id=actor_id, name=str(own["entity_name"].iloc[0]), type=str(own["entity_type"].iloc[0]),
                        mentions=len(own), articles=own["doc_id"].nunique(), spellings=spellings,
                        over_time=over_time, partners=partners(corpus, actor_id, pairs=pairs).head(top),
                        sentences=sentences.reset_index(drop=True), quotes=quotes, notes=notes)


# --- keyword in context ------------------------------------------------------------------------


_WORD_START = r"(?<!\w)"


def term_pattern(terms: str | Iterable[str], regex: bool = False) -> re.Pattern:
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
        self.docs = pd.DataFrame({"doc_id": docs["doc_id"], "publisher": publisher(docs),
                                  "date": article_dates(corpus)["when"], "title": docs["title"]})
        lengths = docs["text"].str.len().to_numpy()
        self.starts = np.concatenate([[0], np.cumsum(lengths + len(self.SEPARATOR))[:-1]]).astype(np.int64)
        self.text = self.SEPARATOR.join(docs["text"].tolist())
        sents = corpus.sentences
        doc_pos = pd.Series(np.arange(len(docs)), index=docs["doc_id"])
        base = self.starts[sents["doc_id"].map(doc_pos).to_numpy()] if len(sents) else np.array([], dtype=np.int64)
        order = np.argsort(base + sents["start_char"].to_numpy(), kind="stable") if len(sents) else []
        self.sent_start = (base + sents["start_char"].to_numpy())[order] if len(sents) else np.array([], np.int64)
        self.sent_end = (base + sents["end_char"].to_numpy())[order] if len(sents) else np.array([], np.int64)

    def search(self, terms: str | Iterable[str], window: int = 60, regex: bool = False,
               doc_ids: Iterable[str] | None = None, max_rows: int | None = None) -> pd.DataFrame:
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

    def find(self, terms: str | Iterable[str], regex: bool = False,
             doc_ids: Iterable[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Where `terms` match: `(positions, documents)`, an `(n, 2)` array of start and end offsets into
        the joined text and the index of each match's document. Cheap to count; see `rows`."""
        pos = np.array(self._spans(terms, regex), dtype=np.int64).reshape(-1, 2)
        doc = np.searchsorted(self.starts, pos[:, 0], side="right") - 1
        if doc_ids is not None:
            keep = self.docs["doc_id"].isin(list(doc_ids)).to_numpy()[doc]
            pos, doc = pos[keep], doc[keep]
        return pos, doc

    def rows(self, pos: np.ndarray, doc: np.ndarray, window: int = 60, max_rows: int | None = None) -> pd.DataFrame:
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
        frame["sentence"] = [" ".join(text[self.sent_start[s]:self.sent_end[s]].split())
                             if 0 <= s < len(self.sent_start) and self.sent_end[s] > p else None
                             for s, p in zip(sent, pos[:, 0])]
        frame["start_char"] = pos[:, 0] - doc_start
        frame["end_char"] = pos[:, 1] - doc_start
        return frame[columns]

    def _spans(self, terms: str | Iterable[str], regex: bool) -> list[tuple[int, int]]:
        """Match offsets in the joined text, as `term_pattern(terms, regex)` finds them.

        Plain terms are searched case-sensitively in a lower-cased copy of the text, led by their
        first letters (which lets the regex engine skip ahead), the whole-word start checked after:
        many times faster than a case-insensitive scan over a large corpus, same matches.
        """
        pattern = term_pattern(terms, regex)
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


def kwic(corpus: Corpus, terms: str | Iterable[str], window: int = 60, regex: bool = False,
         max_rows: int | None = None) -> pd.DataFrame:
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
    return Finding(f"“{shown}” occurs {_plural(len(hits), 'time')} in {hits['doc_id'].nunique():,} of "
                   f"{len(corpus):,} articles.")


# --- word choice ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def word_families(path: str | Path | None = None) -> dict[str, dict[str, list[str]]]:
    """Families of alternative words (`kit/data/word_choice.yaml` by default)."""
    spec = load_yaml(Path(path or WORD_CHOICE_FILE).read_text(encoding="utf-8"), Path(path or WORD_CHOICE_FILE).name) or {}
    return {family: {label: [str(p) for p in patterns] for label, patterns in variants.items()}
            for family, variants in spec.items()}


def word_choice(corpus: Corpus, family: str = "fighters", by: str = "publisher",
                path: str | Path | None = None) -> pd.DataFrame:
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
    docs = corpus.documents
    groups = publisher(docs) if by == "publisher" else docs[by]
    counts = pd.DataFrame({label: docs["text"].str.count(term_pattern(patterns))
                           for label, patterns in families[family].items()})
    table = counts.groupby(groups.to_numpy()).sum()
    table.insert(0, "articles", groups.value_counts().reindex(table.index))
    table.index.name = by
    return table.sort_values("articles", ascending=False)


def describe_word_choice(corpus: Corpus, family: str = "fighters") -> Finding:
    """Which word of a family the corpus uses most, and how many articles use each."""
    docs = corpus.documents
    variants = word_families()[family]
    uses = {label: docs["text"].str.count(term_pattern(p)) for label, p in variants.items()}
    used = {label: (int(c.sum()), int((c > 0).sum())) for label, c in uses.items() if c.sum()}
    if not used:
        return Finding(f"No article uses any of: {', '.join(variants)}.")
    ranked = sorted(used.items(), key=lambda kv: -kv[1][0])
    listed = "; ".join(f"“{label}” {_plural(n, 'time')} in {_plural(a, 'article')}" for label, (n, a) in ranked)
    return Finding(f"Of the words for {family}, {listed}.")


# --- extraction tables: quotes, numbers, themes, events, dates -------------------------------------


def quotes(corpus: Corpus) -> pd.DataFrame | Finding:
    """Quotations with speaker, kind (direct, fragment, indirect), article and publisher.

    The speaker is the resolved name, else the words the article gives ("critics", "the rebels")
    unless they name no one ("we", "you", "which"): those count as `(unattributed)`.
    """
    if note := missing_table(corpus, "quotes"):
        return note
    q = corpus.quotes
    docs = corpus.documents
    written = q["speaker_text"].where(q["speaker_text"].fillna("").map(can_be_speaker), None)
    out = q.assign(speaker=q["speaker_name"].fillna(written).fillna("(unattributed)"),
                   publisher=q["doc_id"].map(pd.Series(publisher(docs).to_numpy(), index=docs["doc_id"])))
    return with_browser(out[["doc_id", "publisher", "speaker", "speaker_id", "kind", "cue", "quote", "sent_idx"]],
                        "quotes")


def quotes_by_speaker(corpus: Corpus, top: int = 20, *, per: str = "story") -> pd.DataFrame | Finding:
    """Quotations per speaker, split by kind (direct, fragment, indirect).

    Args:
        corpus: The corpus.
        top: Speakers to keep, most quoted first.
        per: `story` counts a quotation repeated by copies of one story once; `article` counts each copy.
    """
    q = quotes(corpus)
    if isinstance(q, Finding):
        return q
    q = once_per_story(corpus, q, ["speaker", "quote"], per)
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
    q = once_per_story(corpus, q, ["speaker", "quote"], per)
    return q.groupby("kind").agg(quotes=("quote", "size"), attributed=("speaker_id", "count"),
                                 articles=("doc_id", "nunique"))


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
    q = once_per_story(corpus, q, ["speaker", "quote"], per)
    kinds = q["kind"].value_counts()
    listed = ", ".join(f"{n:,} {kind}" for kind, n in kinds.items())
    speakers = q[q["speaker"] != "(unattributed)"]["speaker"].value_counts()
    text = f"{_plural(len(q), 'quotation')} in {q['doc_id'].nunique():,} articles ({listed})."
    if not speakers.empty:
        text += f" {speakers.index[0]} is quoted most ({_plural(int(speakers.iloc[0]), 'time')})."
    unattributed = int((q["speaker"] == "(unattributed)").sum())
    if unattributed:
        text += (f" {unattributed:,} ({unattributed / len(q):.0%}) {'has' if unattributed == 1 else 'have'} "
                 "no speaker the kit could identify.")
    return Finding(text + copies_note(corpus, per))


QUALITY_FILE = Path(__file__).parent / "data" / "extraction_quality.csv"


def extraction_quality(table: str = "quotes", path: str | Path | None = None) -> Finding:
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
            f"{share('figures with the right claimant')} of those found name the right claimant.")
    articles = int(test.loc["direct quotes found", "articles"])
    return Finding(
        f"Measured on {articles} hand-labelled articles from outlets and years the kit was not tuned on: "
        f"it finds {share('direct quotes found')} of direct quotes and gives "
        f"{share('direct quotes with the right speaker')} of those the right speaker; "
        f"it finds {share('reported speech found with the right speaker')} of reported speech "
        "with the right speaker.")


#: The scope figures are counted in by default: the Russia–Ukraine war since 2014.
CURRENT = ("current",)


def claims(corpus: Corpus, categories: Iterable[str] | None = None,
           scopes: Iterable[str] | None = CURRENT) -> pd.DataFrame | Finding:
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
    docs = corpus.documents
    return pd.DataFrame({
        "doc_id": n["doc_id"], "date": n["doc_id"].map(dates["when"]),
        "publisher": n["doc_id"].map(pd.Series(publisher(docs).to_numpy(), index=docs["doc_id"])),
        "category": n["category"], "scope": n["scope"] if "scope" in n.columns else None,
        "value": n["value"], "qualifier": n["qualifier"], "text": n["text"],
        "claimed_by": n["claimed_by"].fillna("(not attributed)"), "claimed_by_id": n["claimed_by_id"],
        "sentence": n["sentence"], "sent_idx": n["sent_idx"] if "sent_idx" in n.columns else None,
    }).reset_index(drop=True).pipe(with_browser, "figures")


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
    c = once_per_story(corpus, c, _FIGURE_KEYS, per)
    return (c.groupby(["claimed_by", "category"])["value"]
            .agg(claims="size", smallest="min", median="median", largest="max")
            .sort_values("claims", ascending=False))


def claims_over_time(corpus: Corpus, freq: str = "MS", *, per: str = "story") -> pd.DataFrame | Finding:
    """Per period and category: how many figures and the largest one (articles without a date left out).

    Args:
        corpus: The corpus.
        freq: A pandas period frequency (`MS` months, `W` weeks).
        per: `story` counts a figure repeated by copies of one story once; `article` counts each copy.
    """
    c = claims(corpus)
    if isinstance(c, Finding):
        return c
    c = once_per_story(corpus, c, _FIGURE_KEYS, per)
    c = c.dropna(subset=["date"])
    return (c.groupby([pd.Grouper(key="date", freq=freq), "category"])["value"]
            .agg(claims="size", largest="max").query("claims > 0"))


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
    c = once_per_story(corpus, c, _FIGURE_KEYS, per)
    parts = []
    for category, rows in c.groupby("category"):
        biggest = rows.loc[rows["value"].idxmax()]
        parts.append(f"{_plural(len(rows), category + ' figure')} (largest {biggest.value:,.0f}, "
                     + ("not attributed)" if biggest.claimed_by == "(not attributed)"
                        else f"claimed by {biggest.claimed_by})"))
    undated = int(c["date"].isna().sum())
    text = (f"The corpus states {_plural(len(c), 'troop or casualty figure')} about this war: "
            + "; ".join(parts) + ".")
    everything = claims(corpus, scopes=None)
    others = len(everything) - len(c) if isinstance(everything, pd.DataFrame) else 0
    if others:
        text += (f" {_plural(others, 'other figure')} (about earlier wars, other conflicts or scenarios) "
                 "are left out of these counts and charts.")
    if undated:
        text += f" {undated:,} come from articles without a date and are left off the timeline."
    return Finding(text + copies_note(corpus, per))


def themed_sentences(corpus: Corpus, rows: pd.DataFrame) -> pd.Series:
    """The text of the sentence each row (`doc_id`, `sent_idx`) is in, whitespace squashed, aligned with `rows`."""
    spans = rows[["doc_id", "sent_idx"]].merge(corpus.sentences[["doc_id", "sent_idx", "start_char", "end_char"]],
                                               on=["doc_id", "sent_idx"], how="left")
    texts = corpus.documents.set_index("doc_id")["text"]
    return pd.Series([" ".join(texts[d][int(a):int(b)].split()) if pd.notna(a) else "" for d, a, b in
                      zip(spans["doc_id"], spans["start_char"], spans["end_char"], strict=True)], index=rows.index)


def themes_by(corpus: Corpus, by: str = "doc_id", *, per: str = "story") -> pd.DataFrame | Finding:
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
        t = once_per_story(corpus, t.assign(_sentence=themed_sentences(corpus, t)), ["theme", "_sentence"], per)
    docs = corpus.documents
    if by == "publisher":
        keys = t["doc_id"].map(pd.Series(publisher(docs).to_numpy(), index=docs["doc_id"]))
    elif by == "month":
        keys = t["doc_id"].map(article_dates(corpus).set_index("doc_id")["when"]).dt.to_period("M")
    else:
        keys = t[by]
    return pd.crosstab(keys.rename(by), t["theme"])


def theme_terms(corpus: Corpus, top: int = 5) -> pd.DataFrame | Finding:
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
    per = t.drop_duplicates(["doc_id", "sent_idx", "theme"]).groupby("theme").agg(
        sentences=("sent_idx", "size"), articles=("doc_id", "nunique")).sort_values("sentences", ascending=False)
    listed = "; ".join(f"{theme} ({_plural(int(r.sentences), 'sentence')}, {_plural(int(r.articles), 'article')})"
                       for theme, r in per.head(3).iterrows())
    return Finding(f"{_plural(len(per), 'theme')} appear in the corpus; the most frequent: {listed}.")


#: A period counts as covered when the corpus spans at least this share of its days.
FULL_PERIOD = 0.8


def covered_periods(when: pd.Series, freq: str = "M") -> pd.PeriodIndex:
    """The periods (`M` months, `W` weeks) that the span of `when` covers for at least `FULL_PERIOD` of their days.

    A corpus that starts on 28 March covers March only in part: a chart that draws March as a full
    month shows a "collapse" that is an artefact. Periods between the first and last date always count.
    """
    when = pd.to_datetime(when).dropna()
    if when.empty:
        return pd.PeriodIndex([], freq=freq)
    first, last = when.min().normalize(), when.max().normalize()
    keep = [p for p in pd.period_range(first, last, freq=freq)
            if (min(p.end_time.normalize(), last) - max(p.start_time.normalize(), first)).days + 1
            >= FULL_PERIOD * ((p.end_time.normalize() - p.start_time.normalize()).days + 1)]
    return pd.PeriodIndex(keep, freq=freq)


def articles_over_time(corpus: Corpus, freq: str = "MS") -> pd.DataFrame:
    """Articles per period, split into those with a publication date and those dated from their text."""
    dates = article_dates(corpus).dropna(subset=["when"])
    if dates.empty:
        return pd.DataFrame(columns=["published", "inferred"])
    table = pd.crosstab(dates.set_index("when").index.to_period(freq.rstrip("S") or "M"), dates["dated"].to_numpy())
    for column in ("published", "inferred"):
        if column not in table:
            table[column] = 0
    table.index.name = "period"
    table.columns.name = None
    return table[["published", "inferred"]]


def events(corpus: Corpus) -> pd.DataFrame | Finding:
    """Who did what to whom, with the article's date."""
    if note := missing_table(corpus, "events"):
        return note
    e = corpus.events
    return e.assign(date=e["doc_id"].map(article_dates(corpus).set_index("doc_id")["when"]))


def events_over_time(corpus: Corpus, freq: str = "MS") -> pd.DataFrame | Finding:
    """Events per period and class (articles without a date left out)."""
    e = events(corpus)
    if isinstance(e, Finding):
        return e
    e = e.dropna(subset=["date"])
    if e.empty:
        return pd.DataFrame()
    return pd.crosstab(e["date"].dt.to_period(freq.rstrip("S") or "M"), e["event_class"])


def date_mentions(corpus: Corpus) -> pd.DataFrame | Finding:
    """Dates mentioned in the text, resolved against each article's date where possible."""
    if note := missing_table(corpus, "mentions"):
        return note
    return corpus.mentions


def date_evidence(corpus: Corpus) -> pd.DataFrame | Finding:
    """How each article was dated: publication date, inferred range, and the evidence for it."""
    if note := missing_columns(corpus, "documents", ["date_min", "date_max", "date_source"]):
        return note
    docs = corpus.documents
    columns = [c for c in ("doc_id", "title", "date", "date_min", "date_max", "date_source", "date_evidence")
               if c in docs]
    return with_browser(docs[columns], "articles")


def describe_timeline(corpus: Corpus) -> Finding:
    """When the articles were published (or are dated from their text), and the busiest period."""
    dates = article_dates(corpus)
    known = dates.dropna(subset=["when"])
    if known.empty:
        note = missing_columns(corpus, "documents", ["date_min"])
        return Finding(f"None of the {len(dates):,} articles has a publication date"
                       + (" and no date could be inferred from the text." if note is None else
                          "; this store has no dates inferred from the text yet."))
    months = known["when"].dt.to_period("M").value_counts()
    text = (f"{len(known):,} of {len(dates):,} articles can be dated ({int((known['dated'] == 'published').sum()):,} "
            f"by publication date, {int((known['dated'] == 'inferred').sum()):,} from their text), between "
            f"{day(known['when'].min())} and {day(known['when'].max())}")
    if len(months) > 1 and months.iloc[0] > months.iloc[1]:
        text += f"; the busiest month is {months.index[0].strftime('%B %Y')} ({_plural(int(months.iloc[0]), 'article')})"
    return Finding(text + ".")


def describe_events(corpus: Corpus) -> Finding:
    """How many events, the most frequent class and the most active actor."""
    e = events(corpus)
    if isinstance(e, Finding):
        return e
    if e.empty:
        return Finding("No events were found in this corpus.")
    classes = e["event_class"].value_counts()
    actors = e["actor_text"].dropna().value_counts()
    text = (f"{_plural(len(e), 'event')} in {e['doc_id'].nunique():,} articles; the most frequent kind is "
            f"{classes.index[0]} ({classes.iloc[0]:,})")
    if not actors.empty:
        text += f", and {actors.index[0]} is the most frequent actor ({_plural(int(actors.iloc[0]), 'event')})"
    return Finding(text + ".")


# --- tables at a glance ---------------------------------------------------------------------------


def table_overview(corpus: Corpus) -> pd.DataFrame:
    """Every table of the store with its rows and columns, and the extraction tables still missing."""
    rows = [{"table": name, "rows": int(info["rows"]), "status": "in store"}
            for name, info in corpus.manifest["tables"].items()]
    rows += [{"table": name, "rows": 0, "status": f"not extracted yet ({what})"}
             for name, what in EXTRACTED.items() if name not in corpus.tables]
    return pd.DataFrame(rows)


def peek(corpus: Corpus, table: str, n: int = 5) -> pd.DataFrame | Finding:
    """The first rows of a table (long text columns shortened), or a note if it is not there."""
    if note := missing_table(corpus, table):
        return note
    frame = corpus.head(table, n)
    frame = frame.drop(columns=[c for c in ("raw_text", "meta") if c in frame])
    if "source" in frame.columns:  # where the article came from, named as the reader knows it (no local folders)
        frame["source"] = frame["source"].map(lambda s: Path(str(s)).name if isinstance(s, str) else s)
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(lambda v: v[:80] + " …" if isinstance(v, str) and len(v) > 80 else v)
    return frame
