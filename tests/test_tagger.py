"""Tests for `kit.tagger`: documents to rows, long texts in pieces, failures kept per document."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kit.tagger import MAX_PIECE_CHARS, Tagger, TagItem, split_text


@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=400), st.integers(min_value=5, max_value=60))
@settings(max_examples=200, deadline=None)
def test_split_text_pieces_join_back_and_are_never_too_long(text, limit):
    pieces = split_text(text, limit)
    assert "".join(pieces) == text
    assert all(len(piece) <= limit for piece in pieces)
    assert all(pieces) or pieces == [""]


def test_split_text_prefers_paragraph_ends():
    text = "First paragraph here.\n\nSecond paragraph, longer than the first one."
    assert split_text(text, 40)[0] == "First paragraph here.\n\n"


def test_a_long_text_is_tagged_in_pieces_and_rejoined_as_one_document(tagger):
    paragraph = "Vladimir Putin spoke in Moscow on Monday. " * 40 + "\n\n"
    text = paragraph * (MAX_PIECE_CHARS // len(paragraph) + 2)
    (item, doc), *rest = list(tagger.docs([TagItem("long", text, None)]))
    assert rest == [] and item.doc_id == "long"
    assert doc.text == text


def test_a_failing_analysis_leaves_its_document_out_and_says_why(tagger):
    def broken(doc, ctx):
        if ctx.doc_id == "bad":
            raise ValueError("no good")
        return {"entities": [{"doc_id": ctx.doc_id}]}

    failing = Tagger.__new__(Tagger)
    failing.__dict__.update(tagger.__dict__)
    failing.analyses = [broken]
    out = failing.tag([TagItem("good", "Kyiv said so.", "2022-03-01"), TagItem("bad", "Kyiv said so.", None)])
    assert out["_done"] == ["good"]
    assert out["entities"] == [{"doc_id": "good"}]
    assert [p["doc_id"] for p in out["_problems"]] == ["bad"]
    assert "ValueError: no good" in out["_problems"][0]["message"]


def test_every_tagged_table_is_in_the_output_even_when_empty(tagger):
    out = tagger.tag([TagItem("d", "Nothing to see.", None)])
    assert {"entities", "quotes", "numbers", "mentions", "themes", "events"} <= set(out)
    assert out["_done"] == ["d"] and out["_problems"] == []


def test_worker_entry_points_take_their_arguments_as_pools_and_dask_pass_them():
    import inspect

    from kit.tagger import BATCH_SIZE, init_worker, tag_on_dask_worker

    inspect.signature(init_worker).bind(None, None, BATCH_SIZE, None)  # ProcessPoolExecutor initargs
    inspect.signature(tag_on_dask_worker).bind([], None, None, None)  # Client.submit(fn, *args)
