"""`load_corpus` and the table contract notebooks and users' scripts rely on."""

from __future__ import annotations

import json

from kit import load_corpus

from .conftest import SEED_IDS, SEEDS

CONTRACT = {
    "documents": ["doc_id", "source", "title", "text", "raw_text", "date", "outlet", "agencies", "spelling", "n_words"],
    "entities": ["doc_id", "start_char", "end_char", "text", "label", "entity_id", "entity_name", "entity_type"],
    "removed": ["doc_id", "text", "reason"],
    "problems": ["source", "severity", "message"],
}


def test_load_corpus_tags_then_loads_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_STORE_DIR", str(tmp_path / "stores"))
    corpus = load_corpus(SEEDS, n_process=1, progress=False)
    assert corpus.path.parent == tmp_path / "stores"
    assert corpus.summary.tagged == 3
    for table, columns in CONTRACT.items():
        frame = getattr(corpus, table)
        assert set(columns) <= set(frame.columns), f"{table} lacks {sorted(set(columns) - set(frame.columns))}"
        assert not frame.empty or table == "problems", f"{table} is empty on the seeds"
    assert list(corpus.documents.doc_id) == list(SEED_IDS)
    again = load_corpus(str(SEEDS))
    assert again.summary.up_to_date and again.path == corpus.path
    assert "documents" in repr(again) and len(again) == 3


def test_removed_text_is_visible_per_document(seeds):
    removed = seeds.removed
    assert set(removed.doc_id) == set(SEED_IDS)
    assert (removed.reason == "related link").sum() == 2
    assert removed.text.str.len().gt(0).all()


def test_outside_corpus_tags_with_no_problems_and_one_document_per_record(bias, bias_corpus):
    records = [json.loads(line) for line in bias_corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = bias.documents
    assert len(docs) == len(records) == 90
    assert list(docs.doc_id) == [r["id"] for r in records]
    assert bias.problems.empty, bias.problems.to_string()
    assert list(docs.title) == [r["title"].strip() for r in records]
    assert {"bias_pro_russia", "bias_pro_west", "subjectivity", "hidden_assumptions"} <= set(docs.columns)
    assert docs.n_words.sum() > 45_000
    ents = bias.entities
    assert {"ukraine", "russia", "crimea", "kyiv", "vladimir_putin", "viktor_yanukovych"} <= set(ents.entity_id)
    assert not ents[(ents.label == "PERSON") & ents.entity_id.isin({"kyiv", "crimea", "donetsk"})].size


def test_load_corpus_takes_several_paths_or_one_list(tmp_path, bias_corpus):
    both = load_corpus([SEEDS, bias_corpus], out=tmp_path / "store", progress=False)
    assert len(both) == 93
    assert load_corpus(SEEDS, bias_corpus, out=tmp_path / "store").summary.up_to_date


def test_head_reads_the_first_rows_in_document_order(bias):
    import pandas as pd

    for name in bias.tables:
        for n in (1, 7):
            expected = (bias.documents if name == "documents" else bias.table(name)).head(n)
            pd.testing.assert_frame_equal(bias.head(name, n), expected, obj=f"{name} head({n})")


def test_tables_come_in_document_order_whatever_order_the_store_holds_them(bias):
    import pandas as pd

    entities = bias.table("entities")
    order = entities["doc_id"].map({d: i for i, d in enumerate(bias.documents["doc_id"])})
    assert order.is_monotonic_increasing
    shuffled = entities.sample(frac=1, random_state=0)
    pd.testing.assert_frame_equal(bias.in_document_order(shuffled), entities)


def test_columns_give_the_table_columns_resolved_and_in_document_order(bias):
    import pandas as pd

    from kit import open_store

    fresh = open_store(bias.path)
    names = fresh.columns("entities", ["entity_name", "doc_id"])
    assert list(names.columns) == ["entity_name", "doc_id"]
    whole = bias.table("entities")
    pd.testing.assert_frame_equal(names.reset_index(drop=True), whole[["entity_name", "doc_id"]])
    assert fresh.columns("entities", ["doc_id", "no_such_column"]).columns.tolist() == ["doc_id"]
    pd.testing.assert_frame_equal(fresh.entities, whole)


def test_the_table_cache_keeps_what_fits_and_lets_the_oldest_go(bias):
    from kit import open_store

    roomy = open_store(bias.path)
    assert roomy.entities is roomy.entities  # kept: one read
    small = open_store(bias.path, cache_bytes=1)
    assert small.entities is not small.entities  # too large to keep: read each time, never held
    sizes = {
        name: open_store(bias.path).columns(name).memory_usage(deep=True, index=False).sum()
        for name in ("quotes", "numbers")
    }
    two = open_store(bias.path, cache_bytes=int(sum(sizes.values())) - 1)  # one fits, not both
    quotes = two.quotes
    assert two.quotes is quotes
    numbers = two.numbers  # past the budget with both: the older, quotes, goes
    assert two.numbers is numbers and two.quotes is not quotes


def test_texts_are_read_for_the_documents_asked_for(bias):
    import pytest

    ids = bias.metadata["doc_id"].tolist()
    wanted = [ids[5], ids[0], "no-such-id"]
    texts = bias.texts(wanted)
    assert texts.index.tolist() == [ids[0], ids[5]]  # document order; unknown ids left out
    full = bias.documents.set_index("doc_id")["text"]
    assert texts.tolist() == full.loc[[ids[0], ids[5]]].tolist()
    assert bias.text(ids[3]) == full.loc[ids[3]]
    with pytest.raises(KeyError):
        bias.text("no-such-id")
    assert sum(len(batch) for batch, _ in bias.iter_texts()) == len(bias)
    assert "text" not in bias.metadata and "raw_text" not in bias.metadata
    assert bias.metadata.columns.tolist() == [c for c in bias.documents.columns if c not in ("text", "raw_text")]
