"""Tables as a reader sees them: no NaN, counts as integers, words for headings, ids hidden, long tables cut."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kit import explore
from kit.present import display


def test_values_read_as_a_report():
    assert display.cell(np.nan) == display.cell(None) == display.cell(pd.NaT) == "—"
    assert display.cell(200.0) == "200" and display.cell(1234567) == "1,234,567"
    assert display.cell(0.25) == "0.25" and display.cell(np.float64(3.0)) == "3"
    assert display.cell(pd.Timestamp("2014-03-01")) == "2014-03-01"
    assert display.cell(["AFP", "Reuters"]) == "AFP, Reuters" and display.cell("  ") == "—"


def test_headings_are_words_and_ids_are_hidden():
    frame = pd.DataFrame(
        {"doc_id": ["a"], "speaker_id": ["person:vladimir putin"], "claimed_by": ["Putin"], "n_words": [3.0]}
    )
    shown = display.readable(frame)
    assert list(shown.columns) == ["Article", "Claimed by", "Words"]
    assert shown.iloc[0].tolist() == ["a", "Putin", "3"]


def test_table_html_escapes_cuts_and_links_to_the_browser(monkeypatch):
    frame = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(30)],
            "sent_idx": range(30),
            "quote": ["<script>alert(1)</script>"] * 30,
            "count": [np.nan] + [2.0] * 29,
        }
    )
    frame.attrs["kit_browser"] = "quotes"
    monkeypatch.delenv(display.REPORT_ENV, raising=False)
    html = display.table_html(frame, max_rows=10)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert html.count("<tr>") == 11 and "The first 10 of 30 rows." in html
    assert "NaN" not in html and ">2.0<" not in html and 'class="num">2<' in html
    assert "browse/" not in html, "outside the report there is no browser to link to"
    monkeypatch.setenv(display.REPORT_ENV, "browse/")
    html = display.table_html(frame, max_rows=10)
    assert '<a href="browse/quotes.html">every row in the quote browser</a>' in html
    assert '<a href="articles/d3.html#s3">d3</a>' in html


def test_explore_tables_name_their_browser(seeds):
    assert explore.quotes(seeds).attrs["kit_browser"] == "quotes"
    assert explore.claims(seeds).attrs["kit_browser"] == "figures"
    assert explore.overview(seeds).attrs["kit_browser"] == "articles"
    assert explore.actor_counts(seeds).head(5).attrs["kit_browser"] == "actors"


@pytest.mark.parametrize(
    "function",
    [
        explore.quotes_by_speaker,
        explore.claims_by_claimant,
        explore.overview,
        explore.spelling_by_publisher,
        explore.sizes,
    ],
)
def test_the_notebook_tables_show_no_nan_or_float_counts(seeds, function):
    html = display.table_html(function(seeds), max_rows=100)
    assert "NaN" not in html and ">nan<" not in html
    assert not __import__("re").search(r">\d[\d,]*\.0<", html)
