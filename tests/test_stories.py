"""Story groups: republished and lightly rewritten copies of one story are grouped, others are not."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from kit.extract.stories import group_stories

WIRE = """KYIV, March 3 (Reuters) - Ukraine's border guards said on Monday that Russian forces had taken
control of a ferry terminal in the Crimean port of Kerch, the closest point to the Russian mainland.

The guards said about a dozen military vehicles with Russian number plates had been seen near the
terminal since early morning, and that the crews of two ferries had been told to stay on board.

The Russian defence ministry did not comment. Moscow has said its troops in Crimea are acting
within the terms of the agreement on its Black Sea Fleet, which is based in Sevastopol.

Ukraine's acting president said the country would not be provoked into a military response and
called on the United States and Britain, which guaranteed its borders in 1994, to hold talks.

European Union foreign ministers were to meet in Brussels to discuss possible sanctions, while
the Group of Seven said it was suspending preparations for a summit in Sochi in June.

Markets in Moscow fell sharply, and the central bank raised its main interest rate by one and a half
percentage points to stem an outflow of capital after the rouble hit a record low against the dollar."""

REWRITE = """Russian troops seized a ferry terminal in Kerch in eastern Crimea, Ukrainian border officials
said, as the standoff over the peninsula deepened.

The guards said about a dozen military vehicles with Russian licence plates had been seen near the
terminal since early morning, and that the crews of two ferries had been told to remain on board.

The Russian defence ministry did not comment. Moscow has said its troops in Crimea are acting
within the terms of the agreement on its Black Sea Fleet, which is based in Sevastopol.

Ukraine's interim president said the country would not be provoked into a military response and
called on the United States and Britain, which guaranteed its borders in 1994, to hold talks.

European Union foreign ministers were to meet in Brussels to discuss possible sanctions, while
the Group of Seven said it was suspending preparations for a summit in Sochi in June.

Markets in Moscow fell sharply, and the central bank raised its key interest rate by one and a half
percentage points to stem an outflow of capital after the rouble hit a record low against the dollar."""

OTHER = """DONETSK, April 7 (Reuters) - Pro-Russian protesters who seized the regional government building
in Donetsk proclaimed a sovereign republic on Monday and called for a referendum on joining Russia.

Ukraine's interior minister said police had cleared a similar occupation in Kharkiv overnight and
that the security forces would act against what he called separatists paid by Moscow.

The prime minister accused Russia of planning to dismember the country and said the government
would not allow foreign troops to enter its territory. Washington said it was watching the
region closely and warned that any move by Russian troops would bring further costs."""


def frame(*pairs: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [d for d, _ in pairs], "text": [t for _, t in pairs]})


def test_a_lightly_edited_copy_joins_the_wire_story_and_another_story_stays_apart():
    stories = group_stories(frame(("wire", WIRE), ("other", OTHER), ("rewrite", REWRITE)))
    by_id = stories.set_index("doc_id")
    assert list(stories.columns) == ["doc_id", "story_id", "story_size", "story_similarity"]
    assert list(stories.doc_id) == ["wire", "other", "rewrite"]
    assert by_id.loc["rewrite", "story_id"] == "wire"
    assert by_id.loc["wire", "story_id"] == "wire" and by_id.loc["wire", "story_similarity"] == 1.0
    assert by_id.loc["wire", "story_size"] == 2 and by_id.loc["rewrite", "story_size"] == 2
    assert 0.5 <= by_id.loc["rewrite", "story_similarity"] < 1.0
    assert by_id.loc["other", "story_id"] == "other" and by_id.loc["other", "story_size"] == 1


def test_exact_copies_and_empty_texts():
    stories = group_stories(frame(("a", WIRE), ("b", WIRE), ("c", ""), ("d", "Short note.")))
    by_id = stories.set_index("doc_id")
    assert by_id.loc["b", "story_id"] == "a" and by_id.loc["b", "story_similarity"] == 1.0
    assert by_id.loc["c", "story_id"] == "c" and by_id.loc["d", "story_id"] == "d"
    assert len(stories) == 4


def test_a_strict_threshold_separates_the_rewrite():
    stories = group_stories(frame(("wire", WIRE), ("rewrite", REWRITE)), threshold=0.95)
    assert stories.story_id.tolist() == ["wire", "rewrite"]
    with pytest.raises(ValueError):
        group_stories(frame(("wire", WIRE)), threshold=0)


def test_the_outside_corpus_is_mostly_singletons(bias_corpus):
    records = [json.loads(line) for line in bias_corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    documents = pd.DataFrame({"doc_id": [r["id"] for r in records], "text": [r["text"] for r in records]})
    stories = group_stories(documents)
    assert len(stories) == len(documents) == 90
    assert (stories.story_size == 1).sum() >= 85
    assert set(stories.story_id) <= set(documents.doc_id)
