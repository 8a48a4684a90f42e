"""`build_report` / `python -m kit report`: pages per notebook, index links, failures named, text escaped."""

from __future__ import annotations

import html as html_lib
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from kit.present import report as report_module
from kit.present.report import ReportError, article_pieces, build_report

from .conftest import sentinel_corpus

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
NOTEBOOKS = ROOT / "tests" / "data" / "notebooks"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    """Stores made by the report and by the notebooks it runs go to one temporary folder."""
    folder = tmp_path_factory.mktemp("stores")
    old = os.environ.get("KIT_STORE_DIR")
    os.environ["KIT_STORE_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("KIT_STORE_DIR", None)
    else:
        os.environ["KIT_STORE_DIR"] = old


@pytest.fixture(scope="module")
def report(store_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    return build_report([SEEDS], out, NOTEBOOKS, progress=False)


@pytest.fixture(scope="module")
def sentinel_report(store_dir, tmp_path_factory):
    corpus = sentinel_corpus(tmp_path_factory.mktemp("corpus") / "articles")
    out = tmp_path_factory.mktemp("sentinel-report")
    return build_report([corpus], out, NOTEBOOKS, progress=False)


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.srcs: list[str] = []
        self.scripts: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag in ("img", "script", "link", "iframe") and (attrs.get("src") or attrs.get("href")):
            self.srcs.append(attrs.get("src") or attrs.get("href"))
        if tag == "script":
            self.scripts.append(attrs)


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def check_local_links(page: Path) -> int:
    """Every relative link of a page points at a file that exists (and an anchor in it that exists)."""
    checked = 0
    for href in parse(page).links:
        parts = urlsplit(href)
        if parts.scheme in ("http", "https", "mailto"):
            continue
        target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
        assert target.is_file(), f"{page.name} links to missing {href}"
        if parts.fragment:
            assert parts.fragment in parse(target).ids, f"{page.name} links to missing anchor {href}"
        checked += 1
    return checked


def test_index_and_one_page_per_notebook(report, seeds):
    notebooks = sorted(NOTEBOOKS.glob("*.ipynb"))
    assert report.index == report.out / "index.html" and report.index.is_file()
    assert [p.notebook for p in report.pages] == [n.name for n in notebooks]
    for notebook in notebooks:
        assert (report.out / f"{notebook.stem}.html").is_file()
        assert (report.out / "notebooks" / notebook.name).is_file()  # the executed notebook
    index = report.index.read_text(encoding="utf-8")
    assert "<title>News corpus report</title>" in index
    for fact in (
        "Articles</dt><dd>3",
        "Publication dates</dt><dd>2021-12-02 to 2021-12-02 (1 of 3",
        "Outlets",
        "Input problems",
        "Generated",
        "Key findings",
        "Before you quote these numbers",
    ):
        assert fact in index
    assert f"Words</dt><dd>{int(seeds.documents.n_words.sum()):,}</dd>" in index
    assert parse(report.index).links.count("00_overview.html") == 1


def test_every_local_link_resolves(report):
    assert check_local_links(report.index) >= 2
    assert check_local_links(report.out / "00_overview.html") > 10  # kwic rows link to article sentences
    assert check_local_links(report.out / "articles" / "index.html") == 3 + 1


def test_pages_are_self_contained(report, seeds):
    page = report.out / "00_overview.html"
    html = page.read_text(encoding="utf-8")
    parsed = parse(page)
    external = [s for s in parsed.srcs if not s.startswith("data:")]
    assert external == [], f"page loads {external}"
    assert re.search(r'<img[^>]+src="data:image/png;base64,', html), "the figure is embedded"
    assert re.search(r'<table[^>]*class="dataframe', html), "the documents table is there"
    assert "Keyword in context: gazetteer actors" in html
    if "quotes" in seeds.tables:
        assert re.search(r"All [\d,]+ quotes\.", html) and len(seeds.quotes) > 0
    else:
        assert "This store has no quotes table" in html  # said plainly, nothing faked
    assert "corpus = load_corpus" not in html  # code is hidden by default


def test_article_pages_have_sentence_anchors_and_highlights(report, seeds):
    doc_id = seeds.documents.doc_id.iloc[0]
    page = report.out / "articles" / f"{doc_id}.html"
    ids = parse(page).ids
    n_sents = (seeds.sentences.doc_id == doc_id).sum()
    assert {f"s{i}" for i in range(n_sents)} <= ids
    html = page.read_text(encoding="utf-8")
    actor = seeds.entities[(seeds.entities.doc_id == doc_id) & seeds.entities.in_gazetteer].iloc[0]
    assert (
        f'<mark class="ent t-{actor.entity_type} actor" title="{actor.entity_name} ({actor.entity_type})">'
        f"{actor.text}</mark>"
    ) in html
    assert f'<mark class="ent t-{actor.entity_type}">{actor.entity_type.replace("_", " ")}</mark> ' in html  # legend
    text = re.sub(r"<[^>]+>", "", html.split('<article class="text">')[1].split("</article>")[0])
    assert html_lib.unescape(text) == seeds.text(doc_id)  # nothing lost, nothing added


def test_article_pages_chain_and_list_their_quotes_and_figures(report, seeds):
    listing = parse(report.out / "articles" / "index.html").links
    pages = [href for href in listing if href.endswith(".html") and not href.startswith("..")]
    assert len(pages) == len(seeds)
    for i, name in enumerate(pages):
        links = parse(report.out / "articles" / name).links
        assert (pages[i - 1] in links) == (i > 0) and (pages[i + 1] in links if i + 1 < len(pages) else True)
    quoted = seeds.quotes.doc_id.value_counts().index[0]
    html = (report.out / "articles" / f"{quoted}.html").read_text(encoding="utf-8")
    assert f"Quotations ({int((seeds.quotes.doc_id == quoted).sum()):,})" in html
    assert check_local_links(report.out / "articles" / f"{quoted}.html") > 10  # each links to its sentence
    counted = seeds.numbers[seeds.numbers.category != "other"].doc_id.value_counts().index[0]
    assert "<h2>Figures (" in (report.out / "articles" / f"{counted}.html").read_text(encoding="utf-8")


def test_article_pieces_cover_the_text_exactly():
    text = "Putin spoke. Zelensky answered in Kyiv.\n\nEnd."
    sents = [(0, 0, 12), (13, 1, 39), (41, 2, 45)]
    ents = [
        (0, 5, "Vladimir Putin (person)", True),
        (13, 21, "Volodymyr Zelensky (person)", True),
        (14, 20, "overlap", False),
        (34, 38, "Kyiv (place)", True),
    ]
    pieces = article_pieces(text, sents, ents)
    flat = "".join(p if isinstance(p, str) else "".join(t for t, _ in p["parts"]) for p in pieces)
    assert flat == text
    marked = [t for p in pieces if not isinstance(p, str) for t, e in p["parts"] if e]
    assert marked == ["Putin", "Zelensky", "Kyiv"]


def test_article_text_is_escaped_in_every_page(sentinel_report):
    out = sentinel_report.out
    pages = [sentinel_report.index, *out.glob("*.html"), *(out / "articles").glob("*.html")]
    seen = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in html, page.name
        assert "<img src=x" not in html, page.name
        seen += "window.__pwned=1" in html
        for attrs in parse(page).scripts:
            assert attrs.get("type", "text/javascript") in ("text/javascript", "application/json")
    assert seen >= 2  # the article page and the notebook page show the text, escaped
    article = next((sentinel_report.out / "articles").glob("999_sentinel*.html"))
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in article.read_text(encoding="utf-8")


def test_several_corpus_paths_are_one_corpus(store_dir, tmp_path):
    extra = sentinel_corpus(tmp_path / "extra") / "999_sentinel.txt"
    report = build_report([SEEDS, extra], tmp_path / "out", NOTEBOOKS, progress=False)
    assert "Articles</dt><dd>4" in report.index.read_text(encoding="utf-8")
    executed = nbformat.read(report.out / "notebooks" / "00_overview.ipynb", as_version=4)
    injected = next(c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert f'corpus = ["{SEEDS}", "{extra.resolve()}"]' in injected.source
    assert len(list((report.out / "articles").glob("*.html"))) == 4 + 1


def failing_notebooks(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(NOTEBOOKS / "00_overview.ipynb", folder / "00_overview.ipynb")
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Broken"),
            new_code_cell('corpus = "../seeds"', metadata={"tags": ["parameters"]}),
            new_code_cell("x = 1"),
            new_code_cell("raise ValueError('the sample is too small')"),
            new_code_cell("print('never')"),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    nbformat.write(nb, folder / "01_broken.ipynb")
    return folder


def test_failing_notebook_fails_naming_notebook_and_cell(store_dir, tmp_path):
    notebooks = failing_notebooks(tmp_path / "nbs")
    with pytest.raises(ReportError) as info:
        build_report([SEEDS], tmp_path / "out", notebooks, progress=False)
    message = str(info.value)
    assert "notebook 01_broken.ipynb failed in cell 4" in message
    assert "raise ValueError('the sample is too small')" in message
    assert "ValueError: the sample is too small" in message
    assert not (tmp_path / "out" / "index.html").exists()


@pytest.mark.slow
def test_cli_exit_status_and_message(store_dir, tmp_path):
    notebooks = failing_notebooks(tmp_path / "nbs")
    env = {**os.environ, "KIT_STORE_DIR": str(store_dir)}
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
    assert run.returncode == 1
    errors = [line for line in run.stderr.splitlines() if line.startswith("kit: error:")]
    assert len(errors) == 1 and "01_broken.ipynb failed in cell 4" in errors[0]
    assert "kit report: [1/2] running 00_overview.ipynb" in run.stderr
    assert "kit report: [2/2] running 01_broken.ipynb" in run.stderr


_NAN_CELL = re.compile(r"<td[^>]*>\s*(?:NaN|nan|None|NaT|<NA>)\s*</td>")
_FLOAT_COUNT = re.compile(r"<td[^>]*>\s*-?[\d,]+\.0\s*</td>")


def report_pages(out: Path) -> list[Path]:
    """Every HTML page of a report a reader can open (not the executed notebooks)."""
    return sorted(p for p in out.rglob("*.html") if "notebooks" not in p.relative_to(out).parts)


@pytest.mark.slow
def test_project_notebooks_build_pages_that_read_as_a_report(store_dir, tmp_path):
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    report = build_report(
        [SEEDS],
        tmp_path / "out",
        ROOT / "notebooks",
        progress=False,
        title="Three seed articles",
        description="A test <b>description</b>.",
    )
    assert [p.notebook for p in report.pages] == [n.name for n in notebooks]
    for page in report.pages:
        check_local_links(report.out / page.href)
        loads = [s for s in parse(report.out / page.href).srcs if not s.startswith("data:")]
        assert all(not urlsplit(s).scheme and (report.out / urlsplit(s).path).is_file() for s in loads), loads
    index = report.index.read_text(encoding="utf-8")
    assert "<title>Three seed articles</title>" in index and "A test &lt;b&gt;description&lt;/b&gt;." in index
    assert all(page.question and page.question in html_lib.unescape(index) for page in report.pages), "by question"
    assert ".ipynb" not in index
    leaks = {
        "/root": "a home folder",
        str(SEEDS.resolve()): "the corpus's path",
        str(tmp_path): "the output path",
        "&lt;Corpus": "a Python repr",
        "<Corpus": "a Python repr",
        "papermill": "notebook instructions",
        "No description has been provided": "a figure without alt text",
    }
    for page in report_pages(report.out):
        html = page.read_text(encoding="utf-8")
        for text, what in leaks.items():
            assert text not in html, f"{page.relative_to(report.out)} shows {what}: {text}"
        assert not _NAN_CELL.search(html), f"{page.relative_to(report.out)} shows NaN in a table"
        assert not _FLOAT_COUNT.search(html), f"{page.relative_to(report.out)} shows a count as a float"
        assert not re.search(r"\d+ rows × \d+ columns", html), f"{page.relative_to(report.out)} shows pandas' footer"


def test_a_long_article_list_is_paged_and_each_article_links_to_its_page(seeds, tmp_path, monkeypatch):
    monkeypatch.setattr(report_module, "ARTICLES_PER_PAGE", 2)
    folder = tmp_path / "articles"
    (tmp_path / "index.html").write_text("the report's front page", encoding="utf-8")
    assert report_module.write_articles(seeds, folder) == len(seeds) == 3
    first, second = folder / "index.html", folder / "index-2.html"
    assert not (folder / "index-3.html").exists()
    listed = [
        [h for h in parse(page).links if h.endswith(".html") and not h.startswith(("..", "index"))]
        for page in (first, second)
    ]
    assert [len(names) for names in listed] == [2, 1]
    assert "index-2.html" in parse(first).links and "index.html" in parse(second).links
    assert "3 documents, in date order, 2 a page: this page lists 1–2" in first.read_text(encoding="utf-8")
    for page, names in zip((first, second), listed, strict=True):
        check_local_links(page)
        for name in names:
            assert page.name in parse(folder / name).links  # "All articles" goes to the page that lists it
