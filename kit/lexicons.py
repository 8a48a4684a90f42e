"""The curated lexicons the analyses run with: which files, read once per run, and a digest of what was read.

Every curated file under `kit/data/` belongs to one stage, and only that stage's fingerprint
covers it (`LexiconFiles.STAGES`):

- **ingest**: `boilerplate.yaml` (cleaning) and `agencies.yaml` (credited news agencies);
- **tagging**: the gazetteer, `not_entities.yaml`, `speech_cues.yaml`, `number_categories.yaml`,
  `themes.yaml`, `event_verbs.yaml`, `timeline.yaml`;
- **presentation**: `word_choice.yaml`, read by the notebooks only: editing it re-tags nothing.

A run builds one `Lexicons` from its `LexiconFiles` (each file can be overridden from the command
line or `load_corpus`), so the store's fingerprint is the digest of the very text the analyses
parsed. `Tagger` makes its lexicons the active ones while it runs the analyses (`using`); code
outside a run (a notebook calling `kit.quotes.extract` on one `Doc`) gets the kit's own files,
read on first use and again whenever one of them changes. Nothing is read at import time.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar

DATA_DIR = Path(__file__).parent / "data"


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class LexiconFiles:
    """Which file each curated lexicon is read from (the kit's own by default)."""

    gazetteer: Path = DATA_DIR / "gazetteer.yaml"
    not_entities: Path = DATA_DIR / "not_entities.yaml"
    speech_cues: Path = DATA_DIR / "speech_cues.yaml"
    number_categories: Path = DATA_DIR / "number_categories.yaml"
    themes: Path = DATA_DIR / "themes.yaml"
    event_verbs: Path = DATA_DIR / "event_verbs.yaml"
    timeline: Path = DATA_DIR / "timeline.yaml"
    boilerplate: Path = DATA_DIR / "boilerplate.yaml"
    agencies: Path = DATA_DIR / "agencies.yaml"
    word_choice: Path = DATA_DIR / "word_choice.yaml"

    #: The stage whose fingerprint covers each file.
    STAGES: ClassVar[dict[str, tuple[str, ...]]] = {
        "ingest": ("boilerplate", "agencies"),
        "tagging": (
            "gazetteer",
            "not_entities",
            "speech_cues",
            "number_categories",
            "themes",
            "event_verbs",
            "timeline",
        ),
        "presentation": ("word_choice",),
    }

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """Every lexicon's name (`speech_cues`, `themes`, ...)."""
        return tuple(f.name for f in fields(cls))

    def with_overrides(self, **paths: str | os.PathLike | None) -> LexiconFiles:
        """These files with some replaced (`themes="my_themes.yaml"`); None keeps the current file.

        Raises:
            LexiconError: For an unknown lexicon name or a file that does not exist.
        """
        unknown = sorted(set(paths) - set(self.names()))
        if unknown:
            raise LexiconError(f"no lexicon called {', '.join(unknown)}; the lexicons are {', '.join(self.names())}")
        given = {name: Path(path).expanduser().resolve() for name, path in paths.items() if path is not None}
        missing = [f"{name}: {path}" for name, path in given.items() if not path.is_file()]
        if missing:
            raise LexiconError(f"lexicon file not found ({'; '.join(missing)})")
        return replace(self, **given)

    def stage_files(self, stage: str) -> dict[str, Path]:
        """The files of one stage (`ingest`, `tagging` or `presentation`), by name."""
        return {name: getattr(self, name) for name in self.STAGES[stage]}


def _read(name: str, path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"cannot read the {name} lexicon {path}: {exc}") from None


def digest_of(texts: dict[str, str]) -> str:
    """A digest of named lexicon texts (the name counts: moving a file to another lexicon changes it)."""
    digest = hashlib.sha256()
    for name in sorted(texts):
        digest.update(name.encode() + b"\0" + texts[name].encode("utf-8") + b"\0")
    return digest.hexdigest()[:24]


class Lexicons:
    """The tagging lexicons read from `files`, parsed on first use, with the digest of the text read.

    Args:
        files: Where each lexicon is read from.
    """

    def __init__(self, files: LexiconFiles | None = None) -> None:
        self.files = files or LexiconFiles()
        self.texts = {
            name: _read(name, path) for name, path in self.files.stage_files("tagging").items() if name != "gazetteer"
        }  # the gazetteer is loaded, and digested, by kit.gazetteer
        self.digest = digest_of(self.texts)

    def __repr__(self) -> str:
        return f"<Lexicons {self.digest}>"

    def __getstate__(self) -> dict[str, Any]:  # parsed lexicons are rebuilt where they are used
        return {"files": self.files, "texts": self.texts, "digest": self.digest}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def _origin(self, name: str) -> str:
        return str(getattr(self.files, name))

    @cached_property
    def cues(self) -> Any:
        """The speech cues (`kit.quotes.Cues`)."""
        from .extract.quotes import parse_cues

        return parse_cues(self.texts["speech_cues"], origin=self._origin("speech_cues"))

    @cached_property
    def numbers(self) -> Any:
        """The figures lexicon (`kit.numbers.Lexicon`)."""
        from .extract.numbers import parse_lexicon

        return parse_lexicon(self.texts["number_categories"], origin=self._origin("number_categories"), cues=self.cues)

    @cached_property
    def themes(self) -> Any:
        """The themes (`kit.themes.Theme` tuple)."""
        from .extract.themes import parse_themes

        return parse_themes(self.texts["themes"], origin=self._origin("themes"))

    @cached_property
    def theme_index(self) -> Any:
        """The themes' term index (`kit.themes.ThemeIndex`)."""
        from .extract.themes import ThemeIndex

        return ThemeIndex(self.themes)

    @cached_property
    def event_verbs(self) -> dict[str, str]:
        """Verb lemma -> event class (`kit.events`)."""
        from .extract.events import parse_event_verbs

        return parse_event_verbs(
            self.texts["event_verbs"], origin=self._origin("event_verbs"), reporting_verbs=self.cues.reporting_verbs
        )

    @cached_property
    def timeline(self) -> Any:
        """The date words of `timeline.yaml` (`kit.timeline`)."""
        from .extract.timeline import parse_words

        return parse_words(self.texts["timeline"], origin=self._origin("timeline"))


_ACTIVE: ContextVar[Lexicons | None] = ContextVar("kit_lexicons", default=None)
_DEFAULT: tuple[tuple, Lexicons] | None = None
_CHECKED = 0.0
#: Seconds between two looks at whether the kit's own lexicon files changed.
_RECHECK = 1.0
_LOCK = threading.Lock()


def _stamp(files: LexiconFiles) -> tuple:
    stamps: list[tuple[str, int | None, int | None]] = []
    for path in files.stage_files("tagging").values():
        try:
            stat = path.stat()
            stamps.append((str(path), stat.st_size, stat.st_mtime_ns))
        except OSError:
            stamps.append((str(path), None, None))
    return tuple(stamps)


def default() -> Lexicons:
    """The kit's own lexicons, read on first use and again when one of their files changes."""
    global _DEFAULT, _CHECKED
    with _LOCK:
        now = time.monotonic()
        if _DEFAULT is not None and now - _CHECKED < _RECHECK:
            return _DEFAULT[1]
        files = LexiconFiles()
        stamp = _stamp(files)
        if _DEFAULT is None or _DEFAULT[0] != stamp:
            _DEFAULT = (stamp, Lexicons(files))
        _CHECKED = now
        return _DEFAULT[1]


def active() -> Lexicons:
    """The lexicons of the run in progress (see `using`), else the kit's own (`default`)."""
    return _ACTIVE.get() or default()


@contextmanager
def using(lexicons: Lexicons) -> Iterator[Lexicons]:
    """Make `lexicons` the active ones for the code run inside the `with` block."""
    token = _ACTIVE.set(lexicons)
    try:
        yield lexicons
    finally:
        _ACTIVE.reset(token)


__all__ = ["DATA_DIR", "LexiconError", "LexiconFiles", "Lexicons", "active", "default", "digest_of", "using"]
