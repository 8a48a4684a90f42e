"""Events: who did what to whom, resolved against the gazetteer."""

from __future__ import annotations

import pytest

from kit.extract import events
from kit.gazetteer import entity_rows

SEED_001 = "001_6e1d9f0e23a31894"


def _events(tagger, text: str) -> list[dict]:
    doc = tagger.nlp(text)
    return events.event_rows(doc, "x", entity_rows(doc, tagger.gazetteer, "x"))


def test_blinken_urges_russia(seeds):
    found = seeds.events
    rows = found[(found.doc_id == SEED_001) & (found.verb == "urge") & (found.actor_id == "antony_blinken")]
    assert len(rows) >= 1
    assert set(rows.event_class) == {"appeal"} and set(rows.target_id) == {"russia"}


def test_accusations_in_seed_001(seeds):
    found = seeds.events[seeds.events.doc_id == SEED_001]
    pairs = set(zip(found.actor_id, found.verb, found.target_id))
    assert ("moscow", "accuse", "kyiv") in pairs
    assert ("kyiv", "accuse", "moscow") in pairs
    assert ("moscow", "annex", "crimea") in pairs


def test_every_event_involves_a_gazetteer_actor(seeds, tagger):
    found = seeds.events
    assert len(found) > 10
    ids = set(found.actor_id.dropna()) | set(found.target_id.dropna())
    assert all((a in tagger.gazetteer) or (t in tagger.gazetteer) for a, t in zip(found.actor_id, found.target_id))
    assert ids & set(tagger.gazetteer.actors)
    assert set(found.event_class) <= set(events.load_event_verbs().values())


def test_passive_voice_is_undone(tagger):
    rows = _events(tagger, "Avdiivka was shelled by Russia on Monday.")
    assert [(r["actor_id"], r["verb"], r["event_class"], r["target_id"]) for r in rows] == [
        ("russia", "shell", "military_action", "avdiivka")
    ]


def test_unmapped_verbs_are_skipped_and_dates_are_not_targets(tagger):
    assert _events(tagger, "Putin admired Merkel's garden.") == []
    rows = _events(tagger, "Lavrov said on Thursday that talks would go on.")
    assert [(r["actor_id"], r["verb"], r["target_id"], r["target_text"]) for r in rows] == [
        ("sergei_lavrov", "say", None, None)
    ]


def test_verb_map_rejects_a_verb_in_two_classes(tmp_path):
    path = tmp_path / "verbs.yaml"
    path.write_text("threat: [warn]\nstatement: [warn]\n")
    with pytest.raises(ValueError, match="warn"):
        events.load_event_verbs(path)
