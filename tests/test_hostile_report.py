"""Reports on awkward corpora and folders: odd ids, `$` in names, one article, reused and foreign folders,
noisy kernels."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from kit.present import figures
from kit.present.report import MARKER, ReportError, build_report

from .conftest import ROOT, SEEDS

NOTEBOOKS = ROOT / "tests" / "data" / "notebooks"
pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _stores(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_STORE_DIR", str(tmp_path / "stores"))


def _article(folder: Path, name: str, text: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(
        text or (SEEDS / "001_6e1d9f0e23a31894.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return folder


def test_long_and_non_ascii_ids_get_their_own_pages(tmp_path):
    corpus = _article(tmp_path / "corpus", "Київ заявляє про нові обстріли на сході країни вночі та вранці.txt")
    _article(corpus, "K" * 200 + ".txt", "Kiev said the talks would resume. " * 20)
    _article(corpus, "k" * 200 + ".txt", "Moscow said the talks would not resume. " * 20)
    report = build_report([corpus], tmp_path / "out", NOTEBOOKS, progress=False)
    pages = sorted(p.name for p in (report.out / "articles").glob("*.html") if p.name != "index.html")
    assert len(pages) == 3 and len({p.lower() for p in pages}) == 3
    assert all(len(p) < 100 for p in pages)


def test_a_dollar_in_data_labels_is_drawn_as_text():
    chart = figures.bar_chart(pd.Series([3, 2], index=["Money $ Markets $5", "$x$ News"]), "Outlets", "articles")
    bundle, metadata = chart._repr_mimebundle_()
    assert bundle["image/png"] and metadata["image/png"]["alt"].startswith("Outlets")


def test_a_one_article_corpus_gets_a_whole_report(tmp_path):
    corpus = _article(tmp_path / "one", "only.txt")
    report = build_report([corpus], tmp_path / "out", ROOT / "notebooks", progress=False)
    assert len(report.pages) == len(list((ROOT / "notebooks").glob("*.ipynb")))
    assert "1 article" in report.index.read_text(encoding="utf-8")


def test_a_reused_folder_holds_only_the_new_report(tmp_path):
    out = tmp_path / "out"
    build_report([SEEDS], out, NOTEBOOKS, progress=False)
    (out / "report.yaml").write_text("title: Kept\n", encoding="utf-8")
    assert len(list((out / "articles").glob("0*.html"))) == 3
    build_report([_article(tmp_path / "one", "only.txt")], out, NOTEBOOKS, progress=False)
    assert sorted(p.name for p in (out / "articles").glob("*.html")) == ["index.html", "only.html"]
    assert "<title>Kept</title>" in (out / "index.html").read_text(encoding="utf-8")
    assert (out / MARKER).is_file() and not list(tmp_path.glob(".out.kit-*"))


def test_a_failed_run_leaves_the_previous_report_whole(tmp_path):
    out = tmp_path / "out"
    build_report([SEEDS], out, NOTEBOOKS, progress=False)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    broken = tmp_path / "broken"
    broken.mkdir()
    nbformat.write(
        new_notebook(
            cells=[
                new_markdown_cell("# Broken"),
                new_code_cell('corpus = "x"', metadata={"tags": ["parameters"]}),
                new_code_cell("raise ValueError('no')"),
            ],
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        ),
        broken / "00_broken.ipynb",
    )
    with pytest.raises(ReportError, match="00_broken.ipynb failed"):
        build_report([_article(tmp_path / "one", "only.txt")], out, broken, progress=False)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_a_folder_that_is_not_a_report_is_refused_and_untouched(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("years of work", encoding="utf-8")
    with pytest.raises(ReportError, match="not a report written by kit"):
        build_report([SEEDS], out, NOTEBOOKS, progress=False)
    assert [p.name for p in out.iterdir()] == ["thesis.docx"]


def test_a_report_inside_the_corpus_is_refused(tmp_path):
    corpus = shutil.copytree(SEEDS, tmp_path / "corpus")
    with pytest.raises(ReportError, match="inside the corpus folder"):
        build_report([corpus], corpus / "reports", NOTEBOOKS, progress=False)
    assert sorted(p.name for p in corpus.iterdir()) == sorted(p.name for p in SEEDS.iterdir())


def test_what_a_kernel_prints_to_the_terminal_does_not_reach_the_user(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nbformat.write(
        new_notebook(
            cells=[
                new_markdown_cell("# Noisy"),
                new_code_cell('corpus = "x"', metadata={"tags": ["parameters"]}),
                new_code_cell(
                    "import os, atexit\nos.write(2, b'ZMQError: Socket operation on non-socket\\n')\n"
                    "atexit.register(lambda: os.write(2, b'Traceback at shutdown\\n'))"
                ),
            ],
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        ),
        notebooks / "00_noisy.ipynb",
    )
    env = {**os.environ, "KIT_STORE_DIR": str(tmp_path / "stores")}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "kit",
            "report",
            "--corpus",
            str(SEEDS),
            "--out",
            str(tmp_path / "out"),
            "--notebooks",
            str(notebooks),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "ZMQError" not in run.stderr + run.stdout and "Traceback" not in run.stderr + run.stdout
