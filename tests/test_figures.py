"""Charts: described for screen readers, dates on date axes, partial periods marked, readable at phone width."""

from __future__ import annotations

import pandas as pd

from kit import explore
from kit.explore import Finding
from kit.present import figures


def test_every_chart_describes_itself(seeds):
    for make in (
        figures.actor_chart,
        figures.cooccurrence_network,
        figures.timeline_chart,
        figures.claims_chart,
        figures.events_chart,
        figures.themes_chart,
    ):
        chart = make(seeds)
        if isinstance(chart, Finding):
            continue
        bundle, metadata = chart._repr_mimebundle_()
        assert len(chart.alt) > 30 and metadata["image/png"]["alt"] == chart.alt == bundle["text/plain"]


def test_partial_months_are_marked_and_said(seeds):
    chart = figures.timeline_chart(seeds)
    when = explore.article_dates(seeds)["when"].dropna()
    partial = len(pd.period_range(when.min(), when.max(), freq="M")) - len(explore.covered_periods(when, freq="M"))
    assert partial > 0 and "covered only in part" in chart.alt and "hatched" in chart.axes[0].get_title(loc="left")


def test_covered_periods_leave_out_a_corpus_that_starts_late_in_a_month():
    when = pd.Series(pd.to_datetime(["2022-02-26", "2022-03-15", "2022-04-30", "2022-05-03"]))
    assert [str(p) for p in explore.covered_periods(when, freq="M")] == ["2022-03", "2022-04"]


def test_the_network_is_small_enough_to_read(seeds):
    chart = figures.cooccurrence_network(seeds, min_count=1)
    assert len(chart.axes[0].texts) <= 15


def test_long_labels_are_cut_so_the_plot_keeps_its_room():
    long = "President of Ukraine (president.gov.ua/en, Office of the President of Ukraine)"
    chart = figures.bar_chart(pd.Series([5, 3], index=[long, "Kremlin"]), "Outlets", "articles")
    labels = [t.get_text() for t in chart.axes[0].get_yticklabels()]
    assert max(map(len, labels)) <= figures.LABEL_CHARS and any(label.endswith("…") for label in labels)


def test_one_outlet_gets_no_comparison_between_outlets(seeds, monkeypatch):
    one = pd.DataFrame({"articles": [3], "rebels": [2], "separatists": [1]}, index=["Jowhar"])
    monkeypatch.setattr(explore, "word_choice", lambda corpus, family="fighters", **kw: one)
    assert isinstance(figures.word_choice_chart(seeds), Finding)
