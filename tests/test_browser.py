"""The report in a real browser (system Chromium, network off): figures, tables, filtering, no script injection."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from kit.present.report import build_report
from kit.present.views import PAGE_ROWS, kwic_browser, quote_browser

from .conftest import CHROMIUM_ARGS, SENTINEL, chromium_path, sentinel_corpus

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
NOTEBOOKS = ROOT / "tests" / "data" / "notebooks"


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(path), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


class Watched:
    """A page opened offline, with its page errors, console errors and blocked requests recorded."""

    def __init__(self, browser):
        self.context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.route(re.compile(r"^(?!file:|data:|about:).*"), self._block)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(f"console: {msg.text}"))

    def _block(self, route):
        self.blocked.append(route.request.url)
        route.abort()

    def open(self, path: Path):
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def watched(browser):
    w = Watched(browser)
    yield w
    w.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The project's notebooks and the test notebook run on the seeds plus one article whose text carries markup."""
    stores = tmp_path_factory.mktemp("stores")
    old = os.environ.get("KIT_STORE_DIR")
    os.environ["KIT_STORE_DIR"] = str(stores)
    corpus = sentinel_corpus(tmp_path_factory.mktemp("corpus") / "articles")
    notebooks = tmp_path_factory.mktemp("notebooks")
    for path in [*(ROOT / "notebooks").glob("*.ipynb"), *NOTEBOOKS.glob("*.ipynb")]:
        shutil.copy(path, notebooks / path.name)  # the project's notebooks where present, and the test one
    try:
        yield build_report([corpus], tmp_path_factory.mktemp("report"), notebooks, progress=False)
    finally:
        if old is None:
            os.environ.pop("KIT_STORE_DIR", None)
        else:
            os.environ["KIT_STORE_DIR"] = old


def embedded_rows(page, view) -> list[dict]:
    return json.loads(view.locator("script.kit-view-data").text_content())["rows"]


def expected_matches(rows: list[dict], columns: list[str], query: str) -> list[dict]:
    """Rows where any shown column contains the query, case-insensitively (what the filter promises)."""
    return [r for r in rows if any(query.casefold() in str(r[c]).casefold() for c in columns)]


def test_every_page_renders_offline_without_errors(built, watched):
    pages = [
        built.index,
        *sorted(built.out.glob("*.html")),
        *sorted((built.out / "articles").glob("*.html")),
        *sorted((built.out / "browse").glob("*.html")),
    ]
    assert len(pages) >= 2 + 1 + 4
    for path in pages:
        page = watched.open(path)
        assert page.evaluate("window.__pwned") is None, f"article markup ran in {path.name}"
        assert page.locator("table, ol.findings, article").count() >= 1, path.name  # a page shows what it has
        for img in page.locator("img").all():
            assert img.is_visible(), path.name
            assert img.evaluate("el => el.complete && el.naturalWidth > 0"), f"broken image in {path.name}"
    notebook_page = watched.open(built.out / "00_overview.html")
    assert notebook_page.locator("img").count() >= 1  # the matplotlib figure
    assert notebook_page.locator("table.dataframe").count() >= 1
    assert watched.errors == [], watched.errors
    assert watched.blocked == [], f"pages tried to load {watched.blocked}"


def test_typing_filters_the_exported_kwic_view(built, watched):
    page = watched.open(built.out / "00_overview.html")
    view = page.locator(".kit-view-kwic").first
    rows = embedded_rows(page, view)
    assert view.locator("tbody tr").count() == min(len(rows), PAGE_ROWS)
    query = "kyiv"
    expected = expected_matches(rows, ["left", "match", "right", "term", "outlet", "date", "where"], query)
    assert 0 < len(expected) < len(rows)
    view.locator("input.kit-search").fill(query)
    assert view.locator(".kit-count").text_content().startswith(f"{len(expected):,} match")
    assert view.locator("tbody tr").count() == min(len(expected), PAGE_ROWS)
    assert all(query in t.casefold() for t in view.locator("tbody tr").all_inner_texts())
    first_link = view.locator("tbody tr a").first
    assert first_link.get_attribute("href") == expected[0]["href"]
    view.locator("input.kit-search").fill("")
    assert view.locator("tbody tr").count() == min(len(rows), PAGE_ROWS)
    assert watched.errors == []


def test_rows_link_to_their_article_sentence(built, watched):
    page = watched.open(built.out / "00_overview.html")
    link = page.locator(".kit-view-kwic tbody tr a").first
    href = link.get_attribute("href")
    match = link.evaluate("a => a.closest('tr').querySelector('td.kwic-match').textContent")
    link.click()
    page.wait_for_load_state("load")
    anchor = href.split("#")[1]
    assert page.url.endswith(href)
    assert match in page.locator(f"#{anchor}").text_content()
    assert watched.errors == []


@pytest.fixture(scope="module")
def quotes_page(seeds, tmp_path_factory):
    """A page with two quote browsers over quotes whose text carries markup, one of them capped."""
    doc_id = seeds.documents.doc_id.iloc[0]
    sents = seeds.sentences[seeds.sentences.doc_id == doc_id].reset_index(drop=True)
    speakers = ["Dmitry Peskov", "Volodymyr Zelensky", "António Guterres"]
    quotes = pd.DataFrame(
        [
            {
                "doc_id": doc_id,
                "start_char": int(sents.start_char[i % len(sents)]),
                "end_char": int(sents.end_char[i % len(sents)]),
                "kind": "direct" if i % 2 else "indirect",
                "quote": f"Statement {i}: " + (SENTINEL if i % 5 == 0 else "the ceasefire must hold"),
                "speaker_text": speakers[i % 3],
                "speaker_id": None,
                "speaker_name": speakers[i % 3],
                "cue": "said",
                "sent_idx": int(sents.sent_idx[i % len(sents)]),
            }
            for i in range(300)
        ]
    )

    class WithQuotes:
        documents, sentences, entities = seeds.documents, seeds.sentences, seeds.entities
        metadata = seeds.metadata
        tables = [*seeds.tables, "quotes"] if "quotes" not in seeds.tables else seeds.tables

    WithQuotes.quotes = quotes
    views = [quote_browser(WithQuotes), quote_browser(WithQuotes, max_rows=50), kwic_browser(seeds)]
    path = tmp_path_factory.mktemp("views") / "views.html"
    path.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>views</title></head><body>"
        + "".join(v.html for v in views)
        + "</body></html>",
        encoding="utf-8",
    )
    return path, quotes


def test_typing_filters_the_quote_browser(quotes_page, watched):
    path, quotes = quotes_page
    page = watched.open(path)
    view = page.locator(".kit-view-quotes").first
    assert view.locator(".kit-cap").text_content() == "All 300 quotes."
    assert view.locator(".kit-count").text_content() == "300 matches; the first 100 are shown"
    view.locator("input.kit-search").fill("pwned")
    expected = quotes.quote.str.contains("pwned").sum()
    assert expected == 60
    assert view.locator("tbody tr").count() == expected
    assert view.locator(".kit-count").text_content() == f"{expected} matches"
    first = view.locator("tbody tr td").first.text_content()
    assert first == quotes.quote[0]  # shown as text, never run
    view.locator("select[data-key='speaker']").select_option("Volodymyr Zelensky")
    both = ((quotes.speaker_name == "Volodymyr Zelensky") & quotes.quote.str.contains("pwned")).sum()
    assert view.locator("tbody tr").count() == both
    assert page.evaluate("window.__pwned") is None
    capped = page.locator(".kit-view-quotes").nth(1)
    assert capped.locator(".kit-cap").text_content() == "Showing 50 of 300 quotes; see corpus.quotes or raise max_rows."
    assert capped.locator("tbody tr").count() == 50  # the other view was not touched by this filter
    assert watched.errors == []


def test_views_without_scripts_show_their_first_rows(quotes_page, browser):
    path, quotes = quotes_page
    context = browser.new_context(offline=True, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        view = page.locator(".kit-view-quotes").first
        assert view.locator(".kit-noscript").is_visible()
        assert not view.locator(".kit-controls").is_visible()
        assert view.locator("tbody tr").count() == 25
        assert view.locator("tbody tr td").first.text_content() == quotes.quote[0]
    finally:
        context.close()


_NARROW = """() => [...document.querySelectorAll('main p, main h1, main h2, main h3, main li, article')]
    .filter(e => e.offsetParent !== null && e.textContent.trim().length > 20
                 && !e.closest('.kit-table-box, .table-box, .jp-OutputArea-output table, table'))
    .map(e => [e.tagName, Math.round(e.getBoundingClientRect().width), e.textContent.trim().slice(0, 40)])
    .filter(([, w]) => w < 300)"""


@pytest.mark.parametrize("which", ["index", "notebook", "article", "browser"])
def test_at_400_px_text_runs_full_width_and_nothing_spills(built, browser, which, tmp_path):
    page_path = {
        "index": built.index,
        "notebook": built.out / "02_actors.html",
        "article": sorted((built.out / "articles").glob("0*.html"))[0],
        "browser": built.out / "browse" / "quotes.html",
    }[which]
    if not page_path.exists():
        pytest.skip(f"{page_path.name} is not in this report")
    context = browser.new_context(offline=True, viewport={"width": 400, "height": 800})
    page = context.new_page()
    page.goto(page_path.as_uri())
    page.wait_for_load_state("load")
    narrow = page.evaluate(_NARROW)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    page.screenshot(path=str(tmp_path / f"{which}-400.png"), full_page=True)
    context.close()
    assert narrow == [], narrow
    assert width <= 400, f"the page is {width} px wide at a 400 px screen"
