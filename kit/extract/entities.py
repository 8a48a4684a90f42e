"""Entity mentions and sentence boundaries: the foundation tables every analysis builds on."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .protocol import DocContext

TABLES = {
    "entities": pa.schema(
        [
            ("doc_id", pa.string()),
            ("start_char", pa.int64()),
            ("end_char", pa.int64()),
            ("text", pa.string()),
            ("label", pa.string()),
            ("entity_id", pa.string()),
            ("entity_name", pa.string()),
            ("entity_type", pa.string()),
            ("in_gazetteer", pa.bool_()),
            ("sent_start", pa.int64()),
            ("resolved_by", pa.string()),
        ]
    ),
    "sentences": pa.schema(
        [
            ("doc_id", pa.string()),
            ("sent_idx", pa.int64()),
            ("start_char", pa.int64()),
            ("end_char", pa.int64()),
        ]
    ),
}


def analyse(doc: Doc, ctx: DocContext) -> dict[str, list[dict]]:
    """Entity rows (resolved against the gazetteer) and sentence rows for one document."""
    return {
        "entities": ctx.entity_rows(doc),
        "sentences": [
            {"doc_id": ctx.doc_id, "sent_idx": i, "start_char": s.start_char, "end_char": s.end_char}
            for i, s in enumerate(doc.sents)
        ],
    }


# --- token lookups for the analyses --------------------------------------------------------


def tokens_with(doc: Doc, attr: str, values: Iterable[str]) -> np.ndarray:
    """Which tokens have one of `values` as their `attr`, compared by string id rather than string.

    Args:
        doc: A document.
        attr: A string attribute as `Doc.to_array` names it: "LOWER", "LEMMA", "POS", "TAG", "DEP", ...
        values: The strings wanted ("say", "VERB", "ROOT").

    Returns:
        A boolean mask over the document's tokens.
    """
    strings = doc.vocab.strings
    return np.isin(doc.to_array(attr), [strings[value] for value in values])


def tokens_where(doc: Doc, attr: str, test: Callable[[str], bool]) -> np.ndarray:
    """Which tokens' `attr` string passes `test`, each distinct string of the document tested once.

    Args:
        doc: A document.
        attr: A string attribute as `Doc.to_array` names it: "LOWER", "LEMMA", "POS", "TAG", "DEP", ...
        test: Whether a string is wanted (`lambda tag: tag.startswith("VB")`).

    Returns:
        A boolean mask over the document's tokens.
    """
    strings = doc.vocab.strings
    ids = doc.to_array(attr)
    return np.isin(ids, [i for i in np.unique(ids).tolist() if test(strings[i])])
