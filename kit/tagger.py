"""Tag clean texts with spaCy and turn each document into rows of the tagged tables."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from .extract.protocol import Analysis, DocContext
from .extract.protocol import analyses as registered_analyses
from .extract.protocol import tables as tagged_tables
from .gazetteer import load_gazetteer
from .lexicons import Lexicons, using
from .nlp import load_pipeline

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger("kit")

#: Texts longer than this are tagged in pieces (split at paragraph or sentence ends) and rejoined.
MAX_PIECE_CHARS = 100_000
#: Texts per spaCy batch: small batches keep memory flat at the same speed (see README).
BATCH_SIZE = 16


class TagItem(NamedTuple):
    """What the tagger needs of one document."""

    doc_id: str
    text: str
    date: str | None  # ISO date of publication, if known
    title: str | None = None  # the headline, which may say whose words the text is ("Address by ...")
    outlet: str | None = None  # who published it ("The White House"): a government's "the President" is its own


def split_text(text: str, max_chars: int) -> list[str]:
    """Split a long text into pieces of at most `max_chars` that join back to the same text.

    Pieces end after a paragraph break where possible, else after a sentence end, else
    after any whitespace, and only as a last resort mid-word.

    Args:
        text: The text.
        max_chars: The longest piece allowed.

    Returns:
        Pieces whose concatenation is `text`.
    """
    pieces, start = [], 0
    while len(text) - start > max_chars:
        window = text[start : start + max_chars]
        cut = 0
        for pattern in (r"\n\s*\n\s*", r"[.!?][\"'”’)]*\s+", r"\s+"):
            ends = [m.end() for m in re.finditer(pattern, window) if m.end() > max_chars // 2]
            if ends:
                cut = ends[-1]
                break
        cut = cut or max_chars
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


class Tagger:
    """A spaCy pipeline with the gazetteer, turning documents into tagged-table rows."""

    def __init__(
        self,
        model: str | None = None,
        gazetteer: str | None = None,
        batch_size: int = BATCH_SIZE,
        analyses: Sequence[Analysis] | None = None,
        lexicons: Lexicons | None = None,
    ) -> None:
        """Load the pipeline.

        Args:
            model: spaCy model name or path (see `kit.nlp.resolve_model`).
            gazetteer: Path to a gazetteer YAML file; the kit's own by default.
            batch_size: Texts per `nlp.pipe` batch.
            analyses: What to extract from each document; every analysis of `kit.extract` by default.
            lexicons: The lexicons the analyses run with (the kit's own files, read now, by default).
        """
        self.lexicons = lexicons or Lexicons()
        self.gazetteer = load_gazetteer(gazetteer)
        self.nlp = load_pipeline(model, self.gazetteer)
        self.batch_size = batch_size
        self.analyses = list(analyses or registered_analyses())

    def docs(self, items: Sequence[TagItem]):
        """Tag texts, yielding `(item, Doc)` pairs; long texts are tagged in pieces and rejoined."""
        from spacy.tokens import Doc

        pieces = [(i, piece) for i, item in enumerate(items) for piece in split_text(item.text, MAX_PIECE_CHARS)]
        current: int | None = None
        parts: list[Doc] = []
        for (i, _), doc in zip(pieces, self.nlp.pipe((p for _, p in pieces), batch_size=self.batch_size)):
            if current is not None and i != current:
                yield items[current], parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
                parts = []
            current = i
            parts.append(doc)
        if parts and current is not None:
            yield items[current], parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)

    def tag(self, items: Sequence[TagItem]) -> dict[str, list[dict]]:
        """Tag documents and run every analysis on them.

        A document whose analysis fails is left out of every table (so it is tried again on the
        next run) and reported under the key `_problems`.

        Args:
            items: Documents to tag.

        Returns:
            Rows per tagged table, plus `_done` (ids of documents tagged) and `_problems`.
        """
        out: dict[str, list[dict]] = {name: [] for name in tagged_tables()}
        out["_done"], out["_problems"] = [], []
        with using(self.lexicons):
            self._tag(items, out)
        return out

    def _tag(self, items: Sequence[TagItem], out: dict[str, list[dict]]) -> None:
        for item, doc in self.docs(items):
            ctx = DocContext(
                item.doc_id,
                dt.date.fromisoformat(item.date) if item.date else None,
                self.gazetteer,
                item.title,
                outlet=item.outlet,
            )
            try:
                rows: dict[str, list[dict]] = {}
                for analysis in self.analyses:
                    for table, table_rows in analysis(doc, ctx).items():
                        rows.setdefault(table, []).extend(table_rows)
            except Exception as exc:  # one document's failure must not stop the corpus
                log.exception("tagging %s failed", item.doc_id)
                out["_problems"].append(
                    {
                        "source": item.doc_id,
                        "severity": "error",
                        "doc_id": item.doc_id,
                        "message": f"tagging failed: {type(exc).__name__}: {exc}",
                    }
                )
                continue
            for table, table_rows in rows.items():
                out[table].extend(table_rows)
            out["_done"].append(item.doc_id)


# --- one Tagger per worker process ----------------------------------------------------------

_WORKER: Tagger | None = None


def init_worker(
    model: str | None, gazetteer: str | None, batch_size: int = BATCH_SIZE, lexicons: Lexicons | None = None
) -> None:
    """Load the pipeline once per worker process (a pool initializer, or before forking workers).

    Its arguments are positional: a process pool passes its `initargs` so.
    """
    global _WORKER
    _WORKER = Tagger(model, gazetteer, batch_size, lexicons=lexicons)


def release_worker() -> None:
    """Drop this process's pipeline (the parent's, once forked workers have finished)."""
    global _WORKER
    _WORKER = None


def tag_in_worker(items: list[TagItem]) -> dict[str, list[dict]]:
    """Process-pool task: tag a batch with this worker's pipeline."""
    assert _WORKER is not None, "init_worker was not called in this process"
    return _WORKER.tag(items)


# --- one Tagger per Dask worker process ------------------------------------------------------

_DASK_TAGGERS: dict[tuple, Tagger] = {}


def tag_on_dask_worker(
    items: list[TagItem], model: str | None, gazetteer: str | None, lexicons: Lexicons | None = None
) -> dict[str, list[dict]]:
    """Dask task: tag a batch with this worker's pipeline, loaded on its first task for these lexicons.

    Its arguments are positional: `Client.submit` passes them so.
    """
    key = (model, gazetteer, lexicons.digest if lexicons is not None else None)
    if key not in _DASK_TAGGERS:
        _DASK_TAGGERS[key] = Tagger(model, gazetteer, lexicons=lexicons)
    return _DASK_TAGGERS[key].tag(items)
