"""Hostile input: `kit tag` on broken, odd and malicious files keeps every article and names every skip."""

from __future__ import annotations

import hashlib
import json
import os
import random
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from kit import open_store

ROOT = Path(__file__).resolve().parents[1]

UKRAINIAN = (
    "Київ і Донецьк — «перемир'я» знову порушено.\n\n"
    "Президент України заявив, що обстріли біля Авдіївки тривали всю ніч, "
    "а спостерігачі ОБСЄ зафіксували понад сто вибухів."
)
LATIN_1 = (
    "Talks in Genève ended late on Thursday.\n\n"
    "Diplomats met at a café near the lake, and the minister said the aid would cost £5 million. "
    "« Les négociations ont échoué », déclare le ministre français."
)
RUSSIAN = "Moscow rejected the plan.\n\nМосква заявила, что переговоры в Женеве по Украине провалились, сообщает ТАСС."
UTF16_ENGLISH = (
    "Monitors counted forty explosions near Horlivka.\n\n"
    "The mission said its patrol was stopped at a checkpoint outside Donetsk."
)
PLAIN = (
    "Ceasefire talks resume in Minsk.\n\n"
    "Negotiators from Kyiv and Moscow met again in Minsk on Tuesday, officials said."
)
CRLF = (
    "Kharkiv braces for winter.\r\n\r\n"
    "City officials in Kharkiv said heating would be restored by Friday.\r\n"
    "Residents queued for water on Saturday.\r\n"
)
NUL = "Grain deal extended.\n\nThe grain\x00 deal was extended for\x00\x00 sixty days, Turkish officials said."
MARKUP = (
    "Hackers defaced a news site.\n\n"
    "The page showed <script>alert('owned')</script> and <img src=x onerror=alert(1)> in place of the story, "
    "the editor in Kyiv said."
)
DUPLICATE = "Shelling hit Mariupol.\n\nShelling hit the eastern districts of Mariupol overnight, the mayor said."
NESTED_UK = "Звіт із Донецька.\n\nУ Донецьку знову чути вибухи, повідомляють місцеві жителі."
NESTED_FR = "Report from Geneva.\n\nThe Geneva meeting ended without a joint statement, diplomats said."
RECORD = "Sanctions widened.\n\nThe European Union widened sanctions on Russian banks on Monday, <b>officials</b> said."
HTML_ARTICLE = " ".join(["Russian forces shelled Avdiivka overnight, Ukrainian officials said."] * 6)
HUGE_HEAD = "Shelling resumed near Avdiivka on Monday, officials in Kyiv said."
HUGE_TAIL = "The OSCE mission in Donetsk said monitors would return on Friday."
FURNITURE = (
    "Share This\n\nTweet | Email | Print\n\nLeave a Reply\n\nSubmit a Comment\n\n3 Comments\n\nPin It on Pinterest"
)


def png_bytes() -> bytes:
    """A real 1x1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def huge_article() -> str:
    """A 2 MB article that is cheap to tag: real sentences at both ends, few (very long) tokens between."""
    word = "Z" * 995
    bulk = "\n\n".join(" ".join([word] * 10) + "." for _ in range(202))
    return f"{HUGE_HEAD}\n\n{bulk}\n\n{HUGE_TAIL}"


def long_line() -> str:
    """One 750,000-character line of sentences, each naming Kharkiv."""
    sentence = "Y" * 737 + " shelling in Kharkiv."
    line = " ".join([sentence] * 988)
    return f"{line} {'X' * (750_000 - len(line) - 2)}."


#: file -> (bytes, expected clean text) for every article that must be kept.
def good_files() -> dict[str, tuple[bytes, str]]:
    html = f"""<!DOCTYPE html><html><head><title>Shelling in Avdiivka | News Site</title>
        <script>var tracking = "SECRET-TRACKER"; document.write('<p>injected</p>');</script></head><body>
        <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
        <article><h1>Shelling in Avdiivka</h1><p>{HTML_ARTICLE}</p><p>{HTML_ARTICLE}</p></article>
        <script>console.log("SECRET-TRACKER")</script>
        <footer>Copyright News Site. All rights reserved.</footer></body></html>"""
    return {
        "plain.txt": (PLAIN.encode("utf-8"), PLAIN),
        "kyiv_cp1251.txt": (UKRAINIAN.encode("cp1251"), UKRAINIAN),
        "geneva_latin1.txt": (LATIN_1.encode("latin-1"), LATIN_1),
        "moscow_utf16.txt": (RUSSIAN.encode("utf-16"), RUSSIAN),
        "horlivka_utf16le.txt": (UTF16_ENGLISH.encode("utf-16-le"), UTF16_ENGLISH),
        "kharkiv_crlf.txt": (CRLF.encode("utf-8"), CRLF.replace("\r\n", "\n").strip()),
        "grain_nul.txt": (NUL.encode("utf-8"), NUL.replace("\x00", "")),
        "defaced.txt": (MARKUP.encode("utf-8"), MARKUP),
        "dup_a.txt": (DUPLICATE.encode("utf-8"), DUPLICATE),
        "dup_b.txt": (DUPLICATE.encode("utf-8"), DUPLICATE),
        "Новини/Київ 2014/звіт з Донецька.txt": (NESTED_UK.encode("utf-8"), NESTED_UK),
        "reports/café notes/Genève talks.txt": (NESTED_FR.encode("utf-8"), NESTED_FR),
        "huge.txt": (huge_article().encode("utf-8"), huge_article()),
        "long_line.txt": (long_line().encode("utf-8"), long_line()),
        "page.html": (html.encode("utf-8"), None),
    }


#: Inputs that must be skipped -> a phrase their `problems` message must contain.
SKIPPED = {
    "bad/empty.txt": "empty file",
    "bad/blank.txt": "blank",
    "bad/random.txt": "binary",
    "bad/photo.txt": "PNG image",
    "bad/furniture.txt": "nothing is left once page furniture is removed",
    "notes.md": "unsupported file type '.md'",
    "scan.pdf": "unsupported file type '.pdf'",
    "records.jsonl:2": "malformed JSON",
    "records.jsonl:3": "not an object",
    "records.jsonl:4": "no 'text' field",
    "records.jsonl:5": "empty 'text' field",
    "notext.csv": "no 'text' column",
}

EXPECTED_IDS = {
    "plain",
    "kyiv_cp1251",
    "geneva_latin1",
    "moscow_utf16",
    "horlivka_utf16le",
    "kharkiv_crlf",
    "grain_nul",
    "defaced",
    "dup_a",
    "dup_b",
    "звіт з Донецька",
    "Genève talks",
    "huge",
    "long_line",
    "page",
    "rec-1",
}


def write_corpus(folder: Path) -> None:
    """Write the hostile corpus."""
    files = {name: data for name, (data, _) in good_files().items()}
    rng = random.Random(20140301)
    files.update(
        {
            "bad/empty.txt": b"",
            "bad/blank.txt": b"  \n\t\r\n   \n",
            "bad/random.txt": bytes(rng.randrange(256) for _ in range(4096)),
            "bad/photo.txt": png_bytes(),
            "bad/furniture.txt": FURNITURE.encode("utf-8"),
            "notes.md": b"# Notes\n\nKyiv, Donetsk and Mariupol.\n",
            "scan.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
            "records.jsonl": "\n".join(
                [
                    '{"id": "rec-1", "text": ' + json.dumps(RECORD) + ', "date": "2014-03-17"}',
                    '{"id": "rec-2", "text": "unterminated',
                    '["an", "array"]',
                    '{"id": "rec-4", "title": "No text here"}',
                    '{"id": "rec-5", "text": "   "}',
                    "",
                ]
            ).encode("utf-8"),
            "notext.csv": b"id,headline,body\n1,Talks,Talks resumed in Minsk.\n",
        }
    )
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def folder_digest(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder` with a digest of its bytes (folders: "dir")."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames:
            found[os.path.relpath(os.path.join(dirpath, name), folder)] = "dir"
        for name in filenames:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as handle:
                found[os.path.relpath(path, folder)] = hashlib.sha256(handle.read()).hexdigest()
    return found


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile corpus tagged by `python -m kit tag` in a subprocess."""
    base = tmp_path_factory.mktemp("hostile")
    folder, out = base / "corpus", base / "store"
    write_corpus(folder)
    before = folder_digest(folder)
    result = subprocess.run(
        [sys.executable, "-m", "kit", "tag", str(folder), "--out", str(out), "--workers", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    after = folder_digest(folder)
    return {"folder": folder, "out": out, "result": result, "before": before, "after": after}


@pytest.fixture(scope="module")
def corpus(hostile):
    assert hostile["result"].returncode == 0, hostile["result"].stderr[-3000:]
    return open_store(hostile["out"])


def relative(source: str, folder: Path) -> str:
    return source.replace(str(folder) + os.sep, "")


def test_kit_tag_exits_cleanly(hostile):
    result = hostile["result"]
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert "Tagged 16 of 16 documents" in result.stdout


def test_the_input_folder_is_untouched(hostile):
    assert hostile["after"] == hostile["before"]
    assert len(hostile["before"]) == len(good_files()) + 9 + 5  # files + folders


def test_every_readable_article_is_kept_whole(corpus):
    docs = corpus.documents.set_index("doc_id")
    assert set(docs.index) == EXPECTED_IDS and len(docs) == len(EXPECTED_IDS)
    for name, (_, expected) in good_files().items():
        if expected is not None:
            assert docs.loc[Path(name).stem, "text"] == expected, name
    assert docs.loc["rec-1", "text"] == RECORD


@pytest.mark.parametrize(
    "doc_id,encoding,text",
    [
        ("kyiv_cp1251", "cp1251", UKRAINIAN),
        ("geneva_latin1", "cp1252", LATIN_1),
        ("moscow_utf16", "utf-16", RUSSIAN),
        ("horlivka_utf16le", "utf-16-le", UTF16_ENGLISH),
        ("звіт з Донецька", "utf-8", NESTED_UK),
    ],
)
def test_every_encoding_is_decoded_to_the_right_characters(corpus, doc_id, encoding, text):
    row = corpus.documents.set_index("doc_id").loc[doc_id]
    assert row["encoding"] == encoding
    assert row["raw_text"] == text and row["text"] == text


def test_line_ends_and_control_characters_are_normalised(corpus):
    docs = corpus.documents.set_index("doc_id")
    assert "\r" not in docs.loc["kharkiv_crlf", "text"]
    assert docs.loc["grain_nul", "raw_text"] == NUL
    removed = corpus.removed.query("doc_id == 'grain_nul'")
    assert list(removed.reason) == ["control characters"] and "3 control" in removed.text.iloc[0]


def test_markup_in_article_text_is_kept_verbatim(corpus):
    docs = corpus.documents.set_index("doc_id")
    assert "<script>alert('owned')</script>" in docs.loc["defaced", "text"]
    assert "<img src=x onerror=alert(1)>" in docs.loc["defaced", "text"]
    assert "<b>officials</b>" in docs.loc["rec-1", "text"]


def test_html_pages_lose_scripts_and_navigation(corpus):
    text = corpus.documents.set_index("doc_id").loc["page", "text"]
    assert HTML_ARTICLE in text
    assert "SECRET-TRACKER" not in text and "injected" not in text
    assert "Sport" not in text and "All rights reserved" not in text


def test_huge_documents_are_tagged_to_their_last_character(corpus):
    docs = corpus.documents.set_index("doc_id")
    huge, line = docs.loc["huge", "text"], docs.loc["long_line", "text"]
    assert len(huge.encode("utf-8")) >= 2_000_000 and len(line) == 750_000 and "\n" not in line
    entities = corpus.entities
    for doc_id, text in (("huge", huge), ("long_line", line)):
        rows = entities[entities.doc_id == doc_id]
        assert all(text[s:e] == t for s, e, t in zip(rows.start_char, rows.end_char, rows.text))
    tail = entities[(entities.doc_id == "huge") & (entities.start_char > len(huge) - len(HUGE_TAIL))]
    assert {"OSCE", "Donetsk"} <= set(tail.text)
    kharkiv = entities[(entities.doc_id == "long_line") & (entities.text == "Kharkiv")]
    assert len(kharkiv) == 988 and kharkiv.start_char.max() > 700_000
    sentences = corpus.sentences[corpus.sentences.doc_id == "long_line"]
    assert sentences.end_char.max() == len(line)


def test_every_skipped_input_is_named_with_its_reason(hostile, corpus):
    folder = hostile["folder"]
    problems = corpus.problems
    skipped = problems[problems.message.str.startswith("skipped")]
    got = {relative(s, folder): m for s, m in zip(skipped.source, skipped.message)}
    assert set(got) == set(SKIPPED)
    for source, phrase in SKIPPED.items():
        assert phrase in got[source], (source, got[source])
    errors = problems[problems.severity == "error"]
    assert set(errors.source.map(lambda s: relative(s, folder))) <= set(SKIPPED)
    stderr = hostile["result"].stderr
    for source in SKIPPED:
        if not source.endswith((".md", ".pdf")):  # unsupported types are info, below the default log level
            assert source in stderr, source


def test_duplicates_are_kept_and_flagged(corpus):
    docs = corpus.documents.set_index("doc_id")
    assert docs.loc["dup_b", "duplicate_of"] == "dup_a"
    assert docs.duplicate_of.notna().sum() == 1
