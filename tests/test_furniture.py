"""Tests for `kit.furniture`: lines an outlet repeats across articles are furniture, sentences are not."""

from __future__ import annotations

import json

import pytest

from kit.corpus import load_corpus
from kit.furniture import RepeatedLines, can_be_furniture, strip_lines

from .conftest import SHARED, shared_file


def record(i: int, outlet: str, body: str, title: str | None = None) -> dict:
    return {"id": f"{outlet[:3]}-{i}", "outlet": outlet, "title": title or f"Story number {i}", "text": body}


def article(i: int) -> str:
    return (
        f"Officials in region {i} said on Monday that {i + 3} schools would reopen next week.\n\n"
        "The Daily Chronicle — independent news since 1995\n\n"
        f"The mayor said repairs would take {i + 1} months.\n\nThank you."
    )


def test_repeated_lines_of_one_outlet_are_furniture_but_short_sentences_and_speaker_turns_are_not():
    lines = RepeatedLines(min_documents=3, short_sentence_words=8)
    for i in range(3):
        lines.add("Daily", f"title {i}", article(i) + "\nQ: Thank you very much for coming?")
    lines.add("Other", "title x", article(9))
    found = lines.furniture()
    assert set(found) == {"Daily"}  # the other outlet prints it once
    assert set(found["Daily"]) == {"The Daily Chronicle — independent news since 1995"}


def test_updates_of_one_story_do_not_make_its_sentences_furniture():
    lines = RepeatedLines(min_documents=3)
    for _ in range(4):
        lines.add("Daily", "Same headline", "A long sentence that the story keeps in every update of the day.")
    assert lines.furniture() == {}


@pytest.mark.parametrize(
    "line, furniture",
    [
        ("###", True),
        ("SANCTIONS IMPLICATIONS", True),
        ("JOSEPH R. BIDEN JR.", True),
        ("For identifying information on the individuals and entities sanctioned today, click here.", True),
        ("Thank you.", False),
        ("MS. PSAKI: Good afternoon.", False),
        ("We will win.", False),
    ],
)
def test_what_can_be_furniture(line, furniture):
    assert can_be_furniture(line, 8) is furniture


def test_strip_lines_keeps_everything_else():
    text = "First.\n\nSign up now\n\nSecond.\nSign up now"
    assert strip_lines(text, {"Sign up now"}) == "First.\n\nSecond."


def test_learned_furniture_is_removed_recorded_and_rerun_safe(tmp_path):
    corpus_file = tmp_path / "in" / "news.jsonl"
    corpus_file.parent.mkdir()
    records = [record(i, "Daily", article(i)) for i in range(6)]
    # four articles: below the threshold of five, the prompt stays
    corpus_file.write_text("".join(json.dumps(r) + "\n" for r in records[:4]), encoding="utf-8")
    store = tmp_path / "store"
    corpus = load_corpus(corpus_file, out=store, progress=False, n_process=1)
    assert corpus.documents.text.str.contains("The Daily Chronicle —").all()
    # six: it is furniture in all of them, old and new, exactly as in a fresh run
    corpus_file.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    corpus = load_corpus(corpus_file, out=store, progress=False, n_process=1)
    assert not corpus.documents.text.str.contains("The Daily Chronicle —").any()
    assert corpus.documents.text.str.contains("Thank you.").all()  # a short sentence stays
    learned = corpus.removed[corpus.removed.reason.str.startswith("repeated line")]
    assert sorted(learned.doc_id) == sorted(r["id"] for r in records)
    assert set(learned.reason) == {"repeated line (5+ documents of Daily)"}
    for r, text in zip(records, corpus.documents.text):  # every other line of every article is there
        assert all(line in text for line in r["text"].split("\n") if line and "Daily Chronicle" not in line)
    fresh = load_corpus(corpus_file, out=tmp_path / "fresh", progress=False, n_process=1)
    for name in ("documents", "removed", "quotes"):
        a = getattr(corpus, name).drop(columns=["source"], errors="ignore")
        b = getattr(fresh, name).drop(columns=["source"], errors="ignore")
        assert (
            a.astype(str)
            .sort_values(list(a.columns))
            .reset_index(drop=True)
            .equals(b.astype(str).sort_values(list(b.columns)).reset_index(drop=True))
        ), name
    # back to four: the prompt is no longer furniture and comes back
    corpus_file.write_text("".join(json.dumps(r) + "\n" for r in records[:4]), encoding="utf-8")
    corpus = load_corpus(corpus_file, out=store, progress=False, n_process=1)
    assert corpus.documents.text.str.contains("The Daily Chronicle —").all()
    assert not corpus.removed.reason.str.startswith("repeated line").any()


def test_below_the_threshold_nothing_is_learned(tmp_path):
    corpus_file = tmp_path / "news.jsonl"
    corpus_file.write_text(
        "".join(json.dumps(record(i, "Daily", article(i))) + "\n" for i in range(3)), encoding="utf-8"
    )
    corpus = load_corpus(corpus_file, out=tmp_path / "store", progress=False, n_process=1)
    assert corpus.documents.text.str.contains("The Daily Chronicle —").all()


@pytest.mark.parametrize(
    "name, expected",
    [
        ("usgov-ukraine-2022", ["###", "Via Teleconference", "SANCTIONS IMPLICATIONS"]),
        (
            "bbc-news-2004-2005",
            ["Bill Thompson is a regular commentator on the BBC World Service programme Go Digital."],
        ),
        ("kremlin-presua-2022", []),  # no line repeated in five differently titled items
        ("ukraine-news-bias-2014", []),
    ],
)
def test_shared_corpora_lose_their_furniture_and_no_sentence(name, expected):
    from kit.clean import clean_text, load_rules
    from kit.furniture import furniture_in, line_key

    path = shared_file(SHARED / "corpora" / name / "articles.jsonl")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rules = load_rules()
    lines = RepeatedLines(**rules.repeated_lines)
    for r in records:
        lines.add(r.get("outlet") or r.get("source"), r.get("title"), r["text"])
    found = lines.furniture()
    learned = {line for per_outlet in found.values() for line in per_outlet}
    assert set(expected) <= learned
    for r in records:
        outlet_lines = found.get(r.get("outlet") or r.get("source") or "", {})
        dropped = furniture_in(r["text"], outlet_lines)
        text = strip_lines(clean_text(r["text"], rules=rules).text, dropped)
        kept = {line_key(line) for line in text.split("\n")}
        assert not dropped & kept
        # no sentence of the article is lost: every line is kept, or a furniture line, or cleaned by a rule
        for line in map(line_key, clean_text(r["text"], rules=rules).text.split("\n")):
            assert not line or line in kept or line in dropped
        assert all(can_be_furniture(line, rules.repeated_lines["short_sentence_words"]) for line in dropped)
