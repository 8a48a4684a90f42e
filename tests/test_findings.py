"""The front page's findings and the per-story counts behind them, checked against the tables."""

from __future__ import annotations

import shutil

import pytest

from kit import explore, open_store
from kit.pipeline import tag
from kit.present import findings

from .conftest import SEED_IDS, SEEDS

S000, S001, S002 = SEED_IDS


@pytest.fixture(scope="module")
def reprinted(tmp_path_factory):
    """The seeds plus two reprints of one of them (its story published three times)."""
    folder = tmp_path_factory.mktemp("reprinted")
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    text = (SEEDS / f"{S001}.txt").read_text(encoding="utf-8")
    (folder / "reprint_a.txt").write_text(
        text + "\nThis story was republished from a wire service.\n", encoding="utf-8"
    )
    (folder / "reprint_b.txt").write_text(
        text + "\n\nCopyright the wire service. Reprinted with permission.\n", encoding="utf-8"
    )
    out = tmp_path_factory.mktemp("reprinted-store")
    tag([folder], out, n_process=1, progress=False)
    return open_store(out)


def test_reprints_are_grouped_into_one_story(reprinted):
    stories = explore.story_of(reprinted)
    assert stories["reprint_a"] == stories["reprint_b"] == stories[S001]
    assert stories[S000] == S000


def test_quotes_count_a_story_once_unless_asked_per_article(reprinted, seeds):
    per_story = explore.quotes_by_speaker(reprinted, top=50)
    per_article = explore.quotes_by_speaker(reprinted, top=50, per="article")
    alone = explore.quotes_by_speaker(seeds, top=50)
    assert per_story["total"].to_dict() == alone["total"].to_dict()
    blinken = "Antony Blinken"  # quoted only in the reprinted article
    assert per_article.loc[blinken, "total"] == 3 * alone.loc[blinken, "total"]
    with pytest.raises(ValueError, match="per must be"):
        explore.quotes_by_speaker(reprinted, per="copy")


def test_figures_and_themes_count_a_story_once(reprinted, seeds):
    story = explore.claims_by_claimant(reprinted)
    assert story["claims"].sum() == explore.claims_by_claimant(seeds)["claims"].sum()
    assert explore.claims_by_claimant(reprinted, per="article")["claims"].sum() > story["claims"].sum()
    themes = explore.themes_by(reprinted, by="publisher")
    assert themes.to_numpy().sum() == explore.themes_by(seeds, by="publisher").to_numpy().sum()


def test_described_counts_say_how_copies_were_counted(reprinted):
    assert "counted once" in explore.describe_quotes(reprinted)
    assert "2 articles are copies" in explore.describe_quotes(reprinted)


def test_findings_agree_with_the_tables(reprinted):
    found = {f.topic: f for f in findings.key_findings(reprinted)}
    top = explore.quotes_by_speaker(reprinted, top=1)
    speaker, total = top.index[0], int(top["total"].iloc[0])
    assert f"{speaker} is quoted most: {total:,} quotation" in found["quotes"].text
    assert "quotes.html?speaker=" in found["quotes"].links[0][1]
    claims = explore.claims(reprinted)
    killed = claims[claims["category"] == "killed"]["value"].max()
    assert f"killed: {killed:,.0f}" in found["figures"].text
    assert "2 articles repeat 1 story" in found["stories"].text


def test_the_corpus_in_words_names_no_path(reprinted):
    words = findings.corpus_in_words(reprinted)
    assert words.startswith("5 articles") and "/" not in words and "2021" in words


def test_caveats_give_the_measured_quality_and_the_share_without_speaker(reprinted):
    notes = findings.caveats(reprinted)
    quotes = explore.quotes(reprinted)
    share = (quotes["speaker"] == "(unattributed)").mean()
    assert any(note.startswith(f"{share:.0%} of the {len(quotes):,} quotations") for note in notes)
    assert any("hand-labelled articles" in note for note in notes)
    assert any("cannot be dated" in note for note in notes)
