"""Numeric claims: counts of troops, the killed, wounded and displaced, and who makes each claim."""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import yaml

from .. import lexicons
from ..doc_text import text_of
from ..yamlfile import load_yaml
from .entities import tokens_where, tokens_with
from .quotes import quote_rows
from .syntax import SUBJECTS, agent_of, governing_verb, noun_phrase, same_paragraph, source_in

if TYPE_CHECKING:
    import pandas as pd
    from spacy.tokens import Doc, Span, Token

    from ..gazetteer import Gazetteer
    from .protocol import DocContext
    from .quotes import Cues

LEXICON_PATH = Path(__file__).parents[1] / "data" / "number_categories.yaml"
#: Categories a claim can have; `other` is any other count of people.
CATEGORIES = ("troops", "killed", "wounded", "displaced", "other")
#: Categories evaluated for precision (gold files list every one of these in the documents they cover).
CLAIM_CATEGORIES = ("troops", "killed", "wounded", "displaced")
VAGUE = "vague"

TABLES = {
    "numbers": pa.schema(
        [
            ("doc_id", pa.string()),
            ("start_char", pa.int64()),
            ("end_char", pa.int64()),
            ("text", pa.string()),
            ("value", pa.float64()),
            ("qualifier", pa.string()),
            ("category", pa.string()),
            ("scope", pa.string()),
            ("claimed_by", pa.string()),
            ("claimed_by_id", pa.string()),
            ("sentence", pa.string()),
            ("sent_idx", pa.int64()),
        ]
    ),
}

_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")
_NOMINAL = {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos"}  # "more than 10 wounded had been taken"
_CLAUSE_LINKS = {"ccomp", "xcomp", "parataxis", "conj"}
_POSSESSIVE_PRONOUNS = {"his", "her"}
_PERSONAL_PRONOUNS = {"he", "she"}
#: Words that are numbers whatever the lexicon says.
_SCALE_WORDS = {"dozen", "hundred", "thousand", "million", "billion"}


SCOPES = ("current", "historical", "other_conflict", "hypothetical")


def _terms_pattern(terms: Iterable[str], *, after_hyphen: bool = True) -> re.Pattern:
    """A case-insensitive pattern for whole words or phrases (a space matches any whitespace); with
    `after_hyphen` False, not as the second part of a hyphenated word ("neo-Nazis" names no era,
    where "pro-Russian" still names this war's side)."""
    alternatives = sorted((r"\s+".join(map(re.escape, str(t).split())) for t in terms), key=len, reverse=True)
    before = r"(?<!\w)" if after_hyphen else r"(?<![\w-])"
    return re.compile(before + r"(?:" + ("|".join(alternatives) or r"(?!)") + r")(?!\w)", re.IGNORECASE)


def _openers_pattern(openers: Iterable[str]) -> re.Pattern:
    """A pattern for a sentence that opens with one of `openers` set off by a comma or a dash
    ("In the past, ...", "In the past - and even ... -"; not "In the past week")."""
    alternatives = sorted((r"\s+".join(map(re.escape, str(t).split())) for t in openers), key=len, reverse=True)
    return re.compile(r"^\W*(?:" + ("|".join(alternatives) or r"(?!)") + r")\s*[,;:\u2013\u2014-]", re.IGNORECASE)


@dataclass(frozen=True)
class Scope:
    """The `scope:` section of the lexicon: what tells a figure's scope from its sentence."""

    historical: re.Pattern
    past_openers: re.Pattern
    since: int
    other_conflict: re.Pattern
    conflict_terms: re.Pattern
    modals: frozenset[str]
    potential_modals: frozenset[str]
    potential_verbs: frozenset[str]
    words: frozenset[str]

    @classmethod
    def from_config(cls, data: dict) -> Scope:
        return cls(
            historical=_terms_pattern(data.get("historical") or [], after_hyphen=False),
            past_openers=_openers_pattern(data.get("past_openers") or []),
            since=int(data.get("since") or 2014),
            other_conflict=_terms_pattern(data.get("other_conflict") or []),
            conflict_terms=_terms_pattern(data.get("conflict_terms") or []),
            modals=frozenset(str(w).lower() for w in data.get("modals") or []),
            potential_modals=frozenset(str(w).lower() for w in data.get("potential_modals") or []),
            potential_verbs=frozenset(str(w).lower() for w in data.get("potential_verbs") or []),
            words=frozenset(str(w).lower() for w in data.get("words") or []),
        )


_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


_SINCE = re.compile(r"\b(?:since|after|before)\s+(?:the\s+(?:end\s+of\s+(?:the\s+)?)?)?", re.IGNORECASE)


def _historical(text: str, scope: Scope) -> bool | None:
    """True if a sentence names an earlier era ("the Second World War", "the Nazis") or only years
    before `since`; False if it names a later year; None if it says neither. An era used as a yardstick
    ("the worst crisis since World War II", "since the Cold War ended", "since 1991") does not count."""
    yardsticks = [m.end() for m in _SINCE.finditer(text)]
    years = [(m.start(), int(m.group())) for m in _YEAR.finditer(text)]
    if any(y >= scope.since for _, y in years):
        return False
    if any(start not in yardsticks for start, _ in years):
        return True
    if any(m.start() not in yardsticks for m in scope.historical.finditer(text)):
        return True
    # "In the past, ..." sets a story in an earlier time, unless the sentence names this war
    return True if scope.past_openers.search(text) and not scope.conflict_terms.search(text) else None


_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
#: What dates a sentence in the present: "today", "now", "since February 24", "on 20 March".
_DAY = rf"(?:(?:{_MONTHS}) \d{{1,2}}(?!\d|,? \d{{4}})|\d{{1,2}} (?:{_MONTHS})(?!,? \d{{4}}))"
_NOW = re.compile(rf"\b(?:today|tonight|yesterday|now|this (?:morning|week|month|year)|{_DAY})\b", re.IGNORECASE)
#: A day of a month with no year: "since February 24", "on 20 March".
_DAY_NOW = re.compile(rf"\b{_DAY}\b", re.IGNORECASE)


def _continues_era(own: str, before: Sequence[str], scope: Scope) -> bool:
    """Whether a sentence that names no era of its own goes on from one the sentences before it name,
    the nearest first; a sentence in between dated in the present ("I signed a decree today."), or
    its own naming a day of this year, ends the era ("It withstood two world wars. ... 220 children
    have been killed since February 24"); its own "today" does not ("... having lost millions of
    people who fought for victory, have desecrated the memory of them today")."""
    if _DAY_NOW.search(own):
        return False
    for text in reversed(before):
        named = _historical(text, scope)
        if named is not None:
            return named
        if _NOW.search(text):
            return False
    return False


def scope_of(
    number: _Number,
    sent: Span,
    about_war: bool,
    lexicon: Lexicon,
    *,
    before: Sequence[str] = (),
    text: str | None = None,
) -> str:
    """What a figure is about: `historical`, `other_conflict`, `hypothetical` or `current`.

    Args:
        number: The figure.
        sent: Its sentence.
        about_war: Whether the document names this conflict's places or sides at all.
        lexicon: The cue words (`scope:` in `number_categories.yaml`).
        before: The sentences before it in its paragraph (`ERA_SENTENCES` at most): a sentence that
            says no year of its own continues the era they name ("... liberated the city from the
            Nazis. Up to 240 thousand soldiers died"), unless a year since 2014 or the present
            ("today", "since February 24") comes first, going back; one that names no place of
            either continues the other conflict the sentence right before it names, where neither they
            nor it name this war.
        text: The sentence's text with its counts of people masked (`_without_counts`), so that
            "1801 warriors" names no year; `sent.text` by default.
    """
    scope, text = lexicon.scope, sent.text if text is None else text
    own = _historical(text, scope)
    if own or own is None and _continues_era(text, before, scope):
        return "historical"
    if not about_war or (scope.other_conflict.search(text) and not scope.conflict_terms.search(text)):
        return "other_conflict"
    if (
        before
        and scope.other_conflict.search(before[-1])
        and not any(scope.conflict_terms.search(t) for t in [*before, text])
    ):  # "Since its independence, Tajikistan has fought terrorism. Our country went through a civil war that took ..."
        return "other_conflict"
    doc = sent.doc
    head = number.head(doc)
    anchor = head.head if head.dep_ in {"nummod", "quantmod", "compound"} else head  # "two million children"
    verb = governing_verb(anchor) or anchor.head
    for _ in range(3):  # the verb, and the verbs it hangs from ("could rise to ...", "would need ...")
        if any(c.dep_ in {"aux", "auxpass"} and c.lower_ in scope.modals for c in verb.children):
            return "hypothetical"
        if verb.lemma_.lower() in scope.potential_verbs and any(
            c.dep_ == "aux" and c.lower_ in scope.potential_modals for c in verb.children
        ):
            return "hypothetical"  # "a few shots can lead to millions of casualties"
        if verb.head.i == verb.i or verb.dep_ not in {"xcomp", "ccomp", "conj", "advcl", "relcl", "acl"}:
            break
        verb = verb.head
    if any(
        (t.lower_ in scope.words or t.lemma_.lower() in scope.words)
        and (t.pos_ != "VERB" or t.left_edge.i <= number.start <= t.right_edge.i)
        for t in doc[sent.start : number.start]
    ):  # a verb only over what it governs: not "the students who wanted to leave Kharkov, wounding two"
        return "hypothetical"
    if sent.text.rstrip().rstrip("\"”’'").endswith("?"):
        return "hypothetical"  # a question asserts no figure: "Hundreds of thousands of dead Russians?"
    return "current"


@dataclass(frozen=True)
class Lexicon:
    """The cue words of `number_categories.yaml`, as sets for fast lookup."""

    nouns: dict[str, frozenset[str]]
    verbs: dict[str, frozenset[str]]
    aggregate_nouns: frozenset[str]
    joining_verbs: frozenset[str]
    lives_nouns: frozenset[str]
    losing_verbs: frozenset[str]
    saving_verbs: frozenset[str]
    troop_modifiers: frozenset[str]
    place_verbs: frozenset[str]
    place_nouns: frozenset[str]
    list_entries: frozenset[str]
    list_nouns: frozenset[str]
    qualifiers: tuple[tuple[str, ...], ...]  # longest first
    vague: dict[tuple[str, ...], float]
    number_words: dict[str, float]
    multipliers: dict[str, float]
    label_words: frozenset[str]
    excluded_entities: frozenset[str]
    time_words: frozenset[str]
    excluded_after: frozenset[str]
    excluded_before: frozenset[str]
    reporting_verbs: frozenset[str]
    object_reporting_verbs: frozenset[str]
    source_phrases: tuple[tuple[str, ...], ...]
    scope: Scope = field(default_factory=lambda: Scope.from_config({}))

    @functools.cached_property
    def vague_by_first(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """The vague amounts ("dozens", "tens of thousands") by first word, longest first."""
        index: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(self.vague, key=len, reverse=True):
            index.setdefault(phrase[0], []).append(phrase)
        return {word: tuple(phrases) for word, phrases in index.items()}


def load_lexicon(path: str | Path | None = None, *, cues: Cues | None = None) -> Lexicon:
    """Read the numbers lexicon.

    Args:
        path: A YAML file shaped like the kit's `data/number_categories.yaml` (the default).
        cues: The speech cues whose reporting verbs and source phrases attribute a figure (those
            of the run in progress by default).

    Returns:
        The lexicon.

    Raises:
        ValueError: If a category is missing or unknown.
    """
    path = Path(path or LEXICON_PATH)
    return parse_lexicon(path.read_text(encoding="utf-8"), origin=str(path), cues=cues)


def parse_lexicon(text: str, *, origin: str = "number categories", cues: Cues | None = None) -> Lexicon:
    """The numbers lexicon in the text of a `number_categories.yaml`.

    A figure's claimant is the subject of a reporting verb or the source of a source phrase. Both
    lists are the speech cues' (`speech_cues.yaml`), so quotes and figures agree on who says what;
    `claim_verbs` adds the verbs that attribute a figure but not words ("the UN estimates ...").

    Args:
        text: The YAML text.
        origin: Where it came from, for error messages.
        cues: The speech cues (those of the run in progress by default).

    Raises:
        ValueError: If a category is missing or unknown.
    """
    cues = cues or lexicons.active().cues
    data = load_yaml(text, origin)
    if not isinstance(data, dict) or not isinstance(data.get("categories"), dict):
        raise ValueError(f"{origin}: the numbers lexicon needs a 'categories' mapping")
    categories = data["categories"]
    if set(categories) != set(CATEGORIES):
        raise ValueError(f"number categories must be exactly {', '.join(CATEGORIES)}; got {', '.join(categories)}")

    def words(items: Iterable | None) -> frozenset[str]:
        return frozenset(str(w).lower() for w in items or [])

    def phrases(items: Iterable | None) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted((tuple(str(p).lower().split()) for p in items or []), key=len, reverse=True))

    return Lexicon(
        nouns={c: words(categories[c].get("nouns")) for c in CATEGORIES},
        verbs={c: words(categories[c].get("verbs")) for c in CATEGORIES},
        aggregate_nouns=words(data.get("aggregate_nouns")),
        joining_verbs=words(data.get("joining_verbs")),
        lives_nouns=words(data.get("lives_nouns")),
        losing_verbs=words(data.get("losing_verbs")),
        saving_verbs=words(data.get("saving_verbs")),
        troop_modifiers=words(data.get("troop_modifiers")),
        place_verbs=words(data.get("place_verbs")),
        place_nouns=words(data.get("place_nouns")),
        list_entries=words(data.get("list_entries")),
        list_nouns=words(data.get("list_nouns")),
        qualifiers=phrases(data.get("qualifiers")),
        vague={tuple(str(k).lower().split()): float(v) for k, v in (data.get("vague") or {}).items()},
        number_words={str(k).lower(): float(v) for k, v in (data.get("number_words") or {}).items()},
        multipliers={str(k).lower(): float(v) for k, v in (data.get("multipliers") or {}).items()},
        label_words=words(data.get("label_words")),
        excluded_entities=frozenset(data.get("excluded_entities") or []),
        time_words=words(data.get("time_words")),
        excluded_after=words(data.get("excluded_after")),
        excluded_before=words(data.get("excluded_before")),
        reporting_verbs=cues.reporting_verbs | words(data.get("claim_verbs")),
        object_reporting_verbs=words(data.get("object_reporting_verbs")),
        source_phrases=tuple(sorted(cues.source_phrases, key=len, reverse=True)),
        scope=Scope.from_config(data.get("scope") or {}),
    )


# --- reading numbers --------------------------------------------------------------------------


def parse_number(words: Iterable[str], *, lexicon: Lexicon | None = None) -> float | None:
    """The value of a written number.

    Args:
        words: Its tokens: digits ("13,000", "1.4"), number words ("two", "hundred") or both
            ("1.4 million", "Two hundred", "twenty - five").

    Returns:
        The value, or None if a token is not part of a number.
    """
    lexicon = lexicon or lexicons.active().numbers
    total, current, seen = 0.0, 0.0, False
    for word in words:
        w = word.lower()
        if w in {"-", "a", "and"}:
            continue
        if w == "half":  # "four and a half thousand"
            current += 0.5
            seen = True
            continue
        if _DIGITS.match(w):
            current += float(w.replace(",", ""))
        elif w in lexicon.number_words:
            current += lexicon.number_words[w]
        elif w in lexicon.multipliers:
            factor = lexicon.multipliers[w]
            if factor < 1000:
                current = (current or 1.0) * factor
            else:
                total += (current or 1.0) * factor
                current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def _is_number_token(token: Token, lexicon: Lexicon) -> bool:
    w = token.lower_
    return (
        (bool(_DIGITS.match(w)) and token.tag_ in {"CD", "NN", "NNS", "JJ"})
        or w in lexicon.number_words
        or w in lexicon.multipliers
        and token.like_num
        or w in _SCALE_WORDS
    )


def number_starts(doc: Doc, *, lexicon: Lexicon | None = None) -> list[int]:
    """Indices of the tokens of a document that a number or vague amount may start at, in order.

    These are the lexicon's number words and the tokens shaped like digits ("dd,ddd", "d.d"): every
    token that `_is_number_token` accepts or a vague amount starts with, and few others.
    """
    lexicon = lexicon or lexicons.active().numbers
    words = tokens_with(
        doc, "LOWER", [*lexicon.vague_by_first, *lexicon.number_words, *lexicon.multipliers, *_SCALE_WORDS]
    )
    digits = tokens_where(doc, "SHAPE", lambda shape: set(shape) <= {"d", ",", "."})
    return np.flatnonzero(words | digits).tolist()


@dataclass
class _Number:
    start: int  # token index of the number's first word
    end: int  # one past its last word
    value: float
    vague: bool = False
    ranged: bool = False

    def head(self, doc: Doc) -> Token:
        """The token of the number that attaches it to the rest of the sentence."""
        inside = range(self.start, self.end)
        for i in reversed(inside):
            if doc[i].head.i not in inside or doc[i].head.i == i:
                return doc[i]
        return doc[self.end - 1]


def find_numbers(sent: Span, *, lexicon: Lexicon | None = None, starts: Sequence[int] | None = None) -> list[_Number]:
    """Numbers in a sentence that could count something: not dates, times, percentages, money or labels.

    Args:
        sent: The sentence.
        lexicon: Cue words; the kit's own by default.
        starts: The document's `number_starts`, if known; otherwise every token of the sentence is tried.

    Returns:
        The numbers, in order.
    """
    lexicon = lexicon or lexicons.active().numbers
    doc, found, i = sent.doc, [], sent.start
    starts = range(sent.start, sent.end) if starts is None else starts
    while True:
        n = bisect_left(starts, i)  # skip to the next token a number may start at
        if n == len(starts) or starts[n] >= sent.end:
            break
        i = starts[n]
        vague = next(
            (
                p
                for p in lexicon.vague_by_first.get(doc[i].lower_, ())
                if tuple(t.lower_ for t in doc[i : i + len(p)]) == p
            ),
            None,
        )
        if vague is not None and i + len(vague) <= sent.end:
            found.append(_Number(i, i + len(vague), lexicon.vague[vague], vague=True))
            i += len(vague)
            continue
        if not _is_number_token(doc[i], lexicon) or _in_excluded_entity(doc, i, lexicon):
            i += 1
            continue
        j = i + 1
        between = i > sent.start and doc[i - 1].lower_ == "between"
        while j < sent.end and (
            _is_number_token(doc[j], lexicon)
            or _and_a_half(doc, j, sent.end)
            or (  # "two hundred and forty-three", "a thousand and fifty"
                doc[j].lower_ == "and"
                and not between
                and doc[j - 1].lower_ in ("hundred", "thousand")
                and j + 1 < sent.end
                and doc[j + 1].lower_ in lexicon.number_words
            )
            or (
                doc[j].text == "-"
                and not doc[j].whitespace_
                and not doc[j - 1].whitespace_
                and j + 1 < sent.end
                and doc[j + 1].lower_ in lexicon.number_words
            )
        ):
            j += 1
        value = parse_number([t.text for t in doc[i:j]], lexicon=lexicon)
        end = j
        ranged = False
        changes = i > sent.start and doc[i - 1].lower_ == "from" and doc[j].lower_ == "to"  # "from 800 to 1,600"
        if (
            not changes
            and j + 1 < sent.end
            and (
                doc[j].text in {"-", "–", "to"}
                or doc[j].lower_ == "and"
                and i > sent.start
                and doc[i - 1].lower_ == "between"
            )
            and _is_number_token(doc[j + 1], lexicon)
        ):
            k = j + 1
            while k < sent.end and _is_number_token(doc[k], lexicon):
                k += 1
            if parse_number([t.text for t in doc[j + 1 : k]], lexicon=lexicon) is not None:
                end, ranged = k, True
        start = i
        if (  # "half a million people": the half is written before the number's first word
            value is not None
            and i - 2 >= sent.start
            and doc[i - 2].lower_ == "half"
            and doc[i - 1].lower_ == "a"
            and all(t.lower_ in lexicon.multipliers for t in doc[i:j])
        ):
            start, value = i - 2, value / 2
        if value is not None and not _excluded(doc, start, end, lexicon):
            found.append(_Number(start, end, value, ranged=ranged))
        i = end
    return found


def _and_a_half(doc: Doc, j: int, end: int) -> bool:
    """Whether token `j` is part of "and a half" inside a number ("four and a half thousand")."""
    words = [t.lower_ for t in doc[max(0, j - 2) : min(end, j + 3)]]
    here = min(j, 2)  # where token j is in `words`
    return any(words[s : s + 3] == ["and", "a", "half"] and s <= here < s + 3 for s in range(len(words)))


def _in_excluded_entity(doc: Doc, i: int, lexicon: Lexicon) -> bool:
    """Whether token `i` is in an entity that never counts people (a date, money, a percentage).

    A DATE or TIME with no digit and none of the lexicon's `time_words` is a misreading ("Four and
    a half thousand Russian soldiers"), not a date; only the part of the entity between
    punctuation marks around the number counts ("in four days - sixteen children").
    """
    label = doc[i].ent_type_
    if label not in lexicon.excluded_entities:
        return False
    if label not in {"DATE", "TIME"}:
        return True
    if (
        doc[i].text.isdigit()
        and i + 1 < len(doc)
        and (i == 0 or doc[i - 1].pos_ != "ADP")  # "in 1801 soldiers were few" is a year
        and doc[i + 1].tag_ in ("NNS", "NNPS")
        and _is_person(doc[i + 1], lexicon)
        and doc[i + 1].ent_type_ != label
    ):
        return False  # "1801 warriors of the National Guard": a count of people the model took for a year
    start = i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    # Only the part of the entity between punctuation holds the number ("four days - sixteen
    # Ukrainian children": the model's one date is two phrases).
    for j in range(i - 1, start - 1, -1):
        if doc[j].is_punct:
            start = j + 1
            break
    for j in range(i + 1, end):
        if doc[j].is_punct:
            end = j
            break
    return any(
        t.like_num
        and any(c.isdigit() for c in t.text)
        or t.lemma_.lower() in lexicon.time_words
        or t.lower_ in lexicon.time_words
        for t in doc[start:end]
    )


def _excluded(doc: Doc, start: int, end: int, lexicon: Lexicon) -> bool:
    """Whether a number is a label ("resolution 2202"), a percentage, money or a year."""
    if start > 0 and (doc[start - 1].lower_ in lexicon.label_words or doc[start - 1].lower_ in lexicon.excluded_before):
        return True
    if end < len(doc) and doc[end].lower_ in lexicon.excluded_after:
        return True
    if (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].lower_ not in lexicon.number_words
        and doc[end + 1].lower_ != "strong"  # "a 190,000-strong force" counts troops (`_strength_of`)
    ):
        return True  # "a 57-member organisation", "a 200-strong rally": part of an adjective

    if any(_in_excluded_entity(doc, i, lexicon) for i in range(start, end)):
        return True
    text = doc[start:end].text
    return bool(re.fullmatch(r"(19|20)\d\d", text))


def qualifier_of(
    doc: Doc, number: _Number, sent_start: int, *, lexicon: Lexicon | None = None
) -> tuple[str | None, int]:
    """The qualifier before a number ("more than", "some") and the token index where it starts."""
    lexicon = lexicon or lexicons.active().numbers
    end = number.start
    if (
        end > sent_start
        and doc[end - 1].lower_ in {"a", "an"}
        and not (
            end > sent_start + 1
            and (doc[end - 2].lower_, doc[end - 1].lower_) in {p for p in lexicon.qualifiers if len(p) == 2}
        )
    ):
        end -= 1
    for phrase in lexicon.qualifiers:
        start = end - len(phrase)
        if start >= sent_start and tuple(t.lower_ for t in doc[start:end]) == phrase:
            return " ".join(phrase), start
    if number.vague:
        return VAGUE, number.start
    if number.ranged:
        return "between", number.start
    return None, number.start


# --- what a number counts ---------------------------------------------------------------------


def _strength_of(number: _Number, doc: Doc) -> Token | None:
    """The body a number gives the strength of ("a 190,000-strong force": force; "our contingent is
    nearly 500-strong": contingent), or None when the number is not written "N-strong"."""
    if number.end + 1 >= len(doc) or doc[number.end].text != "-" or doc[number.end + 1].lower_ != "strong":
        return None
    strong = doc[number.end + 1]
    if strong.dep_ == "amod" and strong.head.pos_ in ("NOUN", "PROPN"):
        return strong.head
    if strong.dep_ == "acomp":
        return next((c for c in strong.head.children if c.dep_ == "nsubj"), None)
    return None


def _counted_noun(head: Token, number: _Number) -> Token | None:
    """The noun a number counts: "27 Ukrainian servicemen", "thousands of Ukrainians", "seven dead"."""
    if (
        head.dep_ in {"nummod", "quantmod", "amod", "compound", "advmod", "det"}
        and (head.head.pos_ in {"NOUN", "PROPN", "ADJ", "PRON"} or head.head.dep_ in _NOMINAL)
        and not (number.start <= head.head.i < number.end)
    ):
        # a number after its noun labels it ("Half-Life 2", "Windows 95"): a count comes first
        return head.head if head.head.i > head.i else None
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ in {"NOUN", "PROPN", "PRON", "ADJ"}:  # "hundreds of wounded"
                    return obj
    return None


def _alternative_noun(number: _Number, doc: Doc, lexicon: Lexicon) -> Token | None:
    """The noun of a larger amount offered right after a number that counts none: "lost hundreds of
    millions, if not billions of dollars", "thousands, or even millions of people"."""
    after = [t for t in doc[number.end : min(number.end + 8, doc[number.start].sent.end)] if not t.is_punct]
    words = [t.lower_ for t in after]
    skip = 2 if words[:2] in (["if", "not"], ["or", "even"]) else 1 if words[:1] == ["or"] else 0
    rest = after[skip:]
    if skip and len(rest) >= 3 and _is_number_token(rest[0], lexicon) and rest[1].lower_ == "of":
        return rest[2] if rest[2].pos_ in {"NOUN", "PROPN"} else None
    return None


def _cue(token: Token | None, kind: str, lexicon: Lexicon, categories: Iterable[str]) -> str | None:
    if token is None:
        return None
    table = lexicon.nouns if kind == "nouns" else lexicon.verbs
    for category in categories:
        if token.lower_ in table[category] or token.lemma_.lower() in table[category]:
            return category
    return None


_EVENTS = ("killed", "wounded")


def _loses_something_else(verb: Token, anchor: Token, noun: Token | None, lexicon: Lexicon) -> bool:
    """Whether "lose" has an object other than the people counted or their lives ("lost their
    homes"), who are then those who lost it, not the dead ("Russia lost 27 soldiers" counts the
    soldiers, "12 soldiers who lost their lives" the dead)."""
    counted = {anchor.i} | ({noun.i} if noun is not None else set())
    return any(
        c.dep_ == "dobj"
        and c.i not in counted
        and anchor not in c.subtree
        and c.lemma_.lower() not in lexicon.lives_nouns
        and c.lower_ not in lexicon.lives_nouns
        for c in verb.children
    )


def _is_person(noun: Token | None, lexicon: Lexicon) -> bool:
    if noun is None:
        return False
    if noun.ent_type_ == "NORP" and noun.tag_ in {"NNPS", "NNS"}:
        return True
    return any(_cue(noun, "nouns", lexicon, [c]) for c in ("troops", "displaced", "other"))


def _antecedent(pronoun: Token, lexicon: Lexicon) -> Token | None:
    """The people "of them" counts: the last noun of people in the 40 tokens before it, in its paragraph."""
    doc = pronoun.doc
    for token in reversed(doc[max(0, pronoun.i - 40) : pronoun.i]):
        if "\n" in token.text:
            return None
        if token.pos_ == "NOUN" and _is_person(token, lexicon):
            return token
    return None


def _does_harm(anchor: Token, verb: Token, lexicon: Lexicon) -> bool:
    """Whether the people counted are the active subject of a verb of harm with an object or a
    target ("Twenty gunmen killed three soldiers", "Twelve gunmen shot at the police"), not those
    harmed ("ten soldiers died", "ten soldiers lost their lives")."""
    if anchor.dep_ != "nsubj" or anchor.head.i != verb.i:
        return False
    return any(
        c.dep_ == "dobj" and c.lemma_.lower() not in lexicon.lives_nouns or c.dep_ == "prep" and c.lower_ == "at"
        for c in verb.children
    )


def _killed_beside(verb: Token, anchor: Token, lexicon: Lexicon) -> bool:
    """Whether a word on a verb of harm says the people died ("shot dead", "shot and killed")."""
    return any(
        c.dep_ in {"conj", "oprd", "acomp", "xcomp", "advcl", "advmod"}
        and c.i != anchor.i
        and _cue(c, "verbs", lexicon, ["killed"]) is not None
        for c in verb.children
    )


def categorise(number: _Number, doc: Doc, *, lexicon: Lexicon | None = None) -> tuple[str | None, Token | None]:
    """The category of a number and the noun it counts, or `(None, noun)` if it counts no people."""
    lexicon = lexicon or lexicons.active().numbers
    head = number.head(doc)
    strong = _strength_of(number, doc)  # "a 190,000-strong force", "our contingent is 500-strong"
    if strong is not None:
        return ("troops" if _cue(strong, "nouns", lexicon, ["troops"]) else None), strong
    noun = _counted_noun(head, number)
    if noun is None:
        noun = _alternative_noun(number, doc, lexicon)  # "hundreds of millions, if not billions of dollars"
    if noun is not None and noun.pos_ == "PRON" and head.dep_ in {"appos", "conj"}:
        noun = head.head  # "194 servicemen, 44 of them posthumously": 44 of the servicemen
    antecedent = None  # "194 servicemen were awarded state awards. 44 of them posthumously."
    if noun is not None and noun.lower_ in ("them", "those") and noun.head.lower_ == "of":
        antecedent = _antecedent(noun, lexicon)
    who = antecedent or noun  # who is counted; the cues are still read around the number itself
    if antecedent is not None and noun is not None:  # "to five of them, unfortunately, posthumously"
        after = doc[noun.i + 1 : min(noun.i + 6, noun.sent.end)]
        if any(t.pos_ == "ADV" and _cue(t, "verbs", lexicon, ["killed"]) for t in after):
            return "killed", noun
    listed = _listed(noun, doc, lexicon)
    if listed is not None:  # "became longer by 24 surnames" of "the list of killed children"
        return listed, noun
    if (
        noun is not None
        and not _is_person(who, lexicon)
        and not _cue(noun, "nouns", lexicon, _EVENTS)
        and not (noun.lower_ == "those" and any(c.dep_ in ("relcl", "acl") for c in noun.children))
    ):  # "hundreds of thousands of those who are fighting" count people
        return None, noun
    anchor = noun if noun is not None else head
    if noun is not None and noun.lower_ in lexicon.lives_nouns and _saved(anchor, lexicon):
        return "other", noun  # "more than a hundred lives were saved": people who lived
    # 1. an event noun or participle on the number or its noun: "seven dead", "one soldier killed"
    for token in (
        noun,
        *(
            c
            for t in (noun, head)
            if t is not None
            for c in t.children
            if c.dep_ in {"amod", "acl", "relcl", "appos", "advmod"}
        ),
    ):
        category = _cue(token, "nouns", lexicon, _EVENTS) or (
            _cue(token, "verbs", lexicon, (*_EVENTS, "displaced")) if token is not None and token is not noun else None
        )  # "displaced millions": a participle on the number says what it counts
        if category == "killed" and token is not None and token.dep_ == "appos" and token.lower_ in lexicon.lives_nouns:
            category = None  # "half a million people, ordinary peaceful life": no one died
        if category == "killed" and token is not None and token.lemma_.lower() == "lose":
            category = None if _loses_something_else(token, head, noun, lexicon) else category  # "who lost their homes"
        if category:
            return category, noun
    if noun is not None and _described_by_clause(noun, lexicon, ("killed",)):
        return "killed", noun  # "220 children whose lives were taken"
    # "several dozen children with limb amputations", "40 people with gunshot wounds"
    for prep in noun.children if noun is not None else ():
        if prep.dep_ == "prep" and prep.lower_ == "with":
            for obj in prep.children:
                category = _cue(obj, "nouns", lexicon, ["wounded"]) if obj.dep_ == "pobj" else None
                if category:
                    return category, noun
    # 2. the noun it belongs to: "the loss of some 40 fighters", "a death toll of five"
    owner = anchor.head if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" else None
    owner = owner.head if owner is not None else None
    if owner is not None and number.start <= owner.i < number.end and head.dep_ == "pobj" and head.head.lower_ == "of":
        owner = head.head.head  # "the killing of tens of thousands of Poles": past the number's own "of"
    category = _cue(owner, "nouns", lexicon, _EVENTS + ("displaced",))
    if category and owner is not None and not _lives_lost(owner, governing_verb(owner), lexicon):
        category = None  # "the lives of 400 million people depend on grain": no one died
    if (
        category == "wounded"
        and owner is not None
        and any(c.dep_ == "amod" and _cue(c, "verbs", lexicon, ["killed"]) for c in owner.children)
    ):
        category = "killed"  # "the fatal shooting of two teenage girls"
    if category:
        return category, noun
    # 3. the verb: "killed 27 servicemen", "69 were wounded", "left dozens dead", "brings the toll to 61"
    verb = governing_verb(anchor)
    if verb is not None:
        category = _cue(verb, "verbs", lexicon, _EVENTS)
        if category and _does_harm(anchor, verb, lexicon):
            category = None  # "Twenty gunmen killed three soldiers": the twenty did it
        if category and verb.lemma_.lower() == "lose" and _loses_something_else(verb, anchor, noun, lexicon):
            category = None  # "Millions who have lost their homes", "40 families lost relatives": alive
        if category and category != "killed" and _killed_beside(verb, anchor, lexicon):
            category = "killed"  # "were shot dead", "were shot and killed": the worst cue counts
        if category:
            return category, noun
        for child in verb.children:
            if (
                child.dep_ == "conj"
                and child.pos_ == "VERB"
                and not any(g.dep_ in SUBJECTS | {"dobj"} for g in child.children)
            ):
                category = _cue(child, "verbs", lexicon, _EVENTS)  # "were shot and killed"
                if category:
                    return category, noun
            if (
                child.dep_ == "advmod"
                and _cue(child, "verbs", lexicon, ["displaced"])
                and (who is None or _is_person(who, lexicon))
                and not _cue(who, "nouns", lexicon, ["troops"])
            ):  # "5 million went abroad"
                return "displaced", noun
            if child.dep_ == "advmod" and child.i < verb.i and _cue(child, "verbs", lexicon, ["killed"]):
                return "killed", noun  # "three servicemen were posthumously awarded", not "..., 5 of them posthumously"
            if child.dep_ == "attr" and SUBJECTS & {anchor.dep_, head.dep_} and child.i not in (anchor.i, head.i):
                # "40,000 people are now refugees", "have become internally displaced persons",
                # "12,550 of them are servicemen"
                category = _cue(child, "nouns", lexicon, (*_EVENTS, "displaced", "troops")) or next(
                    (
                        found
                        for c in child.children
                        if c.dep_ in ("amod", "compound")
                        and (
                            found := _cue(c, "verbs", lexicon, ("displaced",))
                            or _cue(c, "nouns", lexicon, ("displaced",))
                        )
                    ),
                    None,
                )
                if category:
                    return category, noun
            if child.dep_ in {"oprd", "acomp", "xcomp", "advcl"} and child.i != anchor.i:
                category = _cue(child, "verbs", lexicon, _EVENTS) or next(
                    (  # "150,000 people are feared to be dead"
                        found
                        for g in child.children
                        if child.dep_ == "xcomp"
                        and g.dep_ in ("acomp", "attr")
                        and (found := _cue(g, "verbs", lexicon, _EVENTS) or _cue(g, "nouns", lexicon, _EVENTS))
                    ),
                    None,
                )
                if category:
                    return category, noun
                if (
                    child.dep_ == "xcomp"
                    and (
                        _cue(child, "verbs", lexicon, ["displaced"])
                        or any(o.dep_ == "dobj" and _cue(o, "nouns", lexicon, ["displaced"]) for o in child.children)
                    )
                    and not _cue(noun, "nouns", lexicon, ["troops"])
                ):  # "forced to flee", "forced hundreds of thousands of people to seek asylum"
                    return "displaced", noun
            if child.dep_ in SUBJECTS | {"dobj"} and child.i != anchor.i and not _is_number_token(child, lexicon):
                counted = child
                # "the number of refugees may climb to 2m", "the list of the dead includes nine people"
                if child.lemma_.lower() in lexicon.aggregate_nouns | lexicon.list_nouns:
                    counted = next(
                        (
                            o
                            for p in child.children
                            if p.dep_ == "prep" and p.lower_ == "of"
                            for o in p.children
                            if o.dep_ == "pobj"
                        ),
                        # "boosting troop numbers by 30,000"
                        next((c for c in child.children if c.dep_ == "compound"), child),
                    )
                category = _cue(counted, "nouns", lexicon, _EVENTS) or _described_by_clause(counted, lexicon, _EVENTS)
                if category and counted is not child and anchor.dep_ in ("pobj", "dobj", "attr"):
                    return category, noun  # "the number of killed enemy soldiers is approaching 14,000"
                if category and anchor.dep_ == "pobj" and _lives_lost(counted, verb, lexicon):
                    return category, noun
                # "expand the armed forces to 1.5 million", "4,000 have found shelter in Moldova"; where
                # the number stands in the clause ("thousands" of "thousands of residents") says so
                place = head if _owned_by_number(anchor, number) else anchor
                category = _cue(counted, "nouns", lexicon, ("displaced", "troops")) or _described_by_clause(
                    counted, lexicon, ("displaced",)
                )  # "the number of Ukrainians who traveled abroad by rail is about 500,000"
                # "4,000 have found shelter", "10,000 joined the army"; not "thousands believed the occupiers"
                as_subject = child.dep_ == "dobj" and place.dep_ in SUBJECTS
                if as_subject and category == "troops" and verb.lemma_.lower() not in lexicon.joining_verbs:
                    as_subject = False
                aggregate = counted is not child  # "the number of troops reached 150,000"
                if category and (place.dep_ in ("pobj", "attr") or as_subject or aggregate and place.dep_ == "dobj"):
                    return category, noun
    # 4. who is counted: "refugees", "troops", "military observers", "Ukrainians who have found
    # shelter", "those who are fighting"
    for category in ("displaced", "troops"):
        if _cue(who, "nouns", lexicon, [category]):
            return category, noun
    described = _described_by_clause(who, lexicon, ("displaced", "troops"), head) if who is not None else None
    if described is not None:
        return described, noun
    if (
        who is not None
        and _is_person(who, lexicon)
        and any(
            c.dep_ in ("amod", "compound") and c.lower_ in lexicon.troop_modifiers and not list(c.children)
            for c in who.children
        )
    ):  # "military observers", "90,000 U.S. service members" (not "civil service workers")
        return "troops", noun
    # the verb is of the people counted, not of a noun they belong to ("The presidents of four states arrived")
    verb_of_counted = (
        verb is not None and (who is None or _is_person(who, lexicon)) and not _owned(anchor, number, lexicon)
    )
    if verb_of_counted and _cue(verb, "verbs", lexicon, ["troops"]):
        return "troops", noun  # "300,000 were mobilised", "hundreds of thousands fight"
    if verb_of_counted and _cue(verb, "verbs", lexicon, ["displaced"]):
        return "displaced", noun  # "4,000 fled", "156 people arrived in Zaporizhzhia"
    if (
        verb_of_counted
        and verb is not None
        and verb.lemma_.lower() in lexicon.place_verbs
        and _from_a_place(verb, lexicon)
    ):
        return "displaced", noun  # "35,000 people have been rescued from Mariupol"
    if _is_person(who, lexicon):
        return "other", noun
    if owner is not None and owner.lower_ in lexicon.aggregate_nouns or anchor.lower_ in lexicon.aggregate_nouns:
        return "inherit", noun
    return None, noun


_PLACES = frozenset({"GPE", "LOC", "FAC"})


def _from_a_place(verb: Token, lexicon: Lexicon) -> bool:
    """Whether a verb says from or in which named place ("rescued from Mariupol", "in the Kyiv
    region"), or from a place `place_nouns` names ("from the areas of hostilities")."""
    return any(
        prep.dep_ == "prep"
        and prep.lower_ in ("from", "in")
        and (
            any(t.ent_type_ in _PLACES for t in prep.subtree)
            or prep.lower_ == "from"
            and any(c.dep_ == "pobj" and c.lemma_.lower() in lexicon.place_nouns for c in prep.children)
        )
        for prep in verb.children
    )


def _owned_by_number(anchor: Token, number: _Number) -> bool:
    """Whether the noun counted is the object of the number's own "of" ("thousands of residents")."""
    return anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and number.start <= anchor.head.head.i < number.end


def _owned(anchor: Token, number: _Number, lexicon: Lexicon) -> bool:
    """Whether the people counted belong to another noun, outside the number, which the verb is about:
    "the presidents of four states", "the families of 20 soldiers" (not "thousands of people", "the
    number of refugees")."""
    if anchor.dep_ != "pobj" or anchor.head.lower_ != "of":
        return False
    owner = anchor.head.head
    return not number.start <= owner.i < number.end and owner.lemma_.lower() not in lexicon.aggregate_nouns


def _listed(noun: Token | None, doc: Doc, lexicon: Lexicon) -> str | None:
    """The category of a list whose entries a number counts: what "the list of killed children" or
    "the list of the dead" holds, said in the number's sentence or the one before."""
    if noun is None or noun.lemma_.lower() not in lexicon.list_entries:
        return None
    sent = noun.sent
    start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    lists = [noun] + [t for t in doc[start : sent.end] if t.lemma_.lower() in lexicon.list_nouns]
    for token in lists:  # "660 more stories of wounded and killed children", "the list of the dead"
        for prep in token.children:
            if prep.dep_ != "prep" or prep.lower_ != "of":
                continue
            for listed in (c for c in prep.children if c.dep_ in ("pobj", "pcomp")):
                # "of killed children", "of children killed", "of the dead", "of wounded and killed children"
                words = [listed, *(c for c in listed.children if c.dep_ in ("amod", "acl", "relcl", "conj"))]
                found = {
                    category
                    for w in words
                    if (
                        category := _cue(w, "nouns", lexicon, _EVENTS)
                        or (
                            _cue(w, "verbs", lexicon, (*_EVENTS, "displaced"))
                            if w is not listed or listed.dep_ == "pcomp"
                            else None
                        )
                    )
                }
                if found:
                    return "killed" if "killed" in found else sorted(found)[0]  # the worst harm counts
    return None


def _saved(anchor: Token, lexicon: Lexicon) -> bool:
    """Whether the verb of a noun of lives keeps them (`saving_verbs`): "saved hundreds of lives"."""
    verb = governing_verb(anchor)
    return verb is not None and verb.lemma_.lower() in lexicon.saving_verbs


def _lives_lost(noun: Token, verb: Token | None, lexicon: Lexicon) -> bool:
    """False for "lives" that no verb loses or takes (`lives_nouns`, `losing_verbs`); True otherwise."""
    if noun.lower_ not in lexicon.lives_nouns:
        return True
    return verb is not None and verb.lemma_.lower() in lexicon.losing_verbs


def _described_by_clause(
    noun: Token, lexicon: Lexicon, categories: Sequence[str], number: Token | None = None
) -> str | None:
    """The category a relative clause or participle gives the people a noun names: "Ukrainians who
    traveled abroad" are displaced, "those killed" killed; also where the parser hung the clause on
    the `number` counting them ("millions of Ukrainians who have found shelter")."""
    if not _is_person(noun, lexicon) and noun.lower_ != "those":
        return None
    for clause in [*noun.children, *(number.children if number is not None and number is not noun else ())]:
        if clause.dep_ == "amod" and clause.tag_ == "VBN" and clause.i < noun.i and "killed" in categories:
            if _cue(clause, "verbs", lexicon, ["killed", "wounded"]):  # "the number of killed enemy soldiers"
                return _cue(clause, "verbs", lexicon, ["killed", "wounded"])
            continue
        if clause.dep_ not in ("relcl", "acl"):
            continue
        category = _cue(clause, "verbs", lexicon, categories)
        losing = category == "killed" and clause.lemma_.lower() == "lose"
        if losing and _loses_something_else(clause, noun, number, lexicon):
            category = None  # "millions who have lost their homes"
        if category:
            return category
        if (
            "killed" in categories
            and clause.lemma_.lower() in lexicon.losing_verbs
            and any(c.lemma_.lower() in lexicon.lives_nouns and c.dep_ in SUBJECTS for c in clause.children)
        ):  # "220 children whose lives were taken"
            return "killed"
        if "displaced" in categories and any(
            c.dep_ == "advmod"
            and _cue(c, "verbs", lexicon, ["displaced"])
            or c.dep_ == "dobj"
            and _cue(c, "nouns", lexicon, ["displaced"])  # "who have found shelter"
            or c.dep_ == "xcomp"
            and _cue(c, "verbs", lexicon, ["displaced"])  # "who were forced to flee their homes"
            or c.dep_ == "attr"
            and _cue(c, "nouns", lexicon, ["displaced"])  # "people in Ukraine who have become IDPs"
            for c in clause.children
        ):
            return "displaced"
    return None


# --- who claims it ----------------------------------------------------------------------------


def _attribution(anchor: Token, lexicon: Lexicon) -> Token | None:
    """The head of whoever is said to make the claim a token belongs to, if the sentence says."""
    node, link = anchor, anchor.dep_
    while node.head.i != node.i:
        parent = node.head
        lemma = parent.lemma_.lower()
        if parent.pos_ in {"VERB", "AUX"} and lemma in lexicon.reporting_verbs and link not in SUBJECTS:
            if link in _CLAUSE_LINKS or link == "dobj" and lemma in lexicon.object_reporting_verbs:
                for child in parent.children:
                    if child.dep_ in SUBJECTS and child.lower_ not in {"it", "there", "which", "that"}:
                        return child
                    if child.dep_ == "agent":
                        return agent_of(parent)
                if parent.dep_ == "pcomp" and parent.head.lower_ == "as":  # "quoted eyewitnesses as saying"
                    source = next((c for c in parent.head.head.children if c.dep_ == "dobj"), None)
                    if source is not None:
                        return source
        link = parent.dep_
        if (
            link == "relcl"
            and parent.head.dep_ == "pobj"
            and parent.head.head.dep_ == "prep"
            and any(c.lower_ == "that" and c.dep_ in {"mark", "advmod"} and c.i < parent.i for c in parent.children)
        ):
            parent, link = parent.head.head, "ccomp"  # "said at the time that ...", parsed as a relative clause
        node = parent
    return None


def _closing_attribution(anchor: Token, sent: Span, lexicon: Lexicon) -> Token | None:
    """The source of a sentence that ends ", X reported." after the claim, however the parser
    attached the verb ("... 3,000 miners have been evacuated ..., a local news portal CityNews
    reported on Sunday."): a reporting verb after a comma, with a subject of its own, and nothing
    after it but its own modifiers."""
    for verb in reversed(sent):
        if verb.i <= anchor.i or verb.pos_ not in {"VERB", "AUX"} or verb.lemma_.lower() not in lexicon.reporting_verbs:
            continue
        subject = next((c for c in verb.children if c.dep_ in SUBJECTS and c.i < verb.i), None)
        if subject is None or subject.lower_ in {"it", "there", "which", "that", "who"}:
            return None
        before = subject.left_edge.i - 1
        if before <= anchor.i or sent.doc[before].text != ",":
            return None
        after = [t for t in sent.doc[verb.i + 1 : sent.end] if not t.is_punct]
        if any(t.dep_ in ("ccomp", "dobj", "xcomp", "conj") and t.head.i == verb.i for t in after):
            return None
        return subject
    return None


@dataclass
class _Entities:
    """A document's entity rows, by the token they start and end at."""

    rows: list[dict]
    gazetteer: Gazetteer

    def in_span(self, span: Span, head: Token) -> dict | None:
        inside = [r for r in self.rows if r["start_char"] < span.end_char and r["end_char"] > span.start_char]
        if not inside:
            return None
        own = [r for r in inside if r["start_char"] <= head.idx < r["end_char"]]
        return (own or sorted(inside, key=lambda r: (r["entity_type"] != "person", not r["in_gazetteer"])))[0]

    def before(self, token: Token, types: set[str]) -> dict | None:
        earlier = [r for r in self.rows if r["end_char"] <= token.idx and r["entity_type"] in types]
        return earlier[-1] if earlier else None


def _office_of(person_id: str, gazetteer: Gazetteer, noun: Token, date) -> str | None:
    """The body a person's office belongs to ("his ministry" of a foreign minister), if in the gazetteer."""
    actor = gazetteer.actors.get(person_id)
    if actor is None or not actor.roles:
        return None
    roles = [r for r in actor.roles if r.held_on(date)]
    for role in roles or actor.roles[:1]:
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", role.title)} - {"minister", "of", "the"}
        for other in gazetteer.actors.values():
            if (
                other.type == "government"
                and other.country == actor.country
                and noun.lower_ in other.name.lower()
                and words & {w.lower() for w in re.findall(r"[A-Za-z]+", other.name)} - {noun.lower_}
            ):
                return other.id
    return None


def claimant(
    anchor: Token, sent: Span, entities: _Entities, *, date=None, lexicon: Lexicon | None = None
) -> tuple[str | None, str | None]:
    """Who makes the claim a number belongs to: `(text, entity id)`, or `(None, None)`.

    The subject of a reporting verb governing the number ("Kiev says Russia has amassed ..."),
    else the source of "according to X" in the same sentence. "his ministry" resolves to the
    ministry of the person named before it, through that person's role in the gazetteer.
    """
    lexicon = lexicon or lexicons.active().numbers
    head = (
        _attribution(anchor, lexicon)
        or source_in(sent, lexicon.source_phrases)
        or _closing_attribution(anchor, sent, lexicon)
    )
    if head is None:
        return None, None
    phrase = noun_phrase(head)
    row = entities.in_span(phrase, head)
    entity_id = row["entity_id"] if row else None
    if entity_id is None and head.lower_ in _PERSONAL_PRONOUNS:
        person = entities.before(head, {"person"})
        if person is not None:  # "He also noted that 40 servicemen have been killed": the person, by name
            return person["entity_name"], person["entity_id"]
        return phrase.text, None
    possessor = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in _POSSESSIVE_PRONOUNS), None)
    if entity_id is None and possessor is not None:
        person = entities.before(possessor, {"person"})
        if person is not None and person["in_gazetteer"]:
            entity_id = _office_of(person["entity_id"], entities.gazetteer, head, date)
    return phrase.text, entity_id


# --- the analysis -----------------------------------------------------------------------------


def claims(doc: Doc, ctx: DocContext, *, lexicon: Lexicon | None = None) -> list[dict]:
    """Every count of people in a document, with its category, qualifier and claimant.

    Args:
        doc: A tagged document.
        ctx: Its id, date and gazetteer.
        lexicon: Cue words; the kit's own by default.

    Returns:
        Rows for the `numbers` table.
    """
    lexicon = lexicon or lexicons.active().numbers
    entities = _Entities(ctx.entity_rows(doc), ctx.gazetteer)
    said = ("direct", "indirect")
    quotes = [q for q in quote_rows(doc, ctx) if q["kind"] in said and (q["speaker_id"] or q["speaker_name"])]
    direct = [q for q in quotes if q["kind"] == "direct"]
    rows: list[dict] = []
    previous: str | None = None  # the last category, for "a higher tally, of 38" in the next sentence
    starts = number_starts(doc, lexicon=lexicon)
    about_war: bool | None = None  # whether the text names this war at all, looked up at its first figure
    # the sentences before in the paragraph, with their texts less their counts, for the era a sentence continues
    context: list[tuple[Span, str]] = []
    era: list[Span] = []  # the sentence of the last historical figure, for the figures that go on from it
    counted: list[str | None] = []  # the lemma of the noun each row counts
    # the sentence, index and claimant of the last figure its own sentence attributed ("According to
    # the deputy head ..., almost 4 million people were evacuated"): the figures of the sentences that
    # go on with no source of their own ("More than 1.3 million people from Kyiv ... were evacuated")
    # are the same source's
    sourced: tuple[Span, int, str, str | None] | None = None
    for sent_idx, sent in enumerate(doc.sents):
        found = [
            (number, *categorise(number, doc, lexicon=lexicon))
            for number in find_numbers(sent, lexicon=lexicon, starts=starts)
        ]
        # a count of people is no year: "1801 warriors of the National Guard"
        text = _without_counts(sent, [number for number, category, _ in found if category is not None])
        # a sentence with no verb goes on from the one before it ("... die for Dunkirk and dozens of
        # other cities. At the cost of tens of millions of lives."): the era may be one sentence further back
        reach = ERA_SENTENCES if _has_verb(sent) else ERA_SENTENCES + 1
        context = [(s, t) for s, t in context if same_paragraph(s, sent)][-reach:]
        before = [t for _, t in context]
        context.append((sent, text))
        if rows and rows[-1]["sent_idx"] < sent_idx - 1:
            previous = None
        for number, category, noun in found:
            if category == "inherit":
                category = previous
            if category is None or category in ("other", "troops") and number.value == 1:
                continue  # "one woman said", "one of our defenders" mention a person; neither is a count
            previous = category
            if about_war is None:
                about_war = bool(lexicon.scope.conflict_terms.search(text_of(doc)))
            qualifier, start = qualifier_of(doc, number, sent.start, lexicon=lexicon)
            end = noun.i + 1 if noun is not None and number.end <= noun.i < number.end + 4 else number.end
            span = doc[start:end]
            claimed_by, claimed_by_id = claimant(number.head(doc), sent, entities, date=ctx.date, lexicon=lexicon)
            at = doc[number.start].idx
            own_source = claimed_by is not None
            # a figure an address, or a turn of a transcript, states is its speaker's
            voice = None if own_source else ctx.voice_at(doc, at)
            if (
                not own_source
                and voice is None
                and sourced is not None
                and category in CLAIM_CATEGORIES
                and sourced[1] >= sent_idx - 1
                and same_paragraph(sourced[0], sent)
                and _quoted_by(quotes, at)[0] is None
            ):
                claimed_by, claimed_by_id = sourced[2], sourced[3]
                sourced = (sent, sent_idx, claimed_by, claimed_by_id)
            if claimed_by_id is None:
                # A figure in someone's quoted words is theirs; in reported words, the mention that
                # attributes it ("the deputy head", "they", "the report") is whom the quote resolved.
                quoted = _quoted_by(quotes if claimed_by else direct, at)
                if quoted[0] is not None:
                    claimed_by, claimed_by_id = quoted
            if claimed_by is None and voice is not None:
                claimed_by, claimed_by_id = voice
            if own_source and claimed_by is not None and category in CLAIM_CATEGORIES:
                sourced = (sent, sent_idx, claimed_by, claimed_by_id)
            rows.append(
                {
                    "doc_id": ctx.doc_id,
                    "start_char": span.start_char,
                    "end_char": span.end_char,
                    "text": span.text,
                    "value": number.value,
                    "qualifier": qualifier,
                    "category": category,
                    "scope": _continued_era(
                        scope_of(number, sent, about_war, lexicon, before=before, text=text), sent, era, lexicon, text
                    ),
                    "claimed_by": claimed_by,
                    "claimed_by_id": claimed_by_id,
                    "sentence": sent.text.strip(),
                    "sent_idx": sent_idx,
                }
            )
            counted.append(noun.lemma_.lower() if noun is not None else None)
            if rows[-1]["scope"] == "historical":
                era[:] = [sent]
    _repeated_figures(rows, counted)
    return rows


#: The least value a figure repeated in a document must have to be taken for the same count.
REPEATED_AT_LEAST = 10


def _distinctive(row: dict) -> bool:
    """Whether a figure's value is unlikely to repeat by chance: exact (not "thousands"), at least
    `REPEATED_AT_LEAST`, and not a round hundred ("79", "144", "1,350"; not "20,000")."""
    value = row["value"]
    return row["qualifier"] != "vague" and value >= REPEATED_AT_LEAST and value % 100 != 0


#: Nouns that count groups of people, not the people a figure of harm counts ("79 families").
_GROUP_NOUNS = frozenset({"family", "household", "couple", "group", "team", "unit", "village", "community"})


def _repeated_figures(rows: list[dict], counted: list[str | None]) -> None:
    """A count of people with no category of harm ("79 children!") that repeats, in the same
    document, a value a figure of harm has ("79 children were killed") counts the same people, and
    takes its category, in place. Only a distinctive value counts (`_distinctive`: round and vague
    ones repeat by chance), a value two categories claim is left alone, and groups ("79 families")
    are not the people counted."""
    harmed: dict[float, set[str]] = {}
    for row in rows:
        if row["category"] in ("killed", "wounded", "displaced") and _distinctive(row):
            harmed.setdefault(row["value"], set()).add(row["category"])
    for row, noun in zip(rows, counted, strict=True):
        categories = harmed.get(row["value"], set()) if _distinctive(row) else set()
        if row["category"] == "other" and len(categories) == 1 and noun not in _GROUP_NOUNS:
            row["category"] = next(iter(categories))


def _without_counts(sent: Span, numbers: Sequence[_Number]) -> str:
    """A sentence's text with the numbers that count people masked, so that no count is read as a year."""
    chars = list(sent.text)
    for number in numbers:
        for token in sent.doc[number.start : number.end]:
            at = token.idx - sent.start_char
            chars[at : at + len(token.text)] = "#" * len(token.text)
    return "".join(chars)


def _has_verb(sent: Span) -> bool:
    """Whether a sentence has a verb at all ("At the cost of tens of millions of lives." has none)."""
    return any(t.pos_ in {"VERB", "AUX"} for t in sent)


def _continued_era(scope: str, sent: Span, era: list[Span], lexicon: Lexicon, text: str | None = None) -> str:
    """A figure that goes on from a historical one in its paragraph, within `ERA_SENTENCES`
    sentences, and names nothing of this war is historical too ("Where more than eight million
    Ukrainians died. And every fifth Ukrainian didn't return home. In total, the war claimed at
    least 50 million lives.")."""
    if scope != "current" or not era or not same_paragraph(era[0], sent):
        return scope
    between = sent.doc[era[0].end : sent.start]
    reach = ERA_SENTENCES if _has_verb(sent) else ERA_SENTENCES + 1
    if len(between) > 60 or sum(1 for t in between if t.is_sent_start) > reach:
        return scope
    text = sent.text if text is None else text
    if lexicon.scope.conflict_terms.search(text) or re.search(r"\b(?:19|20)\d\d\b", text):
        return scope
    if _DAY_NOW.search(text):
        return scope  # "... In total, the war claimed at least 50 million lives. Since February 24, 30 people died"
    return "historical"


#: How many sentences before a figure's sentence may set its era ("In 1943 ... The losses reached
#: 417 thousand. Up to 240 thousand died in the battles for Kyiv.").
ERA_SENTENCES = 2


def _quoted_by(quotes: list[dict], char: int) -> tuple[str | None, str | None]:
    """The speaker of the innermost quote or reported statement a character is in, `(name, actor id)`,
    or `(None, None)`."""
    holding = [q for q in quotes if q["start_char"] <= char < q["end_char"]]
    if not holding:
        return None, None
    quote = min(holding, key=lambda q: q["end_char"] - q["start_char"])
    return quote["speaker_name"] or quote["speaker_text"], quote["speaker_id"]


def analyse(doc: Doc, ctx: DocContext) -> dict[str, list[dict]]:
    """Rows of the `numbers` table for one document."""
    return {"numbers": claims(doc, ctx)}


# --- evaluation -------------------------------------------------------------------------------


def load_gold(path: str | Path) -> list[dict]:
    """Hand-labelled claims: a YAML list of `{corpus, doc_id, text, value, category, claimed_by}`."""
    items = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    for n, item in enumerate(items, start=1):
        missing = {"doc_id", "text", "value", "category"} - set(item)
        if missing:
            raise ValueError(f"{path}: item {n} lacks {', '.join(sorted(missing))}")
        if item["category"] not in CATEGORIES:
            raise ValueError(f"{path}: item {n} has unknown category {item['category']!r}")
    return items


def evaluate(gold: Iterable[dict] | pd.DataFrame, numbers: pd.DataFrame) -> dict:
    """Score extracted claims against the hand labels of `tests/eval/numbers.yaml`.

    The scoring is `kit.evaluation.score_numbers` (claimants compared as actors through the kit's
    gazetteer); `claimed_by_accuracy` counts only the items whose label names a claimant.

    Args:
        gold: Items as `load_gold` returns them (or a DataFrame of them).
        numbers: The `numbers` table (any documents; only those in `gold` are scored).

    Returns:
        `kit.evaluation.score_numbers`'s scores, with `n_matched` (items found) and
        `claimed_by_accuracy`.
    """
    from ..evaluation import ActorKeys, score_numbers
    from ..gazetteer import load_gazetteer

    items = gold.to_dict("records") if hasattr(gold, "to_dict") else list(gold)
    scores = score_numbers(items, numbers, ActorKeys(load_gazetteer()))
    return {**scores, "n_matched": scores["n_found"], "claimed_by_accuracy": scores["named_claimant_accuracy"]}
