"""When: articles, events and dates mentioned over time (notebook 05)."""

from __future__ import annotations

import pandas as pd

from ..corpus import Corpus
from .base import Finding, _plural, day, missing_columns, missing_table, with_browser
from .documents import article_dates

FULL_PERIOD = 0.8


def covered_periods(when: pd.Series, *, freq: str = "M") -> pd.PeriodIndex:
    """The periods (`M` months, `W` weeks) that the span of `when` covers for at least `FULL_PERIOD` of their days.

    A corpus that starts on 28 March covers March only in part: a chart that draws March as a full
    month shows a "collapse" that is an artefact. Periods between the first and last date always count.
    """
    when = pd.to_datetime(when).dropna()
    if when.empty:
        return pd.PeriodIndex([], freq=freq)
    first, last = when.min().normalize(), when.max().normalize()
    keep = [
        p
        for p in pd.period_range(first, last, freq=freq)
        if (min(p.end_time.normalize(), last) - max(p.start_time.normalize(), first)).days + 1
        >= FULL_PERIOD * ((p.end_time.normalize() - p.start_time.normalize()).days + 1)
    ]
    return pd.PeriodIndex(keep, freq=freq)


def articles_over_time(corpus: Corpus, *, freq: str = "MS") -> pd.DataFrame:
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


def events_over_time(corpus: Corpus, *, freq: str = "MS") -> pd.DataFrame | Finding:
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
    docs = corpus.metadata
    columns = [
        c for c in ("doc_id", "title", "date", "date_min", "date_max", "date_source", "date_evidence") if c in docs
    ]
    return with_browser(docs[columns], "articles")


def describe_timeline(corpus: Corpus) -> Finding:
    """When the articles were published (or are dated from their text), and the busiest period."""
    dates = article_dates(corpus)
    known = dates.dropna(subset=["when"])
    if known.empty:
        note = missing_columns(corpus, "documents", ["date_min"])
        return Finding(
            f"None of the {len(dates):,} articles has a publication date"
            + (
                " and no date could be inferred from the text."
                if note is None
                else "; this store has no dates inferred from the text yet."
            )
        )
    months = known["when"].dt.to_period("M").value_counts()
    text = (
        f"{len(known):,} of {len(dates):,} articles can be dated ({int((known['dated'] == 'published').sum()):,} "
        f"by publication date, {int((known['dated'] == 'inferred').sum()):,} from their text), between "
        f"{day(known['when'].min())} and {day(known['when'].max())}"
    )
    if len(months) > 1 and months.iloc[0] > months.iloc[1]:
        text += (
            f"; the busiest month is {months.index[0].strftime('%B %Y')} ({_plural(int(months.iloc[0]), 'article')})"
        )
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
    text = (
        f"{_plural(len(e), 'event')} in {e['doc_id'].nunique():,} articles; the most frequent kind is "
        f"{classes.index[0]} ({classes.iloc[0]:,})"
    )
    if not actors.empty:
        text += f", and {actors.index[0]} is the most frequent actor ({_plural(int(actors.iloc[0]), 'event')})"
    return Finding(text + ".")
