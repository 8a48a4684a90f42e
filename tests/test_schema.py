"""Tests for `kit.schema`: every table the kit writes has declared columns and types."""

from __future__ import annotations

import pyarrow as pa
import pytest

from kit import schema
from kit.extract import tables


def test_every_table_has_one_schema_and_tagged_tables_come_from_the_analyses():
    tagged = schema.tagged()
    assert tagged == tables()
    assert {"entities", "quotes", "numbers", "mentions", "themes", "events"} <= set(tagged)
    assert not set(tagged) & set(schema.INGESTED)
    for name in [*schema.INGESTED, *tagged]:
        assert isinstance(schema.schema_for(name), pa.Schema)
        assert schema.empty_table(name).num_rows == 0


def test_to_arrow_keeps_the_declared_columns_and_types_and_fills_missing_keys_with_null():
    table = schema.to_arrow("removed", [{"doc_id": "a", "text": "Read more", "reason": "teaser", "extra": 1}])
    assert table.schema == schema.REMOVED
    assert table.to_pylist() == [{"doc_id": "a", "text": "Read more", "reason": "teaser"}]
    assert schema.to_arrow("removed", [{"doc_id": "a"}]).to_pylist() == [{"doc_id": "a", "text": None, "reason": None}]


def test_a_value_of_the_wrong_type_is_refused():
    with pytest.raises((pa.ArrowInvalid, pa.ArrowTypeError)):
        schema.to_arrow("stories", [{"doc_id": "a", "story_size": "three"}])


def test_an_unknown_table_is_a_key_error():
    with pytest.raises(KeyError):
        schema.schema_for("no_such_table")
