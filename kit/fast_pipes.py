"""Two stock spaCy components made faster, with the same output: the attribute rules and the lemmatizer.

The English models' `attribute_ruler` maps each fine-grained tag to its coarse part of speech and
morphology, and fixes the lemmas and features of about a hundred word forms: some 180 rules, all
of one or two tokens. spaCy runs them through its `Matcher`, which tries every rule at every
token; on news text that is about a tenth of the whole pipeline's time, as long as the parser.
`LookupAttributeRuler` is the same component with the same rules, serialised the same way, that
finds the matches by looking each token's tag and lower-case form up in a table of the rules that
could match it, then checks only those. It returns the very matches the `Matcher` returns, in the
order spaCy's component sorts them, and spaCy's own code sets the attributes. Rules it cannot
read (operators such as `"OP"`, attributes other than those below, predicates other than exact
values, `IN`, `NOT_IN` and `REGEX`) make the whole component fall back to the `Matcher`, so a
model with other rules gets the stock behaviour.

The rule lemmatizer gives each word form, part of speech and set of features one lemma, and
caches it, but still reads every token's features through Python objects to build the cache key.
`CachedEnglishLemmatizer` reads the three as one array per document and sets the lemmas as
another; a form it has not seen yet is lemmatised by spaCy's own code.

    nlp = spacy.load("en_core_web_sm")
    use_fast_pipes(nlp)  # ["attribute_ruler", "lemmatizer"]: same names, same rules, same output
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import AttributeRuler

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: The factory `use_fast_pipes` swaps in for spaCy's `attribute_ruler`.
FACTORY = "kit_attribute_ruler"
#: The factory `use_fast_pipes` swaps in for the English `lemmatizer` in rule mode.
LEMMATIZER_FACTORY = "kit_english_lemmatizer"
#: Token attributes a rule may test: the pattern key and the `Token` attribute holding its value.
ATTRIBUTES = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space", "ORTH": "orth_", "POS": "pos_"}
#: Attributes a rule's first token is looked up by, most selective first.
INDEXED = ("LOWER", "ORTH", "TAG")


def positions_of(name: str) -> int:
    """The position of a pattern attribute in `ATTRIBUTES` order."""
    return list(ATTRIBUTES).index(name)


#: A test of one token of a rule: its offset in the rule, the position of the attribute in
#: `ATTRIBUTES` order, and a predicate on the attribute's value.
Test = tuple[int, int, Callable[[Any], bool]]
#: One rule pattern: its ruler key, the matcher's match id, its length in tokens, and the tests
#: still to run once its first token was found under the value it is filed by.
Rule = tuple[int, int, int, tuple[Test, ...]]


def _predicate(value: Any) -> Callable[[Any], bool] | None:
    """A test for one attribute value of a pattern, or None where the `Matcher` would do more."""
    if isinstance(value, (str, bool)):
        return lambda seen: seen == value
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op == "IN" and isinstance(arg, list):
            allowed = frozenset(arg)
            return lambda seen: seen in allowed
        if op == "NOT_IN" and isinstance(arg, list):
            banned = frozenset(arg)
            return lambda seen: seen not in banned
        if op == "REGEX" and isinstance(arg, str):
            search = re.compile(arg).search
            return lambda seen: bool(search(seen))
    return None


def _index_keys(token_pattern: dict) -> tuple[str, list] | None:
    """The attribute and values a rule's first token is filed under, or None to try it everywhere."""
    for name in INDEXED:
        value = token_pattern.get(name)
        if isinstance(value, str):
            return name, [value]
        if isinstance(value, dict) and list(value) == ["IN"] and isinstance(value["IN"], list):
            return name, list(value["IN"])
    return None


class LookupAttributeRuler(AttributeRuler):
    """spaCy's `AttributeRuler` whose matches are found by lookup (see the module's docstring).

    Adding or clearing rules works as in spaCy and rebuilds the tables on the next document.
    """

    _names = tuple(ATTRIBUTES.values())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tables: tuple[dict[str, dict[str, list[Rule]]], list[Rule]] | None = None
        self._used: frozenset[int] = frozenset()
        self._fallback = False

    def add(self, patterns: Any, attrs: dict, index: int = 0) -> None:
        """`AttributeRuler.add`; the lookup tables are rebuilt on the next document."""
        super().add(patterns, attrs, index)
        self._tables, self._fallback = None, False

    def clear(self) -> None:
        """`AttributeRuler.clear`; the lookup tables are rebuilt on the next document."""
        super().clear()
        self._tables, self._fallback = None, False

    @property
    def uses_lookup(self) -> bool:
        """Whether every rule could be read, so that matches are found by lookup."""
        self._build()
        return not self._fallback

    def _build(self) -> None:
        """File every rule under the values its first token must have; fall back if one can't be read."""
        if self._tables is not None or self._fallback:
            return
        positions = {name: positions_of(name) for name in ATTRIBUTES}
        by_value: dict[str, dict[str, list[Rule]]] = {name: {} for name in INDEXED}
        anywhere: list[Rule] = []
        used = {positions[name] for name in INDEXED}
        for key in range(len(self.attrs)):
            match_id = self.vocab.strings.add(str(key))
            found = self.matcher.get(match_id)
            if found is None or found[0] is not None:  # a rule with a callback: only the Matcher runs it
                self._fallback = True
                return
            for pattern in found[1]:
                filed = _index_keys(pattern[0]) if pattern else None
                tests: list[Test] = []
                for offset, token_pattern in enumerate(pattern):
                    for name, value in token_pattern.items():
                        predicate = _predicate(value) if name in positions else None
                        if predicate is None:
                            self._fallback = True
                            return
                        if offset == 0 and filed is not None and name == filed[0]:
                            continue  # the lookup already checked it
                        tests.append((offset, positions[name], predicate))
                        used.add(positions[name])
                if not pattern:
                    self._fallback = True
                    return
                rule: Rule = (key, match_id, len(pattern), tuple(tests))
                if filed is None:
                    anywhere.append(rule)
                else:
                    for value in filed[1]:
                        by_value[filed[0]].setdefault(value, []).append(rule)
        self._tables, self._used = (by_value, anywhere), frozenset(used)

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The rules' matches in `doc`, as `AttributeRuler.match` gives them: `(key, match id, start, end)`, sorted."""
        self._build()
        if self._fallback or self._tables is None:
            return super().match(doc)
        by_value, anywhere = self._tables
        values: Sequence[Sequence[Any]] = [
            [getattr(token, name) for token in doc] if position in self._used else []
            for position, name in enumerate(self._names)
        ]
        tables = [(values[positions_of(name)], by_value[name]) for name in INDEXED if by_value[name]]
        size = len(doc)
        matches: list[tuple[int, int, int, int]] = []
        for start in range(size):
            found = [table.get(column[start]) for column, table in tables]
            found.append(anywhere)
            for rules in found:
                if not rules:
                    continue
                for key, match_id, length, tests in rules:
                    if start + length > size:
                        continue
                    for offset, position, predicate in tests:
                        if not predicate(values[position][start + offset]):
                            break
                    else:
                        matches.append((key, match_id, start, start + length))
        matches.sort()
        return matches


@Language.factory(
    FACTORY,
    default_config={"validate": False, "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}},
)
def make_lookup_attribute_ruler(
    nlp: Language, name: str, validate: bool, scorer: Callable | None
) -> LookupAttributeRuler:
    """Create a `LookupAttributeRuler` (the `kit_attribute_ruler` factory)."""
    return LookupAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


class CachedEnglishLemmatizer(EnglishLemmatizer):
    """spaCy's English rule lemmatizer that reads and sets a document's lemmas as arrays (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        """Give every token without a lemma the one spaCy's rules give its form, part of speech and features."""
        if self.mode != "rule" or self.overwrite:
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables(Errors.E1004)
        found: Any = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas: Any = found[:, 3].copy()
        known = self._lemmas
        strings = self.vocab.strings
        for i in np.flatnonzero(lemmas == 0).tolist():
            key = (int(found[i, 0]), int(found[i, 1]), int(found[i, 2]))
            lemma = known.get(key)
            if lemma is None:
                lemma = known[key] = strings.add(self.lemmatize(doc[i])[0])
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


@Language.factory(
    LEMMATIZER_FACTORY,
    assigns=["token.lemma"],
    default_config={
        "model": None,
        "mode": "rule",
        "overwrite": False,
        "scorer": {"@scorers": "spacy.lemmatizer_scorer.v1"},
    },
)
def make_cached_english_lemmatizer(
    nlp: Language, model: Any, name: str, mode: str, overwrite: bool, scorer: Callable | None
) -> CachedEnglishLemmatizer:
    """Create a `CachedEnglishLemmatizer` (the `kit_english_lemmatizer` factory)."""
    return CachedEnglishLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)


def use_fast_pipes(nlp: Language) -> list[str]:
    """Swap the pipeline's stock attribute ruler and English rule lemmatizer for their faster equals.

    Args:
        nlp: A loaded pipeline; changed in place. Each replaced component keeps its name and place.

    Returns:
        The names of the components replaced: none where the pipeline has other components, or
        rules the lookup cannot read (those components are left as they were).
    """
    replaced = []
    if use_lookup(nlp):
        replaced.append("attribute_ruler")
    if use_cached_lemmas(nlp):
        replaced.append("lemmatizer")
    return replaced


def use_cached_lemmas(nlp: Language, name: str = "lemmatizer") -> bool:
    """Put a `CachedEnglishLemmatizer` with the same tables in place of an English rule lemmatizer.

    Args:
        nlp: A loaded pipeline; changed in place.
        name: The component to replace; it keeps its name and position.

    Returns:
        True if it was replaced; False if there is no English lemmatizer in rule mode that keeps
        the lemmas earlier components set.
    """
    stock = nlp.get_pipe(name) if name in nlp.pipe_names else None
    if type(stock) is not EnglishLemmatizer or stock.mode != "rule" or stock.overwrite:
        return False
    _swap(nlp, name, LEMMATIZER_FACTORY, CachedEnglishLemmatizer).lookups = stock.lookups
    return True


def use_lookup(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Put a `LookupAttributeRuler` with the same rules in place of the pipeline's `AttributeRuler`.

    Args:
        nlp: A loaded pipeline; changed in place.
        name: The component to replace; it keeps its name and position.

    Returns:
        True if the component now finds its matches by lookup; False if there is no such stock
        component, or some rule needs the `Matcher` (the component then uses it, exactly as before).
    """
    stock = nlp.get_pipe(name) if name in nlp.pipe_names else None
    if type(stock) is not AttributeRuler:
        return False
    patterns = stock.patterns
    ruler = _swap(nlp, name, FACTORY, LookupAttributeRuler)
    ruler.add_patterns(patterns)
    return ruler.uses_lookup


_Component = TypeVar("_Component")


def _swap(nlp: Language, name: str, factory: str, kind: type[_Component]) -> _Component:
    """Replace component `name` by a new one from `factory`, in its place, and return the new one."""
    nlp.replace_pipe(name, factory)
    component = nlp.get_pipe(name)
    assert isinstance(component, kind)
    return component
