"""Extraction benchmark: precision/recall against the hand-labelled sets, and the cost of extraction.

Usage: python bench/extraction.py [--rounds N]

Prints, for quotes, numeric claims and date mentions, the scores of `kit.quotes.evaluate`,
`kit.numbers.evaluate` and `kit.timeline.evaluate` against `tests/eval/*.yaml` (items from the
seeds and the outside corpus), and the tagging time with every analysis against the foundation
pipeline alone (entities and sentences), on the same texts in the same run, as a ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kit import entities, numbers, quotes, timeline  # noqa: E402
from kit.pipeline import tag  # noqa: E402
from kit.corpus import open_store  # noqa: E402
from kit.tagger import TagItem, Tagger  # noqa: E402

SEEDS = ROOT / "seeds"
BIAS = ROOT.parent / "shared" / "corpora" / "ukraine-news-bias-2014" / "articles.jsonl"
EVAL = ROOT / "tests" / "eval"


def load(name: str) -> list[dict]:
    """A gold file's items."""
    return yaml.safe_load((EVAL / f"{name}.yaml").read_text(encoding="utf-8")) or []


def tables(paths: list[Path], out: Path) -> dict[str, pd.DataFrame]:
    """Tag the corpora and return the extraction tables and documents, concatenated."""
    frames: dict[str, list[pd.DataFrame]] = {}
    for i, path in enumerate(paths):
        tag([path], out / str(i), progress=False)
        corpus = open_store(out / str(i))
        for name in ("quotes", "numbers", "mentions", "documents"):
            frames.setdefault(name, []).append(getattr(corpus, name))
    return {name: pd.concat(parts, ignore_index=True) for name, parts in frames.items()}


def timing(items: list[TagItem], rounds: int) -> tuple[float, float]:
    """Best-of-`rounds` seconds to tag `items` with the foundation analyses only, and with all."""
    base = Tagger(analyses=[entities.analyse])
    full = Tagger()
    best_base = best_full = float("inf")
    for _ in range(rounds):
        for tagger, which in ((base, "base"), (full, "full")):
            started = time.perf_counter()
            tagger.tag(items)
            elapsed = time.perf_counter() - started
            if which == "base":
                best_base = min(best_base, elapsed)
            else:
                best_full = min(best_full, elapsed)
    return best_base, best_full


def main() -> int:
    """Run the benchmark and print its report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds; the best is kept")
    args = parser.parse_args()
    paths = [SEEDS] + ([BIAS] if BIAS.exists() else [])
    if not BIAS.exists():
        print(f"note: {BIAS} not found; scoring on the seeds' items only")

    with tempfile.TemporaryDirectory() as tmp:
        found = tables(paths, Path(tmp))
    doc_ids = set(found["documents"].doc_id)
    results = {
        "quotes": quotes.evaluate([g for g in load("quotes") if g["doc_id"] in doc_ids], found["quotes"]),
        "numbers": numbers.evaluate([g for g in load("numbers") if g["doc_id"] in doc_ids], found["numbers"]),
        "dates": timeline.evaluate([g for g in load("dates") if g["doc_id"] in doc_ids], found["mentions"]),
    }
    print("Extraction quality against the hand-labelled items in tests/eval/")
    print(f"{'table':<9} {'items':>6} {'precision':>10} {'recall':>8}  other")
    for name, scores in results.items():
        extra = {k: v for k, v in scores.items() if k.endswith("accuracy") and isinstance(v, float)}
        items = scores.get("gold") or scores.get("n_gold") or scores.get("items") or ""
        print(f"{name:<9} {items!s:>6} {scores.get('precision', float('nan')):>10.3f} "
              f"{scores.get('recall', float('nan')):>8.3f}  "
              + ", ".join(f"{k} {v:.3f}" for k, v in extra.items()))

    docs = found["documents"]
    items = [TagItem(r.doc_id, r.text, r.date.isoformat() if r.date else None) for r in docs.itertuples()]
    words = int(docs.n_words.sum())
    base, full = timing(items, args.rounds)
    print(f"\nTagging cost, one process, {len(items)} documents ({words:,} words), best of {args.rounds}:")
    print(f"  foundation (entities, sentences)   {base:6.2f} s  {words / base:8,.0f} words/s")
    print(f"  with every extraction               {full:6.2f} s  {words / full:8,.0f} words/s")
    print(f"  ratio full/foundation               {full / base:6.3f}  (target <= 1.25)")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    keep = {name: {k: v for k, v in s.items() if isinstance(v, (int, float, str))} for name, s in results.items()}
    keep["timing"] = {"foundation_s": base, "full_s": full, "ratio": full / base, "words": words}
    (out / "extraction.json").write_text(json.dumps(keep, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
