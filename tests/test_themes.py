"""Framing themes: lemma matches of the themes lexicon, per sentence."""

from __future__ import annotations

import pytest

from kit.extract import themes

SEED_000 = "000_8c36ac1777dec640"
SEED_002 = "002_fa8bd9a05bbe6e6e"


@pytest.fixture(scope="module")
def seed_themes(seeds):
    return seeds.themes


def test_lexicon_has_the_documented_themes():
    ids = {t.id for t in themes.load_themes()}
    assert {
        "escalation",
        "de_escalation",
        "ceasefire_minsk",
        "sanctions",
        "military_buildup",
        "casualties_humanitarian",
        "nato_alliances",
        "sovereignty",
    } <= ids
    assert all(t.label and t.description and t.terms for t in themes.load_themes())


def test_sanctions_in_seed_002(seed_themes):
    rows = seed_themes[(seed_themes.doc_id == SEED_002) & (seed_themes.theme == "sanctions")]
    assert {"sanction", "penalty", "isolate"} <= set(rows.term)
    assert rows.sent_idx.nunique() >= 3


def test_ceasefire_and_minsk_in_seed_000(seeds, seed_themes):
    rows = seed_themes[(seed_themes.doc_id == SEED_000) & (seed_themes.theme == "ceasefire_minsk")]
    assert {"ceasefire", "Minsk agreement", "resolution 2202"} <= set(rows.term)
    sentences = seeds.sentences.set_index(["doc_id", "sent_idx"])
    text = seeds.documents.set_index("doc_id").text[SEED_000]
    for sent_idx in rows[rows.term == "ceasefire"].sent_idx:
        start, end = sentences.loc[(SEED_000, sent_idx), ["start_char", "end_char"]]
        assert "ceasefire" in text[start:end]


def test_one_row_per_sentence_theme_term(seed_themes):
    assert not seed_themes.duplicated(["doc_id", "sent_idx", "theme", "term"]).any()


def test_lemmas_and_longest_term(nlp):
    doc = nlp("Washington imposed new sanctions. The death toll rose as troops were deployed.")
    rows = themes.theme_rows(doc, "x")
    found = {(r["sent_idx"], r["theme"], r["term"]) for r in rows}
    assert (0, "sanctions", "sanction") in found
    assert (1, "casualties_humanitarian", "death toll") in found
    assert (1, "casualties_humanitarian", "death") not in found
    assert (1, "military_buildup", "deploy") in found


def test_custom_lexicon(tmp_path, nlp):
    path = tmp_path / "themes.yaml"
    path.write_text("- {id: energy, label: Energy, description: Gas, terms: [gas supply, pipeline]}\n")
    index = themes.ThemeIndex(themes.load_themes(path))
    rows = index.rows(nlp("Gazprom cut gas supplies and closed two pipelines."), "x")
    assert [(r["theme"], r["term"]) for r in rows] == [("energy", "gas supply"), ("energy", "pipeline")]
    path.write_text("- {id: a, terms: [x]}\n- {id: a, terms: [y]}\n")
    with pytest.raises(ValueError, match="used twice"):
        themes.load_themes(path)
