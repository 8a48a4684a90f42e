"""Runs a careless user or a crash can cause: a killed main process, bad --out and --workers, empty input."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from kit import load_corpus
from kit.pipeline import BadSetting, NoDocuments
from kit.store import Store

from .conftest import BIAS_CORPUS, SEEDS, shared_file

KIT = [sys.executable, "-m", "kit"]


def _env(tmp_path: Path) -> dict:
    return {**os.environ, "KIT_STORE_DIR": str(tmp_path / "stores"), "KIT_PART_DOCS": "5"}


@pytest.mark.slow
def test_killing_the_main_process_of_a_two_worker_run_leaves_no_worker_and_no_hang(tmp_path):
    corpus = shared_file(BIAS_CORPUS)
    store = tmp_path / "store"
    run = subprocess.Popen(
        [*KIT, "tag", str(corpus), "--out", str(store), "--workers", "2", "--quiet"],
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    main = psutil.Process(run.pid)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(main.children()) < 2:
        time.sleep(0.2)
    workers = main.children(recursive=True)
    assert len(workers) >= 2, "the run never started its workers"
    time.sleep(3)  # mid-run
    os.kill(run.pid, signal.SIGKILL)  # the main process only, as the OOM killer or a kernel restart would
    run.wait(10)
    _, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive, f"workers outlived their parent: {[p.pid for p in alive]}"
    rerun = subprocess.run(
        [*KIT, "tag", str(corpus), "--out", str(store), "--workers", "2", "--quiet"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert "waiting" not in rerun.stderr


def test_a_store_inside_the_input_is_refused_and_the_input_untouched(tmp_path):
    corpus = shutil.copytree(SEEDS, tmp_path / "corpus")
    (corpus / ".parts").mkdir()
    (corpus / ".parts" / "mine.txt").write_text("my own notes", encoding="utf-8")
    before = sorted(p.relative_to(corpus) for p in corpus.rglob("*"))
    for out in (corpus, corpus / "store"):
        run = subprocess.run(
            [*KIT, "tag", str(corpus), "--out", str(out)],
            capture_output=True,
            text=True,
            env=_env(tmp_path),
            timeout=120,
        )
        assert run.returncode == 2 and "inside the input folder" in run.stderr and "Traceback" not in run.stderr
    assert sorted(p.relative_to(corpus) for p in corpus.rglob("*")) == before
    with pytest.raises(BadSetting, match="inside the store folder"):
        load_corpus(tmp_path / "store" / "corpus", out=tmp_path / "store")


@pytest.mark.parametrize("workers", ["0", "-1", "two"])
def test_impossible_worker_counts_are_refused(tmp_path, workers):
    run = subprocess.run(
        [*KIT, "tag", str(SEEDS), "--out", str(tmp_path / "s"), "--workers", workers],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=60,
    )
    assert run.returncode == 2 and "--workers" in run.stderr and "Traceback" not in run.stderr


def test_a_thousand_workers_are_capped_at_the_cores(tmp_path, caplog):
    from kit.pipeline import cpu_count, workers

    assert workers(1000) == cpu_count() and workers(1) == 1 and workers(None) is None
    with pytest.raises(BadSetting):
        workers(0)


def test_an_input_that_yields_nothing_is_an_error(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.md").write_text("# not an article", encoding="utf-8")
    run = subprocess.run(
        [*KIT, "tag", str(empty), "--out", str(tmp_path / "s")],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=60,
    )
    assert run.returncode == 2 and "no article could be read" in run.stderr and "Traceback" not in run.stderr
    with pytest.raises(NoDocuments):
        load_corpus(empty, out=tmp_path / "s2")


def _tagged(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    load_corpus(SEEDS, out=store, progress=False)
    return store


def test_a_manifest_of_the_wrong_shape_is_rebuilt_not_fatal(tmp_path):
    store = _tagged(tmp_path)
    (store / "manifest.json").write_text('{"tables": ["documents"], "generation": 7}', encoding="utf-8")
    corpus = load_corpus(SEEDS, out=store, progress=False)
    assert len(corpus) == 3


def test_a_table_with_corrupt_pages_is_reported_and_rebuilt(tmp_path):
    import subprocess

    store = _tagged(tmp_path)
    path = Store(store).files("entities")[0]
    data = bytearray(path.read_bytes())
    for i in range(8, len(data) // 2, 7):  # scribble over the data pages; the footer (schema) stays readable
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    info = subprocess.run([*KIT, "info", str(store)], capture_output=True, text=True, timeout=60)
    assert info.returncode == 1 and "damaged table(s): entities" in info.stderr
    (SEEDS / "000_8c36ac1777dec640.txt").stat()  # the corpus is unchanged: a rerun would normally do nothing
    changed = tmp_path / "corpus"
    shutil.copytree(SEEDS, changed)
    (changed / "new.txt").write_text("Kyiv said the talks would resume on Friday.\n", encoding="utf-8")
    corpus = load_corpus(changed, out=store, progress=False)
    assert len(corpus) == 4 and len(corpus.entities) > 0 and corpus.store.damaged_tables() == []


def test_a_staging_folder_left_by_a_killed_run_goes_when_there_is_nothing_to_do(tmp_path):
    store = _tagged(tmp_path)
    (store / ".staging").mkdir()
    (store / ".staging" / "documents.parquet").write_bytes(b"half written")
    load_corpus(SEEDS, out=store, progress=False)
    assert not (store / ".staging").exists()


_GAZETTEERS = {
    "missing": None,
    "malformed": "- [unclosed\n",
    "no-id": "- {name: X, type: person}\n",
    "role-without-title": "- {id: x, name: X, type: person, roles: [{cues: [a]}]}\n",
    "undefined-alias": "- {id: x, name: X, type: person, aliases: *nope}\n",
}


@pytest.mark.parametrize(
    "case",
    ["out-is-a-file", "out-under-a-file", "store-dir-a-file", "model-etc", *(f"gazetteer-{k}" for k in _GAZETTEERS)],
)
def test_bad_settings_get_one_line_and_no_traceback(tmp_path, case):
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    env, args = _env(tmp_path), ["tag", str(SEEDS), "--out", str(tmp_path / "store")]
    if case == "out-is-a-file":
        args[-1] = str(afile)
    elif case == "out-under-a-file":
        args[-1] = str(afile / "sub")
    elif case == "store-dir-a-file":
        args = args[:2]
        env["KIT_STORE_DIR"] = str(afile)
    elif case == "model-etc":
        args += ["--model", "/etc"]
    else:
        gazetteer = tmp_path / "g.yaml"
        text = _GAZETTEERS[case.split("-", 1)[1]]
        if text is not None:
            gazetteer.write_text(text, encoding="utf-8")
        args += ["--gazetteer", str(gazetteer)]
    run = subprocess.run([*KIT, *args], capture_output=True, text=True, env=env, timeout=120)
    lines = run.stderr.strip().splitlines()
    assert run.returncode != 0 and "Traceback" not in run.stderr, run.stderr
    assert len(lines) == 1 and lines[0].startswith("kit: error: "), run.stderr


@pytest.mark.slow
def test_a_killed_worker_ends_the_run_with_a_message_and_the_rerun_resumes(tmp_path):
    corpus = shared_file(BIAS_CORPUS)
    store = tmp_path / "store"
    run = subprocess.Popen(
        [*KIT, "tag", str(corpus), "--out", str(store), "--workers", "2", "--quiet"],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    main = psutil.Process(run.pid)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(main.children()) < 2:
        time.sleep(0.2)
    time.sleep(3)
    main.children()[0].kill()  # one worker, as the OOM killer would
    _, err = run.communicate(timeout=300)
    assert run.returncode == 1 and "Traceback" not in err, err
    assert "tagging process died" in err and "run the same command again to resume" in err
    rerun = subprocess.run(
        [*KIT, "tag", str(corpus), "--out", str(store), "--quiet"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert rerun.returncode == 0, rerun.stderr
