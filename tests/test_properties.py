"""Properties of ingest and cleaning on generated input: no crash, idempotence, no article sentence lost."""

from __future__ import annotations

import codecs
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kit.clean import DEFAULT_RULES, clean_text, load_rules, normalise
from kit.ingest import ProblemLog, UnreadableInput, decode_bytes, read_corpus

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1251", "cp1252", "latin-1", "koi8_r"]

#: Words that make up generated article sentences, including words page furniture is made of.
WORDS = [
    "the",
    "talks",
    "in",
    "Kyiv",
    "Moscow",
    "said",
    "on",
    "Monday",
    "with",
    "and",
    "of",
    "a",
    "shelling",
    "near",
    "Donetsk",
    "ceasefire",
    "officials",
    "share",
    "comments",
    "comment",
    "read",
    "more",
    "see",
    "also",
    "print",
    "email",
    "follow",
    "us",
    "Facebook",
    "Twitter",
    "subscribe",
    "newsletter",
    "advertisement",
    "AFP",
    "Reuters",
    "(AFP)",
    "12:30",
    "2014-03-01",
    "£5",
    "million",
    "café",
    "Київ",
    "Донецьк",
    "«перемир'я»",
    "—",
    "PrivatBank",
    "O'Brien",
    "U.S.",
    "EU",
    "date",
    "(EET)",
    "Share",
    "Comments",
    "Leave",
    "Reply",
    "Related",
    "MORE",
    "Putin",
    "Vladimir",
    "said:",
    "“quote”",
    "37",
    "per",
    "cent",
    "|",
    "Tweet",
    "Email",
    "Print",
    "Pinterest",
    "by",
]
FIRST_WORDS = [
    "The",
    "Officials",
    "Russian",
    "Ukrainian",
    "Talks",
    "Shelling",
    "Monitors",
    "President",
    "In",
    "A",
    "Share",
    "Comments",
    "Print",
    "Email",
    "Follow",
    "Read",
    "Related",
    "Advertisement",
    "Subscribe",
    "See",
    "Leave",
    "Submit",
    "Vladimir",
    "Київ",
    "«Ми",
    "“We",
    "(The",
    "(Reuters",
    "(Additional",
    "On",
    "At",
    "12:30",
]


def _sentence(first: str, words: list[str], end: str) -> str:
    text = " ".join([first, *words])
    if first.startswith("("):
        return f"{text}{end})"
    if first.startswith("“"):
        return f"{text}{end}”"
    if first.startswith("«"):
        return f"{text}{end}»"
    return f"{text}{end}"


sentences = st.builds(
    _sentence,
    st.sampled_from(FIRST_WORDS),
    st.lists(st.sampled_from(WORDS), min_size=3, max_size=16),
    st.sampled_from(".!?"),
)
paragraphs = st.lists(sentences, min_size=1, max_size=3)


def _furniture_rules() -> list[re.Pattern]:
    spec = yaml.safe_load(DEFAULT_RULES.read_text(encoding="utf-8"))
    return [re.compile(rule["pattern"]) for rule in spec["lines"]]


def _is_line(text: str, pattern: re.Pattern) -> bool:
    return bool(text) and "\n" not in text and normalise(text) == text and bool(pattern.fullmatch(text))


#: Furniture lines generated from every `lines` rule in `kit/data/boilerplate.yaml`.
furniture = st.one_of(
    *(st.from_regex(p, fullmatch=True).map(str.strip).filter(lambda s, p=p: _is_line(s, p)) for p in _furniture_rules())
)


def _is_furniture(line: str) -> bool:
    return any(p.fullmatch(line) for p, _ in load_rules().lines)


@SETTINGS
@given(
    st.one_of(
        st.binary(max_size=4096),
        st.tuples(st.text(max_size=400), st.sampled_from(ENCODINGS)).map(lambda t: t[0].encode(t[1], errors="ignore")),
    )
)
def test_decode_bytes_returns_text_or_says_why_not(data):
    try:
        text, encoding = decode_bytes(data)
    except UnreadableInput as exc:
        assert str(exc)
    else:
        codecs.lookup(encoding)  # the encoding recorded is one Python can read the file with again
        if data.isascii() and b"\x00" not in data:
            assert text.replace("\r\n", "\n") == data.decode("ascii").replace("\r\n", "\n")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2048), st.sampled_from([".txt", ".html", ".jsonl", ".csv", ".md"]))
@example(b"\xef\xbb\xbf", ".jsonl")
@example(b"id,text\n", ".csv")
def test_read_corpus_never_raises_on_arbitrary_bytes(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / f"input{suffix}").write_bytes(data)
        problems = ProblemLog()
        docs = list(read_corpus([folder], problems=problems))
    assert all(doc.text.strip() for doc in docs)
    assert docs or problems  # every input is either read or named as skipped


@SETTINGS
@given(st.text(max_size=600))
def test_clean_text_never_raises_and_is_idempotent(text):
    once = clean_text(text).text
    assert clean_text(once).text == once


@SETTINGS
@given(
    st.lists(
        st.one_of(paragraphs.map(lambda p: ("article", p)), furniture.map(lambda f: ("furniture", f))),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(["\n\n", "\n", "\r\n", "\n \n"]),
)
@example([("article", ["Shelling went on."]), ("article", ["(Talks are to resume with Kyiv.)"])], "\n\n")
@example([("article", ["The O'Brien O'Brien MORE."])], "\n\n")
def test_every_article_sentence_survives_and_every_furniture_line_goes(items, separator):
    lines = [" ".join(value) if kind == "article" else value for kind, value in items]
    result = clean_text(separator.join(lines))
    kept_lines = set(result.text.split("\n"))
    for kind, value in items:
        if kind == "furniture":
            assert value not in kept_lines
        elif not _is_furniture(" ".join(value)):
            for sentence in value:
                assert sentence in result.text
    assert clean_text(result.text).text == result.text
