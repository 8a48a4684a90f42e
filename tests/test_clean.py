"""Cleaning: page furniture out, metadata to fields, every article sentence kept."""

from __future__ import annotations

import re

import pytest

from kit.clean import clean_text, load_rules, normalise

from .conftest import SEED_IDS, SEEDS

FURNITURE = [
    ": :inin Kyiv (EET)",
    "Submit a Comment",
    "Your email address will not be published",
    "Pin It on Pinterest",
    "Share This",
    "Share this post with your friends!",
    "See also:",
    "MORE",
    "KerryJohn",
    "PutinVladimir",
    "Twenty-four countries",
    "REvil ransomware",
    "date 2021-12-02",
    "Jowharwith",
    "( Jowhar",
]


def seed(i: int) -> str:
    return (SEEDS / f"{SEED_IDS[i]}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cleaned():
    return [clean_text(seed(i)) for i in range(3)]


def test_no_page_furniture_or_link_artefacts_are_left(cleaned):
    for result in cleaned:
        for piece in FURNITURE:
            assert piece not in result.text


def test_bio_links_fused_into_names_read_as_a_person_would(cleaned):
    text = cleaned[2].text
    assert "Secretary of State John Kerry voiced his “strong concern” to Moscow on Tuesday" in text
    assert "Russian President Vladimir Putin blamed Ukraine for the renewed violence" in text


def test_every_removal_is_recorded_with_a_reason(cleaned):
    reasons = [r.reason for r in cleaned[0].removed]
    assert reasons.count("related link") == 2
    assert {"time widget", "comment form", "share buttons"} <= set(reasons)
    assert [r.reason for r in cleaned[2].removed] == ["inline bio link", "inline bio link"]
    assert cleaned[2].removed[0].text.startswith("John KerryTwenty-four countries") and cleaned[2].removed[
        0
    ].text.endswith("MORE")


def test_metadata_lines_become_fields_not_lost_text(cleaned):
    result = cleaned[1]
    assert result.fields == {"date": "2021-12-02", "outlet": "Jowhar", "agencies": "AFP, REUTERS"}
    assert result.text.startswith("Blinken urges Russia to ‘reduce escalation’ at border")
    assert result.text.endswith("after his ministry said Kiev had deployed some 125,000 troops to the east.")
    assert {r.reason for r in result.removed} == {"metadata: date", "metadata: agency credit"}


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?”\"])\s+", text) if len(s.strip()) > 25]


@pytest.mark.parametrize("i", range(3))
def test_no_article_sentence_is_lost(cleaned, i):
    """Every line of the raw file is either in the clean text or recorded as removed."""
    result = cleaned[i]
    clean = " ".join(result.text.split())
    for line in normalise(seed(i)).split("\n"):
        for removal in result.removed:
            line = line.replace(removal.text, " ")
        for sentence in _sentences(" ".join(line.split())):
            assert sentence in clean, sentence


def test_cleaning_is_idempotent(cleaned):
    for result in cleaned:
        again = clean_text(result.text)
        assert again.text == result.text
        assert again.removed == []


def test_normalise_line_ends_control_characters_and_spaces():
    assert normalise("a\r\nb\rc\x00d\u00a0\u00a0e  \n\n\n\nf ") == "a\nb\ncd e\n\nf"


def test_control_characters_are_recorded():
    result = clean_text("Talks resumed\x00 in Minsk.")
    assert result.text == "Talks resumed in Minsk."
    assert result.removed[0].reason == "control characters"


def test_a_sentence_that_mentions_see_also_inside_is_kept():
    text = "Officials said they would see also: the monitors, the border and the checkpoints."
    assert clean_text(text).text == text


def test_rules_file_is_validated(tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text("lines:\n  - {pattern: '(unclosed', reason: x}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad rule in 'lines'"):
        load_rules(bad)


@pytest.mark.parametrize(
    "line",
    [
        "Read more",
        "Related: Russia says talks stalled",
        "READ MORE » Ukraine war latest",
        "Sign up to our morning briefing",
        "Subscribe for free to The Daily Brief",
        "Photograph: Jane Doe/Reuters",
        "Jane Doe/AFP via Getty Images",
        "[Embedded content]",
        "Updated at 14.05 BST",
        "14.05 BST",
        "— Jane Doe (@janedoe) March 3, 2022",
        "Video",
        "Last updated: 3 March 2022",
    ],
)
def test_furniture_of_unseen_outlets_is_removed_and_recorded(line):
    cleaned = clean_text(f"The talks resumed.\n\n{line}\n\nNo deal was reached.")
    assert cleaned.text == "The talks resumed.\n\nNo deal was reached."
    assert [r.text for r in cleaned.removed] == [line]


@pytest.mark.parametrize(
    "sentence",
    [
        "More than 100 people died in the shelling.",
        "Related talks are due next week.",
        "Photo opportunities were few.",
        "Subscribe to the idea of peace, he said.",
        "Updated figures showed 13,000 dead.",
        "Video footage showed the strike.",
        "At 14.05 the sirens sounded.",
        "Read more about it, she urged listeners.",
        "Sign up for the army, the poster said.",
        "Published figures put the toll at 2,000.",
    ],
)
def test_sentences_that_look_like_furniture_stay(sentence):
    assert clean_text(f"The talks resumed.\n\n{sentence}").text == f"The talks resumed.\n\n{sentence}"


def test_embedded_post_links_are_taken_out_of_a_sentence():
    cleaned = clean_text("Zelensky posted a video. pic.twitter.com/abc123 https://t.co/xyz9")
    assert cleaned.text == "Zelensky posted a video."
    assert {r.reason for r in cleaned.removed} == {"embedded post"}


def test_a_live_blog_time_stamp_before_an_entry_is_taken_out():
    cleaned = clean_text("11:27 - EU foreign policy chief Catherine Ashton said talks would go on.")
    assert cleaned.text == "EU foreign policy chief Catherine Ashton said talks would go on."
    assert [(r.text, r.reason) for r in cleaned.removed] == [("11:27 -", "live-blog timestamp")]


@pytest.mark.parametrize(
    "make",
    [
        lambda n: " ".join(["Word"] * (n // 5)),  # a run of capitalised words (the bio-link rule)
        lambda n: "John KerryJohn " * (n // 15),  # fused names with no MORE after them
        lambda n: "in A" + "b" * n,  # a time widget that never closes
        lambda n: "— " + "x" * n,  # an embedded post that never ends
        lambda n: "11:27 - " + "Kyiv " * (n // 5),  # a live-blog time stamp before a long entry
    ],
    ids=["capitals", "fused-names", "widget", "post", "timestamp"],
)
def test_cleaning_time_grows_about_linearly(make):
    import time

    rules = load_rules()

    def seconds(n: int) -> float:
        text = make(n)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            clean_text(text, rules=rules)
            best = min(best, time.perf_counter() - start)
        return best

    small, large = seconds(30_000), seconds(240_000)
    assert large < 0.05 or large / max(small, 1e-4) < 24, f"30 KB: {small:.3f} s, 240 KB: {large:.3f} s (8x the text)"
