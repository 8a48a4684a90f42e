"""A measured run at 100,000 articles: generate them, tag them cold, touch them and add 1%, then
time the notebooks' calls and `kit report` on the store.

    python bench/large_run.py                       # make bench-large; over an hour on 2 cores
    python bench/large_run.py --size 2000           # the same steps on a small corpus (minutes)
    python bench/large_run.py --steps append,report # only some steps (each needs the ones before)

Steps, in order: `generate` (`bench/generate.py`: the corpus, and 1% more in a second file),
`tag` (`kit tag`, cold, in a fresh process, every core; wall time, CPU time of the process tree,
peak RSS of the tree sampled every 50 ms, store size), `baseline` (bare `nlp.pipe` with the same
model over the clean texts of the first 1,000 articles, on as many processes; the kit's words/s
is compared with it), `touch` (every input file touched, same bytes: tagged again, nothing
re-tagged), `append` (the second file added to the corpus folder, tagged again: time against the
cold run), then on the 101,000-article store `notebooks` (every call the notebooks make, in one
fresh process, with the process's peak RSS after each: `bench/large_store.py`) and `report`
(`kit report` on the warm store: time, total size, the largest page, and the peak RSS of the
largest notebook kernel). The timed steps come first, so that nothing else need run beside them.
Each step writes its numbers to `--out`'s `results.json` when it ends, so an interrupted run keeps
what it measured; a step already in the results is skipped unless it is named in `--steps`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import large_store  # noqa: E402
import run as bench_run  # noqa: E402

STEPS = ("generate", "tag", "baseline", "touch", "append", "notebooks", "report")
#: Articles whose clean texts time bare `nlp.pipe`.
BASELINE_ARTICLES = 1000
#: Batch size of the bare `nlp.pipe` baseline: the fastest on this kind of machine (`make bench`).
BASELINE_BATCH = 16


class KernelSampler(threading.Thread):
    """The largest resident memory any notebook kernel reaches (each notebook runs in a kernel of its
    own, so this is the peak of the largest notebook session), sampled every half second."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak, self.seen = 0, 0
        self.stop = threading.Event()

    def run(self) -> None:
        """Sample every process running an IPython kernel until `stop` is set."""
        import psutil

        pids = set()
        while not self.stop.is_set():
            for proc in psutil.process_iter(["pid", "cmdline"]):
                try:
                    if any("ipykernel" in part for part in proc.info["cmdline"] or []):
                        pids.add(proc.info["pid"])
                        self.peak = max(self.peak, proc.memory_info().rss)
                except (psutil.Error, TypeError):
                    continue
            self.seen = len(pids)
            self.stop.wait(0.5)


class Run:
    """The files of one large run, and its results as they are measured."""

    def __init__(self, out: Path, size: int, workers: int) -> None:
        self.out, self.size, self.workers = out, size, workers
        self.corpus = out / "corpus"  # the folder `kit tag` reads: the articles, later 1% more
        self.main_file = self.corpus / "articles.jsonl"
        self.more_file = out / "more" / "articles-more.jsonl"  # moved into `corpus` by `append`
        self.store = out / "store"
        self.results_path = out / "results.json"
        self.results: dict = json.loads(self.results_path.read_text()) if self.results_path.exists() else {}

    def save(self, step: str, values: dict) -> None:
        """Record a step's numbers and write them out at once."""
        self.results[step] = {**values, "finished": time.strftime("%Y-%m-%d %H:%M:%S")}
        self.results_path.write_text(json.dumps(self.results, indent=1, default=str), encoding="utf-8")
        print(f"[{step}] {json.dumps(self.results[step], default=str)[:1500]}", flush=True)

    # --- the steps -----------------------------------------------------------------------------

    def generate(self) -> None:
        """The corpus and the 1% to add, from `bench/generate.py` (the second continues the first)."""
        self.corpus.mkdir(parents=True, exist_ok=True)
        self.more_file.parent.mkdir(parents=True, exist_ok=True)
        extra = max(1, self.size // 100)
        t0 = time.monotonic()
        for args in (
            [str(self.size), str(self.main_file)],
            [str(extra), str(self.more_file), "--start", str(self.size)],
        ):
            subprocess.run([sys.executable, str(BENCH / "generate.py"), *args, "--seed", "0"], check=True)
        self.save(
            "generate",
            {
                "articles": self.size,
                "more": extra,
                "seconds": time.monotonic() - t0,
                "bytes": self.main_file.stat().st_size,
            },
        )

    def tag(self) -> None:
        """`kit tag` on the corpus, cold."""
        shutil.rmtree(self.store, ignore_errors=True)
        self.save("tag", self._tag_once())

    def baseline(self) -> None:
        """Bare `nlp.pipe` over the first clean texts of the store, and the kit's words/s against it."""

        from kit.store import Store

        batches = (
            Store(self.store).table("documents").iter_batches(batch_size=BASELINE_ARTICLES, columns=["text", "n_words"])
        )
        first = next(batches)
        texts, words = first.column(0).to_pylist(), sum(first.column(1).to_pylist())
        bare = bench_run.bare_pipe(texts, (BASELINE_BATCH,), self.workers)
        seconds = bare["seconds_by_batch"][BASELINE_BATCH]
        kit = self.results["tag"]
        stored = Store(self.store).read("documents", columns=["n_words"]).column("n_words")
        kit["words_per_second"] = sum(stored.to_pylist()[: kit["documents"]]) / kit["seconds"]
        self.save(
            "baseline",
            {
                "articles": len(texts),
                "words": words,
                "seconds": seconds,
                "cpu_seconds": bare["cpu_seconds_by_batch"][BASELINE_BATCH],
                "words_per_second": words / seconds,
                "kit_words_per_second": kit["words_per_second"],
                "kit_against_bare": kit["words_per_second"] / (words / seconds),
                "load_average": os.getloadavg(),
            },
        )

    def notebooks(self) -> None:
        """Every call the notebooks make on the store, in a fresh process, with its peak RSS."""
        rows = large_store.time_store(self.store)
        self.save(
            "notebooks",
            {
                "calls": [{"call": label, "seconds": secs, "peak_rss": peak} for label, secs, peak in rows],
                "peak_rss": max(peak for _, _, peak in rows),
            },
        )

    def report(self) -> None:
        """`kit report` on the warm store: time, size, the largest page."""
        out = self.out / "report"
        shutil.rmtree(out, ignore_errors=True)
        os.environ["KIT_STORE_DIR"] = str(self.out / "stores")
        link = self._default_store()
        kernels = KernelSampler()
        kernels.start()
        try:
            done = bench_run.run_report(self.corpus, out, link)
        finally:
            kernels.stop.set()
            kernels.join()
        files = [p for p in out.rglob("*") if p.is_file()] if out.is_dir() else []
        largest = max(files, key=lambda p: p.stat().st_size, default=None)
        pages = [p for p in files if p.suffix == ".html"]
        biggest_page = max(pages, key=lambda p: p.stat().st_size, default=None)
        self.save(
            "report",
            {
                **done,
                "files": len(files),
                "bytes": sum(p.stat().st_size for p in files),
                "largest_file": str(largest.relative_to(out)) if largest else None,
                "largest_file_bytes": largest.stat().st_size if largest else 0,
                "largest_page": str(biggest_page.relative_to(out)) if biggest_page else None,
                "largest_page_bytes": biggest_page.stat().st_size if biggest_page else 0,
                "kernel_peak_rss": kernels.peak,
                "kernels_seen": kernels.seen,
            },
        )

    def touch(self) -> None:
        """Touch every input file (same bytes, new time) and tag again: files are read, nothing is
        tagged. (On a store written by another version of the kit's reading code, this run reads and
        cleans every document again, once, so that `append` measures this version.)"""
        for path in self.corpus.iterdir():
            path.touch()
        values = self._tag_once()
        values["against_cold"] = values["seconds"] / self.results["tag"]["seconds"]
        self.save("touch", values)

    def append(self) -> None:
        """Add the 1% file to the corpus folder and tag again: the time against the cold run."""
        target = self.corpus / self.more_file.name
        if not target.exists():
            shutil.copy2(self.more_file, target)
        values = self._tag_once()
        cold = self.results["tag"]
        values["against_cold"] = values["seconds"] / cold["seconds"]
        self.save("append", values)

    # --- helpers -------------------------------------------------------------------------------

    def _tag_once(self) -> dict:
        """One `kit tag` of the corpus folder into the store, in a fresh process, measured."""
        marks = self.out / "marks"
        marks.mkdir(parents=True, exist_ok=True)
        run = bench_run.run_kit_tag(self.corpus, self.store, self.size, self.workers, marks)
        return {
            "seconds": run.seconds,
            "cpu_seconds": run.cpu_seconds,
            "peak_rss": run.peak_rss,
            "store_bytes": run.store_bytes,
            "documents": run.documents,
            "tagged": run.tagged,
            "words": run.words,
            "words_per_second": run.words / run.seconds if run.seconds else None,
            "phases": run.phases,
            "load_average": os.getloadavg(),
        }

    def _default_store(self) -> Path:
        """Point `kit report`'s default store for the corpus at the measured store (a symlink)."""
        from kit.pipeline import default_store_dir

        link = default_store_dir([self.corpus])
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_symlink() or link.exists():
            link.unlink() if link.is_symlink() else shutil.rmtree(link)
        link.symlink_to(self.store.resolve(), target_is_directory=True)
        return link


def main(argv: list[str] | None = None) -> int:
    """Command line: run the steps not yet measured (or those named), in order."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000, help="articles (default 100,000)")
    parser.add_argument("--out", type=Path, default=BENCH / "out" / "large-run")
    parser.add_argument("--workers", type=int, default=bench_run.cpu_count())
    parser.add_argument("--steps", help=f"comma-separated steps to run again ({', '.join(STEPS)})")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    run = Run(args.out, args.size, args.workers)
    named = [s.strip() for s in args.steps.split(",")] if args.steps else []
    unknown = [s for s in named if s not in STEPS]
    if unknown:
        parser.error(f"unknown step(s) {', '.join(unknown)}; the steps are {', '.join(STEPS)}")
    print(f"machine: {json.dumps(bench_run.machine_info(), default=str)}", flush=True)
    for step in STEPS:
        if step in named or (not named and step not in run.results):
            print(f"[{step}] starting at {time.strftime('%H:%M:%S')}", flush=True)
            getattr(run, step)()
    return 0


if __name__ == "__main__":
    sys.exit(main())
