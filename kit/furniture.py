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

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

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


@dataclass
class RepeatedLines:
    """Counts, per outlet, the differently titled documents each line appears in."""

    min_documents: int = 5
    short_sentence_words: int = 8
    _titles: dict[tuple[str, str], set[int]] = field(default_factory=lambda: defaultdict(set))

    def add(self, outlet: str | None, title: str | None, text: str) -> None:
        """Count the lines of one document's raw text."""
        title_key = hash(title or text[:200])
        for line in {line_key(line) for line in text.split("\n")}:
            if line:
                seen = self._titles[(outlet or "", line)]
                if len(seen) < self.min_documents:  # enough to decide; keep memory flat
                    seen.add(title_key)

    def furniture(self) -> dict[str, dict[str, int]]:
        """Per outlet, the furniture lines and how many documents (at least) print each."""
        found: dict[str, dict[str, int]] = defaultdict(dict)
        for (outlet, line), titles in self._titles.items():
            if len(titles) >= self.min_documents and can_be_furniture(line, self.short_sentence_words):
                found[outlet][line] = len(titles)
        return dict(found)


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
