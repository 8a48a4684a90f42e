"""Framing themes: sentences matched against an editable lexicon of theme terms, on lemmas."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from .. import lexicons
from ..yamlfile import load_yaml
from .entities import tokens_where, tokens_with

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .protocol import DocContext

LEXICON_PATH = Path(__file__).parents[1] / "data" / "themes.yaml"

TABLES = {
    "themes": pa.schema(
        [
            ("doc_id", pa.string()),
            ("sent_idx", pa.int64()),
            ("theme", pa.string()),
            ("term", pa.string()),
        ]
    ),
}


@dataclass(frozen=True)
class Theme:
    """One framing theme: its id, label, description and terms (lemmas, single or multi-word)."""

    id: str
    label: str
    description: str
    terms: tuple[str, ...]


def load_themes(path: str | Path | None = None) -> tuple[Theme, ...]:
    """Read a themes lexicon.

    Args:
        path: A YAML file shaped like the kit's `data/themes.yaml` (the default).

    Returns:
        The themes, in file order.

    Raises:
        ValueError: For a theme without id or terms, or an id used twice.
    """
    path = Path(path or LEXICON_PATH)
    return parse_themes(path.read_text(encoding="utf-8"), origin=str(path))


def parse_themes(text: str, *, origin: str = "themes") -> tuple[Theme, ...]:
    """The themes in the text of a `themes.yaml`.

    Args:
        text: The YAML text.
        origin: Where it came from, for error messages.

    Raises:
        ValueError: For a theme without id or terms, or an id used twice.
    """
    entries = load_yaml(text, origin) or []
    if not isinstance(entries, list):
        raise ValueError(f"{origin}: the themes are a YAML list")
    themes, seen = [], set()
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("terms"):
            raise ValueError(f"{origin}: theme {n} needs an 'id' and 'terms'")
        if entry["id"] in seen:
            raise ValueError(f"{origin}: theme id '{entry['id']}' is used twice")
        seen.add(entry["id"])
        themes.append(
            Theme(
                str(entry["id"]),
                str(entry.get("label") or entry["id"]),
                str(entry.get("description") or ""),
                tuple(str(t) for t in entry["terms"]),
            )
        )
    return tuple(themes)


def _term_words(term: str) -> list[str]:
    """A term split as spaCy's English tokenizer splits text ("de-escalation" -> de, -, escalation)."""
    return [t.text for t in _tokenizer()(term)]


@lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    return spacy.blank("en").tokenizer


class ThemeIndex:
    """Every term of every theme, indexed by its first word, for one pass over a document's tokens.

    A term word matches a token whose lemma or form is that word, case-insensitively.
    """

    def __init__(self, themes: tuple[Theme, ...] | None = None) -> None:
        """Index the terms of `themes` (those of the run in progress by default)."""
        themes = lexicons.active().themes if themes is None else themes
        self.by_first: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        for theme in themes:
            for term in theme.terms:
                words = tuple(w.lower() for w in _term_words(term))
                self.by_first.setdefault(words[0], []).append((words, theme.id, term))
        for entries in self.by_first.values():
            entries.sort(key=lambda e: -len(e[0]))  # longest first: "death toll" before "death"

    def rows(self, doc: Doc, doc_id: str) -> list[dict]:
        """One row per sentence, theme and term found in it, in text order.

        Within a theme a token belongs to one term only, the longest ("death toll", not also
        "death"; "sanctions", not also "sanction").

        Args:
            doc: A tagged document (lemmas and sentence boundaries set).
            doc_id: Its id, copied to every row.

        Returns:
            Rows for the `themes` table.
        """
        starts = [s.start for s in doc.sents]
        first_words = tokens_with(doc, "LOWER", self.by_first) | tokens_where(
            doc, "LEMMA", lambda lemma: lemma.lower() in self.by_first
        )
        taken: dict[str, int] = {}  # theme -> first token not yet covered by one of its terms
        rows, seen = [], set()
        for i in np.flatnonzero(first_words).tolist():  # the tokens a term may start at
            lemma, form = _lemma_and_form(doc[i])
            candidates = self.by_first.get(lemma, []) + (self.by_first.get(form, []) if form != lemma else [])
            for words, theme, term in sorted(candidates, key=lambda e: -len(e[0])):
                if taken.get(theme, 0) > i or i + len(words) > len(doc):
                    continue
                if all(w in _lemma_and_form(doc[i + k]) for k, w in enumerate(words)):
                    taken[theme] = i + len(words)
                    key = (bisect_right(starts, i) - 1, theme, term)
                    if key not in seen:
                        seen.add(key)
                        rows.append({"doc_id": doc_id, "sent_idx": key[0], "theme": theme, "term": term})
        return rows


def _lemma_and_form(token: Token) -> tuple[str, str]:
    """A token's lemma and form, in lower case: the words a term word may match."""
    return token.lemma_.lower(), token.lower_


def default_index() -> ThemeIndex:
    """The index of the themes of the run in progress (`kit.lexicons.active`), built once per lexicon."""
    return lexicons.active().theme_index


def theme_rows(doc: Doc, doc_id: str, *, index: ThemeIndex | None = None) -> list[dict]:
    """Rows of the `themes` table for one document (see `ThemeIndex.rows`)."""
    return (index or default_index()).rows(doc, doc_id)


def analyse(doc: Doc, ctx: DocContext) -> dict[str, list[dict]]:
    """Rows of the `themes` table for one document."""
    return {"themes": theme_rows(doc, ctx.doc_id)}
