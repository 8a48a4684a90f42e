"""Tests for `kit.fast_pipes`: attribute rules matched as the `Matcher` matches them, lemmas as spaCy gives them."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.pipeline import AttributeRuler

from kit.doc_text import text_of
from kit.fast_pipes import CachedEnglishLemmatizer, LookupAttributeRuler, use_fast_pipes, use_lookup

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
#: Forms the model's own rules single out: contractions, "gonna", "ain't", spaces, "'cause".
ODD_FORMS = (
    "I ain't gonna do it, y'all.  \n\n  Don't, can't, won't; 'cause we're gonna wanna go. "
    "She'd've said so. He's got 'em. Ya know, it's o'clock and there's nothin' there."
)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))] + [ODD_FORMS]


@pytest.fixture(scope="module")
def parsed(nlp, texts):
    """The texts run through the pipeline up to (not including) the attribute rules."""
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        return list(nlp.pipe(texts))


def stock_copy(ruler: AttributeRuler) -> AttributeRuler:
    """spaCy's own `AttributeRuler` with the same rules."""
    stock = AttributeRuler(ruler.vocab)
    stock.add_patterns(ruler.patterns)
    return stock


def test_the_kit_pipeline_matches_the_models_rules_by_lookup(nlp):
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, LookupAttributeRuler)
    assert ruler.uses_lookup
    assert nlp.pipe_names.index("attribute_ruler") < nlp.pipe_names.index("lemmatizer")
    assert len(ruler.patterns) > 100


def test_the_matches_are_the_matchers_in_the_same_order(nlp, parsed):
    ruler = nlp.get_pipe("attribute_ruler")
    stock = stock_copy(ruler)
    total = 0
    for doc in parsed:
        expected = stock.match(doc)
        assert ruler.match(doc) == expected
        total += len(expected)
    assert total > sum(len(doc) for doc in parsed)  # every token gets its tag's rule, some more


def test_the_attributes_set_are_the_stock_components(nlp, parsed, texts):
    ruler = nlp.get_pipe("attribute_ruler")
    stock = stock_copy(ruler)
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        again = list(nlp.pipe(texts))
    lemmatizer = nlp.get_pipe("lemmatizer")
    for ours, theirs in zip(parsed, again, strict=True):
        lemmatizer(ruler(ours))
        lemmatizer(stock(theirs))

        def attributes(doc):
            return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]

        assert attributes(ours) == attributes(theirs)
    gonna = next(doc for doc in parsed if "gonna" in doc.text)
    assert [t.lemma_ for t in gonna if t.lower_ in {"gon", "na"}][:2] == ["go", "to"]


def test_a_rule_it_cannot_read_makes_it_use_the_matcher(nlp, parsed):
    ruler = LookupAttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "said"}]], {"LEMMA": "say"})
    assert ruler.uses_lookup
    ruler.add([[{"LOWER": "very", "OP": "+"}, {"POS": "ADJ"}]], {"LEMMA": "x"})
    assert not ruler.uses_lookup
    stock = stock_copy(ruler)
    for doc in parsed:
        assert ruler.match(doc) == stock.match(doc)


def test_rules_added_later_are_matched(nlp, parsed):
    ruler = LookupAttributeRuler(nlp.vocab)
    ruler.add([[{"TAG": "NNP"}]], {"MORPH": "Number=Sing"})
    doc = parsed[0]
    before = ruler.match(doc)
    ruler.add([[{"LOWER": {"IN": ["the", "a"]}}, {"TAG": {"NOT_IN": ["NNP"]}}]], {"LEMMA": "det"}, index=0)
    after = ruler.match(doc)
    assert len(after) > len(before)
    assert after == stock_copy(ruler).match(doc)
    ruler.clear()
    assert ruler.match(doc) == []


def test_a_pipeline_without_stock_rules_is_left_alone(nlp):
    import spacy

    blank = spacy.blank("en")
    assert use_lookup(blank) is False
    assert blank.pipe_names == []


def test_the_text_of_a_doc_is_joined_once_and_is_the_docs_text(parsed):
    doc = parsed[0]
    assert text_of(doc) == doc.text
    assert text_of(doc) is text_of(doc)


def test_lemmas_are_the_stock_lemmatizers(nlp, texts):
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, CachedEnglishLemmatizer)
    stock = EnglishLemmatizer(nlp.vocab, None, "stock", mode="rule")
    stock.lookups = lemmatizer.lookups
    for _ in range(2):  # the second pass from the cache
        with nlp.select_pipes(disable=["lemmatizer"]):
            ours, theirs = list(nlp.pipe(texts)), list(nlp.pipe(texts))
        for a, b in zip(ours, theirs, strict=True):
            lemmatizer(a)
            stock(b)
            assert [t.lemma_ for t in a] == [t.lemma_ for t in b]
    said = next(t for t in ours[0] if t.lower_ == "said")
    assert said.lemma_ == "say"


def test_only_stock_components_are_replaced(nlp):
    import spacy

    blank = spacy.blank("en")
    blank.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert use_fast_pipes(blank) == []
    assert type(blank.get_pipe("lemmatizer")) is not CachedEnglishLemmatizer
