"""Take page furniture and scraping artefacts out of article text, recording every removal."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .yamlfile import load_yaml

DEFAULT_RULES = Path(__file__).parent / "data" / "boilerplate.yaml"

# C0/C1 control characters other than tab and newline; NUL bytes and the like from bad scrapes.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Rules:
    """Cleaning rules compiled from a boilerplate YAML file."""

    lines: tuple[tuple[re.Pattern, str], ...]
    inline: tuple[tuple[re.Pattern, str, str, str], ...]  # pattern, replacement, group removed, reason
    metadata: tuple[tuple[re.Pattern, str, str], ...]  # pattern, where, reason
    digest: str
    repeated_lines: dict = field(default_factory=dict)  # thresholds for `kit.furniture`


@dataclass
class Removal:
    """A piece of text taken out of a document, and why."""

    text: str
    reason: str


@dataclass
class Cleaned:
    """The result of cleaning one text."""

    text: str
    removed: list[Removal] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


@functools.lru_cache(maxsize=8)
def load_rules(path: str | Path | None = None) -> Rules:
    """Load and compile cleaning rules.

    Args:
        path: A boilerplate YAML file; the kit's own `data/boilerplate.yaml` by default.

    Returns:
        Compiled rules, with a digest of the file used for cache invalidation.

    Raises:
        ValueError: If a pattern does not compile, naming the rule.
    """
    path = Path(path) if path else DEFAULT_RULES
    raw = path.read_bytes()
    spec = load_yaml(raw.decode("utf-8"), path.name) or {}

    def compile_(rule: dict, section: str) -> re.Pattern:
        try:
            return re.compile(rule["pattern"])
        except (re.error, KeyError, TypeError) as exc:
            raise ValueError(f"{path}: bad rule in '{section}': {rule!r} ({exc})") from None

    lines = tuple((compile_(r, "lines"), r["reason"]) for r in spec.get("lines", []))
    inline = tuple(
        (compile_(r, "inline"), r.get("replace", ""), r.get("group", 0), r["reason"]) for r in spec.get("inline", [])
    )
    metadata = tuple((compile_(r, "metadata"), r.get("where", "any"), r["reason"]) for r in spec.get("metadata", []))
    return Rules(lines, inline, metadata, hashlib.sha256(raw).hexdigest()[:16], dict(spec.get("repeated_lines") or {}))


def normalise(text: str) -> str:
    """Normalise line ends, Unicode form and runs of spaces; drop control characters.

    Args:
        text: Decoded text.

    Returns:
        NFC text with `\\n` line ends, single spaces, no trailing spaces and at most one blank line in a row.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean_text(raw: str, *, rules: Rules | None = None) -> Cleaned:
    """Clean one article: take out furniture, turn metadata lines into fields, keep every sentence.

    Only whole lines matching a `lines` rule, spans matching an `inline` rule and metadata
    matches are removed; everything else is kept, whitespace normalised. Cleaning is
    idempotent: `clean_text(clean_text(x).text).text == clean_text(x).text`.

    Args:
        raw: The decoded article text.
        rules: Compiled rules; the kit's defaults when omitted.

    Returns:
        The clean text, the removals (text and reason) and metadata fields found.
    """
    rules = rules or load_rules()
    result = Cleaned(text="")
    controls = _CONTROL.findall(raw)
    if controls:
        result.removed.append(Removal(f"{len(controls)} control character(s)", "control characters"))
    lines = normalise(raw).split("\n")
    lines = _take_metadata(lines, rules, result)
    kept: list[str] = []
    for line in lines:
        if line and any(p.fullmatch(line) for p, _ in rules.lines):
            result.removed.append(Removal(line, next(r for p, r in rules.lines if p.fullmatch(line))))
            continue
        kept.append(_apply_inline(line, rules, result))
    result.text = _BLANK_LINES.sub("\n\n", "\n".join(kept)).strip()
    return result


def _take_metadata(lines: list[str], rules: Rules, result: Cleaned) -> list[str]:
    """Apply metadata rules, repeating until nothing more matches (so cleaning is idempotent)."""
    changed = True
    while changed:
        changed = False
        nonblank = [i for i, line in enumerate(lines) if line]
        if not nonblank:
            break
        for pattern, where, reason in rules.metadata:
            indices = {"first": nonblank[:1], "last": nonblank[-1:]}.get(where, nonblank)
            for i in indices:
                match = pattern.search(lines[i])
                if not match or not match.group(0).strip():
                    continue
                for name, value in match.groupdict().items():
                    if value and value.strip() and name not in result.fields:
                        result.fields[name] = value.strip()
                result.removed.append(Removal(match.group(0).strip(), reason))
                lines[i] = (lines[i][: match.start()] + lines[i][match.end() :]).strip()
                changed = True
                break
            if changed:
                break
    return lines


def _apply_inline(line: str, rules: Rules, result: Cleaned) -> str:
    """Apply inline rules to one line, recording the text each one takes out."""
    for pattern, replacement, group, reason in rules.inline:

        def substitute(
            match: re.Match, replacement: str = replacement, group: str = group, reason: str = reason
        ) -> str:
            result.removed.append(Removal(match.group(group).strip(), reason))
            return match.expand(replacement)

        line = pattern.sub(substitute, line).strip()
    return _SPACES.sub(" ", line)
