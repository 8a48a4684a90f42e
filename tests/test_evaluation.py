"""Tests for `kit.evaluation`: speakers and claimants compared as the actors a reader names."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kit import evaluation
from kit.gazetteer import load_gazetteer


@pytest.fixture(scope="module")
def keys() -> evaluation.ActorKeys:
    return evaluation.ActorKeys(load_gazetteer(), dates={"address": dt.date(2022, 3, 1), "old": dt.date(2015, 1, 1)})


def test_an_alias_is_its_actor_and_another_name_is_itself(keys):
    assert keys.of_name("Zelenskyy") == keys.of_name("Volodymyr Zelensky") == "volodymyr_zelensky"
    assert keys.of_name("Tony Blair") == "tony blair"
    assert keys.of_name(None) is None and keys.of_name("  ") is None


def test_an_office_a_label_gives_is_its_holder_on_the_documents_date(keys):
    assert keys.of_name("President of Ukraine", "address") == "volodymyr_zelensky"
    assert keys.of_name("President of Ukraine", "old") == "petro_poroshenko"
    assert keys.of_name("President of Ukraine") == "president of ukraine"  # no date: as written


def test_a_states_body_has_one_key_however_it_is_spelled(keys):
    same = {
        keys.of_name("Ukrainian Ministry of Defence"),
        keys.of_name("Ukraine's Defence Ministry"),
        keys.of_name("Ukraine’s Ministry of Defense"),
    }
    assert len(same) == 1 and keys.of_name("Russian Ministry of Foreign Affairs") == "russian_foreign_ministry"
    assert keys.of_name("Ukrainian Ministry of Defence") != keys.of_name("Ministry of Defence")


def test_joint_speakers_that_are_known_actors_match_in_any_spelling_and_order(keys):
    assert keys.of_name("Vladimir Putin and Joseph Biden") == keys.of_name("Joe Biden and Vladimir Putin")
    assert keys.of_name("Arif and Nina") == "arif and nina"


def test_a_claimant_matches_by_actor_or_by_a_name_inside_the_other(keys):
    assert keys.same_claimant("President of Ukraine", "Volodymyr Zelensky", "volodymyr_zelensky", "address")
    assert keys.same_claimant("Ukrainian General Staff", "General Staff", None)
    assert keys.same_claimant(None, None, None)
    assert not keys.same_claimant("Kremlin", None, None)


def test_score_quotes_counts_found_items_and_right_speakers(keys):
    gold = [
        {"doc_id": "address", "kind": "direct", "quote": "We will not give up", "speaker": "President of Ukraine"},
        {"doc_id": "address", "kind": "indirect", "quote": "talks would resume", "speaker": "Kremlin"},
        {"doc_id": "address", "kind": "direct", "quote": "never said", "speaker": None},
    ]
    table = pd.DataFrame(
        [
            {
                "doc_id": "address",
                "kind": "direct",
                "quote": "“We will not give up,”",
                "speaker_id": "volodymyr_zelensky",
                "speaker_name": "Volodymyr Zelensky",
            },
            {
                "doc_id": "address",
                "kind": "indirect",
                "quote": "the talks would resume on Monday",
                "speaker_id": None,
                "speaker_name": "Peskov",
            },
        ]
    )
    scores = evaluation.score_quotes(gold, table, keys)
    assert (scores["n_direct"], scores["n_direct_found"], scores["n_direct_speaker_ok"]) == (2, 1, 1)
    assert (scores["n_reported"], scores["n_reported_found"], scores["n_reported_speaker_ok"]) == (1, 1, 0)
    assert scores["direct_precision"] == 1.0
