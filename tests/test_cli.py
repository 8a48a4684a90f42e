"""The command line, as a user types it."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd

from .conftest import SEEDS


def kit(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "kit", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def test_tag_writes_the_tables_and_a_one_paragraph_summary(tmp_path):
    result = kit("tag", SEEDS, "--out", tmp_path / "store", "--workers", "1")
    assert result.returncode == 0, result.stderr
    for name in ("documents", "entities", "removed", "problems"):
        assert (tmp_path / "store" / name).is_dir()  # a table folder pandas reads as one table
    assert (tmp_path / "store" / "manifest.json").exists()
    summary = result.stdout.strip()
    assert summary.count("\n") == 0
    words = pd.read_parquet(tmp_path / "store" / "documents").n_words.sum()
    assert summary.startswith("Tagged 3 of 3 documents") and f"{words:,} words" in summary
    assert "Traceback" not in result.stderr
    again = kit("tag", SEEDS, "--out", tmp_path / "store")
    assert again.returncode == 0 and "up to date" in again.stdout


def test_bad_input_is_one_line_on_stderr_and_the_run_goes_on(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Talks on the ceasefire resumed in Minsk on Monday.", encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    result = kit("tag", corpus, "--out", tmp_path / "store", "--workers", "1")
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    assert "empty.txt: skipped: empty file" in result.stderr
    assert "broken.jsonl:1: skipped: malformed JSON line" in result.stderr
    problems = pd.read_parquet(tmp_path / "store" / "problems")
    assert len(problems) == 2
    assert len(pd.read_parquet(tmp_path / "store" / "documents")) == 1


def test_a_path_that_does_not_exist_is_a_clear_error(tmp_path):
    result = kit("tag", tmp_path / "nowhere", "--out", tmp_path / "store")
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr and "Traceback" not in result.stderr


def test_a_model_that_is_not_installed_is_a_clear_error(tmp_path):
    result = kit("tag", SEEDS, "--out", tmp_path / "store", "--model", "en_core_web_xl_missing")
    assert result.returncode == 2
    assert "spaCy model 'en_core_web_xl_missing' is not installed" in result.stderr
    assert "Traceback" not in result.stderr


def test_info_describes_a_store(seeds_store):
    result = kit("info", seeds_store)
    assert result.returncode == 0 and "documents" in result.stdout and "en_core_web_sm" in result.stdout


def test_compact_merges_the_segments_that_added_articles_left(tmp_path):
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    assert kit("tag", corpus, "--out", tmp_path / "store", "--workers", "1", "-q").returncode == 0
    (corpus / "new.txt").write_text("Mariupol braced for an attack, officials in Kyiv said.\n", encoding="utf-8")
    assert kit("tag", corpus, "--out", tmp_path / "store", "--workers", "1", "-q").returncode == 0
    assert "2 segments" in kit("info", tmp_path / "store").stdout
    result = kit("compact", tmp_path / "store")
    assert result.returncode == 0 and "Merged 2 segments" in result.stdout
    assert "1 segment" in kit("info", tmp_path / "store").stdout
    assert len(pd.read_parquet(tmp_path / "store" / "documents")) == 4
    missing = kit("compact", tmp_path / "nowhere")
    assert missing.returncode == 2 and "no complete kit store" in missing.stderr and "Traceback" not in missing.stderr
    assert not (tmp_path / "nowhere").exists()
