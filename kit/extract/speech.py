"""Who speaks in a text: the voice that a headline such as "Address by ..." names, and the
speakers' turns of a transcript ("President of Russia Vladimir Putin: ...")."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import lexicons
from ..doc_text import text_of
from ..gazetteer import Gazetteer, clean_name

if TYPE_CHECKING:
    from spacy.tokens import Doc

_STOP = {"the", "of", "and", "a", "an", "his", "her", "by", "in"}


def voice_patterns(path: str | None = None) -> tuple[re.Pattern, ...]:
    """The `voice_titles` patterns of the speech cues (those of the run in progress, or of a file)."""
    if path is not None:
        from .quotes import load_cues

        return load_cues(path).voice_titles
    return lexicons.active().cues.voice_titles


def document_voice(
    title: str | None,
    gazetteer: Gazetteer,
    *,
    date: dt.date | None = None,
    patterns: tuple[re.Pattern, ...] | None = None,
) -> tuple[str, str | None] | None:
    """Whose words a whole text is, from its title.

    The speaker named in a title such as "Address by President of Ukraine Volodymyr Zelenskyy" or
    "Speech by the President of Ukraine at ..." is resolved to a gazetteer actor: a person whose
    name or alias the speaker phrase contains, else the one person whose role fits its words on
    the text's date ("President of Ukraine" in 2022 is Volodymyr Zelensky).

    Args:
        title: The text's title.
        gazetteer: The actors.
        date: The text's date, to tell who held an office then.
        patterns: Title patterns with a `speaker` group (default: `voice_titles` of the speech cues).

    Returns:
        `(name, actor id)`, with id None for a speaker outside the gazetteer; None when the title
        names no speaker.
    """
    if not title:
        return None
    for pattern in patterns if patterns is not None else voice_patterns():
        match = pattern.search(" ".join(title.split()))
        if match:
            break
    else:
        return None
    phrase = clean_name(match.group("speaker"))
    if not phrase:
        return None
    actor = _named_actor(phrase, gazetteer, person=True) or _named_actor(phrase, gazetteer, person=False, whole=True)
    if actor is None:
        words = frozenset(w for w in re.findall(r"[\w'’]+", phrase.lower()) if w not in _STOP)
        holders = role_holders(words, gazetteer, date)
        actor = gazetteer.actors[holders[0]] if len(holders) == 1 else None
    return (actor.name, actor.id) if actor is not None else (phrase, None)


#: Share of words of a signed text that must be `own_words` for it to be its signer's speech.
OWN_WORDS_SHARE = 0.03


def signed_voice(
    title: str | None, text: str, gazetteer: Gazetteer, *, date: dt.date | None = None
) -> tuple[str, str | None] | None:
    """Whose speech a text is when its title ends with a person after a dash (`signed_titles` of
    the speech cues: "... is the best investment - President Volodymyr Zelenskyy") and the text is
    that speech: it never names that person, and it opens by addressing its audience ("Ukrainians!
    ...") or speaks in the first person throughout (`own_words`, `OWN_WORDS_SHARE`). News about
    what the person said names them ("President Volodymyr Zelenskyy believes ...") and is no one's.

    Returns:
        `(name, actor id)` of a gazetteer person, or None.
    """
    cues = lexicons.active().cues
    voice = document_voice(title, gazetteer, date=date, patterns=cues.signed_titles) if title else None
    if voice is None or voice[1] is None or gazetteer[voice[1]].type != "person":
        return None
    actor = gazetteer[voice[1]]
    surnames = {clean_name(n).split()[-1].lower() for n in (actor.name, *actor.aliases) if clean_name(n).split()}
    words = re.findall(r"[\w'’]+", text.lower())
    if not words or surnames & set(words):
        return None
    first = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    own = sum(1 for w in words if w in cues.own_words) / len(words)
    return voice if first.endswith("!") or own >= OWN_WORDS_SHARE else None


def opening_voice(text: str, gazetteer: Gazetteer, *, date: dt.date | None = None) -> tuple[str, str | None] | None:
    """Whose words a text is when its first words say who "we" are (`voice_openings` of the speech
    cues: "We, the Leaders of the Group of Seven (G7), ...").

    Returns:
        `(name, actor id)` as `document_voice` gives them, or None.
    """
    return document_voice(text.lstrip()[:300], gazetteer, date=date, patterns=lexicons.active().cues.voice_openings)


def _named_actor(phrase: str, gazetteer: Gazetteer, person: bool, whole: bool = False):
    """The gazetteer person (or, with `person=False`, other actor) with the longest alias in `phrase`
    (or, with `whole`, equal to it)."""
    best, best_len = None, 0
    for actor in gazetteer.actors.values():
        if (actor.type == "person") != person:
            continue
        for alias in actor.aliases:
            found = (
                alias.lower() == phrase.lower()
                if whole
                else re.search(r"(?<!\w)" + re.escape(alias) + r"(?!\w)", phrase)
            )
            if found and len(alias) > best_len:
                best, best_len = actor, len(alias)
    return best


def _names_role(words: frozenset[str], phrase: list[str]) -> bool:
    """Whether `words` name the role of a title or cue: all of them in it, and its head among them:
    the first word of a title with "of" ("head", "president"), so that "President of Ukraine" is
    not the "Head of the Office of the President of Ukraine", else the last ("Foreign Ministry
    spokeswoman": the ministry is not its spokeswoman)."""
    if not phrase or not words <= frozenset(phrase):
        return False
    return (phrase[0] if "of" in phrase else phrase[-1]) in words


def role_holders(words: frozenset[str], gazetteer: Gazetteer, date: dt.date | None) -> list[str]:
    """Ids of actors with a role whose cue words include all `words`, in office on `date` when known."""
    found = []
    for actor in gazetteer.actors.values():
        for role in actor.roles:
            if not role.held_on(date):
                continue
            phrases = [f"{c} {role.title}" if c.lower() == "president" else c for c in role.cues] + [role.title]
            if any(_names_role(words, re.findall(r"[\w'’]+", phrase.lower())) for phrase in phrases):
                found.append(actor.id)
                break
    return found


@dataclass(frozen=True)
class Turn:
    """A speaker's turn in a transcript: from `start` (the character after its label's colon) to
    the next turn; `name` and `actor_id` are None for a label that names no one ("Question:")."""

    start: int
    label: str
    name: str | None
    actor_id: str | None


#: A colon that may end a transcript label.
_COLON = re.compile(r":(?=\s)")
#: A note in brackets between a label and its colon: "Milorad Dodik (retranslated):".
_LABEL_NOTE = re.compile(r"\s*\([^()\n]{1,40}\)\s*$")
#: Where a label may start: after a line break or the end of a sentence.
_BOUNDARIES = ("\n", ". ", "? ", "! ", "… ", "> ", "» ", "” ", '" ')
#: How far back from its colon a label may start, in characters.
LABEL_CHARS = 160
#: The most words a label has ("Member of the Presidency of Bosnia and Herzegovina Milorad Dodik").
LABEL_WORDS = 12
_WORDS = re.compile(r"[^\W\d_][\w'’.-]*")


def speaker_turns(
    doc: Doc,
    ents: list[dict],
    gazetteer: Gazetteer | None = None,
    *,
    voice: tuple[str, str | None] | None = None,
    date: dt.date | None = None,
    cues=None,
) -> list[Turn]:
    """The speakers' turns of a transcript, in order (empty for a text that is none).

    A turn opens with a label of at most `LABEL_WORDS` capitalised words (besides the speech
    cues' `turn_words`) and a colon, at the start of a paragraph or after a sentence: "President
    of Russia Vladimir Putin: ...", "THE PRESIDENT: ...", "Q: ...". Its speaker is, in order:

    1. the person entity in the label;
    2. the one person of the text whose surname the label has ("MR. KIRBY:"), or the gazetteer
       person one of whose names it has ("PRESIDENT ZELENSKYY:");
    3. the text's own voice (`document_voice`) where the label is a role it holds ("THE
       PRESIDENT:" in "Remarks by President Biden ...");
    4. in a transcript with turns of named people, a name the model missed at the label's end
       ("Member of the Presidency of Bosnia and Herzegovina Milorad Dodik:");
    5. no one, for a label in capitals or one of the cues' `unnamed_turns` ("MODERATOR:",
       "Question:"). Other words before a colon open no turn ("Look: ...").

    A text is a transcript when it has two labels or more, or one after one of the cues'
    `turn_intros` ("The following statement is attributed to ... John Kirby: ...").

    Args:
        doc: The tagged document.
        ents: Its `entities` rows.
        gazetteer: The actors, for names the model missed and for roles.
        voice: The text's own voice, `(name, actor id)`, from its title.
        date: The text's date, to tell who held a role then.
        cues: The speech cues (those of the run in progress by default).
    """
    cues = cues or lexicons.active().cues
    text = text_of(doc)
    people = [e for e in ents if e["entity_type"] == "person"]
    labels: list[tuple[int, int, int, list[dict], bool]] = []  # (start, end, colon, people in it, introduced)
    for match in _COLON.finditer(text):
        colon = match.start()
        window = max(0, colon - LABEL_CHARS)
        before = text[window:colon]
        note = _LABEL_NOTE.search(before)
        end = window + (note.start() if note else len(before.rstrip()))
        piece = text[window:end]
        cut = max(((piece.rfind(b), len(b)) for b in _BOUNDARIES), key=lambda x: x[0])
        if cut[0] < 0 and window > 0:
            continue
        start = window + (cut[0] + cut[1] if cut[0] >= 0 else 0)
        start += len(text[start:end]) - len(text[start:end].lstrip())
        inside = [e for e in people if start <= e["start_char"] and e["end_char"] <= end]
        if _is_label(text[start:end], cues):
            labels.append((start, end, colon, inside, False))
        elif inside and inside[-1]["end_char"] == end and _introduces(text[start : inside[-1]["start_char"]], cues):
            labels.append((inside[-1]["start_char"], end, colon, inside[-1:], True))
    turns: list[Turn] = []
    found: list[tuple[int, int, str, tuple[str, str | None] | None, bool]] = []
    by_label: dict[str, tuple[str, str | None] | None] = {}  # "MODERATOR:" comes back often
    for start, end, colon, inside, _ in labels:
        label = text[start:end]
        person = inside[-1] if inside else _by_surname(label, people)
        named: tuple[str, str | None] | None
        if person is not None:
            named = _name_id(person)
        else:
            if label not in by_label:
                by_label[label] = _gazetteer_person(label, gazetteer) or _role_of_voice(label, gazetteer, voice, date)
            named = by_label[label]
        found.append((start, colon, label, named, bool(person)))
    any_person = any(p for *_, p in found)
    for start, colon, label, named, _ in found:
        if named is None and any_person:
            named = _trailing_name(doc, label, start, ents, cues)
        if named is not None or label.isupper() or label.lower() in cues.unnamed_turns:
            turns.append(Turn(colon + 1, label, *(named or (None, None))))
    turns = [t for t in turns if not (t.name and any(p.search(t.name) for p in cues.not_speakers))]  # "Photo Credit"
    return turns if len(turns) >= 2 or any(i for *_, i in labels) else []


def turn_at(turns: list[Turn], position: int) -> Turn | None:
    """The turn a character is in, or None before the first (or in a text with no turns)."""
    i = bisect.bisect_right([t.start for t in turns], position) - 1
    return turns[i] if i >= 0 else None


def _is_label(label: str, cues) -> bool:
    """Whether words before a colon can label a turn: capitalised words only, save `turn_words`."""
    words = _WORDS.findall(label)
    if not words or len(words) > LABEL_WORDS or any(c.isdigit() for c in label) or not label[0].isupper():
        return False
    return all(w[0].isupper() or w.lower() in cues.turn_words for w in words)


def _introduces(prefix: str, cues) -> bool:
    """Whether the words before a name open that person's words: an intro of the cues'
    `turn_intros`, less the capitalised title before the name ("... attributed to Pentagon Press
    Secretary")."""
    words = prefix.split(" ")
    while words and (not words[-1] or words[-1][0].isupper()):
        words.pop()
    head = " ".join(words) + " "
    return any(p.search(head) for p in cues.turn_intros)


def _by_surname(label: str, people: list[dict]) -> dict | None:
    """The one person of the text whose surname is a word of a label ("MR. KIRBY", "SIMONS")."""
    words = {w.strip(".").lower() for w in _WORDS.findall(label)}
    found = {
        e["entity_id"]: e
        for e in people
        if len(e["entity_name"].split()) > 1 and e["entity_name"].split()[-1].lower() in words
    }
    return next(iter(found.values())) if len(found) == 1 else None


def _role_of_voice(
    label: str, gazetteer: Gazetteer | None, voice: tuple[str, str | None] | None, date: dt.date | None
) -> tuple[str, str | None] | None:
    """The text's own voice where a label is a role it holds ("THE PRESIDENT" of President Biden)."""
    if voice is None or gazetteer is None:
        return None
    words = frozenset(w.lower() for w in _WORDS.findall(label)) - {"the"}
    return voice if voice[1] in role_holders(words, gazetteer, date) else None


def _gazetteer_person(label: str, gazetteer: Gazetteer | None) -> tuple[str, str | None] | None:
    """The gazetteer person a label names by one of their aliases, in any case ("PRESIDENT ZELENSKYY")."""
    if gazetteer is None:
        return None
    actor = _named_actor(label.title() if label.isupper() else label, gazetteer, person=True)
    return (actor.name, actor.id) if actor is not None else None


def _trailing_name(doc: Doc, label: str, start: int, ents: list[dict], cues) -> tuple[str, str | None] | None:
    """A name the model missed at the end of a label: its last two words, where both are
    capitalised (not in capitals) proper nouns, in no entity, and no title ("Member of the Presidency of Bosnia
    and Herzegovina Milorad Dodik"); None for a label that names no one ("Question")."""
    found = list(re.finditer(r"\S+", label))[-2:]
    if len(found) < 2 or any(not m.group()[0].isupper() or m.group().isupper() for m in found):
        return None
    if any(m.group().lower().strip(".") in cues.titles for m in found):
        return None
    first = start + found[0].start()
    if any(e["start_char"] < start + len(label) and e["end_char"] > first for e in ents):
        return None
    span = doc.char_span(first, start + len(label), alignment_mode="expand")
    # the words' own tokens ("Dodik(retranslated" is one token, run on past the label)
    words = [t for t in span if t.idx + len(t) <= start + len(label)] if span is not None else []
    if not words or any(t.pos_ != "PROPN" for t in words):
        return None  # "Subs Not Used", "NATO Recon Missed Everything"
    name = " ".join(m.group() for m in found)
    return name, f"person:{name.lower()}"


def _name_id(ent: dict) -> tuple[str, str | None]:
    return ent["entity_name"], ent["entity_id"]
