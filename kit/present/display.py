"""How tables read in notebooks and in the report: labels instead of ids, whole numbers, blanks for gaps.

A notebook opts in with `kit.display.readable_tables()`: from then on every DataFrame and Series it
shows is drawn by `table_html` — `NaN` shown as a dash, counts as integers with thousands
separators, `snake_case` column names as words, internal id columns hidden, and a long table cut to
its first rows with a line saying so (and, in the report, a link to the browser holding every row).
The frames themselves are unchanged, so code that uses them sees every column and row.
"""

from __future__ import annotations

import datetime as dt
import html
import numbers
import os
from typing import Any

import numpy as np
import pandas as pd

from ..explore.base import with_browser

#: Rows shown before a table is cut.
MAX_ROWS = 20
#: Set (to the folder of the report's browsers, relative to its pages) while `kit report` runs notebooks.
REPORT_ENV = "KIT_REPORT_BROWSE"
#: The report's browsers, by the `attrs["kit_browser"]` key an explore function gives its table.
BROWSERS = {
    "quotes": ("quotes.html", "quote browser"),
    "figures": ("figures.html", "figures browser"),
    "articles": ("articles.html", "article browser"),
    "actors": ("actors.html", "actor browser"),
    "kwic": ("kwic.html", "keyword-in-context browser"),
}
#: Columns holding internal ids, never shown (the readable name is always another column).
_ID_SUFFIX = "_id"
_SHOWN_IDS = {"doc_id", "story_id"}
DASH = "—"
#: Jupyter right-aligns every cell; a report's text columns read left-aligned. Sent with each table.
_STYLE = (
    "<style>.kit-table-box{overflow-x:auto;max-width:100%}.kit-table-box table.kit-table{border-collapse:collapse}"
    ".kit-table-box table.kit-table th,.kit-table-box table.kit-table td{text-align:left;vertical-align:top;"
    "padding:3px 8px}.kit-table-box table.kit-table .num{text-align:right;font-variant-numeric:tabular-nums}"
    ".kit-table-box table.kit-table thead th{border-bottom:1px solid #8c959f}"
    ".kit-table-box table.kit-table td:not(.num){min-width:7em;max-width:36em}</style>"
)


def label(name: Any) -> str:
    """A column or index name as a heading: `claimed_by` -> `Claimed by`, `doc_id` -> `Article`."""
    if name is None:
        return ""
    text = str(name)
    if text == "doc_id":
        return "Article"
    text = text.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def cell(value: Any) -> str:
    """One value as text: blanks for gaps, integers with separators, dates without midnight."""
    if value is None or value is pd.NaT or value is pd.NA:
        return DASH
    if isinstance(value, (list, tuple, np.ndarray)):
        return ", ".join(cell(v) for v in value) or DASH
    if isinstance(value, float) and np.isnan(value):
        return DASH
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        number = float(value)
        return f"{int(number):,}" if number.is_integer() else f"{number:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (dt.date, pd.Period)):
        return str(value)
    text = str(value)
    return text if text.strip() else DASH


#: Headings for columns whose names say little to a reader.
LABELS = {
    "doc_id": "Article",
    "sent_idx": "Sentence",
    "n_words": "Words",
    "entity_name": "Actor",
    "entity_type": "Type",
    "in_gazetteer": "In gazetteer",
    "name_a": "Actor",
    "name_b": "With",
}


def _hidden(frame: pd.DataFrame) -> list[Any]:
    extra = set(frame.attrs.get("kit_hide", ()))
    return [
        c
        for c in frame.columns
        if c in extra or (isinstance(c, str) and c.endswith(_ID_SUFFIX) and c not in _SHOWN_IDS)
    ]


def _heading(name: Any) -> str:
    if isinstance(name, tuple):
        return " · ".join(_heading(part) for part in name if part != "")
    return LABELS.get(name, label(name)) if isinstance(name, str) else label(name)


def _is_number(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def readable(frame: pd.DataFrame | pd.Series) -> pd.DataFrame:
    """The frame as it is shown: id columns dropped, values as text, headings as words."""
    if isinstance(frame, pd.Series):
        frame = frame.to_frame(frame.name if frame.name is not None else "value")
    shown = frame.drop(columns=_hidden(frame))
    out = pd.DataFrame({i: shown.iloc[:, i].map(cell) for i in range(shown.shape[1])}, index=shown.index)
    out.columns = [_heading(c) for c in shown.columns]
    if isinstance(out.index, pd.RangeIndex):
        return out
    out.index = pd.Index(
        [cell(v) if not isinstance(v, tuple) else " · ".join(cell(p) for p in v) for v in out.index],
        name=" · ".join(_heading(n) for n in shown.index.names if n),
    )
    return out


def _article_links(frame: pd.DataFrame) -> list[str] | None:
    """In the report, each row's link to its article page (at its sentence where the frame has one)."""
    base = os.environ.get(REPORT_ENV)
    if base is None or "doc_id" not in frame.columns:
        return None
    from .views import article_href

    sents = frame["sent_idx"] if "sent_idx" in frame.columns else [None] * len(frame)
    return [
        article_href(str(d), s, base="articles/") if isinstance(d, str) else ""
        for d, s in zip(frame["doc_id"], sents, strict=True)
    ]


def _browser_note(frame: pd.DataFrame, shown: int, total: int) -> str:
    key = frame.attrs.get("kit_browser")
    base = os.environ.get(REPORT_ENV)
    sample = f"The first {shown:,} of {total:,} rows." if shown < total else ""
    if key in BROWSERS and base is not None:
        page, name = BROWSERS[key]
        link = f'<a href="{html.escape(base + page)}">every row in the {html.escape(name)}</a>'
        return f"{sample} Search, filter and download {link}." if sample else f"Search and filter {link}."
    return html.escape(sample)


def table_html(frame: pd.DataFrame | pd.Series, *, max_rows: int = MAX_ROWS) -> str:
    """A frame as an HTML table that reads as a report (escaped; long tables cut, saying so).

    Numbers are right-aligned; in the report, a row's article links to its page.

    Args:
        frame: Any DataFrame or Series.
        max_rows: Rows shown at most.
    """
    if isinstance(frame, pd.Series):
        attrs = dict(frame.attrs)
        frame = frame.to_frame(frame.name if frame.name is not None else "value")
        frame.attrs.update(attrs)
    total = len(frame)
    if total == 0:
        return '<p class="kit-note">No rows.</p>'
    head = frame.head(max_rows)
    shown = readable(head)
    source = head.drop(columns=_hidden(head))
    numeric = [_is_number(source.iloc[:, i]) for i in range(source.shape[1])]
    links = _article_links(head)
    article_col = list(source.columns).index("doc_id") if "doc_id" in source.columns else -1
    with_index = not isinstance(shown.index, pd.RangeIndex)
    esc = html.escape
    parts = [_STYLE, '<div class="kit-table-box"><table class="kit-table"><thead><tr>']
    if with_index:
        parts.append(f'<th scope="col">{esc(str(shown.index.name or ""))}</th>')
    parts += [
        f'<th scope="col"{" class=num" if num else ""}>{esc(str(c))}</th>'
        for c, num in zip(shown.columns, numeric, strict=True)
    ]
    parts.append("</tr></thead><tbody>")
    for r, (key, row) in enumerate(zip(shown.index, shown.itertuples(index=False, name=None), strict=True)):
        parts.append("<tr>")
        if with_index:
            parts.append(f'<th scope="row">{esc(str(key))}</th>')
        for i, (value, num) in enumerate(zip(row, numeric, strict=True)):
            text = esc(str(value))
            if i == article_col and links and links[r]:
                text = f'<a href="{esc(links[r])}">{text}</a>'
            parts.append(f'<td class="num">{text}</td>' if num else f"<td>{text}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table></div>")
    note = _browser_note(frame, len(head), total)
    if note:
        parts.append(f'<p class="kit-note">{note}</p>')
    return "".join(parts)


def readable_tables(*, max_rows: int = MAX_ROWS) -> None:
    """Show every DataFrame and Series in this IPython session as `table_html` draws it.

    Args:
        max_rows: Rows shown before a table is cut.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return
    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["text/html"]
    for kind in (pd.DataFrame, pd.Series):
        formatter.for_type(kind, lambda frame, _n=max_rows: table_html(frame, max_rows=_n))


__all__ = [
    "BROWSERS",
    "MAX_ROWS",
    "REPORT_ENV",
    "cell",
    "label",
    "readable",
    "readable_tables",
    "table_html",
    "with_browser",
]
