"""Analysis functions of `kit.explore` on the seeds and the outside corpus: the numbers a researcher would check."""

from __future__ import annotations

import copy
import re

import pandas as pd
import pyarrow.parquet as pq
import pytest

from kit import explore
from kit.explore import Finding
from kit.present import figures

from .conftest import SEED_IDS

S000, S001, S002 = SEED_IDS


@pytest.fixture(autouse=True)
def _store_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_STORE_DIR", str(tmp_path / "kit-store"))


def without(corpus, *tables):
    """The same corpus as a store that lacks some tables (as one made before they existed)."""
    other = copy.copy(corpus)
    other.__dict__ = {k: v for k, v in corpus.__dict__.items() if k not in tables}
    other.manifest = {
        **corpus.manifest,
        "tables": {k: v for k, v in corpus.manifest["tables"].items() if k not in tables},
    }
    return other


def test_kwic_ceasefire_finds_the_sentences_of_000_and_002(seeds):
    hits = explore.kwic(seeds, "ceasefire")
    assert hits["doc_id"].tolist() == [S000, S002, S002, S002]
    assert hits["sentence"].iloc[0] == (
        "The UN Security Council expresses concern about the deteriorating situation "
        "in Donbas, and urges the immediate restoration of the ceasefire."
    )
    assert hits["sentence"].iloc[2].endswith("ending a fragile ceasefire.")
    assert hits["left"].iloc[0].endswith("urges the immediate restoration of the")
    for row in hits.itertuples():
        assert seeds.text(row.doc_id)[row.start_char : row.end_char] == "ceasefire"


def test_kwic_window_wildcards_and_several_terms(seeds):
    narrow = explore.kwic(seeds, "ceasefire", window=10)
    assert all(len(left) <= 10 for left in narrow["left"])
    separatists = explore.kwic(seeds, "separatist*")
    assert set(separatists["match"].str.lower()) == {"separatists", "separatist"}
    assert separatists.groupby("doc_id").size().to_dict() == {S001: 5, S002: 7}
    both = explore.kwic(seeds, "ceasefire, Lavrov")
    assert len(both) == 4 + len(explore.kwic(seeds, "Lavrov"))
    assert explore.kwic(seeds, "no-such-word").empty
    assert explore.describe_kwic(seeds, "ceasefire") == "“ceasefire” occurs 4 times in 2 of 3 articles."


def test_kwic_index_filters_articles_and_caps_rows(seeds):
    index = explore.KwicIndex(seeds)
    assert index.search("ceasefire", doc_ids=[S002])["doc_id"].tolist() == [S002] * 3
    assert len(index.search("ceasefire", max_rows=2)) == 2
    with pytest.raises(ValueError):
        index.search("  ")


def test_kwic_on_the_outside_corpus_matches_a_plain_count(bias):
    hits = explore.kwic(bias, "ceasefire")
    expected = bias.documents["text"].str.count(r"(?i)(?<!\w)ceasefire(?!\w)")
    assert len(hits) == int(expected.sum()) > 0
    assert hits["doc_id"].nunique() == int((expected > 0).sum())


def test_cooccurrence_counts_peskov_with_the_kremlin(seeds):
    pairs = explore.cooccurrence(seeds)
    row = pairs[(pairs["a"] == "dmitry_peskov") & (pairs["b"] == "kremlin")].iloc[0]
    assert (row["name_a"], row["name_b"], row["count"], row["articles"]) == ("Dmitry Peskov", "Kremlin", 2, 1)
    top = pairs.iloc[0]
    assert {top["a"], top["b"]} == {"russia", "ukraine"}
    assert (pairs["a"] < pairs["b"]).all()
    by_doc = explore.cooccurrence(seeds, unit="document")
    assert by_doc.query("a == 'dmitry_peskov' and b == 'kremlin'")["count"].tolist() == [1]
    assert explore.partners(seeds, "Peskov").set_index("entity_id").loc["kremlin", "count"] == 2
    with pytest.raises(ValueError):
        explore.cooccurrence(seeds, unit="paragraph")


def test_actor_profile_of_putin(seeds):
    profile = explore.actor_profile(seeds, "Putin")
    assert profile.actor_id == "vladimir_putin"
    assert (profile.mentions, profile.articles) == (7, 3)
    assert dict(zip(profile.spellings["written as"], profile.spellings["mentions"])) == {
        "Putin": 4,
        "Vladimir Putin": 3,
    }
    # mentions over time count the mentions in dated articles; 001 (2 December 2021) names Putin three times
    dates = explore.article_dates(seeds).set_index("doc_id")["when"]
    dated = seeds.entities.query("entity_id == 'vladimir_putin'")["doc_id"].map(dates).notna()
    assert profile.over_time["mentions"].sum() == dated.sum()
    assert profile.over_time.loc[pd.Timestamp("2021-12-01"), "mentions"] >= 3
    assert any("Moscow in a matter of minutes" in s for s in profile.sentences["sentence"])
    assert profile.summary.startswith("Vladimir Putin (person) is named 7 times in 3 articles")
    assert explore.top_actor(seeds) == "vladimir_putin"
    with pytest.raises(KeyError):
        explore.resolve_actor(seeds, "Nobody Atall")


def test_actor_counts_and_types(seeds):
    counts = explore.actor_counts(seeds).set_index("entity_id")
    assert counts.loc["dmitry_peskov", "mentions"] == 3
    assert counts.loc["russia", "articles"] == 3
    people = explore.actor_counts(seeds, types=["person"])
    assert set(people["entity_type"]) == {"person"}
    assert explore.describe_actors(seeds).startswith("164 entity mentions name")


def test_spelling_sentence_and_table(seeds, bias):
    assert explore.describe_spelling(seeds) == (
        "2 of 3 articles write Kiev only (8 Kiev- forms in the corpus), "
        "none writes Kyiv only and 1 names the city neither way."
    )
    table = explore.spelling_by_publisher(seeds)
    assert table.loc["Jowhar", "articles: Kiev"] == 1 and table.loc["Jowhar", "mentions: Kiev"] == 7
    labels = bias.documents["spelling"].value_counts()
    sentence = explore.describe_spelling(bias)
    assert sentence.startswith(f"{labels['Kiev']} of 90 articles write Kiev only")
    assert f"{labels['Kyiv']} write Kyiv only" in sentence


def test_corpus_overview_and_cleaning_audit(seeds):
    overview = explore.overview(seeds).set_index("doc_id")
    assert overview.loc[S001, "publisher"] == "Jowhar"
    assert str(overview.loc[S001, "date"]) == "2021-12-02" and overview.loc[S001, "dated"] == "published"
    assert overview.loc[S000, "spelling"] == "neither"
    audit = explore.cleaning_audit(seeds)
    assert len(audit) == len(seeds.removed) and (audit["chars"] == audit["removed"].str.len()).all()
    assert "Submit a Comment" in audit.loc[audit["reason"] == "comment form", "removed"].tolist()
    assert audit.loc[audit["doc_id"] == S001, "reason"].tolist() == ["metadata: date", "metadata: agency credit"]
    assert explore.describe_cleaning(seeds).startswith(f"Cleaning removed {len(audit)} pieces of text")
    described = explore.describe_corpus(seeds)
    assert described.startswith(f"The corpus has 3 articles and {seeds.documents['n_words'].sum():,} words")
    assert "the most frequent is Jowhar" in described
    agencies = explore.publishers(seeds).query("kind == 'agency'").set_index("name")["articles"]
    assert agencies[["AFP", "Reuters"]].tolist() == [1, 1]


def test_publisher_falls_back_to_the_credited_agency(bias):
    publishers = explore.publisher(bias.documents)
    credited = bias.documents["agencies"].map(len) > 0
    assert publishers[credited].str.endswith("(agency)").all()
    assert (publishers[~credited & bias.documents["outlet"].isna()] == explore.UNKNOWN_SOURCE).all()


def test_word_choice_by_publisher(seeds):
    table = explore.word_choice(seeds, family="fighters")
    assert table.loc["Jowhar", "separatists"] == 5 and table.loc[explore.UNKNOWN_SOURCE, "separatists"] == 7
    assert table["articles"].sum() == 3
    assert explore.word_choice(seeds, family="capital").loc["Jowhar", "Kiev"] == 7
    assert explore.describe_word_choice(seeds, family="fighters").startswith(
        "Of the words for fighters, “separatists” 12 times in 2 articles"
    )
    with pytest.raises(KeyError):
        explore.word_choice(seeds, family="no-such-family")


def test_term_pattern_whole_words_only():
    pattern = explore.term_pattern("rebel*")
    assert pattern.findall("Rebels, rebel-held; the rebellion") == ["Rebels", "rebel", "rebellion"]
    assert explore.term_pattern("Minsk agreement*").search("the Minsk\nagreements")
    assert not explore.term_pattern("ATO").search("potato")
    assert explore.term_pattern(r"\d+ troops", regex=True).search("90000 troops")


def test_missing_tables_are_named_not_faked(seeds):
    bare = without(seeds, "quotes", "numbers", "themes", "events", "mentions")
    for function in (
        explore.quotes,
        explore.quotes_by_speaker,
        explore.quote_kinds,
        explore.describe_quotes,
        explore.claims,
        explore.claims_by_claimant,
        explore.describe_numbers,
        explore.themes_by,
        explore.describe_themes,
        explore.events,
        explore.events_over_time,
        explore.date_mentions,
        figures.claims_chart,
        figures.themes_chart,
        figures.events_chart,
    ):
        result = function(bare)
        assert isinstance(result, Finding), function.__name__
        assert re.search(r"`(quotes|numbers|themes|events|mentions)` table .* is not in this store", result)
        assert "\n" not in result
    assert isinstance(explore.what_said(bare, "Putin"), Finding)
    assert isinstance(explore.peek(bare, "quotes"), Finding)
    assert set(explore.table_overview(bare).query("rows == 0 and status != 'in store'")["table"]) >= {"quotes"}


def test_quote_functions_when_quotes_exist(seeds):
    quotes = explore.quotes(seeds)
    assert not quotes.empty
    assert set(quotes["kind"]) <= {"direct", "fragment", "indirect"} and "direct" in set(quotes["kind"])
    by_speaker = explore.quotes_by_speaker(seeds)
    assert by_speaker["total"].sum() <= len(quotes)
    assert explore.describe_quotes(seeds).startswith(f"{len(quotes)} quotation")


def test_claims_when_numbers_exist(seeds):
    claims = explore.claims(seeds)
    assert set(claims["category"]) <= {"troops", "killed", "wounded", "displaced"} and "troops" in set(
        claims["category"]
    )
    troops = claims[claims["category"] == "troops"]
    assert {90000, 115000, 125000} <= set(troops["value"].astype(int))


def test_timeline_counts_published_articles(seeds):
    table = explore.articles_over_time(seeds)
    assert table.loc[pd.Period("2021-12", "M"), "published"] == 1
    dates = explore.article_dates(seeds).set_index("doc_id")
    assert dates.loc[S001, "dated"] == "published"
    assert explore.describe_timeline(seeds).startswith(f"{int(dates['when'].notna().sum())} of 3 articles can be dated")


def test_figures_draw_the_data(seeds):
    fig = figures.actor_chart(seeds, top=5)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[-1] == "Russia" and len(labels) == 5
    network = figures.cooccurrence_network(seeds, top=10, min_count=2)
    texts = {t.get_text() for t in network.axes[0].texts}
    assert {"Russia", "Ukraine"} <= texts
    assert not isinstance(figures.word_choice_chart(seeds, family="fighters"), Finding)


def test_findings_escape_markup_from_article_data():
    finding = explore.Finding("the most frequent is <script>x()</script> and [click](javascript:y())")
    markdown = finding._repr_markdown_()
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert not re.search(r"(?<!\\)\]\(", markdown) and "\\[click\\]" in markdown


_WORDS = [
    "sanctions",
    "Sanction",
    "xsanctions",
    "a",
    "ab",
    "Minsk",
    "agreement",
    "agreements",
    "b",
    "_a",
    "é",
    "ça",
    "ceasefire",
    "cease-fire",
    "KYIV",
    "U.S.",
    "İSTANBUL",
    "istanbul",
    "STRASSE",
    "Straße",
]
_GAPS = [" ", "  ", "\n", ".", "", "-", "’"]


def test_the_fast_keyword_scan_finds_exactly_what_the_case_insensitive_pattern_finds():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from kit.explore import Scanner, spans_in, term_pattern

    pieces = st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), max_size=15)
    terms = st.sampled_from(
        [
            "sanctions",
            "sanction*",
            "a* a*",
            "minsk agreement*",
            "b* b",
            "a, ab",
            "ça",
            "cease-fire",
            "*",
            "kyiv",
            "u.s.",
        ]
    )

    @settings(max_examples=300, deadline=None)
    @given(pieces, terms)
    def check(parts, term):
        text = "".join(w + g for w, g in parts)
        assert Scanner(term).spans(text) == spans_in(term_pattern(term), text)

    check()


def test_the_word_index_never_rules_out_an_article_the_pattern_matches(tmp_path):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from kit.explore import spans_in, term_list, term_pattern
    from kit.index import WordIndex, block_rows

    text = st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), max_size=12).map(
        lambda parts: "".join(w + g for w, g in parts)
    )
    terms = st.sampled_from(
        [
            "sanctions",
            "sanction*",
            "a* a*",
            "minsk agreement*",
            "b* b",
            "a, ab",
            "ça",
            "cease-fire",
            "*",
            "kyiv",
            "u.s.",
            "İstanbul",
            "straße",
        ]
    )
    path = tmp_path / "words.parquet"

    @settings(max_examples=300, deadline=None)
    @given(st.lists(text, min_size=1, max_size=6), terms)
    def check(texts, term):
        pq.write_table(block_rows(texts), path)
        matching = {i for i, t in enumerate(texts) if spans_in(term_pattern(term), t)}
        candidates = WordIndex(path).candidates(term_list(term))
        assert candidates is None or matching <= set(candidates.tolist())
        if candidates is not None and term in ("sanctions", "ça", "minsk agreement*"):
            assert set(candidates.tolist()) == {
                i
                for i, t in enumerate(texts)
                if all(
                    any(re.fullmatch(p, w, re.I) for w in re.findall(r"\w+", t))
                    for p in term.replace("*", r"\w*").split()
                )
            }

    check()


def test_pairs_counted_a_few_documents_at_a_time_add_up_to_the_whole(bias, monkeypatch):
    import kit.explore.actors as actors

    whole = explore.cooccurrence(bias)
    monkeypatch.setattr(actors, "PAIR_CHUNK_DOCS", 3)
    pd.testing.assert_frame_equal(explore.cooccurrence(bias), whole)
    per_article = explore.cooccurrence(bias, unit="document")
    assert (per_article["count"] == per_article["articles"]).all() and len(per_article) >= len(whole)
