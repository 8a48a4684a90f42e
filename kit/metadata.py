"""Document metadata: title, explicit date, outlet, agency credits and the Kyiv/Kiev spelling."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from pathlib import Path

from .yamlfile import load_yaml

AGENCIES_FILE = Path(__file__).parent / "data" / "agencies.yaml"

_KYIV = re.compile(r"\bKyiv\w*")
_KIEV = re.compile(r"\bKiev\w*")
_WORD = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:[-'’]\w+)*")
_TITLE_MAX_WORDS = 30
_TITLE_MAX_CHARS = 250


def _stamp(path: Path) -> tuple:
    stat = path.stat()
    return (str(path), stat.st_size, stat.st_mtime_ns)


def agencies_digest() -> str:
    """A digest of the agencies list: part of the ingest stage's fingerprint (credits are read at ingest)."""
    return hashlib.sha256(AGENCIES_FILE.read_bytes()).hexdigest()[:16]


def agency_aliases() -> dict[str, str]:
    """Map every known agency spelling (lower case) to its canonical name (read again when the file changes)."""
    return _agency_aliases(_stamp(AGENCIES_FILE))


@functools.lru_cache(maxsize=2)
def _agency_aliases(stamp: tuple) -> dict[str, str]:
    spec = load_yaml(AGENCIES_FILE.read_text(encoding="utf-8"), AGENCIES_FILE.name) or {}
    return {alias.lower(): name for name, aliases in spec.items() for alias in [name, *aliases]}


def _dateline_pattern() -> re.Pattern:
    """A dateline credit at the start of a story: "KIEV (Reuters) -", "(ANSA) - Rome, ..."."""
    return _dateline_for(_stamp(AGENCIES_FILE))


@functools.lru_cache(maxsize=2)
def _dateline_for(stamp: tuple) -> re.Pattern:
    names = sorted(agency_aliases(), key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"^[^\n()]{{0,80}}?\(\s*({alternatives})\s*\)\s*[-–—]", re.IGNORECASE)


def canonical_agencies(credit: str | None) -> list[str]:
    """Split an agency credit ("AFP, REUTERS", "AP and Reuters") into canonical names.

    Args:
        credit: The credit text, or None.

    Returns:
        Canonical agency names in the order given; unknown names are kept as written.
    """
    if not credit:
        return []
    aliases = agency_aliases()
    names = []
    for part in re.split(r"\s*(?:,|/|&|;|\band\b)\s*", credit.strip()):
        part = part.strip(" .")
        if part:
            name = aliases.get(part.lower(), part)
            if name not in names:
                names.append(name)
    return names


def dateline_agencies(text: str) -> list[str]:
    """Agencies credited in a dateline at the start of the article body.

    Args:
        text: Clean article text (title first, body after).

    Returns:
        Canonical agency names found in the first two paragraphs' datelines.
    """
    found = []
    for paragraph in text.split("\n\n")[:2]:
        match = _dateline_pattern().match(paragraph)
        if match:
            name = agency_aliases()[match.group(1).lower()]
            if name not in found:
                found.append(name)
    return found


def guess_title(text: str) -> str | None:
    """The headline, when the text starts with one: a short one-line first paragraph.

    Args:
        text: Clean article text.

    Returns:
        The first paragraph if it reads as a headline (one line, at most 30 words, more
        text after it), else None.
    """
    head, sep, rest = text.partition("\n\n")
    if not sep or not rest.strip() or "\n" in head:
        return None
    if len(head) > _TITLE_MAX_CHARS or len(_WORD.findall(head)) > _TITLE_MAX_WORDS:
        return None
    return head.strip() or None


def parse_date(value: str | None) -> dt.date | None:
    """Parse an explicit publication date (ISO 8601 first, then free text via dateparser).

    Args:
        value: A date as given by the source ("2021-12-02", "2 Dec 2021", "December 2, 2021 10:15").

    Returns:
        The calendar date, or None if `value` is empty or not a date.
    """
    if not value or not str(value).strip():
        return None
    value = str(value).strip()
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(
        value, languages=["en"], settings={"REQUIRE_PARTS": ["year", "month"], "PREFER_DAY_OF_MONTH": "first"}
    )
    return parsed.date() if parsed else None


def spelling(text: str) -> tuple[str | None, int, int]:
    """Which spelling of Ukraine's capital a text uses: `Kyiv`, `Kiev`, `mixed` or None.

    Args:
        text: Clean article text.

    Returns:
        The label and the counts of Kyiv- and Kiev- forms.
    """
    n_kyiv, n_kiev = len(_KYIV.findall(text)), len(_KIEV.findall(text))
    if n_kyiv and n_kiev:
        label = "mixed"
    elif n_kyiv or n_kiev:
        label = "Kyiv" if n_kyiv else "Kiev"
    else:
        label = None
    return label, n_kyiv, n_kiev


def count_words(text: str) -> int:
    """Number of words in a text (runs of letters/digits, hyphenated words count once)."""
    return len(_WORD.findall(text))
