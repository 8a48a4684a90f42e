"""Interactive explorers for Jupyter (ipywidgets): keyword in context, actors, quotes, filters, reader."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import ipywidgets as widgets
import numpy as np
import pandas as pd

from .. import explore
from ..corpus import Corpus
from ..explore import Finding

ALL = "(all)"
_STYLE = (
    "<style>.kit-table{border-collapse:collapse;font-size:13px}.kit-table td,.kit-table th{padding:2px 8px;"
    "border-bottom:1px solid #ddd;vertical-align:top;text-align:left}.kit-table td.l{text-align:right;"
    "white-space:nowrap;color:#555}.kit-table td.r{white-space:nowrap;color:#555}.kit-table mark{"
    "background:#ffe08a}.kit-note{color:#555;font-style:italic}</style>"
)


def _escape(value: object) -> str:
    """Text of a cell, HTML-escaped ('' for missing values)."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return html.escape(str(value))


def html_table(frame: pd.DataFrame, *, classes: dict[str, str] | None = None, raw: Sequence[str] = ()) -> str:
    """An HTML table of a DataFrame with every cell escaped (columns in `raw` are already HTML).

    Args:
        frame: The rows to show (keep it short: callers cap it).
        classes: CSS class per column.
        raw: Columns holding HTML made by the caller from escaped text.
    """
    classes = classes or {}
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    cells = {c: (frame[c].astype(str) if c in raw else frame[c].map(_escape)) for c in frame.columns}
    body = "".join(
        "<tr>" + "".join(f'<td class="{classes.get(c, "")}">{cells[c].iloc[i]}</td>' for c in frame.columns) + "</tr>"
        for i in range(len(frame))
    )
    return f'<table class="kit-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def note(text: str) -> str:
    """A one-line note as HTML (escaped; Markdown emphasis markers dropped)."""
    return f'<p class="kit-note">{html.escape(str(text).strip("*"))}</p>'


class Explorer(widgets.VBox):
    """Controls above a results pane; the current results are also given as static HTML.

    The static HTML is what a page exported without a running kernel shows, so every explorer
    renders its first results when it is built.
    """

    def __init__(self, controls: Sequence[widgets.Widget], title: str = "") -> None:
        self.results = widgets.HTML()
        header = [widgets.HTML(f"<b>{html.escape(title)}</b>")] if title else []
        super().__init__([*header, *controls, self.results])

    def show(self, body: str) -> None:
        """Replace the results pane."""
        self.results.value = _STYLE + body

    def _repr_mimebundle_(self, **kwargs) -> dict:
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/html"] = self.results.value
        return bundle


class FilterBar(widgets.HBox):
    """Publisher and date-range filters over the articles of a corpus (vectorised, no loops per row)."""

    def __init__(self, corpus: Corpus) -> None:
        docs = corpus.metadata
        dates = explore.article_dates(corpus)
        self.frame = pd.DataFrame(
            {
                "doc_id": docs["doc_id"],
                "publisher": explore.publisher(docs).to_numpy(),
                "date": dates["when"].to_numpy(),
            }
        )
        names = self.frame["publisher"].value_counts().index.tolist()
        self.publisher = widgets.Dropdown(options=[ALL, *names], value=ALL, description="Publisher")
        known = self.frame["date"].dropna()
        self.start = widgets.DatePicker(description="From", value=None)
        self.end = widgets.DatePicker(description="To", value=None)
        self.undated = widgets.Checkbox(value=True, description="include undated", indent=False)
        if known.empty:
            self.start.disabled = self.end.disabled = True
        super().__init__([self.publisher, self.start, self.end, self.undated])

    @property
    def controls(self) -> list[widgets.Widget]:
        """The widgets whose changes change the selection."""
        return [self.publisher, self.start, self.end, self.undated]

    def mask(self) -> np.ndarray:
        """Which articles pass the filters, in document order."""
        keep = np.ones(len(self.frame), dtype=bool)
        if self.publisher.value != ALL:
            keep &= (self.frame["publisher"] == self.publisher.value).to_numpy()
        date = self.frame["date"]
        in_range = pd.Series(True, index=self.frame.index)
        if self.start.value:
            in_range &= date >= pd.Timestamp(self.start.value)
        if self.end.value:
            in_range &= date <= pd.Timestamp(self.end.value)
        keep &= (
            (in_range | (date.isna() & self.undated.value)).to_numpy()
            if (self.start.value or self.end.value)
            else (date.notna() | self.undated.value).to_numpy()
        )
        return keep

    def doc_ids(self) -> pd.Series:
        """Ids of the articles that pass the filters."""
        return self.frame.loc[self.mask(), "doc_id"]

    def describe(self) -> str:
        """The filters in words ("all articles" when none is set)."""
        parts = []
        if self.publisher.value != ALL:
            parts.append(f"published by {self.publisher.value}")
        if self.start.value:
            parts.append(f"from {self.start.value:%Y-%m-%d}")
        if self.end.value:
            parts.append(f"to {self.end.value:%Y-%m-%d}")
        if not self.undated.value:
            parts.append("dated only")
        return ", ".join(parts) or "all articles"


def _observe(controls: Iterable[widgets.Widget], callback) -> None:
    for control in controls:
        control.observe(lambda _change: callback(), names="value")


def filter_explorer(corpus: Corpus, *, max_rows: int = 200) -> Explorer:
    """The articles that pass a publisher and date-range filter: title, publisher, date, words."""
    filters = FilterBar(corpus)
    table = explore.overview(corpus)
    explorer = Explorer([filters], "Articles by publisher and date")

    def update() -> None:
        rows = table[filters.mask()]
        shown = rows.head(max_rows)
        explorer.show(
            f"<p>{len(rows):,} of {len(table):,} articles ({html.escape(filters.describe())})"
            f"{'; first ' + str(max_rows) + ' shown' if len(rows) > max_rows else ''}.</p>"
            + html_table(shown[["doc_id", "title", "publisher", "date", "dated", "words", "spelling"]])
        )

    _observe(filters.controls, update)
    explorer.filters, explorer.update = filters, update
    update()
    return explorer


def kwic_explorer(corpus: Corpus, *, term: str | None = None, window: int = 60, max_rows: int = 200) -> Explorer:
    """Keyword in context: a search box, a window size and publisher/date filters over every article.

    Each search asks the word index which articles can match and reads only their texts (`kit.explore.KwicIndex`).

    Args:
        corpus: The corpus.
        term: The first search (default: the actor named most). `*` matches any ending.
        window: Characters of context either side.
        max_rows: Most matches shown.
    """
    index = explore.kwic_index(corpus)
    if term is None:
        counts = explore.actor_counts(corpus, gazetteer_only=True)
        term = str(counts["entity_name"].iloc[0]) if not counts.empty else ""
    search = widgets.Text(
        value=term, description="Search", placeholder="word, phrase or prefix*, then Enter", continuous_update=False
    )
    go = widgets.Button(description="Search", tooltip="Search the whole corpus (or press Enter in the box)")
    size = widgets.IntSlider(value=window, min=10, max=300, step=10, description="Window", continuous_update=False)
    filters = FilterBar(corpus)
    explorer = Explorer([widgets.HBox([search, go, size]), filters], "Keyword in context")

    def update() -> None:
        if not search.value.strip():
            explorer.show(note("Type a word to search for."))
            return
        pos, doc = index.find(search.value, doc_ids=filters.doc_ids())
        if not len(pos):
            explorer.show(note(f"“{search.value}” does not occur in {filters.describe()}."))
            return
        shown = index.rows(pos, doc, window=size.value, max_rows=max_rows)  # context only for rows shown
        shown = shown.assign(match=[f"<mark>{html.escape(m)}</mark>" for m in shown["match"]])
        explorer.show(
            f"<p>“{html.escape(search.value)}”: {len(pos):,} matches in {len(np.unique(doc)):,} "
            f"articles ({html.escape(filters.describe())})"
            f"{'; first ' + str(max_rows) + ' shown' if len(pos) > max_rows else ''}.</p>"
            + html_table(
                shown[["doc_id", "publisher", "date", "left", "match", "right"]],
                classes={"left": "l", "right": "r"},
                raw=["match"],
            )
        )

    _observe([search, size, *filters.controls], update)
    go.on_click(lambda _button: update())
    explorer.search, explorer.window, explorer.filters, explorer.update = search, size, filters, update
    update()
    return explorer


def _profile_html(profile: explore.ActorProfile) -> str:
    parts = [f"<p>{html.escape(profile.summary)}</p>", *(note(n) for n in profile.notes)]
    parts.append("<p><b>Written as</b></p>" + html_table(profile.spellings))
    if not profile.over_time.empty:
        over_time = profile.over_time.reset_index()
        parts.append("<p><b>Mentions over time</b></p>" + html_table(over_time))
    if not profile.partners.empty:
        parts.append(
            "<p><b>Named together with</b> (sentences)</p>"
            + html_table(profile.partners[["entity_name", "count", "articles"]])
        )
    if profile.quotes is not None and not profile.quotes.empty:
        parts.append("<p><b>Quoted</b></p>" + html_table(profile.quotes[["doc_id", "kind", "quote"]].head(30)))
    parts.append("<p><b>Sentences naming them</b></p>" + html_table(profile.sentences[["doc_id", "sentence"]].head(15)))
    return "".join(parts)


def actor_explorer(corpus: Corpus, *, actor: str | None = None, top: int = 300) -> Explorer:
    """Pick an actor; see how they are written, mentions over time, co-occurring actors, quotes, sentences.

    Args:
        corpus: The corpus.
        actor: The first actor shown (id or name; default: the person named most, else the actor named most).
        top: How many actors (by mentions) the picker offers.
    """
    counts = explore.actor_counts(corpus).head(top)
    if counts.empty:
        explorer = Explorer([], "Actors")
        explorer.show(note("No actors were found in this corpus."))
        return explorer
    pairs = explore.cooccurrence(corpus)
    options = [(f"{r.entity_name} ({r.entity_type}, {r.mentions})", r.entity_id) for r in counts.itertuples()]
    if actor is not None:
        first = explore.resolve_actor(corpus, actor)
    else:
        people = counts[counts["entity_type"] == "person"]
        first = (people if not people.empty else counts)["entity_id"].iloc[0]
    if first not in dict((v, k) for k, v in options):
        options.insert(0, (first, first))
    picker = widgets.Dropdown(options=options, value=first, description="Actor")
    explorer = Explorer([picker], "Actor profile")

    def update() -> None:
        explorer.show(_profile_html(explore.actor_profile(corpus, picker.value, pairs=pairs)))

    _observe([picker], update)
    explorer.picker, explorer.update = picker, update
    update()
    return explorer


def quote_explorer(corpus: Corpus, *, max_rows: int = 200) -> Explorer:
    """Browse quotations by speaker, kind, theme of the sentence, publisher, date and words in the quote."""
    quotes = explore.quotes(corpus)
    if isinstance(quotes, Finding):
        explorer = Explorer([], "Quotations")
        explorer.show(note(quotes))
        return explorer
    quotes = quotes.reset_index(drop=True)
    lower = (quotes["quote"].fillna("") + "\n" + quotes["speaker"].fillna("")).str.lower()
    if explore.has_table(corpus, "themes"):
        themes = corpus.themes.groupby(["doc_id", "sent_idx"])["theme"].agg(
            lambda t: "|" + "|".join(sorted(set(t))) + "|"
        )
        theme_key = pd.MultiIndex.from_arrays([quotes["doc_id"], quotes["sent_idx"]])
        quote_themes = pd.Series(themes.reindex(theme_key).to_numpy(), index=quotes.index).fillna("")
        theme_names = sorted(corpus.themes["theme"].dropna().unique())
    else:
        quote_themes, theme_names = pd.Series("", index=quotes.index), []
    speakers = quotes["speaker"].value_counts()
    speaker = widgets.Dropdown(
        options=[(ALL, ALL), *[(f"{s} ({n})", s) for s, n in speakers.items()]], value=ALL, description="Speaker"
    )
    kind = widgets.Dropdown(options=[ALL, *sorted(quotes["kind"].dropna().unique())], value=ALL, description="Kind")
    theme = widgets.Dropdown(options=[ALL, *theme_names], value=ALL, description="Theme", disabled=not theme_names)
    words = widgets.Text(
        description="Contains",
        placeholder="words in the quote or its speaker",
        tooltip="Filters as you type",
        continuous_update=True,
    )
    filters = FilterBar(corpus)
    doc_pos = pd.Series(np.arange(len(filters.frame)), index=filters.frame["doc_id"])
    quote_doc = quotes["doc_id"].map(doc_pos).to_numpy()
    explorer = Explorer([widgets.HBox([speaker, kind, theme]), words, filters], "Quotations")

    def update() -> None:
        keep = filters.mask()[quote_doc]
        if speaker.value != ALL:
            keep &= (quotes["speaker"] == speaker.value).to_numpy()
        if kind.value != ALL:
            keep &= (quotes["kind"] == kind.value).to_numpy()
        if theme.value != ALL:
            keep &= quote_themes.str.contains(f"|{theme.value}|", regex=False).to_numpy()
        if words.value.strip():
            keep &= lower.str.contains(words.value.strip().lower(), regex=False).to_numpy()
        rows = quotes[keep]
        missing_themes = explore.missing_table(corpus, "themes") if not theme_names else None
        if missing_themes:
            extra = note(missing_themes)
        else:
            extra = ""
        explorer.show(
            f"<p>{len(rows):,} of {len(quotes):,} quotations"
            f"{'; first ' + str(max_rows) + ' shown' if len(rows) > max_rows else ''}.</p>"
            + extra
            + html_table(rows.head(max_rows)[["doc_id", "publisher", "speaker", "kind", "cue", "quote"]])
        )

    _observe([speaker, kind, theme, words, *filters.controls], update)
    explorer.speaker, explorer.kind, explorer.theme, explorer.words = speaker, kind, theme, words
    explorer.filters, explorer.update = filters, update
    update()
    return explorer


def entity_html(corpus: Corpus, doc_id: str) -> str:
    """One article with its stored entity mentions highlighted by displaCy (no re-tagging).

    displaCy escapes the article text; the title line is escaped here.
    """
    from spacy import displacy

    from .figures import TYPE_COLOURS

    text = corpus.text(doc_id)
    ents = corpus.entities
    ents = ents[ents["doc_id"] == doc_id].sort_values("start_char")
    spans = [
        {"start": int(s), "end": int(e), "label": str(t).upper()}
        for s, e, t in zip(ents["start_char"], ents["end_char"], ents["entity_type"])
    ]
    colours = {t.upper(): c + "55" for t, c in TYPE_COLOURS.items()}
    body = displacy.render(
        {"text": text, "ents": spans, "title": None},
        style="ent",
        manual=True,
        jupyter=False,
        options={"colors": colours},
    )
    doc = corpus.metadata.set_index("doc_id").loc[doc_id]
    date = doc.get("date")
    head = (
        f"<p><b>{html.escape(str(doc['title'] or doc_id))}</b><br><small>{html.escape(doc_id)}"
        f"{' · ' + html.escape(str(date)) if date is not None and not pd.isna(date) else ''}"
        f"{' · ' + html.escape(str(doc['outlet'])) if isinstance(doc.get('outlet'), str) else ''} · "
        f"{len(spans):,} entity mentions</small></p>"
    )
    return head + body


def document_reader(corpus: Corpus, *, doc_id: str | None = None) -> Explorer:
    """Read one article with its entity mentions highlighted (from the store's offsets).

    Args:
        corpus: The corpus.
        doc_id: The first article shown (default: the first one).
    """
    docs = corpus.metadata
    options = [(f"{d} · {str(t or '')[:70]}", d) for d, t in zip(docs["doc_id"], docs["title"])]
    picker = widgets.Dropdown(
        options=options,
        value=doc_id or docs["doc_id"].iloc[0],
        description="Article",
        layout=widgets.Layout(width="90%"),
    )
    explorer = Explorer([picker], "Article reader")

    def update() -> None:
        explorer.show(entity_html(corpus, picker.value))

    _observe([picker], update)
    explorer.picker, explorer.update = picker, update
    update()
    return explorer


__all__ = [
    "Explorer",
    "FilterBar",
    "actor_explorer",
    "document_reader",
    "entity_html",
    "filter_explorer",
    "html_table",
    "kwic_explorer",
    "quote_explorer",
]
