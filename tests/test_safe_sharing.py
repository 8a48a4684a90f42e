"""Safe sharing: `kit report` on a hostile corpus finishes, runs no article script, and changes no input."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

from .conftest import SENTINEL
from .test_browser import Watched, browser  # noqa: F401  (the browser fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def fingerprint(folder) -> dict[str, str]:
    """Every file under `folder` with the hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A corpus with markup in titles, quotes and text, next to unreadable and malformed input."""
    folder = tmp_path_factory.mktemp("hostile") / "corpus"
    (folder / "nested folder é").mkdir(parents=True)
    (folder / "nested folder é" / f"Kyiv {SENTINEL[:20]}.txt").write_text(
        f'Mayor {SENTINEL} speaks\n\nVitali Klitschko said: "{SENTINEL} the city will rebuild." '
        "The mayor of Kyiv said heating would return by Friday.\n",
        encoding="utf-8",
    )
    records = [
        {
            "id": "<b>x</b>",
            "title": f"Sanctions {SENTINEL}",
            "outlet": f"<i>{SENTINEL}</i>",
            "text": f"Sanctions {SENTINEL}\n\nThe EU agreed new sanctions on Russia, a diplomat said. "
            f'"We will not accept {SENTINEL} aggression," Josep Borrell told reporters in Brussels.',
        },
        {"id": "ok", "text": "Russia has amassed more than 90,000 troops near the border, Kiev says."},
    ]
    (folder / "wire.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n{broken\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "cyrillic.txt").write_bytes("Київ\n\nПеремир'я в Донбасі.".encode("cp1251"))
    (folder / "notes.md").write_text("# notes", encoding="utf-8")
    (folder / "norows.csv").write_text("id,body\n1,x\n", encoding="utf-8")
    folder.chmod(0o755)
    before = fingerprint(folder)
    out = tmp_path_factory.mktemp("report")
    env = {"KIT_STORE_DIR": str(tmp_path_factory.mktemp("stores"))}
    result = subprocess.run(
        [sys.executable, "-m", "kit", "report", "--corpus", str(folder), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, **env},
    )
    return folder, before, out, result


def test_report_on_a_hostile_corpus_finishes_without_a_traceback(hostile):
    _, _, out, result = hostile
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert (out / "index.html").exists() and len(list(out.glob("0*.html"))) == 7


def test_the_input_folder_is_unchanged_by_tag_and_report(hostile):
    folder, before, _, _ = hostile
    assert fingerprint(folder) == before


def test_no_script_from_article_text_runs_in_any_page(hostile, browser):  # noqa: F811
    _, _, out, _ = hostile
    pages = [out / "index.html", *sorted(out.glob("0*.html")), *sorted((out / "articles").glob("*.html"))]
    assert len(pages) > 10
    watched = Watched(browser)
    try:
        for path in pages:
            page = watched.open(path)
            assert page.evaluate("window.__pwned") is None, f"article markup ran in {path.name}"
            html = path.read_text(encoding="utf-8")
            assert "<script>window.__pwned" not in html and '<img src=x onerror="window.__pwned' not in html
        assert not watched.blocked, watched.blocked[:3]
    finally:
        watched.close()
