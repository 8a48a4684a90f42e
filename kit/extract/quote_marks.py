"""Quotation marks: where quoted spans open and close in a text, in any of the styles news uses.

Straight and curly double marks, guillemets, single marks (for quotes of up to `_MAX_SINGLE`
characters, told apart from apostrophes by what stands around them), and two single marks written
for one double mark (''typewriter'', ‘‘curly’’, ``TeX''). A quote that runs over paragraphs
goes on where the next paragraph opens with a mark. `kit.extract.quotes` finds who said them.
"""

from __future__ import annotations

import re

DOUBLE_MARKS = '"“”„«»'
_OPEN_AFTER = set(" \t\n([{—–-/:") | {""}
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
#: The characters `quote_spans` acts on: quote marks and line breaks (where paragraphs end).
_MARK_OR_BREAK = re.compile("[" + DOUBLE_MARKS + "‘’'\n]")
_MAX_SINGLE = 120  # characters a single-quoted span may run
#: Two single marks written for one double mark: ''typewriter'' (the New York Times' archive),
#: ‘‘curly’’ and ``TeX''.
_PAIRED = re.compile(r"''|‘‘|’’|``")


def _paired_marks(text: str) -> str:
    """`text` with each pair of single marks that stands for a double mark written as one double
    mark and a space, so offsets stay those of `text`: an opening pair becomes ' “', a closing
    one '” ', and one that could be either '" '."""
    if "''" not in text and "‘‘" not in text and "’’" not in text and "``" not in text:
        return text
    chars = list(text)
    for m in _PAIRED.finditer(text):
        i = m.start()
        before = text[i - 1] if i else ""
        after = text[i + 2] if i + 2 < len(text) else ""
        pair = m.group()
        opens = pair in ("‘‘", "``") or (before in _OPEN_AFTER and not (after == "" or after.isspace()))
        closes = pair == "’’" or (not opens and (after == "" or after.isspace() or after in ".,;:!?)]}—–-"))
        if opens:
            chars[i], chars[i + 1] = " ", "“"
        elif closes:
            chars[i], chars[i + 1] = "”", " "
        else:
            chars[i], chars[i + 1] = '"', " "
    return "".join(chars)


def _mark_direction(text: str, i: int) -> str:
    """How the quote mark at `text[i]` reads, from the mark and its neighbours.

    Returns:
        `open` or `close`; `none` for an apostrophe (Ukraine's); `close?` for a plural possessive
        that closes a single quote only if one is open (separatists'); `?` when either could be.
    """
    mark = text[i]
    if mark in "“„«‘":
        return "open"
    if mark in "”»":
        return "close"
    before = text[i - 1] if i else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    open_ok = before in _OPEN_AFTER or before in DOUBLE_MARKS
    close_ok = after == "" or after.isspace() or after in ".,;:!?)]}—–-" or after in DOUBLE_MARKS
    if mark in "'’":
        if before.isalnum() and after.isalpha():
            return "none"  # an apostrophe: Ukraine's, don't
        if mark == "'" and before.isalpha() and before.lower() == "s" and after.isspace():
            return "close?"  # a plural possessive (separatists' bases) unless it ends a single quote
    if open_ok and not close_ok:
        return "open"
    if close_ok and not open_ok:
        return "close"
    return "?"


def _misplaced_close(text: str, i: int, stack: list[int]) -> bool:
    """Whether a straight mark that reads as opening closes the open quote, its space put on the
    wrong side ('... a little bit, "Volodymyr Zelenskyy said.'): it follows a comma and space inside
    an open quote, and no other mark follows it in its sentence."""
    if text[i] != '"' or len(stack) != 1 or i < 2 or text[i - 2 : i] != ", ":
        return False
    ends = [e for e in (text.find("\n", i), text.find(". ", i)) if e >= 0]
    rest = text[i + 1 : min(ends) if ends else len(text)]
    return not any(mark in rest for mark in DOUBLE_MARKS)


def quote_spans(text: str) -> list[tuple[int, int, int]]:
    """Find the outermost quoted spans of a text.

    Double marks (straight or curly) pair up as nested brackets, so a quote inside a quote does
    not end the outer one. A quote left open at the end of a paragraph continues when the next
    paragraph opens with a quote mark (the convention for multi-paragraph quotes); otherwise it is
    dropped. Two single marks written for a double one (`''`, `‘‘ ’’`, ``` `` ```) count as a
    double mark, and a quote that opens again after a sentence end inside itself ('... change.
    "Two million ...', paragraphs run together by a scrape) goes on. Single marks (‘ ’ and ')
    count only as a pair within one paragraph and 120 characters, and never when they are
    apostrophes.

    Args:
        text: The clean text.

    Returns:
        `(start, end, depth)` of each quoted span without its marks, in order; `depth` is 0 for
        outermost quotes and 1 for single-quoted spans inside a double-quoted one.
    """
    original, text = text, _paired_marks(text)
    spans: list[tuple[int, int, int]] = []
    stack: list[int] = []  # opening positions of double quotes
    single_open: int | None = None
    para_end = {m.start(): m.end() for m in _PARAGRAPH.finditer(text)}
    n = len(text)
    i = 0
    while (found := _MARK_OR_BREAK.search(text, i)) is not None:  # the characters in between change nothing
        i = found.start()
        if single_open is not None and i - 1 - single_open > _MAX_SINGLE:
            single_open = None  # it ran too long before this character
        if i in para_end:
            nxt = para_end[i]
            if stack and nxt < n and text[nxt] in DOUBLE_MARKS and _mark_direction(text, nxt) != "close":
                i = nxt + 1  # the quote continues over the paragraph break
                single_open = None
                continue
            stack.clear()
            single_open = None
            i = nxt
            continue
        ch = text[i]
        if ch in DOUBLE_MARKS:
            way = _mark_direction(text, i)
            if way == "?":
                way = "close" if stack else "open"
            if way == "open" and _misplaced_close(text, i, stack):
                way = "close"
            if way == "close" and stack:
                start = stack.pop()
                if not stack:
                    spans.append((start, i, 0))
            elif way == "open":
                end = i
                while end > 0 and text[end - 1] in " \t":
                    end -= 1
                if len(stack) == 1 and end < i and end > stack[0] and text[end - 1] in ".!?":
                    # '"They need to move quickly. "Two million children will die ...': paragraphs of
                    # one quote run together by the scrape, each opening again: the quote goes on,
                    # as it does over paragraph breaks
                    pass
                else:
                    stack.append(i + 1)
        elif ch in "‘’'":
            way = _mark_direction(text, i)
            if way == "open" and single_open is None:
                single_open = i + 1
            elif way in ("close", "close?", "?") and single_open is not None:
                if i - single_open <= _MAX_SINGLE and i > single_open:
                    spans.append((single_open, i, 1 if stack else 0))
                single_open = None
            elif way == "?" and single_open is None and ch == "‘":
                single_open = i + 1
        if single_open is not None and i - single_open > _MAX_SINGLE:
            single_open = None
        i += 1
    spans = sorted((s, _before_space(original, s, e), d) for s, e, d in spans)
    return [s for s in spans if s[1] > s[0] and original[s[0] : s[1]].strip()]


def _before_space(text: str, start: int, end: int) -> int:
    """`end`, moved back over spaces before a closing mark ('a little bit, "Volodymyr')."""
    while end > start and text[end - 1] in " \t":
        end -= 1
    return end
