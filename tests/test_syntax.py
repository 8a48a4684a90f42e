"""Tests for `kit.extract.syntax`, and that quotes, figures and events share one list of verbs of saying."""

from __future__ import annotations

from kit.extract import DocContext, syntax
from kit.extract.numbers import claims
from kit.gazetteer import load_gazetteer
from kit.lexicons import DATA_DIR, LexiconFiles, Lexicons, using

PHRASES = (("according", "to"), ("quoted", "by"), ("cited", "by"))


def _token(doc, word):
    return next(t for t in doc if t.text == word)


def test_governing_verb_goes_through_of_and_conjunctions(nlp):
    doc = nlp("The number of refugees may climb to two million.")
    assert syntax.governing_verb(_token(doc, "refugees")).lemma_ == "climb"
    doc = nlp("Rebels shelled the town.")
    assert syntax.governing_verb(_token(doc, "town")).text == "shelled"
    assert syntax.governing_verb(_token(doc, ".")) is None


def test_clause_verb_of_a_span_of_characters(nlp):
    doc = nlp("The leaders will meet on Thursday in Minsk.")
    start = doc.text.index("Thursday")
    assert syntax.clause_verb(doc, start, start + len("Thursday")).text == "meet"


def test_source_phrases_name_their_source(nlp):
    doc = nlp("Forty soldiers died, according to the Defence Ministry.")
    source = syntax.source_of_phrase(_token(doc, "according"), PHRASES)
    assert source is not None and source.text == "Ministry"
    assert syntax.source_in(doc[:], PHRASES).text == "Ministry"
    assert syntax.source_of_phrase(_token(doc, "soldiers"), PHRASES) is None
    assert syntax.source_in(nlp("Forty soldiers died.")[:], PHRASES) is None


def test_noun_phrase_drops_determiners_and_keeps_a_name_in_apposition(nlp):
    doc = nlp("The Senate's deputy speaker Yevgeny Bushmin said the talks failed.")
    assert syntax.noun_phrase(_token(doc, "speaker")).text == "Senate's deputy speaker Yevgeny Bushmin"
    assert syntax.noun_phrase(_token(doc, "talks")).text == "talks"


def test_a_verb_of_saying_added_to_the_speech_cues_attributes_figures_and_is_an_event(tmp_path, nlp):
    cues = tmp_path / "speech_cues.yaml"
    cues.write_text(
        (DATA_DIR / "speech_cues.yaml")
        .read_text(encoding="utf-8")
        .replace("verbs:\n  - say\n", "verbs:\n  - say\n  - whisper\n", 1),
        encoding="utf-8",
    )
    own, edited = Lexicons(), Lexicons(LexiconFiles().with_overrides(speech_cues=cues))
    assert "whisper" not in own.numbers.reporting_verbs and "whisper" not in own.event_verbs
    assert "whisper" in edited.cues.reporting_verbs
    assert "whisper" in edited.numbers.reporting_verbs
    assert edited.event_verbs["whisper"] == "statement"

    doc = nlp("The governor whispered that 40 soldiers were killed.")
    ctx = DocContext("d", None, load_gazetteer())
    with using(own):
        before = claims(doc, ctx)
    with using(edited):
        after = claims(doc, DocContext("d", None, load_gazetteer()))
    assert [row["claimed_by"] for row in before] == [None]
    assert [row["claimed_by"] for row in after] == ["governor"]


def test_agent_of_a_passive_verb(nlp):
    doc = nlp("This was stated by Zelensky on Monday.")
    assert syntax.agent_of(_token(doc, "stated")).text == "Zelensky"
    assert syntax.agent_of(_token(nlp("Zelensky stated this."), "stated")) is None
