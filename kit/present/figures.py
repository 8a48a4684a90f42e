"""Matplotlib figures of a tagged corpus: actors, their network, timelines, claims, word choice, themes.

Every chart is a `Chart`: a matplotlib `Figure` that carries a one-sentence description of what it
shows, which becomes the alt text of its image in notebooks and in the report. Charts are drawn to be
read at phone width too (few, large labels), with time on real date axes, periods the corpus covers
only in part marked as such, per-outlet comparisons only when there is more than one outlet, and every
label drawn from article data drawn as plain text (a `$` in an outlet's name is not maths).
"""

from __future__ import annotations

import base64
import io

import numpy as np
import pandas as pd
from matplotlib import dates as mdates
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from .. import explore
from ..corpus import Corpus
from ..explore import Finding
from ..extract.themes import load_themes

#: Colour of each entity type in charts and the network.
TYPE_COLOURS = {
    "person": "#4C72B0",
    "state": "#C44E52",
    "government": "#DD8452",
    "organisation": "#55A868",
    "armed_group": "#8172B3",
    "place": "#937860",
    "media": "#DA8BC3",
    "agreement": "#8C8C8C",
    "group": "#CCB974",
    "event": "#64B5CD",
}
_OTHER_COLOUR = "#B0B0B0"
#: Inches wide: at 100 dots an inch, a chart shrunk to a phone's 400 pixels keeps its labels legible.
WIDTH = 6.4
#: Font sizes, in points.
FONT = {"title": 13, "label": 11, "tick": 10.5, "legend": 10}


class Chart(Figure):
    """A figure with a description of what it shows: the alt text of its image wherever it is displayed."""

    alt: str = ""

    def _repr_mimebundle_(self, include=None, exclude=None) -> tuple[dict, dict]:
        buffer = io.BytesIO()
        with rc_context({"text.parse_math": False}):  # tick labels are made now: data labels are plain text
            self.savefig(buffer, format="png", dpi=100)
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        return {"image/png": data, "text/plain": self.alt}, {"image/png": {"alt": self.alt}}


def _figure(width: float = WIDTH, height: float = 4.0) -> tuple[Chart, Axes]:
    """A chart outside pyplot's state (shown once when returned from a cell, never twice)."""
    fig = Chart(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


def _finish(fig: Chart, alt: str) -> Chart:
    """Describe the chart, size its text for small screens, and draw every label as plain text."""
    fig.alt = alt
    for ax in fig.axes:
        ax.title.set_fontsize(FONT["title"])
        ax.xaxis.label.set_fontsize(FONT["label"])
        ax.yaxis.label.set_fontsize(FONT["label"])
        ax.tick_params(labelsize=FONT["tick"])
        legend = ax.get_legend()
        if legend is not None:
            for text in legend.get_texts():
                text.set_fontsize(FONT["legend"])
    for text in fig.findobj(Text):
        text.set_parse_math(False)  # "$" in an outlet's name or a quote is text, not maths
    return fig


#: Characters of a label drawn on an axis; longer ones ("President of Ukraine (president.gov.ua/en, ...)")
#: are cut with an ellipsis so the plot keeps its room.
LABEL_CHARS = 32


def short(label: object) -> str:
    """A label cut to `LABEL_CHARS` characters."""
    text = str(label)
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def _date_axis(ax) -> None:
    """Dates on the x axis, as few labels as fit, none colliding."""
    locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _legend_below(ax, columns: int = 3) -> None:
    """A legend under the axes, never over the data."""
    if ax.get_legend_handles_labels()[0]:
        ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=columns)


def bar_chart(values: pd.Series, title: str, xlabel: str, *, colours: list[str] | None = None) -> Chart:
    """A horizontal bar chart, largest bar on top.

    Args:
        values: Bar lengths indexed by label.
        title: The chart title.
        xlabel: What the bars count.
        colours: One colour per bar.
    """
    fig, ax = _figure(WIDTH, max(2.2, 0.34 * len(values) + 1.2))
    ax.barh(
        [short(i) for i in values.index][::-1],
        values.to_numpy()[::-1],
        color=(colours or ["#4C72B0"] * len(values))[::-1],
    )
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    ax.spines[["top", "right"]].set_visible(False)
    top = ", ".join(f"{name} ({value:,.0f})" for name, value in values.head(3).items())
    return _finish(fig, f"{title}: a bar chart of {xlabel}; the largest are {top}.")


def actor_chart(corpus: Corpus, *, top: int = 15, types: list[str] | None = None) -> Chart | Finding:
    """The actors named most, coloured by type."""
    counts = explore.actor_counts(corpus, types=types).head(top)
    if counts.empty:
        return Finding("No actors to chart.")
    values = pd.Series(counts["mentions"].to_numpy(), index=counts["entity_name"])
    fig = bar_chart(
        values,
        f"The {len(values)} actors named most",
        "mentions",
        colours=[TYPE_COLOURS.get(t, _OTHER_COLOUR) for t in counts["entity_type"]],
    )
    _type_legend(fig.axes[0], counts["entity_type"].unique())
    return _finish(fig, fig.alt + " Bars are coloured by type of actor.")


def _type_legend(ax, types) -> None:
    from matplotlib.patches import Patch

    ax.legend(
        handles=[Patch(color=TYPE_COLOURS.get(t, _OTHER_COLOUR), label=str(t)) for t in types],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        frameon=False,
        ncol=3,
    )


def spring_layout(
    n: int, edges: np.ndarray, weights: np.ndarray, *, iterations: int = 200, seed: int = 0
) -> np.ndarray:
    """Node positions by a Fruchterman-Reingold force simulation (numpy only).

    Args:
        n: Number of nodes.
        edges: Pairs of node indices, shape (m, 2).
        weights: Edge weights, shape (m,); heavier edges pull harder.
        iterations: Simulation steps.
        seed: Seed of the random start, so the same data gives the same picture.

    Returns:
        Positions, shape (n, 2), within [-1, 1].
    """
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1, 1, size=(n, 2))
    if n < 2:
        return pos * 0
    k = np.sqrt(4.0 / n)
    w = np.asarray(weights, dtype=float)
    w = w / w.max() if len(w) else w
    temperature = 0.2
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=-1), 1e-3)
        force = (delta / dist[..., None] * (k * k / dist)[..., None]).sum(axis=1)
        if len(edges):
            d = pos[edges[:, 0]] - pos[edges[:, 1]]
            length = np.maximum(np.linalg.norm(d, axis=1), 1e-3)
            pull = d * (length / k * (0.5 + w))[:, None]
            np.add.at(force, edges[:, 0], -pull)
            np.add.at(force, edges[:, 1], pull)
        force -= pos * 0.05 * n  # gravity keeps unconnected nodes in view
        norm = np.maximum(np.linalg.norm(force, axis=1), 1e-9)
        pos += force / norm[:, None] * np.minimum(norm, temperature)[:, None]
        temperature *= 0.98
    pos -= pos.mean(axis=0)
    return pos / max(np.abs(pos).max(), 1e-9)


def cooccurrence_network(
    corpus: Corpus, *, top: int = 15, min_count: int = 2, unit: str = "sentence", gazetteer_only: bool = True
) -> Chart | Finding:
    """The actors named most, joined by a line where they share sentences (wider: more often).

    Args:
        corpus: The corpus.
        top: How many actors (by mentions) to draw: beyond about 15 the labels cannot be read.
        min_count: Leave out pairs seen together fewer times.
        unit: `sentence` or `document`.
        gazetteer_only: Only actors from the curated gazetteer (fewer stray names).
    """
    counts = explore.actor_counts(corpus, gazetteer_only=gazetteer_only).head(top)
    pairs = explore.cooccurrence(corpus, unit=unit, gazetteer_only=gazetteer_only, min_count=min_count)
    ids = counts["entity_id"].tolist()
    pairs = pairs[pairs["a"].isin(ids) & pairs["b"].isin(ids)]
    if pairs.empty:
        return Finding(f"No two of the {len(ids)} most named actors share a {unit} at least {min_count} times.")
    index = {actor: i for i, actor in enumerate(ids)}
    edges = np.column_stack([pairs["a"].map(index), pairs["b"].map(index)]).astype(int)
    weights = pairs["count"].to_numpy(dtype=float)
    pos = spring_layout(len(ids), edges, weights)
    fig, ax = _figure(WIDTH, 5.6)
    widths = 0.6 + 5 * weights / weights.max()
    for (a, b), width in zip(edges, widths):
        ax.plot(pos[[a, b], 0], pos[[a, b], 1], color="#999999", alpha=0.6, linewidth=width, zorder=1)
    mentions = counts["mentions"].to_numpy(dtype=float)
    ax.scatter(
        pos[:, 0],
        pos[:, 1],
        s=60 + 700 * mentions / mentions.max(),
        zorder=2,
        c=[TYPE_COLOURS.get(t, _OTHER_COLOUR) for t in counts["entity_type"]],
        edgecolors="white",
    )
    for (x, y), name in zip(_label_positions(pos), counts["entity_name"]):
        ax.annotate(
            str(name),
            (x, y),
            ha="center",
            va="center",
            fontsize=FONT["legend"],
            zorder=3,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
        )
    ax.set_title(f"Actors named in the same {unit}", loc="left")
    ax.set_axis_off()
    ax.margins(0.15)
    _type_legend(ax, counts["entity_type"].unique())
    strongest = pairs.iloc[0]
    return _finish(
        fig,
        f"A network of the {len(ids)} actors named most; a line joins two named in the same {unit} "
        f"at least {min_count} times, wider for more, and node size is mentions. The strongest link is "
        f"{strongest['name_a']} and {strongest['name_b']} ({int(strongest['count']):,} {unit}s).",
    )


def _label_positions(pos: np.ndarray, gap: float = 0.11, rounds: int = 60) -> np.ndarray:
    """Label anchors near their nodes, pushed apart until no two are closer than `gap` (axes units)."""
    labels = pos + np.array([0.0, 0.07])
    for _ in range(rounds):
        delta = labels[:, None, :] - labels[None, :, :]
        delta[..., 0] *= 0.45  # labels are wide: overlap sideways matters less than up and down
        dist = np.linalg.norm(delta, axis=-1) + np.eye(len(labels))
        close = dist < gap
        if not close.any():
            break
        push = (delta / dist[..., None] * (close * (gap - dist))[..., None]).sum(axis=1)
        labels += 0.5 * push * np.array([0.6, 1.0])
    return labels


def _period_bars(ax, table: pd.DataFrame, columns: list[tuple[str, str, str]], freq: str, when: pd.Series) -> int:
    """Stacked bars per period on a date axis; periods the corpus covers only in part are hatched and paler.

    Returns:
        How many periods are partial.
    """
    covered = set(explore.covered_periods(when, freq=freq))
    starts = table.index.to_timestamp()
    width = 0.8 * (25 if freq == "M" else 6)
    partial = np.array([p not in covered for p in table.index])
    bottom = np.zeros(len(table))
    for column, label, colour in columns:
        values = table[column].to_numpy()
        for mask, alpha, hatch in ((~partial, 1.0, None), (partial, 0.35, "//")):
            if mask.any():
                ax.bar(
                    starts[mask],
                    values[mask],
                    bottom=bottom[mask],
                    width=width,
                    align="edge",
                    color=colour,
                    alpha=alpha,
                    hatch=hatch,
                    label=label if alpha == 1.0 else None,
                    edgecolor="white",
                )
        bottom += values
    _date_axis(ax)
    return int(partial.sum())


def timeline_chart(corpus: Corpus, *, freq: str = "MS") -> Chart | Finding:
    """Articles per month (or week, `freq="W"`), stacked: dated by publication date and dated from their text.

    Months the corpus covers only in part (it starts on the 28th, say) are hatched and paler, and the
    title says so: a bar for three days is not a quiet month.
    """
    table = explore.articles_over_time(corpus, freq=freq)
    if table.empty:
        return explore.describe_timeline(corpus)
    period = "M" if freq.startswith("M") else "W"
    when = explore.article_dates(corpus)["when"].dropna()
    fig, ax = _figure(WIDTH, 3.8)
    partial = _period_bars(
        ax,
        table,
        [("published", "publication date", "#4C72B0"), ("inferred", "dated from the text", "#DD8452")],
        period,
        when,
    )
    unit = "month" if period == "M" else "week"
    ax.set_ylabel("articles")
    ax.set_title(f"Articles a {unit}" + (" (hatched: covered in part)" if partial else ""), loc="left")
    _legend_below(ax, 2)
    ax.spines[["top", "right"]].set_visible(False)
    busiest = table.sum(axis=1).idxmax()
    return _finish(
        fig,
        f"Articles a {unit} from {table.index[0]} to {table.index[-1]}; the most in {busiest} "
        f"({int(table.sum(axis=1).max()):,})"
        + (f"; {partial} {unit}(s) at the ends are covered only in part and drawn hatched" if partial else "")
        + ".",
    )


def claims_chart(corpus: Corpus) -> Chart | Finding:
    """Each troop or casualty figure as a point: date by value (log scale), coloured by category."""
    claims = explore.claims(corpus)
    if isinstance(claims, Finding):
        return claims
    claims = claims.dropna(subset=["date", "value"])
    claims = claims[claims["value"] > 0]
    if claims.empty:
        return Finding("No dated troop or casualty figures to plot.")
    fig, ax = _figure(WIDTH, 4.2)
    for category, rows in claims.groupby("category"):
        ax.scatter(rows["date"], rows["value"], label=str(category), alpha=0.75)
    ax.set_yscale("log")
    ax.set_ylabel("figure stated (log scale)")
    ax.set_title("Figures about this war, by article date", loc="left")
    _date_axis(ax)
    _legend_below(ax, 4)
    ax.spines[["top", "right"]].set_visible(False)
    largest = claims.loc[claims["value"].idxmax()]
    return _finish(
        fig,
        f"{len(claims):,} troop, casualty and refugee figures plotted by article date on a log scale, "
        f"{claims['date'].min():%B %Y} to {claims['date'].max():%B %Y}; the largest is "
        f"{largest['value']:,.0f} ({largest['category']}).",
    )


def word_choice_chart(corpus: Corpus, family: str = "fighters", *, top: int = 8) -> Chart | Finding:
    """Share of each word of a family per publisher (the publishers with most articles)."""
    table = explore.word_choice(corpus, family=family).head(top)
    if len(table) < 2:
        return Finding(
            f"{explore.describe_word_choice(corpus, family=family)} (One outlet: there is no comparison between "
            "outlets to chart.)"
        )
    words = table.drop(columns="articles")
    words = words[words.sum(axis=1) > 0]
    if words.empty:
        return explore.describe_word_choice(corpus, family=family)
    shares = words.div(words.sum(axis=1), axis=0)
    fig, ax = _figure(WIDTH, max(2.5, 0.45 * len(shares) + 1.6))
    left = np.zeros(len(shares))
    labels = [f"{short(p)} ({int(table.loc[p, 'articles'])})" for p in shares.index][::-1]
    for column in shares.columns:
        values = shares[column].to_numpy()[::-1]
        ax.barh(labels, values, left=left, label=column)
        left += values
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of uses")
    ax.set_title(f"Word choice: {family}", loc="left")
    _legend_below(ax, min(4, len(shares.columns)))
    return _finish(
        fig,
        f"For each of {len(shares)} outlets, the share of each word for {family} it uses: "
        + "; ".join(f"{outlet}: mostly “{row.idxmax()}”" for outlet, row in shares.head(4).iterrows())
        + ".",
    )


def themes_chart(corpus: Corpus, *, by: str = "publisher", top: int = 12) -> Chart | Finding:
    """A heat map of theme sentences per publisher (or month, or article)."""
    table = explore.themes_by(corpus, by=by)
    if isinstance(table, Finding):
        return table
    if table.empty:
        return explore.describe_themes(corpus)
    if by == "publisher" and len(table) < 2:
        return Finding(
            f"{explore.describe_themes(corpus)} (One outlet: there is no comparison between outlets to chart.)"
        )
    table = table.loc[table.sum(axis=1).sort_values(ascending=False).index[:top]]
    labels = {t.id: t.label for t in load_themes()}
    table = table.rename(columns=labels)
    shares = table.div(table.sum(axis=1), axis=0)
    fig, ax = _figure(WIDTH, max(3.0, 0.42 * len(table) + 2.6))
    image = ax.imshow(shares.to_numpy(), aspect="auto", cmap="Blues", vmin=0)
    ax.set_xticks(range(table.shape[1]), [short(c) for c in table.columns], rotation=40, ha="right")
    ax.set_yticks(range(table.shape[0]), [short(i) for i in table.index])
    fig.colorbar(image, ax=ax, label="share of its themed sentences", shrink=0.8)
    ax.set_title(f"Themes by {by}", loc="left")
    leading = shares.sum().idxmax()
    return _finish(
        fig,
        f"A heat map of the share of themed sentences each theme takes, for {len(table)} "
        f"{by}s; overall “{leading}” leads.",
    )


def events_chart(corpus: Corpus, *, freq: str = "MS") -> Chart | Finding:
    """Events per period, one line per event class."""
    table = explore.events_over_time(corpus, freq=freq)
    if isinstance(table, Finding):
        return table
    if table.empty:
        return Finding("No events in dated articles to plot.")
    fig, ax = _figure(WIDTH, 4.0)
    starts = table.index.to_timestamp()
    for column in table.columns:
        ax.plot(starts, table[column], marker="o", label=str(column))
    ax.set_ylabel("events")
    ax.set_title("Events a month", loc="left")
    _date_axis(ax)
    _legend_below(ax, 3)
    ax.spines[["top", "right"]].set_visible(False)
    top = table.sum().idxmax()
    return _finish(
        fig,
        f"Events a month from {table.index[0]} to {table.index[-1]}, one line per kind; "
        f"“{top}” is the most frequent ({int(table[top].sum()):,}).",
    )
