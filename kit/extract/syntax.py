"""What the extractors share about English syntax: governing verbs, source phrases, noun phrases.

Quotes, figures, dates and events each ask the same questions of a dependency parse: which verb
a word hangs from, whose "according to X" a sentence carries, where the noun phrase a word heads
begins and ends. Each question is answered once here. The words they use (reporting verbs,
source phrases) are curated in `data/speech_cues.yaml`; see `kit.extract.quotes.Cues`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Dependency labels of a clause's subject.
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
#: Words a noun phrase may start with that are not part of the name ("the ministry").
DETERMINERS = frozenset({"the", "a", "an"})
#: Dependents of a proper noun that continue its name ("the Senate's deputy speaker Yevgeny Bushmin").
_NAME_PARTS = frozenset({"appos", "compound", "flat"})


def same_paragraph(earlier: Span, sent: Span) -> bool:
    """Whether no paragraph break lies between an earlier sentence and `sent`."""
    doc = sent.doc
    between = doc[max(earlier.start, earlier.end - 2) : min(len(doc), sent.start + 2)]
    return not any("\n" in t.text or "\n" in t.whitespace_ for t in between)


#: Prepositions of time: their objects are no arguments of the verb.
_WHEN = frozenset({"after", "before", "during", "since", "until"})


def governing_verb(node: Token) -> Token | None:
    """The verb whose subject or object `node` is, through "of" and conjunctions.

    "the number of refugees ... may climb" gives "climb" for "refugees"; "30 people killed and 41
    injured" gives "killed" for "41".

    Args:
        node: A noun or number token.

    Returns:
        The verb (or adjective, for "attr" and "oprd"), or None when `node` is no argument of one.
    """
    for _ in range(4):
        if node.dep_ == "conj":
            node = node.head
            continue
        if node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.head.pos_ in {"NOUN", "PROPN", "NUM"}:
            node = node.head.head
            continue
        break
    if node.dep_ in SUBJECTS | {"dobj", "attr", "oprd"} and node.head.pos_ in {"VERB", "AUX", "ADJ"}:
        return node.head
    if (
        node.dep_ == "pobj"
        and node.head.dep_ in {"agent", "prep"}
        and node.head.head.pos_ in {"VERB", "AUX"}
        and node.head.lower_ not in _WHEN  # not "died ... after dinner with two of his six children"
    ):
        return node.head.head
    return None


def clause_verb(doc: Doc, start_char: int, end_char: int) -> Token | None:
    """The verb of the clause a span of characters sits in (the nearest verb head within six steps).

    Args:
        doc: The parsed document.
        start_char: Where the span starts.
        end_char: Where it ends.

    Returns:
        The verb, the root of the sentence if no verb is that close, or None for an empty span.
    """
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or not len(span):
        return None
    token = span.root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    return token


def agent_of(verb: Token) -> Token | None:
    """The object of a passive verb's "by" ("was stated by Zelensky" -> Zelensky), if any."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None


def source_of_phrase(token: Token, phrases: Iterable[tuple[str, ...]]) -> Token | None:
    """The source named by a source phrase that starts at `token` ("according to X" gives X's head).

    Args:
        token: Where the phrase would start.
        phrases: Source phrases as lower-cased word tuples (`Cues.source_phrases`).

    Returns:
        The head of the source, or None when no phrase starts at `token` or it names no one.
    """
    doc = token.doc
    for phrase in phrases:
        if OWNER in phrase:
            owner = _owner_in_phrase(token, phrase)
            if owner is not None:
                return owner
            continue
        end = token.i + len(phrase)
        if end <= len(doc) and tuple(t.lower_ for t in doc[token.i : end]) == phrase:
            last = doc[end - 1]
            objects = [c for c in last.children if c.dep_ in ("pobj", "agent", "dobj")]
            if not objects and end < len(doc):
                objects = [c for c in last.head.children if c.dep_ == "pobj"] or [
                    t for t in doc[end : end + 6] if t.pos_ in ("PROPN", "NOUN")
                ][-1:]
            return objects[0] if objects else None
    return None


#: The slot of a source phrase that the source fills as the owner of the noun after it ("in * opinion").
OWNER = "*"


def _owner_in_phrase(token: Token, phrase: tuple[str, ...]) -> Token | None:
    """The owner of the noun of a source phrase with an owner slot that starts at `token`: "his"
    in "in his opinion", "minister" in "in the minister's view" (up to four words fill the slot)."""
    at = phrase.index(OWNER)
    doc = token.doc
    if tuple(t.lower_ for t in doc[token.i : token.i + at]) != phrase[:at]:
        return None
    rest = phrase[at + 1 :]
    for start in range(token.i + at + 1, min(token.i + at + 5, len(doc) - len(rest) + 1)):
        if tuple(t.lower_ for t in doc[start : start + len(rest)]) == rest:
            owners = [c for c in doc[start].children if c.dep_ == "poss" and c.i < start]
            return owners[0] if owners else None
    return None


def source_in(sent: Span, phrases: Iterable[tuple[str, ...]]) -> Token | None:
    """The source of the first source phrase in a sentence that names one ("..., according to the UN").

    Args:
        sent: The sentence.
        phrases: Source phrases as lower-cased word tuples (`Cues.source_phrases`).
    """
    phrases = tuple(phrases)
    starts = {phrase[0] for phrase in phrases}
    for token in sent:
        if token.lower_ in starts:
            source = source_of_phrase(token, phrases)
            if source is not None and source.i < sent.end:
                return source
    return None


def noun_phrase(token: Token) -> Span:
    """The noun phrase `token` heads, without determiners, relative clauses or trailing prepositions.

    "Ukrainian officials", "his ministry", "the Senate's deputy speaker Yevgeny Bushmin" (a proper
    name in apposition or compound after the head is kept).
    """
    doc = token.doc
    start = min([token.i] + [c.left_edge.i for c in token.lefts if c.dep_ not in {"punct", "cc"}])
    while start < token.i and (doc[start].lower_ in DETERMINERS or doc[start].is_punct):
        start += 1
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in _NAME_PARTS and child.pos_ == "PROPN" and child.left_edge.i == end:
            end = child.right_edge.i + 1
        else:
            break
    return doc[start:end]


__all__ = ["DETERMINERS", "SUBJECTS", "clause_verb", "governing_verb", "noun_phrase", "source_in", "source_of_phrase"]
