"""Generate a reproducible benchmark corpus of any size from the seed articles and the outside corpus."""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import hashlib
import json
import os
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = ROOT / "seeds"
OUTSIDE_CORPUS = ROOT.parent / "shared" / "corpora" / "ukraine-news-bias-2014" / "articles.jsonl"
FORMATS = ("jsonl", "txt")
#: Publication dates given to generated articles fall in this range.
FIRST_DATE, LAST_DATE = dt.date(2014, 1, 1), dt.date(2023, 12, 31)
#: Years in this range are shifted (all by the same amount within one article); others are kept.
YEARS = (2013, 2024)

_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
# A sentence ends after ., ! or ? preceded by two lowercase letters or digits (so "U.S." and "Mr."
# do not end one), optionally followed by a closing quote, and is followed by a capital.
_SENTENCE = re.compile(r"(?:(?<=[a-z0-9)%]{2}[.!?])|(?<=[a-z0-9)%]{2}[.!?][\"”’']))\s+(?=[\"“‘']?[A-Z])")
_MONTHS = "|".join(calendar.month_name[1:])
_ISO_DATE = r"\b(?P<iso_year>\d{4})-(?P<iso_month>\d{2})-\d{2}\b"
_MONTH_DAY = rf"\b(?P<month>{_MONTHS})\s+\d{{1,2}}\b"
_NUMBER = (
    r"(?<![\w.,\-/])(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<decimals>\.\d+)?(?![\w\-/]|[.,]\d)"
    r"(?P<percent>\s*(?:%|percent|per cent))?"
)
# One pass, so that a day or year once changed is not changed again as a count.
_NUMBERS = re.compile(f"{_ISO_DATE}|{_MONTH_DAY}|{_NUMBER}")


@dataclass
class Source:
    """One article the generator varies: its paragraphs, and the record fields it keeps."""

    source_id: str
    title: str | None
    paragraphs: list[str]
    extra: dict = field(default_factory=dict)


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences (a heuristic good enough for reordering them)."""
    return [s for s in _SENTENCE.split(paragraph.strip()) if s]


def load_sources(seeds_dir: Path = SEEDS_DIR, outside: Path | None = OUTSIDE_CORPUS) -> list[Source]:
    """Read the seed articles and, where present, the outside corpus.

    Args:
        seeds_dir: Folder of seed `.txt` articles.
        outside: The outside JSONL corpus; skipped with a note on stderr when absent or None.

    Returns:
        The source articles, seeds first, in a stable order.

    Raises:
        FileNotFoundError: If there is no source article at all.
    """
    sources = [
        Source(path.stem, None, _PARAGRAPH.split(path.read_text(encoding="utf-8", errors="replace").strip()))
        for path in sorted(seeds_dir.glob("*.txt"))
    ]
    if outside is not None and outside.is_file():
        with open(outside, encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                record = json.loads(line)
                extra = {k: v for k, v in record.items() if k not in ("id", "text", "title", "date")}
                sources.append(
                    Source(str(record["id"]), record.get("title"), _PARAGRAPH.split(record["text"].strip()), extra)
                )
    elif outside is not None:
        print(f"note: {outside} is not here; generating from the {len(sources)} seed article(s) only", file=sys.stderr)
    if not sources:
        raise FileNotFoundError(f"no source articles in {seeds_dir}")
    return sources


def _format_like(value: float, original: str, decimals: str | None) -> str:
    """Write `value` the way `original` was written (thousands separators, decimal places)."""
    if decimals:
        return f"{value:,.{len(decimals) - 1}f}" if "," in original else f"{value:.{len(decimals) - 1}f}"
    return f"{round(value):,}" if "," in original else str(round(value))


def vary_numbers(text: str, rng: random.Random, year_shift: int) -> str:
    """Change the numbers of a text: counts scaled, days redrawn, years shifted by `year_shift`.

    Numbers below 10 (list items, ordinals, "G7") are kept; percentages stay below 100.

    Args:
        text: A paragraph.
        rng: The article's random generator.
        year_shift: Years added to every year between `YEARS[0]` and `YEARS[1]`.

    Returns:
        The text with its numbers changed.
    """

    def shift_year(year: int) -> int:
        return min(max(year + year_shift, YEARS[0]), YEARS[1]) if YEARS[0] <= year <= YEARS[1] else year

    def replace(m: re.Match) -> str:
        if m["iso_year"]:
            return f"{shift_year(int(m['iso_year'])):04d}-{m['iso_month']}-{rng.randint(1, 28):02d}"
        if m["month"]:
            return f"{m['month']} {rng.randint(1, 28)}"
        digits, decimals, percent = m["digits"], m["decimals"], m["percent"] or ""
        value = float(digits.replace(",", "") + (decimals or ""))
        if not decimals and "," not in digits and len(digits) == 4 and 1900 <= value <= 2099:
            return str(shift_year(int(value))) + percent
        if value < 10:
            return m[0]
        new = value * rng.uniform(0.5, 2.0)
        if percent:
            new = min(new, 99.0)
        return _format_like(max(new, 10.0), digits, decimals) + percent

    return _NUMBERS.sub(replace, text)


def vary_paragraph(paragraph: str, rng: random.Random, year_shift: int) -> str:
    """Shuffle a paragraph's sentences and change its numbers."""
    sentences = split_sentences(paragraph)
    rng.shuffle(sentences)
    return vary_numbers(" ".join(sentences), rng, year_shift)


def make_article(sources: list[Source], index: int, seed: int) -> dict:
    """The record of generated article number `index`: it depends only on `seed` and `index`.

    The first paragraph (headline or dateline) stays in place; sentences are shuffled within
    every other paragraph and numbers change everywhere. The text never equals its source's:
    where shuffling and numbers changed nothing, the longest paragraph is rotated, or a source
    that is only a headline gets a paragraph of another article.

    Args:
        sources: The articles to draw from.
        index: The article's number in the generated corpus.
        seed: The corpus seed.

    Returns:
        A JSONL record: `id`, `title`, `date`, `text`, `source_id`, plus the source's extra fields.
    """
    rng = random.Random(f"kit-bench:{seed}:{index}")
    source = sources[rng.randrange(len(sources))]
    year_shift = rng.choice((-2, -1, 0, 0, 1, 2))
    head, *body = source.paragraphs
    paragraphs = [vary_numbers(head, rng, year_shift)] + [vary_paragraph(p, rng, year_shift) for p in body]
    original = "\n\n".join(source.paragraphs)
    text = "\n\n".join(paragraphs)
    if text == original:
        splittable = [i for i, p in enumerate(paragraphs) if len(split_sentences(p)) > 1]
        if splittable:
            i = max(splittable, key=lambda j: len(split_sentences(paragraphs[j])))
            sentences = split_sentences(paragraphs[i])
            paragraphs[i] = " ".join(sentences[1:] + sentences[:1])
        else:  # a headline-only source: add a paragraph of another article
            donors = [p for other in sources if other is not source for p in other.paragraphs[1:]]
            if donors:
                paragraphs.append(vary_paragraph(rng.choice(donors), rng, year_shift))
        text = "\n\n".join(paragraphs)
    days = (LAST_DATE - FIRST_DATE).days
    date = FIRST_DATE + dt.timedelta(days=rng.randrange(days + 1))
    digest = hashlib.sha1(f"{seed}:{index}:{source.source_id}".encode()).hexdigest()[:8]
    record = {
        "id": f"{source.source_id}-{index:07d}-{digest}",
        "title": source.title,
        "date": date.isoformat(),
        "text": text,
        "source_id": source.source_id,
        "generator_seed": seed,
    }
    record.update({k: v for k, v in source.extra.items() if k not in record})
    return record


def generate(
    n: int, out: Path, seed: int = 0, fmt: str = "jsonl", *, start: int = 0, sources: list[Source] | None = None
) -> Path:
    """Write a corpus of `n` varied articles, the same bytes for the same arguments.

    Articles are written one at a time (memory does not grow with `n`). Article `i` depends only on
    `seed` and `i`, so a corpus of `n` articles is a prefix of one of `m > n`, and `start` continues
    a corpus: `generate(10, p, start=1000)` are articles 1000 to 1009.

    Args:
        n: Number of articles.
        out: A `.jsonl` file (format `jsonl`) or a folder to fill with `.txt` files (format `txt`).
        seed: Changes every article.
        fmt: `jsonl` (one record a line, with `date` and `title`) or `txt` (one file per article).
        start: Number of the first article.
        sources: Source articles (default: `load_sources()`).

    Returns:
        `out`.

    Raises:
        ValueError: For a negative `n` or an unknown format.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, not {n}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    sources = sources if sources is not None else load_sources()
    out = Path(out)
    if fmt == "jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
                for index in range(start, start + n):
                    handle.write(json.dumps(make_article(sources, index, seed), ensure_ascii=False) + "\n")
            os.replace(tmp, out)
        finally:
            tmp.unlink(missing_ok=True)
    else:
        out.mkdir(parents=True, exist_ok=True)
        for index in range(start, start + n):
            record = make_article(sources, index, seed)
            (out / f"{record['id']}.txt").write_text(record["text"] + "\n", encoding="utf-8", newline="\n")
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: `python bench/generate.py N OUT [--seed S] [--format jsonl|txt] [--start K]`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out", type=Path, help="output .jsonl file (or folder, with --format txt)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--format", choices=FORMATS, default="jsonl", help="output format (default: jsonl)")
    parser.add_argument("--start", type=int, default=0, help="number of the first article (default: 0)")
    args = parser.parse_args(argv)
    path = generate(args.n, args.out, args.seed, args.format, start=args.start)
    print(f"wrote {args.n:,} article(s) to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
