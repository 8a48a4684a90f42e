"""Tests for `kit.extract.speech`: whose words a whole text is, from its title."""

from __future__ import annotations

import datetime as dt

import pytest

from kit.extract.speech import document_voice
from kit.gazetteer import load_gazetteer


@pytest.mark.parametrize(
    "title, date, expected",
    [
        ("Address by the President of Ukraine", dt.date(2022, 3, 3), ("Volodymyr Zelensky", "volodymyr_zelensky")),
        ("We will win - address by President Volodymyr Zelenskyy", None, ("Volodymyr Zelensky", "volodymyr_zelensky")),
        (
            "Statement by President Joe Biden on Additional Security Assistance to Ukraine",
            None,
            ("Joe Biden", "joe_biden"),
        ),
        ("Statement by the White House on sanctions", None, ("White House", "white_house")),
        ("Remarks by Jane Roe at the forum", None, ("Jane Roe", None)),
        ("Telephone conversation with President of France", dt.date(2022, 3, 3), None),
        ("Russia claims thousands fleeing Ukraine", None, None),
        (None, None, None),
    ],
)
def test_document_voice(title, date, expected):
    assert document_voice(title, load_gazetteer(), date=date) == expected


def test_an_office_held_by_several_people_over_time_needs_the_date():
    # Presidents of Ukraine before and after 2019: without a date no one can be named
    assert document_voice("Address by the President of Ukraine", load_gazetteer(), date=None) == (
        "President of Ukraine",
        None,
    )


def test_first_person_in_an_address_is_its_speaker_and_figures_are_claimed_by_it(tagger):
    from kit.tagger import TagItem

    text = (
        "Today I want to say a few words about our defenders. I stressed that Ukraine would never give up. "
        "Since the beginning of the invasion, 16 children were killed by Russian shelling."
    )
    out = tagger.tag([TagItem("a", text, "2022-03-01", "Address by the President of Ukraine")])
    indirect = [q for q in out["quotes"] if q["kind"] == "indirect"]
    assert indirect and all(q["speaker_id"] == "volodymyr_zelensky" for q in indirect)
    killed = [n for n in out["numbers"] if n["category"] == "killed"]
    assert [(n["value"], n["claimed_by_id"], n["scope"]) for n in killed] == [(16, "volodymyr_zelensky", "current")]
    # the same text under a news headline: no one's voice, so no claimant
    out = tagger.tag([TagItem("b", text, "2022-03-01", "Children killed in shelling")])
    assert [n["claimed_by_id"] for n in out["numbers"] if n["category"] == "killed"] == [None]
