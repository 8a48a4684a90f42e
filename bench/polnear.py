"""Attribution on PolNeAR: who said what, scored on ~1,000 US political news articles the kit never saw.

Usage: python bench/polnear.py DATA [--split train|dev|test] [--sample N] [--seed S] [--errors N]

`DATA` is the `data/` folder of the PolNeAR corpus (networkdynamics/PolNeAR: 1,008 articles of
seven US outlets from the 2016 election, every attribution's source, cue and content marked in
brat standoff files). Its texts stay outside this repository; this script reads them where they lie.

What is scored, at the level of the mention (the words a reader takes for the source, before any
resolution of "he" to a name; `kit.evaluation` scores resolved speakers on the kit's own sets):

- **Gold items** are PolNeAR attributions of *speech*: a direct quote (its content is mostly inside
  quotation marks) or reported speech whose cue has a verb of saying or a source phrase from
  `SPEECH` below, a list of this script's own so that the kit's cue lexicon cannot choose what it
  is scored on. Attributions of belief or intention ("he figures that ...") are left out.
- **Found**: a kit quote (direct or indirect: a partial quote may be either) overlaps the gold
  content by at least half of the shorter.
- **Source right**: the head word of the kit's `speaker_text` (or of the name it resolved it to;
  the last word, possessive dropped) is a word of the gold source phrase, or both are empty.
- **Precision**: the share of the kit's quotes (direct and indirect) that overlap any PolNeAR
  attribution's content, speech or not.

Work on `train` and `dev`; `--split test` is for reporting once.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kit.extract import quotes  # noqa: E402
from kit.extract.protocol import DocContext  # noqa: E402
from kit.lexicons import using  # noqa: E402
from kit.tagger import Tagger, TagItem  # noqa: E402

#: Lemmas of a cue that make an attribution one of speech (this script's list, not the kit's).
SPEECH = frozenset(
    """say tell add state claim accuse insist warn announce declare argue assert write tweet report
    note explain confirm deny reiterate reveal acknowledge admit allege complain promise vow threaten
    predict respond reply ask urge stress emphasize emphasise suggest describe call testify recount
    quip joke boast brag charge contend concede criticize criticise praise blast slam mock dismiss
    according statement interview told says said remark comment post""".split()
)
QUOTE_MARKS = '"“”„«»'


@dataclass
class Attribution:
    """One PolNeAR attribution: its source, cue and content character spans."""

    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)


def _spans(field_text: str) -> list[tuple[int, int]]:
    """'120 211;215 230' -> [(120, 211), (215, 230)]."""
    return [(int(a), int(b)) for a, b in (part.split() for part in field_text.split(";"))]


def read_ann(path: Path) -> list[Attribution]:
    """The attributions of one brat standoff file."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = (label, _spans(offsets))
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    out = []
    for rel in relations:
        att = Attribution()
        for role, key in rel.items():
            if key in spans and role in ("Source", "Cue", "Content"):
                getattr(att, role.lower()).extend(spans[key][1])
        if att.content:
            out.append(att)
    return out


def articles(data: Path, split: str) -> list[tuple[str, Path, Path]]:
    """(name, text file, one annotation file) for each article of a split; the first annotator's labels."""
    found = []
    for text in sorted((data / split / "text").glob("*.txt")):
        anns = sorted((data / split / "attributions").glob(text.stem + "_*.ann"))
        if anns:
            found.append((text.stem, text, anns[0]))
    return found


def publication_dates(data: Path) -> dict[str, dt.date]:
    """Each article's publication date, from PolNeAR's metadata.tsv (role holders depend on it)."""
    out = {}
    path = data / "metadata.tsv"
    if path.is_file():
        for row in csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"):
            try:
                out[row["filename"]] = dt.date.fromisoformat(row["publication_date"])
            except (KeyError, ValueError):
                continue
    return out


def _text(text: str, spans: list[tuple[int, int]]) -> str:
    return " ".join(text[a:b] for a, b in spans)


def _overlap(a: tuple[int, int], spans: list[tuple[int, int]]) -> int:
    return sum(max(0, min(a[1], b) - max(a[0], s)) for s, b in spans)


_WORD = re.compile(r"[A-Za-z][\w.\-]*")
_POSSESSIVE = re.compile(r"['’]s?$")


def head_word(text: str) -> str:
    """The last word of a source phrase, lower-cased, possessive dropped ("Trump's campaign" -> campaign)."""
    words = [_POSSESSIVE.sub("", w).lower().rstrip(".") for w in _WORD.findall(text or "")]
    return words[-1] if words else ""


def is_direct(text: str, att: Attribution) -> bool:
    """Content that opens with a quotation mark (a partial quote, 'called it "absurd"', is reported speech)."""
    content = _text(text, att.content).strip()
    return len(content) > 0 and content[0] in QUOTE_MARKS + "'‘"


def is_speech(doc_lemmas: dict[int, str], text: str, att: Attribution) -> bool:
    """A cue with a verb of saying or a source phrase."""
    words = {w.lower() for w in _WORD.findall(_text(text, att.cue))}
    lemmas = {doc_lemmas[i] for a, b in att.cue for i in range(a, b) if i in doc_lemmas}
    return bool((words | lemmas) & SPEECH)


def source_right(text: str, att: Attribution, row: dict) -> bool:
    """The kit's source is one a reader would accept: the head word of its `speaker_text` (or of
    the name it resolved to) is a word of the gold source phrase ("Brian Jack" for "Brian Jack, a
    Trump delegate strategist"; "he" for "he"); an empty source is right only where PolNeAR has none."""
    gold = {_POSSESSIVE.sub("", w).lower().rstrip(".") for w in _WORD.findall(_text(text, att.source))}
    heads = {head_word(row.get("speaker_text") or ""), head_word(row.get("speaker_name") or "")} - {""}
    return bool(heads & gold) if gold else not heads


def score(data: Path, split: str, sample: int, seed: int, tagger: Tagger) -> dict:
    """Tag a split's sample and score the kit's quotes against PolNeAR's attributions."""
    chosen = articles(data, split)
    if sample and sample < len(chosen):
        chosen = random.Random(seed).sample(chosen, sample)
    dates = publication_dates(data)
    items = [TagItem(name, path.read_text(encoding="utf-8"), None) for name, path, _ in chosen]
    gold = {name: read_ann(ann) for name, _, ann in chosen}
    texts = {item.doc_id: item.text for item in items}
    rows: dict[str, list[dict]] = {name: [] for name in gold}
    lemmas: dict[str, dict[int, str]] = {}
    started = time.perf_counter()
    with using(tagger.lexicons):
        for item, doc in tagger.docs(items):
            ctx = DocContext(item.doc_id, dates.get(item.doc_id), tagger.gazetteer, title=item.title)
            rows[item.doc_id] = quotes.quote_rows(doc, ctx)
            lemmas[item.doc_id] = {t.idx + k: t.lemma_.lower() for t in doc for k in range(len(t.text))}
    seconds = time.perf_counter() - started
    counts = {k: 0 for k in ("direct", "direct_found", "direct_src", "speech", "speech_found", "speech_src")}
    counts.update(predicted=0, predicted_ok=0)
    errors: dict[str, list[str]] = {"missed": [], "wrong_source": [], "spurious": []}
    for name, atts in gold.items():
        text = texts[name]
        found = [r for r in rows[name] if r["kind"] in ("direct", "indirect")]
        for row in found:
            span = (row["start_char"], row["end_char"])
            counts["predicted"] += 1
            if any(_overlap(span, a.content) > 0 for a in atts):
                counts["predicted_ok"] += 1
            else:
                errors["spurious"].append(f"{name} [{row['kind']}] {row['quote'][:90]!r} ({row['speaker_text']!r})")
        for att in atts:
            direct = is_direct(text, att)
            if not direct and not is_speech(lemmas[name], text, att):
                continue
            kind = "direct" if direct else "speech"
            counts[kind] += 1
            content_len = sum(b - a for a, b in att.content)
            best, best_overlap = None, 0
            for row in found:
                span = (row["start_char"], row["end_char"])
                ov = _overlap(span, att.content)
                if ov * 2 >= min(content_len, span[1] - span[0]) and ov > best_overlap:
                    best, best_overlap = row, ov
            label = f"{name} [{kind}] {_text(text, att.content)[:80]!r} <- {_text(text, att.source)!r}"
            if best is None:
                near = [r for r in rows[name] if _overlap((r["start_char"], r["end_char"]), att.content)]
                seen = "; ".join(f"{r['kind']} {r['quote'][:40]!r} <- {r['speaker_text']!r}" for r in near)
                errors["missed"].append(label + f" (cue {_text(text, att.cue)!r})" + (f" kit: {seen}" if seen else ""))
                continue
            counts[kind + "_found"] += 1
            if source_right(text, att, best):
                counts[kind + "_src"] += 1
            else:
                errors["wrong_source"].append(label + f" kit: {best['speaker_text']!r} (cue {best['cue']!r})")
    return {"counts": counts, "errors": errors, "articles": len(chosen), "seconds": seconds}


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a} of {b})" if b else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="PolNeAR's data/ folder")
    parser.add_argument("--split", default="train", choices=("train", "dev", "test"))
    parser.add_argument("--sample", type=int, default=150, help="articles drawn from the split (0: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--errors", type=int, default=0, help="print up to N failures of each kind")
    args = parser.parse_args(argv)
    if not (args.data / args.split / "text").is_dir():
        parser.error(f"{args.data} is not PolNeAR's data folder (no {args.split}/text inside)")
    if args.split == "test" and args.errors:
        parser.error("the test split is for reporting: no --errors")
    result = score(args.data, args.split, args.sample, args.seed, Tagger(analyses=[quotes.analyse]))
    c = result["counts"]
    print(f"PolNeAR {args.split}: {result['articles']} articles, tagged in {result['seconds']:.0f} s")
    print(f"  direct quotes found                 {ratio(c['direct_found'], c['direct'])}")
    print(f"  direct quotes: source right (found) {ratio(c['direct_src'], c['direct_found'])}")
    print(f"  reported speech found               {ratio(c['speech_found'], c['speech'])}")
    print(f"  reported speech: source right       {ratio(c['speech_src'], c['speech_found'])}")
    print(f"  reported speech found, right source {ratio(c['speech_src'], c['speech'])}")
    print(f"  precision (overlaps an attribution) {ratio(c['predicted_ok'], c['predicted'])}")
    if args.errors:
        for kind, lines in result["errors"].items():
            print(f"\n-- {kind} ({len(lines)})")
            for line in random.Random(1).sample(lines, min(args.errors, len(lines))):
                print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
