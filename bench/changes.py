"""What a change does to who-said-what and to figures on news no one labelled: the rows it changes, to read.

Usage: python bench/changes.py REV [--table quotes|numbers] [--per-corpus N] [--seed S]

The labelled sets (`bench/extraction.py`) hold a few hundred articles; a rule they never meet
changes nothing there, for better or worse. This script tags a fixed random sample of the shared
outside corpora (`../shared/corpora/`, at most N articles of each, never a test-set article) with
the working tree and with the commit `REV` (checked out in a temporary git worktree), and prints
every `quotes` row whose speaker differs (or, with `--table numbers`, every `numbers` row whose
category, scope or claimant differs), with the text around it, for a reader to judge. Counts of
quotes with no speaker, or of figures by category, are printed for both. Nothing is scored:
reading the changed rows is the check.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"

#: Run inside a checkout (the working tree or a worktree of REV): tag the sample, write rows as JSON lines.
_TAG = """
import datetime as dt, json, sys
sys.path.insert(0, '.')
from kit.extract import numbers, quotes
from kit.extract.protocol import DocContext
from kit.lexicons import using
from kit.tagger import Tagger, TagItem
records = [json.loads(line) for line in open(sys.argv[1], encoding='utf-8')]
tagger = Tagger(analyses=[quotes.analyse])
dates = {r['id']: r['date'] for r in records}
outlets = {r['id']: r.get('outlet') or r.get('source') for r in records}
items = [TagItem(r['id'], r['text'], r['date'], r['title']) for r in records]
with open(sys.argv[2], 'w', encoding='utf-8') as out, using(tagger.lexicons):
    for item, doc in tagger.docs(items):
        date = dt.date.fromisoformat(dates[item.doc_id]) if dates[item.doc_id] else None
        # the outlet, where the checkout's kit reads one (an older commit's does not)
        known = {'outlet': outlets[item.doc_id]} if 'outlet' in getattr(DocContext, '__dataclass_fields__', {}) else {}
        ctx = DocContext(item.doc_id, date, tagger.gazetteer, title=item.title, **known)
        for row in quotes.quote_rows(doc, ctx):
            keep = {k: row[k] for k in ('start_char', 'kind', 'quote', 'speaker_text', 'speaker_name')}
            out.write(json.dumps({'table': 'quotes', 'doc_id': item.doc_id, **keep}) + '\\n')
        for row in numbers.claims(doc, ctx):
            keep = {k: row[k] for k in ('start_char', 'text', 'value', 'category', 'scope', 'claimed_by')}
            out.write(json.dumps({'table': 'numbers', 'doc_id': item.doc_id, 'kind': 'figure', **keep}) + '\\n')
"""

#: What a row says that a change may alter, by table.
COMPARED = {"quotes": ("speaker_name",), "numbers": ("category", "scope", "claimed_by")}


def sample(per_corpus: int, seed: int) -> list[dict]:
    """At most `per_corpus` articles of 80 to 1,500 words from each shared corpus, none of the test set."""
    import yaml

    sets = yaml.safe_load((ROOT / "tests" / "eval" / "sets.yaml").read_text(encoding="utf-8"))
    test = {str(item["doc_id"]) for item in sets["test"]}
    chosen = []
    for corpus in sorted(p for p in CORPORA.iterdir() if (p / "articles.jsonl").is_file()):
        records = [json.loads(line) for line in (corpus / "articles.jsonl").open(encoding="utf-8")]
        records = [r for r in records if r["id"] not in test and 80 <= len(r["text"].split()) <= 1500]
        for r in random.Random(seed).sample(records, min(per_corpus, len(records))):
            date = str(r.get("date") or "")[:10]
            outlet = r.get("outlet") or r.get("source")
            chosen.append(
                {"id": r["id"], "text": r["text"], "title": r.get("title"), "date": date or None, "outlet": outlet}
            )
    return chosen


def tag(checkout: Path, records: Path, out: Path, table: str = "quotes") -> dict[tuple[str, int, str], dict]:
    """The rows of `table` for the sample as the code in `checkout` tags it, by (document, start, kind)."""
    subprocess.run([sys.executable, "-c", _TAG, str(records), str(out)], cwd=checkout, check=True)
    rows = [json.loads(line) for line in out.open(encoding="utf-8")]
    return {(r["doc_id"], r["start_char"], r["kind"]): r for r in rows if r["table"] == table}


def _what(row: dict | None, table: str) -> str:
    """The compared fields of a row, as one line."""
    if row is None:
        return "(no row)"
    return " / ".join(repr(row[k]) for k in COMPARED[table])


def _totals(rows: dict, table: str) -> str:
    """Quotes with no speaker, or figures by category."""
    if table == "quotes":
        speech = [r for r in rows.values() if r["kind"] in ("direct", "indirect")]
        return f"no speaker: {sum(not r['speaker_name'] for r in speech)} of {len(speech)} quotes"
    counts: dict[str, int] = {}
    for r in rows.values():
        counts[r["category"]] = counts.get(r["category"], 0) + 1
    return "figures: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the commit to compare the working tree with")
    parser.add_argument("--table", choices=sorted(COMPARED), default="quotes", help="the table to compare")
    parser.add_argument("--per-corpus", type=int, default=400, help="articles drawn from each corpus")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not CORPORA.is_dir():
        parser.error(f"{CORPORA} not found")
    records = sample(args.per_corpus, args.seed)
    texts = {r["id"]: r["text"] for r in records}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "sample.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        subprocess.run(
            ["git", "worktree", "add", "--quiet", "--detach", str(work / "old"), args.rev], cwd=ROOT, check=True
        )
        try:
            old = tag(work / "old", work / "sample.jsonl", work / "old.jsonl", args.table)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(work / "old")], cwd=ROOT, check=True)
        new = tag(ROOT, work / "sample.jsonl", work / "new.jsonl", args.table)
    fields = COMPARED[args.table]
    changed = [
        (key, old.get(key), row) for key, row in new.items() if any(old.get(key, {}).get(k) != row[k] for k in fields)
    ]
    gone = [key for key in old if key not in new]
    print(f"{len(records)} articles; rows: {len(old)} at {args.rev}, {len(new)} now ({len(gone)} gone)")
    for label, rows in (("at " + args.rev, old), ("now", new)):
        print(f"  {label}: {_totals(rows, args.table)}")
    for key in gone:
        print(f"  gone: {key[0]} [{key[2]}] {old[key].get('quote') or old[key].get('text')!r}")
    print(f"\n{len(changed)} rows with another {' / '.join(fields)}:\n")
    for (doc_id, start, kind), before, row in sorted(changed, key=lambda x: x[0]):
        context = " ".join(texts[doc_id][max(0, start - 300) : start + 80].split())
        if args.table == "quotes":
            print(f"{doc_id} [{kind}] {row['quote'][:80]!r} <- {row['speaker_text']!r}: ", end="")
        else:
            print(f"{doc_id} {row['text']!r} = {row['value']}: ", end="")
        print(f"{_what(before, args.table)} -> {_what(row, args.table)}")
        print(f"    ... {context} ...\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
