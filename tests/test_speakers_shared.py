"""Speakers on real corpora from other outlets: the most frequent ones are actors, never page junk.

Each corpus in ../shared/corpora/ (a sample of every n-th article, so the test stays quick) is
tagged with the session's pipeline; among its 300 most frequent speakers there must be no
pronoun, URL, hashtag or handle, timestamp or photo credit.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from kit.clean import clean_text
from kit.tagger import TagItem

from .conftest import SHARED, shared_file

CORPORA = ("ukraine-news-bias-2014", "bbc-news-2004-2005", "kremlin-presua-2022", "usgov-ukraine-2022")
SAMPLE = 120  # articles per corpus
JUNK = {
    "pronoun": re.compile(r"(?i)^(i|we|you|they|he|she|it|this|that|who|me|us|him|her|them)$"),
    "URL": re.compile(r"(?i)https?://|www\.|\.com\b"),
    "hashtag or handle": re.compile(r"[#@]\w"),
    "timestamp": re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s*(am|pm)\b|\b(GMT|BST|CET|UTC)\b"),
    "photo credit": re.compile(r"\w\s*/\s*\w|^(?i:photo|picture|getty)\b"),
}


def _sample(name: str) -> list[TagItem]:
    path = shared_file(SHARED / "corpora" / name / "articles.jsonl")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    step = max(1, len(records) // SAMPLE)
    return [
        TagItem(str(r["id"]), clean_text(r["text"]).text, r.get("date"), r.get("title"))
        for r in records[::step][:SAMPLE]
    ]  # cleaned, as `kit tag` tags them


@pytest.mark.parametrize("name", CORPORA)
def test_frequent_speakers_are_never_junk(tagger, name):
    rows = tagger.tag(_sample(name))["quotes"]
    speakers = Counter(r["speaker_name"] or r["speaker_id"] for r in rows if r["speaker_name"] or r["speaker_id"])
    assert speakers, f"no speaker found in {name}"
    bad = [
        (speaker, kind)
        for speaker, _ in speakers.most_common(300)
        for kind, pattern in JUNK.items()
        if pattern.search(str(speaker))
    ]
    assert not bad, f"{name}: junk among the most frequent speakers: {bad[:10]}"
