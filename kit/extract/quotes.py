"""Direct quotes, scare-quoted fragments and reported speech, each with its speaker resolved to an actor."""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from .. import lexicons
from ..doc_text import text_of
from ..gazetteer import clean_name, short_names
from ..yamlfile import load_yaml
from .entities import tokens_where, tokens_with
from .quote_marks import DOUBLE_MARKS, quote_spans
from .speech import role_holders
from .syntax import agent_of, same_paragraph, source_of_phrase

if TYPE_CHECKING:
    import pandas as pd
    from spacy.tokens import Doc, Span, Token

    from .protocol import DocContext

CUES_FILE = Path(__file__).parents[1] / "data" / "speech_cues.yaml"

TABLES = {
    "quotes": pa.schema(
        [
            ("doc_id", pa.string()),
            ("start_char", pa.int64()),
            ("end_char", pa.int64()),
            ("quote", pa.string()),
            ("kind", pa.string()),
            ("speaker_text", pa.string()),
            ("speaker_id", pa.string()),
            ("speaker_name", pa.string()),
            ("cue", pa.string()),
            ("sent_idx", pa.int64()),
        ]
    ),
}

KINDS = ("direct", "fragment", "indirect")


@dataclass(frozen=True)
class Gender:
    """What marks a person as a woman or a man (`gender` in `speech_cues.yaml`)."""

    name: str
    pronouns: frozenset[str]
    honorifics: frozenset[str]
    surname_endings: tuple[str, ...]


@dataclass(frozen=True)
class Cues:
    """The speech cues of `speech_cues.yaml`."""

    verbs: frozenset[str]
    object_speaker_verbs: frozenset[str]
    direct_only_verbs: frozenset[str]
    source_phrases: tuple[tuple[str, ...], ...]
    pronouns: frozenset[str]
    honorifics: frozenset[str]
    first_person: frozenset[str] = frozenset()
    second_person: frozenset[str] = frozenset()
    spokespeople: frozenset[str] = frozenset()
    bodies: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()
    person_roles: frozenset[str] = frozenset()
    person_nouns: frozenset[str] = frozenset()
    infinitive_verbs: frozenset[str] = frozenset()
    name_titles: frozenset[str] = frozenset()
    light_verbs: frozenset[str] = frozenset()
    report_nouns: frozenset[str] = frozenset()
    not_speakers: tuple[re.Pattern, ...] = ()
    object_content_verbs: frozenset[str] = frozenset()
    object_content_preps: dict[str, frozenset[str]] = field(default_factory=dict)
    voice_titles: tuple[re.Pattern, ...] = ()
    signed_titles: tuple[re.Pattern, ...] = ()
    voice_openings: tuple[re.Pattern, ...] = ()
    own_words: frozenset[str] = frozenset()
    genders: tuple[Gender, ...] = ()
    turn_words: frozenset[str] = frozenset()
    unnamed_turns: frozenset[str] = frozenset()
    readout_verbs: frozenset[str] = frozenset()
    joint_speakers: frozenset[str] = frozenset()
    turn_intros: tuple[re.Pattern, ...] = ()
    belief_verbs: frozenset[str] = frozenset()
    post_nominals: frozenset[str] = frozenset()
    state_voices: frozenset[str] = frozenset()
    public_bodies: frozenset[str] = frozenset()
    body_heads: frozenset[str] = frozenset()
    verb_phrases: tuple[tuple[str, str], ...] = ()
    channels: frozenset[str] = frozenset()

    @functools.cached_property
    def source_starts(self) -> frozenset[str]:
        """First words of the source phrases ("according" of "according to")."""
        return frozenset(p[0] for p in self.source_phrases)

    @functools.cached_property
    def titles(self) -> frozenset[str]:
        """Words written before a name that are a title: `honorifics`, `person_roles` and `name_titles`."""
        return self.honorifics | self.person_roles | self.name_titles

    @property
    def reporting_verbs(self) -> frozenset[str]:
        """Verbs that report what someone said in a clause or object: `verbs` less `direct_only_verbs`.

        Figures (`kit.extract.numbers`) and events (`kit.extract.events`) use this list too.
        """
        return self.verbs - self.direct_only_verbs


def can_be_speaker(text: str, *, cues: Cues | None = None) -> bool:
    """Whether a speaker's words can name one (not a pronoun alone, a URL, a time, a photo credit ...).

    Args:
        text: A speaker as written.
        cues: The speech cues (the kit's own by default); their `not_speakers` patterns decide.
    """
    cues = cues or _cues()
    words = text.lower().split()
    if words[:1] == ["the"]:
        words = words[1:]
    if words and all(w.strip(".") in cues.titles | cues.person_nouns for w in words):
        return False  # a bare title or noun of people that no name was found for ("Adviser", "the Deputy Head")
    return not any(p.search(text) for p in cues.not_speakers)


def load_cues(path: str | Path | None = None) -> Cues:
    """Read the speech cues.

    Args:
        path: A YAML file shaped like the kit's own `data/speech_cues.yaml` (the default).

    Returns:
        The cues, lower-cased.
    """
    path = Path(path or CUES_FILE)
    return parse_cues(path.read_text(encoding="utf-8"), origin=str(path))


def parse_cues(text: str, *, origin: str = "speech cues") -> Cues:
    """The speech cues in the text of a `speech_cues.yaml`.

    Args:
        text: The YAML text.
        origin: Where it came from, for error messages.

    Raises:
        ValueError: For a file that is not a mapping.
    """
    raw = load_yaml(text, origin) or {}
    if not isinstance(raw, dict):
        raise ValueError(f"{origin}: the speech cues are a YAML mapping of lists")

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in raw.get(key) or [])

    return Cues(
        verbs=words("verbs"),
        object_speaker_verbs=words("object_speaker_verbs"),
        direct_only_verbs=words("direct_only_verbs"),
        source_phrases=tuple(tuple(str(p).lower().split()) for p in raw.get("source_phrases") or []),
        pronouns=words("pronouns"),
        honorifics=words("honorifics"),
        first_person=words("first_person"),
        second_person=words("second_person"),
        spokespeople=words("spokespeople"),
        state_voices=words("state_voices"),
        public_bodies=words("public_bodies"),
        body_heads=words("body_heads"),
        verb_phrases=tuple(
            (words[0], words[1])
            for words in (str(p).lower().split() for p in raw.get("verb_phrases") or [])
            if len(words) == 2
        ),
        bodies=words("bodies"),
        documents=words("documents"),
        person_roles=words("person_roles"),
        person_nouns=words("person_nouns"),
        infinitive_verbs=words("infinitive_verbs"),
        name_titles=words("name_titles"),
        light_verbs=words("light_verbs"),
        report_nouns=words("report_nouns"),
        not_speakers=tuple(re.compile(str(p)) for p in raw.get("not_speakers") or []),
        object_content_verbs=frozenset(str(w).split()[0].lower() for w in raw.get("object_content_verbs") or []),
        object_content_preps=_preps(raw.get("object_content_verbs") or []),
        voice_titles=tuple(re.compile(str(p), re.IGNORECASE) for p in raw.get("voice_titles") or []),
        signed_titles=tuple(re.compile(str(p)) for p in raw.get("signed_titles") or []),
        voice_openings=tuple(re.compile(str(p), re.IGNORECASE) for p in raw.get("voice_openings") or []),
        own_words=words("own_words"),
        turn_words=words("turn_words"),
        unnamed_turns=words("unnamed_turns"),
        readout_verbs=words("readout_verbs"),
        joint_speakers=words("joint_speakers"),
        turn_intros=tuple(re.compile(str(p)) for p in raw.get("turn_intros") or []),
        belief_verbs=words("belief_verbs"),
        post_nominals=words("post_nominals"),
        channels=words("channels"),
        genders=tuple(
            Gender(
                str(name),
                frozenset(str(w).lower() for w in entry.get("pronouns") or []),
                frozenset(str(w).lower() for w in entry.get("honorifics") or []),
                tuple(str(w).lower() for w in entry.get("surname_endings") or []),
            )
            for name, entry in (raw.get("gender") or {}).items()
            if isinstance(entry, dict)
        ),
    )


def _preps(entries: list) -> dict[str, frozenset[str]]:
    """`call (for, on)` -> {"call": {"for", "on"}}: verbs that report only with these prepositions."""
    out: dict[str, frozenset[str]] = {}
    for entry in entries:
        match = re.fullmatch(r"\s*(\S+)\s*\(([^)]*)\)\s*", str(entry))
        if match:
            out[match.group(1).lower()] = frozenset(w.strip().lower() for w in match.group(2).split(",") if w.strip())
    return out


def _cues() -> Cues:
    """The speech cues of the run in progress (`kit.lexicons.active`)."""
    return lexicons.active().cues


# --- document analysis ---------------------------------------------------------------------


@dataclass
class _Candidate:
    """A quote or reported statement found in the text, before its speaker is resolved."""

    start: int
    end: int
    kind: str
    cue: Token | None = None
    cue_text: str | None = None
    speaker: Token | None = None  # the head token of the speaker phrase
    speaker_span: Span | None = None
    first_sent: int = 0
    last_sent: int = 0
    nested: bool = False  # a quote inside a quote


@dataclass
class _Speaker:
    """A resolved speaker."""

    text: str | None
    id: str | None
    name: str | None
    person: bool = False


@dataclass
class _Memory:
    """What the article has said so far about who is who, in reading order."""

    speakers: list[tuple[int, _Speaker]] = field(default_factory=list)  # (position, speaker)
    titles: list[tuple[int, frozenset[str], _Speaker]] = field(default_factory=list)  # descriptions of actors
    genders: dict[str, str | None] = field(default_factory=dict)  # person's name -> `_gender`
    bodies: list[tuple[int, _Speaker]] = field(default_factory=list)  # organisations, reports as subjects: "it"
    # offices the gazetteer gives people of an undated article, which may be long past: read only
    # where no title the article gives anyone matches ("The prime minister" is the Stephen Harper
    # of "Prime Minister Stephen Harper", not the gazetteer's Prime Minister Putin of 2008-2012)
    past_roles: list[tuple[int, frozenset[str], _Speaker]] = field(default_factory=list)
    host: str | None = None  # the person the text is about: its first sentence's subject
    # where people no one can name spoke ("Strelkov's former colleagues say"): a later "they" is them
    groups: list[int] = field(default_factory=list)


def analyse(doc: Doc, ctx: DocContext) -> dict[str, list[dict]]:
    """Quotes, fragments and reported speech of one document, with their speakers.

    Kinds: `direct` is a quoted clause or sentence(s); `fragment` a quoted phrase without a clause
    of its own (scare quotes, partial quotes); `indirect` the clause reported by a speech verb
    ("Kiev says Russia has amassed ...") or sourced by "according to". The speaker is the
    subject of the cue verb (the object of "according to" or "quoted X as saying"); pronouns take
    the latest speaker or main-clause person subject before them; descriptions ("the Kremlin
    spokesman") take the person the article introduced with them or, failing that, the one
    gazetteer actor whose role cues they match on the document's date. An unnamed spokesperson
    ("a State Department spokesman", then "the spokesman") gets the id of the organisation named
    in the description and the description as `speaker_name`. A quote with no cue right after a
    quoted one keeps that speaker ("...," he said. "...").

    Args:
        doc: The tagged document (parser and entities needed).
        ctx: Its id, date and the gazetteer.

    Returns:
        Rows for the `quotes` table, in text order.
    """
    return {"quotes": quote_rows(doc, ctx)}


def quote_rows(doc: Doc, ctx: DocContext) -> list[dict]:
    """The `quotes` rows of a document (see `analyse`), made once per document and shared."""
    return ctx.shared("quotes", lambda: _quote_rows(doc, ctx))


def _quote_rows(doc: Doc, ctx: DocContext) -> list[dict]:
    text = text_of(doc)
    if not text.strip():
        return []
    sents = list(doc.sents)
    sent_starts = [s.start_char for s in sents]
    ents = ctx.entity_rows(doc)
    spans = quote_spans(text)
    quoted = [(s, e) for s, e, depth in spans if depth == 0]
    inside = _QuotedChars(quoted)

    found = (_quote_candidate(doc, text, s, e, inside, sent_starts) for s, e, depth in spans if depth == 0)
    candidates = [c for c in found if c is not None]
    candidates += _indirect_candidates(doc, text, inside, candidates, sent_starts)
    candidates += _nested_candidates(doc, text, spans, quoted, sent_starts)
    candidates.sort(key=lambda c: (c.start, c.end))

    host = _readout_host(doc, ents)
    memory = _Memory(host=host["entity_id"] if host else None)
    _remember_titles(doc, ents, ctx, memory, inside)
    rows: list[dict] = []
    previous_direct: tuple[_Candidate, _Speaker] | None = None
    previous_attributed: tuple[_Candidate, _Speaker] | None = None
    for cand in candidates:
        if cand.nested:  # a quote inside a quote: only a cue inside the outer quote says whose it is
            rows.append(
                _row(ctx, text, cand, _nested_speaker(cand, doc, ents, ctx, memory, previous_direct), sent_starts)
            )
            continue
        carried_from = -1  # where the quote whose speaker this one carries on starts
        if cand.speaker is not None:
            speaker = _resolve(cand, doc, ents, ctx, memory)
        elif (
            cand.kind == "direct"
            and previous_direct is not None
            and cand.first_sent - previous_direct[0].last_sent <= 2
            and not _someone_else_spoke_since(previous_direct, previous_attributed)
        ):
            speaker = previous_direct[1]  # a quote that goes on after its cue ("...," he said. "...")
            cand.cue_text = previous_direct[0].cue_text
            carried_from = previous_direct[0].start
        elif (
            cand.kind == "direct"
            and previous_attributed is not None
            and (previous_attributed[1].person or _named_body_just_before(cand, previous_attributed))
            and cand.first_sent - previous_attributed[0].last_sent <= 2
            and (_opens_paragraph(text, cand.start) or _opens_bare_sentence(doc, cand))
            and _nobody_else_between(ents, previous_attributed[0].end, cand.start, previous_attributed[1])
        ):
            # 'Lord Falconer said Scarman was one of the "great advocates of our generation".' then a
            # paragraph, or a sentence, that is only a quote: the same speaker goes on, also after a
            # sentence that names no one else ('The Chancellor stated clearly that ... The same
            # applies to bilateral summits. "This would and will impact ..."'); a body's right after
            # it ('In a statement, the Cabinet Office said it was reviewing the scheme. "Unions will
            # of course be consulted."')
            speaker = previous_attributed[1]
            cand.cue_text = previous_attributed[0].cue_text
            carried_from = previous_attributed[0].start
        else:
            speaker = _Speaker(None, None, None)
        if cand.speaker is None and cand.kind == "direct":
            # A quote with no cue of its own in a transcript turn is the turn's speaker's, unless
            # it goes on from a quote attributed in the same turn.
            turn = ctx.turn_at(doc, cand.start)
            if turn is not None and turn.name is not None and carried_from < turn.start:
                speaker = _Speaker(turn.label, turn.actor_id, turn.name, True)
        speaker = _speaker_or_no_one(speaker, ctx)
        if (speaker.id or speaker.name) and not speaker.person and _one_person(cand.speaker):
            # "A State Department spokesman said ... He added": one person, who speaks for the body
            speaker = _Speaker(speaker.text, speaker.id, speaker.name, True)
        if not (speaker.id or speaker.name) and cand.speaker is not None and cand.speaker.tag_ in ("NNS", "NNPS"):
            memory.groups.append(cand.start)
        if speaker.id or speaker.name:
            memory.speakers.append((cand.start, speaker))
            if cand.cue is not None and cand.cue.lemma_.lower() == "report":  # "CityNews reported ... The report said"
                memory.titles.append((cand.start, frozenset({"report"}), speaker))
        if cand.kind == "direct":
            previous_direct = (cand, speaker)
        if speaker.id or speaker.name:
            previous_attributed = (cand, speaker)
        rows.append(_row(ctx, text, cand, speaker, sent_starts))
    return rows


def _named_body_just_before(cand: _Candidate, previous: tuple[_Candidate, _Speaker]) -> bool:
    """Whether the last attributed statement is a body's, named (not "it"), in the sentence just
    before a quote that stands alone."""
    words = (previous[1].text or "").lower().split()
    return cand.first_sent - previous[0].last_sent <= 1 and bool(words) and words[-1] not in _cues().pronouns


def _row(ctx: DocContext, text: str, cand: _Candidate, speaker: _Speaker, sent_starts: list[int]) -> dict:
    """The `quotes` row of a candidate and its speaker."""
    return {
        "doc_id": ctx.doc_id,
        "start_char": cand.start,
        "end_char": cand.end,
        "quote": text[cand.start : cand.end],
        "kind": cand.kind,
        "speaker_text": speaker.text,
        "speaker_id": speaker.id,
        "speaker_name": speaker.name,
        "cue": cand.cue_text,
        "sent_idx": max(0, bisect.bisect_right(sent_starts, cand.start) - 1),
    }


def _nested_speaker(
    cand: _Candidate,
    doc: Doc,
    ents: list[dict],
    ctx: DocContext,
    memory: _Memory,
    outer: tuple[_Candidate, _Speaker] | None,
) -> _Speaker:
    """Whose a quote inside a quote is: the person its cue names ("Gordon Brown told him: ..."), the
    outer quote's speaker for "I" or "we" ("I told them: ..."), and no one for another pronoun ("They
    say: 'Here is another green corridor'": people the speaker does not name)."""
    head = cand.speaker
    if head is None:
        return _Speaker(None, None, None)
    if head.pos_ != "PRON":
        return _speaker_or_no_one(_resolve(cand, doc, ents, ctx, memory), ctx)
    if head.lower_ in _cues().first_person and outer is not None and outer[0].start <= cand.start <= outer[0].end:
        return _Speaker(head.text, outer[1].id, outer[1].name, outer[1].person)
    return _Speaker(head.text, None, None)


def _speaker_or_no_one(speaker: _Speaker, ctx: DocContext) -> _Speaker:
    """A resolved speaker, or no one where its name cannot be a speaker's (`can_be_speaker`): a
    gazetteer actor keeps its own name ("11:27 - EU foreign policy chief" is the EU)."""
    said_by = speaker.name or (speaker.id.split(":", 1)[-1] if speaker.id else "")
    if not said_by or can_be_speaker(said_by):
        return speaker
    if speaker.id is not None and speaker.id in ctx.gazetteer:
        return _Speaker(speaker.text, speaker.id, ctx.gazetteer[speaker.id].name, speaker.person)
    return _Speaker(speaker.text, None, None)  # furniture, a credit or a pronoun: no speaker


def _nested_candidates(
    doc: Doc, text: str, spans: list[tuple[int, int, int]], quoted: list[tuple[int, int]], sent_starts: list[int]
) -> list[_Candidate]:
    """Quotes of a whole clause inside a quote ('He said: "... Gordon Brown told him: 'There's nothing
    you could say to me ...'"'): their own rows, whose cue is the one before them inside the outer
    quote ("Gordon Brown told him"), or none; they are not the outer speaker's own words."""
    out = []
    for start, end, depth in spans:
        if depth != 1:
            continue
        outer = next(((s, e) for s, e in quoted if s <= start and end <= e), None)
        span = doc.char_span(start, end, alignment_mode="expand")
        if outer is None or span is None or not len(span) or _quote_kind(span) != "direct":
            continue
        first_sent = bisect.bisect_right(sent_starts, start) - 1
        last_sent = bisect.bisect_right(sent_starts, max(start, end - 1)) - 1
        cand = _Candidate(start, end, "direct", first_sent=first_sent, last_sent=last_sent, nested=True)
        window = [t for t in reversed(doc[: span.start]) if t.idx >= outer[0]][:12]
        cue = _cue_in(window, span)
        if cue is not None and cue[1].idx >= outer[0]:
            cand.cue, cand.speaker, cand.cue_text = cue
        out.append(cand)
    return out


class _QuotedChars:
    """Membership test for character offsets inside quoted spans."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]

    def overlap(self, start: int, end: int) -> int:
        """Characters of `[start, end)` inside quotes."""
        return sum(max(0, min(end, e) - max(start, s)) for s, e in self.spans if s < end and e > start)


def _is_cue(token: Token, direct: bool = True) -> bool:
    lemma = token.lemma_.lower()
    if lemma not in _cues().verbs and token.lower_ not in _cues().verbs and not _verb_phrase(token):
        return False
    if not direct and lemma in _cues().direct_only_verbs:
        return False
    return token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB") or token.dep_ in ("ROOT", "parataxis")


def _verb_phrase(token: Token) -> bool:
    """Whether a verb and a word just after it are one of `verb_phrases` ("making clear", "made it clear")."""
    lemma = token.lemma_.lower()
    return any(
        lemma == verb and any(t.lower_ == word for t in token.doc[token.i + 1 : token.i + 3])
        for verb, word in _cues().verb_phrases
    )


def _possible_cues(doc: Doc) -> list[int]:
    """Indices of the tokens that may be a speech cue or start a source phrase, found from the doc's arrays.

    These are the tokens whose form or lemma is a cue verb or whose form starts a source phrase: all
    that `_is_cue` or `_source_phrase` can accept, and few others.
    """
    verbs = _cues().verbs | _cues().object_content_verbs | _cues().light_verbs | {v for v, _ in _cues().verb_phrases}
    words = tokens_with(doc, "LOWER", verbs | _cues().source_starts) | tokens_where(
        doc, "LEMMA", lambda lemma: lemma.lower() in verbs
    )
    return np.flatnonzero(words).tolist()


#: First words of the source phrases that report a clause ("according to X, ...", "in his opinion, ..."),
#: not only a quote or a figure ("quoted by", "cited by").
_CLAUSE_SOURCES = frozenset({"according", "in"})


def _source_phrase(token: Token) -> Token | None:
    """The object of a source phrase starting at `token` ("according to X" -> X's head)."""
    if token.lower_ not in _cues().source_starts:
        return None
    return source_of_phrase(token, _cues().source_phrases)


def _without_title(doc: Doc, content: tuple[int, int], speaker: Token) -> tuple[int, int]:
    """Reported content before its speaker, less the speaker's title the parser joined to it as
    one more item of a list ("... NGOs and volunteers, Deputy Head of the Presidential Office
    Kyrylo Tymoshenko said")."""
    start = _phrase(speaker).start
    span = doc.char_span(content[0], content[1], alignment_mode="expand")
    if span is None or not len(span):
        return content
    commas = [t.i for t in span if t.text == ","]
    if not commas:
        return content
    run = doc[commas[-1] + 1 : start]
    if len(run) and run[0].is_title and all(t.pos_ in _TITLE_WORDS for t in run) and span.end <= start:
        end = doc[commas[-1] - 1]
        return content[0], end.idx + len(end.text)
    return content


#: Parts of speech of a title written before a name ("Deputy Head of the Presidential Office").
_TITLE_WORDS = frozenset({"PROPN", "ADP", "DET", "PART"})


def _source_end(cue: Token, obj: Token) -> int:
    """The index of the first token after a source phrase ("according to X"): the comma that
    closes X with its modifiers ("According to the head of the UN refugee agency, ..."), also
    past a name the parser ran on ("According to First Deputy Prime Minister and Minister of
    Economy of Ukraine Yulia Svyrydenko, ..."); else the end of X's own phrase, whatever the parser
    hung on it."""
    doc = cue.doc
    end = _phrase(obj).end
    last = max(cue.right_edge.i, obj.right_edge.i)
    j = end
    while j <= last and doc[j].text != "," and doc[j].pos_ in _SOURCE_WORDS:
        j += 1
    if j < len(doc) and doc[j].text == ",":  # the comma may close the phrase or be the last word on it
        return j
    return min(cue.right_edge.i + 1, end)


#: Parts of speech of the words that continue a source's phrase ("of the UN refugee agency").
_SOURCE_WORDS = frozenset({"PROPN", "NOUN", "ADJ", "NUM", "ADP", "CCONJ", "DET", "PART"})


def _someone_else_spoke_since(quote: tuple[_Candidate, _Speaker], latest: tuple[_Candidate, _Speaker] | None) -> bool:
    """Whether a statement of another speaker came after a quote ('She said: "..." Mr Hockney said
    the law worked the same way. "The Greater London Act is clear ..."': the last quote is his)."""
    return (
        latest is not None
        and latest[0].start > quote[0].start
        and (latest[1].id, latest[1].name) != (quote[1].id, quote[1].name)
    )


def _nobody_else_between(ents: list[dict], start: int, end: int, speaker: _Speaker) -> bool:
    """Whether no person but `speaker` is named between two characters ("Mr Blair went on to list
    his achievements." names Tony Blair again; "David Davis replied." names someone else)."""
    own = set(re.findall(r"\w+", (speaker.name or "").lower()))
    return all(
        e["label"] != "PERSON" or set(re.findall(r"\w+", str(e["entity_name"]).lower())) <= own
        for e in _ents_in(ents, start, end)
    )


def _one_person(head: Token | None) -> bool:
    """Whether a speaker phrase names one unnamed person ("a State Department spokesman", "a senior
    EU diplomat"), whom a later "he" or "she" may be, whatever body they speak for."""
    if head is None or head.tag_ != "NN":
        return False
    cues = _cues()
    return head.lemma_.lower() in _INDIVIDUALS | cues.person_nouns | cues.person_roles


def _quote_candidate(
    doc: Doc, text: str, start: int, end: int, inside: _QuotedChars, sent_starts: list[int]
) -> _Candidate | None:
    """A quoted span of `text` (the document's) as a `direct` or `fragment` candidate with its cue, if any."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    first_sent = bisect.bisect_right(sent_starts, start) - 1
    last_sent = bisect.bisect_right(sent_starts, max(start, end - 1)) - 1
    cand = _Candidate(start, end, _quote_kind(span), first_sent=first_sent, last_sent=last_sent)
    content = text[start:end].rstrip()
    after_first = content[-1:] in (",", "?", "!", "—", "-")
    fragment = cand.kind == "fragment"
    windows: tuple[list[Token], ...] = (
        _after_window(doc, span, inside),
        _before_window(doc, span, inside, skip_quotes=fragment),
    )
    if not after_first:
        windows = windows[::-1]
    if fragment:
        windows = (_governing_cues(span), *windows)
    for number, window in enumerate(windows):
        if (
            number == 1
            and not after_first
            and not fragment
            and content[-1:] in ".…"
            and cand.kind == "direct"
            and not _lower_cue_after(window)
        ):
            break  # a finished sentence is not attributed by the next sentence's verb
        found = _cue_in(window, span)
        if found is not None:
            cand.cue, cand.speaker, cand.cue_text = found
            if number == 0 and after_first and fragment and _opens_sentence(doc, span) and content[:1].isupper():
                cand.kind = "direct"  # '"Elections matter," Kelly said.': a sentence of speech, however short
            break
    if cand.speaker is not None and cand.speaker.pos_ == "PRON" and cand.cue is not None and cand.cue.i > span.start:
        # 'David Laws said: "The chancellor will ...," he said.': "he" is the one who announced it
        announced = _colon_cue(doc, span)
        if announced is not None and announced[1].pos_ != "PRON":
            cand.cue, cand.speaker, cand.cue_text = announced
    if cand.cue is not None and cand.cue.lemma_.lower() in _cues().belief_verbs and cand.cue.dep_ == "ccomp":
        outer = cand.cue.head  # 'Prystaiko said Ukraine believes "there is a chance ..."': his words
        speaker = _speaker_token(outer, span) if _is_cue(outer) else None
        if speaker is not None and speaker.pos_ != "PRON" or speaker is not None and speaker.lower_ in ("he", "she"):
            cand.cue, cand.speaker, cand.cue_text = outer, speaker, outer.text
    if cand.cue is None and cand.kind == "direct":
        found = _announcing_sentence(doc, span, inside) if _opens_sentence(doc, span) else None
        found = found or _colon_announcement(doc, span, inside) or _words_of(doc, span)
        if found is not None:
            cand.cue, cand.speaker, cand.cue_text = found
    return cand


def _words_of(doc: Doc, span: Span) -> tuple[Token, Token, str] | None:
    """The speaker a quote's next sentence names as the one whose words they are ('"... creates our
    mentality." These are the words of Mantas Kvedaravičius.')."""
    end = span.end
    while end < len(doc) and (doc[end].is_punct or doc[end].is_space or doc[end].is_quote):
        end += 1
    if end >= len(doc) or "\n" in text_of(doc)[span.end_char : doc[end].idx]:
        return None
    sent = doc[end].sent
    words = [t.lower_ for t in sent[:6]]
    if len(words) < 6 or words[0] not in ("these", "those", "such") or words[2:5] != ["the", "words", "of"]:
        return None
    speaker = next((c for c in sent[4].children if c.dep_ == "pobj"), None)
    return (sent[3], speaker, "words of") if speaker is not None else None


def _before_marks(doc: Doc, span: Span) -> int:
    """The index of the last token before a quote's opening marks and spaces (-1 for none)."""
    i = span.start - 1
    while i >= 0 and (doc[i].is_space or doc[i].is_quote or doc[i].text in DOUBLE_MARKS):
        i -= 1
    return i


def _colon_cue(doc: Doc, span: Span) -> tuple[Token, Token, str] | None:
    """The cue and speaker of "X said:" right before a quote's opening mark, in its sentence."""
    i = _before_marks(doc, span)
    if i < 1 or doc[i].text != ":" or doc[i].sent != doc[span.start].sent:
        return None
    return _cue_in(list(reversed(doc[doc[i].sent.start : i])), span)


def _colon_announcement(doc: Doc, span: Span, inside: _QuotedChars) -> tuple[Token, Token, str] | None:
    """The speaker of a quote that opens the paragraph after a colon ("Janet L. Yellen issued the
    following statement on ...:" then "“With Congress’s vote today ...”"): the subject of the
    verb of saying or issuing before the colon."""
    i = _before_marks(doc, span)
    if i < 0 or doc[i].text != ":" or "\n" not in text_of(doc)[doc[i].idx : span.start_char]:
        return None
    start = i
    while start > 0 and "\n" not in doc[start - 1].text and doc[start - 1].idx not in inside:
        start -= 1
    for verb in reversed(doc[start:i]):
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        if _issues_document(verb) or _is_cue(verb):
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                return verb, subject, verb.text
    return None


def _issues_document(verb: Token) -> bool:
    """Whether a verb's object is a text that speaks ("issued the following statement")."""
    return any(c.dep_ == "dobj" and c.lemma_.lower() in _cues().documents for c in verb.children)


def _opens_paragraph(text: str, start: int) -> bool:
    """Whether a quote starting at `start` (after its mark) opens its paragraph."""
    before = text[max(0, start - 3) : start].rstrip("\"“„«'‘ \t")
    return before == "" and start <= 3 or before.endswith("\n")


def _opens_bare_sentence(doc: Doc, cand: _Candidate) -> bool:
    """Whether a direct quote is a sentence of its own: it opens a sentence, and no cue or name is
    outside it in that sentence ('... said the Chancellor. "Consequently, we have agreed ..."')."""
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if span is None or not _opens_sentence(doc, span):
        return False
    sent = doc[span.start].sent
    after = doc[min(span.end, sent.end) : sent.end]
    return all(t.is_punct or t.is_space for t in after)


def _opens_sentence(doc: Doc, span: Span) -> bool:
    """Whether a quote opens its sentence (only its marks, or nothing, before it)."""
    sent = doc[span.start].sent
    return all(t.is_punct or t.is_space for t in doc[sent.start : span.start])


def _announcing_sentence(doc: Doc, span: Span, inside: _QuotedChars) -> tuple[Token, Token, str] | None:
    """The cue of the sentence just before a quote, in its paragraph, when that sentence only
    announces it ("Sam Lau said in a statement. “There are no paper ballots ...”"): its root is a
    cue verb with a subject and no clause or object of its own."""
    sent = doc[span.start].sent
    if sent.start == 0:
        return None
    before = doc[sent.start - 1].sent
    # "... issued the following statement:" (or "... statement on ...." ) then the quote's paragraph
    colon = before.text.rstrip().endswith(":") or any(
        t.lower_ == "following" and t.head.lemma_.lower() in _cues().documents for t in before
    )
    if ("\n" in text_of(doc)[before.end_char : span.start_char] and not colon) or any(t.idx in inside for t in before):
        return None
    root = before.root
    own = ("ccomp", "xcomp", "advcl", "conj") + (() if root.lemma_.lower() == "tell" else ("dobj",))
    issued = colon and _issues_document(root)
    if not issued and (not _is_cue(root) or any(c.dep_ in own for c in root.children)):  # "told reporters." announces
        return None
    speaker = _speaker_token(root, None)
    return (root, speaker, root.text) if speaker is not None else None


def _quote_kind(span: Span) -> str:
    """`direct` for a quoted clause or sentence, `fragment` for a quoted phrase."""
    words = [t for t in span if not t.is_punct and not t.is_space]
    if not words:
        return "fragment"
    text = span.text.strip()
    if re.search(r"[.!?…][\"'”’]?\s+\S", text):
        return "direct"  # more than one sentence
    root = span.root
    if root.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") and span.start <= c.i < span.end for c in root.children
    ):
        return "direct"
    return "fragment"


def _after_window(doc: Doc, span: Span, inside: _QuotedChars) -> list[Token]:
    """Tokens after a quote that may hold its cue: up to the next sentence end or quote."""
    out = []
    for t in doc[span.end : min(len(doc), span.end + 25)]:
        if t.idx in inside:
            break
        out.append(t)
        if (t.text in (".", "!", "?", ";") or "\n" in t.text) and not _title_stop(t):
            break
    return out


def _lower_cue_after(window: list[Token]) -> bool:
    """Whether the first word after a quote is a cue in lower case ('"... for the 2005 year." said
    Janco Partners analyst Martin Pyykkonen.'): the quote's own attribution, whatever its stop."""
    first = next((t for t in window if not (t.is_punct or t.is_space or t.is_quote)), None)
    return first is not None and first.text[:1].islower() and _is_cue(first)


def _title_stop(stop: Token) -> bool:
    """Whether a full stop ends an abbreviated title rather than a sentence ('"...," Lt.-Gen. Yvan
    Blondin said'): the word before it is made of titles and the next word is capitalised."""
    if stop.text != "." or stop.i == 0 or stop.i + 1 >= len(stop.doc) or not stop.doc[stop.i + 1].is_title:
        return False
    words = re.findall(r"[a-z]+", stop.doc[stop.i - 1].lower_)
    return bool(words) and all(w in _cues().titles for w in words)


def _before_window(doc: Doc, span: Span, inside: _QuotedChars, skip_quotes: bool = False) -> list[Token]:
    """Tokens before a quote in its sentence, nearest first, up to another quote (or past it)."""
    sent = doc[span.start].sent
    out = []
    for t in reversed(doc[sent.start : span.start]):
        if "\n" in t.text:
            break
        if t.idx in inside:
            if skip_quotes:
                continue
            break
        out.append(t)
    return out


def _governing_cues(span: Span) -> list[Token]:
    """The cue verbs a quoted phrase depends on ("urged Russia to “reduce”"), nearest first."""
    out, token = [], span.root
    for _ in range(6):
        if token.head == token:
            break
        token = token.head
        if not (span.start <= token.i < span.end) and _is_cue(token):
            out.append(token)
    return out


def _cue_in(window: list[Token], quote: Span) -> tuple[Token, Token, str] | None:
    """The first cue in a window of tokens and the head of its speaker phrase."""
    for t in window:
        obj = _source_phrase(t)
        if obj is not None and not (quote.start <= obj.i < quote.end):
            return t, obj, " ".join(x.text for x in t.doc[t.i : t.i + 2])
        if _is_cue(t):
            speaker = _speaker_token(t, quote)
            if speaker is not None:
                return t, speaker, t.text
    return None


def _speaker_token(cue: Token, quote: Span | None) -> Token | None:
    """The head token of the speaker of a cue verb: its subject, or the object of "quoted ... as"."""

    def usable(t: Token) -> bool:
        return quote is None or not (quote.start <= t.i < quote.end)

    if cue.dep_ == "pcomp" and cue.head.lower_ == "as" and cue.head.head.lemma_.lower() in _cues().object_speaker_verbs:
        # "Interfax quoted Peskov as saying ...", "Peskov was quoted by Interfax as saying ...": the
        # one quoted speaks, not the agency that quotes
        cue = cue.head.head
    if cue.lemma_.lower() == "ask" and cue.tag_ == "VBN" and not any(c.dep_.startswith("nsubj") for c in cue.children):
        return None  # "Asked about the talks, Kuleba said ...": a question put to him, not his words
    if cue.tag_ == "VBN" and _as_clause_head(cue) is not None:
        agent = _passive_agent(cue)  # "As noted by the President, the sanctions must be tougher"
        if agent is not None and usable(agent):
            return agent
    if cue.lemma_.lower() in _cues().object_speaker_verbs:
        for c in cue.children:
            if c.dep_ in ("dobj", "nsubjpass") and usable(c):
                return c
        after = [t for t in cue.doc[cue.i + 1 : cue.i + 12] if t.ent_type_ == "PERSON" and usable(t)]
        if after:
            return after[0]
    verb: Token = cue
    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and usable(c)] or [
            g  # "The Head of State is convinced that ...": a subject the parser hung on the auxiliary
            for a in verb.children
            if a.dep_ in ("aux", "auxpass") and a.i < verb.i
            for g in a.children
            if g.dep_ in ("nsubj", "nsubjpass") and usable(g)
        ]
        if subjects and verb is not cue and cue.tag_ == "VBG" and verb.dep_ == "ccomp" and _is_cue(verb.head):
            verb = verb.head  # "Pierce claimed the detention had driven them mad, saying ...": Pierce says it
            continue
        if len(subjects) > 1 and subjects[1].i == subjects[0].i + 1 and subjects[1].ent_type_:
            subjects = subjects[1:]  # "Russian state news agency TASS reported": two subjects, the name is who
        if subjects:
            return _past_participle_opening(subjects[0], cue) or subjects[0]
        if verb.dep_ in ("xcomp", "advcl", "conj", "pcomp", "acomp") and verb.head != verb:
            verb = verb.head  # "acomp": "The minister is convinced that ...", the subject of "is"
        else:
            break
    before = cue.i - 1
    while before >= 0 and cue.doc[before].pos_ in ("ADV", "AUX", "PART"):
        before -= 1
    if before >= 2 and cue.doc[before].text == "," and cue.doc[before - 1].ent_type_ == "PERSON":
        before -= 1  # "..., a former spokesman for the ministry, Oleg Voloshyn, said."
    if before >= 2 and cue.doc[before].text == ")":  # "..., the Office for National Statistics (ONS) said."
        opening = next((t.i for t in reversed(cue.doc[max(0, before - 4) : before]) if t.text == "("), None)
        before = opening - 1 if opening is not None else before
    if (
        before >= 0
        and cue.doc[before].pos_ == "PROPN"
        and cue.doc[before].ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children)
        and usable(cue.doc[before])
    ):
        start, end = _entity_bounds(cue.doc[before])
        # a name right before its verb that the parser attached elsewhere: the name's own head
        return cue.doc[start:end].root if end == before + 1 else cue.doc[before]
    if quote is None or cue.i < quote.start:
        return None
    after_quote = _name_after_quote(cue, quote)
    if after_quote is not None:
        return after_quote
    for c in cue.rights:  # inverted: "..., states the Kremlin spokesman."
        if (
            c.dep_ in ("dobj", "attr", "npadvmod", "dative", "oprd", "appos", "nsubj")
            and usable(c)
            and c.pos_ in ("PROPN", "NOUN", "PRON")
            and c.ent_type_ not in _WHEN_ENTS  # "... said by telephone this week."
        ):
            return c
    named = _name_closing_title(cue, usable)
    if named is not None:
        return named
    nxt = cue.doc[cue.i + 1 : cue.i + 8]
    for t in nxt:
        if (
            t.pos_ in ("PROPN", "NOUN")
            and usable(t)
            and cue.i + 1 < len(cue.doc)
            and cue.doc[cue.i + 1].pos_ in ("DET", "PROPN", "NOUN", "ADJ")
        ):
            return t.head if t.head.pos_ in ("PROPN", "NOUN") and t.head.i > t.i and t.head.i < cue.i + 8 else t
    return None


#: Entity types of a phrase of time, which is never who spoke.
_WHEN_ENTS = frozenset({"DATE", "TIME"})


def _name_after_quote(cue: Token, quote: Span) -> Token | None:
    """The person named right after a quote's closing mark whose cue comes later in the sentence
    ('"...," Mr. Daniloff, now 81 and retired in Cambridge, Mass., said'), however the parser hung
    the name: the last word of the name, when only an aside set off by commas lies between."""
    doc = cue.doc
    i = quote.end
    while i < cue.i and (doc[i].is_punct or doc[i].is_space):
        i += 1
    while i < cue.i and doc[i].ent_type_ != "PERSON" and doc[i].pos_ in ("PROPN", "NOUN", "ADJ", "DET"):
        i += 1  # a title before the name: "Mr.", "Deputy Foreign Minister"
    if i >= cue.i or doc[i].ent_type_ != "PERSON" or doc[i].ent_iob_ != "B":
        return None
    end = min(_entity_bounds(doc[i])[1], cue.i) - 1
    if end + 1 >= cue.i or doc[end + 1].text != "," or doc[cue.i - 1].text != ",":
        return None  # the name is not followed by an aside that closes right before the cue
    if any(t.pos_ == "VERB" and _is_cue(t) for t in doc[end + 1 : cue.i]):
        return None
    return doc[end]


#: Parts of speech of the words of a title ("Under Secretary of the Treasury for Terrorism and ...").
_TITLE_POS = frozenset({"PROPN", "NOUN", "ADJ", "ADP", "DET", "CCONJ", "PUNCT", "PART"})


def _past_participle_opening(subject: Token, cue: Token) -> Token | None:
    """The speaker after an opening clause the parser took for the subject ("Answering journalists'
    questions after a meeting with ... in Kyiv, the Ukrainian Head of State said"): the noun phrase
    between the last comma and the cue."""
    doc = cue.doc
    start = subject.left_edge.i
    if doc[start].tag_ != "VBG" or not (subject.i < cue.i):
        return None
    comma = next((i for i in range(cue.i - 1, subject.i, -1) if doc[i].text == ","), None)
    if comma is None:
        return None
    words = doc[comma + 1 : cue.i]
    if not words or not all(t.pos_ in ("DET", "ADJ", "NOUN", "PROPN", "ADP") for t in words):
        return None
    first = next((t for t in words if t.pos_ in ("NOUN", "PROPN")), None)
    while first is not None and first.dep_ == "compound" and comma < first.head.i < cue.i:
        first = first.head
    return first


def _name_closing_title(cue: Token, usable: Callable[[Token], bool]) -> Token | None:
    """The person named at the end of a title that follows a cue and ends the sentence ('"...,"
    said Under Secretary of the Treasury for Terrorism and Financial Intelligence Brian E. Nelson.'),
    however the parser attached the title (it may read "Under" as a preposition)."""
    doc, end = cue.doc, cue.sent.end
    names = [t for t in doc[cue.i + 1 : min(end, cue.i + 20)] if t.ent_type_ == "PERSON" and usable(t)]
    if not names:
        return None
    last = names[-1]
    if any(not (t.is_punct or t.is_space) for t in doc[last.i + 1 : end]):
        return None
    if all(t.pos_ in _TITLE_POS or t.ent_type_ == "PERSON" for t in doc[cue.i + 1 : last.i]):
        return last
    return None


def _closing_cue(cue: Token) -> tuple[int, int, Token] | None:
    """The sentence before ", X reported." or ", said X." when the parser hung the cue on it rather
    than the other way round: token offsets of the content and its root. The cue has a subject of
    its own after a comma and nothing after it but its own modifiers, or comes right after the
    comma with nothing after it but its speaker (`_inverted_speaker`)."""
    sent = cue.sent
    subject = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < cue.i), None)
    if subject is None:  # ", said the company's chief executive, John J. Ferriola."
        if (
            cue.tag_ not in ("VBD", "VBZ", "VBP")
            or cue.lemma_.lower() in _cues().object_content_verbs  # "..., stressed its readiness to ..."
            or _inverted_speaker(cue) is None
        ):
            return None
        comma = cue.i - 1
    elif subject.pos_ == "PRON" and subject.lower_ in ("it", "there", "which", "that", "who"):
        return None
    else:
        comma = subject.left_edge.i - 1
        if any(
            c.dep_ in ("ccomp", "dobj", "xcomp", "conj")
            and c.i > cue.i
            and not (c.dep_ == "dobj" and cue.lemma_.lower() == "tell")  # "..., Ash Carter told Congress."
            for c in cue.children
        ):
            return None
    if comma <= sent.start or cue.doc[comma].text != ",":
        return None
    if cue.head.i == cue.i or not (sent.start <= cue.head.i < comma):
        return None
    root = sent.root
    return (sent.start, comma, root) if root.i < comma else None


def _inverted_speaker(cue: Token) -> Token | None:
    """The speaker after a cue that closes its sentence after a comma ("This is a way of assuring
    ..., reported Chancellor Angela Merkel."), however the parser attached it: the noun phrase
    after the verb with nothing after it."""
    if cue.i == 0 or cue.doc[cue.i - 1].text != ",":
        return None
    for c in cue.rights:
        if (
            c.dep_ in ("dobj", "nsubj", "attr", "npadvmod", "appos", "dative")
            and c.pos_ in ("PROPN", "NOUN")
            and c.ent_type_ not in ("DATE", "TIME")  # ", reported Sunday."
        ):
            rest = [t for t in cue.doc[c.right_edge.i + 1 : cue.sent.end] if not (t.is_punct or t.is_space)]
            if not rest and all(t.i > cue.i for t in c.subtree):
                return c
    return None


def _indirect_candidates(
    doc: Doc, text: str, inside: _QuotedChars, quotes: list[_Candidate], sent_starts: list[int]
) -> list[_Candidate]:
    """Reported speech: a cue verb's clause ("Kiev says Russia has amassed ...") and "according to X"."""
    direct = [(c.start, c.end) for c in quotes if c.kind == "direct"]
    used_cues = {c.cue.i for c in quotes if c.cue is not None and c.kind == "direct"}

    def clashes(start: int, end: int) -> bool:
        """Content that is a direct quote, or only a quoted fragment ("called it 'predatory'"), is
        the quote's row; a clause that quotes part of itself ("that Rubio is 'weak like a baby'")
        is reported speech too."""
        return any(s < end and e > start for s, e in direct) or not _words_outside(text, start, end, inside)

    out = []
    for t in map(doc.__getitem__, _possible_cues(doc)):
        if t.idx in inside or any(c.dep_ == "neg" for c in t.children):
            continue  # "Macron had not mentioned that ...": what no one said is no one's speech
        if t.i in used_cues and not _that_clause(t):
            continue  # the cue of a direct quote, unless it also reports a clause of its own
            # ("Yermak noted that the position is clear: \"Ukraine did not start this war.\"")
        content: tuple[int, int] | None = None
        speaker: Token | None = None
        cue_text = t.text
        obj = _source_phrase(t)
        if obj is not None and t.lower_ in _CLAUSE_SOURCES:
            head = t.head
            if head.i == t.i:
                # The parser made "According" the root ("According to the deputy head of the
                # President's Office, during the war X evacuated ..."): what follows its comma.
                comma = _source_end(t, obj)
                if doc[comma].text != "," or comma + 1 >= t.sent.end:
                    continue
                head = doc[comma + 1]
                left, right = comma + 1, t.sent.end
            elif head.idx in inside:
                continue
            elif t.i > head.i:
                left, right = head.left_edge.i, t.left_edge.i
            else:  # the content starts after the source's own phrase, whatever the parser hung on it
                if head.head.i > head.i and (
                    head.dep_ == "advcl"
                    or head.dep_ == "ccomp"
                    and any(c.dep_ == "mark" and c.lower_ in _SUBORDINATORS for c in head.children)
                ):
                    head = head.head  # "According to X, after the memorandum failed, Ukraine is not ..."
                left, right = _source_end(t, obj), head.right_edge.i + 1
                if all(x.is_punct or x.is_space for x in doc[t.sent.start : t.i]) and doc[left].text == ",":
                    right = t.sent.end  # "According to him, today, thanks to ..., we managed to ...": all of it
                aside = _relative_aside_end(doc, left)
                if aside is not None:  # "According to S&P, which has upgraded Mexico's rating, the rise ..."
                    left, right, head = aside + 1, t.sent.end, doc[aside + 1]
            content = _trim(doc, text, left, right, head)
            # "according to", "in his opinion"
            speaker, cue_text = obj, "according to" if t.lower_ == "according" else doc[t.i : t.right_edge.i + 1].text
        elif _is_cue(t, direct=False) or t.lemma_.lower() in _cues().object_content_verbs:
            previous = None
            clause = _reported_clause(t) if _is_cue(t, direct=False) else None
            if clause is not None:
                content = _trim(doc, text, _clause_start(t, clause), _reported_end(t, clause) + 1, clause)
            elif _is_cue(t, direct=False) and (interrupted := _interrupted_clause(t)) is not None:
                content = _trim(doc, text, interrupted.left_edge.i, interrupted.right_edge.i + 1, interrupted)
            elif _is_cue(t, direct=False) and (previous := _stated_by_this(t)) is not None:
                content = _trim(doc, text, previous.start, previous.end, previous.root)
            elif _is_cue(t, direct=False) and (main := _as_clause_head(t)) is not None:
                # "As I have said before, the U.S. is not supporting Ukraine alone."
                if t.i < main.i:
                    content = _trim(doc, text, t.right_edge.i + 1, main.right_edge.i + 1, main)
                else:
                    content = _trim(doc, text, main.left_edge.i, t.left_edge.i, main)
            elif _is_cue(t, direct=False) and (closing := _closing_cue(t)) is not None:
                # "Nine coal mines have been closed ..., a local news portal CityNews reported on Sunday."
                content = _trim(doc, text, closing[0], closing[1], closing[2])
            else:
                content = _object_content(t, text)
            speaker = _passive_agent(t) if previous is not None else _speaker_token(t, None)
            if speaker is None and content is not None and content[1] <= t.idx:
                speaker = _inverted_speaker(t)  # "..., reported Chancellor Angela Merkel."
        elif t.lemma_.lower() in _cues().light_verbs and (noun := _report_object(t)) is not None:
            right = max([noun.right_edge.i] + [c.right_edge.i for c in t.children if c.dep_ == "prep" and c.i > noun.i])
            content = _trim(doc, text, noun.left_edge.i, right + 1, noun)  # "drew attention to ..."
            speaker = _speaker_token(t, None)
        if content is not None:
            content = _before_direct(doc, text, content, direct, t)
        if content is not None and speaker is not None and content[0] <= speaker.idx < content[1] < t.idx + 1:
            content = _before_closing_source(doc, text, content, speaker)
        if content is not None and speaker is not None and content[1] <= speaker.idx:
            content = _without_title(doc, content, speaker)
        if content is None or speaker is None or content[1] - content[0] < 8 or clashes(*content):
            continue
        if "\n" in text[min(t.idx, content[0]) : max(t.idx, content[1])]:
            # a headline run into the text: the content is what follows it in the cue's paragraph
            start = text.rfind("\n", content[0], t.idx) + 1 if content[0] < t.idx else -1
            if start <= 0 or "\n" in text[start : content[1]] or content[1] - start < 8:
                continue  # the cue belongs to another paragraph
            content = (start + len(text[start:]) - len(text[start:].lstrip()), content[1])
        if speaker.idx in inside:
            continue
        out.append(
            _Candidate(
                content[0],
                content[1],
                "indirect",
                cue=t,
                cue_text=cue_text,
                speaker=speaker,
                first_sent=bisect.bisect_right(sent_starts, content[0]) - 1,
                last_sent=bisect.bisect_right(sent_starts, content[1] - 1) - 1,
            )
        )
    return out


_WORD = re.compile(r"[^\W\d_]{2,}")
#: Words that do not make a quoted fragment reported speech ("called it 'predatory'").
_FRAGMENT_FRAME = frozenset({"it", "him", "her", "them", "this", "that", "the", "an", "as", "to", "of", "is", "was"})


def _words_outside(text: str, start: int, end: int, inside: _QuotedChars) -> bool:
    """Whether `text[start:end]` has a word of its own outside quotation marks."""
    pos, outside = start, []
    for s, e in inside.spans:
        if e <= start or s >= end:
            continue
        outside.append(text[pos : max(pos, s)])
        pos = max(pos, e)
    outside.append(text[pos:end])
    return any(w.lower() not in _FRAGMENT_FRAME for piece in outside for w in _WORD.findall(piece))


#: Words after a verb of `object_content_verbs` that make it a verb of saying only with them ("set
#: forth", "lay out", "point out").
_PARTICLES = frozenset({"forth", "out", "up", "down", "off"})


def _object_content(cue: Token, text: str) -> tuple[int, int] | None:
    """What a verb of `object_content_verbs` reports when it takes no clause: its object and what
    follows ("stressed the importance of talks", "urged Kiev to stop", "informed about the attacks")."""
    if cue.lemma_.lower() not in _cues().object_content_verbs or cue.pos_ not in ("VERB", "AUX"):
        return None
    preps = _cues().object_content_preps.get(cue.lemma_.lower(), frozenset())
    parts = [
        c
        for c in cue.rights
        if c.dep_ in ("dobj", "prep", "xcomp", "ccomp", "dative", "attr", "oprd")
        and (not _when_or_where(c) or c.lower_ in preps and _addressee(c))  # "called on Kiev to ...": not where
    ]
    if not parts:
        return None
    particles = preps & _PARTICLES
    if particles and not any(c.dep_ in ("prt", "prep") and c.lower_ in particles for c in cue.children):
        return None  # "set forth his assessments" reports; "set an example" does not
    if cue.lemma_.lower() in _cues().object_content_preps and not any(
        c.dep_ != "prep" or c.lower_ in _cues().object_content_preps[cue.lemma_.lower()] for c in parts
    ):
        return None  # "called for talks" reports; "called at noon" does not
    return _trim(cue.doc, text, parts[0].left_edge.i, _own_right_edge(cue) + 1, cue)


def _addressee(prep: Token) -> bool:
    """Whether a preposition's object is a state, body or person addressed ("called on Kiev")."""
    return any(o.dep_ == "pobj" and o.ent_type_ in ("GPE", "ORG", "PERSON", "NORP") for o in prep.children)


def _own_right_edge(cue: Token) -> int:
    """The last token of a cue's own words, before a verb joined to it by "and" ("noted the importance
    of joint efforts and expressed hope that ...": the hope is the other verb's)."""
    joined = [
        c
        for c in cue.children
        if c.dep_ == "conj"
        and c.pos_ in ("VERB", "AUX")
        and c.i > cue.i
        and (any(g.dep_ == "cc" for g in c.children) or cue.doc[c.left_edge.i - 1].pos_ == "CCONJ")
    ]  # a conjunct with no "and" is the parser's misreading of the cue's own clause
    if not joined:
        return cue.right_edge.i
    end = joined[0].left_edge.i - 1
    while end > cue.i and (cue.doc[end].pos_ == "CCONJ" or cue.doc[end].is_punct):
        end -= 1
    return end


def _as_clause_head(cue: Token) -> Token | None:
    """The clause an "as"-clause of saying vouches for ("As Lavrov said, the talks are over")."""
    if cue.dep_ != "advcl" or cue.head.i == cue.i or cue.head.pos_ not in ("VERB", "AUX"):
        return None
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
        return None
    return cue.head


def _that_clause(cue: Token) -> bool:
    """Whether a cue verb governs a clause opened by "that" ("noted that the position is clear")."""
    clauses = (c for c in cue.children if c.dep_ == "ccomp")
    return any(  # the parser may call the "that" an object ("telling the court that he objected")
        m.lower_ == "that" and (m.dep_ == "mark" or m.pos_ == "SCONJ") for c in clauses for m in c.children
    )


#: Sentences before "This was stated by X" that it reports, at most (all in the same paragraph).
_STATED_BEFORE = 3


def _stated_by_this(cue: Token) -> Span | None:
    """The sentences before "This was stated by X" (or "This was announced by ...") in its
    paragraph, up to `_STATED_BEFORE`, which it reports ("Russia should move away from ultimatums
    ... We need to find a compromise to end the war. This was emphasized by President ...")."""
    if not any(c.dep_ == "nsubjpass" and c.lower_ in ("this", "that") for c in cue.children):
        return None
    if not any(c.dep_ == "agent" for c in cue.children):
        return None
    doc, sent = cue.doc, cue.sent
    if sent.start == 0:
        return None
    last = first = doc[sent.start - 1].sent
    for _ in range(_STATED_BEFORE - 1):
        if first.start == 0 or not same_paragraph(doc[first.start - 1].sent, first):
            break
        first = doc[first.start - 1].sent
    return doc[first.start : last.end]


def _passive_agent(cue: Token) -> Token | None:
    """The object of a passive cue's "by" ("was stated by President ... Zelenskyy")."""
    obj = agent_of(cue)
    if obj is None:
        return None
    # "by President of Ukraine Volodymyr Zelenskyy": the person the title belongs to
    person = [t for t in obj.subtree if t.ent_type_ == "PERSON" and t.ent_iob_ in ("B", "I")]
    return person[-1] if person and not (obj.ent_type_ == "PERSON") else obj


def _report_object(verb: Token) -> Token | None:
    """The noun of saying a light verb takes as its object ("gave a principled assessment of ...")."""
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    return next(
        (c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in _cues().report_nouns and c.i > verb.i),
        None,
    )


def _interrupted_clause(cue: Token) -> Token | None:
    """The clause a parenthetical cue interrupts ("Many of the closures, he said, have involved ..."):
    a cue verb with a subject of its own set off by commas inside its head's clause."""
    head = cue.head
    if cue.dep_ != "parataxis" or head.i == cue.i or head.pos_ not in ("VERB", "AUX"):
        return None
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
        return None
    if not (head.left_edge.i < cue.i < head.right_edge.i):
        return None
    return head


def _before_direct(
    doc: Doc, text: str, content: tuple[int, int], direct: list[tuple[int, int]], cue: Token
) -> tuple[int, int] | None:
    """Reported content cut where a direct quote of its own sentence begins ("said he welcomed
    extradition and added, "I'll plead guilty""): the quote is its own row."""
    start, end = content
    for s, _ in direct:
        if start < s - 1 < end and cue.idx < s:
            before = doc.char_span(start, s - 1, alignment_mode="contract")
            tokens = list(before) if before is not None else []
            while tokens and (
                tokens[-1].is_punct or tokens[-1].pos_ == "CCONJ" or _is_cue(tokens[-1]) or tokens[-1].is_space
            ):
                tokens.pop()
            if not tokens:
                return None
            return start, tokens[-1].idx + len(tokens[-1].text)
    return content


def _when_or_where(part: Token) -> bool:
    """A prepositional phrase that says when, where or through what, not what ("spoke on Monday",
    "on the phone", "on BBC Radio 4", "on condition of anonymity": `channels` of the speech cues)."""
    if part.dep_ != "prep":
        return False
    objects = [c for c in part.children if c.dep_ == "pobj"]
    return bool(objects) and all(
        o.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC")
        or o.lower_ in _cues().channels
        or any(t.lower_ in _cues().channels for t in o.subtree if t.i < o.i and t.pos_ in ("PROPN", "NOUN"))
        for o in objects
    )


def _reported_end(cue: Token, clause: Token) -> int:
    """The last token of what a cue reports: its clause, and the clauses with subjects of their own
    the parser joined to the cue after it ("noted that the battles will end, every displaced
    Ukrainian will return, wounds will heal"), unless they have a cue of their own."""
    end = clause.right_edge.i
    for c in sorted(cue.children, key=lambda t: t.i):
        if (
            c.dep_ in ("conj", "ccomp")
            and c.i > clause.i
            and c.pos_ in ("VERB", "AUX")
            and not _is_cue(c)
            and (
                any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
                # "noted that the Agreement ... signed the year before last is working": one clause
                # the parser split in two, the second part with no subject, right after the first
                or c.dep_ == "ccomp"
                and c.left_edge.i == end + 1
            )
        ):
            end = max(end, c.right_edge.i)
    if cue.i < clause.i:  # "insisted it was for Parliament, and not judges, to decide how ...": the
        doc = cue.doc  # rest of the reported clause, which the parser hung on the cue
        for c in sorted(cue.children, key=lambda t: t.i):
            if (
                c.i > end
                and c.dep_ in ("advcl", "xcomp")
                and c.tag_ == "VB"
                and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
                and not _is_cue(c)
                and all(t.is_punct for t in doc[end + 1 : c.left_edge.i])
            ):
                end = c.right_edge.i
    return end


def _before_closing_source(doc: Doc, text: str, content: tuple[int, int], speaker: Token) -> tuple[int, int] | None:
    """Content that runs on into the source the parser hung inside it ("November saw an
    improvement ..., the Office for National Statistics (ONS) said."): what comes before the comma
    that opens the source's phrase."""
    start = speaker.left_edge.i
    if speaker.ent_type_:
        start = min(start, _entity_bounds(speaker)[0])
    while start > 0 and doc[start - 1].pos_ == "DET":
        start -= 1
    if start == 0 or doc[start - 1].text != ",":
        return content
    title = _description_before(doc, start - 1)  # ", a former spokesman for the ministry, Oleg Voloshyn, said."
    return _strip_chars(text, content[0], doc[title - 1 if title is not None else start - 1].idx)


def _description_before(doc: Doc, comma: int) -> int | None:
    """The start of a description set off by commas before `comma` ("..., a former spokesman for
    Ukraine's Foreign Ministry, Oleg Voloshyn, said"): an article and nouns, no verb."""
    i = comma - 1
    while i > 0 and doc[i].text != "," and doc[i].pos_ in ("NOUN", "PROPN", "ADJ", "ADP", "DET", "PART", "CCONJ"):
        i -= 1
    if i <= 0 or doc[i].text != "," or doc[i + 1].pos_ != "DET" or i + 2 >= comma:
        return None
    return i + 1


#: Words that open a clause of time, cause or condition, which is not what a source says but when.
_SUBORDINATORS = frozenset({"after", "before", "when", "while", "since", "as", "if", "unless", "although", "because"})


def _relative_aside_end(doc: Doc, comma: int) -> int | None:
    """The comma that closes a relative clause set off after a source (", which has recently
    upgraded ..., "), when one opens at `comma` and another comma closes it in the sentence."""
    if comma + 1 >= len(doc) or doc[comma].text != "," or doc[comma + 1].lower_ not in ("which", "who", "whose"):
        return None
    sent_end = doc[comma].sent.end
    close = next((t.i for t in doc[comma + 2 : sent_end] if t.text == ","), None)
    return close if close is not None and close + 1 < sent_end - 1 else None


def _clause_start(cue: Token, clause: Token) -> int:
    """Where a reported clause starts: its left edge, or right after the "that" that opens it when
    the parser hung the clause's first words elsewhere ("told a court that fraud charges levelled
    against him are false": it hung "charges" on "court")."""
    left = clause.left_edge.i
    if cue.i < left:
        that = next((t for t in cue.doc[cue.i + 1 : left] if t.lower_ == "that" and t.dep_ == "mark"), None)
        if that is not None and all(not (t.is_punct and t.text in ",;:") for t in cue.doc[that.i + 1 : left]):
            return that.i + 1
    return left


def _reported_clause(cue: Token) -> Token | None:
    """The head of the clause a cue verb reports: its `ccomp`, else a "that"-clause the parser attached lower."""
    for child in cue.children:
        if child.dep_ == "ccomp" and not (child.pos_ == "ADJ" and _verb_phrase(cue)):  # not the "clear" of "make clear"
            return child
    for child in cue.children:  # "have reported freezing over $30 billion in assets": a gerund it reports
        if (
            child.dep_ == "xcomp"
            and child.tag_ == "VBG"
            and child.i > cue.i
            and all(t.pos_ in ("ADV", "PART") for t in cue.doc[cue.i + 1 : child.i])
            and cue.lemma_.lower() in _cues().reporting_verbs
            and not any(g.dep_ == "ccomp" for g in child.children)
        ):
            return child
    for child in cue.children:  # "said seeing so many police officers was a welcome sight": a gerund subject
        if (
            child.dep_ == "xcomp"
            and child.tag_ == "VBG"
            and cue.lemma_.lower() in ("say", "tell", "add")
            and any(g.dep_ == "ccomp" for g in child.children)
        ):
            return child
    for child in cue.children:  # "said the public needed reassurance that ...": a clause parsed as an object
        if (
            child.dep_ == "dobj"
            and child.i > cue.i
            and cue.lemma_.lower() in _cues().reporting_verbs - _cues().object_content_verbs  # say, not stress
            and child.pos_ == "NOUN"
            and any(t.pos_ == "VERB" and t.dep_ == "amod" and t.i < child.i for t in child.subtree)
        ):
            return child
    if cue.lemma_.lower() in _cues().infinitive_verbs:  # "have vowed to go after any company that buys ..."
        for child in cue.children:
            if (
                child.dep_ == "xcomp"
                and child.i > cue.i
                and any(g.dep_ == "aux" and g.lower_ == "to" for g in child.children)
            ):
                return child
    for token in cue.doc[cue.i + 1 : _own_right_edge(cue) + 1]:
        if (
            token.pos_ in ("VERB", "AUX")
            and token.left_edge.lower_ == "that"
            and token.left_edge.dep_ not in ("nsubj", "nsubjpass", "dobj")  # "any company that buys": a relative clause
            and token.left_edge.i > cue.i
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
        ):
            return token
    return None


def _trim(doc: Doc, text: str, left: int, right: int, anchor: Token | None = None) -> tuple[int, int] | None:
    """Char offsets of tokens `[left, right)` without a leading "that" or edge punctuation (`text` is
    the doc's), save a quotation mark that closes one opened inside."""
    while left < right and (
        doc[left].is_punct
        or doc[left].is_space
        or doc[left].lower_ == "that"
        and (doc[left].dep_ in ("mark", "advmod") or doc[left].pos_ == "SCONJ")
    ):
        left += 1
    while right > left and (doc[right - 1].is_punct and doc[right - 1].text != "%" or doc[right - 1].is_space):
        right -= 1  # "by 110%" keeps its sign
    if right <= left:
        return None
    start, end = doc[left].idx, doc[right - 1].idx + len(doc[right - 1].text)
    end = _close_quote(text, start, end)
    if anchor is not None and "\n" in text[start:end]:  # a parse run on over a heading or paragraph
        start = max(start, text.rfind("\n", start, anchor.idx) + 1)
        stop = text.find("\n", anchor.idx, end)
        end = end if stop < 0 else stop
        return _strip_chars(text, start, end)
    return start, end


def _close_quote(text: str, start: int, end: int) -> int:
    """`end`, moved past the mark that closes a quote opened in `text[start:end]` when only a
    stop or comma comes between ('Rubio is “weak like a baby.”', not 'Rubio is “weak like a baby')."""
    piece = text[start:end]
    if piece.count("“") <= piece.count("”") and piece.count('"') % 2 == 0:
        return end
    for i in range(end, min(len(text), end + 3)):
        if text[i] in '”"':
            return i + 1
        if text[i] not in ".,;:!?":
            break
    return end


def _strip_chars(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and (text[start].isspace() or text[start] in ",;:.—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.—–-"):
        end -= 1
    return (start, end) if end > start else None


# --- speakers ------------------------------------------------------------------------------


def _phrase(token: Token) -> Span:
    """The noun phrase headed by a speaker token: its entity, or determiners and modifiers before it."""
    if token.ent_type_ and token.ent_iob_ in ("B", "I"):
        ent_start, ent_end = _entity_bounds(token)
        start = ent_start
        while (
            start > 0
            and ent_start <= token.doc[start - 1].head.i < ent_end
            and token.doc[start - 1].dep_ in ("det", "compound", "amod", "poss", "case", "nmod")
        ):
            start -= 1
        return token.doc[start:ent_end]
    left = token.i
    for child in token.lefts:
        if child.dep_ in ("det", "compound", "amod", "poss", "nmod", "case", "nummod"):
            left = min(left, child.left_edge.i)
    return token.doc[left : token.i + 1]


def _entity_bounds(token: Token) -> tuple[int, int]:
    """Token offsets `(start, end)` of the entity a token is in: its "B" token and the "I" tokens after it."""
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end


def _description_words(span: Span) -> frozenset[str]:
    return frozenset(t.lower_ for t in span if t.pos_ not in ("DET", "PUNCT", "PART", "ADP", "PRON") and not t.is_space)


def _ents_in(ents: list[dict], start: int, end: int) -> list[dict]:
    return [e for e in ents if e["start_char"] < end and e["end_char"] > start]


#: Descriptions of a head of state that, unqualified in a government's own text, are its own head of
#: state (`Gazetteer.publisher_state`).
_HEADS_OF_STATE = (frozenset({"president"}), frozenset({"head", "state"}))


def _resolve(
    cand: _Candidate, doc: Doc, ents: list[dict], ctx: DocContext, memory: _Memory, *, joint: bool = True
) -> _Speaker:
    """Resolve the speaker of a candidate: a pronoun, a name, a person in apposition, or a description;
    with `joint`, speakers joined by "and" are one joint speaker when each is an actor."""
    head = cand.speaker
    if head is None:
        return _Speaker(None, None, None)
    if head.lower_ in ("who", "that", "which") and head.head.dep_ == "relcl":  # "Klitschko, who said ..."
        head = head.head.head  # "an email from Mr Van de Vijver which said ...": the email
    together = _conjuncts(head) if joint else []
    if together:
        # "President Biden and President von der Leyen announced ...", "The G7 and EU agreed ...":
        # all of them, if each is someone
        parts = [_resolve(replace(cand, speaker=t), doc, ents, ctx, memory, joint=False) for t in together]
        names = [ctx.gazetteer[p.id].name if p.id in ctx.gazetteer else p.name for p in parts if p.id]
        if len(set(names)) == len(parts):
            text = doc[together[0].left_edge.i : together[-1].i + 1].text
            return _Speaker(text, None, " and ".join(n for n in names if n), any(p.person for p in parts))
    apposed = _appositive_body(head)
    if apposed is not None:  # "according to British newspaper The Telegraph": The Telegraph
        return _resolve(replace(cand, speaker=apposed), doc, ents, ctx, memory, joint=joint)
    phrase = _phrase(head)
    text = phrase.text
    if head.lower_ in _cues().first_person and head.pos_ == "PRON":
        voice = ctx.voice_at(doc, head.idx)  # "I", "we" in one person's address, or in a turn of a transcript
        return _Speaker(text, voice[1], voice[0], True) if voice else _Speaker(text, None, None)
    if head.lower_ in _cues().second_person and head.pos_ == "PRON":
        # "as you said" in a turn of a transcript of two people; "Can you tell us if ...?" asks, says nothing
        asks = head.sent.text.rstrip().rstrip("\"”’'").endswith("?")
        addressee = None if asks else ctx.addressee_at(doc, head.idx)
        return _Speaker(text, addressee[1], addressee[0], True) if addressee else _Speaker(text, None, None)
    if head.lower_ == "it" and head.dep_ == "nsubjpass":
        # "It was noted that ...": no one is named, so no one is counted, save in a readout
        host = (
            _readout_host(doc, ents)
            if cand.cue is not None and cand.cue.lemma_.lower() in _cues().readout_verbs
            else None
        )
        return _Speaker(text, host["entity_id"], host["entity_name"], True) if host else _Speaker(text, None, None)
    if head.lower_ in _cues().pronouns and head.pos_ == "PRON":
        return _pronoun(head, cand.start, memory, text, ents)
    whole = doc[phrase.start : head.right_edge.i + 1].text.lower()
    if text.lower() in _cues().joint_speakers or whole in _cues().joint_speakers:
        people = _readout_participants(doc, ents)  # "Both sides noted ..." in a readout
        if len(people) > 1:
            return _Speaker(text, None, " and ".join(p["entity_name"] for p in people), True)
    found = _ents_in(ents, phrase.start_char, phrase.end_char)
    # "Putin's spokesman said" is the spokesman, not Putin: the owner of someone else is not the speaker
    people = [e for e in found if e["entity_type"] == "person" and not _owner_of(e, head)]
    if people:
        person = _full_person(people[-1], ents)
        return _Speaker(text, person["entity_id"], person["entity_name"], person=True)
    # "Mr Ebbers' lawyers": the name in the phrase owns the speaker and is not it
    owned = _people_noun(head) and any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in head.children)
    appos = (
        _appositive_person(head, ents)
        or _person_after_office(head, ents)
        or (None if owned else _honorific_name(phrase, ents) or _bare_surname(phrase, ents))
    )
    if appos is not None:
        return _Speaker(text, appos.id, appos.name, person=True)
    actor = ctx.gazetteer.by_alias(phrase.text)
    if actor is not None and not actor.generic:  # "the Foreign Ministry" is whichever state's the entity row says
        return _Speaker(text, actor.id, actor.name, actor.type == "person")
    holding = [e for e in found if e["start_char"] <= head.idx < e["end_char"]]
    spoken_for = _spoken_for(head, found, holding, ents)
    if spoken_for is not None:  # "a Vodafone spokesman", "Treasury officials": the organisation
        speaker = _Speaker(text, spoken_for["entity_id"], spoken_for["entity_name"])
        memory.titles.append((cand.start, _description_words(phrase), speaker))  # later "the spokesman"
        return speaker
    if _spokesperson_of_a_person(head, found):
        # "Putin's spokesman", "the chancellor's spokeswoman": the spokesperson the text names, not
        # the person spoken for; else no one known
        spokesperson = _described_spokesperson(head, cand.start, memory)
        return _Speaker(text, spokesperson.id, spokesperson.name, True) if spokesperson else _Speaker(text, None, None)
    owner = _document_owner(head, found)
    if owner is not None:  # "the Bank of Mexico's figures showed", "Mr Smith's letter says"
        return _Speaker(text, owner["entity_id"], owner["entity_name"], owner["entity_type"] == "person")
    words = _description_words(phrase)
    new_referent = phrase[0].lower_ in ("a", "an", "one")  # "a State Department spokesman" is someone new
    if holding and holding[-1]["in_gazetteer"]:
        return _Speaker(text, holding[-1]["entity_id"], holding[-1]["entity_name"])
    # A title the model took for an organisation ("the Head of the Office of the President") is
    # first a person the article or the gazetteer gives that title.
    # A title may be given with the name in the cue's own sentence ("..., ICRC director of
    # operations Dominik Stillhart said" after the quote): the sentence counts as said before.
    # What the speaker says is no antecedent: in "The Head of State said that Ukraine tried to
    # contact Russian President Vladimir Putin", the title given in the reported clause is not his.
    seen_at = max(cand.start, head.sent.end_char) if cand.start < head.idx else cand.start
    office = _office_words(head, ents) - words  # "The Head of the President's Office"
    side = _our_side(phrase, ents, ctx) if phrase[0].lower_ == "our" else None  # "Our President"
    if side is None and not found and phrase[0].lower_ == "the" and words | office in _HEADS_OF_STATE:
        # "the President" of a White House text is the U.S. president, not the President Putin it names
        side = ctx.gazetteer.publisher_state(ctx.outlet)
    # A body's name alone describes no one: "Qantas said" after "Qantas chief executive Geoff Dixon",
    # "the FSA said" after "FSA director Rob McIvor", "the Conservatives"; "the Bishop", "The Advisor"
    # still describe
    bare_name = (
        bool(holding)
        and not (words | office) & (_cues().titles | _cues().spokespeople)
        and (phrase[0].lower_ != "the" or head.tag_ == "NNPS" or all(t.is_upper for t in phrase[1:]))
    )
    described = (
        None if new_referent or bare_name else _office_description(words, office, seen_at, ctx, memory, side=side)
    )
    if described is not None and not found and head.tag_ == "NN" and _names_bodies(head.lemma_.lower()):
        # "the ministry" after "Russia's Foreign Ministry has called on ...": the body named since the
        # description it would otherwise go back to ("according to Ukraine's interior ministry")
        since = max((pos for pos, w, _ in memory.titles if pos <= seen_at and words <= w), default=-1)
        body = _named_body(words | {head.lower_}, head.idx, ents)
        if body is not None and body["start_char"] > since:
            return _Speaker(text, body["entity_id"], body["entity_name"])
    if described is not None:
        return _Speaker(text, described.id, described.name, described.person)
    if holding:
        return _Speaker(text, holding[-1]["entity_id"], holding[-1]["entity_name"])
    lemma = head.lemma_.lower()
    if not new_referent and phrase[0].lower_ == "the" and lemma in _cues().person_roles:
        of_state = _person_of_state(head, found, seen_at, ctx, memory)
        if of_state is not None:  # "Vladimir Putin ... the Russian leader said": Putin, not Russia
            return _Speaker(text, of_state.id, of_state.name, True)
        if found and all(e["entity_type"] in ("group", "organisation") for e in found) and head.tag_ == "NN":
            # "Michael Howard has denied ... The Tory leader said": the person named last before, if
            # that is also the person last the subject of a sentence, or where only one of them is
            # ("Michael Howard has backed stem cell research ... where George Bush opposed it. But
            # the Tory leader argued": neither is sure)
            named = _person_named_before(head, ents)
            subject = _person_before(head, memory)
            if named is not None and (subject is None or subject.id == named["entity_id"]):
                return _Speaker(text, named["entity_id"], named["entity_name"], True)
            if subject is not None and named is None:
                return _Speaker(text, subject.id, subject.name, True)
    if not found and (lemma in _cues().documents or head.lower_ in _cues().documents):
        # "A report by the Fraser of Allander Institute says", or "The message reads:" after "Putin sent greetings"
        quoted = head.dep_ in ("dobj", "nsubjpass") and head.head.lemma_.lower() in _cues().object_speaker_verbs
        if quoted and _by_agent(head, ents) is None:
            # "Interfax quoted a defence ministry statement as saying": not the agency's own statement
            return _Speaker(text, None, None)
        author = _by_agent(head, ents) or _document_author(doc, ents, head.idx)
        written: _Speaker | None = None
        if author is not None:
            written = _Speaker(text, author["entity_id"], author["entity_name"], author["entity_type"] == "person")
        else:  # "..., a report says. The National Audit Office praised ministers ...": the body named next
            following = _next_sentence_body(head, memory)
            written = _Speaker(text, following.id, following.name) if following is not None else None
        if written is not None:
            memory.titles.append((cand.start, frozenset({lemma}), written))  # later "the report warned"
            return written
    if not found and head.pos_ == "NOUN" and not new_referent:
        # "the statistics office" after "the Federal Statistics Office"
        body = _named_body(words | {head.lower_}, head.idx, ents) if head.tag_ == "NN" else None
        if body is not None:
            return _Speaker(text, body["entity_id"], body["entity_name"])
        untagged = _untagged_body(head, words) if phrase[0].lower_ == "the" and _names_bodies(lemma) else None
        if untagged is not None:  # "the commission" after "The Central Election Commission of Ukraine"
            actor = ctx.gazetteer.by_alias(untagged)
            return _Speaker(text, actor.id, actor.name) if actor else _Speaker(text, None, untagged)
        # "Jack Straw has attacked ... The foreign secretary said"; "..., said Mykhailo Okhendovskyi,
        # the head of the Central Election Commission. ... the official said": the person who just
        # spoke, where no unnamed official came before
        if phrase[0].lower_ == "the" and (
            lemma in _cues().person_roles
            and head.tag_ not in ("NNS", "NNPS")  # "the Presidents of Russia and Turkey" are not one person
            or lemma in _INDIVIDUALS
            and head.tag_ == "NN"
            and not _introduced_unnamed(head)
        ):
            earlier_person = _person_before(head, memory)
            if earlier_person is not None and lemma in _cues().person_roles:
                # an office is someone the text names, not the unnamed spokeswoman who spoke last
                person_id = earlier_person.id
                if not any(e["entity_id"] == person_id and e["entity_type"] == "person" for e in ents):
                    earlier_person = None
            if earlier_person is not None:
                return _Speaker(text, earlier_person.id, earlier_person.name, True)
            only = _bare_office_person(head, phrase, ents, memory) if lemma in _cues().person_roles else None
            if only is not None:
                return _Speaker(text, only.id, only.name, True)
    if lemma in _cues().bodies and head.tag_ == "NNS" and phrase[0].lower_ in ("the", "both") and not found:
        together_before = _latest_joint_speaker(head, memory)
        if together_before is not None:  # "SBC and AT&T said ... The companies said": the two of them
            return _Speaker(text, together_before.id, together_before.name, together_before.person)
    if head.pos_ == "NOUN" and head.sent.start == 0 and _of_a_person(head):
        named = _named_next(head, ents)
        if named is not None:
            # "Gordon Brown has criticised a union leader who said ... Jonathan Baume, ..."; "Scotland's
            # first minister has told pupils ... Jack McConnell was speaking to ...": whom the lede describes
            return _Speaker(text, named["entity_id"], named["entity_name"], True)
    if (
        not found
        and lemma in _cues().spokespeople
        or lemma in _cues().bodies
        and all(e["entity_type"] in _WHERE for e in found)
    ) and not (_named_by_itself(head) or _any_of_a_kind(head, phrase) or _owned(head)):
        # "a spokesman", "officials", "the (UK) company": the organisation last named before the cue,
        # not in what it is said to have said; else one that is the subject of the next sentence
        # ("..., the UK's public spending watchdog has said. The National Audit Office said ...")
        kinds = ("government",) if lemma in _cues().public_bodies else _ORGANISATIONS
        org = _latest_organisation(ents, head.idx, outside=(cand.start, cand.end), kinds=kinds)
        which = not found and lemma in _cues().public_bodies  # "the defence ministry" is not the health ministry
        if org is not None and which and not _fits(f"{org['text']} {org['entity_name']}", head):
            org = None
        if org is not None and lemma in _cues().bodies:
            org = _most_named_organisation(ents, head.idx, org, memory)
        if org is not None:
            return _Speaker(text, org["entity_id"], org["entity_name"])
        following = _next_sentence_body(head, memory)
        party = ctx.gazetteer.actors.get(following.id) if following is not None and following.id else None
        if party is not None and lemma in _cues().public_bodies and party.type != "government":
            following = None  # "The government says ... The Liberal Democrats have argued ...": no government
        if following is not None and not (which and not _fits(following.name or "", head)):
            return _Speaker(text, following.id, following.name)
        if lemma == "government" and phrase[0].lower_ == "the" and not any(c.dep_ == "prep" for c in head.rights):
            state = _main_state(ents, head.idx, ctx)
            if state is not None:  # "Italy ... Italy ... The government says": Italy's (not "in Cairo")
                return state
    if not found and head.pos_ == "PROPN" and not _named_by_itself(head):
        # a name the model missed: "Stillhart" after "Dominik Stillhart",
        named = next(
            (
                e
                for e in ents
                if e["entity_type"] == "person"
                and len(e["entity_name"].split()) > 1
                and e["entity_name"].split()[-1] == head.text
            ),
            None,
        ) or next(  # "the Group" after
            (
                e
                for e in ents
                if e["entity_type"] in _ORGANISATIONS  # "the Group of Creditors of Ukraine"
                and head.text in short_names(e["entity_name"])
            ),
            None,
        )
        if named is not None:
            return _Speaker(text, named["entity_id"], named["entity_name"], named["entity_type"] == "person")
    # A description that names no one ("one woman", "opponents") is no actor: keep its words in
    # speaker_text and leave the speaker empty rather than count "opponents" as a speaker.
    has_name = bool(found) or head.pos_ == "PROPN"
    # A named body the model did not tag, under a place that only says where it is from ("the US
    # Navy"): the body by its own name, not the place.
    own_name = head.pos_ == "PROPN" and all(e["entity_type"] in _WHERE for e in found)
    name = _unnamed_name(phrase) if words and has_name else None
    if name and not found and _named_by_itself(head):  # "Bank of America announced": the whole name
        end = max([head.i] + [p.right_edge.i for p in head.rights if p.dep_ == "prep" and p.lower_ == "of"])
        name = _unnamed_name(doc[phrase.start : end + 1])
    # a name the model missed, or took for a body or place, that the text describes as a person
    mistaken = not found or len(found) == 1 and not found[0]["in_gazetteer"] and found[0]["text"] == head.text
    if name and mistaken and head.pos_ == "PROPN" and _described_as_person(head):
        name = head.text if found else name
        speaker = _Speaker(text, f"person:{name.lower()}", name, True)  # "Alla, a head of a school,"
    elif found and _people_of_a_place(head, found):
        speaker = _Speaker(text, None, None)  # "Russian newspapers have claimed": not Russia
    elif found and found[-1]["entity_type"] == "person" and _owner_of(found[-1], head):
        speaker = _Speaker(text, None, None)  # "Mr Ebbers' lawyers said": someone unnamed, not Mr Ebbers
    else:
        speaker = _Speaker(text, found[-1]["entity_id"] if found and not own_name else None, name)
    if words:  # "a State Department spokesman": later "the spokesman" is the same person
        memory.titles.append((cand.start, words, speaker))
    return speaker


def _name_words(name: str) -> set[str]:
    """The words of a name, lower-cased, less any that only qualifies another ("people" in "Donetsk
    People's Republic")."""
    return set(re.findall(r"\w+", re.sub(r"\w+['’]s\b", " ", name.lower())))


def _fits(name: str, head: Token) -> bool:
    """Whether a body's name holds the words that say which of its kind a description is."""
    return set(_function_words(head)) <= _name_words(name)


def _function_words(head: Token) -> list[str]:
    """The words that say which body of its kind a description is: "defence" in "the defence
    ministry", "foreign" in "the foreign ministry"; not a place or people ("the Russian ministry")."""
    return [
        c.lower_
        for c in head.lefts
        if c.dep_ in ("compound", "amod") and c.pos_ in ("NOUN", "ADJ") and not c.ent_type_ and c.is_lower
    ]


def _appositive_body(head: Token) -> Token | None:
    """The proper name right after a common noun that it stands in apposition to, where it is no
    person's ("British newspaper The Telegraph", "the rights group Memorial"): the name speaks."""
    if head.pos_ != "NOUN":
        return None
    return next(
        (
            c
            for c in head.rights
            if c.dep_ == "appos"
            and c.pos_ == "PROPN"
            and c.ent_type_ != "PERSON"
            and c.left_edge.i == head.i + 1
            and not c.nbor(-1).is_punct
        ),
        None,
    )


def _people_of_a_place(head: Token, found: list[dict]) -> bool:
    """Whether a speaker is people a state or place only describes ("Russian newspapers", "Ukrainian
    analysts"), not its voice (`state_voices`, `spokespeople`, `person_roles`: "Russian officials")."""
    cues = _cues()
    voices = cues.state_voices | (cues.spokespeople - cues.bodies) | cues.person_roles
    return (
        head.pos_ == "NOUN"
        and head.lemma_.lower() not in voices
        and head.lower_ not in voices
        and all(e["entity_type"] in ("state", "place") for e in found)
    )


def _conjuncts(head: Token) -> list[Token]:
    """A speaker and those joined to it by "and" ("the G7 and the EU"), or [] if it stands alone."""
    if head.pos_ not in ("PROPN", "NOUN") or not any(c.dep_ == "cc" and c.lower_ == "and" for c in head.children):
        return []
    others = [c for c in head.children if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN")]
    return [head, *others] if others else []


def _office_words(head: Token, ents: list[dict]) -> frozenset[str]:
    """The words of an office written out after its head noun, where no one is named in it: "The
    Head of the President's Office" is {head, president, office}, as the gazetteer's roles are."""
    if head.pos_ not in ("NOUN", "PROPN"):
        return frozenset()
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            span = head.doc[prep.i : prep.right_edge.i + 1]
            named = _ents_in(ents, span.start_char, span.end_char)
            if any(e["entity_type"] not in _ORGANISATIONS + _WHERE for e in named):
                return frozenset()
            # a gazetteer place or body by its own name: "the Republic of Turkey" is Turkey
            words = {
                re.sub(r"['’]s$", "", t.lower_)
                for t in span
                if t.pos_ not in ("DET", "PUNCT", "PART", "ADP", "PRON")
                and not any(e["in_gazetteer"] and e["start_char"] <= t.idx < e["end_char"] for e in named)
            } - {"republic", "federation", "kingdom"}  # "the President of the Russian Federation"
            for e in named:
                if e["in_gazetteer"]:
                    words |= {w.lower() for w in re.findall(r"[^\W\d_]+", e["entity_name"])}
            return frozenset(words)
    return frozenset()


def _by_agent(head: Token, ents: list[dict]) -> dict | None:
    """The person or organisation a document is "by" or "from" ("A report by the Fraser of Allander
    Institute", "an email from Mr Van de Vijver")."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("by", "from"):
            for ent in _ents_in(ents, prep.idx, prep.right_edge.idx + len(prep.right_edge)):
                if ent["entity_type"] in ("person", *_ORGANISATIONS):
                    return ent
    return None


def _named_body(words: frozenset[str], position: int, ents: list[dict]) -> dict | None:
    """The organisation last named before `position` whose name holds every word of a description
    ("the statistics office": the Federal Statistics Office; "the security service": Ukraine's
    Security Service), not as a possessive ("people" is not the Donetsk People's Republic)."""
    for ent in reversed(ents):
        if ent["end_char"] > position or ent["entity_type"] not in _ORGANISATIONS:
            continue
        if words <= _name_words(f"{ent['text']} {ent['entity_name']}"):
            return ent
    return None


def _names_bodies(lemma: str) -> bool:
    """Whether a noun is the head of bodies' own names ("commission", "union", "ministry")."""
    cues = _cues()
    return lemma in cues.bodies or lemma in cues.public_bodies or lemma in cues.body_heads


def _untagged_body(head: Token, words: frozenset[str]) -> str | None:
    """The name of a body the model did not tag that a definite description stands for: the last
    proper name before `head` built on its head noun and holding each of its words ("the
    commission" after "The Central Election Commission of Ukraine published results")."""
    doc = head.doc
    for token in reversed(doc[: head.sent.start]):
        if token.lower_ != head.lower_ or not _named_by_itself(token):
            continue
        start = min([token.i] + [c.left_edge.i for c in token.lefts if c.dep_ in ("compound", "amod", "nmod")])
        end = max([token.i] + [p.right_edge.i for p in token.rights if p.dep_ == "prep" and p.lower_ == "of"])
        name = doc[start : end + 1]
        if words <= {t.lower_ for t in name} and not any(t.ent_type_ == "PERSON" for t in name):
            return _unnamed_name(name)
    return None


#: Spokespeople who are one person: "the official said" may be the person who just spoke.
_INDIVIDUALS = frozenset({"official", "spokesman", "spokeswoman", "spokesperson", "representative"})


def _latest_joint_speaker(head: Token, memory: _Memory) -> _Speaker | None:
    """The joint speaker ("SBC Communications and AT&T") who spoke last before `head`, in its
    paragraph and the six sentences before it."""
    doc = head.doc
    start = head.sent.start
    for _ in range(6):
        if start == 0 or "\n" in doc[start - 1].text_with_ws:
            break
        start = doc[start - 1].sent.start
    earlier = [s for pos, s in memory.speakers if doc[start].idx <= pos < head.idx]
    last = earlier[-1] if earlier else None
    return last if last is not None and last.name and " and " in last.name and not last.person else None


def _of_a_person(head: Token) -> bool:
    """Whether a noun describes one person: a noun of people, an office or a title ("a union
    leader", "a close associate", "a senior official")."""
    lemma = head.lemma_.lower()
    cues = _cues()
    return head.tag_ == "NN" and (lemma in cues.person_nouns or lemma in cues.person_roles or lemma in _INDIVIDUALS)


def _named_next(head: Token, ents: list[dict]) -> dict | None:
    """The person a lede describes and its next sentence names first, as its subject ("A close
    associate of ... has told a court ... Platon Lebedev has been on trial ...")."""
    doc = head.doc
    if head.sent.end >= len(doc):
        return None
    following = doc[head.sent.end].sent
    first = next((t for t in following if not (t.is_space or t.is_punct)), None)
    if first is None or first.ent_type_ != "PERSON":
        return None
    person = next((e for e in ents if e["start_char"] <= first.idx < e["end_char"]), None)
    if person is None or person["entity_type"] != "person":
        return None
    root = doc.char_span(person["start_char"], person["end_char"], alignment_mode="expand")
    if root is None or root.root.dep_ not in ("nsubj", "nsubjpass"):
        return None
    return person


def _any_of_a_kind(head: Token, phrase: Span) -> bool:
    """Whether a plural of `bodies` stands for any of its kind, not one organisation named before:
    "Many foreign firms had protested", not "the firms said"."""
    return (
        head.lemma_.lower() in _cues().bodies
        and head.tag_ in ("NNS", "NNPS")
        and phrase[0].lower_ not in ("the", "its", "their", "both")
    )


def _spokesperson_of_a_person(head: Token, found: list[dict]) -> bool:
    """Whether a speaker is the spokesperson or official of a person or office the text writes as its
    owner ("Putin's spokesman", "the chancellor's spokeswoman"; not "the Kremlin's spokesman")."""
    if head.lemma_.lower() not in _INDIVIDUALS:
        return False
    for owner in (c for c in head.children if c.dep_ == "poss" and c.pos_ != "PRON"):
        if owner.lemma_.lower() in _cues().person_roles or any(
            e["entity_type"] == "person" and e["start_char"] <= owner.idx < e["end_char"] for e in found
        ):
            return True
    return False


def _described_spokesperson(head: Token, position: int, memory: _Memory) -> _Speaker | None:
    """The person the text described before `position` with a spokesperson's word ("Putin's spokesman
    Dmitry Peskov"): the one described also with the owner's words, else the only one described so."""
    owners = {t.lower_ for c in head.children if c.dep_ == "poss" for t in c.subtree if t.pos_ in ("NOUN", "PROPN")}
    described = {
        speaker.id: (words, speaker)
        for at, words, speaker in memory.titles
        if at < position and speaker.person and speaker.id and head.lower_ in words
    }
    owned = [speaker for words, speaker in described.values() if words & owners]
    if len(owned) == 1:
        return owned[0]
    return next(iter(described.values()))[1] if len(described) == 1 else None


def _people_noun(head: Token) -> bool:
    """Whether a speaker's head is a noun of people, an office or a spokesperson ("lawyer", "minister")."""
    return head.lemma_.lower() in _INDIVIDUALS | _cues().person_nouns | _cues().person_roles


def _owner_of(ent: dict, head: Token) -> bool:
    """Whether a named person is the possessor of a speaker noun of people ("Putin's spokesman",
    "the chancellor's spokeswoman"), not the speaker."""
    span = head.doc.char_span(ent["start_char"], ent["end_char"], alignment_mode="expand")
    return span is not None and span.root.dep_ == "poss" and span.root.head.i == head.i and _people_noun(head)


def _spoken_for(head: Token, found: list[dict], holding: list[dict], ents: list[dict]) -> dict | None:
    """The organisation that an unnamed spokesperson, official or source is named with: outside
    the gazetteer, before it ("a Vodafone spokesman", "Treasury officials"); any, in its own phrase
    after it ("a spokesman for Gazprom", "officials of the Finance Ministry"). The speaker is that
    organisation, as the article names it, not a "Vodafone spokesman" of its own."""
    if holding or head.lemma_.lower() not in _INDIVIDUALS | {"source"}:
        return None
    bodies = [
        e for e in found if e["entity_type"] in _ORGANISATIONS and not e["in_gazetteer"] and e["start_char"] < head.idx
    ]  # a gazetteer body's spokesman may be a person it names ("the Kremlin spokesman": Peskov)
    if bodies:
        return bodies[-1]
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "at", "from"):
            after = _ents_in(ents, prep.idx, prep.right_edge.idx + len(prep.right_edge))
            named = [e for e in after if e["entity_type"] in _ORGANISATIONS]
            return named[0] if named else None
    return None


#: Owners that only describe ("the world's largest oil firm", "the country's biggest bank").
_DESCRIBING_OWNERS = frozenset({"world", "country", "nation", "industry", "sector", "market", "region", "continent"})


def _owned(head: Token) -> bool:
    """Whether a noun has an owner that is no name ("the information commissioner's office"): it is
    that owner's, not the organisation last named ("the world's largest oil firm" still may be)."""
    return any(
        c.dep_ == "poss" and not c.ent_type_ and c.pos_ != "PRON" and c.lemma_.lower() not in _DESCRIBING_OWNERS
        for c in head.children
    )


def _introduced_unnamed(head: Token) -> bool:
    """Whether the text introduced someone unnamed with `head`'s word before it ("a senior official",
    "one representative"), whom "the official" would then be."""
    before = text_of(head.doc)[: head.idx]
    return re.search(rf"\b(?i:an?|one|another)\s+(?:[\w-]+\s+){{0,3}}{re.escape(head.lower_)}\b", before) is not None


def _person_before(head: Token, memory: _Memory) -> _Speaker | None:
    """The latest subject or speaker in the three sentences before a cue, if that is a person
    ("Jack Straw has attacked ... The foreign secretary said": Jack Straw)."""
    since = _sentences_back(head, 3)
    earlier = [(pos, s) for pos, s in memory.speakers if since <= pos < head.idx]
    if not earlier:
        return None
    speaker = max(earlier, key=lambda x: x[0])[1]
    return speaker if speaker.person else None


def _person_of_state(
    head: Token, found: list[dict], position: int, ctx: DocContext, memory: _Memory
) -> _Speaker | None:
    """The person a role with a state's name stands for ("the Russian leader", "the German
    minister"): the last one before `position` whom the text gives a title with that state and,
    but for "leader", that role ("Minister of State ... of Germany Tobias Lindner"), or who is the
    gazetteer's person of that state and has spoken."""
    states = [e for e in found if e["entity_type"] == "state"]
    if len(states) != 1 or len(found) != 1:
        return None
    state = ctx.gazetteer.actors.get(states[0]["entity_id"])
    if state is None:
        return None
    forms = {w.lower() for name in (*state.aliases, *state.demonyms, state.name) for w in name.split()}
    role = head.lemma_.lower()
    titled = [
        (pos, s)
        for pos, words, s in memory.titles
        if pos <= position and s.person and s.id and words & forms and (role == "leader" or role in words)
    ]
    spoke = [
        (pos, s)
        for pos, s in memory.speakers
        if pos <= position and s.person and s.id and s.id in ctx.gazetteer and ctx.gazetteer[s.id].country == state.id
    ]
    earlier = titled or (spoke if role == "leader" else [])
    return max(earlier, key=lambda x: x[0])[1] if earlier else None


def _sentences_back(head: Token, sentences: int) -> int:
    """Where the text `sentences` sentences before `head`'s begins (its own start at the text's start)."""
    doc, start = head.doc, head.sent.start
    for _ in range(sentences):
        if start > 0:
            start = doc[start - 1].sent.start
    return doc[start].idx


def _unnamed_subject_before(memory: _Memory, head: Token) -> bool:
    """Whether an office the text did not resolve was a subject in the three sentences before `head`."""
    since = _sentences_back(head, 3)
    return any(s.id is None for pos, s in memory.speakers if since <= pos < head.idx)


def _bare_office_person(head: Token, phrase: Span, ents: list[dict], memory: _Memory) -> _Speaker | None:
    """Where no subject was parsed to take a bare office from ("the chancellor", "the home
    secretary"), the one person the text names in its sentence and the three before; not for an
    office described anew ("the newly-installed interior minister", "the leader of one of the
    opposition parties"), after an office the text did not resolve, or for someone it titles
    otherwise."""
    if len(phrase) > 3 or any(c.dep_ in ("prep", "acl", "relcl", "appos") for c in head.rights):
        return None
    only = _only_person_named_before(head, ents)
    if (
        only is None
        or _unnamed_subject_before(memory, head)
        or _titled_otherwise(only["entity_id"], head.lemma_.lower(), memory)
    ):
        return None
    return _Speaker(None, only["entity_id"], only["entity_name"], True)


def _titled_otherwise(person_id: str, role: str, memory: _Memory) -> bool:
    """Whether the text gives a person an office that is not `role` ("Chancellor Gordon Brown" is no
    "prime minister")."""
    roles = _cues().person_roles
    given = {w for _, words, s in memory.titles if s.id == person_id for w in words if w in roles}
    return bool(given) and role not in given


def _only_person_named_before(head: Token, ents: list[dict]) -> dict | None:
    """The one person named in `head`'s sentence before it and the three sentences before that,
    where no one else is ("Gordon Brown is to freeze petrol duty ... The chancellor also hailed")."""
    since = _sentences_back(head, 3)
    people = {
        e["entity_id"]: e
        for e in ents
        if e["entity_type"] == "person" and since <= e["start_char"] and e["end_char"] <= head.idx
    }
    if len(people) != 1:
        return None
    person = next(iter(people.values()))  # a full name or the gazetteer's: not "Labour" taken for a person
    return person if person["in_gazetteer"] or " " in person["entity_name"].strip() else None


def _person_named_before(head: Token, ents: list[dict]) -> dict | None:
    """The person named last before `head`, in its sentence or the two before it."""
    since = _sentences_back(head, 2)
    return next(
        (
            e
            for e in reversed(ents)
            if e["entity_type"] == "person" and since <= e["start_char"] and e["end_char"] <= head.idx
        ),
        None,
    )


def _readout_host(doc: Doc, ents: list[dict]) -> dict | None:
    """The person a readout is about: the subject of the text's first sentence, where it is a
    person ("Vladimir Putin had a telephone conversation with ...")."""
    first = next(iter(doc.sents), None)
    if first is None:
        return None
    subject = next((c for c in first.root.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    # the person the subject is, or names ("President of Ukraine Volodymyr Zelenskyy had ...")
    start, end = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
    return next(
        (e for e in ents if e["entity_type"] == "person" and e["start_char"] <= subject.idx < e["end_char"]),
        None,
    ) or next(
        (
            e
            for e in ents
            if e["entity_type"] == "person"
            and start <= e["start_char"] < end
            and (e["in_gazetteer"] or " " in e["entity_name"].strip())  # not "Ambassador Extraordinary"
        ),
        None,
    )


def _readout_participants(doc: Doc, ents: list[dict]) -> list[dict]:
    """The people of a readout: the person it is about (`_readout_host`), then the other people its
    first sentence names, in order ("... with President of Angola Joao Lourenco")."""
    host = _readout_host(doc, ents)
    if host is None:
        return []
    first = next(iter(doc.sents))
    others: dict[str, dict] = {}
    for e in ents:
        if e["entity_type"] == "person" and first.start_char <= e["start_char"] < first.end_char:
            if e["entity_id"] != host["entity_id"] and (e["in_gazetteer"] or " " in e["entity_name"].strip()):
                # a one-word name the gazetteer does not know is often no person ("the Azerbaijani side")
                others.setdefault(e["entity_id"], e)
    return [host, *others.values()]


def _latest_subject_actor(doc: Doc, ents: list[dict], position: int) -> dict | None:
    """The person or organisation last named, before `position`, as the subject (or agent) of a
    sentence: who wrote or sent the message, statement or report that speaks next."""
    for ent in reversed(ents):
        if ent["start_char"] >= position or ent["entity_type"] not in ("person", *_ORGANISATIONS):
            continue
        span = doc.char_span(ent["start_char"], ent["end_char"], alignment_mode="expand")
        if span is not None and (_in_subject(span.root) or _agent_or_source(span.root)):
            return ent
    return None


def _next_sentence_body(head: Token, memory: _Memory) -> _Speaker | None:
    """The organisation named as a subject in the sentence after `head`'s, if one is; for a body
    the article's first sentence describes as known ("the ..."), in the three sentences after it
    (a lede describes, the story then names: "..., the elections watchdog has said. Fears that ...
    In a new report, the Electoral Commission says ...")."""
    doc, end = head.doc, head.sent.end
    if end >= len(doc):
        return None
    last = doc[end].sent
    lede = head.sent.start == 0 and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
    for _ in range(2 if lede else 0):
        if last.end < len(doc):
            last = doc[last.end].sent
    start = doc[end].idx
    return next((s for pos, s in memory.bodies if start <= pos < last.end_char and s.id), None)


def _document_author(doc: Doc, ents: list[dict], position: int) -> dict | None:
    """Whose message, statement or report it is when the text does not say ("A report on the failed
    mission said"): the latest person or organisation named as a subject (`_latest_subject_actor`),
    else the latest organisation named at all before `position`."""
    return _latest_subject_actor(doc, ents, position) or _latest_organisation(ents, position)


def _most_named_state(ents: list[dict], position: int) -> str | None:
    """The state a text is about: the one it names most before `position`, at least twice and more
    often than any other; None where no state stands out."""
    counts = Counter(e["entity_id"] for e in ents if e["end_char"] <= position and e["entity_type"] == "state")
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0]


def _main_state(ents: list[dict], position: int, ctx: DocContext) -> _Speaker | None:
    """The government of the state a text is about (`_most_named_state`)."""
    named = _most_named_state(ents, position)
    state = ctx.gazetteer.actors.get(named) if named else None
    if state is None:
        return None
    for form in (*state.demonyms, *state.aliases):
        body = ctx.gazetteer.by_alias(f"{form} government")
        if body is not None:
            return _Speaker("the government", body.id, body.name)
    return _Speaker("the government", state.id, f"{state.name} government")


def _latest_organisation(
    ents: list[dict], position: int, outside: tuple[int, int] = (0, 0), kinds: tuple[str, ...] = ()
) -> dict | None:
    """The organisation (of entity types `kinds`, by default any of `_ORGANISATIONS`) named last
    before `position`, leaving out those named within `outside`."""
    return next(
        (
            e
            for e in reversed(ents)
            if e["end_char"] <= position
            and e["entity_type"] in (kinds or _ORGANISATIONS)
            and not outside[0] <= e["start_char"] < outside[1]
        ),
        None,
    )


def _most_named_organisation(ents: list[dict], position: int, latest: dict, memory: _Memory) -> dict:
    """The organisation a story is about: the one the subject of more of its sentences before
    `position` than the `latest` one named ("Unilever ... Unilever ... Oil giant Shell last year
    dismantled its structure ... The company said": Unilever), else the latest."""
    counts: dict[str, int] = {}
    for pos, body in memory.bodies:
        if pos < position and body.id:
            counts[body.id] = counts.get(body.id, 0) + 1
    if not counts:
        return latest
    top = max(counts, key=lambda k: counts[k])
    if counts[top] <= counts.get(latest["entity_id"], 0):
        return latest
    return next((e for e in reversed(ents) if e["entity_id"] == top and e["end_char"] <= position), latest)


def _unnamed_name(phrase: Span) -> str:
    """A description as a name: "a State Department spokesman" -> "State Department spokesman"."""
    words = [t for t in phrase if not (t.i == phrase.start and t.pos_ == "DET")]
    return clean_name("".join(t.text_with_ws for t in words).strip()) if words else phrase.text


def _full_person(ent: dict, ents: list[dict]) -> dict:
    """A person named with an honorific ("Mr Bulatov") as the full name the article gives ("Dmytro Bulatov")."""
    words = ent["entity_name"].split()
    if ent["in_gazetteer"] or len(words) != 2 or words[0].rstrip(".").lower() not in _cues().honorifics:
        return ent
    for other in ents:
        name = other["entity_name"].split()
        if (
            other["entity_type"] == "person"
            and len(name) > 1
            and name[-1] == words[-1]
            and name[0].rstrip(".").lower() not in _cues().honorifics
        ):
            return other
    return ent


def _age(token: Token) -> bool:
    """Whether a word gives an age: "36-year-old", "40-something-year-old"."""
    return "year-old" in token.lower_


def _described_as_person(name: Token) -> bool:
    """Whether a name the model did not tag is described as a person: an age ("36-year-old Andrey")
    or an apposition headed by a noun of people ("Alla, a head of a vocational school";
    `person_nouns` and `person_roles` in `speech_cues.yaml`)."""
    nouns = _cues().person_nouns | _cues().person_roles
    for child in name.children:
        if child.dep_ == "appos" and (child.lemma_.lower() in nouns or any(map(_age, child.subtree))):
            return True
        if child.dep_ in ("amod", "compound", "nmod") and _age(child):
            return True
    return False


def _named_by_itself(head: Token) -> bool:
    """Whether a body's head noun is part of its own proper name ("The Inter-American Development
    Bank", "Bank of America"), not a description of one named before ("the bank")."""
    if head.pos_ != "PROPN" or not head.is_title:
        return False
    before = any(c.dep_ in ("compound", "amod", "nmod") and c.pos_ == "PROPN" for c in head.lefts)
    after = any(
        p.dep_ == "prep" and p.lower_ == "of" and any(o.pos_ == "PROPN" for o in p.children) for p in head.rights
    )
    return before or after


def _document_owner(head: Token, found: list[dict]) -> dict | None:
    """The person or organisation whose document a speaker is, by a possessive ("the Bank of
    Mexico's figures", `documents` in `speech_cues.yaml`)."""
    if head.lemma_.lower() not in _cues().documents and head.lower_ not in _cues().documents:
        return None
    owner = next((c for c in head.children if c.dep_ == "poss"), None)
    if owner is None:
        return None
    return next(
        (
            e
            for e in found
            if e["entity_type"] in ("person", *_ORGANISATIONS) and e["start_char"] <= owner.idx < e["end_char"]
        ),
        None,
    )


def _full_name_of(surname: str, ents: list[dict]) -> _Speaker | None:
    """The one person the text names in full with a surname ("Herve Gaymard" for "Gaymard"), if one."""
    named = {
        e["entity_name"]: e
        for e in ents
        if e["entity_type"] == "person"
        and len(e["entity_name"].split()) > 1
        and e["entity_name"].split()[-1] == surname
    }
    if len(named) != 1:
        return None
    person = next(iter(named.values()))
    return _Speaker(None, person["entity_id"], person["entity_name"], True)


def _bare_surname(phrase: Span, ents: list[dict]) -> _Speaker | None:
    """A surname alone that the model left untagged ("Mashovets suggested"): the one person the
    text names in full with it."""
    if len(phrase) != 1 or phrase[0].ent_type_ or not phrase[0].is_title:
        return None
    return _full_name_of(phrase[0].text, ents)


def _honorific_name(phrase: Span, ents: list[dict]) -> _Speaker | None:
    """A person the model did not tag, named in a speaker's phrase by an honorific and a surname
    ("shadow attorney general Mr Grieve"): the full name the article writes for that surname
    ("Tory Dominic Grieve"), tagged or not, else the honorific and the surname."""
    if any(e["entity_type"] == "person" for e in _ents_in(ents, phrase.start_char, phrase.end_char)):
        return None
    tokens = list(phrase)
    for n, token in enumerate(tokens[:-1]):
        surname = tokens[n + 1]
        if token.lower_.rstrip(".") not in _cues().honorifics or surname.pos_ != "PROPN" or not surname.is_title:
            continue
        if n + 2 < len(tokens) and tokens[n + 2].is_title:
            return None  # "Mr Grieve Smith": a name of more words than this rule reads
        full = _full_name_of(surname.text, ents)
        if full is not None:  # "Herve Gaymard", a person tagged as such, whatever the model first made of it
            return full
        titles = _cues().titles
        written = {
            f"{t.nbor(-1).text} {t.text}"
            for t in phrase.doc
            if t.text == surname.text
            and t.i > 0
            and t.nbor(-1).pos_ == "PROPN"
            and t.nbor(-1).is_title
            and t.nbor(-1).lower_.rstrip(".") not in titles
            and t.nbor(-1).ent_type_ not in ("GPE", "NORP", "ORG")
        }
        name = written.pop() if len(written) == 1 else f"{token.text} {surname.text}"
        person = next((e for e in ents if e["entity_type"] == "person" and e["entity_name"] == name), None)
        if person is not None:
            return _Speaker(None, person["entity_id"], person["entity_name"], True)
        return _Speaker(None, f"person:{name.lower()}", name, True)
    return None


def _person_after_office(head: Token, ents: list[dict]) -> _Speaker | None:
    """The person named at the end of an office's phrase, after its complement ("President of the
    Republic of Latvia Egils Levits noted ...")."""
    if head.lower_ not in _cues().titles or head.right_edge.i == head.i:
        return None
    end = head.right_edge.idx + len(head.right_edge)
    people = [e for e in _ents_in(ents, head.idx + 1, end) if e["entity_type"] == "person" and e["end_char"] == end]
    if not people:
        return None
    person = _full_person(people[-1], ents)
    return _Speaker(None, person["entity_id"], person["entity_name"], True)


def _appositive_person(head: Token, ents: list[dict]) -> _Speaker | None:
    """The person in apposition to a speaker phrase ("The head of ..., Valentina Kazakova, said"), also
    where the parser hung the name on the body the speaker speaks for ("A spokesman for the Russian
    Defence Ministry, Igor Konashenkov, said": a ministry has no name of a person in apposition; "a
    spokesman for the president, Vladimir Putin," is not Putin)."""
    bodies = [
        o
        for prep in head.children
        if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "at")
        for o in prep.children
        if o.dep_ == "pobj"
        and o.lemma_.lower() not in _cues().person_roles
        and (o.ent_type_ in ("ORG", "GPE", "NORP") or _names_bodies(o.lemma_.lower()))
    ]
    for child in [*head.children, *(c for o in bodies for c in o.children)]:
        if child.dep_ == "appos":
            people = [
                e
                for e in _ents_in(ents, child.left_edge.idx, child.right_edge.idx + len(child.right_edge))
                if e["entity_type"] == "person"
            ]
            if people:
                return _Speaker(None, people[0]["entity_id"], people[0]["entity_name"])
    return None


def _pronoun(head: Token, position: int, memory: _Memory, text: str, ents: list[dict]) -> _Speaker:
    """The latest speaker or person subject before `position`; "he" and "she" take people only, and
    "it" the latest organisation that spoke or was the subject of a main clause ("Deutsche Bank said
    ... Russia ... It also said"), else the latest one named ("the OSCE report ... it said")."""
    personal = head.lower_ in ("he", "she", "him", "her", "his")
    earlier = [(pos, s) for pos, s in memory.speakers if pos < position and (s.person or not personal)]
    if personal:  # "he" is one person, not "Volodymyr Zelensky and Emmanuel Macron" of "the heads of state"
        earlier = [(pos, s) for pos, s in earlier if " and " not in (s.name or "")]
    elif head.lower_ in ("they", "them", "their"):
        # "they" is no one person ("MPs ... they believe"), save the first of several named as one
        # ("Lord Justice Rix and Mr Justice Forbes said ... They said"); in a readout, its participants
        people = _readout_participants(head.doc, ents)
        if len(people) > 1:
            return _Speaker(text, None, " and ".join(p["entity_name"] for p in people), True)
        together = _people_together(head.doc, earlier, memory)
        if together is not None:  # "Lord Justice Rix and Mr Justice Forbes ruled ... They said"
            return _Speaker(text, None, together, True)
        earlier = [(pos, s) for pos, s in earlier if not _one_named_person(s)]
        latest = max((pos for pos, _ in earlier), default=-1)
        if any(latest < pos < position for pos in memory.groups):
            return _Speaker(text, None, None)  # "Strelkov's former colleagues say ... They say": no one known
    gender = next((g.name for g in _cues().genders if head.lower_ in g.pronouns), None)
    if gender is not None:  # "she" is not the man named last
        earlier = [(pos, s) for pos, s in earlier if _gender(s.name, head.doc, memory) in (None, gender)]
    if head.lower_ in ("it", "its"):
        # a body, or a person's text ("Zelensky's office said ... It added": the office)
        earlier = [(pos, s) for pos, s in earlier if not s.person or _a_persons_text(s)]
        earlier += [(pos, s) for pos, s in memory.bodies if pos < position]
        named = _latest_organisation(ents, head.idx) if not earlier else None
        if named is not None:  # no body has spoken or acted yet: the latest one named
            earlier = [(named["start_char"], _Speaker(None, named["entity_id"], named["entity_name"]))]
    if earlier:
        speaker = max(earlier, key=lambda x: x[0])[1]
        return _Speaker(text, speaker.id, speaker.name, speaker.person)
    if gender is not None and personal:
        # no subject or speaker of that gender before: the one person of it the text has named
        # ("... access to Mrs Quinn's two-year-old son. She denies he is Mr Blunkett's.")
        fits = {
            e["entity_id"]: e
            for e in ents
            if e["entity_type"] == "person"
            and e["end_char"] <= head.idx
            and _gender(e["entity_name"], head.doc, memory) == gender
        }
        if len(fits) == 1:
            only = next(iter(fits.values()))
            return _Speaker(text, only["entity_id"], only["entity_name"], True)
    return _Speaker(text, None, None)


def _a_persons_text(speaker: _Speaker) -> bool:
    """Whether a person speaks through an office or text of theirs ("Zelensky's office", "Mr Smith's
    letter": `documents` in `speech_cues.yaml`), which "it" may stand for."""
    words = (speaker.text or "").lower().split()
    texts = _cues().documents | {"office"}
    return len(words) > 1 and words[-2].endswith(("'s", "’s", "'", "’")) and words[-1] in texts


def _one_named_person(speaker: _Speaker) -> bool:
    """Whether a speaker is one person by a full name ("Tony Blair"), whom "they" is not; a
    one-word name may be a body the model took for a person ("Labour", "BAA")."""
    name = speaker.name or ""
    return speaker.person and bool(speaker.id) and " " in name.strip() and " and " not in name


def _people_together(doc: Doc, earlier: list[tuple[int, _Speaker]], memory: _Memory) -> str | None:
    """The people "they" are where the latest referent before is one of several people who are
    subjects of the same sentence ("Lord Justice Rix and Mr Justice Forbes ruled"), joined by "and"."""
    if not earlier:
        return None
    pos, latest = max(earlier, key=lambda x: x[0])
    if not _one_named_person(latest):
        return None
    span = doc.char_span(pos, pos + 1, alignment_mode="expand")
    if span is None:
        return None
    sent = span.sent
    names = {
        s.id: s.name
        for p, s in memory.speakers
        if sent.start_char <= p < sent.end_char and p <= pos and _one_named_person(s)
    }
    return " and ".join(n for n in names.values() if n) if len(names) > 1 else None


def _gender(name: str | None, doc: Doc, memory: _Memory) -> str | None:
    """The gender the article gives a person: that of the honorifics it writes before the surname
    ("Ms Mokhova", "Mrs Anna Smith") if they agree, else that of the surname's ending ("Zakharova"), else None."""
    if not name:
        return None
    if name not in memory.genders:
        text = text_of(doc)
        surname = name.split()[-1]
        found = {
            g.name
            for g in _cues().genders
            if g.honorifics
            and re.search(
                rf"\b(?i:{'|'.join(map(re.escape, g.honorifics))})\.?\s+(?:[A-Z][\w-]*\s+)?{re.escape(surname)}\b", text
            )  # "Ms Mokhova", "Mrs Anna Smith"
        }
        if not found:
            lower = surname.lower()
            found = {
                g.name
                for g in _cues().genders
                if any(lower.endswith(e) and len(lower) > len(e) + 2 for e in g.surname_endings)
            }
        memory.genders[name] = found.pop() if len(found) == 1 else None
    return memory.genders[name]


#: Entity types that speak as a body ("the company said", "it said").
_ORGANISATIONS = ("organisation", "government", "media", "armed_group")
#: Entity types that only say where a speaker is from ("the UK firm", "a Russian official").
_WHERE = ("place", "state", "group")


def _description(words: frozenset[str], position: int, ctx: DocContext, memory: _Memory) -> _Speaker | None:
    """Resolve a description ("the Kremlin spokesman") against the article's titles, then gazetteer roles."""
    found = _described(words, position, ctx, memory)
    return found[1] if found else None


def _our_side(phrase: Span, ents: list[dict], ctx: DocContext) -> str | None:
    """The state whose office "our President" is: that of the person whose words the text is at that
    point (the speaker of the turn, or of the address), else the state the text names most."""
    doc = phrase.doc
    voice = ctx.voice_at(doc, phrase.start_char)
    actor = ctx.gazetteer.actors.get(voice[1]) if voice and voice[1] else None
    if actor is not None and (actor.country or actor.type == "state"):
        return actor.country or actor.id
    return _most_named_state(ents, phrase.start_char)


def _described(
    words: frozenset[str], position: int, ctx: DocContext, memory: _Memory, *, side: str | None = None
) -> tuple[int, _Speaker] | None:
    """`_description` with the position of the title it matched (-1 for a gazetteer role); `side`, a
    state, keeps to the people of that state ("our President" in a text of the Kremlin)."""
    if not words:
        return None
    before = [(pos, w, s) for pos, w, s in memory.titles if pos <= position and words <= w] or [
        (pos, w, s) for pos, w, s in memory.past_roles if pos <= position and words <= w
    ]
    if any(s.id for _, _, s in before):  # an actor, before a description that named no one
        before = [(pos, w, s) for pos, w, s in before if s.id]
    if side is not None and (not before or any(s.id and _country(s.id, ctx) for _, _, s in before)):
        # an office of a state ("our correspondent" is the outlet's, whoever the text names)
        before = [(pos, w, s) for pos, w, s in before if s.id and _country(s.id, ctx) == side]
        if not before:
            holders = [a for a in role_holders(words, ctx.gazetteer, ctx.date) if _country(a, ctx) == side]
            if len(holders) == 1:
                actor = ctx.gazetteer[holders[0]]
                return -1, _Speaker(None, actor.id, actor.name)
            return None
    if before:
        people = {s.id for _, _, s in before if s.id}
        if len(people) > 1 and len(words) == 1:
            # "the President" after two presidents: the one the text is about, the subject of its
            # first sentence ("During a call with US President Joseph Biden, President Volodymyr
            # Zelenskyy spoke about ..."), else the one who has spoken most so far, else the one
            # named first ("Vladimir Putin had a telephone conversation with President of France ...")
            spoke = Counter(s.id for pos, s in memory.speakers if pos < position and s.id in people and s.person)
            if not all(s.person for _, _, s in before):  # "Nationwide" is the society, not its economist
                spoke.clear()
            pos, _, speaker = min(before, key=lambda x: (x[2].id != memory.host, -spoke[x[2].id or ""], x[0]))
        else:
            pos, _, speaker = max(before, key=lambda x: x[0])
        return pos, speaker
    if len(words) < 2:
        return None
    matches = role_holders(words, ctx.gazetteer, ctx.date)
    if len(matches) == 1:
        actor = ctx.gazetteer[matches[0]]
        return -1, _Speaker(None, actor.id, actor.name)
    return None


def _country(actor_id: str, ctx: DocContext) -> str | None:
    """The state of a gazetteer person."""
    actor = ctx.gazetteer.actors.get(actor_id)
    return actor.country if actor is not None else None


def _office_description(
    words: frozenset[str],
    office: frozenset[str],
    position: int,
    ctx: DocContext,
    memory: _Memory,
    *,
    side: str | None = None,
) -> _Speaker | None:
    """A description with the office written out after it ("the President of the Republic of
    Turkey"): the whole office first, unless the head words alone match a title of two or more
    words given later ("Deputy Head of the Presidential Office Kyrylo Tymoshenko" after "Deputy
    Head of the Office of the President Yulia Sokolovska": "the deputy head of the President's
    Office" is the later one)."""
    full = _described(words | office, position, ctx, memory, side=side) if office else None
    short = _described(words, position, ctx, memory, side=side)
    if full is None:
        return short[1] if short else None
    if short is not None and len(words) >= 2 and short[0] > full[0]:
        return short[1]
    return full[1]


def _in_subject(token: Token) -> bool:
    """Whether a token is (part of) the subject of a main clause or a speech verb, not of a reported clause."""
    for _ in range(8):  # "Head of the Office of the President of Ukraine Andriy Yermak held ..."
        if token.dep_ in ("nsubj", "nsubjpass"):
            return token.head.dep_ == "ROOT" or _is_cue(token.head)
        if token.dep_ not in ("appos", "pobj", "prep", "compound", "conj", "nmod") or token.head == token:
            return False
        token = token.head
    return False


_TITLE_LINKS = frozenset({"of", "to", "on", "for", "and", "the", "-", "’s", "'s"})


def _title_before(name: Span) -> frozenset[str]:
    """The words of a title written just before a name, however it is parsed ("adviser to the
    President of Ukraine on economic issues Oleh Ustenko", "First Lady Olena Zelenska"): the nouns
    and adjectives back to a verb, a comma or another preposition, at most 12 tokens."""
    doc, words = name.doc, set()
    for t in reversed(doc[max(name.sent.start, name.start - 12) : name.start]):
        if t.lower_ in _TITLE_LINKS:
            continue
        if t.pos_ not in ("NOUN", "PROPN", "ADJ") or t.is_punct or "\n" in t.text or t.ent_type_ == "PERSON":
            break  # "President of Ukraine Volodymyr Zelenskyy and President of Poland Andrzej Duda"
        words.add(t.lower_)
    return frozenset(words)


def _agent_or_source(token: Token) -> bool:
    """Whether a name is who does or says something though not a subject: the agent of a passive
    ("This was stated by ... Oleh Ustenko") or the source of "according to"."""
    for _ in range(4):
        if token.dep_ == "pobj":
            prep = token.head
            if prep.dep_ == "agent":  # not "the report, obtained by Reuters,": who obtained it said nothing
                # nor "gave a response to the mention by Joseph Biden of sanctions", which the parser
                # may hang on "gave": only the agent of a passive participle says anything
                return prep.head.dep_ != "acl" and prep.head.tag_ == "VBN"
            return prep.lower_ == "to" and prep.head.lower_ == "according"
        if token.dep_ not in ("appos", "compound", "flat", "conj"):
            return False
        token = token.head
    return False


def _remember_titles(doc: Doc, ents: list[dict], ctx: DocContext, memory: _Memory, inside: _QuotedChars) -> None:
    """Record how the article describes each person ("The Kremlin spokesman Dmitry Peskov") and their
    roles, and which people and organisations are the subjects of its main clauses."""
    seen_roles: set[str] = set()
    named = {t.i for e in ents for t in doc.char_span(e["start_char"], e["end_char"], alignment_mode="expand") or ()}
    for token in doc:
        # "The mission report ... gave new detail": a document that is a subject speaks for its
        # author, as when it is the speaker (`documents`), and is what a later "it" is
        if (
            token.dep_ in ("nsubj", "nsubjpass")
            and token.lemma_.lower() in _cues().documents
            and token.idx not in inside
            and not any(t.i in named for t in token.subtree)
            and _in_subject(token)
        ):
            author = _document_author(doc, ents, token.idx)
            memory.bodies.append(
                (
                    token.idx,
                    _Speaker(None, author["entity_id"], author["entity_name"])
                    if author
                    else _Speaker(None, None, None),
                )
            )
    for ent in ents:
        if ent["entity_type"] in _ORGANISATIONS and ent["start_char"] not in inside:
            body = doc.char_span(ent["start_char"], ent["end_char"], alignment_mode="expand")
            if body is not None and _in_subject(body.root):
                memory.bodies.append((ent["start_char"], _Speaker(None, ent["entity_id"], ent["entity_name"])))
        if ent["entity_type"] != "person":
            continue
        speaker = _Speaker(None, ent["entity_id"], ent["entity_name"], person=True)
        span = doc.char_span(ent["start_char"], ent["end_char"], alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if ent["start_char"] not in inside and (_in_subject(root) or _agent_or_source(root)):
            memory.speakers.append((ent["start_char"], speaker))  # a person subject: a referent for "he"
        words: set[str] = set()
        phrase = _phrase(root)
        words |= {t.lower_ for t in doc[phrase.start : span.start] if t.pos_ not in ("DET", "PUNCT", "PART", "ADP")}
        if root.dep_ == "appos":
            owner = root.head
            words |= _description_words(_phrase(owner))
            while owner.dep_ == "pobj" and owner.head.dep_ == "prep" and owner.head.head != owner.head:
                owner = owner.head.head  # "The U.S. ambassador to the OSCE, Daniel Baer,": the ambassador
                words |= _description_words(_phrase(owner))
        for child in root.children:
            if child.dep_ == "appos":
                words |= _description_words(_phrase(child))
        words |= _title_before(span)
        if words:
            memory.titles.append((ent["start_char"], frozenset(words), speaker))
        actor = ctx.gazetteer.actors.get(ent["entity_id"])
        if actor is not None and actor.id not in seen_roles:
            seen_roles.add(actor.id)
            for role in actor.roles:
                if not role.held_on(ctx.date):
                    continue
                for cue in role.cues:  # "President's wife" is the words of "the President's wife"
                    cue_words = frozenset(re.sub(r"['’]s\b", "", cue.lower()).split())
                    titles = memory.past_roles if ctx.date is None and role.end is not None else memory.titles
                    titles.append((ent["start_char"], cue_words, speaker))
    memory.titles.sort(key=lambda x: x[0])
    memory.bodies.sort(key=lambda x: x[0])
    _remember_described_subjects(doc, ents, ctx, memory, inside)


def _remember_described_subjects(
    doc: Doc, ents: list[dict], ctx: DocContext, memory: _Memory, inside: _QuotedChars
) -> None:
    """Record, as a referent for a later "he" or "she", a person the article names by an office as
    the subject of a main clause ("In this connection, the President of Russia provided ... He
    pointed out that ..."; "the prime minister hailed ... And he claimed ...")."""
    people = {
        t.i
        for e in ents
        if e["entity_type"] == "person"
        for t in doc.char_span(e["start_char"], e["end_char"], alignment_mode="expand") or ()
    }
    for token in doc:
        if (
            token.dep_ != "nsubj"
            or token.head.dep_ != "ROOT"
            or token.lemma_.lower() not in _cues().person_roles
            or token.idx in inside
            or any(t.i in people for t in token.subtree)
        ):
            continue
        phrase = _phrase(token)
        if phrase[0].lower_ != "the":
            continue
        words = _description_words(phrase)
        described = _office_description(words, _office_words(token, ents) - words, token.idx, ctx, memory)
        if described is None and token.tag_ == "NN":  # "Tony Blair says ... The prime minister is trying"
            described = _bare_office_person(token, phrase, ents, memory)
        if described is not None and described.person and described.id:
            memory.speakers.append((token.idx, _Speaker(None, described.id, described.name, True)))
        elif described is None and token.tag_ == "NN":
            # someone the text does not name: a later "he" is no one known rather than the person before
            memory.speakers.append((token.idx, _Speaker(None, None, None, True)))


# --- evaluation ----------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[\"“”‘’'„«»]", "", text).lower().split())


def evaluate(gold: list[dict], quotes: pd.DataFrame, kinds: tuple[str, ...] = ("direct", "fragment")) -> dict:
    """Score predicted quotes against hand-labelled ones.

    A gold item `{doc_id, quote, kind, speaker_id}` (`quote` is a distinctive substring) is found
    when a predicted row of the same document contains that substring, ignoring case, quote marks
    and spacing. Precision counts predicted rows of the kinds in `kinds` in the labelled
    documents that match some gold item, so the gold must list every such quote of each
    labelled document; reported speech (`indirect`) is only scored for recall by default.

    Args:
        gold: Hand-labelled items.
        quotes: The `quotes` table (or part of it).
        kinds: The predicted kinds that precision is computed over.

    Returns:
        `precision`, `recall`, `speaker_accuracy` (share of found `direct` gold items whose
        predicted `speaker_id` equals the gold one, None equal to None), `kind_accuracy`, the
        counts behind them, and `missed` / `wrong_speaker` / `unmatched` lists for inspection.
    """
    by_doc: dict[str, list[tuple[int, dict]]] = {}
    for i, row in enumerate(quotes.to_dict("records")):
        by_doc.setdefault(row["doc_id"], []).append((i, {**row, "_norm": _norm(row["quote"] or "")}))
    matched_rows: set[int] = set()
    found = kind_ok = direct_found = speaker_ok = 0
    missed, wrong = [], []
    for item in gold:
        needle = _norm(str(item["quote"]))
        rows = [(i, r) for i, r in by_doc.get(item["doc_id"], []) if needle and needle in r["_norm"]]
        if not rows:
            missed.append(item)
            continue
        same_kind = [x for x in rows if x[1]["kind"] == item.get("kind")]
        i, row = min(same_kind or rows, key=lambda x: len(x[1]["_norm"]))
        matched_rows.update(j for j, _ in rows)
        found += 1
        kind_ok += row["kind"] == item.get("kind")
        if item.get("kind") == "direct":
            direct_found += 1
            predicted = row["speaker_id"] if isinstance(row["speaker_id"], str) else None
            if predicted == item.get("speaker_id"):
                speaker_ok += 1
            else:
                wrong.append({**item, "predicted": predicted})
    docs = {item["doc_id"] for item in gold}
    scored = [(i, r) for d in docs for i, r in by_doc.get(d, []) if r["kind"] in kinds]
    correct = sum(1 for i, _ in scored if i in matched_rows)
    unmatched = [{k: v for k, v in r.items() if k != "_norm"} for i, r in scored if i not in matched_rows]
    return {
        "precision": correct / len(scored) if scored else None,
        "recall": found / len(gold) if gold else None,
        "speaker_accuracy": speaker_ok / direct_found if direct_found else None,
        "kind_accuracy": kind_ok / found if found else None,
        "n_gold": len(gold),
        "n_found": found,
        "n_predicted": len(scored),
        "n_predicted_correct": correct,
        "n_direct_found": direct_found,
        "n_speaker_correct": speaker_ok,
        "missed": missed,
        "wrong_speaker": wrong,
        "unmatched": unmatched,
    }
