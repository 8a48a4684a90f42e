"""Shared fixtures: one spaCy pipeline per test session, the seeds, the shared outside corpus."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
BIAS_CORPUS = SHARED / "corpora" / "ukraine-news-bias-2014" / "articles.jsonl"
SEED_IDS = ("000_8c36ac1777dec640", "001_6e1d9f0e23a31894", "002_fa8bd9a05bbe6e6e")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Article text that would set `window.__pwned` if any page let it run.
SENTINEL = '<script>window.__pwned=1</script> and <img src=x onerror="window.__pwned=1">'


def shared_file(path: Path) -> Path:
    """A file from ../shared/: skipped with a reason where absent, a failure under CI."""
    if not path.exists():
        message = f"{path} is not here (it sits beside the project checkout in the project's own workspace)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"under CI, {message}")
        pytest.skip(message)
    return path


def chromium_path() -> Path:
    """Debian's Chromium: skipped with a reason where absent, a failure under CI."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is not installed (apt-get install -y chromium); Playwright's own browser is not used"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"under CI, {message}")
        pytest.skip(message)
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    return CHROMIUM


def sentinel_corpus(folder: Path) -> Path:
    """The seeds plus one article whose text carries markup that must never run."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    (folder / "999_sentinel.txt").write_text(
        "Kyiv residents answer the mayor\n\nVitali Klitschko said the city would rebuild. "
        f"A reader wrote {SENTINEL} in a comment about Kyiv.\n\n"
        "The mayor of Kyiv said the heating would be restored by Friday.\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="session")
def tagger():
    """The kit's tagger (spaCy model + gazetteer), loaded once for the whole session."""
    from kit.tagger import Tagger

    return Tagger()


@pytest.fixture(scope="session")
def nlp(tagger):
    """The spaCy pipeline with the gazetteer, loaded once for the whole session."""
    return tagger.nlp


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory):
    """The seeds tagged once into a store (single process)."""
    from kit.pipeline import tag

    out = tmp_path_factory.mktemp("seeds-store")
    tag([SEEDS], out, n_process=1, progress=False)
    return out


@pytest.fixture(scope="session")
def seeds(seeds_store):
    """The seeds as a `Corpus`."""
    from kit import open_store

    return open_store(seeds_store)


@pytest.fixture(scope="session")
def bias_corpus():
    """Path of the 90-article outside corpus (skips where absent, fails under CI)."""
    return shared_file(BIAS_CORPUS)


@pytest.fixture(scope="session")
def bias_store(tmp_path_factory, bias_corpus):
    """The outside corpus tagged once into a store."""
    from kit.pipeline import tag

    out = tmp_path_factory.mktemp("bias-store")
    tag([bias_corpus], out, progress=False)
    return out


@pytest.fixture(scope="session")
def bias(bias_store):
    """The outside corpus as a `Corpus`."""
    from kit import open_store

    return open_store(bias_store)
