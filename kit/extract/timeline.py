"""Date expressions normalised against the article date, and each article's date (given or inferred)."""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from .. import lexicons
from ..doc_text import text_of
from ..yamlfile import load_yaml
from .syntax import clause_verb

if TYPE_CHECKING:
    import pandas as pd
    from spacy.tokens import Doc

    from ..gazetteer import Gazetteer
    from .protocol import DocContext

WORDS_FILE = Path(__file__).parents[1] / "data" / "timeline.yaml"

TABLES = {
    "mentions": pa.schema(
        [
            ("doc_id", pa.string()),
            ("start_char", pa.int64()),
            ("end_char", pa.int64()),
            ("text", pa.string()),
            ("kind", pa.string()),
            ("date_start", pa.date32()),
            ("date_end", pa.date32()),
            ("resolution", pa.string()),
            ("sent_idx", pa.int64()),
        ]
    ),
    "doc_dates": pa.schema(
        [
            ("doc_id", pa.string()),
            ("date_min", pa.date32()),
            ("date_max", pa.date32()),
            ("date_source", pa.string()),
            ("date_evidence", pa.string()),
        ]
    ),
}

#: `kind` of a mention: dated on its own, needing the article's year, or needing the article's day.
ABSOLUTE, ANCHORED, RELATIVE = "absolute", "anchored", "relative"
#: `resolution` of a mention.
DAY, MONTH, YEAR, RANGE, UNRESOLVED = "day", "month", "year", "range", "unresolved"


@dataclass(frozen=True, eq=False)  # hashed by identity: a key of the parse caches
class DateWords:
    """The date vocabulary of `timeline.yaml`, compiled."""

    part: re.Pattern  # "early", "the end of": a part of the period that follows
    part_of: dict[str, str]
    since: re.Pattern  # "since" before a date: the mention is where a period starts
    since_start: re.Pattern
    not_date: re.Pattern  # expressions that look like dates and are not
    future_aux: frozenset[str]
    not_in_office: frozenset[str]
    title_window: int
    years_after: int


def parse_words(text: str, *, origin: str = "timeline") -> DateWords:
    """The date vocabulary in the text of a `timeline.yaml`.

    Raises:
        ValueError: If the text is not a YAML mapping.
    """
    words = load_yaml(text, origin) or {}
    if not isinstance(words, dict):
        raise ValueError(f"{origin}: the date words are a YAML mapping")
    part_words = {part: [str(w) for w in items] for part, items in (words.get("part_of_period") or {}).items()}
    alternatives = "|".join(re.escape(w) for items in part_words.values() for w in sorted(items, key=len, reverse=True))
    since = "|".join(re.escape(w) for w in words.get("since") or []) or "(?!)"
    return DateWords(
        part=re.compile(r"^(?:the\s+)?(" + (alternatives or "(?!)") + r")(?:\s+of)?(?:\s+|-)", re.I),
        part_of={w.lower(): part for part, items in part_words.items() for w in items},
        since=re.compile(r"\b(" + since + r")\s+$", re.I),
        since_start=re.compile(r"^(?:" + since + r")\s+", re.I),
        not_date=re.compile("|".join(words.get("not_dates") or [r"(?!)"]), re.I),
        future_aux=frozenset(str(w).lower() for w in words.get("future_auxiliaries") or []),
        not_in_office=frozenset(str(w).lower() for w in words.get("not_in_office") or []),
        title_window=int(words.get("title_window", 80)),
        years_after=int((words.get("inference") or {}).get("years_after_latest", 1)),
    )


def _words() -> DateWords:
    """The date words of the run in progress (`kit.lexicons.active`)."""
    return lexicons.active().timeline


# --- calendar vocabulary (from the `calendar` module, English locale) -------------------------

_MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    _MONTHS[calendar.month_name[_i].lower()] = _i
    _MONTHS[calendar.month_abbr[_i].lower()] = _i
_MONTHS["sept"] = 9
_WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
_NUMBERS = {
    w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
} | {"a": 1, "an": 1}

_MON = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WD = "(" + "|".join(_WEEKDAYS) + ")"
_NUM = r"(\d+|" + "|".join(_NUMBERS) + ")"
_UNIT = r"(day|week|month|year|decade)s?"
_YEAR = r"((?:1[89]|20)\d\d)"
_DAYNUM = r"(\d{1,2})(?:st|nd|rd|th)?"
_REL_YEAR = r"(?:,?\s+" + _YEAR + r"|\s+(?:of\s+)?(last|this|next)\s+year)?"

_DAY_MODIFIER = re.compile(
    r"^(?:earlier|later|late|early)\s+(?=(?:this|last|next|" + "|".join(_WEEKDAYS) + r"|today|yesterday|tomorrow)\b)"
)

_P = {
    name: re.compile(pattern)
    for name, pattern in {
        "iso": r"(\d{4})-(\d{1,2})-(\d{1,2})",
        "dmy": r"(?:" + _WD + r",?\s+)?(?:the\s+)?" + _DAYNUM + r"\s+(?:of\s+)?" + _MON + _REL_YEAR,
        "mdy": r"(?:" + _WD + r",?\s+)?" + _MON + r"\s+" + _DAYNUM + _REL_YEAR,
        "md_range": _MON + r"\s+(\d{1,2})\s*[-–]\s*(\d{1,2})(?:,?\s+" + _YEAR + ")?",
        "dm_range": r"(\d{1,2})\s*[-–]\s*(\d{1,2})\s+" + _MON + r"(?:,?\s+" + _YEAR + ")?",
        "my": _MON + r",?\s+(?:of\s+)?" + _YEAR,
        "month": r"(?:(last|this|next)\s+)?" + _MON + r"(?:\s+(?:of\s+)?(last|this|next)\s+year)?",
        "decade": r"(?:the\s+)?(1[89]\d|20\d)0s",
        "year": r"(?:(?:the\s+)?year\s+)?" + _YEAR,
        "weekday": r"(?:(last|this|next|past)\s+)?" + _WD + r"(?:\s+(?:morning|afternoon|evening|night))?",
        "day_word": r"(today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening))",
        "period": r"(?:the\s+)?(last|this|next|past|previous|coming|current|same)\s+(week|weekend|month|year)",
        "ago": _NUM + r"\s+" + _UNIT + r"\s+ago",
        "past_n": r"(?:the\s+)?(?:past|last|previous)\s+" + _NUM + r"\s+" + _UNIT,
        "the_period": r"(?:the\s+)?(year|month|week)",
    }.items()
}
#: Words before a bare year that make it a date ("in 2014").
_YEAR_PREPOSITIONS = ("in", "since", "from", "until", "by", "of")
_SCAN_PREPOSITION = r"(?:" + "|".join(_YEAR_PREPOSITIONS) + r")\s+"
#: What a date-like pattern starts with: a digit or the first letter of a month, weekday or preposition.
_SCAN_FIRST = r"[\d" + "".join(sorted({w[0] for w in (*_MONTHS, *_WEEKDAYS, *_YEAR_PREPOSITIONS)})) + "]"
#: Date-like patterns found in the raw text where the model found no DATE entity (the lookahead
#: for `_SCAN_FIRST` changes no match: it only skips hopeless positions fast).
_SCAN = re.compile(
    r"(?i)\b(?="
    + _SCAN_FIRST
    + r")(?:"
    + "|".join(
        [
            r"\d{4}-\d{2}-\d{2}",
            _DAYNUM + r"\s+" + _MON + r"(?:,?\s+" + _YEAR + ")?",
            _MON + r"\s+" + _DAYNUM + r"(?:,?\s+" + _YEAR + ")?",
            _MON + r",?\s+" + _YEAR,
            _SCAN_PREPOSITION + _YEAR + r"(?!\s*[-–]?\d)",
            _WD,
        ]
    )
    + r")\b"
)
_VAGUE = re.compile(
    r"\b(recent|past|last|previous|next|coming|this|ago|earlier|later|early|late|mid)\b.*\b"
    r"(days?|weeks?|weekend|months?|years?|decades?|centur(y|ies))\b|\b(spring|summer|autumn|fall|"
    r"winter)\b|\b" + _MON + r"\b|\b" + _WD + r"\b",
    re.I,
)


@dataclass(frozen=True)
class Resolved:
    """A date expression placed on the calendar."""

    kind: str
    start: dt.date | None
    end: dt.date | None
    resolution: str


# --- calendar arithmetic ----------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` months later (or earlier), clipped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month."""
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def part_of(start: dt.date, end: dt.date, part: str) -> tuple[dt.date, dt.date]:
    """The early, mid or late third of a period ("late October" is 21-31 October).

    Months are cut at days 10 and 20; longer periods into thirds of whole months
    ("early 2014" is January-April).
    """
    if (start.year, start.month) == (end.year, end.month):
        cuts = {"early": (1, 10), "mid": (11, 20), "late": (21, end.day)}[part]
        return start.replace(day=cuts[0]), start.replace(day=cuts[1])
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    third = max(1, months // 3)
    first = {"early": 0, "mid": third, "late": months - third}[part]
    last = {"early": third, "mid": months - third, "late": months}[part] - 1
    a, b = add_months(start.replace(day=1), first), add_months(start.replace(day=1), last)
    return a, month_bounds(b.year, b.month)[1]


def _shift(day: dt.date, unit: str, n: int) -> dt.date:
    if unit == "day":
        return day + dt.timedelta(days=n)
    if unit == "week":
        return day + dt.timedelta(weeks=n)
    return add_months(day, n * {"month": 1, "year": 12, "decade": 120}[unit])


def _period(anchor: dt.date, unit: str, offset: int) -> tuple[dt.date, dt.date]:
    """The calendar week/month/year containing `anchor`, shifted by `offset` periods."""
    if unit == "week":
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=offset)
        return monday, monday + dt.timedelta(days=6)
    if unit == "weekend":
        saturday = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7) + dt.timedelta(weeks=offset)
        return saturday, saturday + dt.timedelta(days=1)
    if unit == "month":
        first = add_months(anchor.replace(day=1), offset)
        return month_bounds(first.year, first.month)
    return dt.date(anchor.year + offset, 1, 1), dt.date(anchor.year + offset, 12, 31)


def _number(word: str) -> int | None:
    return int(word) if word.isdigit() else _NUMBERS.get(word)


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _pick_year(month: int, day: int | None, anchor: dt.date, future: bool) -> int:
    """The year of a month (and day) named without one: the occurrence nearest the article date.

    Past or neutral context: this year's, unless it lies more than 60 days after the article
    date (then last year's). Future context: the next occurrence on or after the article date.
    """
    year = anchor.year
    start, end = month_bounds(year, month)
    if day:
        start = end = _day(year, month, min(day, end.day)) or start
    if future:
        return year + 1 if end < anchor else year
    return year - 1 if start > anchor + dt.timedelta(days=60) else year


# --- normalising one expression ---------------------------------------------------------------


def normalise(
    text: str, *, anchor: dt.date | None = None, since: bool = False, future: bool = False
) -> Resolved | None:
    """Place a date expression on the calendar.

    Args:
        text: The expression ("on Thursday", "late October", "since 2014", "January 30").
        anchor: The article date; relative and year-less expressions need it.
        since: The expression follows "since": an open range from it up to the article date.
        future: The expression is in a future-tense clause ("will meet on Thursday").

    Returns:
        Its kind, start, end and resolution (dates None when it cannot be placed), or None when
        the text is no point or period in time (a length of time, an age, "the day").
    """
    clean = " ".join(text.replace("\u00a0", " ").split()).lower().strip(" .,;:()\"'“”‘’")
    clean = re.sub(r"['’]s$", "", clean)
    if m := _words().since_start.match(clean):
        since, clean = True, clean[m.end() :]
    clean = re.sub(r"^(?:on|in|at|during|of|by|for)\s+", "", clean)
    clean = re.sub(r"^(?:(?:in\s+)?all\s+of|the\s+whole\s+of|throughout)\s+", "", clean)
    clean = _DAY_MODIFIER.sub("", clean)
    part = None
    if (m := _words().part.match(clean + " ")) and not _P["weekday"].fullmatch(clean):
        part, clean = _words().part_of[m.group(1).lower()], clean[m.end() :].strip()
    found = _core(clean, anchor, future)
    if found is None:
        found = _with_dateparser(clean, anchor)
    if found is None:
        return Resolved(RELATIVE, None, None, UNRESOLVED) if _VAGUE.search(text) else None
    if found.start is None:
        return found
    start, end, resolution = found.start, found.end, found.resolution
    if part and end is not None and end > start:
        start, end = part_of(start, end, part)
        resolution = RANGE
    if since:
        end = anchor if anchor and anchor >= start else None
        return Resolved(found.kind, start, end, RANGE)
    return Resolved(found.kind, start, end, resolution)


def _core(clean: str, anchor: dt.date | None, future: bool) -> Resolved | None:
    """The grammar of date expressions, tried in order; None if none matches."""
    P = _P
    if m := P["iso"].fullmatch(clean):
        day = _day(int(m[1]), int(m[2]), int(m[3]))
        return Resolved(ABSOLUTE, day, day, DAY) if day else None
    for name in ("dmy", "mdy"):
        if m := P[name].fullmatch(clean):
            if name == "dmy":
                number, month, year, rel = int(m[2]), _MONTHS[m[3]], m[4], m[5]
            else:
                month, number, year, rel = _MONTHS[m[2]], int(m[3]), m[4], m[5]
            if not 1 <= number <= 31:
                return None
            if year:
                day = _day(int(year), month, number)
                return Resolved(ABSOLUTE, day, day, DAY) if day else None
            if anchor is None:
                return Resolved(RELATIVE if rel else ANCHORED, None, None, UNRESOLVED)
            y = (
                anchor.year + {"last": -1, "next": 1, "this": 0}[rel]
                if rel
                else _pick_year(month, number, anchor, future)
            )
            day = _day(y, month, number)
            return Resolved(RELATIVE if rel else ANCHORED, day, day, DAY) if day else None
    for name in ("md_range", "dm_range"):
        if m := P[name].fullmatch(clean):
            if name == "md_range":
                month, a, b, year = _MONTHS[m[1]], int(m[2]), int(m[3]), m[4]
            else:
                a, b, month, year = int(m[1]), int(m[2]), _MONTHS[m[3]], m[4]
            kind = ABSOLUTE if year else ANCHORED
            if year:
                y = int(year)
            elif anchor is None:
                return Resolved(kind, None, None, UNRESOLVED)
            else:
                y = _pick_year(month, a, anchor, future)
            start, end = _day(y, month, a), _day(y, month, b)
            return Resolved(kind, start, end, RANGE) if start and end and start <= end else None
    if m := P["my"].fullmatch(clean):
        start, end = month_bounds(int(m[2]), _MONTHS[m[1]])
        return Resolved(ABSOLUTE, start, end, MONTH)
    if m := P["month"].fullmatch(clean):
        rel, month = m[1] or m[3], _MONTHS[m[2]]
        if m[2] != calendar.month_name[month].lower() and not (m[1] or m[3]):
            return None  # a bare abbreviation ("Mar") is too ambiguous on its own
        kind = RELATIVE if rel else ANCHORED
        if anchor is None:
            return Resolved(kind, None, None, UNRESOLVED)
        if rel == "last" and not m[3]:
            year = anchor.year if month < anchor.month else anchor.year - 1
        elif rel == "next" and not m[3]:
            year = anchor.year if month > anchor.month else anchor.year + 1
        elif rel:
            year = anchor.year + {"last": -1, "this": 0, "next": 1}[rel]
        else:
            year = _pick_year(month, None, anchor, future)
        start, end = month_bounds(year, month)
        return Resolved(kind, start, end, MONTH)
    if m := P["decade"].fullmatch(clean):
        first = int(m[1]) * 10
        return Resolved(ABSOLUTE, dt.date(first, 1, 1), dt.date(first + 9, 12, 31), RANGE)
    if m := P["year"].fullmatch(clean):
        year = int(m[1])
        return Resolved(ABSOLUTE, dt.date(year, 1, 1), dt.date(year, 12, 31), YEAR)
    if m := P["weekday"].fullmatch(clean):
        if anchor is None:
            return Resolved(RELATIVE, None, None, UNRESOLVED)
        rel, weekday = m[1], _WEEKDAYS[m[2]]
        if rel == "next" or (future and rel != "last" and rel != "past"):
            ahead = (weekday - anchor.weekday()) % 7
            day = anchor + dt.timedelta(days=ahead or (7 if rel == "next" else 0))
        else:
            back = (anchor.weekday() - weekday) % 7
            day = anchor - dt.timedelta(days=back or (7 if rel in ("last", "past") else 0))
        return Resolved(RELATIVE, day, day, DAY)
    if m := P["day_word"].fullmatch(clean):
        if anchor is None:
            return Resolved(RELATIVE, None, None, UNRESOLVED)
        day = anchor + dt.timedelta(days={"yesterday": -1, "tomorrow": 1}.get(m[1], 0))
        return Resolved(RELATIVE, day, day, DAY)
    if m := P["period"].fullmatch(clean):
        if anchor is None:
            return Resolved(RELATIVE, None, None, UNRESOLVED)
        offset = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(m[1], 0)
        start, end = _period(anchor, m[2], offset)
        return Resolved(RELATIVE, start, end, {"month": MONTH, "year": YEAR}.get(m[2], RANGE))
    if m := P["ago"].fullmatch(clean):
        n = _number(m[1])
        if anchor is None or n is None:
            return Resolved(RELATIVE, None, None, UNRESOLVED)
        day = _shift(anchor, m[2], -n)
        if m[2] == "day" or m[2] == "week":
            return Resolved(RELATIVE, day, day, DAY)
        if m[2] == "month":
            start, end = month_bounds(day.year, day.month)
            return Resolved(RELATIVE, start, end, MONTH)
        return Resolved(RELATIVE, dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), YEAR)
    if m := P["past_n"].fullmatch(clean):
        n = _number(m[1])
        if anchor is None or n is None:
            return Resolved(RELATIVE, None, None, UNRESOLVED)
        return Resolved(RELATIVE, _shift(anchor, m[2], -n), anchor, RANGE)
    if m := P["the_period"].fullmatch(clean):
        if anchor is None:
            return Resolved(RELATIVE, None, None, UNRESOLVED)
        start, end = _period(anchor, m[1], 0)
        return Resolved(RELATIVE, start, end, {"month": MONTH, "year": YEAR}.get(m[1], RANGE))
    return None


def _with_dateparser(clean: str, anchor: dt.date | None) -> Resolved | None:
    """Fallback for month-named expressions the grammar does not cover, checked against the text.

    dateparser fills parts the text lacks from its base date, so a result is kept only when its
    month is the one named and its year is the one written (when one is).
    """
    months = [_MONTHS[w] for w in re.findall(r"[a-z]+", clean) if w in _MONTHS and len(w) > 3]
    if len(set(months)) != 1:
        return None
    years = re.findall(r"\b(?:1[89]|20)\d\d\b", clean)
    if not years and anchor is None:
        return None
    found = _dateparser_cached(clean, anchor)
    if found is None or found[0].month != months[0] or (years and found[0].year != int(years[-1])):
        return None
    day, period = found
    kind = ABSOLUTE if years else ANCHORED
    if period == "day":
        return Resolved(kind, day, day, DAY)
    if period == "month":
        return Resolved(kind, *month_bounds(day.year, day.month), MONTH)
    return None


@functools.lru_cache(maxsize=4096)
def _dateparser_cached(clean: str, anchor: dt.date | None) -> tuple[dt.date, str] | None:
    data = _date_data_parser(anchor).get_date_data(clean)
    return (data.date_obj.date(), data.period) if data and data.date_obj else None


@functools.lru_cache(maxsize=256)
def _date_data_parser(anchor: dt.date | None):
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["month"]}
    if anchor is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(anchor, dt.time())
    return DateDataParser(languages=["en"], settings=settings)


# --- mentions in a document -------------------------------------------------------------------


def _candidate_spans(doc: Doc, text: str) -> list[tuple[int, int]]:
    """Character spans of DATE entities, plus date patterns of `text` (the doc's) outside any entity."""
    ents = doc.ents
    spans = [(e.start_char, e.end_char) for e in ents if e.label_ == "DATE"]
    taken = sorted((e.start_char, e.end_char) for e in ents)
    starts = [s for s, _ in taken]
    for m in _SCAN.finditer(text):
        s, e = m.span()
        word = re.match(r"(?i)" + _SCAN_PREPOSITION, m.group(0))
        if word:
            s += word.end()
        i = bisect.bisect_right(starts, e) - 1
        overlaps = any(ts < e and s < te for ts, te in taken[max(0, i - 3) : i + 1])
        if not overlaps:
            spans.append((s, e))
    return sorted(set(spans))


def _is_future(doc: Doc, start: int, end: int) -> bool:
    """Whether the clause governing a span is in the future tense ("will meet on Thursday")."""
    token = clause_verb(doc, start, end)
    if token is None:
        return False
    return any(c.dep_ == "aux" and c.lower_ in _words().future_aux for c in token.children) or (
        token.lower_ in _words().future_aux
    )


_PROBE = dt.date(2000, 6, 15)


def _trimmed_end(text: str, start: int, end: int) -> int:
    """Cut words off the end of an entity the grammar cannot read until it can ("April 17 that six").

    Returns:
        The new end, or the old one when no shorter prefix reads as a date either.
    """
    if _parses(text[start:end], _words()):
        return end
    for m in reversed(list(re.finditer(r"[\w'’-]+", text[start:end]))[:-1]):
        cut = start + m.start()
        cut = start + len(text[start:cut].rstrip(" ,.;:"))
        if cut > start and _parses(text[start:cut], _words()):
            return cut
    return end


@functools.lru_cache(maxsize=4096)
def _parses(expression: str, words: DateWords) -> bool:  # `words` keys the cache: an edited lexicon
    found = normalise(expression, anchor=_PROBE)
    return found is not None and found.resolution != UNRESOLVED


def mention_rows(doc: Doc, doc_id: str, anchor: dt.date | None) -> list[dict]:
    """Rows of the `mentions` table: every date expression of a document, normalised.

    Args:
        doc: A tagged document.
        doc_id: Its id.
        anchor: Its publication date, if known; relative expressions stay unresolved without one.

    Returns:
        One row per date expression, in text order.
    """
    text = text_of(doc)
    sent_starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
    rows = []
    for start, end in _candidate_spans(doc, text):
        expression = text[start:end]
        if _words().not_date.search(expression.strip()):
            continue
        since = _words().since.search(text[max(0, start - 15) : start])
        if since:
            start -= len(since.group(0))
        end = _trimmed_end(text, start, end)
        found = normalise(text[start:end], anchor=anchor, future=_is_future(doc, start, end))
        if found is None:
            continue
        rows.append(
            {
                "doc_id": doc_id,
                "start_char": start,
                "end_char": end,
                "text": text[start:end],
                "kind": found.kind,
                "date_start": found.start,
                "date_end": found.end,
                "resolution": found.resolution,
                "sent_idx": max(0, bisect.bisect_right(sent_starts, start) - 1),
            }
        )
    return rows


# --- publication date -------------------------------------------------------------------------

Interval = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class Evidence:
    """One constraint on when an article was written."""

    text: str
    intervals: tuple[Interval, ...]
    strength: str  # "hard" (office terms, dated events) or "soft" (closeness to the years named)


def intersect(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """Intersection of two unions of closed date intervals."""
    out = [(max(s1, s2), min(e1, e2)) for s1, e1 in a for s2, e2 in b if max(s1, s2) <= min(e1, e2)]
    return sorted(out)


_CUE_INDEX: dict[str, dict[str, list[tuple[str, int]]]] = {}


def _cues(gazetteer: Gazetteer) -> dict[str, list[tuple[str, int]]]:
    """Per actor with roles: (cue in lower case, role index), longest cues first; built once per gazetteer."""
    index = _CUE_INDEX.get(gazetteer.digest)
    if index is None:
        index = {}
        for actor in gazetteer.actors.values():
            pairs = [(" ".join(c.lower().split()), i) for i, r in enumerate(actor.roles) for c in r.cues]
            if pairs:
                index[actor.id] = sorted(pairs, key=lambda p: -len(p[0]))
        _CUE_INDEX[gazetteer.digest] = index
    return index


def office_evidence(doc: Doc, gazetteer: Gazetteer, *, today: dt.date | None = None) -> list[Evidence]:
    """Office-holders named with their title: the article date lies within that term.

    "Secretary of State John Kerry" dates an article to Kerry's term; "former President ..."
    (or any word of `not_in_office` in `data/timeline.yaml` before the title) does not count.
    A title several roles share ("President" for Putin's two presidencies) gives their union.

    Args:
        doc: A document tagged with the gazetteer.
        gazetteer: The gazetteer used (its `roles` give the terms).
        today: End of terms still running; today's date by default.

    Returns:
        One piece of evidence per actor and title, in order of first mention.
    """
    today = today or dt.date.today()
    cues = _cues(gazetteer)
    found: dict[tuple[str, tuple[int, ...]], Evidence] = {}
    text, has_sents = text_of(doc), doc.has_annotation("SENT_START")
    for ent in doc.ents:
        if ent.ent_id_ not in cues:
            continue
        lower = max(0, ent.start_char - _words().title_window)
        if has_sents:
            lower = max(lower, ent.sent.start_char)
        before = " ".join(text[lower : ent.start_char].split()).lower()
        roles: list[int] = []
        matched = ""
        for cue, role in cues[ent.ent_id_]:
            if not before.endswith(cue):
                continue
            head = before[: len(before) - len(cue)]
            if head and head[-1] not in " -(\"“‘'":
                continue
            previous = re.findall(r"[\w'-]+", head.replace("-", " "))[-1:]
            if cue.split()[0] in _words().not_in_office or (previous and previous[0] in _words().not_in_office):
                roles = []
                break
            if matched and len(cue) < len(matched):
                continue
            matched = cue
            roles.append(role)
        if not roles:
            continue
        actor = gazetteer.actors[ent.ent_id_]
        key = (actor.id, tuple(sorted(set(roles))))
        if key in found:
            continue
        picked = [actor.roles[i] for i in key[1]]
        intervals = tuple(
            sorted(
                (
                    dt.date.fromisoformat(r.start) if r.start else dt.date.min,
                    dt.date.fromisoformat(r.end) if r.end else today,
                )
                for r in picked
            )
        )
        terms = ", ".join(f"{r.start or '…'}–{r.end or 'present'}" for r in sorted(picked, key=lambda r: r.start or ""))
        titles = " / ".join(dict.fromkeys(r.title for r in picked))
        found[key] = Evidence(f"{actor.name} as {titles} ({terms})", intervals, "hard")
    return list(found.values())


def _past_context(doc: Doc, start: int, end: int) -> bool:
    """Whether a date sits in a past-tense clause (or one with no verb at all)."""
    token = clause_verb(doc, start, end)
    if token is None or token.pos_ not in ("VERB", "AUX"):
        return True
    if any(c.dep_ == "aux" and c.lower_ in _words().future_aux for c in token.children):
        return False
    return token.tag_ in ("VBD", "VBN") or any(c.tag_ == "VBD" and c.dep_ in ("aux", "auxpass") for c in token.children)


def mention_evidence(doc: Doc, mentions: Iterable[dict]) -> tuple[list[Evidence], list[Evidence]]:
    """Evidence from absolute dates: a lower bound from past events, a soft upper bound from years.

    An article is written on or after the latest event it reports with a full date, month or
    year in a past-tense clause (the start of that day, month or year). News reports recent
    events, so it is assumed to be written by the end of the year after the latest such event
    dated to the day or month (`inference.years_after_latest` in `data/timeline.yaml`); a bare
    year ("in 1991") is as often history, so it gives no upper bound. The upper bound gives way
    to office terms when they disagree.

    Returns:
        The hard lower bound (zero or one piece) and the soft upper bound (zero or one piece).
    """
    dated = [
        m
        for m in mentions
        if m["kind"] == ABSOLUTE
        and m["date_start"] is not None
        and m["resolution"] in (DAY, MONTH, YEAR)
        and m["date_start"].year >= 1900
        and _past_context(doc, m["start_char"], m["end_char"])
    ]
    if not dated:
        return [], []
    latest = max(dated, key=lambda m: m["date_start"])
    start = latest["date_start"]
    lower = Evidence(
        f"reports a past event dated {_describe(latest)} (“{latest['text']}”)", ((start, dt.date.max),), "hard"
    )
    precise = [m for m in dated if m["resolution"] in (DAY, MONTH)]
    if not precise:
        return [lower], []
    year = max(m["date_end"].year for m in precise)
    until = dt.date(year + _words().years_after, 12, 31)
    upper = Evidence(
        f"reports events dated up to {year}, so written by {until.isoformat()}", ((dt.date.min, until),), "soft"
    )
    return [lower], [upper]


def latest_year_named(mentions: Iterable[dict]) -> int | None:
    """The latest year of an absolute date a document names (any tense), if any."""
    years = [
        m["date_end"].year
        for m in mentions
        if m["kind"] == ABSOLUTE and m["date_end"] is not None and m["resolution"] in (DAY, MONTH, YEAR)
    ]
    return max(years) if years else None


def _describe(mention: dict) -> str:
    start = mention["date_start"]
    return {DAY: start.isoformat(), MONTH: start.strftime("%Y-%m"), YEAR: str(start.year)}[mention["resolution"]]


def _span(interval: Interval) -> str:
    return f"{interval[0].isoformat()}–{interval[1].isoformat()}"


def infer_doc_date(
    doc: Doc, gazetteer: Gazetteer, mentions: Sequence[dict], *, today: dt.date | None = None
) -> tuple[dt.date | None, dt.date | None, str, str]:
    """When an undated article was written, from the office-holders and dated events it names.

    The rule: (1) intersect the terms of every office-holder named with a current title; a term
    that contradicts the others is skipped and reported; (2) the article is on or after the
    latest past-tense dated event it reports (skipped if it contradicts 1); (3) where the
    office terms leave several separate periods (Trump's two terms), keep the one nearest the
    latest year the article names; (4) the article is written by the end of the year after the
    latest event it dates to the day or month, unless that contradicts (1)-(3). No article is
    dated after today.

    Args:
        doc: The tagged document.
        gazetteer: The gazetteer (for office terms).
        mentions: Its `mentions` rows, normalised without an article date.
        today: The latest possible date; today by default.

    Returns:
        `(date_min, date_max, date_source, date_evidence)`; source `inferred` or `none`.
    """
    today = today or dt.date.today()
    candidate: list[Interval] = [(dt.date.min, today)]
    evidence_used: list[Evidence] = []
    skipped: list[str] = []
    chosen = ""
    lower, upper = mention_evidence(doc, mentions)

    def narrow(evidences: Iterable[Evidence]) -> None:
        """Keep the part of the candidate each piece of evidence allows; skip one that allows none."""
        nonlocal candidate
        for evidence in evidences:
            narrowed = intersect(candidate, evidence.intervals)
            if narrowed:
                candidate = narrowed
                evidence_used.append(evidence)
            else:
                skipped.append(evidence.text)

    narrow([*office_evidence(doc, gazetteer, today=today), *lower])
    year = latest_year_named(mentions)
    if len(candidate) > 1 and year is not None:
        limit = dt.date(year + _words().years_after, 12, 31)
        chosen = ", ".join(_span(iv) for iv in candidate)
        candidate = [min(candidate, key=lambda iv: _distance(iv, limit))]
    narrow(upper)
    if not evidence_used:
        return None, None, "none", ""
    start, end = candidate[0][0], candidate[-1][1]
    binding = [e.text for e in evidence_used if _binds(e, start, end)]
    text = "; ".join(binding or [e.text for e in evidence_used])
    if chosen:
        text += f"; of the periods these allow ({chosen}), the one nearest the years named"
    if len(candidate) > 1:
        text += "; possible periods: " + ", ".join(_span(iv) for iv in candidate)
    if skipped:
        text += "; not used (contradicts the rest): " + "; ".join(skipped)
    return (None if start == dt.date.min else start), end, "inferred", text


def _binds(evidence: Evidence, start: dt.date, end: dt.date) -> bool:
    """Whether a piece of evidence sets one of the final bounds."""
    return any(start == a or end == b for a, b in evidence.intervals)


def _distance(interval: Interval, day: dt.date) -> int:
    if interval[0] <= day <= interval[1]:
        return 0
    return min(abs((interval[0] - day).days), abs((interval[1] - day).days))


# --- the analysis -----------------------------------------------------------------------------


def analyse(doc: Doc, ctx: DocContext) -> dict[str, list[dict]]:
    """Date mentions and the publication date (given or inferred) of one document."""
    mentions = mention_rows(doc, ctx.doc_id, ctx.date)
    if ctx.date is not None:
        row = {
            "date_min": ctx.date,
            "date_max": ctx.date,
            "date_source": "explicit",
            "date_evidence": f"publication date given: {ctx.date.isoformat()}",
        }
    else:
        date_min, date_max, source, evidence = infer_doc_date(doc, ctx.gazetteer, mentions)
        row = {"date_min": date_min, "date_max": date_max, "date_source": source, "date_evidence": evidence}
    return {"mentions": mentions, "doc_dates": [{"doc_id": ctx.doc_id, **row}]}


# --- evaluation -------------------------------------------------------------------------------


def _norm(text: str) -> str:
    text = " ".join(str(text).replace("\u00a0", " ").split()).lower().strip(" .,;:\"'“”")
    return re.sub(r"^(?:on|in|the)\s+", "", text)


def _as_date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str):
        return dt.date.fromisoformat(value) if value else None
    if hasattr(value, "date") and callable(value.date):
        try:
            return value.date()
        except (ValueError, TypeError):
            return None
    return value if isinstance(value, dt.date) else None


def evaluate(gold: Iterable[dict] | pd.DataFrame, mentions_df: pd.DataFrame) -> dict:
    """Score date mentions against hand labels.

    Every document in `gold` is taken as fully labelled: predicted mentions in it that match no
    label are false positives. A label matches the next unmatched predicted mention of its
    document whose text contains it or is contained in it (case-insensitive, leading
    "on"/"in"/"the" ignored).

    Args:
        gold: Labels `{doc_id, text, date_start, date_end}` (ISO strings or dates; null when a
            careful reader could not date the expression from the article alone).
        mentions_df: The `mentions` table (or part of it).

    Returns:
        `precision`, `recall`, `f1` of mentions; `start_accuracy` and `end_accuracy` of matched
        mentions (both null counts as agreement); counts; and `errors`, a list of the disagreements.
    """
    labels = gold.to_dict("records") if hasattr(gold, "to_dict") else list(gold)
    doc_ids = {str(g["doc_id"]) for g in labels}
    predicted = mentions_df[mentions_df["doc_id"].isin(doc_ids)].sort_values(["doc_id", "start_char"])
    by_doc: dict[str, list[dict]] = {}
    for row in predicted.to_dict("records"):
        by_doc.setdefault(row["doc_id"], []).append(row)
    used: set[tuple[str, int]] = set()
    matched, errors = [], []
    for label in labels:
        doc_id, want = str(label["doc_id"]), _norm(label["text"])
        hit = next(
            (
                p
                for p in by_doc.get(doc_id, [])
                if (doc_id, p["start_char"]) not in used
                and (want in _norm(p["text"]) or _norm(p["text"]) in want)
                and _norm(p["text"])
            ),
            None,
        )
        if hit is None:
            errors.append({"doc_id": doc_id, "text": label["text"], "error": "missed"})
            continue
        used.add((doc_id, hit["start_char"]))
        matched.append((label, hit))
    for doc_id, rows in by_doc.items():
        errors += [
            {"doc_id": doc_id, "text": p["text"], "error": "not a labelled date"}
            for p in rows
            if (doc_id, p["start_char"]) not in used
        ]
    start_ok = end_ok = 0
    for label, hit in matched:
        g_start, g_end = _as_date(label.get("date_start")), _as_date(label.get("date_end"))
        p_start, p_end = _as_date(hit["date_start"]), _as_date(hit["date_end"])
        start_ok += g_start == p_start
        end_ok += g_end == p_end
        if g_start != p_start or g_end != p_end:
            errors.append(
                {
                    "doc_id": label["doc_id"],
                    "text": label["text"],
                    "error": f"dated {p_start}..{p_end}, labelled {g_start}..{g_end}",
                }
            )
    n_pred, n_gold, tp = len(predicted), len(labels), len(matched)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "start_accuracy": start_ok / tp if tp else 0.0,
        "end_accuracy": end_ok / tp if tp else 0.0,
        "n_gold": n_gold,
        "n_predicted": n_pred,
        "n_matched": tp,
        "errors": errors,
    }
