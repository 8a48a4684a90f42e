"""Page furniture learned from the corpus itself: lines an outlet repeats across many articles.

Patterns (`data/boilerplate.yaml`) catch the furniture the kit has seen before. An outlet it has
never seen has its own: a sign-off, a newsletter prompt, a standing bio line, a section heading. A
line that the same outlet prints verbatim in many different articles is such furniture. The rule
(thresholds under `repeated_lines:` in `boilerplate.yaml`):

- a line counts when it appears, whitespace aside, in at least `min_documents` documents of one
  outlet (documents without an outlet count as one outlet) that have as many different titles, so
  that the updated versions of one story never make its sentences furniture;
- a short sentence (fewer than `short_sentence_words` words, ending in `.`, `!` or `?`, not in
  capitals: "Thank you.") and a line that opens with a speaker's label ("Q:", "MS. PSAKI:") are
  never furniture: they are things people say;
- a line is matched against the raw text of every document, so a store updated with new articles
  learns exactly what a fresh run on the whole corpus would.

Every line taken out is a `removed` row with the reason `repeated line (N documents of OUTLET)`.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

#: The start of every `removed.reason` this step writes.
REASON = "repeated line"
_SPEAKER_LABEL = re.compile(r"^(?:Q|A|[A-Z][A-Za-z.'’ -]{0,40}):\s")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")


def line_key(line: str) -> str:
    """A line as compared across documents: single spaces, no leading or trailing space."""
    return " ".join(line.split())


def can_be_furniture(line: str, short_sentence_words: int) -> bool:
    """Whether a repeated line may be furniture rather than something a person says."""
    if not line or _SPEAKER_LABEL.match(line):
        return False
    words = line.split()
    shouted = line.upper() == line
    return not (_SENTENCE_END.search(line) and len(words) < short_sentence_words and not shouted)


def stable_hash(text: str) -> int:
    """A 64-bit digest of a text that is the same in every process (Python's `hash` is not)."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


#: The columns of a saved count (`RepeatedLines.to_table`).
STATE_SCHEMA = pa.schema([("outlet", pa.string()), ("line", pa.int64()), ("titles", pa.list_(pa.int64()))])


@dataclass
class RepeatedLines:
    """Counts, per outlet, the differently titled documents each line appears in.

    Lines are counted by a 64-bit digest; the text of a line is kept only once it is furniture. The
    count can be saved (`to_table`) and a later run that only adds documents counts those alone and
    merges them in (`merge`), which learns what counting the whole corpus again would.
    """

    min_documents: int = 5
    short_sentence_words: int = 8
    keep_lines: bool = False  # remember each line's text (for `merge`: only for a few documents)
    _titles: dict[tuple[str, int], set[int]] = field(default_factory=lambda: defaultdict(set))
    _found: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    _lines: dict[tuple[str, int], str] = field(default_factory=dict)

    def add(self, outlet: str | None, title: str | None, text: str) -> None:
        """Count the lines of one document's raw text."""
        title_key = stable_hash(title or text[:200])
        outlet = outlet or ""
        for line in {line_key(line) for line in text.split("\n")}:
            if line:
                key = (outlet, stable_hash(line))
                seen = self._titles[key]
                if self.keep_lines:
                    self._lines[key] = line
                if len(seen) < self.min_documents:  # enough to decide; keep memory flat
                    seen.add(title_key)
                    self._decide(key, line, seen)

    def _decide(self, key: tuple[str, int], line: str, seen: set[int]) -> None:
        if len(seen) >= self.min_documents and can_be_furniture(line, self.short_sentence_words):
            self._found[key[0]][line] = len(seen)

    def furniture(self) -> dict[str, dict[str, int]]:
        """Per outlet, the furniture lines and how many documents (at least) print each."""
        return {outlet: dict(lines) for outlet, lines in self._found.items() if lines}

    def to_table(self) -> pa.Table:
        """The count, to save: one row per outlet and line digest, with its titles' digests."""
        keys = list(self._titles)
        return pa.table(
            {
                "outlet": pa.array([k[0] for k in keys], pa.string()),
                "line": pa.array([k[1] for k in keys], pa.int64()),
                "titles": pa.array([sorted(self._titles[k]) for k in keys], pa.list_(pa.int64())),
            },
            schema=STATE_SCHEMA,
        )

    def merge(self, saved: pa.Table, furniture: dict[str, dict[str, int]]) -> pa.Table:
        """Add an earlier count of other documents (`to_table`) and its furniture to this one (made
        with `keep_lines`); returns the merged count to save.

        Only the saved rows of lines these documents print are read into Python.
        """
        for outlet, lines in furniture.items():
            self._found[outlet].update(lines)
        mine = pa.array([k[1] for k in self._titles], pa.int64())
        touched = pc.is_in(saved["line"], value_set=mine)
        for outlet, line, titles in zip(*(saved.filter(touched).column(c).to_pylist() for c in STATE_SCHEMA.names)):
            key = (outlet, line)
            if key not in self._titles:  # the same digest under another outlet: carried over
                self._titles[key] = set(titles)
                continue
            seen = self._titles[key]
            for title in titles:
                if len(seen) >= self.min_documents:
                    break
                seen.add(title)
            self._decide(key, self._lines[key], seen)
        return pa.concat_tables([saved.filter(pc.invert(touched)), self.to_table()])


def furniture_in(raw_text: str, lines: dict[str, int]) -> set[str]:
    """The furniture lines (of one outlet) that a document's raw text prints."""
    if not lines:
        return set()
    return {key for key in map(line_key, raw_text.split("\n")) if key in lines}


def strip_lines(text: str, lines: Iterable[str]) -> str:
    """`text` without the lines equal (whitespace aside) to one of `lines`; blank runs collapsed."""
    drop = set(lines)
    kept = [line for line in text.split("\n") if line_key(line) not in drop or not line.strip()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def reason(outlet: str, documents: int) -> str:
    """The `removed.reason` of a learned furniture line."""
    return f"{REASON} ({documents}+ documents of {outlet or 'the corpus'})"
