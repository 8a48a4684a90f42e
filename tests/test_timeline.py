"""Date mentions normalised against the article date, and article dates given or inferred."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest
import yaml

from kit.extract import DocContext, timeline
from kit.extract.timeline import evaluate, normalise

D = dt.date
GOLD = Path(__file__).parent / "eval" / "dates.yaml"
SEED_000, SEED_001, SEED_002 = "000_8c36ac1777dec640", "001_6e1d9f0e23a31894", "002_fa8bd9a05bbe6e6e"


def doc_date(corpus, doc_id: str) -> dict:
    rows = corpus.doc_dates[corpus.doc_dates.doc_id == doc_id]
    assert len(rows) == 1
    return rows.iloc[0].to_dict()


def mentions_of(corpus, doc_id: str, text: str) -> list[dict]:
    m = corpus.mentions
    return m[(m.doc_id == doc_id) & (m.text == text)].to_dict("records")


def as_date(value) -> dt.date | None:
    return timeline._as_date(value)


# --- the seeds ------------------------------------------------------------------------------


def test_the_dated_seed_resolves_its_relative_dates(seeds):
    row = doc_date(seeds, SEED_001)
    assert row["date_source"] == "explicit"
    assert as_date(row["date_min"]) == as_date(row["date_max"]) == D(2021, 12, 2)
    thursdays = mentions_of(seeds, SEED_001, "Thursday")
    assert len(thursdays) == 2 and {as_date(m["date_start"]) for m in thursdays} == {D(2021, 12, 2)}
    assert {as_date(m["date_start"]) for m in mentions_of(seeds, SEED_001, "Wednesday")} == {D(2021, 12, 1)}
    (october,) = mentions_of(seeds, SEED_001, "late October")
    assert (as_date(october["date_start"]), as_date(october["date_end"])) == (D(2021, 10, 21), D(2021, 10, 31))
    (since,) = mentions_of(seeds, SEED_001, "since 2014")
    assert (as_date(since["date_start"]), as_date(since["date_end"])) == (D(2014, 1, 1), D(2021, 12, 2))
    assert since["resolution"] == "range"
    (month,) = mentions_of(seeds, SEED_001, "last month")
    assert (as_date(month["date_start"]), as_date(month["date_end"])) == (D(2021, 11, 1), D(2021, 11, 30))
    (year_2020,) = mentions_of(seeds, SEED_001, "2020")
    assert year_2020["resolution"] == "year" and as_date(year_2020["date_start"]) == D(2020, 1, 1)
    begin = mentions_of(seeds, SEED_001, "since the beginning of the year")
    assert [as_date(m["date_start"]) for m in begin] == [D(2021, 1, 1)] * 2


def test_office_holders_date_the_kerry_article_to_the_summer_2014_window(seeds):
    row = doc_date(seeds, SEED_002)
    assert row["date_source"] == "inferred"
    start, end = as_date(row["date_min"]), as_date(row["date_max"])
    assert D(2014, 6, 7) <= start <= D(2014, 7, 1) <= end <= D(2017, 1, 20)
    assert "John Kerry as Secretary of State (2013-02-01–2017-01-20)" in row["date_evidence"]
    assert "Petro Poroshenko as President of Ukraine (2014-06-07–2019-05-20)" in row["date_evidence"]
    # relative dates stay unresolved in an undated article
    assert all(m["resolution"] == "unresolved" for m in mentions_of(seeds, SEED_002, "Tuesday"))


def test_office_holders_date_the_peskov_article_to_trumps_first_term(seeds):
    row = doc_date(seeds, SEED_000)
    assert row["date_source"] == "inferred"
    start, end = as_date(row["date_min"]), as_date(row["date_max"])
    assert D(2017, 1, 20) <= start <= D(2017, 2, 5) <= end <= D(2021, 1, 20)
    assert "Donald Trump as President of the United States" in row["date_evidence"]
    (january,) = mentions_of(seeds, SEED_000, "January 30")
    assert january["kind"] == "anchored" and january["resolution"] == "unresolved"
    assert not mentions_of(seeds, SEED_000, "2202")  # a resolution number, not a year


def test_the_tables_have_their_declared_types(seeds):
    for name in ("mentions", "doc_dates"):
        table = seeds.store.read(name)
        assert table.schema.equals(timeline.TABLES[name]), name
    assert pa.types.is_date32(timeline.TABLES["mentions"].field("date_start").type)
    assert len(seeds.doc_dates) == 3


# --- standalone documents -------------------------------------------------------------------


def analyse(tagger, text: str, date: dt.date | None = None) -> dict[str, list[dict]]:
    return timeline.analyse(tagger.nlp(text), DocContext("x", date, tagger.gazetteer))


def test_without_an_article_date_only_absolute_dates_resolve(tagger):
    out = analyse(
        tagger,
        "The rebels seized the building on Thursday. The referendum was held on "
        "March 16, 2014, and the treaty followed in March 2014.",
    )
    by_text = {m["text"]: m for m in out["mentions"]}
    assert by_text["Thursday"]["resolution"] == "unresolved" and by_text["Thursday"]["date_start"] is None
    assert by_text["March 16, 2014"]["date_start"] == D(2014, 3, 16)
    assert (by_text["March 2014"]["date_start"], by_text["March 2014"]["date_end"]) == (D(2014, 3, 1), D(2014, 3, 31))
    (row,) = out["doc_dates"]
    assert row["date_source"] == "inferred" and row["date_min"] == D(2014, 3, 16)
    assert row["date_max"] == D(2015, 12, 31)


def test_a_former_title_says_nothing_about_the_date(tagger):
    former = analyse(tagger, "Former Secretary of State John Kerry said the talks had failed.")
    assert former["doc_dates"][0]["date_source"] == "none"
    current = analyse(tagger, "Secretary of State John Kerry said the talks had failed.")
    row = current["doc_dates"][0]
    assert (row["date_min"], row["date_max"]) == (D(2013, 2, 1), D(2017, 1, 20))


def test_a_given_date_is_explicit(tagger):
    row = analyse(tagger, "Secretary of State John Kerry spoke on Monday.", D(2015, 3, 4))["doc_dates"][0]
    assert (row["date_min"], row["date_max"], row["date_source"]) == (D(2015, 3, 4), D(2015, 3, 4), "explicit")


# --- normalising expressions ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "anchor", "start", "end", "resolution"),
    [
        ("on Thursday", D(2021, 12, 2), D(2021, 12, 2), D(2021, 12, 2), "day"),
        ("last Thursday", D(2021, 12, 2), D(2021, 11, 25), D(2021, 11, 25), "day"),
        ("next Monday", D(2021, 12, 2), D(2021, 12, 6), D(2021, 12, 6), "day"),
        ("yesterday", D(2014, 3, 1), D(2014, 2, 28), D(2014, 2, 28), "day"),
        ("late October", D(2021, 12, 2), D(2021, 10, 21), D(2021, 10, 31), "range"),
        ("early 2014", None, D(2014, 1, 1), D(2014, 4, 30), "range"),
        ("mid-April", D(2014, 5, 2), D(2014, 4, 11), D(2014, 4, 20), "range"),
        ("January 30", D(2017, 2, 3), D(2017, 1, 30), D(2017, 1, 30), "day"),
        ("December 20", D(2014, 1, 10), D(2013, 12, 20), D(2013, 12, 20), "day"),
        ("December 3 of last year", D(2014, 1, 23), D(2013, 12, 3), D(2013, 12, 3), "day"),
        ("27 February 2014", None, D(2014, 2, 27), D(2014, 2, 27), "day"),
        ("November, 2013", None, D(2013, 11, 1), D(2013, 11, 30), "month"),
        ("the 1990s", None, D(1990, 1, 1), D(1999, 12, 31), "range"),
        ("since 2014", D(2021, 12, 2), D(2014, 1, 1), D(2021, 12, 2), "range"),
        ("last month", D(2014, 1, 15), D(2013, 12, 1), D(2013, 12, 31), "month"),
        ("three weeks ago", D(2014, 3, 22), D(2014, 3, 1), D(2014, 3, 1), "day"),
        ("the past two months", D(2014, 5, 31), D(2014, 3, 31), D(2014, 5, 31), "range"),
        ("the beginning of the year", D(2021, 12, 2), D(2021, 1, 1), D(2021, 4, 30), "range"),
        ("March 5-8", D(2014, 3, 20), D(2014, 3, 5), D(2014, 3, 8), "range"),
        ("last month", None, None, None, "unresolved"),
    ],
)
def test_normalise(text, anchor, start, end, resolution):
    found = normalise(text, anchor=anchor)
    assert (found.start, found.end, found.resolution) == (start, end, resolution)


def test_future_tense_looks_forward():
    assert normalise("Thursday", anchor=D(2021, 12, 1), future=True).start == D(2021, 12, 2)
    assert normalise("January 15", anchor=D(2014, 12, 20), future=True).start == D(2015, 1, 15)


@pytest.mark.parametrize("text", ["three months", "the three decades", "the day", "a day", "years"])
def test_lengths_of_time_are_no_dates(text):
    assert normalise(text, anchor=D(2014, 5, 1)) is None


def test_ages_and_numbers_are_no_date_mentions(tagger):
    out = analyse(tagger, "The 46-year-old was 30 years old in 2010, under resolution 2202, reviewed annually.")
    assert [m["text"] for m in out["mentions"]] == ["2010"]


# --- the hand-labelled evaluation set -------------------------------------------------------


def gold(corpus: str) -> list[dict]:
    return [g for g in yaml.safe_load(GOLD.read_text(encoding="utf-8")) if g["corpus"] == corpus]


def test_the_eval_file_is_large_enough_and_well_formed():
    labels = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    assert len(labels) >= 20
    for label in labels:
        assert {"corpus", "doc_id", "text", "date_start", "date_end"} <= set(label)
        assert (label["date_start"] is None) == (label["date_end"] is None)
        assert label["date_start"] is None or label["date_start"] <= label["date_end"]


def test_seed_dates_meet_the_floor(seeds):
    result = evaluate(gold("seeds"), seeds.mentions)
    assert result["recall"] >= 0.9, result["errors"]
    assert result["precision"] >= 0.8, result["errors"]
    assert result["start_accuracy"] >= 0.9, result["errors"]


def test_outside_corpus_dates_meet_the_floor(bias):
    result = evaluate(gold("ukraine-news-bias-2014"), bias.mentions)
    assert result["recall"] >= 0.85, result["errors"]
    assert result["precision"] >= 0.8, result["errors"]
    assert result["start_accuracy"] >= 0.9, result["errors"]


def test_evaluate_counts_misses_and_wrong_dates():
    import pandas as pd

    predicted = pd.DataFrame(
        [
            {
                "doc_id": "a",
                "start_char": 0,
                "text": "on Thursday",
                "date_start": D(2021, 12, 2),
                "date_end": D(2021, 12, 2),
            },
            {"doc_id": "a", "start_char": 30, "text": "the day", "date_start": None, "date_end": None},
        ]
    )
    labels = [
        {"doc_id": "a", "text": "Thursday", "date_start": "2021-12-01", "date_end": "2021-12-01"},
        {"doc_id": "a", "text": "last month", "date_start": None, "date_end": None},
    ]
    result = evaluate(labels, predicted)
    assert (result["precision"], result["recall"], result["start_accuracy"]) == (0.5, 0.5, 0.0)
    assert {e["error"].split()[0] for e in result["errors"]} == {"missed", "not", "dated"}
