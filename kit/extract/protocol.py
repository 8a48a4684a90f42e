"""What an analysis is: a module of `kit.extract` with `TABLES` and `analyse(doc, ctx)`, and what it is given.

An analysis module declares `TABLES: dict[str, pyarrow.Schema]` (the tables it fills) and
`analyse(doc, ctx) -> {table: rows}`. Every such module of the package is registered, in name
order; no list to edit. `DocContext` is what an analysis knows about its document besides the
parse.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from ..doc_text import text_of
from ..gazetteer import Gazetteer, entity_rows

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .speech import Turn

#: Modules of the package run once over the whole corpus after reading it (every run, no spaCy),
#: not on each tagged document: they are not in the tagging fingerprint.
CORPUS_STEPS = ("actors", "stories")
#: The package whose modules are the analyses.
PACKAGE = __name__.rsplit(".", 1)[0]
PACKAGE_DIR = Path(__file__).parent

Analysis = Callable[["Doc", "DocContext"], dict[str, list[dict]]]


@dataclass
class DocContext:
    """What an analysis knows about the document it is given besides its `Doc`."""

    doc_id: str
    date: dt.date | None
    gazetteer: Gazetteer
    title: str | None = None
    outlet: str | None = None
    _entities: list[dict] | None = field(default=None, repr=False)
    _voice: tuple | None = field(default=None, repr=False)
    _shared: dict[str, Any] = field(default_factory=dict, repr=False)

    def shared(self, key: str, make: Callable[[], Any]) -> Any:
        """A result one analysis makes and another reads (`quotes` rows for the figures they
        contain), made once per document by whichever asks first: read it, do not change it."""
        if key not in self._shared:
            self._shared[key] = make()
        return self._shared[key]

    def entity_rows(self, doc: Doc) -> list[dict]:
        """The document's `entities` rows (`kit.gazetteer.entity_rows`), resolved once and shared by
        every analysis of the document: read them, do not change them."""
        if self._entities is None:
            self._entities = entity_rows(doc, self.gazetteer, self.doc_id)
        return self._entities

    def voice(self, doc: Doc) -> tuple[str, str | None] | None:
        """Whose words the whole text is, `(name, actor id)`, when its title says so
        ("Address by the President of Ukraine", "Statement by President Joe Biden on ..."), when
        it is the speech its title signs (`kit.extract.speech.signed_voice`), or when its first
        words say who "we" are (`kit.extract.speech.opening_voice`); else None."""
        if self._voice is None:
            from .speech import document_voice, opening_voice, signed_voice

            voice = document_voice(self.title, self.gazetteer, date=self.date)
            if voice is None:
                voice = signed_voice(self.title, text_of(doc), self.gazetteer, date=self.date)
            if voice is None:
                voice = opening_voice(text_of(doc), self.gazetteer, date=self.date)
            self._voice = (voice,)
        return self._voice[0]

    def turns(self, doc: Doc) -> list[Turn]:
        """The document's transcript turns (`kit.extract.speech.speaker_turns`), found once and shared."""
        from .speech import speaker_turns

        return self.shared(
            "speaker_turns",
            lambda: speaker_turns(doc, self.entity_rows(doc), self.gazetteer, voice=self.voice(doc), date=self.date),
        )

    def turn_at(self, doc: Doc, position: int) -> Turn | None:
        """The transcript turn a character is in (`kit.extract.speech.speaker_turns`), or None."""
        from .speech import turn_at

        return turn_at(self.turns(doc), position)

    def addressee_at(self, doc: Doc, position: int) -> tuple[str, str | None] | None:
        """Whom "you" addresses at a character of a transcript, `(name, actor id)`: in the turn of
        one of its two named speakers, the other ("Alexander Lukashenko: ... as you said" is said to
        Vladimir Putin); in a turn of no one ("Question: you said ..."), the one named speaker;
        else None (an address speaks to its audience, a meeting of three to any of them)."""
        turns = self.turns(doc)
        turn = self.turn_at(doc, position)
        if turn is None:
            return None
        people = {t.actor_id or t.name: (t.name, t.actor_id) for t in turns if t.name}
        others = [who for key, who in people.items() if key != (turn.actor_id or turn.name)]
        return others[0] if len(others) == 1 and (turn.name is None) == (len(people) == 1) else None

    def voice_at(self, doc: Doc, position: int) -> tuple[str, str | None] | None:
        """Whose words the text is at a character, `(name, actor id)`: the speaker of the
        transcript turn it is in (None in a turn of no one, "Question: ..."), else `voice()`."""
        turn = self.turn_at(doc, position)
        if turn is None:
            return self.voice(doc)
        return (turn.name, turn.actor_id) if turn.name else None


@cache
def modules() -> tuple[ModuleType, ...]:
    """The analysis modules: every module of `kit.extract` that has `TABLES` and `analyse`, by name."""
    found = []
    for info in sorted(pkgutil.iter_modules([str(PACKAGE_DIR)]), key=lambda m: m.name):
        module = importlib.import_module(f"{PACKAGE}.{info.name}")
        if hasattr(module, "TABLES") and callable(getattr(module, "analyse", None)):
            found.append(module)
    return tuple(found)


def names() -> tuple[str, ...]:
    """The analysis modules' names (`kit.extract.quotes`, ...)."""
    return tuple(module.__name__ for module in modules())


def analyses() -> list[Analysis]:
    """Every registered analysis function, in order."""
    return [module.analyse for module in modules()]


def tables() -> dict[str, pa.Schema]:
    """Every tagged table and its schema.

    Raises:
        ValueError: If two analyses declare the same table.
    """
    found: dict[str, pa.Schema] = {}
    for module in modules():
        for name, table_schema in module.TABLES.items():
            if name in found:
                raise ValueError(f"table '{name}' is declared by two analyses ({module.__name__})")
            found[name] = table_schema
    return found
