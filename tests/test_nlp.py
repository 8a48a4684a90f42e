"""Tests for `kit.nlp`: which model is loaded, and the gazetteer in the pipeline."""

from __future__ import annotations

import json

import pytest

from kit.nlp import DEFAULT_MODELS, MODEL_ENV, ModelNotFound, model_info, resolve_model


def test_the_default_is_an_installed_english_model(monkeypatch):
    monkeypatch.delenv(MODEL_ENV, raising=False)
    assert resolve_model() in DEFAULT_MODELS
    info = model_info()
    assert info["name"].startswith("en_") and info["version"]


def test_a_model_named_in_the_environment_or_missing_is_said_clearly(monkeypatch):
    monkeypatch.setenv(MODEL_ENV, "en_core_web_xl_not_installed")
    with pytest.raises(ModelNotFound, match="en_core_web_xl_not_installed' is not installed: `pip install"):
        resolve_model()


def test_a_folder_that_is_not_a_model_is_refused(tmp_path):
    with pytest.raises(ModelNotFound, match="is not a spaCy model folder"):
        model_info(str(tmp_path))
    (tmp_path / "meta.json").write_text(json.dumps({"lang": "en", "name": "mine", "version": "1.2"}), encoding="utf-8")
    assert model_info(str(tmp_path)) == {"name": "en_mine", "version": "1.2"}


def test_the_pipeline_tags_gazetteer_actors_with_their_ids(nlp):
    assert "kit_gazetteer" in nlp.pipe_names
    assert nlp.pipe_names.index("kit_gazetteer") > nlp.pipe_names.index("ner")
    doc = nlp("Vladimir Putin met Volodymyr Zelensky in Minsk.")
    ids = {ent.text: ent.ent_id_ for ent in doc.ents}
    assert ids["Vladimir Putin"] == "vladimir_putin"
    assert ids["Volodymyr Zelensky"] == "volodymyr_zelensky"


def test_a_unit_letter_before_a_full_stop_ends_the_sentence(nlp):
    doc = nlp("Fraud dropped to 8,177 cases worth £644m. Edward Leigh said Britain had to set an example.")
    assert [s.text for s in doc.sents] == [
        "Fraud dropped to 8,177 cases worth £644m.",
        "Edward Leigh said Britain had to set an example.",
    ]
    assert [t.text for t in nlp("The meeting ends at 5 p.m. today, e.g. on time.")][5:7] == ["p.m.", "today"]


def test_a_blank_line_always_starts_a_sentence(nlp):
    doc = nlp("'Relationships that last.'\n\nHer campaign workers said they have been working the state.")
    starts = [sent.text.strip() for sent in doc.sents]
    assert "Her campaign workers said they have been working the state." in starts
    # a single line break (a wrapped line) leaves the parser to decide
    assert len(list(nlp("The talks went on late into\nthe night in Minsk.").sents)) == 1
