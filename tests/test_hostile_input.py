"""Hostile and careless input, second round: links out of the corpus, odd files, bad bytes and lines, odd fields."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from kit import explore, load_corpus
from kit.gazetteer import load_gazetteer
from kit.ingest import ProblemLog, read_corpus
from kit.yamlfile import load_yaml

from .conftest import SEEDS


def _read(*paths) -> tuple[list, ProblemLog]:
    problems = ProblemLog()
    return list(read_corpus(paths, problems=problems)), problems


def _messages(problems: ProblemLog) -> str:
    return "\n".join(f"{Path(p.source).name}: {p.message}" for p in problems)


def test_links_to_files_outside_the_corpus_are_not_followed(tmp_path):
    corpus = shutil.copytree(SEEDS, tmp_path / "corpus")
    secret = tmp_path / "secret.txt"
    secret.write_text("password=hunter2\n", encoding="utf-8")
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "secret.txt").symlink_to(secret)
    (corpus / "inside.txt").symlink_to(corpus / "000_8c36ac1777dec640.txt")
    docs, problems = _read(corpus)
    texts = " ".join(d.text for d in docs)
    assert "root:" not in texts and "hunter2" not in texts and len(docs) == 3  # the link inside is the same file
    assert _messages(problems).count("outside the corpus folder") == 2


def test_dangling_links_and_pipes_are_named(tmp_path):
    corpus = shutil.copytree(SEEDS, tmp_path / "corpus")
    (corpus / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(corpus / "pipe.txt")
    docs, problems = _read(corpus)
    assert len(docs) == 3
    assert "gone.txt: skipped: a symbolic link to nothing" in _messages(problems)
    assert "pipe.txt: skipped: not a regular file" in _messages(problems)


def test_an_unreadable_subfolder_is_named(tmp_path, monkeypatch):
    corpus = shutil.copytree(SEEDS, tmp_path / "corpus")
    (corpus / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    docs, problems = _read(corpus)
    assert len(docs) == 3 and "locked: cannot read folder: Permission denied" in _messages(problems)


def test_one_bad_byte_spoils_only_its_own_line(tmp_path):
    lines = [
        json.dumps({"id": f"d{i}", "text": f"The minister’s statement number {i} on Kyiv."}, ensure_ascii=False)
        for i in range(5)
    ]
    data = "\n".join(lines).encode("utf-8").replace(b"number 3", "numbér 3".encode("latin-1"))
    (tmp_path / "a.jsonl").write_bytes(data)
    docs, problems = _read(tmp_path / "a.jsonl")
    assert len(docs) == 5 and all("minister’s" in d.text for d in docs)
    assert "numbér 3" in docs[3].text
    assert [p.source.rsplit(":", 1)[1] for p in problems] == ["4"] and "not all UTF-8" in problems[0].message


def test_a_monstrous_json_line_is_skipped_not_fatal(tmp_path):
    lines = [
        json.dumps({"id": "ok", "text": "Kiev said the talks resume."}),
        "[" * 100_000 + "]" * 100_000,
        '{"id": "big", "text": "x", "n": ' + "9" * 5000 + "}",
        json.dumps({"id": "ok2", "text": "Moscow agreed."}),
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(lines), encoding="utf-8")
    docs, problems = _read(tmp_path / "a.jsonl")
    assert [d.doc_id for d in docs] == ["ok", "ok2"]
    assert "nested too deeply" in _messages(problems) and "a.jsonl:3: skipped: JSON line cannot be read" in _messages(
        problems
    )


def test_fields_of_the_wrong_kind_are_named_not_guessed(tmp_path):
    records = [
        {"id": "n", "text": 12345},
        {"id": "   ", "text": "Kiev said so."},
        {"id": "t", "text": "Moscow said so.", "title": float("nan")},
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    docs, problems = _read(tmp_path / "a.jsonl")
    assert "a 'text' field that is a number, not text" in _messages(problems)
    assert [d.doc_id for d in docs] == ["a-2", "t"] and "is blank" in _messages(problems)
    assert docs[1].title is None


def test_a_repeated_csv_column_is_reported(tmp_path):
    (tmp_path / "a.csv").write_text("id,text,text\n1,first text,second text\n", encoding="utf-8")
    docs, problems = _read(tmp_path / "a.csv")
    assert len(docs) == 1 and "repeats column(s) 'text'" in _messages(problems)


def test_a_vanishing_file_is_a_problem_row(tmp_path, monkeypatch):
    corpus = shutil.copytree(SEEDS, tmp_path / "corpus")

    def gone(doc_id, path):
        raise FileNotFoundError(2, "No such file", str(path))

    problems = ProblemLog()
    docs = list(read_corpus([corpus], problems=problems, skip=gone))
    assert docs == [] and _messages(problems).count("disappeared") == 3


def test_mixed_formats_load_and_describe(tmp_path):
    corpus = shutil.copytree(SEEDS, tmp_path / "corpus")
    (corpus / "more.jsonl").write_text(
        json.dumps({"id": "x1", "text": "Kyiv said the talks resume. " * 5, "section": "world"}) + "\n",
        encoding="utf-8",
    )
    corpus_ = load_corpus(corpus, out=tmp_path / "store", progress=False)
    docs = corpus_.documents
    assert docs.set_index("doc_id").loc["x1", "section"] == "world" and len(docs) == 4
    for function in (explore.overview, explore.describe_corpus, explore.publishers, explore.sizes):
        function(corpus_)


def test_a_gazetteer_alias_written_as_a_string_is_one_alias(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text("- {id: russia, name: Russian Federation, type: state, aliases: Russia}\n", encoding="utf-8")
    actor = load_gazetteer(path).actors["russia"]
    assert actor.aliases == ("Russian Federation", "Russia")


def test_a_yaml_alias_bomb_is_refused():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    with pytest.raises(ValueError, match="aliases"):
        load_yaml(bomb, "bomb.yaml")
