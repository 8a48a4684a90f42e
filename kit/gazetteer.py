"""The curated gazetteer of conflict actors, and entity resolution against it."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING

from .doc_text import text_of
from .yamlfile import load_yaml

if TYPE_CHECKING:  # spaCy is imported where it is used, so that reading a store never loads it
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

    from .extract.quotes import Cues

DEFAULT_GAZETTEER = Path(__file__).parent / "data" / "gazetteer.yaml"
NOT_ENTITIES = Path(__file__).parent / "data" / "not_entities.yaml"

TYPES = ("person", "state", "government", "organisation", "armed_group", "place", "media", "agreement")
DEFAULT_LABELS = {
    "person": "PERSON",
    "state": "GPE",
    "government": "ORG",
    "organisation": "ORG",
    "armed_group": "ORG",
    "place": "GPE",
    "media": "ORG",
    "agreement": "LAW",
}
#: spaCy labels kept in the entities table, and the entity type given to those outside the gazetteer.
NAMED_LABELS = {
    "PERSON": "person",
    "NORP": "group",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "EVENT": "event",
    "LAW": "law",
    "PRODUCT": "product",
    "WORK_OF_ART": "work",
    "LANGUAGE": "language",
}
_STANCE_PREFIXES = {"pro", "anti", "non"}
_LEADING = re.compile(r"^(?:(?:the|The|THE)\s+|(?:Mr|Mrs|Ms|Miss|Dr|Sir|Mme|Herr)\.?\s+)+")
_POSSESSIVE = re.compile(r"(['’]s|['’])$")


@dataclass(frozen=True)
class Role:
    """An office a person held: its title, the cue words news text uses, and its term."""

    title: str
    cues: tuple[str, ...]
    start: str | None  # ISO date
    end: str | None  # ISO date; None while in office

    def held_on(self, date: dt.date | None) -> bool:
        """Whether the office was held on `date` (True when the date is unknown)."""
        when = date.isoformat() if date is not None else None
        return when is None or ((self.start or "") <= when and (self.end is None or when <= self.end))


@dataclass(frozen=True)
class Actor:
    """One canonical entity of the gazetteer."""

    id: str
    name: str
    type: str
    label: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...] = ()
    stands_for: str | None = None
    country: str | None = None
    roles: tuple[Role, ...] = ()
    generic: bool = False  # a body every state has ("Foreign Ministry"): see `Gazetteer.state_body`


#: Words that make an outlet's name a government's body or office ("President of Ukraine",
#: "U.S. Department of the Treasury", "Ministry of Foreign Affairs of Ukraine").
_PUBLIC_OFFICE = re.compile(
    r"\b(President|Presidency|Prime Minister|Government|Ministry|Department|Office|Cabinet|Embassy|Administration)\b"
)


@dataclass
class Gazetteer:
    """A set of actors, looked up by id, with a digest of the file they came from."""

    actors: dict[str, Actor]
    path: Path
    digest: str
    warnings: list[str] = field(default_factory=list)
    not_entities: dict[str, tuple[str, ...]] = field(default_factory=dict)  # text -> contexts ("" = always)

    def is_not_entity(self, span: Span) -> bool:
        """Whether a model entity (not a gazetteer match) is on the `not_entities.yaml` list."""
        contexts = self.not_entities.get(clean_name(span.text))
        if not contexts:
            return False
        before = " ".join(text_of(span.doc)[max(0, span.start_char - 40) : span.start_char].split())
        return any(not c or before.endswith(c) for c in contexts)

    @functools.cached_property
    def title_words(self) -> frozenset[str]:
        """Lower-case words of the offices the actors hold ("president", "minister", "head")."""
        words: set[str] = set()
        for actor in self.actors.values():
            for role in actor.roles:
                for text in (role.title, *role.cues):
                    words |= {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
        return frozenset(words)

    @functools.cached_property
    def _states(self) -> dict[str, Actor]:
        """States by every lower-case way news names them: name, aliases, demonyms, and the places
        that stand for one ("Kiev", "Moscow")."""
        states: dict[str, Actor] = {}
        for actor in self.actors.values():
            state = actor if actor.type == "state" else self.actors.get(actor.stands_for or "")
            if state is None or state.type != "state" or actor.type not in ("state", "place"):
                continue
            for text in (*actor.aliases, *actor.demonyms):
                states.setdefault(clean_name(text).lower(), state)
        return states

    @functools.cached_property
    def _generic_bodies(self) -> dict[str, Actor]:
        """Generic bodies by each lower-case name and alias ("ministry of foreign affairs")."""
        return {alias.lower(): a for a in self.actors.values() if a.generic for alias in a.aliases}

    @functools.cached_property
    def _alias_index(self) -> dict[str, Actor]:
        """Actors by each alias as `clean_name` writes it, lower case ("russia's foreign ministry")."""
        return {clean_name(alias).lower(): actor for actor in self.actors.values() for alias in actor.aliases}

    def by_alias(self, text: str) -> Actor | None:
        """The actor whose name or alias a whole phrase is, in any case ("the UN Council"), if any."""
        return self._alias_index.get(clean_name(text).lower())

    def state_named(self, text: str) -> Actor | None:
        """The state a qualifier names: "Russia's", "Ukrainian", "the US", "Kiev" (a place that
        stands for its state); None for any other text."""
        return self._states.get(clean_name(text).lower())

    def publisher_state(self, outlet: str | None) -> str | None:
        """The state whose government publishes under an outlet's name, if the outlet is one of its
        bodies: "The White House (whitehouse.gov)" and "U.S. Department of Defense" are the United
        States', "President of Ukraine (president.gov.ua/en, ...)" Ukraine's; a news outlet ("BBC
        News", "Reuters", state media too) is no state's government. Each part of the name (split at
        brackets and commas) is tried: a gazetteer government, or a body or office of a state
        written out ("President of X", "Ministry of Defence of X", "U.S. Department of ...").
        """
        for part in re.split(r"[(),;]", outlet or ""):
            part = part.strip()
            actor = self.by_alias(part)
            if actor is not None:
                if actor.type in ("government", "state"):
                    return actor.stands_for or actor.country or actor.id
                continue
            words = part.split()
            if not words or not _PUBLIC_OFFICE.search(part):
                continue
            after_of = re.split(r"\bof\b", part)[-1] if " of " in part else ""
            state = self.state_named(after_of) or self.state_named(words[0])
            if state is not None:
                return state.id
        return None

    def split_body(self, name: str) -> tuple[str, Actor] | None:
        """A name that ends with a generic body: the words before it ("" for none) and the body.

        "South Korea's Ministry of Foreign Affairs" -> ("South Korea", Foreign Ministry);
        "Defence Ministry" -> ("", Defence Ministry); "Russian Foreign Ministry" -> ("Russian", ...).
        """
        words = clean_name(name).split()
        for n in range(len(words)):
            body = self._generic_bodies.get(" ".join(words[n:]).lower())
            if body is not None:
                return clean_name(" ".join(words[:n])) if n else "", body
        return None

    def state_body(self, body: Actor, qualifier: str) -> tuple[str, str, Actor | None]:
        """A generic body as the body of the state a qualifier names: `(entity_id, entity_name,
        actor)`, the actor being the gazetteer's own entry where one of its aliases is the body
        with that state ("Russian Foreign Ministry"), else None.

        The body of a state the gazetteer does not know is named by the qualifier as written
        ("South Korea's Foreign Ministry"); every spelling of the body ("Ministry of Foreign
        Affairs") and of the state ("Ukrainian", "Ukraine's") gives the same id.
        """
        state = self.state_named(qualifier)
        if state is not None:
            for form in (*state.demonyms, *(f"{a}'s" for a in state.aliases), *state.aliases):
                for alias in body.aliases:
                    actor = self.by_alias(f"{form} {alias}")
                    if actor is not None and actor.id != body.id:
                        return actor.id, actor.name, actor
        label = state.name if state is not None else clean_name(qualifier)
        name = f"{label}'s {body.name}"
        return f"org:{name.lower()}", name, None

    def __getitem__(self, actor_id: str) -> Actor:
        return self.actors[actor_id]

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.actors

    def __len__(self) -> int:
        return len(self.actors)

    def patterns(self) -> list[dict]:
        """Phrase patterns for spaCy's `entity_ruler`: every alias and demonym, with the actor id."""
        patterns = []
        for actor in self.actors.values():
            aliases = [*actor.aliases, *(a.replace("'", "’") for a in actor.aliases if "'" in a)]  # Russia’s
            patterns += [{"label": actor.label, "pattern": alias, "id": actor.id} for alias in aliases]
            patterns += [{"label": "NORP", "pattern": d, "id": actor.id} for d in actor.demonyms]
        return patterns

    def table(self):
        """The gazetteer as a DataFrame: one row per actor (id, name, type, label, aliases, ...)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "entity_id": a.id,
                    "entity_name": a.name,
                    "entity_type": a.type,
                    "label": a.label,
                    "aliases": list(a.aliases),
                    "demonyms": list(a.demonyms),
                    "stands_for": a.stands_for,
                    "country": a.country,
                    "n_roles": len(a.roles),
                }
                for a in self.actors.values()
            ]
        )


@functools.lru_cache(maxsize=8)
def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """Load and validate a gazetteer YAML file.

    Args:
        path: The file; the kit's own `data/gazetteer.yaml` by default.

    Returns:
        The gazetteer. Aliases claimed by two actors are kept for the first and listed in `warnings`.

    Raises:
        ValueError: For an entry without id or name, a repeated id or an unknown type, naming it.
    """
    path = Path(path) if path else DEFAULT_GAZETTEER
    raw = path.read_bytes()
    entries = load_yaml(raw.decode("utf-8"), path.name) or []
    if not isinstance(entries, list):
        raise ValueError(f"{path.name}: a gazetteer is a YAML list of actors")
    raw_ignore = NOT_ENTITIES.read_bytes()
    not_entities: dict[str, tuple[str, ...]] = {}
    for entry in load_yaml(raw_ignore.decode("utf-8"), NOT_ENTITIES.name) or []:
        not_entities[str(entry["text"])] = (*not_entities.get(str(entry["text"]), ()), str(entry.get("after") or ""))
    actors: dict[str, Actor] = {}
    owner: dict[str, str] = {}
    warnings: list[str] = []
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
            raise ValueError(f"{path}: entry {n} needs an 'id' and a 'name': {entry!r}")
        actor_id, kind = str(entry["id"]), entry.get("type")
        if actor_id in actors:
            raise ValueError(f"{path}: id '{actor_id}' is used twice")
        if kind not in TYPES:
            raise ValueError(f"{path}: '{actor_id}' has type {kind!r}; use one of {', '.join(TYPES)}")
        aliases = []
        given = entry.get("aliases") or []
        if isinstance(given, str):  # "aliases: Russia" is one alias, not six letters
            given = [given]
        for alias in [entry["name"], *given]:
            alias = str(alias)
            if owner.setdefault(alias, actor_id) != actor_id:
                warnings.append(f"alias '{alias}' of '{actor_id}' already belongs to '{owner[alias]}'")
            elif alias not in aliases:
                aliases.append(alias)
        roles = tuple(
            Role(str(r["title"]), tuple(str(c) for c in r.get("cues") or []), _iso(r.get("from")), _iso(r.get("to")))
            for r in entry.get("roles") or []
        )
        actors[actor_id] = Actor(
            id=actor_id,
            name=str(entry["name"]),
            type=kind,
            label=entry.get("label") or DEFAULT_LABELS[kind],
            aliases=tuple(aliases),
            demonyms=tuple(str(d) for d in entry.get("demonyms") or []),
            stands_for=entry.get("stands_for"),
            country=entry.get("country"),
            roles=roles,
            generic=bool(entry.get("generic")),
        )
    digest = hashlib.sha256(raw + b"\0" + raw_ignore).hexdigest()[:16]
    return Gazetteer(actors, path, digest, warnings, not_entities)


def _iso(value: object) -> str | None:
    return None if value in (None, "") else str(value)


def add_to_pipeline(nlp: Language, gazetteer: Gazetteer) -> Language:
    """Add the gazetteer to a pipeline as an `entity_ruler` after `ner` that overrides it.

    Gazetteer matches replace overlapping model entities (the small model tags `Kyiv`
    and `Avdiivka` as PERSON); model entities elsewhere keep their label.

    Args:
        nlp: A loaded pipeline with an `ner` component.
        gazetteer: The actors to match (case-sensitive, longest match wins).

    Returns:
        The same pipeline.
    """
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="kit_gazetteer",
        config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH", "validate": False},
        after="ner" if "ner" in nlp.pipe_names else None,
    )
    ruler.add_patterns(gazetteer.patterns())  # type: ignore[attr-defined]
    _register_model_people()
    if "ner" in nlp.pipe_names and MODEL_PEOPLE not in nlp.pipe_names:
        nlp.add_pipe(TITLED_PEOPLE, before="kit_gazetteer")
        nlp.add_pipe(MODEL_PEOPLE, before="kit_gazetteer")
    return nlp


#: The pipeline component (after `ner`) that tags as a person a name the model left untagged after
#: a title: "Russian Minister of Transport Maxim Sokolov said ...".
TITLED_PEOPLE = "kit_titled_people"
#: Words between an office and its complement ("Minister of Transport", "Minister for Europe").
_OFFICE_LINKS = frozenset({"of", "for"})


class _TitledPeople:
    """Add a PERSON entity for each untagged name written right after a title ("Russian Minister
    Maxim Sokolov"), or after a title and its complement ("Minister of Transport Maxim Sokolov",
    "Minister of Foreign Affairs Dmytro Kuleba"): the last two capitalised proper nouns of the run,
    three with a middle initial. Words that are all English dictionary words ("Chief Executive
    Officer", "Minister of Foreign Affairs") are no name; the dictionary is the model's own
    lemmatizer index, and a model without one adds no names.
    """

    def __init__(self, nlp: Language) -> None:
        words: set[str] = set()
        if "lemmatizer" in nlp.pipe_names:
            lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
            if lookups is not None and lookups.has_table("lemma_index"):
                index = lookups.get_table("lemma_index")
                for pos in index.keys():
                    words.update(index[pos])
        self.words = frozenset(words)

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span as SpacySpan

        if not self.words:
            return doc
        titles = _cue_titles()
        added: list[Span] = []
        taken = {t.i for e in doc.ents for t in e}
        i = 0
        while i < len(doc):
            token = doc[i]
            i += 1
            if not (token.is_title and token.lower_.rstrip(".") in titles):
                continue
            j = token.i + 1
            complement = j < len(doc) and doc[j].lower_ in _OFFICE_LINKS
            if complement:
                j += 2 if j + 1 < len(doc) and doc[j + 1].lower_ == "the" else 1
            end = j
            while end < len(doc) and end - j < 8:
                if doc[end].pos_ == "PROPN" and (doc[end].is_title or _initial(doc[end])):
                    end += 1
                elif complement and end > j and doc[end].lower_ in _OFFICE_LINKS | {"the"} and _named_next(doc, end):
                    end += 1  # "President of the Republic of Latvia Egils Levits"
                else:
                    break
            size = 3 if end - j >= 3 and _initial(doc[end - 2]) else 2
            # a complement comes before the name: "of Transport Maxim Sokolov", not "of Foreign Affairs"
            if end - j < size + complement or (not complement and end - j > 3):
                continue
            name = doc[end - size : end]
            if (
                not all(t.pos_ == "PROPN" for t in name)
                or any(t.i in taken for t in name)
                or _initial(name[0])
                or _initial(name[-1])
                or any(t.lower_.rstrip(".") in titles for t in name)
                or all(t.lower_ in self.words for t in name if not _initial(t))
            ):
                continue
            added.append(SpacySpan(doc, name.start, name.end, label="PERSON"))
            taken |= {t.i for t in name}
            i = end
        if added:
            doc.ents = sorted([*doc.ents, *added], key=lambda span: span.start)
        return doc


def _named_next(doc: Doc, i: int) -> bool:
    """Whether a capitalised proper noun follows token `i` (after "the"): a complement goes on."""
    following = doc[i + 1 : i + 3]
    return any(t.pos_ == "PROPN" and t.is_title for t in following[:1]) or (
        len(following) == 2 and following[0].lower_ == "the" and following[1].is_title
    )


def _initial(token: Token) -> bool:
    """A middle initial: "J." of "John J. Ferriola"."""
    return len(token.text) == 2 and token.text[0].isupper() and token.text[1] == "."


#: The pipeline component (after `ner`, before the gazetteer) that keeps the model's own PERSON
#: spans in `doc.spans[MODEL_PEOPLE]`, so that a gazetteer surname can yield to a longer name.
MODEL_PEOPLE = "kit_model_people"


def _register_model_people() -> None:
    from spacy.language import Language

    if not Language.has_factory(MODEL_PEOPLE):
        Language.component(MODEL_PEOPLE, func=_keep_model_people)
    if not Language.has_factory(TITLED_PEOPLE):
        Language.factory(TITLED_PEOPLE, func=lambda nlp, name: _TitledPeople(nlp))


def _keep_model_people(doc: Doc) -> Doc:
    doc.spans[MODEL_PEOPLE] = [e for e in doc.ents if e.label_ == "PERSON"]
    return doc


def _longer_name(ent: Span, gazetteer: Gazetteer) -> Span | None:
    """The longer name that a gazetteer surname match cut short: someone else's ("Kyrylo Tymoshenko"
    is not the gazetteer's Yulia Tymoshenko, though "Tymoshenko" alone is), or the actor's own first
    name spelled another way ("Vitaly Klitschko", kept as the actor).

    The words before the surname are capitalised names joined to it (the model's own PERSON span,
    or proper nouns the parser made compounds of it), in no other entity, and are neither the
    actor's own (no alias of the actor is the longer name) nor a title or honorific ("President
    Zelensky", "Mayor Klitschko"). Whether the first name is the actor's decides whose name it is.
    """
    actor = gazetteer.actors.get(ent.id_) if ent.id_ else None
    if actor is None or actor.type != "person" or len(ent) != 1:
        return None
    doc = ent.doc
    start = ent.start
    model = [s for s in doc.spans[MODEL_PEOPLE] if s.end == ent.end] if MODEL_PEOPLE in doc.spans else []
    if model and model[0].start < ent.start:
        start = model[0].start
    while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == ent.start:
        start -= 1  # "Kyrylo Tymoshenko": Kyrylo is a compound of the surname
    before = doc[start : ent.start]
    if (
        not before
        or not all(t.is_title and t.pos_ == "PROPN" and not t.ent_type_ for t in before)
        or {t.lower_.rstrip(".") for t in before} & (gazetteer.title_words | _cue_titles())
    ):
        return None
    from spacy.tokens import Span as SpacySpan

    if clean_name(doc[start : ent.end].text) in actor.aliases or _spelling_of(before[0].text, actor):
        return SpacySpan(doc, start, ent.end, label=ent.label_, span_id=actor.id)  # "Vitaly Klitschko": the actor
    return SpacySpan(doc, start, ent.end, label="PERSON")


#: Last words of a longer name that is a body's own service, not another body ("Kremlin Press Service").
_SPEAKS_FOR_ITS_BODY = frozenset({"service", "office", "spokesman", "spokeswoman", "spokesperson"})


def _without_contained(spans: list[Span]) -> list[Span]:
    """The spans, less any that a longer one holds ("Europe" in "United Nations Economic Commission
    for Europe", once that name is one body), in their order."""
    ordered = sorted(range(len(spans)), key=lambda n: (spans[n].start, -len(spans[n])))
    dropped, reach = set(), -1
    for n in ordered:
        if spans[n].end <= reach:
            dropped.add(n)
        reach = max(reach, spans[n].end)
    return [span for n, span in enumerate(spans) if n not in dropped]


def _longer_organisation(ent: Span, gazetteer: Gazetteer) -> Span | None:
    """The longer name of another body that a gazetteer organisation's match cut short: "United
    Nations Economic Commission for Europe" is not the United Nations. The match is a compound of a
    capitalised proper noun after it (with its own "for"/"of" name parts), and the words between
    are capitalised proper nouns in no other entity and no title ("NATO Secretary General Jens
    Stoltenberg" is a person with a title, not a body). A press service or office speaks for its
    body and stays it ("Kremlin Press Service" is the Kremlin)."""
    actor = gazetteer.actors.get(ent.id_) if ent.id_ else None
    if actor is None or actor.type == "person":
        return None
    doc = ent.doc
    head = doc[ent.end - 1].head
    if doc[ent.end - 1].dep_ != "compound" or head.i < ent.end or head.i > ent.end + 3:
        return None
    words = doc[ent.end : head.i + 1]
    titles = _cue_titles()
    if head.lower_ in _SPEAKS_FOR_ITS_BODY:
        return None
    if not all(t.pos_ == "PROPN" and t.is_title and not t.ent_type_ and t.lower_ not in titles for t in words):
        return None
    end = head.i + 1
    for prep in head.rights:  # "... Commission for Europe"
        if prep.i == end and prep.lower_ in ("for", "of", "on") and prep.dep_ == "prep":
            objs = [c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "PROPN" and c.is_title]
            if objs and objs[0].right_edge.i == objs[0].i:
                end = objs[0].i + 1
    start = ent.start
    while start >= 2 and doc[start - 1].text == "-" and not (doc[start - 2].whitespace_ or doc[start - 1].whitespace_):
        if doc[start - 2].ent_type_:
            return None  # "EU-Russia Summit": two actors named, no third body
        start -= 2  # "Inter-American Development Bank"
    from spacy.tokens import Span as SpacySpan

    return SpacySpan(doc, start, end, label="ORG")


def _speech_cues() -> Cues:
    """The run's speech cues (`speech_cues.yaml`): titles, honorifics, post-nominal letters."""
    from . import lexicons

    return lexicons.active().cues


def _cue_titles() -> frozenset[str]:
    """The titles of the run's speech cues (`speech_cues.yaml`: honorifics, offices and ranks)."""
    return _speech_cues().titles


def _spelling_of(first_name: str, actor: Actor) -> bool:
    """Whether a first name is another spelling of the actor's ("Vitaly" of Vitali Klitschko,
    "Vladimir" of Volodymyr Zelensky), not someone else's ("Kyrylo" of Yulia Tymoshenko)."""
    firsts = {alias.split()[0].lower() for alias in (actor.name, *actor.aliases) if " " in alias}
    return any(SequenceMatcher(None, first_name.lower(), f).ratio() >= 0.55 for f in firsts)


def clean_name(text: str) -> str:
    """An entity's name as a reader would write it: no leading 'the' or 'Mr', no possessive, single spaces."""
    text = " ".join(text.replace("’", "'").split())  # one apostrophe: "Russia’s" is "Russia's"
    text = _POSSESSIVE.sub("", _LEADING.sub("", text))
    out = text.strip(" .,;:\"'“”‘’()-")
    if out.count("(") > out.count(")") and text.rstrip(" .,;:").endswith(")"):
        out += ")"  # "the Group of Seven (G7)" keeps its closing bracket
    return out or text


def entity_rows(doc: Doc, gazetteer: Gazetteer, doc_id: str) -> list[dict]:
    """Resolve a tagged document's named entities to canonical actors.

    Gazetteer matches carry their actor id. Other entities keep spaCy's label and get an id
    built from label and name; within the document a surname alone ("Bushmin", "Sullivan")
    resolves to the full name used elsewhere in it ("Yevgeny Bushmin", the gazetteer's Jake
    Sullivan), also where the model tagged it as an organisation. `resolved_by` says how:
    `gazetteer`, `article` (a surname or name resolved within the document) or empty (as
    written); `kit.actors` later resolves surnames across the corpus (`corpus`). A demonym after "pro-"/"anti-"
    ("pro-Russian") is a stance, kept as its own NORP entity rather than the state.

    Args:
        doc: A document processed by a pipeline with the gazetteer added.
        gazetteer: The gazetteer used for that pipeline.
        doc_id: The document's id, copied to every row.

    Returns:
        Rows for the `entities` table.
    """
    spans = [
        _longer_name(e, gazetteer)
        or _longer_organisation(e, gazetteer)
        or _with_first_name(
            _without_office_place(
                _without_verb(
                    _no_person_after_the(
                        _without_descriptor(
                            _without_post_nominal(
                                _person_after_honorific(_person_in_apposition(_with_name_adjective(e)))
                            )
                        )
                    )
                ),
                gazetteer,
            ),
            gazetteer,
        )
        for e in doc.ents
        if e.label_ in NAMED_LABELS and (e.id_ or not gazetteer.is_not_entity(e)) and not _person_after_the(e)
    ]
    spans = _without_contained(spans)
    taken_for_people = _names_of_tagged_surnames(spans)
    full_names = _person_full_names(spans, taken_for_people)
    people = _gazetteer_surnames(spans, gazetteer)
    organisations = _organisation_short_names(spans, gazetteer)
    knights = _knights(spans)
    named_in_full = {e.id_ for e in spans if e.id_ and len(e) > 1}
    rows = []
    for ent in spans:
        ent = _with_stance_prefix(ent)
        actor = gazetteer.actors.get(ent.id_) if ent.id_ else None
        name, ent_label = clean_name(ent.text), ent.label_
        if (
            actor is not None
            and actor.type == "person"
            and " " not in name
            and name in full_names
            and actor.id not in named_in_full
        ):  # "Mr Tymoshenko" after "Kyrylo Tymoshenko", where Yulia Tymoshenko is not named: Kyrylo
            actor, name, ent_label = None, full_names[name], "PERSON"
        resolved_by = "gazetteer" if actor is not None else "article" if " " in name and ent.id_ else None
        if actor is None and ent.start in taken_for_people:  # "Nicola Sturgeon" (ORG) before "Ms Sturgeon"
            ent_label, resolved_by = "PERSON", "article"
        if actor is None and " " not in name:  # a surname alone, even where the model calls it an ORG:
            actor = people.get(name)  # "Sullivan" after "Jake Sullivan" is that gazetteer person,
            if actor is None and name in full_names:  # "Galperin" after "Eva Galperin" is her
                name, ent_label = full_names[name], "PERSON"
            elif (
                actor is None and name in knights and ent.start > 0 and ent.doc[ent.start - 1].lower_ in ("sir", "dame")
            ):
                name, ent_label = knights[name], "PERSON"  # "Sir John" after "Sir John Bourn"
            elif actor is None and ent_label == "ORG" and name in organisations:  # "the NAO", "Cairn"
                name, actor = organisations[name]
            if actor is not None or ent_label == "PERSON" and " " in name:
                resolved_by = "article"
        if actor is not None:
            entity_id, name, kind = actor.id, actor.name, actor.type
        else:
            entity_id = f"{ent_label.lower()}:{name.lower()}"
            kind = NAMED_LABELS[ent_label]
        rows.append(
            {
                "doc_id": doc_id,
                "start_char": ent.start_char,
                "end_char": ent.end_char,
                "text": ent.text,
                "label": ent.label_,
                "entity_id": entity_id,
                "entity_name": name,
                "entity_type": kind,
                "in_gazetteer": actor is not None,
                "resolved_by": resolved_by,
                "sent_start": ent.sent.start_char if doc.has_annotation("SENT_START") else None,
            }
        )
    _give_bodies_their_state(rows, spans, doc, gazetteer)
    return rows


def _give_bodies_their_state(rows: list[dict], spans: list[Span], doc: Doc, gazetteer: Gazetteer) -> None:
    """Name each mention of a generic body ("the Foreign Ministry") as the body of the state the
    text gives it, in place (`Gazetteer.state_body`): the state or demonym just before it ("South
    Korea's Ministry of Foreign Affairs"), else the one state the article gives the same body
    elsewhere, or where it gives several, the one it gave last before the mention, else the state
    of the article's dateline ("MOSCOW, August 8 (RIA Novosti) -").
    A mention with none of these stays the body alone; `resolved_by` is `article` where the state
    came from around the mention."""
    found: list[tuple[dict, Actor, str, bool]] = []  # row, body, qualifier, whether in the name itself
    found_spans: list[Span] = []  # the mention of each
    for n, (row, ent) in enumerate(zip(rows, spans, strict=True)):
        actor = gazetteer.actors.get(row["entity_id"])
        if actor is not None and actor.generic:
            body, qualifier = actor, ""
        elif row["label"] == "ORG" and (split := gazetteer.split_body(row["entity_name"])):
            qualifier, body = split
            if row["in_gazetteer"]:  # "Russia's Foreign Ministry": named already, and a state it gives
                found.append((row, body, qualifier, True))
                found_spans.append(ent)
                continue
        else:
            continue
        in_name = bool(qualifier)
        if not qualifier and n > 0:
            before = spans[n - 1]
            gap = text_of(doc)[before.end_char : ent.start_char].strip()
            if before.label_ in ("GPE", "NORP") and gap in ("", "'s", "’s"):
                qualifier = before.text
        found.append((row, body, qualifier, in_name))
        found_spans.append(ent)
    given: dict[str, dict[str, str]] = {}  # body id -> state key -> the qualifier as written
    for _, body, qualifier, _ in found:
        if qualifier:
            state = gazetteer.state_named(qualifier)
            given.setdefault(body.id, {}).setdefault(state.id if state else clean_name(qualifier).lower(), qualifier)
    dateline = _dateline(rows, doc, gazetteer) if found else None
    # body id -> the sentence that gave it a state last, so far, and the states it gave there
    last: dict[str, tuple[int, dict[str, str]]] = {}
    for (row, body, qualifier, in_name), ent in zip(found, found_spans, strict=True):
        if qualifier:
            state = gazetteer.state_named(qualifier)
            at, states_there = last.get(body.id, (-1, {}))
            if at != ent.sent.start:
                at, states_there = ent.sent.start, {}
            states_there.setdefault(state.id if state else clean_name(qualifier).lower(), qualifier)
            last[body.id] = (at, states_there)
        if row["in_gazetteer"] and row["entity_id"] != body.id:
            continue
        if not qualifier:
            states = given.get(body.id, {})
            # several states' bodies: the one the sentence that gave one last gave, where it gave
            # only one ("Ukraine's Foreign Ministry has rejected ... In a press release, the Foreign
            # Ministry accused Moscow"; not after "Russia's and Ukraine's Foreign Ministries met")
            there = last.get(body.id, (-1, {}))[1]
            latest = next(iter(there.values())) if len(there) == 1 else ""
            qualifier = next(iter(states.values())) if len(states) == 1 else latest or dateline or ""
        if not qualifier:
            continue
        entity_id, name, actor = gazetteer.state_body(body, qualifier)
        row.update(
            entity_id=entity_id,
            entity_name=name,
            entity_type=actor.type if actor is not None else "government",
            in_gazetteer=actor is not None,
            resolved_by=row["resolved_by"] if in_name else "article",
        )


def _dateline(rows: list[dict], doc: Doc, gazetteer: Gazetteer) -> str | None:
    """The state of a dateline, a place in capitals that opens a paragraph in the first 600
    characters ("MOSCOW, August 8 (RIA Novosti) -", "KYIV, Ukraine (AP) -"), after a headline or
    not, as written, where the gazetteer knows it; else None."""
    for row in rows:
        start = row["start_char"]
        if start > 600:
            break
        opens_paragraph = start == 0 or text_of(doc)[start - 1] == "\n"
        after = text_of(doc)[row["end_char"] : row["end_char"] + 3]
        dated = after.startswith((",", " -", " —", " –"))
        if opens_paragraph and dated and row["label"] == "GPE" and row["text"].isupper():
            return row["text"] if gazetteer.state_named(row["text"]) is not None else None
    return None


def _with_stance_prefix(ent: Span) -> Span:
    """Extend "Russian" to "pro-Russian" when a stance prefix is glued to it by a hyphen."""
    from spacy.tokens import Span

    doc = ent.doc
    if (
        ent.label_ == "NORP"
        and ent.start >= 2
        and doc[ent.start - 1].text == "-"
        and not doc[ent.start - 1].whitespace_
        and not doc[ent.start - 2].whitespace_
        and doc[ent.start - 2].lower_ in _STANCE_PREFIXES
    ):
        return Span(doc, ent.start - 2, ent.end, label="NORP")
    return ent


def _without_office_place(ent: Span, gazetteer: Gazetteer) -> Span:
    """A person's name the model ran back into the place of their office ("President of Angola
    Joao Lourenco", "Prime Minister of Greece Kyriakos Mitsotakis") without that place: three
    capitalised words or more after "of" and an office (`speech_cues.yaml`'s titles), also where
    the model took the whole for a body or place ("Prime Minister of Israel Naftali Bennett" as an
    organisation) if it opens with a state the gazetteer knows, or ends with a name the model
    tags as a person elsewhere in the text."""
    from spacy.tokens import Span

    doc = ent.doc
    if ent.id_ or len(ent) < 3 or ent.start < 2 or doc[ent.start - 1].lower_ != "of":
        return ent
    if doc[ent.start - 2].lower_ not in _cue_titles():
        return ent
    if ent.label_ == "PERSON" and all(t.is_title for t in ent):
        return Span(doc, ent.start + 1, ent.end, label="PERSON")
    if ent.label_ in ("ORG", "GPE"):  # "Israel Naftali Bennett", "the State of Palestine Mahmoud Abbas"
        people = {e.text for e in doc.ents if e.label_ == "PERSON"}
        for k in range(1, len(ent) - 1):
            name = ent[k:]
            if not all(t.pos_ == "PROPN" and t.is_title for t in name):
                continue
            if gazetteer.state_named(ent[:k].text) is not None or name.text in people:
                return Span(doc, ent.start + k, ent.end, label="PERSON")
    return ent


def _with_first_name(ent: Span, gazetteer: Gazetteer) -> Span:
    """A model PERSON of one word with the first name the model left out ("Alar Karis" of
    "President of the Republic of Estonia Alar Karis", tagged "Karis"): capitalised proper nouns the
    parser made compounds of it, in no other entity and no title."""
    from spacy.tokens import Span

    if ent.label_ != "PERSON" or ent.id_ or len(ent) != 1:
        return ent
    doc, start = ent.doc, ent.start
    titles = gazetteer.title_words | _cue_titles()
    while (
        start > 0
        and doc[start - 1].dep_ == "compound"
        and doc[start - 1].head.i == ent.start
        and doc[start - 1].is_title
        and doc[start - 1].pos_ == "PROPN"
        and not doc[start - 1].ent_type_
        and doc[start - 1].lower_.rstrip(".") not in titles
    ):
        start -= 1
    return Span(doc, start, ent.end, label="PERSON") if start < ent.start else ent


def _person_after_the(ent: Span) -> bool:
    """Whether a model PERSON is one word after "the" ("said the Adviser to the President's
    Office"): an office or description, which `kit.extract.quotes` resolves, not a name."""
    return (
        ent.label_ == "PERSON"
        and not ent.id_
        and len(ent) == 1
        and ent.start > 0
        and ent.doc[ent.start - 1].lower_ == "the"
        and ent[0].tag_ != "NNPS"
        and ent[0].dep_ != "compound"  # "the Pew report" names Pew
    )


def _no_person_after_the(ent: Span) -> Span:
    """A model PERSON that starts with "the" ("The Lib Dems accused ...") is a group, not a person:
    an organisation."""
    from spacy.tokens import Span

    if ent.label_ != "PERSON" or ent.id_ or len(ent) < 2 or ent[0].lower_ != "the":
        return ent
    return Span(ent.doc, ent.start, ent.end, label="ORG")


def _with_name_adjective(ent: Span) -> Span:
    """A group's name with the capitalised word before it that the model left out ("Liberal
    Democrats", "Social Democrats", where the model tags "Democrats"): a proper noun that modifies
    the name and is no entity of its own."""
    from spacy.tokens import Span

    if ent.label_ != "NORP" or ent.id_ or ent.start == 0:
        return ent
    before = ent.doc[ent.start - 1]
    if (
        before.pos_ == "PROPN"
        and before.is_title
        and before.ent_iob_ == "O"
        and before.dep_ in ("amod", "compound")
        and ent.start <= before.head.i < ent.end
    ):
        return Span(ent.doc, ent.start - 1, ent.end, label=ent.label_)
    return ent


def _person_after_honorific(ent: Span) -> Span:
    """A name the model took for a place or thing with an honorific before it or as its first word
    ("Mr Katwala": GPE, "Mr Cable": ORG) is a person."""
    from spacy.tokens import Span

    if ent.label_ not in _MISTAKEN_FOR or ent.id_ or len(ent) > 4:
        return ent
    honorifics = _speech_cues().honorifics
    first = ent[0].lower_.rstrip(".") in honorifics and len(ent) > 1
    if not first and (ent.start == 0 or ent.doc[ent.start - 1].lower_.rstrip(".") not in honorifics):
        return ent
    return Span(ent.doc, ent.start, ent.end, label="PERSON")


def _without_post_nominal(ent: Span) -> Span:
    """A person's name without the letters after it (`post_nominals` in `speech_cues.yaml`): "Paul
    Boateng MP" is Paul Boateng."""
    from spacy.tokens import Span

    if ent.label_ != "PERSON" or len(ent) < 3 or ent[-1].lower_ not in _speech_cues().post_nominals:
        return ent
    return Span(ent.doc, ent.start, ent.end - 1, label=ent.label_, span_id=ent.id_)


def _without_descriptor(ent: Span) -> Span:
    """A person's name without the noun of people the model took into it (`person_nouns` in
    `speech_cues.yaml`): "Farmer Geoff Brooks" is Geoff Brooks, a farmer. Titles stay the
    model's to keep or leave out."""
    from spacy.tokens import Span

    if (
        ent.label_ != "PERSON"
        or ent.id_
        or len(ent) < 2
        or not (ent[0].is_title and ent[1].is_title)
        or ent[0].lower_ not in _speech_cues().person_nouns
    ):
        return ent
    return Span(ent.doc, ent.start + 1, ent.end, label=ent.label_)


def _person_in_apposition(ent: Span) -> Span:
    """A name of two or three capitalised words the model took for an organisation, place or people,
    in apposition to a noun of people or an office, is a person ("The head of the citizenship
    department ..., Valentina Kazakova, confirmed ..."), unless a word of it names a body
    ("the regulator, Ofcom Services")."""
    from spacy.tokens import Span

    if ent.label_ not in ("ORG", "GPE", "NORP", "LOC") or ent.id_ or not 2 <= len(ent) <= 3:
        return ent
    cues = _speech_cues()
    root = ent.root
    if (
        root.dep_ != "appos"
        or root.head.lemma_.lower() not in cues.person_nouns | cues.person_roles | cues.titles
        or not all(t.pos_ == "PROPN" and t.is_title for t in ent)
        or {t.lower_ for t in ent} & (cues.bodies | cues.public_bodies | cues.body_heads)
    ):
        return ent
    return Span(ent.doc, ent.start, ent.end, label="PERSON")


def _knights(spans: list[Span]) -> dict[str, str]:
    """Map the first name of each person named in full after "Sir" or "Dame" ("Sir John Bourn")
    to that full name, where only one such person has it: a later "Sir John" is him."""
    owners: dict[str, set[str]] = {}
    for ent in spans:
        if ent.label_ == "PERSON" and ent.start > 0 and ent.doc[ent.start - 1].lower_ in ("sir", "dame"):
            name = clean_name(ent.text)
            if " " in name:
                owners.setdefault(name.split()[0], set()).add(name)
    return {first: next(iter(names)) for first, names in owners.items() if len(names) == 1}


def _without_verb(ent: Span) -> Span:
    """A model name run on into the verb after it ("Soltani told Mashable") cut before the verb."""
    from spacy.tokens import Span

    if ent.label_ not in ("PERSON", "ORG", "WORK_OF_ART") or ent.id_:
        return ent
    verb = next((t.i for t in ent[1:] if t.pos_ in ("VERB", "AUX")), None)
    return ent if verb is None else Span(ent.doc, ent.start, verb, label=ent.label_)


def _gazetteer_surnames(spans: list[Span], gazetteer: Gazetteer) -> dict[str, Actor]:
    """Map the last word of each gazetteer person named in this document to that person."""
    people: dict[str, Actor] = {}
    for ent in spans:
        actor = gazetteer.actors.get(ent.id_) if ent.id_ else None
        if actor is not None and actor.type == "person":
            for text in (ent.text, actor.name):
                words = clean_name(text).split()
                if len(words) > 1:
                    people.setdefault(words[-1], actor)
    return people


_MINOR = {"of", "the", "and", "for", "on", "in", "to", "&"}


def short_names(name: str) -> set[str]:
    """What an organisation's name is shortened to: its acronym, first and last word ("National
    Audit Office" -> NAO, National, Office; "Cairn Energy" -> CE, Cairn, Energy). A word in
    capitals stays whole in the acronym as well ("UK Independence Party" -> UIP and UKIP)."""
    words = [w for w in name.split() if w.lower() not in _MINOR]
    if len(words) < 2:
        return set()
    whole = "".join(w if w.isupper() and w.isalpha() else w[0] for w in words).upper()
    return {"".join(w[0] for w in words).upper(), whole, words[0], words[-1]}


def _organisation_short_names(spans: list[Span], gazetteer: Gazetteer) -> dict[str, tuple[str, Actor | None]]:
    """Map each short name that exactly one multi-word organisation of this document has to its
    name and, for a gazetteer organisation, its actor ("the Commission" after "the European
    Commission")."""
    owners: dict[str, dict[str, Actor | None]] = {}
    for ent in spans:
        actor = gazetteer.actors.get(ent.id_) if ent.id_ else None
        if ent.label_ == "ORG" and not ent.id_:
            name = clean_name(ent.text)
        elif actor is not None and actor.type == "organisation" and not actor.generic:
            name = actor.name
        else:
            continue
        for short in short_names(clean_name(ent.text)) | short_names(name):
            if short != name and gazetteer.by_alias(short) is None:
                owners.setdefault(short, {})[name] = actor
    return {short: next(iter(names.items())) for short, names in owners.items() if len(names) == 1}


#: Labels a model gives a full name it did not take for a person ("SNP leader Nicola Sturgeon": ORG).
_MISTAKEN_FOR = frozenset({"ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "LOC"})


def _names_of_tagged_surnames(spans: list[Span]) -> set[int]:
    """Starts of full names the model tagged as something else whose surname it tags, alone, as a
    person in the same document: "Nicola Sturgeon" (ORG) where "Ms Sturgeon" is a PERSON.

    A name qualifies with two or three capitalised words ("Nicola Sturgeon", not "JP Morgan" or
    "Johnson & Johnson"), the last of them the surname and the first not. A surname written after
    an honorific counts as tagged, whatever the model made of it ("Herve Gaymard" (ORG) where the
    text says "Mr Gaymard"), and so does one the model left untagged as the subject of a verb
    ("Roman Mashovets" (NORP) where the text says "Mashovets suggested").
    """
    people = (clean_name(ent.text) for ent in spans if ent.label_ == "PERSON" and not ent.id_)
    surnames = {name for name in people if " " not in name}
    subjects: set[str] = set()
    if spans:
        doc = spans[0].doc
        surnames |= {m.group(1) for m in _after_honorific(_speech_cues().honorifics).finditer(text_of(doc))}
        # a surname the model left untagged as the subject of a verb ("Mashovets suggested that ..."),
        # for a name it took for a people or a place ("Roman Mashovets": NORP), not for an
        # organisation, whose last word is often a noun ("Strathclyde Police ... Police said")
        subjects = {
            t.text
            for t in doc
            if t.dep_ == "nsubj"
            and not t.ent_type_
            and t.pos_ in ("PROPN", "NOUN")
            and t.is_title
            and t.head.pos_ == "VERB"
            and not any(c.dep_ in ("compound", "amod", "det", "poss") for c in t.children)  # alone, not "Email Systems"
        }
    starts = set()
    for ent in spans:
        if ent.label_ not in _MISTAKEN_FOR or ent.id_:
            continue
        words = clean_name(ent.text).split()
        if (
            2 <= len(words) <= 3
            and (words[-1] in surnames or words[-1] in subjects and ent.label_ in ("NORP", "GPE", "LOC"))
            and words[0] != words[-1]
            and all(w[:1].isupper() and w[1:].isalpha() and w[1:].islower() for w in words)
        ):
            starts.add(ent.start)
    return starts


@functools.cache
def _after_honorific(honorifics: frozenset[str]) -> re.Pattern:
    """A capitalised word after one of `honorifics` ("Mr Gaymard", "Ms. Mokhova"), as group 1."""
    words = "|".join(sorted(map(re.escape, honorifics)))
    return re.compile(rf"\b(?i:{words})\.?\s+([A-Z][\w'’-]*)")


def _person_full_names(spans: list[Span], taken_for_people: set[int] | None = None) -> dict[str, str]:
    """Map each surname to the longest multi-word person name ending with it in this document
    (with the names at `taken_for_people`, which the model tagged otherwise)."""
    names: dict[str, str] = {}
    for ent in spans:
        if (ent.label_ == "PERSON" or ent.start in (taken_for_people or ())) and not ent.id_:
            name = clean_name(ent.text)
            parts = name.split()
            if len(parts) > 1 and len(name) > len(names.get(parts[-1], "")):
                names[parts[-1]] = name
    return names
