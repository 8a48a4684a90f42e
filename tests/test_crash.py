"""Crash safety: `kit tag` killed at any moment leaves a readable store (or none), and the next run repairs it."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from kit import open_store
from kit.corpus import StoreNotFound
from kit.store import Store

ROOT = Path(__file__).resolve().parents[1]
N_DOCS = 20
KILLS = 6
#: Runs a `kit` command with `PART_DOCS` set (so a killed run leaves parts behind). With
#: `kill-in-commit` it dies by SIGKILL right after the first table is moved into the store; with
#: `hold:FILE` it waits, holding the store's lock, until FILE exists before committing.
BOOT = """
import os, signal, sys, time
from pathlib import Path
import kit.pipeline, kit.store
from kit.cli import main
kit.pipeline.PART_DOCS = int(sys.argv[1])
if sys.argv[2].startswith("hold:"):
    real_commit, go = kit.store.Store.commit, Path(sys.argv[2][5:])
    def commit(self, *args, **kwargs):
        deadline = time.monotonic() + 120
        while not go.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        return real_commit(self, *args, **kwargs)
    kit.store.Store.commit = commit
if sys.argv[2] == "kill-in-commit":
    real_replace = os.replace
    def replace(src, dst, *args, **kwargs):
        real_replace(src, dst, *args, **kwargs)
        if Path(dst).suffix == ".parquet" and Path(src).parent.name == ".staging":
            os.kill(os.getpid(), signal.SIGKILL)
    os.replace = replace
sys.exit(main(sys.argv[3:]))
"""


def kit_tag(corpus: Path, out: Path, *extra: str, part_docs: int = 4, mode: str = "run") -> subprocess.Popen:
    """Start `kit tag` in a subprocess (one tagging process, quiet)."""
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            BOOT,
            str(part_docs),
            mode,
            "tag",
            str(corpus),
            "--out",
            str(out),
            "--workers",
            "1",
            "--quiet",
            *extra,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen, timeout: float = 300) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def snapshot(out: Path) -> dict[str, pd.DataFrame]:
    """The store's documents, entities and sentences in a canonical order, and its row counts."""
    corpus = open_store(out)
    docs = corpus.documents[["doc_id", "text", "content_hash"]].sort_values("doc_id").reset_index(drop=True)
    ents = corpus.entities.sort_values(["doc_id", "start_char", "end_char"]).reset_index(drop=True)
    sents = corpus.sentences.sort_values(["doc_id", "sent_idx"]).reset_index(drop=True)
    rows = pd.DataFrame(
        sorted((name, t["rows"]) for name, t in corpus.manifest["tables"].items() if name != "problems"),
        columns=["table", "rows"],
    )
    return {"documents": docs, "entities": ents, "sentences": sents, "rows": rows}


def assert_same_store(out: Path, reference: dict[str, pd.DataFrame]) -> None:
    got = snapshot(out)
    for name, frame in reference.items():
        pd.testing.assert_frame_equal(got[name], frame, obj=name)
    assert not got["entities"].duplicated(["doc_id", "start_char", "end_char"]).any()


def assert_whole_or_absent(out: Path, reference: dict[str, pd.DataFrame]) -> str:
    """A store after a kill: never written (no manifest) or complete and equal to the reference."""
    if Store(out).manifest() is None:
        with pytest.raises(StoreNotFound):
            open_store(out)
        return "absent"
    assert_same_store(out, reference)
    return "whole"


@pytest.fixture(scope="module")
def small_corpus(bias_corpus, tmp_path_factory):
    """The first 30 articles of the outside corpus."""
    folder = tmp_path_factory.mktemp("crash-corpus")
    lines = bias_corpus.read_text(encoding="utf-8").splitlines()[:N_DOCS]
    (folder / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reference(small_corpus, tmp_path_factory):
    """A clean, uninterrupted run: its tables and how long it took."""
    out = tmp_path_factory.mktemp("crash-reference") / "store"
    started = time.monotonic()
    rc, _, err = finish(kit_tag(small_corpus, out))
    assert rc == 0, err
    return {"out": out, "seconds": time.monotonic() - started, "tables": snapshot(out)}


def test_killed_runs_leave_a_whole_store_or_none_and_the_next_run_repairs_it(small_corpus, reference, tmp_path):
    fresh, committed = tmp_path / "fresh", tmp_path / "committed"
    shutil.copytree(reference["out"], committed)
    rng = random.Random(20140418)
    states = []
    for i in range(KILLS):
        # first a new store that each run resumes; then re-tagging (--force) over a committed store
        out, extra = (fresh, ()) if i < KILLS // 2 else (committed, ("--force",))
        process = kit_tag(small_corpus, out, *extra)
        try:
            process.wait(timeout=rng.uniform(0.3, 1.1 * reference["seconds"]))
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
        rc, _, err = finish(process)
        assert rc in (0, -signal.SIGKILL), err
        assert "Traceback" not in err
        states.append((rc, assert_whole_or_absent(out, reference["tables"])))
    assert all(state == "whole" for _, state in states[KILLS // 2 :]), states
    assert any(rc == -signal.SIGKILL for rc, _ in states), states
    for out in (fresh, committed):
        rc, _, err = finish(kit_tag(small_corpus, out))
        assert rc == 0 and "Traceback" not in err, err
        assert_same_store(out, reference["tables"])
        assert Store(out).is_complete() and not Store(out).manifest()["untagged"]


@pytest.fixture(scope="module")
def killed_in_commit(small_corpus, reference, tmp_path_factory):
    """A committed store whose re-tagging run (--force) was killed after moving its first table in."""
    out = tmp_path_factory.mktemp("crash-commit") / "store"
    shutil.copytree(reference["out"], out)
    rc, _, _ = finish(kit_tag(small_corpus, out, "--force", mode="kill-in-commit"))
    assert rc == -signal.SIGKILL
    return out


def test_a_kill_during_commit_leaves_the_previous_store_readable(killed_in_commit, reference):
    assert_same_store(killed_in_commit, reference["tables"])


def test_a_kill_during_commit_is_repaired_by_the_next_run(small_corpus, reference, killed_in_commit):
    out = killed_in_commit
    rc, _, err = finish(kit_tag(small_corpus, out))
    assert rc == 0, err
    assert_same_store(out, reference["tables"])


def test_two_runs_on_one_store_take_turns(small_corpus, reference, tmp_path):
    out, go = tmp_path / "store", tmp_path / "go"
    first = kit_tag(small_corpus, out, mode=f"hold:{go}")
    deadline = time.monotonic() + 120
    while not (out / ".staging").exists() and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert first.poll() is None, "the first run ended before a second could start"
    second = kit_tag(small_corpus, out)
    waiting = second.stderr.readline()  # blocks until the second run reports the lock (or exits)
    go.touch()
    (rc1, _, err1), (rc2, _, err2) = finish(first), finish(second)
    assert (rc1, rc2) == (0, 0), err1 + waiting + err2
    assert "another run is writing" in waiting and "another run is writing" not in err1
    assert "Traceback" not in err1 + err2
    assert_same_store(out, reference["tables"])
    assert not (out / ".parts").exists() and not (out / ".staging").exists()
