"""The kernel-free views: structure, escaping of article text, the row cap and its note."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from kit import open_store
from kit.present.views import _json_for_script, article_filename, article_href, kwic_browser, quote_browser

from .conftest import SENTINEL as STORED_SENTINEL
from .conftest import sentinel_corpus

SENTINEL = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'


class FakeCorpus:
    """The few tables the views read, as a `Corpus` has them (built from a real store plus test rows)."""

    def __init__(self, base, documents=None, quotes=None):
        self.documents = base.documents if documents is None else documents
        self.metadata = self.documents.drop(columns=["text", "raw_text"], errors="ignore")
        self.sentences = base.sentences
        self.entities = base.entities
        self.tables = [t for t in base.tables if t != "quotes"] + (["quotes"] if quotes is not None else [])
        if quotes is not None:
            self.quotes = quotes


def make_quotes(seeds, n: int, text: str = "We will not give up") -> pd.DataFrame:
    doc_id = seeds.documents.doc_id.iloc[0]
    sents = seeds.sentences[seeds.sentences.doc_id == doc_id]
    rows = []
    for i in range(n):
        sent = sents.iloc[i % len(sents)]
        rows.append(
            {
                "doc_id": doc_id,
                "start_char": int(sent.start_char),
                "end_char": int(sent.end_char),
                "quote": f"{text} #{i}",
                "kind": "direct" if i % 2 else "indirect",
                "speaker_text": "the spokesman",
                "speaker_id": "peskov" if i % 3 else None,
                "speaker_name": "Dmitry Peskov" if i % 3 else None,
                "cue": "said",
                "sent_idx": int(sent.sent_idx),
            }
        )
    return pd.DataFrame(rows)


def data_of(html: str) -> dict:
    match = re.search(r'<script type="application/json" class="kit-view-data">(.*?)</script>', html, re.S)
    assert match, "the view embeds its rows as JSON"
    return json.loads(match.group(1))


class Tags(HTMLParser):
    """Collects start tags and their attributes."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def test_kwic_default_lists_every_gazetteer_mention_with_its_sentence(seeds):
    view = kwic_browser(seeds)
    actors = seeds.entities[seeds.entities.in_gazetteer]
    assert view.total == view.rows == len(actors) > 0
    data = data_of(view.html)
    assert len(data["rows"]) == len(actors)
    first = data["rows"][0]
    assert first["match"] == actors.iloc[0].text
    assert first["term"] == actors.iloc[0].entity_name
    sents = seeds.sentences[seeds.sentences.doc_id == actors.iloc[0].doc_id]
    holding = sents[(sents.start_char <= actors.iloc[0].start_char) & (sents.end_char > actors.iloc[0].start_char)]
    assert first["href"] == f"articles/{actors.iloc[0].doc_id}.html#s{int(holding.sent_idx.iloc[0])}"
    assert first["where"] == f"{actors.iloc[0].doc_id} · s{int(holding.sent_idx.iloc[0])}"
    assert view._repr_html_() == view.html


def test_kwic_terms_are_whole_word_case_insensitive(seeds):
    text = " ".join(seeds.documents.text)
    expected = len(re.findall(r"(?<!\w)donbas(?!\w)", text, re.I))
    view = kwic_browser(seeds, terms="DONBAS", window=30)
    assert view.total == expected > 0
    rows = data_of(view.html)["rows"]
    assert all(r["match"].casefold() == "donbas" for r in rows)
    assert all(len(r["left"]) <= 31 and len(r["right"]) <= 31 for r in rows)


def test_kwic_wildcards_and_comma_separated_terms(seeds):
    text = " ".join(seeds.documents.text)
    expected = len(re.findall(r"(?<!\w)russia\w*(?!\w)", text, re.I)) + len(
        re.findall(r"(?<!\w)donbas(?!\w)", text, re.I)
    )
    view = kwic_browser(seeds, terms="russia*, Donbas")
    rows = data_of(view.html)["rows"]
    assert view.total == len(rows) == expected
    assert {r["term"] for r in rows} == {"russia*", "Donbas"}
    assert {r["match"].casefold() for r in rows if r["term"] == "russia*"} >= {"russia", "russian"}


def test_row_cap_shows_a_clear_note(seeds):
    view = kwic_browser(seeds, max_rows=5)
    assert view.rows == 5 and view.total > 5
    assert len(data_of(view.html)["rows"]) == 5
    assert f"Showing 5 of {view.total:,} lines; see corpus.entities or raise max_rows." in view.html
    quotes = make_quotes(seeds, 2345)
    qview = quote_browser(FakeCorpus(seeds, quotes=quotes), max_rows=2000)
    assert "Showing 2,000 of 2,345 quotes; see corpus.quotes or raise max_rows." in qview.html
    assert len(data_of(qview.html)["rows"]) == 2000


def test_quote_browser_without_quotes_table_says_so(seeds):
    assert "quotes" not in FakeCorpus(seeds).tables
    view = quote_browser(FakeCorpus(seeds))
    assert view.rows == view.total == 0
    assert "no quotes table" in view.html
    assert "kit-view-data" not in view.html and "<table" not in view.html


def test_quote_browser_rows_filters_and_links(seeds):
    quotes = make_quotes(seeds, 6)
    view = quote_browser(FakeCorpus(seeds, quotes=quotes))
    rows = data_of(view.html)["rows"]
    assert [r["quote"] for r in rows] == list(quotes.quote)
    assert rows[0]["speaker"] == "the spokesman" and rows[1]["speaker"] == "Dmitry Peskov"
    assert rows[0]["href"] == f"articles/{quotes.doc_id[0]}.html#s{quotes.sent_idx[0]}"
    filters = data_of(view.html)["filters"]
    has_outlet = bool(seeds.documents.outlet.fillna("").iloc[0])  # the test quotes are all from document 0
    assert [f["key"] for f in filters] == ["speaker", "kind"] + (["outlet"] if has_outlet else [])
    options = [o for f in filters for o in f["options"]]
    assert {"Dmitry Peskov", "the spokesman", "direct", "indirect"} <= set(options)


def test_article_text_is_escaped_everywhere(seeds, tmp_path):
    from kit.pipeline import tag

    store = tmp_path / "store"
    tag([sentinel_corpus(tmp_path / "articles")], store, n_process=1, progress=False)
    docs = seeds.documents.copy()
    docs.loc[0, "outlet"] = SENTINEL
    quotes = make_quotes(seeds, 30, text=SENTINEL + "</script>")
    views = [
        (quote_browser(FakeCorpus(seeds, documents=docs, quotes=quotes)), SENTINEL),
        (kwic_browser(open_store(store), terms=["window"]), STORED_SENTINEL),
    ]
    for view, sentinel in views:
        assert "__pwned" in view.html  # the text is there ...
        assert sentinel not in view.html  # ... but never as markup
        assert "<img" not in view.html
        script_tags = [t for t, _ in tags(view.html) if t == "script"]
        assert len(script_tags) == 2  # the data and the code, nothing from the text
    rows = data_of(views[0][0].html)["rows"]
    assert any(r["outlet"] == SENTINEL for r in rows)  # the data round-trips intact


def test_json_for_script_cannot_close_the_element():
    text = _json_for_script({"a": "</script><!-- \u2028 &"})
    assert "</" not in text and "<!--" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- \u2028 &"}


def test_two_views_on_one_page_have_distinct_ids(seeds):
    a, b = kwic_browser(seeds), kwic_browser(seeds)
    ids_a = {attrs["id"] for _, attrs in tags(a.html) if "id" in attrs}
    ids_b = {attrs["id"] for _, attrs in tags(b.html) if "id" in attrs}
    assert ids_a and not ids_a & ids_b
    assert "getElementById" not in a.html  # the script finds its data next to itself


def test_script_builds_dom_with_text_content_only(seeds):
    html = kwic_browser(seeds).html
    script = re.findall(r"<script>(.*?)</script>", html, re.S)[0]
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script
    assert "textContent" in script
    assert "http://" not in html and "https://" not in html  # nothing loaded from the network


@pytest.mark.parametrize(
    ("doc_id", "name"),
    [
        ("000_8c36ac1777dec640", "000_8c36ac1777dec640.html"),
        ("a b/../c", "a-b-c-"),
        ("..", "article-"),
        ("CON", "con-"),
    ],
)
def test_article_filenames_are_safe(doc_id, name):
    assert article_filename(doc_id).startswith(name) and article_filename(doc_id).endswith(".html")
    assert "/" not in article_filename(doc_id)
    assert article_href(doc_id, None).endswith(".html")


def test_article_filenames_are_unique_short_portable_and_stable():
    ids = [
        "a/b",
        "a_2Fb",
        ".",
        "_.",
        "a",
        "A",
        "Con",
        "con",
        "x" * 300,
        "x" * 301,
        "Київ заявляє про нові обстріли на сході країни вночі та вранці",
        "Kyiv",
        "kyiv",
        "Kyiv.",
        "Kyiv ",
    ]
    names = [article_filename(i) for i in ids]
    assert len({n.lower() for n in names}) == len(ids), "two ids share a page on a case-insensitive disk"
    assert all(len(n) <= 96 and re.fullmatch(r"[a-z0-9_-]+\.html", n) for n in names), names
    assert all(n.split(".")[0].split("-")[0] not in {"con", "prn", "aux", "nul"} or "-" in n for n in names)
    assert names == [article_filename(i) for i in ids], "the same id gives the same page on every run"


def test_quote_browser_on_the_store_quotes_table(seeds):
    view = quote_browser(seeds)
    rows = data_of(view.html)["rows"]
    assert view.total == len(seeds.quotes) == len(rows) > 0
    assert [r["quote"] for r in rows] == list(seeds.quotes.quote)
    for row, (_, quote) in zip(rows, seeds.quotes.iterrows(), strict=True):
        assert row["href"].endswith(f"#s{int(quote.sent_idx)}")


@pytest.mark.parametrize("terms", ["Minsk agreement*", "ceasefire, Lavrov", "Kiev"])
def test_the_view_and_the_explorer_find_the_same_rows(seeds, terms):
    from kit import explore
    from kit.present.views import _kwic_spans

    view = _kwic_spans(seeds, [t.strip() for t in terms.split(",")])
    explorer = explore.kwic(seeds, terms)
    assert len(view) > 0
    assert sorted(zip(view.doc_id, view.start_char, view.end_char)) == sorted(
        zip(explorer.doc_id, explorer.start_char, explorer.end_char)
    )


def test_a_space_in_a_term_matches_a_line_break_in_the_view_as_in_the_explorer(tmp_path):
    from kit import explore, load_corpus

    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(
        "Talks on the Minsk\nagreements resumed. The Minsk agreements hold.\n", encoding="utf-8"
    )
    corpus = load_corpus(tmp_path / "corpus", out=tmp_path / "store", progress=False)
    view = kwic_browser(corpus, terms="Minsk agreements")
    assert view.total == len(explore.kwic(corpus, "Minsk agreements")) == 2
