"""The ipywidgets explorers, built headless: set control values and check the results pane follows."""

from __future__ import annotations

import copy

import pytest

from kit import explore, load_corpus
from kit.present import widgets

from .conftest import SEED_IDS

S000, S001, S002 = SEED_IDS


@pytest.fixture(autouse=True)
def _store_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_STORE_DIR", str(tmp_path / "kit-store"))


def test_kwic_explorer_searches_filters_and_resizes(seeds):
    explorer = widgets.kwic_explorer(seeds, term="ceasefire")
    assert "4 matches in 2 articles" in explorer.results.value
    assert "<mark>ceasefire</mark>" in explorer.results.value
    explorer.search.value = "Lavrov"
    assert "“Lavrov”" in explorer.results.value and "ceasefire</mark>" not in explorer.results.value
    explorer.search.value = "ceasefire"
    wide = explorer.results.value
    explorer.window.value = 10
    assert len(explorer.results.value) < len(wide)
    explorer.filters.publisher.value = "Jowhar"
    assert "does not occur in published by Jowhar" in explorer.results.value
    explorer.filters.publisher.value = widgets.ALL
    explorer.filters.undated.value = False
    dated = set(explore.article_dates(seeds).dropna(subset=["when"])["doc_id"])
    assert all((doc in explorer.results.value) == (doc in dated) for doc in (S000, S002))


def test_kwic_explorer_default_term_and_static_html(seeds):
    explorer = widgets.kwic_explorer(seeds)
    assert explorer.search.value == explore.actor_counts(seeds, gazetteer_only=True)["entity_name"].iloc[0]
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"] == explorer.results.value and "matches in" in bundle["text/html"]


def test_actor_explorer_follows_the_picker(seeds):
    explorer = widgets.actor_explorer(seeds)
    assert explorer.picker.value == "vladimir_putin"
    assert "Vladimir Putin (person) is named 7 times in 3 articles" in explorer.results.value
    explorer.picker.value = "dmitry_peskov"
    assert "Dmitry Peskov (person) is named 3 times in 1 article" in explorer.results.value
    assert "Kremlin" in explorer.results.value


def test_filter_explorer_by_publisher(seeds):
    explorer = widgets.filter_explorer(seeds)
    assert "3 of 3 articles" in explorer.results.value
    explorer.filters.publisher.value = "Jowhar"
    assert "1 of 3 articles" in explorer.results.value and S001 in explorer.results.value
    assert S000 not in explorer.results.value


def test_document_reader_highlights_stored_entities(seeds):
    explorer = widgets.document_reader(seeds)
    assert "Kremlin states the escalation" in explorer.results.value
    assert 'class="entity"' in explorer.results.value
    explorer.picker.value = S002
    assert "Kerry warns Russia" in explorer.results.value
    n = len(seeds.entities.query("doc_id == @S002"))
    assert explorer.results.value.count('class="entity"') == n


def test_article_text_is_escaped(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "x.txt").write_text(
        "Talks in Kiev stall\n\nPutin said <b>nothing</b> & Kiev <script>alert(1)</script> waited for a ceasefire.\n",
        encoding="utf-8",
    )
    corpus = load_corpus(folder, out=tmp_path / "store", n_process=1, progress=False)
    reader = widgets.document_reader(corpus).results.value
    kwic = widgets.kwic_explorer(corpus, term="nothing, ceasefire", window=80).results.value
    for page in (reader, kwic):
        assert "<script>alert" not in page and "<b>nothing" not in page
        assert "&lt;script&gt;" in page or "&lt;b&gt;" in page


def test_quote_explorer_without_quotes_says_so(seeds):
    bare = copy.copy(seeds)
    bare.__dict__ = {k: v for k, v in seeds.__dict__.items() if k != "quotes"}
    bare.manifest = {**seeds.manifest, "tables": {k: v for k, v in seeds.manifest["tables"].items() if k != "quotes"}}
    explorer = widgets.quote_explorer(bare)
    assert "`quotes` table" in explorer.results.value and "not in this store" in explorer.results.value


def test_quote_explorer_filters(seeds):
    explorer = widgets.quote_explorer(seeds)
    total = len(seeds.quotes)
    assert f"{total:,} of {total:,} quotations" in explorer.results.value
    speaker = explorer.speaker.options[1][1]
    explorer.speaker.value = speaker
    quotes = explore.quotes(seeds)
    assert f"{int((quotes['speaker'] == speaker).sum()):,} of {total:,}" in explorer.results.value
    explorer.speaker.value = widgets.ALL
    explorer.words.value = "zzzz-not-in-any-quote"
    assert f"0 of {total:,} quotations" in explorer.results.value


def test_quote_explorer_contains_matches_the_speaker_too(seeds):
    explorer = widgets.quote_explorer(seeds)
    quotes = explore.quotes(seeds)
    by_name = quotes["speaker"].str.contains("Lavrov", case=False) | quotes["quote"].str.contains("Lavrov", case=False)
    assert by_name.sum() > quotes["quote"].str.contains("Lavrov", case=False).sum()  # the test can tell them apart
    explorer.words.value = "lavrov"
    assert f"{int(by_name.sum()):,} of {len(quotes):,} quotations" in explorer.results.value
    assert explorer.words.continuous_update, "the box filters as the user types"


def test_kwic_explorer_has_a_visible_search_button(seeds):
    explorer = widgets.kwic_explorer(seeds, term="ceasefire")
    buttons = [
        w
        for box in explorer.children
        if hasattr(box, "children")
        for w in box.children
        if w.__class__.__name__ == "Button"
    ]
    assert [b.description for b in buttons] == ["Search"]
    explorer.search.value = "Lavrov"
    buttons[0].click()
    assert "“Lavrov”" in explorer.results.value
