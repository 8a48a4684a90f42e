"""Reading corpora: formats, encodings, document ids and bad input."""

from __future__ import annotations

import json

import pytest

from kit.ingest import ProblemLog, UnreadableInput, decode_bytes, read_corpus

from .conftest import SEED_IDS, SEEDS

UKRAINIAN = "Київ і Донецьк — «перемир'я»"  # needs cp1251 or UTF
FRENCH = "Les négociations à Genève ont échoué, déclare le ministre français."


def read(*paths):
    problems = ProblemLog()
    docs = list(read_corpus(paths, problems=problems))
    return docs, problems


def test_seeds_are_read_with_their_file_stems_as_ids():
    docs, problems = read(SEEDS)
    assert [d.doc_id for d in docs] == list(SEED_IDS)
    assert not problems
    assert all(d.format == "txt" and d.encoding == "utf-8" for d in docs)
    assert docs[0].text == (SEEDS / f"{SEED_IDS[0]}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "encoding,text",
    [
        ("utf-8", UKRAINIAN),
        ("utf-8-sig", UKRAINIAN),
        ("utf-16", UKRAINIAN),
        ("utf-16-le", FRENCH * 3),
        ("cp1251", UKRAINIAN * 4),
        ("latin-1", FRENCH * 2),
    ],
)
def test_encodings_decode_to_the_right_characters(tmp_path, encoding, text):
    body = f"Headline\n\n{text}\n"
    (tmp_path / "a.txt").write_bytes(body.encode(encoding))
    docs, problems = read(tmp_path)
    assert not problems
    assert docs[0].text.lstrip("\ufeff") == body


def test_decode_bytes_refuses_binary_and_empty_input():
    with pytest.raises(UnreadableInput, match="empty"):
        decode_bytes(b"")
    with pytest.raises(UnreadableInput, match="PNG"):
        decode_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(UnreadableInput, match="binary"):
        decode_bytes(bytes(range(0, 32)) * 100)


def test_html_pages_keep_the_article_and_drop_navigation(tmp_path):
    article = " ".join(["Russian forces shelled Avdiivka overnight, Ukrainian officials said."] * 6)
    (tmp_path / "page.html").write_text(
        f"""<html><head><title>Shelling in Avdiivka | News Site</title>
        <script>var tracking = 1;</script></head><body>
        <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
        <article><h1>Shelling in Avdiivka</h1><p>{article}</p><p>{article}</p></article>
        <footer>Copyright News Site. All rights reserved.</footer></body></html>""",
        encoding="utf-8",
    )
    docs, problems = read(tmp_path)
    assert not problems
    (doc,) = docs
    assert doc.format == "html" and doc.doc_id == "page"
    assert "Russian forces shelled Avdiivka overnight" in doc.text
    assert "tracking" not in doc.text and "All rights reserved" not in doc.text
    assert doc.title.startswith("Shelling in Avdiivka")


def test_jsonl_records_keep_metadata_and_extra_fields(tmp_path):
    lines = [
        {
            "id": "a1",
            "title": "T1",
            "text": "First article.",
            "date": "2014-07-01",
            "outlet": "Daily",
            "url": "http://x/1",
            "bias": 0.5,
        },
        {"text": "Second article, no id."},
    ]
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    docs, problems = read(path)
    assert not problems
    assert [d.doc_id for d in docs] == ["a1", "news-2"]
    first = docs[0]
    assert (first.title, first.date, first.outlet, first.url) == ("T1", "2014-07-01", "Daily", "http://x/1")
    assert first.meta == {"bias": 0.5}
    assert docs[1].source == f"{path}:2"


def test_csv_rows_with_quoted_newlines(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text('id,title,text,country\nc1,Title,"Line one.\n\nLine two.",UA\n', encoding="utf-8")
    docs, problems = read(path)
    assert not problems
    assert docs[0].text == "Line one.\n\nLine two." and docs[0].meta == {"country": "UA"}


def test_bad_input_is_reported_and_the_rest_is_read(tmp_path):
    (tmp_path / "good.txt").write_text("A good article about the ceasefire.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\t\n", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "notes.md").write_text("# notes", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text(
        '{"id": "ok", "text": "Fine."}\n{"id": broken\n[1, 2]\n{"id": "x"}\n{"id": "y", "text": "  "}\n',
        encoding="utf-8",
    )
    (tmp_path / "notext.csv").write_text("id,body\n1,Hello\n", encoding="utf-8")
    docs, problems = read(tmp_path, tmp_path / "missing-folder")
    assert sorted(d.doc_id for d in docs) == ["good", "ok"]
    messages = {p.source.replace(str(tmp_path) + "/", ""): p.message for p in problems}
    assert "empty file" in messages["empty.txt"]
    assert "blank" in messages["blank.txt"]
    assert "PNG" in messages["image.txt"]
    assert "unsupported file type '.md'" in messages["notes.md"]
    assert "malformed JSON" in messages["bad.jsonl:2"]
    assert "not an object" in messages["bad.jsonl:3"]
    assert "no 'text' field" in messages["bad.jsonl:4"]
    assert "empty 'text' field" in messages["bad.jsonl:5"]
    assert "no 'text' column" in messages["notext.csv"] and "'body'" in messages["notext.csv"]
    assert "no such file" in messages["missing-folder"]
    assert all(p.severity in {"error", "warning", "info"} for p in problems)


def test_problems_are_reported_on_stderr(tmp_path, caplog):
    (tmp_path / "empty.txt").write_bytes(b"")
    with caplog.at_level("WARNING", logger="kit"):
        read(tmp_path)
    assert "empty.txt: skipped: empty file" in caplog.text


def test_document_ids_are_unique_across_folders_and_records(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(f"Story from {folder}.", encoding="utf-8")
    (tmp_path / "dup.jsonl").write_text('{"id": "r", "text": "one"}\n{"id": "r", "text": "two"}\n', encoding="utf-8")
    docs, problems = read(tmp_path)
    ids = [d.doc_id for d in docs]
    assert ids == ["a/story", "b/story", "r", "r~2"]
    assert any("used more than once" in p.message for p in problems)


def test_hidden_files_are_ignored(tmp_path):
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("not an article", encoding="utf-8")
    (tmp_path / "a.txt").write_text("An article.", encoding="utf-8")
    docs, problems = read(tmp_path)
    assert [d.doc_id for d in docs] == ["a"] and not problems
