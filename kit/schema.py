"""Column names and types of the tables made from the input files.

The tables tagging makes are declared by their analyses (`kit.extract.protocol.tables`);
`kit.store.schema_for` answers for both.
"""

from __future__ import annotations

import pyarrow as pa

_STR = pa.string()
_INT = pa.int64()

#: Tables built from the input files on every run (cheap: no spaCy).
DOCUMENTS = pa.schema(
    [
        ("doc_id", _STR),
        ("source", _STR),
        ("format", _STR),
        ("encoding", _STR),
        ("title", _STR),
        ("text", _STR),
        ("raw_text", _STR),
        ("date", pa.date32()),
        ("outlet", _STR),
        ("agencies", pa.list_(_STR)),
        ("url", _STR),
        ("spelling", _STR),
        ("n_kyiv", _INT),
        ("n_kiev", _INT),
        ("n_words", _INT),
        ("content_hash", _STR),
        ("duplicate_of", _STR),
        ("meta", _STR),
    ]
)
REMOVED = pa.schema([("doc_id", _STR), ("text", _STR), ("reason", _STR)])
PROBLEMS = pa.schema([("source", _STR), ("severity", _STR), ("message", _STR), ("doc_id", _STR)])

STORIES = pa.schema([("doc_id", _STR), ("story_id", _STR), ("story_size", _INT), ("story_similarity", pa.float64())])
#: Single-word person names resolved to the one full name the corpus uses for them (`kit.actors`).
RESOLUTIONS = pa.schema([("entity_id", _STR), ("resolved_id", _STR), ("resolved_name", _STR)])

#: The word index (`kit.index`): each distinct word of a block of documents with their `documents` rows.
WORDS = pa.schema([("token", _STR), ("docs", pa.list_(pa.int32()))])

#: Tables made on every run without spaCy: from the input files, and corpus-wide steps (stories,
#: resolutions).
INGESTED: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "removed": REMOVED,
    "problems": PROBLEMS,
    "stories": STORIES,
    "resolutions": RESOLUTIONS,
    "words": WORDS,
}
#: Tables the kit reads for itself, which `Corpus.tables` does not list.
INTERNAL = ("words",)
