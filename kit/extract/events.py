"""Events: who did what to whom, from the dependency parse, with verbs mapped to event classes."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from .. import lexicons
from ..yamlfile import load_yaml
from .entities import tokens_with
from .syntax import noun_phrase

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .protocol import DocContext

VERBS_PATH = Path(__file__).parents[1] / "data" / "event_verbs.yaml"

TABLES = {
    "events": pa.schema(
        [
            ("doc_id", pa.string()),
            ("sent_idx", pa.int64()),
            ("actor_id", pa.string()),
            ("actor_text", pa.string()),
            ("verb", pa.string()),
            ("event_class", pa.string()),
            ("target_id", pa.string()),
            ("target_text", pa.string()),
            ("sentence", pa.string()),
        ]
    ),
}

_ACTIVE_SUBJECTS = {"nsubj"}
_PASSIVE_SUBJECTS = {"nsubjpass"}
#: Prepositions whose object is the target of an event when the verb has no direct object.
_TARGET_PREPS = {"on", "against", "at", "to", "with", "into", "upon", "from", "for"}
_MODIFIERS = {"amod", "compound", "poss", "nmod"}
#: A statement's prepositional target is whom it is said to ("told to reporters"), never when.
_STATEMENT_PREPS = {"to"}
_WHEN = {"DATE", "TIME"}


def load_event_verbs(path: str | Path | None = None, *, reporting_verbs: Iterable[str] | None = None) -> dict[str, str]:
    """Read the verb -> event class map.

    Args:
        path: A YAML file of `class: [verb lemma, ...]` (the kit's `data/event_verbs.yaml` by default).
        reporting_verbs: Verbs that are statements unless the file puts them in another class (the
            speech cues' reporting verbs, `kit.extract.quotes.Cues.reporting_verbs`, by default).

    Returns:
        `{verb lemma or "lemma particle": event class}`.

    Raises:
        ValueError: If a verb is listed under two classes.
    """
    path = Path(path or VERBS_PATH)
    return parse_event_verbs(path.read_text(encoding="utf-8"), origin=str(path), reporting_verbs=reporting_verbs)


def parse_event_verbs(
    text: str, *, origin: str = "event verbs", reporting_verbs: Iterable[str] | None = None
) -> dict[str, str]:
    """The verb -> event class map in the text of an `event_verbs.yaml`.

    Every reporting verb of the speech cues that the file does not put in another class is a
    `statement`, so that quotes, figures and events share one list of verbs of saying.

    Args:
        text: The YAML text.
        origin: Where it came from, for error messages.
        reporting_verbs: The verbs of saying (the speech cues' of the run in progress by default).

    Raises:
        ValueError: If the text is not a mapping, or a verb is listed under two classes.
    """
    data = load_yaml(text, origin) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{origin}: the event verbs are a YAML mapping of class: [verbs]")
    verbs: dict[str, str] = {}
    for event_class, items in data.items():
        for verb in items or []:
            verb = " ".join(str(verb).lower().split())
            if verbs.setdefault(verb, event_class) != event_class:
                raise ValueError(f"{origin}: '{verb}' is listed under '{verbs[verb]}' and '{event_class}'")
    if reporting_verbs is None:
        reporting_verbs = lexicons.active().cues.reporting_verbs
    for verb in sorted(reporting_verbs):
        verbs.setdefault(verb, "statement")
    return verbs


class _Entities:
    """A document's entity rows, looked up by token."""

    def __init__(self, doc: Doc, rows: list[dict]) -> None:
        self.by_token: dict[int, dict] = {}
        for row in rows:
            span = doc.char_span(row["start_char"], row["end_char"], alignment_mode="expand")
            if span is not None:
                for token in span:
                    self.by_token.setdefault(token.i, row)

    def of(self, token: Token) -> dict | None:
        """The entity a noun phrase headed by `token` names ("Antony Blinken", "Russian troops")."""
        row = self.by_token.get(token.i)
        if row is not None:
            return row
        for child in token.children:
            if child.dep_ in _MODIFIERS and child.i in self.by_token:
                return self.by_token[child.i]
        return None


def _with_conjuncts(token: Token | None) -> list[Token]:
    if token is None:
        return []
    return [token] + [c for c in token.conjuncts if c.i > token.i and c.pos_ in {"NOUN", "PROPN", "PRON"}]


def _verb_key(verb: Token, verbs: dict[str, str]) -> tuple[str | None, Token | None]:
    """The event verb ("urge", "call on") and the preposition it takes with it, if any."""
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ in {"prt", "prep"} and f"{lemma} {child.lower_}" in verbs:
            return f"{lemma} {child.lower_}", child if child.dep_ == "prep" else None
    return (lemma, None) if lemma in verbs else (None, None)


def _arguments(verb: Token, particle: Token | None, event_class: str) -> tuple[Token | None, Token | None]:
    """The actor and target heads of a verb, passive voice undone ("X was shelled by Y": Y -> X)."""
    actor = target = None
    passive = False
    for child in verb.children:
        if child.dep_ in _ACTIVE_SUBJECTS:
            actor = child
        elif child.dep_ in _PASSIVE_SUBJECTS:
            target, passive = child, True
        elif child.dep_ == "agent":
            actor = next((g for g in child.children if g.dep_ == "pobj"), actor)
        elif child.dep_ == "dobj" and not passive:
            target = child
    if actor is None and verb.dep_ in {"conj", "xcomp"} and verb.head.pos_ in {"VERB", "AUX"}:
        actor = next((c for c in verb.head.children if c.dep_ in _ACTIVE_SUBJECTS), None)  # "X met Y and urged Z"
        if verb.dep_ == "xcomp":
            actor = next((c for c in verb.head.children if c.dep_ == "dobj"), actor)  # "urged Russia to withdraw"
    if target is None:
        allowed = _STATEMENT_PREPS if event_class == "statement" else _TARGET_PREPS
        preps = (
            [particle]
            if particle is not None
            else [c for c in verb.children if c.dep_ == "prep" and c.lower_ in allowed]
        )
        for prep in preps:
            target = next((g for g in prep.children if g.dep_ == "pobj" and g.ent_type_ not in _WHEN), None)
            if target is not None:
                break
    return actor, target


def event_rows(doc: Doc, doc_id: str, entities: list[dict], *, verbs: dict[str, str] | None = None) -> list[dict]:
    """Who did what to whom, where the actor or the target is a gazetteer entity.

    Args:
        doc: A tagged document.
        doc_id: Its id.
        entities: Its rows of the `entities` table (`kit.gazetteer.entity_rows`).
        verbs: Verb lemma -> event class; those of the run in progress by default (`kit.lexicons`).

    Returns:
        Rows for the `events` table.
    """
    verbs = lexicons.active().event_verbs if verbs is None else verbs
    found = _Entities(doc, entities)
    sents = list(doc.sents)
    starts = [s.start for s in sents]
    rows = []
    for verb in map(doc.__getitem__, np.flatnonzero(tokens_with(doc, "POS", ["VERB"])).tolist()):
        key, particle = _verb_key(verb, verbs)
        if key is None:
            continue
        actor, target = _arguments(verb, particle, verbs[key])
        sent_idx = bisect_right(starts, verb.i) - 1
        actors: list[Token | None] = [*_with_conjuncts(actor)] or [None]
        targets: list[Token | None] = [*_with_conjuncts(target)] or [None]
        for a in actors:
            for t in targets:
                a_row = found.of(a) if a is not None else None
                t_row = found.of(t) if t is not None else None
                if not ((a_row and a_row["in_gazetteer"]) or (t_row and t_row["in_gazetteer"])):
                    continue
                rows.append(
                    {
                        "doc_id": doc_id,
                        "sent_idx": sent_idx,
                        "actor_id": a_row["entity_id"] if a_row else None,
                        "actor_text": noun_phrase(a).text if a is not None else None,
                        "verb": key,
                        "event_class": verbs[key],
                        "target_id": t_row["entity_id"] if t_row else None,
                        "target_text": noun_phrase(t).text if t is not None else None,
                        "sentence": sents[sent_idx].text.strip(),
                    }
                )
    return rows


def analyse(doc: Doc, ctx: DocContext) -> dict[str, list[dict]]:
    """Rows of the `events` table for one document."""
    return {"events": event_rows(doc, ctx.doc_id, ctx.entity_rows(doc))}
