"""Extraction benchmark: scores on news the kit was not built on, and the cost of extraction.

Usage: python bench/extraction.py [--rounds N] [--errors]

1. The **dev and test sets** (`tests/eval/sets.yaml`: articles from the outside corpora in
   `../shared/corpora/`, labelled blind in `tests/eval/dev/` and `tests/eval/test/`), scored by
   `kit.evaluation`, printed side by side. The test set is never looked at while tuning:
   `--errors` lists the failures on dev only.
2. The older hand-labelled items (`tests/eval/*.yaml`, the seeds and `ukraine-news-bias-2014`,
   which the extractors were first built on), scored by `kit.extract.quotes.evaluate`,
   `kit.extract.numbers.evaluate` and `kit.extract.timeline.evaluate`.
3. The tagging time with every analysis against the foundation pipeline alone (entities and
   sentences), on the same texts in the same run, as a ratio.
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

from kit import evaluation  # noqa: E402
from kit.corpus import open_store  # noqa: E402
from kit.extract import entities, numbers, quotes, timeline  # noqa: E402
from kit.gazetteer import load_gazetteer  # noqa: E402
from kit.pipeline import tag  # noqa: E402
from kit.tagger import Tagger, TagItem  # noqa: E402

SEEDS = ROOT / "seeds"
BIAS = ROOT.parent / "shared" / "corpora" / "ukraine-news-bias-2014" / "articles.jsonl"
CORPORA = ROOT.parent / "shared" / "corpora"
EVAL = ROOT / "tests" / "eval"
SPLITS = ("dev", "test")


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


def chosen_documents(split: str) -> list[dict]:
    """The split's documents as `tests/eval/sets.yaml` lists them."""
    return yaml.safe_load((EVAL / "sets.yaml").read_text(encoding="utf-8"))[split]


def split_corpus(chosen: list[dict], split: str, out: Path) -> Path:
    """A JSONL file of the split's articles, copied from the shared corpora."""
    wanted: dict[str, set[str]] = {}
    for item in chosen:
        wanted.setdefault(item["corpus"], set()).add(str(item["doc_id"]))
    path = out / f"{split}.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for corpus, ids in sorted(wanted.items()):
            for line in (CORPORA / corpus / "articles.jsonl").open(encoding="utf-8"):
                if json.loads(line)["id"] in ids:
                    f.write(line if line.endswith("\n") else line + "\n")
    return path


def score_split(split: str, out: Path) -> dict:
    """Tag a split's articles and score them against its labels."""
    chosen = chosen_documents(split)
    found = tables([split_corpus(chosen, split, out)], out / split)
    quote_docs = [str(i["doc_id"]) for i in chosen if i.get("labels", "all") == "all"]
    docs = found["documents"]
    dates = {d: (pd.Timestamp(t).date() if not pd.isna(t) else None) for d, t in zip(docs.doc_id, docs.date)}
    keys = evaluation.ActorKeys(load_gazetteer(), dates=dates)
    gold_quotes = evaluation.load_items(EVAL / split / "quotes.yaml")
    gold_numbers = evaluation.load_items(EVAL / split / "numbers.yaml")
    return {
        "quotes": evaluation.score_quotes(gold_quotes, found["quotes"], keys, docs=quote_docs),
        "numbers": evaluation.score_numbers(
            gold_numbers, found["numbers"], keys, docs=[str(i["doc_id"]) for i in chosen]
        ),
        "documents": found["documents"],
    }


#: (label, table, score key, target)
ROWS = [
    ("direct quotes: recall", "quotes", "direct_recall", None),
    ("direct quotes: precision", "quotes", "direct_precision", None),
    ("direct quotes: speaker accuracy", "quotes", "speaker_accuracy", 0.85),
    ("reported speech: found, right speaker", "quotes", "reported_found_right_speaker", 0.75),
    ("reported speech: found", "quotes", "reported_recall", None),
    ("figures: found", "numbers", "recall", None),
    ("figures: precision", "numbers", "precision", None),
    ("figures: found with right category", "numbers", "found_right_category", 0.85),
    ("figures: claimant right (of found)", "numbers", "claimant_accuracy", 0.85),
    ("figures: scope right (of found)", "numbers", "scope_accuracy", None),
]


def print_splits(scores: dict[str, dict]) -> None:
    """Print dev and test scores side by side, with the targets."""
    print(f"{'':<40} {'dev':>7} {'test':>7}  target")
    for label, table, key, target in ROWS:
        cells = []
        for split in SPLITS:
            value = scores[split][table][key] if split in scores else None
            cells.append(f"{value:7.3f}" if isinstance(value, float) else f"{'-':>7}")
        print(f"{label:<40} {' '.join(cells)}  {'>= ' + format(target, '.2f') if target else ''}")
    for split in SPLITS:
        if split in scores:
            q, n = scores[split]["quotes"], scores[split]["numbers"]
            print(
                f"  {split}: {len(scores[split]['documents'])} articles, {q['n_direct']} direct quotes, "
                f"{q['n_reported']} reported speech, {n['n_gold']} figures"
            )


def print_errors(scores: dict) -> None:
    """The dev set's failures, to work on."""
    q, n = scores["quotes"], scores["numbers"]
    print("\n-- dev: wrong speakers")
    for item in q["wrong_speaker"]:
        print(
            f"  {item['doc_id']} [{item['kind']}] {item['quote'][:60]!r}: {item.get('speaker')!r} "
            f"≠ {item['predicted']!r} (from {item['speaker_text']!r})"
        )
    print("-- dev: quotes missed")
    for item in q["missed"]:
        print(f"  {item['doc_id']} [{item['kind']}] {item['quote'][:70]!r} ({item.get('speaker')})")
    print("-- dev: direct quotes found but not labelled")
    for row in q["unmatched"]:
        print(f"  {row['doc_id']} {row['quote'][:70]!r} ({row['speaker_name']})")
    for name in ("misses", "wrong_category", "wrong_claimant", "wrong_scope", "false_positives"):
        print(f"-- dev: figures, {name.replace('_', ' ')}")
        for line in n[name]:
            print("  " + line)


#: (measure, table, score key, numerator key, denominator key): what the notebooks quote.
QUALITY = [
    ("direct quotes found", "quotes", "direct_recall", "n_direct_found", "n_direct"),
    ("direct quotes with the right speaker", "quotes", "speaker_accuracy", "n_direct_speaker_ok", "n_direct_found"),
    (
        "reported speech found with the right speaker",
        "quotes",
        "reported_found_right_speaker",
        "n_reported_speaker_ok",
        "n_reported",
    ),
    ("figures found", "numbers", "recall", "n_found", "n_gold"),
    ("figures found with the right category", "numbers", "found_right_category", "n_category_ok", "n_gold"),
    ("figures with the right claimant", "numbers", "claimant_accuracy", "n_claimant_ok", "n_found"),
    ("figures that are right (precision)", "numbers", "precision", "n_predicted_correct", "n_predicted"),
]


def write_quality(scores: dict[str, dict]) -> None:
    """Record the dev and test scores in `kit/data/extraction_quality.csv`, which the notebooks quote."""
    lines = ["split,measure,value,correct,out_of,articles"]
    for split in SPLITS:
        chosen = chosen_documents(split)
        articles = {"quotes": sum(1 for i in chosen if i.get("labels", "all") == "all"), "numbers": len(chosen)}
        for measure, table, key, num, den in QUALITY:
            sc = scores[split][table]
            lines.append(f"{split},{measure},{sc[key]:.3f},{sc[num]},{sc[den]},{articles[table]}")
    (ROOT / "kit" / "data" / "extraction_quality.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


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
    parser.add_argument(
        "--split",
        choices=SPLITS,
        action="append",
        help="score only this split (repeatable); the rest of the benchmark is skipped",
    )
    parser.add_argument("--errors", action="store_true", help="list the dev set's failures (never the test set's)")
    args = parser.parse_args()
    split_scores: dict[str, dict] = {}
    if CORPORA.is_dir():
        with tempfile.TemporaryDirectory() as tmp:
            for split in args.split or SPLITS:
                if (EVAL / split / "quotes.yaml").exists():
                    split_scores[split] = score_split(split, Path(tmp))
        print("Extraction quality on outside news (tests/eval/sets.yaml), labelled blind")
        print_splits(split_scores)
        if args.errors and "dev" in split_scores:
            print_errors(split_scores["dev"])
        print()
        if args.split:
            return 0
        if set(split_scores) == set(SPLITS):
            write_quality(split_scores)
    else:
        print(f"note: {CORPORA} not found; no dev or test scores")
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
    print("Extraction quality on the items the extractors were first built on (tests/eval/*.yaml)")
    print(f"{'table':<9} {'items':>6} {'precision':>10} {'recall':>8}  other")
    for name, scores in results.items():
        extra = {k: v for k, v in scores.items() if k.endswith("accuracy") and isinstance(v, float)}
        items = scores.get("gold") or scores.get("n_gold") or scores.get("items") or ""
        print(
            f"{name:<9} {items!s:>6} {scores.get('precision', float('nan')):>10.3f} "
            f"{scores.get('recall', float('nan')):>8.3f}  " + ", ".join(f"{k} {v:.3f}" for k, v in extra.items())
        )

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
    for split, sc in split_scores.items():
        keep[split] = {
            table: {k: v for k, v in sc[table].items() if isinstance(v, (int, float))}
            for table in ("quotes", "numbers")
        }
    keep["timing"] = {"foundation_s": base, "full_s": full, "ratio": full / base, "words": words}
    (out / "extraction.json").write_text(json.dumps(keep, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
