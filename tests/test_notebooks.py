"""The curated notebooks: committed clean, and each runs without error on the seeds and the outside corpus."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from .conftest import BIAS_CORPUS, ROOT, SEEDS, shared_file

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_the_seven_notebooks_are_there():
    assert [p.stem[:2] for p in NOTEBOOKS] == ["00", "01", "02", "03", "04", "05", "06"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs_with_a_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    first = code[0]
    assert "parameters" in first.metadata.get("tags", [])
    assert first.source.strip() == 'corpus = "../seeds"'
    assert not any("parameters" in c.metadata.get("tags", []) for c in code[1:])
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert any("kit.load_corpus(corpus)" in c.source for c in code)
    lines = [line for c in code for line in c.source.splitlines() if line.strip()]
    assert len(lines) <= 30
    assert not any(line.lstrip().startswith(("for ", "while ", "if ", "def ", "class ")) for line in lines)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    """A store folder for the notebooks' `load_corpus` calls, with both corpora tagged once."""
    import os

    from kit.pipeline import default_store_dir, tag

    folder = tmp_path_factory.mktemp("notebook-stores")
    old = os.environ.get("KIT_STORE_DIR")
    os.environ["KIT_STORE_DIR"] = str(folder)
    for corpus in (SEEDS, BIAS_CORPUS):
        if corpus.exists():
            tag([corpus], default_store_dir([corpus]), progress=False)
    yield folder
    if old is None:
        os.environ.pop("KIT_STORE_DIR", None)
    else:
        os.environ["KIT_STORE_DIR"] = old


def _errors(nb) -> list[str]:
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                found.append(f"{output.ename}: {output.evalue}")
            elif output.output_type == "stream" and output.name == "stderr" and "Traceback" in output.text:
                found.append(output.text)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("corpus_name", ["seeds", "bias"])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path, corpus_name: str, store_dir, tmp_path):
    import papermill

    corpus = SEEDS if corpus_name == "seeds" else shared_file(BIAS_CORPUS)
    out = tmp_path / path.name
    papermill.execute_notebook(
        str(path),
        str(out),
        parameters={"corpus": str(corpus.resolve())},
        kernel_name="python3",
        cwd=str(path.parent),
        progress_bar=False,
    )
    nb = nbformat.read(out, as_version=4)
    assert _errors(nb) == []
    shown = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type in ("display_data", "execute_result")
    ]
    assert len(shown) >= 5
    assert not list(store_dir.glob("*/.parts"))
