"""How a very large store behaves in the notebooks: a tagged store replicated N times, then the calls
the notebooks make, timed one by one in a fresh process with its peak memory.

    python bench/large_store.py STORE --copies 10 --out bench/out/large

Replicating a tagged store (every table repeated, document ids suffixed `~rN`) makes a store of
100,000 articles from one of 10,000 in seconds, without hours of tagging. Its texts repeat, so
story groups and duplicates are not realistic; sizes, row counts and column types are.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

#: Columns holding document ids, which each copy suffixes.
ID_COLUMNS = ("doc_id", "story_id", "duplicate_of")


def replicate_store(source: Path, target: Path, copies: int) -> int:
    """Write a store holding `copies` copies of every table of `source`; returns its document count."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from kit.store import MANIFEST, Store, TableWriter

    manifest = Store(source).manifest()
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    rows = {}
    for name in manifest["tables"]:
        if name == "words":
            continue  # the word index holds row numbers: built again below for the copies
        writer = TableWriter(target / f"{name}.parquet", name, manifest["generation"], rows_per_group=20_000)
        for copy in range(copies):
            for batch in Store(source).table(name).iter_batches(batch_size=20_000):
                table = pa.Table.from_batches([batch])
                for column in ID_COLUMNS:
                    if column in table.column_names:
                        index = table.column_names.index(column)
                        table = table.set_column(
                            index, column, pc.binary_join_element_wise(table[column], pa.scalar(f"~r{copy}"), "")
                        )
                writer.add_table(table)
        rows[name] = {"rows": writer.close()}
    if "words" in manifest["tables"]:
        from kit import index

        writer = TableWriter(
            target / "words.parquet", "words", manifest["generation"], rows_per_group=index.ROWS_PER_GROUP
        )
        index.build(target / "documents.parquet", lambda block: (writer.add_table(block), writer.flush()))
        rows["words"] = {"rows": writer.close()}
    small = {k: v for k, v in manifest.items() if k not in ("documents", "ingest", "untagged")}
    (target / MANIFEST).write_text(json.dumps({**small, "tables": rows}), encoding="utf-8")
    return rows["documents"]["rows"]


def operations():
    """The notebook calls to time, in the order a reader meets them: (label, function of the corpus)."""
    from kit import explore
    from kit.present import views

    return [
        ("describe_corpus (documents)", explore.describe_corpus),
        ("overview (one row per article)", explore.overview),
        ("table_overview", explore.table_overview),
        ("peek every table", lambda c: [explore.peek(c, t) for t in c.tables]),
        ("actor_counts (entities)", explore.actor_counts),
        ("describe_actors", explore.describe_actors),
        ("cooccurrence (actors in one sentence)", explore.cooccurrence),
        ("actor_profile: top person", lambda c: explore.actor_profile(c, explore.top_actor(c))),
        ("quotes_by_speaker (quotes)", explore.quotes_by_speaker),
        ("what_said: top person", lambda c: explore.what_said(c, explore.top_actor(c))),
        ("claims_over_time (numbers)", explore.claims_over_time),
        ("themes_by publisher (themes)", lambda c: explore.themes_by(c, by="publisher")),
        ("word_choice (every text)", explore.word_choice),
        ("events_over_time (events)", explore.events_over_time),
        ("quote_browser (in-page table)", views.quote_browser),
        ("kwic_browser (gazetteer actors)", views.kwic_browser),
        ("kwic 'ceasefire': first search builds the index", lambda c: explore.kwic(c, "ceasefire")),
        ("kwic 'sanctions': a second search, every match", lambda c: explore.kwic(c, "sanctions")),
        ("kwic 'sanctions': first 200 matches (the explorer)", lambda c: explore.kwic(c, "sanctions", max_rows=200)),
    ]


def child(store: str) -> int:
    """Time each operation on `store` in this process; print JSON (seconds, peak RSS after each)."""
    from kit import open_store

    results = []
    t0 = time.monotonic()
    corpus = open_store(store)
    results.append(("open_store", time.monotonic() - t0, _peak()))
    for label, function in operations():
        t0 = time.monotonic()
        function(corpus)
        results.append((label, time.monotonic() - t0, _peak()))
    print(json.dumps(results))
    return 0


def _peak() -> int:
    """Peak resident memory of this process so far, in bytes.

    Linux's `VmHWM` where there is one: `ru_maxrss` would include the peak of the process that
    started this one, before it ran Python.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    scale = 1 if sys.platform == "darwin" else 1024  # macOS reports bytes, Linux KiB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def time_store(store: Path) -> list[tuple[str, float, int]]:
    """Run `child` on `store` in a fresh Python process and return its timings."""
    done = subprocess.run([sys.executable, __file__, "--child", str(store)], capture_output=True, text=True, check=True)
    return [tuple(row) for row in json.loads(done.stdout.strip().splitlines()[-1])]


def main(argv: list[str] | None = None) -> int:
    """Command line: replicate a store and time the notebook calls on the original and the copy."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return child(argv[1])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", type=Path, help="a tagged store")
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--out", type=Path, default=BENCH / "out" / "large-store")
    args = parser.parse_args(argv)
    t0 = time.monotonic()
    n = replicate_store(args.store, args.out, args.copies)
    print(f"replicated {args.store} x{args.copies}: {n:,} documents in {time.monotonic() - t0:.1f} s")
    small, large = time_store(args.store), time_store(args.out)
    print(f"{'call':<50} {'original':>10} {'x' + str(args.copies):>10}   peak RSS after (x{args.copies})")
    for (label, secs, _), (_, big, peak) in zip(small, large):
        print(f"{label:<50} {secs:>9.2f}s {big:>9.2f}s   {peak / 2**20:>8,.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
