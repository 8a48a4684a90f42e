"""Matplotlib figures of a tagged corpus: actors, their network, timelines, claims, word choice, themes."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import explore
from .corpus import Corpus
from .explore import Finding

#: Colour of each entity type in charts and the network.
TYPE_COLOURS = {
    "person": "#4C72B0", "state": "#C44E52", "government": "#DD8452", "organisation": "#55A868",
    "armed_group": "#8172B3", "place": "#937860", "media": "#DA8BC3", "agreement": "#8C8C8C",
    "group": "#CCB974", "event": "#64B5CD",
}
_OTHER_COLOUR = "#B0B0B0"


def _figure(width: float = 8, height: float = 4.5) -> tuple[Figure, object]:
    """A figure outside pyplot's state (shown once when returned from a cell, never twice)."""
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


def bar_chart(values: pd.Series, title: str, xlabel: str, colours: list[str] | None = None) -> Figure:
    """A horizontal bar chart, largest bar on top.

    Args:
        values: Bar lengths indexed by label.
        title: The chart title.
        xlabel: What the bars count.
        colours: One colour per bar.
    """
    fig, ax = _figure(8, max(2.0, 0.32 * len(values) + 1))
    ax.barh([str(i) for i in values.index][::-1], values.to_numpy()[::-1],
            color=(colours or ["#4C72B0"] * len(values))[::-1])
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def actor_chart(corpus: Corpus, top: int = 15, types: list[str] | None = None) -> Figure | Finding:
    """The actors named most, coloured by type."""
    counts = explore.actor_counts(corpus, types=types).head(top)
    if counts.empty:
        return Finding("No actors to chart.")
    values = pd.Series(counts["mentions"].to_numpy(), index=counts["entity_name"])
    fig = bar_chart(values, f"The {len(values)} actors named most", "mentions",
                    [TYPE_COLOURS.get(t, _OTHER_COLOUR) for t in counts["entity_type"]])
    _type_legend(fig.axes[0], counts["entity_type"].unique())
    return fig


def _type_legend(ax, types) -> None:
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=TYPE_COLOURS.get(t, _OTHER_COLOUR), label=t) for t in types],
              loc="lower right", frameon=False, fontsize="small")


def spring_layout(n: int, edges: np.ndarray, weights: np.ndarray, iterations: int = 200,
                  seed: int = 0) -> np.ndarray:
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


def cooccurrence_network(corpus: Corpus, top: int = 25, min_count: int = 2, unit: str = "sentence",
                         gazetteer_only: bool = True) -> Figure | Finding:
    """The actors named most, joined by a line where they share sentences (wider: more often).

    Args:
        corpus: The corpus.
        top: How many actors (by mentions) to draw.
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
    fig, ax = _figure(9, 7)
    widths = 0.5 + 5 * weights / weights.max()
    for (a, b), width in zip(edges, widths):
        ax.plot(pos[[a, b], 0], pos[[a, b], 1], color="#999999", alpha=0.6, linewidth=width, zorder=1)
    mentions = counts["mentions"].to_numpy(dtype=float)
    ax.scatter(pos[:, 0], pos[:, 1], s=80 + 900 * mentions / mentions.max(), zorder=2,
               c=[TYPE_COLOURS.get(t, _OTHER_COLOUR) for t in counts["entity_type"]], edgecolors="white")
    for (x, y), name in zip(pos, counts["entity_name"]):
        ax.annotate(name, (x, y), xytext=(0, 9), textcoords="offset points", ha="center", fontsize="small", zorder=3)
    ax.set_title(f"Actors named in the same {unit} (at least {min_count} times); node size: mentions", loc="left")
    ax.set_axis_off()
    ax.margins(0.12)
    _type_legend(ax, counts["entity_type"].unique())
    return fig


def timeline_chart(corpus: Corpus, freq: str = "MS") -> Figure | Finding:
    """Articles per period, stacked: dated by publication date and dated from their text."""
    table = explore.articles_over_time(corpus, freq=freq)
    if table.empty:
        return explore.describe_timeline(corpus)
    fig, ax = _figure(9, 4)
    labels = table.index.astype(str)
    ax.bar(labels, table["published"], label="publication date", color="#4C72B0")
    ax.bar(labels, table["inferred"], bottom=table["published"], label="inferred from text", color="#DD8452")
    ax.set_ylabel("articles")
    ax.set_title("Articles over time", loc="left")
    ax.legend(frameon=False)
    ax.tick_params(axis="x", labelrotation=45)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def claims_chart(corpus: Corpus) -> Figure | Finding:
    """Each troop or casualty figure as a point: date by value (log scale), coloured by category."""
    claims = explore.claims(corpus)
    if isinstance(claims, Finding):
        return claims
    claims = claims.dropna(subset=["date", "value"])
    claims = claims[claims["value"] > 0]
    if claims.empty:
        return Finding("No dated troop or casualty figures to plot.")
    fig, ax = _figure(9, 4.5)
    for category, rows in claims.groupby("category"):
        ax.scatter(rows["date"], rows["value"], label=category, alpha=0.75)
    ax.set_yscale("log")
    ax.set_ylabel("figure stated")
    ax.set_title("Troop and casualty figures by article date", loc="left")
    ax.legend(frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def word_choice_chart(corpus: Corpus, family: str = "fighters", top: int = 8) -> Figure | Finding:
    """Share of each word of a family per publisher (the publishers with most articles)."""
    table = explore.word_choice(corpus, family).head(top)
    words = table.drop(columns="articles")
    words = words[words.sum(axis=1) > 0]
    if words.empty:
        return explore.describe_word_choice(corpus, family)
    shares = words.div(words.sum(axis=1), axis=0)
    fig, ax = _figure(9, max(2.5, 0.45 * len(shares) + 1.2))
    left = np.zeros(len(shares))
    labels = [f"{p} ({int(table.loc[p, 'articles'])} art.)" for p in shares.index][::-1]
    for column in shares.columns:
        values = shares[column].to_numpy()[::-1]
        ax.barh(labels, values, left=left, label=column)
        left += values
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of uses")
    ax.set_title(f"Word choice: {family}", loc="left")
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=min(6, len(shares.columns)))
    return fig


def themes_chart(corpus: Corpus, by: str = "publisher", top: int = 12) -> Figure | Finding:
    """A heat map of theme sentences per publisher (or month, or article)."""
    table = explore.themes_by(corpus, by=by)
    if isinstance(table, Finding):
        return table
    if table.empty:
        return explore.describe_themes(corpus)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False).index[:top]]
    fig, ax = _figure(9, max(2.5, 0.4 * len(table) + 1.5))
    image = ax.imshow(table.to_numpy(), aspect="auto", cmap="Blues")
    ax.set_xticks(range(table.shape[1]), table.columns, rotation=45, ha="right")
    ax.set_yticks(range(table.shape[0]), [str(i) for i in table.index])
    fig.colorbar(image, ax=ax, label="sentences")
    ax.set_title(f"Themes by {by}", loc="left")
    return fig


def events_chart(corpus: Corpus, freq: str = "MS") -> Figure | Finding:
    """Events per period, one line per event class."""
    table = explore.events_over_time(corpus, freq=freq)
    if isinstance(table, Finding):
        return table
    if table.empty:
        return Finding("No events in dated articles to plot.")
    fig, ax = _figure(9, 4)
    for column in table.columns:
        ax.plot(table.index.astype(str), table[column], marker="o", label=column)
    ax.set_ylabel("events")
    ax.set_title("Events over time", loc="left")
    ax.legend(frameon=False, fontsize="small")
    ax.tick_params(axis="x", labelrotation=45)
    return fig
