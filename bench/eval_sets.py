"""Choose the documents of the extraction dev and test sets from the shared outside corpora.

Usage: python bench/eval_sets.py [--write] [--extend-dev [ROUND]] [--export ROUND DIR]

The choice is random with a fixed seed, within each corpus and outlet, among articles of 100 to
900 words (short enough to label every item by hand) that none of the older gold files
(`tests/eval/*.yaml`) uses. It prints the choice, and with `--write` records it in
`tests/eval/sets.yaml`, which `bench/extraction.py` reads. Run once, before labelling: the test
set must be fixed before any extractor is changed.

`--extend-dev ROUND` draws a later round of dev documents (`_round_plan`: each with its own plan
and seed) among those no set or gold file uses yet, and with `--write` appends them to the dev set
marked with their `round`. Round 2 added official texts; round 3 adds documents labelled for figures only
(the dev set held 49 figures) and news reports labelled in full; rounds 4 to 12 are drawn as the test
set was. The test set is never touched.

`--export ROUND DIR` writes the dev documents of a round (or with `dev` or `test` for ROUND, all
of a split's, for a second reader to review the labels) as the labellers read them
(`bench/labelling.md`): one `<doc_id>.txt` each, a header, a blank line, then the text.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
EVAL = ROOT / "tests" / "eval"
SPLITS = ("dev", "test")

#: (corpus, outlet prefix or None, how many for test, how many for dev)
PLAN = [
    ("ukraine-news-bias-2014", None, 9, 10),
    ("bbc-news-2004-2005", "BBC", 6, 8),
    ("kremlin-presua-2022", "President of Ukraine", 6, 8),
    ("kremlin-presua-2022", "Kremlin", 4, 6),
    ("usgov-ukraine-2022", "The White House", 3, 5),
    ("usgov-ukraine-2022", "U.S. Department of Defense", 1, 1),
    ("usgov-ukraine-2022", "U.S. Department of the Treasury", 1, 2),
]
SEED = 20261128
#: Figures are rarer than quotes: a second draw, among articles with at least two sentences that
#: put a number next to a casualty, troop or refugee word, adds documents labelled for figures only.
FIGURE_PLAN = [  # (corpus, outlet prefix or None, test, dev)
    ("kremlin-presua-2022", "President of Ukraine", 5, 5),
    ("ukraine-news-bias-2014", None, 2, 2),
    ("usgov-ukraine-2022", None, 1, 1),
    ("bbc-news-2004-2005", "BBC", 2, 2),
]
#: A second round of dev documents, drawn later to work on more news of the kit's own kinds
#: (official texts above all), with its own seed: (corpus, outlet prefix or None, how many).
DEV_PLAN_2 = [
    ("kremlin-presua-2022", "President of Ukraine", 10),
    ("kremlin-presua-2022", "Kremlin", 8),
    ("usgov-ukraine-2022", "The White House", 6),
    ("usgov-ukraine-2022", "U.S. Department of Defense", 3),
    ("usgov-ukraine-2022", "U.S. Department of the Treasury", 2),
    ("bbc-news-2004-2005", "BBC", 8),
    ("ukraine-news-bias-2014", None, 3),
]
DEV_SEED_2 = 20261201
#: The third round: (corpus, outlet prefix or None, how many, labels) with labels "figures"
#: (drawn among `figure_candidates`) or "all" (drawn among `candidates`).
DEV_PLAN_3 = [
    ("kremlin-presua-2022", "President of Ukraine", 7, "figures"),
    ("kremlin-presua-2022", "Kremlin", 2, "figures"),
    ("ukraine-news-bias-2014", None, 6, "figures"),
    ("usgov-ukraine-2022", None, 3, "figures"),
    ("bbc-news-2004-2005", "BBC", 3, "figures"),
    ("ukraine-news-bias-2014", None, 6, "all"),
    ("bbc-news-2004-2005", "BBC", 3, "all"),
]
DEV_SEED_3 = 20261202
#: The fourth round: drawn as the test set was (`PLAN` and `FIGURE_PLAN`, the same outlets in the
#: same numbers), so that the dev failures show what the kit meets on articles of the test set's kind.
DEV_PLAN_4 = [(corpus, outlet, n_test, "all") for corpus, outlet, n_test, _ in PLAN] + [
    (corpus, outlet, n_test, "figures") for corpus, outlet, n_test, _ in FIGURE_PLAN
]
#: Rounds 4 to 12 are all drawn as the test set was (`DEV_PLAN_4`), each with a seed of its own,
#: among the documents left, to have more failures of the test set's kind to work on.
TEST_LIKE_SEEDS = {
    4: 20261205,
    5: 20261206,
    6: 20261207,
    7: 20261208,
    8: 20261209,
    9: 20261210,
    10: 20261211,
    11: 20261212,
    12: 20261213,
}
_FIGURE_WORDS = re.compile(
    r"\b(killed|dead|died|deaths|wounded|injured|refugees|troops|soldiers|servicemen|"
    r"displaced|fled|evacuated)\b",
    re.I,
)
_FIGURE_NUMBER = re.compile(
    r"\b\d[\d,.]*\b|\b(two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|"
    r"thousands|million)\b",
    re.I,
)


def used_ids() -> set[str]:
    """Document ids the older gold files label (their extractors were tuned on them)."""
    ids: set[str] = set()
    for path in EVAL.glob("*.yaml"):
        if path.name == "sets.yaml":
            continue
        ids.update(str(item["doc_id"]) for item in yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return ids


def candidates(corpus: str, outlet: str | None, exclude: set[str]) -> list[dict]:
    """Records of `corpus` (of `outlet`) that are long enough to hold items and short enough to label."""
    rows = []
    for line in (CORPORA / corpus / "articles.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        words = len(record["text"].split())
        source = str(record.get("outlet") or record.get("source") or "")
        if outlet and not source.startswith(outlet):
            continue
        if record["id"] in exclude or not 100 <= words <= 900:
            continue
        if corpus == "bbc-news-2004-2005" and record.get("category") in {"sport", "entertainment", "tech"}:
            continue  # the kit is about politics and conflict; keep news of that kind
        if not re.search(r'["“”]|\b(said|says|told|according to)\b', record["text"]):
            continue
        rows.append(record)
    return sorted(rows, key=lambda r: r["id"])


def figure_candidates(corpus: str, outlet: str | None, exclude: set[str]) -> list[dict]:
    """Records of `corpus` with at least two sentences that pair a number with a casualty word."""
    rows = []
    for line in (CORPORA / corpus / "articles.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        source = str(record.get("outlet") or record.get("source") or "")
        if outlet and not source.startswith(outlet) or record["id"] in exclude:
            continue
        if not 100 <= len(record["text"].split()) <= 1200:
            continue
        sentences = re.split(r"(?<=[.!?])\s+", record["text"])
        if sum(1 for s in sentences if _FIGURE_WORDS.search(s) and _FIGURE_NUMBER.search(s)) >= 2:
            rows.append(record)
    return sorted(rows, key=lambda r: r["id"])


def _round_plan(number: int) -> tuple[list[tuple[str, str | None, int, str]], int]:
    """The plan and seed of dev round `number` (2 to 12)."""
    if number == 2:
        return [(corpus, outlet, n, "all") for corpus, outlet, n in DEV_PLAN_2], DEV_SEED_2
    if number == 3:
        return DEV_PLAN_3, DEV_SEED_3
    if number in TEST_LIKE_SEEDS:
        return DEV_PLAN_4, TEST_LIKE_SEEDS[number]
    raise ValueError(f"no dev round {number}: rounds 2 to 12 are planned")


def extend_dev(number: int = 2, *, write: bool) -> int:
    """Draw dev round `number` among documents no set or gold file uses; append it to dev with `write`."""
    sets = yaml.safe_load((EVAL / "sets.yaml").read_text(encoding="utf-8"))
    if any(item.get("round") == number for item in sets["dev"]):
        print(f"round {number} of dev documents is drawn already", file=sys.stderr)
        return 1
    plan, seed = _round_plan(number)
    exclude = used_ids() | {str(item["doc_id"]) for items in sets.values() for item in items}
    rng = random.Random(seed)
    added = []
    for corpus, outlet, n, labels in plan:
        draw = figure_candidates if labels == "figures" else candidates
        pool = draw(corpus, outlet, exclude)
        for record in rng.sample(pool, min(n, len(pool))):
            item = {"corpus": corpus, "doc_id": record["id"], "round": number}
            if labels == "figures":
                item["labels"] = "figures"
            added.append(item)
            exclude.add(record["id"])
    print(f"dev, round {number}: {len(added)} documents")
    for item in added:
        print(f"  {item['corpus']:<24} {item['doc_id']:<20} {item.get('labels', 'all')}")
    if write:
        header = "".join(
            line + "\n" for line in (EVAL / "sets.yaml").read_text(encoding="utf-8").splitlines() if line[:1] == "#"
        )
        sets["dev"] += added
        (EVAL / "sets.yaml").write_text(header + yaml.safe_dump(sets, sort_keys=False), encoding="utf-8")
    return 0


def export(number: int | str, out: Path) -> int:
    """Write the dev documents of round `number` (or every document of a split, "dev" or "test")
    as the labellers read them, one `.txt` each."""
    sets = yaml.safe_load((EVAL / "sets.yaml").read_text(encoding="utf-8"))
    wanted: dict[str, dict[str, dict]] = {}
    chosen = sets[number] if number in SPLITS else [i for i in sets["dev"] if i.get("round") == number]
    for item in chosen:
        wanted.setdefault(item["corpus"], {})[str(item["doc_id"])] = item
    if not wanted:
        print(f"no dev documents of round {number}", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    for corpus, items in wanted.items():
        for line in (CORPORA / corpus / "articles.jsonl").open(encoding="utf-8"):
            record = json.loads(line)
            if record["id"] not in items:
                continue
            labels = items[record["id"]].get("labels", "all")
            header = {
                "doc_id": record["id"],
                "title": record.get("title"),
                "outlet": record.get("outlet") or record.get("source"),
                "date": record.get("date"),
                "label": "figures only" if labels == "figures" else "quotes and figures",
            }
            head = "".join(f"{key}: {value}\n" for key, value in header.items())
            (out / f"{record['id']}.txt").write_text(f"{head}\n{record['text']}\n", encoding="utf-8")
    print(f"wrote {sum(map(len, wanted.values()))} documents to {out}")
    return 0


def main() -> int:
    """Print (and with --write, record) the dev and test documents."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write tests/eval/sets.yaml")
    parser.add_argument(
        "--extend-dev", type=int, nargs="?", const=2, metavar="ROUND", help="draw a later round of dev documents"
    )
    parser.add_argument(
        "--export", nargs=2, metavar=("ROUND", "DIR"), help="write a dev round's documents for the labellers"
    )
    args = parser.parse_args()
    if args.export:
        which = args.export[0]
        return export(which if which in SPLITS else int(which), Path(args.export[1]))
    if args.extend_dev:
        return extend_dev(args.extend_dev, write=args.write)
    if not CORPORA.is_dir():
        print(f"{CORPORA} not found", file=sys.stderr)
        return 1
    rng = random.Random(SEED)
    exclude = used_ids()
    sets: dict[str, list[dict]] = {"test": [], "dev": []}
    for corpus, outlet, n_test, n_dev in PLAN:
        pool = candidates(corpus, outlet, exclude)
        chosen = rng.sample(pool, n_test + n_dev)
        for split, part in (("test", chosen[:n_test]), ("dev", chosen[n_test:])):
            sets[split] += [{"corpus": corpus, "doc_id": r["id"]} for r in part]
    exclude |= {item["doc_id"] for items in sets.values() for item in items}
    for corpus, outlet, n_test, n_dev in FIGURE_PLAN:
        pool = figure_candidates(corpus, outlet, exclude)
        chosen = rng.sample(pool, n_test + n_dev)
        for split, part in (("test", chosen[:n_test]), ("dev", chosen[n_test:])):
            sets[split] += [{"corpus": corpus, "doc_id": r["id"], "labels": "figures"} for r in part]
    for split, items in sets.items():
        print(f"{split}: {len(items)} documents")
        for item in items:
            print(f"  {item['corpus']:<24} {item['doc_id']:<20} {item.get('labels', 'all')}")
    if args.write:
        header = (
            "# The documents of the extraction dev and test sets (bench/eval_sets.py chose them).\n"
            "# Labels: tests/eval/test/*.yaml and tests/eval/dev/*.yaml. Never tune on test.\n"
            "# labels: figures marks documents labelled for figures only (not for quotes).\n"
        )
        (EVAL / "sets.yaml").write_text(header + yaml.safe_dump(sets, sort_keys=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
