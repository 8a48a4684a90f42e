"""The report's front page: the corpus in words, its key findings and the caveats that go with them.

Every finding is computed from the tables (nothing is written by hand) and links to the browser rows
or the page that support it. Counts treat the copies of a republished story once (`explore.once_per_story`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd

from .. import explore
from ..corpus import Corpus
from ..explore import UNKNOWN_SOURCE, _plural
from ..explore import day as _day
from ..extract.themes import load_themes

#: Figures categories named on the front page, in this order.
CATEGORIES = ("killed", "wounded", "troops", "displaced")
#: Stories that must give a figure for the front page to call it corroborated.
CORROBORATED = 2


@dataclass(frozen=True)
class KeyFinding:
    """One finding of the front page.

    Attributes:
        topic: What it is about (`quotes`, `figures`, `spelling`, `themes`, `actors`, `timeline`,
            `stories`); the report links it to the page on that topic.
        headline: A short heading, such as "Who is quoted most".
        text: One or two sentences with the numbers.
        links: `(label, href)` pairs, relative to the report's folder, to the rows behind the numbers.
    """

    topic: str
    headline: str
    text: str
    links: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def browse_href(page: str, **filters: str) -> str:
    """A link to a report browser with its filters set (`browse/quotes.html?speaker=...`)."""
    query = urlencode({k: v for k, v in filters.items() if v}, safe="")
    return f"browse/{page}.html" + (f"?{query}" if query else "")


def corpus_in_words(corpus: Corpus) -> str:
    """ "322 articles from 3 outlets (RT 200, ...), 1 March – 31 July 2014": never a local path."""
    docs = corpus.metadata
    n = len(docs)
    if not n:
        return "An empty corpus: no article could be read."
    named = explore.publisher(docs)
    outlets = named[named != UNKNOWN_SOURCE].value_counts()
    text = _plural(n, "article")
    if len(outlets) == 1:
        text += f" from {outlets.index[0]}"
    elif len(outlets) > 1:
        listed = ", ".join(f"{name} {count:,}" for name, count in outlets.head(5).items())
        more = f" and {len(outlets) - 5:,} more" if len(outlets) > 5 else ""
        text += f" from {len(outlets):,} outlets ({listed}{more})"
    if unnamed := int((named == UNKNOWN_SOURCE).sum()):
        text += f" ({unnamed:,} name no outlet)" if len(outlets) == 1 else f"; {unnamed:,} name no outlet"
    dates = explore.article_dates(corpus)
    published = dates["published"].dropna()
    if len(published):
        first, last = published.min(), published.max()
        text += f"; published {_day(first)}" + (f" to {_day(last)}" if last.date() != first.date() else "")
    else:  # dates inferred from mentions stray: give the middle 90% of them
        when = dates["when"].dropna()
        if len(when):
            first, last = when.quantile(0.05), when.quantile(0.95)
            text += f"; dated from their text, mostly {first:%B %Y}" + (
                f" to {last:%B %Y}" if (first.year, first.month) != (last.year, last.month) else ""
            )
    words = int(docs["n_words"].sum())
    return f"{text} ({words:,} words)."


def _quoted_most(corpus: Corpus, per: str) -> KeyFinding | None:
    q = explore.quotes(corpus)
    if isinstance(q, str) or q.empty:
        return None
    q = explore.once_per_story(corpus, q, ["speaker", "quote"], per=per)
    named = q[q["speaker"] != "(unattributed)"]
    if named.empty:
        return None
    top = named["speaker"].value_counts().head(3)
    lead, rest = top.index[0], top.iloc[1:]
    text = (
        f"{lead} is quoted most: {_plural(int(top.iloc[0]), 'quotation')} in "
        f"{_plural(named.loc[named['speaker'] == lead, 'doc_id'].nunique(), 'article')}"
    )
    if len(rest):
        text += ", then " + " and ".join(f"{name} ({count:,})" for name, count in rest.items())
    text += "."
    links = [(f"{lead}'s quotations", browse_href("quotes", speaker=lead))]
    outlets = named["publisher"][named["publisher"] != UNKNOWN_SOURCE].value_counts()
    if len(outlets) > 1:
        per_outlet = []
        for outlet in outlets.head(4).index:
            counts = named.loc[named["publisher"] == outlet, "speaker"].value_counts()
            per_outlet.append(f"{outlet}: {counts.index[0]} ({counts.iloc[0]:,})")
            links.append(
                (f"{outlet}: {counts.index[0]}", browse_href("quotes", speaker=counts.index[0], outlet=outlet))
            )
        text += " By outlet, quoted most — " + "; ".join(per_outlet) + "."
    return KeyFinding("quotes", "Who is quoted most", text, tuple(links[:5]))


def _largest_figures(corpus: Corpus, per: str) -> KeyFinding | None:
    c = explore.claims(corpus)
    if isinstance(c, str) or c.empty:
        return None
    c = explore.once_per_story(corpus, c, ["category", "value", "claimed_by", "text"], per=per)
    c = c[c["qualifier"].fillna("") != "vague"]  # "thousands", "millions": no figure is stated
    stories = c["doc_id"].map(explore.story_of(corpus))
    parts, links, single = [], [], False
    for category in CATEGORIES:
        rows = c[c["category"] == category]
        if rows.empty:
            continue
        # A figure given in two or more stories is corroborated; the largest one-off is often a misread.
        told = rows.assign(_story=stories[rows.index]).groupby("value")["_story"].nunique()
        repeated = told[told >= CORROBORATED].index
        value = repeated.max() if len(repeated) else rows["value"].max()
        top = rows[rows["value"] == value].iloc[0]
        same = rows[rows["value"] == value]
        actor = same["claimed_by_id"].fillna(same["claimed_by"])  # one name per actor
        named = [name for name in same.loc[~actor.duplicated(), "claimed_by"] if name != "(not attributed)"]
        who = (
            "stated without a source"
            if not named
            else f"claimed by {', '.join(named[:3])}{' and others' if len(named) > 3 else ''}"
        )
        when = f", first on {_day(rows.loc[rows['value'] == value, 'date'].min())}" if pd.notna(top["date"]) else ""
        how_often = f"given in {_plural(int(told[value]), 'story', 'stories')}" if len(repeated) else "stated once"
        single = single or not len(repeated)
        parts.append(f"{category}: {value:,.0f} ({who}{when}; {how_often}; {_plural(len(rows), 'figure')} in all)")
        links.append((f"every {category} figure", browse_href("figures", category=category, scope="current")))
    if not parts:
        return None
    text = (
        "The largest figures about this war that more than one story gives, by what they count — "
        + "; ".join(parts)
        + "."
    )
    if single:
        text += " Where no figure is given twice, the largest stated once is shown: check it in its sentence."
    return KeyFinding("figures", "The largest figures, and who gives them", text, tuple(links))


def _spelling(corpus: Corpus) -> KeyFinding | None:
    docs = corpus.metadata
    spelling = docs["spelling"].fillna("neither")
    naming = spelling != "neither"
    if not naming.any():
        return None
    frame = pd.DataFrame({"publisher": explore.publisher(docs), "spelling": spelling})[naming]
    kiev, kyiv = int((frame["spelling"] == "Kiev").sum()), int((frame["spelling"] == "Kyiv").sum())
    text = (
        f"Of {_plural(len(frame), 'article')} naming the capital, {kiev:,} write Kiev, {kyiv:,} Kyiv and "
        f"{len(frame) - kiev - kyiv:,} both."
    )
    links = [
        ("articles writing Kiev", browse_href("articles", spelling="Kiev")),
        ("articles writing Kyiv", browse_href("articles", spelling="Kyiv")),
    ]
    outlets = frame[frame["publisher"] != UNKNOWN_SOURCE]
    if outlets["publisher"].nunique() > 1:
        shares = (
            outlets.assign(kiev=outlets["spelling"] == "Kiev")
            .groupby("publisher")["kiev"]
            .agg(["mean", "size"])
            .sort_values(["size"], ascending=False)
            .head(5)
        )
        text += (
            " Share writing Kiev: "
            + "; ".join(f"{name} {row['mean']:.0%} of {int(row['size']):,}" for name, row in shares.iterrows())
            + "."
        )
    return KeyFinding("spelling", "Kyiv or Kiev", text, tuple(links))


def _dates_for_trends(corpus: Corpus) -> tuple[pd.Series, str]:
    """Publication dates (indexed by `doc_id`) when at least half the articles have one, else none.

    Trends are not read from dates inferred from a text's mentions: those stray by years.
    """
    dates = explore.article_dates(corpus).set_index("doc_id")
    published = dates["published"].dropna()
    if len(published) >= max(2, len(dates) / 2):
        return published, "publication dates"
    return published.iloc[:0], "publication dates"


def _themes_move(corpus: Corpus, per: str) -> KeyFinding | None:
    if "themes" not in corpus.tables:
        return None
    dates, basis = _dates_for_trends(corpus)
    if dates.empty:
        return None
    t = corpus.themes.drop_duplicates(["doc_id", "sent_idx", "theme"])
    t = explore.once_per_story(
        corpus, t.assign(_sentence=explore.themed_sentences(corpus, t, keys=True)), ["theme", "_sentence"], per=per
    )
    t = t.assign(when=t["doc_id"].map(dates)).dropna(subset=["when"])
    if t.empty or t["when"].max() - t["when"].min() < pd.Timedelta(days=28):
        return None
    middle = t["when"].min() + (t["when"].max() - t["when"].min()) / 2
    early, late = t[t["when"] <= middle], t[t["when"] > middle]
    if len(early) < 20 or len(late) < 20 or min(early["doc_id"].nunique(), late["doc_id"].nunique()) < 5:
        return None
    share = pd.DataFrame(
        {"early": early["theme"].value_counts(normalize=True), "late": late["theme"].value_counts(normalize=True)}
    ).fillna(0.0)
    change = (share["late"] - share["early"]).sort_values()
    labels = {theme.id: theme.label for theme in load_themes()}
    rise, fall = change.index[-1], change.index[0]
    text = (
        f"Between the first half of the period (to {_day(middle)}) and the second, "
        f"“{labels.get(rise, rise)}” rises from {share.loc[rise, 'early']:.0%} to "
        f"{share.loc[rise, 'late']:.0%} of themed sentences, and “{labels.get(fall, fall)}” falls from "
        f"{share.loc[fall, 'early']:.0%} to {share.loc[fall, 'late']:.0%} (by {basis})."
    )
    return KeyFinding("themes", "Themes that rise and fall", text)


def _actors(corpus: Corpus) -> KeyFinding | None:
    counts = explore.actor_counts(corpus)
    people = counts[counts["entity_type"] == "person"].head(3)
    if counts.empty:
        return None
    top = counts.head(3)
    text = (
        "Named most: "
        + "; ".join(
            f"{r.entity_name} ({_plural(int(r.mentions), 'mention')} in {_plural(int(r.articles), 'article')})"
            for r in top.itertuples()
        )
        + "."
    )
    if not people.empty and people.iloc[0]["entity_id"] not in set(top["entity_id"]):
        text += (
            " Among people: " + ", ".join(f"{r.entity_name} ({int(r.mentions):,})" for r in people.itertuples()) + "."
        )
    links = tuple(
        (name, browse_href("actors", actor=name))
        for name in dict.fromkeys([*top["entity_name"], *people["entity_name"]])
    )
    return KeyFinding("actors", "Who is named most", text, links[:5])


def _busiest(corpus: Corpus) -> KeyFinding | None:
    when, basis = _dates_for_trends(corpus)
    if len(when) < 20 or when.max() - when.min() < pd.Timedelta(days=14):
        return None
    freq, unit = ("M", "month") if when.max() - when.min() > pd.Timedelta(days=120) else ("W", "week")
    covered = explore.covered_periods(when, freq=freq)
    if len(covered) < 2:
        return None
    counts = when.dt.to_period(freq).value_counts().reindex(covered, fill_value=0)
    if counts.median() < 1:
        return None  # most periods have no article: a "busiest" one says nothing
    top = counts.idxmax()
    name = top.strftime("%B %Y") if freq == "M" else f"the week of {_day(top.start_time)}"
    text = (
        f"The busiest {unit} is {name} ({_plural(int(counts.max()), 'article')}; "
        f"median {int(counts.median()):,} a {unit}; by {basis})."
    )
    dropped = len(pd.period_range(when.min(), when.max(), freq=freq)) - len(covered)
    if dropped:
        text += f" {_plural(dropped, unit)} the corpus covers only in part {'is' if dropped == 1 else 'are'} left out."
    return KeyFinding("timeline", f"The busiest {unit}", text)


def _stories(corpus: Corpus) -> KeyFinding | None:
    stories = explore.story_of(corpus)
    copies = stories.index != stories.to_numpy()
    if not copies.any():
        return None
    n_stories = stories[copies].nunique()
    text = (
        f"{_plural(int(copies.sum()), 'article')} repeat {_plural(n_stories, 'story', 'stories')} "
        "published elsewhere in the corpus (wire copy and reprints). The counts on this page take each "
        "story once; the article pages keep every copy."
    )
    return KeyFinding("stories", "Republished stories", text)


def key_findings(corpus: Corpus, *, per: str = "story") -> list[KeyFinding]:
    """The front page's findings, computed from the tables; parts with nothing to say are left out.

    Args:
        corpus: The corpus.
        per: `story` counts the copies of a republished story once; `article` counts each copy.
    """
    makers = (
        lambda: _quoted_most(corpus, per),
        lambda: _largest_figures(corpus, per),
        lambda: _actors(corpus),
        lambda: _spelling(corpus),
        lambda: _themes_move(corpus, per),
        lambda: _busiest(corpus),
        lambda: _stories(corpus),
    )
    return [found for make in makers if (found := make()) is not None]


def caveats(corpus: Corpus, *, quality: str | Path | None = None) -> list[str]:
    """What a reader must know before trusting the numbers: measured quality, gaps, date coverage.

    Args:
        corpus: The corpus.
        quality: The extraction scores file (the kit's `data/extraction_quality.csv` by default).
    """
    notes = [
        str(explore.extraction_quality(table="quotes", path=quality)),
        str(explore.extraction_quality(table="numbers", path=quality)),
    ]
    q = explore.quotes(corpus)
    if not isinstance(q, str) and len(q):
        none = int((q["speaker"] == "(unattributed)").sum())
        notes.append(
            f"{none / len(q):.0%} of the {len(q):,} quotations have no speaker the kit could identify; "
            "they are counted as such, never given to a guessed speaker."
        )
    dates = explore.article_dates(corpus)
    counts = dates["dated"].value_counts()
    n = len(dates)
    if n:
        text = (
            f"{int(counts.get('published', 0)):,} of {n:,} articles carry a publication date, "
            f"{int(counts.get('inferred', 0)):,} are dated from their text and "
            f"{int(counts.get('undated', 0)):,} cannot be dated (left off every timeline)."
        )
        when = dates["when"].dropna()
        if len(when) > 1:
            freq = "M" if when.max() - when.min() > pd.Timedelta(days=120) else "W"
            spans = pd.period_range(when.min(), when.max(), freq=freq)
            partial = len(spans) - len(explore.covered_periods(when, freq=freq))
            if partial:
                unit = "month" if freq == "M" else "week"
                text += (
                    f" {_plural(partial, unit)} at the ends of the span {'is' if partial == 1 else 'are'} "
                    "covered only in part; charts mark or leave them out."
                )
        notes.append(text)
    everything = explore.claims(corpus, scopes=None)
    if not isinstance(everything, str):
        other = int((everything["scope"] != "current").sum()) if "scope" in everything else 0
        if other:
            notes.append(
                f"{_plural(other, 'figure')} about earlier wars, other conflicts or hypothetical cases "
                "are left out of the figures' counts."
            )
    return notes


__all__ = ["KeyFinding", "browse_href", "caveats", "corpus_in_words", "key_findings"]
