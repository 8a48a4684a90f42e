"""The report's browsers in a real browser (system Chromium, offline) on a corpus of over 5,000 quotations."""

from __future__ import annotations

import csv
import io
import json
import random

import pytest

from kit import explore, load_corpus
from kit.present.browse import write_browsers
from kit.present.report import write_articles

from .conftest import CHROMIUM_ARGS, chromium_path

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SPEAKERS = ["Olena Kovalenko", "Mark Jennings", "Andriy Melnyk", "Sarah Lowe", "Pavel Orlov", "Ines Duarte"]
OUTLETS = ["Wire One", "Daily Ledger", "Evening Post"]
CLAUSES = [
    "the convoy reached the bridge before dawn",
    "talks will resume next week in Geneva",
    "the shelling damaged two schools and a clinic",
    "more aid is needed before the winter",
    "the ceasefire held along most of the line",
    "the grain corridor must stay open",
]


def _corpus(folder):
    """400 short articles over five months, 13 quotations each; only May's mention Burluk."""
    rng = random.Random(7)
    lines = []
    for n in range(400):
        month = 1 + n * 5 // 400
        paragraphs = [f"Report {n} from the front"]
        for k in range(13):
            clause = rng.choice(CLAUSES)
            if month == 5 and k == 0:
                clause = "the shelling near Burluk went on all night"
            paragraphs.append(f"“In sector {k} on day {n}, {clause},” {rng.choice(SPEAKERS)} said on Tuesday.")
        lines.append(
            json.dumps(
                {
                    "id": f"a{n:03d}",
                    "title": f"Report {n} from the front",
                    "date": f"2022-{month:02d}-{1 + n % 27:02d}",
                    "outlet": OUTLETS[n % 3],
                    "text": "\n\n".join(paragraphs[1:]),
                }
            )
        )
    path = folder / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dense")
    corpus = load_corpus(_corpus(folder), out=folder / "store", progress=False)
    out = folder / "report"
    write_articles(corpus, out / "articles")
    write_browsers(corpus, out)
    return corpus, out


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(path), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(offline=True, accept_downloads=True, viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, errors


def _count(page) -> int:
    page.wait_for_function("() => /^[\\d,]+\\+? (of|matches)/.test(document.getElementById('status').textContent)")
    return int(page.inner_text("#status").split()[0].replace(",", "").rstrip("+"))


def test_the_corpus_has_over_5000_quotations_over_months(site):
    corpus, _ = site
    assert len(corpus.quotes) >= 5000
    assert explore.article_dates(corpus)["when"].dt.month.nunique() == 5


def test_a_term_only_in_the_last_month_is_found_in_the_quote_browser(site, page):
    corpus, out = site
    page.goto((out / "browse" / "quotes.html").as_uri())
    total = _count(page)
    assert total == len(corpus.quotes)
    page.fill("input[type=search]", "burluk")
    page.wait_for_function("() => !document.getElementById('status').textContent.startsWith('" + f"{total:,}" + " of')")
    quotes = explore.quotes(corpus)
    expected = int(quotes["quote"].str.contains("burluk", case=False).sum())
    assert expected == 80 and _count(page) == expected
    assert page.locator("#rows tbody tr").count() == 80
    assert "Burluk" in page.inner_text("#rows tbody")


@pytest.mark.parametrize("term", ["burluk", "Geneva", "clinic", "sector 12", "ceasefire held", "schoo*"])
def test_keyword_in_context_finds_any_word_with_pythons_count(site, page, term):
    corpus, out = site
    page.goto((out / "browse" / "kwic.html").as_uri() + "?q=" + term.replace(" ", "%20"))
    page.wait_for_function("() => /matches of/.test(document.getElementById('status').textContent)")
    expected = len(explore.kwic(corpus, term))
    assert expected > 0
    if "+" in page.inner_text("#status"):  # a phrase or prefix is counted by reading: read to the end
        with page.expect_download():
            page.click("text=Download CSV")
    assert _count(page) == expected
    first = explore.kwic(corpus, term).iloc[0]
    assert page.inner_text("#rows tbody tr:first-child td.kwic-match") == first["match"]


def test_the_csv_download_holds_exactly_the_filtered_rows(site, page):
    corpus, out = site
    page.goto((out / "browse" / "quotes.html").as_uri() + "?speaker=Sarah%20Lowe&outlet=Wire%20One")
    shown = _count(page)
    with page.expect_download() as info:
        page.click("text=Download CSV")
    rows = list(csv.reader(io.StringIO(info.value.path().read_text(encoding="utf-8-sig"))))
    quotes = explore.quotes(corpus)
    expected = quotes[(quotes["speaker"] == "Sarah Lowe") & (quotes["publisher"] == "Wire One")]
    assert rows[0][:2] == ["Quotation", "Speaker"] and len(rows) - 1 == shown == len(expected) > 100
    assert sorted(r[0] for r in rows[1:]) == sorted(expected["quote"])
    assert {r[1] for r in rows[1:]} == {"Sarah Lowe"}


@pytest.mark.parametrize("name", ["quotes.html", "figures.html", "articles.html", "actors.html", "kwic.html?q=convoy"])
def test_at_400_px_no_text_column_is_narrower_than_300_px(site, browser, name, tmp_path):
    _, out = site
    context = browser.new_context(offline=True, viewport={"width": 400, "height": 800})
    page = context.new_page()
    page.goto((out / "browse" / name.split("?")[0]).as_uri() + ("?" + name.split("?")[1] if "?" in name else ""))
    page.wait_for_function("() => !/^Loading/.test(document.getElementById('status').textContent)")
    narrow = page.evaluate("""() => [...document.querySelectorAll('main p, main h1, main h2, main label, main li')]
        .filter(e => e.offsetParent !== null && !e.closest('.table-box'))
        .map(e => [e.tagName, Math.round(e.getBoundingClientRect().width), e.textContent.slice(0, 40)])
        .filter(([, w]) => w < 300)""")
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    page.screenshot(path=str(tmp_path / "shot.png"), full_page=True)
    context.close()
    assert narrow == [] and overflow <= 400, (narrow, overflow)
