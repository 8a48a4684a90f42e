"""What every analysis of the tables shares: findings in words, missing tables, counting once per story."""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from ..corpus import Corpus

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
    return Finding(
        f"*The `{name}` table ({what}) is not in this store: the kit that tagged it does not "
        f"extract {name} yet. Re-run `python -m kit tag` with a kit that does to see this part.*"
    )


def missing_columns(corpus: Corpus, table: str, columns: Iterable[str]) -> Finding | None:
    """A one-line note when a table lacks some columns (a store made by an older kit), else None."""
    frame_columns = set(corpus.store_schema(table).names) if table != "documents" else set(corpus.metadata.columns)
    lacking = [c for c in columns if c not in frame_columns]
    if not lacking:
        return None
    return Finding(
        f"*The `{table}` table of this store has no {', '.join(f'`{c}`' for c in lacking)} column(s) "
        "yet: re-tag the corpus with a kit that adds them.*"
    )


# --- counting once per story --------------------------------------------------------------------


def publisher(documents: pd.DataFrame) -> pd.Series:
    """Who published each article: the outlet, else the first credited agency, else `(not given)`."""
    outlet = documents["outlet"].where(
        documents["outlet"].notna() & (documents["outlet"].astype(str).str.strip() != "")
    )
    agency = documents["agencies"].map(lambda a: f"{a[0]} (agency)" if a is not None and len(a) else None)
    return outlet.fillna(agency).fillna(UNKNOWN_SOURCE).rename("publisher")


#: How counts treat republished copies: `story` counts a story's copies once, `article` counts each copy.
PER = ("story", "article")


def story_of(corpus: Corpus) -> pd.Series:
    """Each document's story id (the first article of its group of copies), indexed by `doc_id`.

    Documents of a store without a `stories` table are each their own story.
    """
    docs = corpus.metadata["doc_id"]
    own = pd.Series(docs.to_numpy(), index=docs.to_numpy())
    if "stories" not in corpus.tables:
        return own
    stories = corpus.stories.set_index("doc_id")["story_id"]
    return stories.reindex(own.index).fillna(own)


def once_per_story(corpus: Corpus, frame: pd.DataFrame, keys: Iterable[str], *, per: str = "story") -> pd.DataFrame:
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


def copies_note(corpus: Corpus, *, per: str = "story") -> str:
    """A sentence saying how republished copies were counted, or "" when the corpus has none."""
    stories = story_of(corpus)
    copies = int((stories.index != stories.to_numpy()).sum())
    if not copies:
        return ""
    if per == "story":
        return (
            f" {_plural(copies, 'article')} {'is a copy' if copies == 1 else 'are copies'} of another "
            "article's story; what a story's copies repeat is counted once."
        )
    return (
        f" {_plural(copies, 'article')} {'is a copy' if copies == 1 else 'are copies'} of another story, each counted."
    )


# --- tables at a glance ---------------------------------------------------------------------------


def table_overview(corpus: Corpus) -> pd.DataFrame:
    """Every table of the store with its rows and columns, and the extraction tables still missing."""
    rows = [
        {"table": name, "rows": int(info["rows"]), "status": "in store"}
        for name, info in corpus.manifest["tables"].items()
    ]
    rows += [
        {"table": name, "rows": 0, "status": f"not extracted yet ({what})"}
        for name, what in EXTRACTED.items()
        if name not in corpus.tables
    ]
    return pd.DataFrame(rows)


def peek(corpus: Corpus, table: str, *, n: int = 5) -> pd.DataFrame | Finding:
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


def with_browser(frame: Any, key: str, *, hide: Iterable[str] = ()) -> Any:
    """Tag a table with the report browser that holds all of its rows (and columns not to show).

    The tag is a key in `frame.attrs`; `kit.present.display` turns it into a link to the browser.
    """
    if isinstance(frame, (pd.DataFrame, pd.Series)):
        frame.attrs["kit_browser"] = key
        if hide:
            frame.attrs["kit_hide"] = list(hide)
    return frame
