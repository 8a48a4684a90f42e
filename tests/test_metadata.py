"""Document metadata: titles, dates, outlets, agencies and the Kyiv/Kiev spelling."""

from __future__ import annotations

import datetime as dt

import pytest

from kit.metadata import canonical_agencies, count_words, dateline_agencies, guess_title, parse_date, spelling


def test_seed_documents_read_as_a_careful_reader_would(seeds):
    docs = seeds.documents.set_index("doc_id")
    assert docs.loc["000_8c36ac1777dec640", "title"] == (
        "Kremlin states the escalation in Donbas is the additional opportunity to improve relations with the U.S."
    )
    assert docs.loc["001_6e1d9f0e23a31894", "title"] == (
        "Blinken urges Russia to ‘reduce escalation’ at border as fighting continues in eastern Ukraine"
    )
    assert docs.loc["002_fa8bd9a05bbe6e6e", "title"] == "Kerry warns Russia as peace talks falter"
    first = docs.loc["001_6e1d9f0e23a31894"]
    assert first["date"] == dt.date(2021, 12, 2)
    assert first["outlet"] == "Jowhar"
    assert list(first["agencies"]) == ["AFP", "Reuters"]
    assert first["spelling"] == "Kiev"
    assert docs.loc["002_fa8bd9a05bbe6e6e", "spelling"] == "Kiev"
    assert docs["raw_text"].str.len().gt(docs["text"].str.len()).all()


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2021-12-02", dt.date(2021, 12, 2)),
        ("2021-12-02T10:15:00Z", dt.date(2021, 12, 2)),
        ("2 December 2021", dt.date(2021, 12, 2)),
        ("December 2, 2021 10:15", dt.date(2021, 12, 2)),
        ("July 2014", dt.date(2014, 7, 1)),
        ("", None),
        (None, None),
        ("not a date at all", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_agency_credits_are_canonical():
    assert canonical_agencies("AFP, REUTERS") == ["AFP", "Reuters"]
    assert canonical_agencies("Associated Press and itar-tass") == ["AP", "ITAR-TASS"]
    assert canonical_agencies("Some Wire") == ["Some Wire"]
    assert canonical_agencies(None) == []


def test_dateline_agencies():
    assert dateline_agencies("Headline\n\n(ANSA) - Rome, January 24 - Italy summoned ...") == ["ANSA"]
    assert dateline_agencies("KIEV (Reuters) - Ukraine said on Monday ...") == ["Reuters"]
    assert dateline_agencies("He told AFP (the agency) that - no.") == []


def test_title_is_guessed_only_from_a_headline_like_first_paragraph():
    assert guess_title("Kerry warns Russia\n\nBody text here.") == "Kerry warns Russia"
    assert guess_title("Only one paragraph.") is None
    assert guess_title(" ".join(["word"] * 40) + "\n\nBody.") is None


def test_spelling_and_words():
    assert spelling("Kyiv and Kyiv's mayor") == ("Kyiv", 2, 0)
    assert spelling("Kiev, Kievan Rus and Kyiv") == ("mixed", 1, 2)
    assert spelling("Moscow") == (None, 0, 0)
    assert count_words("Pro-Russian rebels' 13,000 troops") == 4
