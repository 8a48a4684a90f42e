"""What runs is what is recorded: lexicons read when a run starts, each in the fingerprint of its own stage."""

from __future__ import annotations

import shutil

import pytest

from kit import load_corpus
from kit.lexicons import DATA_DIR, LexiconError, LexiconFiles, Lexicons
from kit.pipeline import analysis_digest

from .conftest import SEEDS


def test_a_lexicon_edited_in_the_same_process_changes_the_next_load(tmp_path):
    themes = tmp_path / "themes.yaml"
    shutil.copy(DATA_DIR / "themes.yaml", themes)
    store = tmp_path / "store"
    before = load_corpus(SEEDS, out=store, lexicons={"themes": themes}, progress=False)
    assert "mountains" not in set(before.themes["theme"])
    themes.write_text(
        themes.read_text(encoding="utf-8") + "\n- id: mountains\n  label: Mountains\n  terms: [border, Kremlin]\n",
        encoding="utf-8",
    )
    after = load_corpus(SEEDS, out=store, lexicons={"themes": themes}, progress=False)
    assert "mountains" in set(after.themes["theme"])
    assert after.manifest["fingerprint"]["tagging"] != before.manifest["fingerprint"]["tagging"]


def test_each_file_is_in_the_fingerprint_of_its_own_stage_only():
    tagging = set(Lexicons().texts)
    assert tagging == set(LexiconFiles.STAGES["tagging"]) - {"gazetteer"}
    assert not {"word_choice", "boilerplate", "agencies"} & tagging
    assert analysis_digest() == analysis_digest()  # code only: no data file is read by it


def test_an_unknown_or_missing_lexicon_is_named(tmp_path):
    with pytest.raises(LexiconError, match="no lexicon called colours"):
        LexiconFiles().with_overrides(colours=tmp_path / "x.yaml")
    with pytest.raises(LexiconError, match="not found"):
        LexiconFiles().with_overrides(themes=tmp_path / "missing.yaml")


def test_the_agencies_list_is_in_the_ingest_digest(monkeypatch, tmp_path):
    from kit import metadata

    agencies = tmp_path / "agencies.yaml"
    shutil.copy(DATA_DIR / "agencies.yaml", agencies)
    monkeypatch.setattr(metadata, "AGENCIES_FILE", agencies)
    before = metadata.agencies_digest()
    assert metadata.canonical_agencies("KW") == ["KW"]  # unknown names are kept as written
    agencies.write_text(agencies.read_text(encoding="utf-8") + "\nKyiv Wire: [KW]\n", encoding="utf-8")
    assert metadata.agencies_digest() != before
    assert metadata.canonical_agencies("KW") == ["Kyiv Wire"]
