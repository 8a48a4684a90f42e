"""Entity mentions and sentence boundaries: the foundation tables every analysis builds on."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa

from .gazetteer import entity_rows

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .tagger import DocContext

TABLES = {
    "entities": pa.schema([
        ("doc_id", pa.string()), ("start_char", pa.int64()), ("end_char", pa.int64()), ("text", pa.string()),
        ("label", pa.string()), ("entity_id", pa.string()), ("entity_name", pa.string()),
        ("entity_type", pa.string()), ("in_gazetteer", pa.bool_()), ("sent_start", pa.int64()),
    ]),
    "sentences": pa.schema([
        ("doc_id", pa.string()), ("sent_idx", pa.int64()), ("start_char", pa.int64()), ("end_char", pa.int64()),
    ]),
}


def analyse(doc: Doc, ctx: DocContext) -> dict[str, list[dict]]:
    """Entity rows (resolved against the gazetteer) and sentence rows for one document."""
    return {
        "entities": entity_rows(doc, ctx.gazetteer, ctx.doc_id),
        "sentences": [{"doc_id": ctx.doc_id, "sent_idx": i, "start_char": s.start_char, "end_char": s.end_char}
                      for i, s in enumerate(doc.sents)],
    }
