"""Who speaks in a text as a whole: the voice that a headline such as "Address by ..." names."""

from __future__ import annotations

import datetime as dt
import re

from .. import lexicons
from ..gazetteer import Gazetteer, clean_name

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
