"""Every table the kit writes has declared columns and types: `kit.schema` for the tables read from
the input, the analyses for the tagged ones, `kit.store.schema_for` for both."""

from __future__ import annotations

import pyarrow as pa
import pytest

from kit import schema, store
from kit.extract import names, tables


def test_every_table_has_one_schema_and_tagged_tables_come_from_the_analyses():
    tagged = store.tagged()
    assert tagged == tables()
    assert {"entities", "quotes", "numbers", "mentions", "themes", "events"} <= set(tagged)
    assert not set(tagged) & set(schema.INGESTED)
    for name in [*schema.INGESTED, *tagged]:
        assert isinstance(store.schema_for(name), pa.Schema)
        assert store.empty_table(name).num_rows == 0


def test_to_arrow_keeps_the_declared_columns_and_types_and_fills_missing_keys_with_null():
    table = store.to_arrow("removed", [{"doc_id": "a", "text": "Read more", "reason": "teaser", "extra": 1}])
    assert table.schema == schema.REMOVED
    assert table.to_pylist() == [{"doc_id": "a", "text": "Read more", "reason": "teaser"}]
    assert store.to_arrow("removed", [{"doc_id": "a"}]).to_pylist() == [{"doc_id": "a", "text": None, "reason": None}]


def test_a_value_of_the_wrong_type_is_refused():
    with pytest.raises((pa.ArrowInvalid, pa.ArrowTypeError)):
        store.to_arrow("stories", [{"doc_id": "a", "story_size": "three"}])


def test_an_unknown_table_is_a_key_error():
    with pytest.raises(KeyError):
        store.schema_for("no_such_table")


def test_the_analyses_are_the_modules_of_kit_extract_with_tables_and_analyse():
    assert names() == tuple(sorted(names()))
    assert {"kit.extract.entities", "kit.extract.quotes", "kit.extract.numbers", "kit.extract.events"} <= set(names())
    assert not {"kit.extract.syntax", "kit.extract.speech", "kit.extract.protocol"} & set(names())
