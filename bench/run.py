"""Benchmark `kit tag` against bare spaCy: throughput, phases, reload, incremental runs, memory, report, cost."""

from __future__ import annotations

import argparse
import cProfile
import json
import logging
import os
import platform
import pstats
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]

import report_weight  # noqa: E402
from generate import generate, load_sources  # noqa: E402

CHILD_FLAG = "--child-tag"
SAMPLE_SECONDS = 0.05


@dataclass
class Settings:
    """What one benchmark run measures."""

    quick: bool
    size: int
    memory_sizes: tuple[int, int]
    table_sizes: tuple[int, ...]
    batch_sizes: tuple[int, ...]
    sweep_size: int
    profile_size: int
    workers: int
    seed: int
    max_run_seconds: float
    workdir: Path
    json_path: Path


@dataclass
class ColdRun:
    """One `kit tag` run in a fresh Python process."""

    articles: int
    corpus: Path
    store: Path
    seconds: float
    peak_rss: int
    phases: dict[str, float] = field(default_factory=dict)
    words: int = 0
    documents: int = 0
    tagged: int = 0
    store_bytes: int = 0
    fingerprint: dict = field(default_factory=dict)
    cpu_seconds: float | None = None


# --- helpers ---------------------------------------------------------------------------------


def say(message: str) -> None:
    """Progress on stderr (the report itself goes to stdout)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def header(number: int, title: str) -> None:
    """Print a section heading."""
    print(f"\n== {number}. {title} " + "=" * max(0, 70 - len(title)), flush=True)


def line(label: str, secs: float, extra: str = "", indent: int = 2) -> None:
    """One timing row: a label, the time, and what else there is to say."""
    print(f"{' ' * indent}{label:<{56 - indent}} {seconds(secs):>9}{'  ' + extra if extra else ''}")


def seconds(value: float) -> str:
    """A duration for people: ms below a second, whole seconds above 100."""
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def size_text(value: float) -> str:
    """A byte count in B, KiB, MiB or GiB."""
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(value) < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


def ratio(a: float, b: float) -> float | None:
    """`a / b`, or None when `b` is zero."""
    return a / b if b else None


def ratio_text(value: float | None) -> str:
    """A ratio to three decimals, or `n/a`."""
    return "n/a" if value is None else f"{value:.3f}"


def folder_bytes(path: Path) -> int:
    """Bytes of every file under `path` (hidden ones included)."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def cpu_used(children: bool = True, own: bool = False) -> float | None:
    """CPU seconds (user + system) used so far by finished child processes and/or this one (None off POSIX)."""
    try:
        import resource
    except ImportError:
        return None
    total = 0.0
    for who, wanted in ((resource.RUSAGE_CHILDREN, children), (resource.RUSAGE_SELF, own)):
        if wanted:
            usage = resource.getrusage(who)
            total += usage.ru_utime + usage.ru_stime
    return total


def cpu_delta(before: float | None, after: float | None) -> float | None:
    """CPU seconds between two `cpu_used` readings (None if either is unknown)."""
    return None if before is None or after is None else after - before


def cpu_count() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def fit_line(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least-squares `y = a + b x` (through the origin when there is a single point)."""
    if len(points) == 1:
        x, y = points[0]
        return 0.0, y / x if x else 0.0
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    b = sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0
    return my - b * mx, b


def extrapolate(points: list[tuple[float, float]], x: float) -> float:
    """`y` at `x` on the least-squares line; where noise makes the line fall, the largest `y` measured."""
    a, b = fit_line(points)
    return a + b * x if b > 0 else max(y for _, y in points)


def predict_seconds(points: list[tuple[float, float]], x: float) -> float:
    """A cautious guess of the time to tag `x` articles: the larger of the fitted line and proportional growth."""
    largest_x, largest_y = max(points)
    return max(extrapolate(points, x), largest_y * x / largest_x if largest_x else 0.0)


class TreeSampler(threading.Thread):
    """Sample the resident memory of a process and all its descendants every `SAMPLE_SECONDS`."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        import psutil

        self.psutil = psutil
        self.root = psutil.Process(pid)
        self.peak = 0
        self.samples = 0
        self.stop = threading.Event()

    def sample(self) -> int:
        """Resident bytes of the process and its descendants now."""
        total = 0
        try:
            procs = [self.root, *self.root.children(recursive=True)]
        except self.psutil.Error:
            return 0
        for proc in procs:
            try:
                total += proc.memory_info().rss
            except self.psutil.Error:
                continue
        return total

    def run(self) -> None:
        """Sample until `stop` is set, keeping the peak."""
        while not self.stop.is_set():
            self.peak = max(self.peak, self.sample())
            self.samples += 1
            self.stop.wait(SAMPLE_SECONDS)


# --- the `kit tag` child process ---------------------------------------------------------------


def child_tag(corpus: str, store: str, marks_path: str, workers: str) -> int:
    """Run `kit tag CORPUS --out STORE` in this process, recording when each phase starts and ends.

    The phases are found by wrapping `kit.pipeline.tag`, `_ingest`, `_tag_documents` and
    `Store.commit` at run time; a phase whose function is not called is left out.
    """
    started = time.monotonic()
    marks: dict[str, float] = {}

    def mark(name: str) -> None:
        marks.setdefault(name, time.monotonic() - started)

    from kit import cli, pipeline
    from kit.store import Store

    def wrap(owner, name: str, label: str, generator: bool = False) -> None:
        original = getattr(owner, name, None)
        if original is None:
            return

        if generator:

            def wrapped(*args, **kwargs):
                mark(f"{label}_start")
                yield from original(*args, **kwargs)
                mark(f"{label}_end")
        else:

            def wrapped(*args, **kwargs):
                mark(f"{label}_start")
                try:
                    return original(*args, **kwargs)
                finally:
                    mark(f"{label}_end")

        setattr(owner, name, wrapped)

    wrap(pipeline, "tag", "run")
    wrap(pipeline, "_ingest", "ingest")
    wrap(pipeline, "_tag_documents", "tagging", generator=True)
    wrap(Store, "commit", "commit")
    mark("imported")
    argv = ["tag", corpus, "--out", store, "--quiet"]
    if workers != "0":
        argv += ["--workers", workers]
    status = cli.main(argv)
    mark("done")
    Path(marks_path).write_text(json.dumps(marks), encoding="utf-8")
    return status


def phases_from_marks(marks: dict[str, float]) -> dict[str, float]:
    """Durations of the phases of one run from the child's time marks."""
    spans = [
        ("start-up (imports)", None, "run_start"),
        ("setup (gazetteer, rules, fingerprint)", "run_start", "ingest_start"),
        ("ingest + clean", "ingest_start", "ingest_end"),
        ("find reusable tags", "ingest_end", "tagging_start"),
        ("tagging (+ saving parts)", "tagging_start", "tagging_end"),
        ("merge (+ derived tables)", "tagging_end", "commit_start"),
        ("commit", "commit_start", "commit_end"),
        ("finish", "commit_end", "done"),
    ]
    out = {}
    for label, begin, end in spans:
        if end in marks and (begin is None or begin in marks):
            out[label] = marks[end] - (marks[begin] if begin else 0.0)
    return out


def run_kit_tag(corpus: Path, store: Path, articles: int, workers: int, marks_dir: Path) -> ColdRun:
    """Run `kit tag` in a fresh process, timing it and sampling the memory of its process tree."""
    marks_path = marks_dir / f"marks-{time.time_ns()}.json"
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        CHILD_FLAG,
        str(corpus),
        str(store),
        str(marks_path),
        str(workers),
    ]
    cpu0 = cpu_used()
    t0 = time.monotonic()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(child.pid)
    sampler.start()
    out, err = child.communicate()
    elapsed = time.monotonic() - t0
    cpu = cpu_delta(cpu0, cpu_used())
    sampler.stop.set()
    sampler.join()
    if child.returncode != 0:
        raise RuntimeError(f"kit tag failed ({child.returncode}) on {corpus}:\n{out}\n{err}")
    marks = json.loads(marks_path.read_text(encoding="utf-8"))
    manifest = json.loads((store / "manifest.json").read_text(encoding="utf-8"))
    summary = manifest.get("summary", {})
    return ColdRun(
        articles,
        corpus,
        store,
        elapsed,
        sampler.peak,
        phases_from_marks(marks),
        summary.get("words", 0),
        summary.get("documents", 0),
        summary.get("tagged", 0),
        folder_bytes(store),
        manifest.get("fingerprint", {}),
        cpu,
    )


def changed_inputs(before: dict, store: Path, ignore: tuple[str, ...] = ()) -> list[str]:
    """Which parts of a store's fingerprint (sources, cleaning, tagging) differ from `before`."""
    after = json.loads((store / "manifest.json").read_text(encoding="utf-8")).get("fingerprint", {})
    return sorted(k for k in set(before) | set(after) if k not in ignore and before.get(k) != after.get(k))


def changed_note(changed: list[str]) -> str:
    """The warning printed when the kit changed under the benchmark."""
    return (
        f"note: the kit's {' and '.join(changed)} fingerprint changed since the cold run (its code or data "
        "was edited while the benchmark ran), so this is not the measurement intended; run it again."
    )


# --- sections --------------------------------------------------------------------------------


def machine_info() -> dict:
    """Cores, memory, load, and the versions of Python, spaCy, the model and the kit."""
    import psutil
    import spacy

    from kit import __version__
    from kit.nlp import model_info

    model = model_info()
    return {
        "cores": cpu_count(),
        "cpu_count": os.cpu_count(),
        "ram_bytes": psutil.virtual_memory().total,
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "spacy": spacy.__version__,
        "model": f"{model['name']} {model['version']}",
        "kit": __version__,
    }


def print_machine(info: dict) -> None:
    """Print the machine section."""
    header(1, "Machine")
    load = info["load_average"]
    print(
        f"cores usable {info['cores']} (of {info['cpu_count']}), RAM {size_text(info['ram_bytes'])}, "
        f"load average {', '.join(f'{x:.1f}' for x in load) if load else 'n/a'}"
    )
    print(f"Python {info['python']} on {info['platform']}")
    print(f"spaCy {info['spacy']}, model {info['model']}, kit {info['kit']}")
    if load and load[0] > info["cores"]:
        print(
            "note: the load average exceeds the cores: other work shares this machine, so times are noisy; "
            "compare the ratios, which are measured in the same run."
        )


def bare_pipe(texts: list[str], batch_sizes: tuple[int, ...], workers: int) -> dict:
    """Time bare `nlp.pipe` (the model alone, no gazetteer, no analyses) over `texts` on `workers` processes."""
    import spacy

    from kit.nlp import resolve_model

    t0 = time.monotonic()
    nlp = spacy.load(resolve_model())
    load = time.monotonic() - t0
    runs, cpu = {}, {}
    for batch in batch_sizes:
        say(f"bare nlp.pipe, batch_size={batch}, n_process={workers}")
        cpu0 = cpu_used(own=True)
        t0 = time.monotonic()
        for _ in nlp.pipe(texts, batch_size=batch, n_process=workers):
            pass
        runs[batch] = time.monotonic() - t0
        cpu[batch] = cpu_delta(cpu0, cpu_used(own=True))
    return {"model_load_seconds": load, "seconds_by_batch": runs, "cpu_seconds_by_batch": cpu}


def store_texts(store: Path) -> tuple[list[str], int]:
    """The clean texts of a store and their word count (as `kit tag` counts them)."""
    from kit.store import Store

    table = Store(store).read("documents", columns=["text", "n_words"])
    return table.column("text").to_pylist(), int(sum(table.column("n_words").to_pylist()))


def component_times(texts: list[str]) -> dict[str, float]:
    """Seconds each pipeline component and each analysis takes over `texts`, one process."""
    import datetime as dt

    from kit.tagger import DocContext, Tagger

    tagger = Tagger()
    for _ in tagger.nlp.pipe(texts[:8], batch_size=tagger.batch_size):  # first-call allocations, not timed
        pass
    times: dict[str, float] = {}
    t0 = time.monotonic()
    docs = [tagger.nlp.make_doc(text) for text in texts]
    times["tokenizer"] = time.monotonic() - t0
    for name, component in tagger.nlp.pipeline:
        t0 = time.monotonic()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=tagger.batch_size))
        else:
            docs = [component(doc) for doc in docs]
        times[name] = time.monotonic() - t0
    for analysis in tagger.analyses:
        label = f"analysis {analysis.__module__}"
        t0 = time.monotonic()
        for i, doc in enumerate(docs):
            analysis(doc, DocContext(f"d{i}", dt.date(2014, 3, 1), tagger.gazetteer))
        times[label] = time.monotonic() - t0
    return times


def profile_tag(corpus: Path, store: Path, top: int = 15) -> dict:
    """cProfile one single-process `kit.pipeline.tag` run; returns totals by area and the top functions."""
    from kit import extract, pipeline

    profiler = cProfile.Profile()
    t0 = time.monotonic()
    profiler.enable()
    pipeline.tag([corpus], store, n_process=1, progress=False)
    profiler.disable()
    wall = time.monotonic() - t0
    stats = pstats.Stats(profiler)
    entries = stats.stats  # type: ignore[attr-defined]

    def cumulative(path_end: str, name: str) -> float:
        return sum(v[3] for k, v in entries.items() if k[0].replace(os.sep, "/").endswith(path_end) and k[2] == name)

    areas = {
        "load model + gazetteer (Tagger.__init__)": cumulative("kit/tagger.py", "__init__"),
        "ingest + clean (pipeline._ingest)": cumulative("kit/pipeline.py", "_ingest"),
        "spaCy nlp.pipe (model + gazetteer)": cumulative("spacy/language.py", "pipe"),
    }
    for module in extract.modules():
        path = module.__name__.replace(".", "/") + ".py"
        areas[f"analysis {module.__name__}"] = cumulative(path, "analyse")
    areas["rows to Arrow + parts (write_part, to_arrow)"] = cumulative("kit/store.py", "write_part") + cumulative(
        "kit/store.py", "to_arrow"
    )
    areas["merge tables (store.copy_rows)"] = cumulative("kit/store.py", "copy_rows")
    areas["commit (Store.commit)"] = cumulative("kit/store.py", "commit")
    total = cumulative("kit/pipeline.py", "tag") or wall

    own = []
    for (path, line, name), (_, calls, tottime, cumtime, _) in sorted(entries.items(), key=lambda kv: -kv[1][2])[:top]:
        where = "/".join(Path(path).parts[-2:]) if path != "~" else "builtin"
        own.append({"function": f"{where}:{line}({name})", "calls": calls, "tottime": tottime, "cumtime": cumtime})
    return {"wall_seconds": wall, "profiled_seconds": total, "areas": areas, "top_own_time": own}


def reload_time(corpus: Path, store: Path) -> dict:
    """Time `load_corpus` on an unchanged corpus, and reading every table it has."""
    from kit import load_corpus

    t0 = time.monotonic()
    corpus_obj = load_corpus(corpus, out=store, progress=False)
    load = time.monotonic() - t0
    up_to_date = bool(corpus_obj.summary and corpus_obj.summary.up_to_date)
    for name in corpus_obj.tables:
        getattr(corpus_obj, name)
    return {
        "load_corpus_seconds": load,
        "with_tables_seconds": time.monotonic() - t0,
        "up_to_date": up_to_date,
        "tables": corpus_obj.tables,
    }


def report_available() -> bool:
    """Whether this kit has the `report` command."""
    from kit.cli import build_parser

    parser = build_parser()
    commands = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
    return commands is not None and "report" in commands.choices


def run_report(corpus: Path, out: Path, store: Path) -> dict:
    """Run `python -m kit report` on a corpus whose store is warm; checks nothing was re-tagged."""
    before = json.loads((store / "manifest.json").read_text(encoding="utf-8"))["generation"]
    t0 = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "kit", "report", "--corpus", str(corpus), "--out", str(out), "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    elapsed = time.monotonic() - t0
    after = json.loads((store / "manifest.json").read_text(encoding="utf-8"))["generation"]
    return {
        "seconds": elapsed,
        "returncode": done.returncode,
        "warm": before == after,
        "error": (done.stderr or done.stdout)[-2000:] if done.returncode else None,
        "pages": len(list(out.glob("*.html"))) if out.is_dir() else 0,
    }


# --- the benchmark ---------------------------------------------------------------------------


def parse_sizes(text: str) -> tuple[int, ...]:
    """`"200,2000"` -> `(200, 2000)`."""
    return tuple(int(x) for x in text.replace(" ", "").split(",") if x)


def settings_from_args(argv: list[str] | None) -> Settings:
    """Parse the command line into `Settings` (quick-mode defaults where a value is not given)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes for a fast smoke run")
    parser.add_argument("--size", type=int, help="articles in the main corpus (default 10000; quick 200)")
    parser.add_argument(
        "--memory-sizes",
        type=parse_sizes,
        metavar="A,B",
        help="two corpus sizes whose peak memory is compared (default 1000,10000; quick 200,2000)",
    )
    parser.add_argument(
        "--table-sizes",
        type=parse_sizes,
        metavar="A,B,...",
        help="sizes of the cost table (default 1000,10000,100000; quick 200,2000,20000)",
    )
    parser.add_argument(
        "--batch-sizes",
        type=parse_sizes,
        default=(16, 64, 256),
        metavar="A,B,...",
        help="nlp.pipe batch sizes tried for the bare baseline (default 16,64,256)",
    )
    parser.add_argument(
        "--sweep-size",
        type=int,
        default=1000,
        help="articles on which the batch sizes are compared before the best one is timed on the "
        "whole corpus (default 1000; every size is timed on the whole corpus if it is smaller)",
    )
    parser.add_argument(
        "--profile-size", type=int, help="articles in the profiled single-process run (default 300; quick 50)"
    )
    parser.add_argument("--workers", type=int, default=cpu_count(), help="processes (default: all cores)")
    parser.add_argument("--seed", type=int, default=0, help="corpus generator seed")
    parser.add_argument(
        "--max-run-seconds",
        type=float,
        help="a cost-table size predicted to take longer to tag is extrapolated, not run "
        "(default 600; quick 0: only sizes tagged for other sections are measured)",
    )
    parser.add_argument("--workdir", type=Path, default=BENCH / "out" / "work", help="corpora and stores (wiped)")
    parser.add_argument("--json", type=Path, default=BENCH / "out" / "results.json", help="results file")
    args = parser.parse_args(argv)
    memory = args.memory_sizes or ((200, 2000) if args.quick else (1000, 10_000))
    if len(memory) != 2:
        parser.error("--memory-sizes takes two sizes")
    quick = args.quick
    return Settings(
        quick=quick,
        size=args.size or (200 if quick else 10_000),
        memory_sizes=memory,
        table_sizes=args.table_sizes or ((200, 2000, 20_000) if quick else (1000, 10_000, 100_000)),
        batch_sizes=args.batch_sizes,
        sweep_size=args.sweep_size,
        profile_size=args.profile_size or (50 if quick else 300),
        workers=args.workers,
        seed=args.seed,
        max_run_seconds=args.max_run_seconds if args.max_run_seconds is not None else 0 if quick else 600,
        workdir=args.workdir.resolve(),
        json_path=args.json.resolve(),
    )


class Bench:
    """One benchmark run: corpora, cold runs and every section, printed and collected as JSON."""

    def __init__(self, settings: Settings) -> None:
        self.s = settings
        self.results: dict = {
            "settings": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(settings).items()}
        }
        self.sources = load_sources()
        self.corpora = settings.workdir / "corpora"
        self.stores = settings.workdir / "stores"
        self.cold: dict[int, ColdRun] = {}

    def corpus(self, n: int, name: str | None = None) -> Path:
        """The folder of the generated corpus of `n` articles (made on first use)."""
        folder = self.corpora / (name or f"size-{n}")
        if not (folder / "articles.jsonl").exists():
            say(f"generating {n:,} articles in {folder}")
            generate(n, folder / "articles.jsonl", self.s.seed, sources=self.sources)
        return folder

    def cold_run(self, n: int, corpus: Path | None = None) -> ColdRun:
        """`kit tag` of `n` articles into a fresh store (each size is tagged once per benchmark)."""
        from kit.pipeline import default_store_dir

        if n in self.cold:
            return self.cold[n]
        corpus = corpus or self.corpus(n)
        store = default_store_dir([corpus])
        shutil.rmtree(store, ignore_errors=True)
        say(f"cold kit tag of {n:,} articles ({self.s.workers} worker(s))")
        run = run_kit_tag(corpus, store, n, self.s.workers, self.s.workdir)
        say(f"  {run.seconds:.1f} s, peak {size_text(run.peak_rss)}")
        self.cold[n] = run
        return run

    def run(self) -> dict:
        """Run every section in order, print the report and write the JSON results."""
        s = self.s
        shutil.rmtree(s.workdir, ignore_errors=True)
        s.workdir.mkdir(parents=True)
        logging.getLogger("kit").setLevel(logging.ERROR)  # duplicates in generated corpora are expected
        os.environ["KIT_STORE_DIR"] = str(self.stores)

        info = machine_info()
        self.results["machine"] = info
        print("kit benchmark" + (" (quick)" if s.quick else ""))
        print_machine(info)

        main_corpus = self.corpus(s.size, f"main-{s.size}")
        main = self.cold_run(s.size, main_corpus)
        self.throughput(main)
        self.phases(main)
        self.profile()
        self.reload(main)
        self.incremental(main)
        self.memory()
        self.report(main)
        self.cost()
        self.large_store(main)
        s.json_path.parent.mkdir(parents=True, exist_ok=True)
        s.json_path.write_text(json.dumps(self.results, indent=1, default=str), encoding="utf-8")
        print(f"\nResults written to {s.json_path}")
        return self.results

    def throughput(self, main: ColdRun) -> None:
        """Section 2: words/s of the cold `kit tag` against bare `nlp.pipe` on the same texts."""
        texts, words = store_texts(main.store)
        sweep = None
        if len(self.s.batch_sizes) > 1 and len(texts) > self.s.sweep_size:
            sweep = bare_pipe(texts[: self.s.sweep_size], self.s.batch_sizes, self.s.workers)
            sweep_best = min(sweep["seconds_by_batch"], key=sweep["seconds_by_batch"].get)
            bare = bare_pipe(texts, (sweep_best,), self.s.workers)
        else:
            bare = bare_pipe(texts, self.s.batch_sizes, self.s.workers)
        header(2, "Tagging throughput: kit tag against bare nlp.pipe")
        print(
            f"corpus: {main.documents:,} documents, {words:,} words (clean text), {self.s.workers} process(es); "
            "CPU = user + system seconds of every process involved"
        )

        def speeds(secs: float, cpu: float | None, n_words: int = words) -> str:
            per_cpu = f"{n_words / cpu:>8,.0f} words/CPU-s" if cpu else ""
            return f"{n_words / secs:>8,.0f} words/s  CPU {seconds(cpu) if cpu else 'n/a':>9} {per_cpu}"

        if sweep:
            from kit.metadata import count_words

            sample_words = sum(count_words(t) for t in texts[: self.s.sweep_size])
            print(f"batch sizes compared on the first {self.s.sweep_size:,} articles:")
            for batch, secs in sweep["seconds_by_batch"].items():
                line(
                    f"bare nlp.pipe batch_size={batch} n_process={self.s.workers}",
                    secs,
                    speeds(secs, sweep["cpu_seconds_by_batch"][batch], sample_words),
                    indent=4,
                )
        line("kit tag (cold, fresh store, whole process)", main.seconds, speeds(main.seconds, main.cpu_seconds))
        for batch, secs in bare["seconds_by_batch"].items():
            line(
                f"bare nlp.pipe batch_size={batch} n_process={self.s.workers}",
                secs,
                speeds(secs, bare["cpu_seconds_by_batch"][batch]),
            )
        best_batch = min(bare["seconds_by_batch"], key=bare["seconds_by_batch"].get)
        best, best_cpu = bare["seconds_by_batch"][best_batch], bare["cpu_seconds_by_batch"][best_batch]
        kit_wps, bare_wps = words / main.seconds, words / best
        value = kit_wps / bare_wps
        cpu_value = ratio(best_cpu, main.cpu_seconds) if best_cpu and main.cpu_seconds else None
        load = seconds(bare["model_load_seconds"])
        print(
            f"  (bare: model loaded once before timing ({load}), workers forked with it; "
            "kit: start-up, model load, ingest, cleaning, gazetteer, analyses, store)"
        )
        print(f"ratio kit/bare (words/s, best batch size {best_batch}): {value:.3f}  (target >= 0.90)")
        print(f"ratio kit/bare in words per CPU-second (steadier on a shared machine): {ratio_text(cpu_value)}")
        tagging = main.phases.get("tagging (+ saving parts)")
        if tagging:
            print(f"ratio kit tagging phase alone/bare (words/s): {(words / tagging) / bare_wps:.3f}")
        self.results["throughput"] = {
            "words": words,
            "documents": main.documents,
            "kit_seconds": main.seconds,
            "kit_cpu_seconds": main.cpu_seconds,
            "kit_words_per_second": kit_wps,
            "bare": bare,
            "bare_words_per_second": bare_wps,
            "best_batch_size": best_batch,
            "ratio_kit_bare": value,
            "ratio_kit_bare_cpu": cpu_value,
            "batch_sweep": sweep,
        }

    def phases(self, main: ColdRun) -> None:
        """Section 3: how the cold run's time splits between its phases."""
        header(3, "Where time goes in kit tag (cold run above, all cores)")
        if not main.phases:
            print("phases: not measurable (kit.pipeline no longer has the functions timed)")
        for label, secs in main.phases.items():
            line(label, secs, f"{100 * secs / main.seconds:5.1f} %")
        line("total (process wall time)", main.seconds)
        self.results["phases"] = main.phases

    def profile(self) -> None:
        """Section 4: cProfile of a single-process run, and each component and analysis timed alone."""
        n = min(self.s.profile_size, self.s.size)
        corpus = self.corpus(n)
        store = self.stores / f"profile-{n}"
        shutil.rmtree(store, ignore_errors=True)
        say(f"profiling a single-process run of {n:,} articles")
        prof = profile_tag(corpus / "articles.jsonl", store)
        texts, words = store_texts(store)
        say("timing pipeline components one by one")
        components = component_times(texts)
        header(4, f"Profile: single-process kit tag of {n:,} articles ({words:,} words)")
        print(
            f"wall {seconds(prof['wall_seconds'])} under cProfile (profiling slows Python code more than spaCy's "
            "compiled code). Cumulative time by area:"
        )
        total = prof["profiled_seconds"] or 1.0
        for label, secs in prof["areas"].items():
            line(label, secs, f"{100 * secs / total:5.1f} %")
        print("Top functions by own time:")
        for row in prof["top_own_time"]:
            print(
                f"  {row['tottime']:8.3f} s own {row['cumtime']:8.3f} s cum {row['calls']:>9,} calls  {row['function']}"
            )
        comp_total = sum(components.values()) or 1.0
        print(
            f"Pipeline components and analyses timed one by one, no profiler, one process "
            f"({words / comp_total:,.0f} words/s in all):"
        )
        for label, secs in components.items():
            line(label, secs, f"{100 * secs / comp_total:5.1f} %")
        self.results["profile"] = {"articles": n, "words": words, **prof, "components": components}

    def reload(self, main: ColdRun) -> None:
        """Section 5: `load_corpus` on the unchanged corpus against the cold run."""
        say("cached reload")
        result = reload_time(main.corpus, main.store)
        header(5, "Cached reload: load_corpus on the unchanged corpus")
        line(f"load_corpus (store up to date: {result['up_to_date']})", result["load_corpus_seconds"])
        line(f"load_corpus + read every table ({len(result['tables'])})", result["with_tables_seconds"])
        line("cold kit tag", main.seconds)
        value = result["load_corpus_seconds"] / main.seconds
        changed = changed_inputs(main.fingerprint, main.store)
        if changed:
            print(changed_note(changed))
        print(
            f"ratio reload/cold: {value:.4f} (load_corpus), "
            f"{result['with_tables_seconds'] / main.seconds:.4f} (with every table read)"
        )
        self.results["reload"] = {**result, "cold_seconds": main.seconds, "ratio_reload_cold": value}

    def incremental(self, main: ColdRun) -> None:
        """Section 6: add 1% new articles and tag again; compare with the cold run."""
        n_new = max(1, round(self.s.size / 100))
        generate(n_new, main.corpus / "more.jsonl", self.s.seed, start=self.s.size, sources=self.sources)
        say(f"incremental kit tag: {n_new:,} new article(s)")
        run = run_kit_tag(main.corpus, main.store, self.s.size + n_new, self.s.workers, self.s.workdir)
        header(6, f"Incremental: {n_new:,} new article(s) added to {self.s.size:,} tagged ones")
        line(f"kit tag, {run.tagged:,} tagged, {run.documents - run.tagged:,} reused", run.seconds)
        for label, secs in run.phases.items():
            line(label, secs, indent=4)
        line(f"cold kit tag of the {self.s.size:,}", main.seconds)
        value = run.seconds / main.seconds
        changed = changed_inputs(main.fingerprint, main.store, ignore=("sources",))
        if run.tagged != n_new:
            print(f"note: expected to tag only the {n_new:,} new article(s), tagged {run.tagged:,}.")
        if changed:
            print(changed_note(changed))
        print(f"ratio incremental/cold: {value:.3f}  (target about {n_new / self.s.size:.3f})")
        self.results["incremental"] = {
            "new": n_new,
            "tagged": run.tagged,
            "seconds": run.seconds,
            "cold_seconds": main.seconds,
            "ratio": value,
            "phases": run.phases,
        }

    def memory(self) -> None:
        """Section 7: peak RSS of the process tree at two sizes 10x apart."""
        small, large = (self.cold_run(n) for n in self.s.memory_sizes)
        header(7, "Peak memory (RSS of the kit tag process tree, sampled every 50 ms)")
        for run in (small, large):
            print(
                f"  {run.articles:>7,} articles  {size_text(run.peak_rss):>10}  ({seconds(run.seconds)}, "
                f"{run.words:,} words)"
            )
        value = ratio(large.peak_rss, small.peak_rss)
        print(f"ratio of peaks {large.articles:,}/{small.articles:,} articles: {ratio_text(value)}  (target < 1.25)")
        self.results["memory"] = {
            "sizes": [small.articles, large.articles],
            "peak_rss": [small.peak_rss, large.peak_rss],
            "ratio": value,
        }

    def report(self, main: ColdRun) -> None:
        """Section 8: `python -m kit report` on the main corpus, its store warm."""
        header(8, f"Report (python -m kit report) on {self.s.size:,} articles, warm store")
        if not report_available():
            print("report: not available yet")
            self.results["report"] = {"available": False}
            return
        say("kit report")
        result = run_report(main.corpus, self.s.workdir / "report", main.store)
        if result["returncode"]:
            print(f"report: failed (exit {result['returncode']}) after {seconds(result['seconds'])}:")
            print("  " + (result["error"] or "").strip().replace("\n", "\n  "))
        else:
            line(f"kit report, {result['pages']} HTML page(s) at the top level", result["seconds"])
            print(f"  store reused without re-tagging: {result['warm']}")
            print(f"ratio report/cold tagging: {result['seconds'] / main.seconds:.3f}")
            say("report weight and time to first rows")
            result["weight"] = report_weight.measure(self.s.workdir / "report")
            report_weight.print_measures(result["weight"])
        self.results["report"] = {"available": True, **result}

    def cost(self) -> None:
        """Section 9: tagging time, CPU, store size and reload time against corpus size."""
        measured: dict[int, dict] = {}
        for n in sorted(self.s.table_sizes):
            points = [(run.articles, run.seconds) for run in self.cold.values()]
            predicted = predict_seconds(points, n) if points else 0.0
            if n in self.cold or predicted <= self.s.max_run_seconds:
                run = self.cold_run(n)
                reload = reload_time(run.corpus, run.store) if n != self.s.size else self.results["reload"]
                measured[n] = {
                    "articles": n,
                    "seconds": run.seconds,
                    "cpu_seconds": run.cpu_seconds or 0.0,
                    "store_bytes": run.store_bytes,
                    "reload_seconds": reload["load_corpus_seconds"],
                    "measured": True,
                }
            else:
                measured[n] = {"articles": n, "predicted_seconds": predicted, "measured": False}
        points = [(r["articles"], r) for r in measured.values() if r["measured"]]
        for n, row in measured.items():
            if row["measured"]:
                continue
            for key in ("seconds", "cpu_seconds", "store_bytes", "reload_seconds"):
                row[key] = extrapolate([(x, r[key]) for x, r in points], n)
        header(9, "Cost against corpus size")
        print(f"  {'articles':>9}  {'kit tag':>10}  {'CPU':>10}  {'store on disk':>13}  {'reload':>9}")
        for n, row in measured.items():
            mark = "" if row["measured"] else "  extrapolated (linear fit), not measured"
            print(
                f"  {n:>9,}  {seconds(row['seconds']):>10}  {seconds(row['cpu_seconds']):>10}  "
                f"{size_text(row['store_bytes']):>13}  "
                f"{seconds(row['reload_seconds']):>9}{mark}"
            )
        if any(not row["measured"] for row in measured.values()):
            limit = self.s.max_run_seconds
            what = (
                f"predicted to take over {seconds(limit)} to tag on this machine"
                if limit
                else "not tagged for the sections above"
            )
            print(f"sizes {what} are extrapolated from the measured ones (--max-run-seconds).")
        self.results["cost"] = list(measured.values())

    def large_store(self, main: ColdRun, copies: int = 10) -> None:
        """Section 10: the notebooks' calls on the main store and on a copy `copies` times its size."""
        from large_store import replicate_store, time_store

        target = self.s.workdir / f"large-store-x{copies}"
        say(f"replicating the main store x{copies}")
        n = replicate_store(main.store, target, copies)
        n_main = n // copies  # the main corpus and the articles the incremental section added
        small, large = time_store(main.store), time_store(target)
        header(10, f"Large stores: notebook calls on {n_main:,} and {n:,} articles (store replicated)")
        print(f"  {'call':<52} {n_main:>9,} {n:>9,}   peak RSS after ({n:,})")
        for (label, secs, _), (_, big, peak) in zip(small, large):
            print(f"  {label:<52} {seconds(secs):>9} {seconds(big):>9}   {size_text(peak):>10}")
        self.results["large_store"] = {
            "documents": [n_main, n],
            "calls": [
                {"call": label, "seconds": [secs, big], "peak_rss": peak}
                for (label, secs, _), (_, big, peak) in zip(small, large)
            ],
        }
        shutil.rmtree(target, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point (also runs the `kit tag` child process)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == [CHILD_FLAG]:
        return child_tag(*argv[1:5])
    Bench(settings_from_args(argv)).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
