"""The shareable report: run every notebook on a corpus and write offline HTML pages plus one page per article.

The front page (`index.html`) gives the corpus in words, the key findings (`kit.findings`) with
links to the rows behind them, the caveats, and the pages listed by the question each answers (a
notebook's `metadata.kit.question`). Several corpus paths are tagged together as one corpus; the
notebooks then get the parameter `corpus` as a list of paths, which `load_corpus` accepts as it is.
While the notebooks run, `KIT_REPORT_BROWSE` tells `kit.display` where the report's browsers are.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import __version__
from .browse import write_browsers
from .display import REPORT_ENV
from .report_config import ReportConfig, report_config
from .views import TEMPLATES, article_filename

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: Kernel the notebooks run with: the `python3` kernel of the environment the kit is installed in.
KERNEL = "python3"

_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_HEADING = re.compile(r"^\s*#\s+(.+?)\s*$", re.MULTILINE)
_WEB_URL = re.compile(r"^https?://", re.IGNORECASE)


class ReportError(RuntimeError):
    """A notebook could not be run or exported; the message names the notebook and the cell."""


@dataclass
class Page:
    """One exported notebook."""

    notebook: str
    title: str
    href: str
    seconds: float
    question: str = ""  # the question the page answers (the notebook's `metadata.kit.question`)
    topic: str = ""  # what it is about (`metadata.kit.topic`), to link the front page's findings to it


@dataclass
class Report:
    """What `build_report` wrote."""

    out: Path
    index: Path
    pages: list[Page] = field(default_factory=list)
    articles: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        return (
            f"Wrote {self.index} with {len(self.pages)} notebook page(s) and {self.articles:,} article "
            f"page(s) in {self.seconds:.1f} s."
        )


def _say(message: str, progress: bool) -> None:
    if progress:
        print(f"kit report: {message}", file=sys.stderr, flush=True)


def corpus_parameter(corpus_paths: Sequence[str | os.PathLike]) -> str | list[str]:
    """The value of the notebooks' `corpus` parameter: one absolute path, or a list of them."""
    paths = [str(Path(p).resolve()) for p in corpus_paths]
    return paths[0] if len(paths) == 1 else paths


def build_report(
    corpus_paths: Sequence[str | os.PathLike] | str | os.PathLike,
    out: str | os.PathLike = "reports",
    notebooks_dir: str | os.PathLike = "notebooks",
    *,
    show_code: bool = False,
    cell_timeout: int = 600,
    progress: bool = True,
    title: str | None = None,
    description: str | None = None,
) -> Report:
    """Tag a corpus (or reuse its store), run every notebook on it and write the HTML report.

    Args:
        corpus_paths: Files and folders of articles; several are tagged together as one corpus.
        out: Folder for `index.html`, one page per notebook, `articles/` and the executed notebooks.
        notebooks_dir: Folder of `.ipynb` files, run in name order with that folder as working directory.
        show_code: Keep the code cells in the pages (by default only their output is shown).
        cell_timeout: Seconds one cell may run.
        progress: Report each step on stderr.
        title: The front page's title (else `report.yaml`'s, see `kit.report_config`).
        description: A paragraph under the title (else `report.yaml`'s).

    Returns:
        What was written.

    Raises:
        ReportError: If a notebook fails (the message names it and its failing cell), or there is none.
        ReportConfigError: For a `report.yaml` that cannot be used.
        FileNotFoundError: If a corpus path or the notebooks folder does not exist.
    """
    from ..corpus import load_corpus

    started = time.monotonic()
    if isinstance(corpus_paths, (str, os.PathLike)):
        corpus_paths = [corpus_paths]
    paths = [Path(p).resolve() for p in corpus_paths]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise FileNotFoundError(f"no such corpus file or folder: {', '.join(missing)}")
    notebooks_dir = Path(notebooks_dir).resolve()
    notebooks = sorted(notebooks_dir.glob("*.ipynb")) if notebooks_dir.is_dir() else []
    if not notebooks:
        raise ReportError(f"no notebooks (*.ipynb) in {notebooks_dir}")
    out = Path(out).resolve()
    check_output_folder(out, paths)
    config = report_config(paths, out, title=title, description=description)
    stage = _staging(out)  # the report is written here and swapped in whole at the end
    (stage / "notebooks").mkdir(parents=True)

    _say(f"tagging {', '.join(map(str, paths))} (reusing the store where nothing changed)", progress)
    corpus = load_corpus(*paths, progress=False)
    report = Report(out=out, index=out / "index.html")

    _say(f"writing article pages for {len(corpus):,} documents", progress)
    report.articles = write_articles(corpus, stage / "articles")
    _say("writing the data browsers", progress)
    browsers = write_browsers(corpus, stage)

    parameter = corpus_parameter(paths)
    previous = os.environ.get(REPORT_ENV)
    os.environ[REPORT_ENV] = "browse/"  # the kernels inherit it: tables link to the browsers
    try:
        for number, notebook in enumerate(notebooks, 1):
            _say(f"[{number}/{len(notebooks)}] running {notebook.name}", progress)
            t0 = time.monotonic()
            executed = run_notebook(notebook, stage / "notebooks" / notebook.name, parameter, cell_timeout=cell_timeout)
            page = export_notebook(executed, stage / f"{notebook.stem}.html", notebook.name, show_code=show_code)
            page.seconds = time.monotonic() - t0
            report.pages.append(page)
            _say(f"[{number}/{len(notebooks)}] {notebook.name} -> {page.href} ({page.seconds:.1f} s)", progress)
    finally:
        if previous is None:
            os.environ.pop(REPORT_ENV, None)
        else:
            os.environ[REPORT_ENV] = previous

    _say("writing the front page", progress)
    write_index(corpus, report, config=config, browsers=browsers, path=stage / "index.html")
    _swap_in(stage, out)
    report.seconds = time.monotonic() - started
    return report


#: A file in every report folder the kit writes: only such a folder is ever replaced.
MARKER = ".kit-report"
#: What a folder may hold besides a report and still be written into.
_KEEP = {"report.yaml"}


def _is_kit_report(folder: Path) -> bool:
    """Whether a folder is a report the kit wrote (its marker, or the layout of reports before the marker)."""
    return (folder / MARKER).is_file() or (
        (folder / "index.html").is_file()
        and (folder / "articles" / "index.html").is_file()
        and (folder / "notebooks").is_dir()
    )


def check_output_folder(out: Path, corpus_paths: Sequence[Path]) -> None:
    """Refuse an output folder the report would harm, or that would feed the report back into the corpus.

    Raises:
        ReportError: If `out` is a file, holds files that are not a kit report, lies inside a corpus
            folder (the next run would read the report as articles) or holds a corpus path.
    """
    if out.exists() and not out.is_dir():
        raise ReportError(f"--out {out.name} is a file; give a folder for the report")
    for path in corpus_paths:
        folder = path if path.is_dir() else path.parent
        if out == folder or folder in out.parents:
            raise ReportError(
                f"the report folder {out.name} is inside the corpus folder {folder.name}: its pages "
                "would be read as articles next time; write the report somewhere else"
            )
        if out in path.parents:
            raise ReportError(
                f"the corpus {path.name} is inside the report folder {out.name}, which a new report "
                "replaces; write the report somewhere else"
            )
    if out.is_dir() and not _is_kit_report(out) and {p.name for p in out.iterdir()} - _KEEP:
        raise ReportError(
            f"{out} holds files that are not a report written by kit; nothing there was changed. "
            "Give a new or empty folder (or one kit wrote before) as --out"
        )


def _staging(out: Path) -> Path:
    """A fresh staging folder beside `out` (one left by a killed run is the kit's own, and goes)."""
    stage = out.parent / f".{out.name}.kit-staging"
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir(parents=True)
    (stage / MARKER).write_text("A report written by kit; `kit report` replaces this folder whole.\n", encoding="utf-8")
    return stage


def _swap_in(stage: Path, out: Path) -> None:
    """Replace the report in `out` by the one in `stage`; what else `out` held (report.yaml) is kept."""
    for name in _KEEP:
        if (out / name).is_file():
            shutil.copy2(out / name, stage / name)
    old = out.parent / f".{out.name}.kit-old"
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    stage.rename(out)
    if old.exists():
        shutil.rmtree(old)


class _KernelOutput:
    """What the kernel process printed to the terminal while a notebook ran."""

    def __init__(self, file: Any) -> None:
        self.file = file

    def tail(self, lines: int = 20) -> str:
        """The last lines, as a suffix for an error message ("" when the kernel printed nothing)."""
        try:
            self.file.flush()
            self.file.seek(0)
            text = self.file.read().decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return ""
        return ("\nThe kernel printed:\n" + "\n".join(text.splitlines()[-lines:])) if text else ""


@contextmanager
def kernel_output() -> Iterator[_KernelOutput]:
    """Send what kernel processes print (they inherit this process's stdout and stderr) to a temporary file.

    A kernel that shuts down noisily (ipykernel 7.4 can print a `ZMQError` traceback as its IOPub
    socket closes) must not reach the user's terminal when its notebook ran fine; when a notebook
    fails, the error message carries the end of this output instead.
    """
    import tempfile

    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    with tempfile.TemporaryFile() as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            yield _KernelOutput(log)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)


def run_notebook(notebook: Path, executed_path: Path, corpus: str | list[str], *, cell_timeout: int = 600) -> Any:
    """Execute one notebook with papermill; returns the executed notebook (also saved and signed).

    Raises:
        ReportError: Naming the notebook and the failing cell.
    """
    import nbformat
    import papermill
    from nbformat.sign import NotebookNotary
    from papermill.exceptions import PapermillExecutionError

    with kernel_output() as output:
        try:
            papermill.execute_notebook(
                str(notebook),
                str(executed_path),
                parameters={"corpus": corpus},
                kernel_name=KERNEL,
                cwd=str(notebook.parent),
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                execution_timeout=cell_timeout,
                store_widget_state=True,
                extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
            )
        except PapermillExecutionError as exc:
            raise ReportError(_failure_message(notebook, executed_path, exc) + output.tail()) from None
        except Exception as exc:  # a dead kernel, a timeout, an unreadable notebook
            raise ReportError(
                f"notebook {notebook.name} could not be run: {type(exc).__name__}: {exc} "
                f"(partial output in {executed_path})" + output.tail()
            ) from None
    executed = nbformat.read(executed_path, as_version=4)
    NotebookNotary().sign(executed)  # its HTML outputs (views) are trusted when opened in Lab
    return executed


def _failure_message(notebook: Path, executed_path: Path, exc: Any) -> str:
    """`notebook X failed in cell N (...)`, with N counted in the notebook as the user sees it."""
    import nbformat

    number, first_line = exc.cell_index + 1, ""
    added = {"injected-parameters", "papermill-error-cell-tag"}  # cells papermill put in, not the user
    try:
        cells = nbformat.read(executed_path, as_version=4).cells
        source_cells = [c for c in cells if not added & set(c.get("metadata", {}).get("tags", []))]
        failing = next(c for c in source_cells if any(o.get("output_type") == "error" for o in c.get("outputs", [])))
        number = next(i for i, c in enumerate(source_cells, 1) if c is failing)
        first_line = next((line.strip() for line in failing.source.splitlines() if line.strip()), "")
    except (OSError, StopIteration, ValueError):
        pass
    count = f", In [{exc.exec_count}]" if exc.exec_count else ""
    shown = f": `{first_line[:80]}`" if first_line else ""
    return (
        f"notebook {notebook.name} failed in cell {number}{count}{shown} -- {exc.ename}: {exc.evalue} "
        f"(executed notebook with the traceback: {executed_path})"
    )


#: Cells with this tag speak to notebook users (how to pass parameters, ...) and are left out of the report.
NOTEBOOK_ONLY = "notebook-only"
#: A cell tagged `browser:<key>` shows an explorer whose rows the report's browser `<key>` holds.
BROWSER_TAG = "browser:"


def _browser_key(cell: Any) -> str | None:
    from .display import BROWSERS

    key = next(
        (t[len(BROWSER_TAG) :] for t in cell.get("metadata", {}).get("tags", []) if t.startswith(BROWSER_TAG)), None
    )
    return key if key in BROWSERS else None


def _browser_frame(key: str) -> str:
    """The report's browser for `key`, embedded in the page (it loads its rows itself) with a link to open it."""
    from .display import BROWSERS

    page, name = BROWSERS[key]
    return (
        f'<div class="kit-browser-embed"><p class="kit-widget-note">Every row, searchable without Python: '
        f'<a href="browse/{page}">open the {name} on its own page</a>.</p>'
        f'<iframe src="browse/{page}" title="{name}" loading="lazy"></iframe></div>'
    )


def _static_widget_outputs(nb: Any, notebook_name: str) -> None:
    """Give explorers that need a kernel, and capped in-page views, the report's browser that holds every row.

    A cell tagged `browser:<key>` shows that browser instead of its outputs; any other widget view
    becomes its static fallback, or a note saying it runs in JupyterLab.
    """
    note = (
        f'<p class="kit-widget-note">An interactive explorer runs here when {notebook_name} is opened in '
        "JupyterLab.</p>"
    )
    shown: set[str] = set()
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        key = _browser_key(cell)
        if key is not None:
            html = (
                _browser_frame(key)
                if key not in shown
                else (f'<p class="kit-widget-note">The {key} browser above holds these rows too.</p>')
            )
            shown.add(key)
            cell["outputs"] = [{"output_type": "display_data", "metadata": {}, "data": {"text/html": html}}]
            continue
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not data or WIDGET_VIEW not in data:
                continue
            del data[WIDGET_VIEW]
            if not set(data) - {"text/plain"}:
                data.clear()
                data["text/html"] = note
    nb.metadata.pop("widgets", None)


def _report_cells(nb: Any) -> None:
    """Drop the cells meant for notebook users only, and text outputs that are Python reprs."""
    nb.cells = [c for c in nb.cells if NOTEBOOK_ONLY not in c.get("metadata", {}).get("tags", [])]
    for cell in nb.cells:
        outputs = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if output.get("output_type") in ("execute_result", "display_data") and set(data) == {"text/plain"}:
                continue  # a bare repr (`<Corpus ...>`, `<Figure ...>`) says nothing to a reader
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                continue  # warnings for the notebook's user (kept in the executed notebook), not the reader
            outputs.append(output)
        cell["outputs"] = outputs if cell.get("cell_type") == "code" else cell.get("outputs", [])
        if cell.get("cell_type") != "code":
            cell.pop("outputs", None)


def export_notebook(nb: Any, page_path: Path, notebook_name: str, *, show_code: bool = False) -> Page:
    """Write one executed notebook as a self-contained HTML page (images inline, nothing from the network)."""
    import copy

    from nbconvert import HTMLExporter

    nb = copy.deepcopy(nb)
    _static_widget_outputs(nb, notebook_name)
    if not show_code:
        _report_cells(nb)
    title = next(
        (m.group(1) for c in nb.cells if c.cell_type == "markdown" for m in [_HEADING.search(c.source)] if m),
        page_path.stem,
    )
    title = re.sub(r"[*_`]", "", title)
    nb.metadata["title"] = title
    about = nb.metadata.get("kit", {}) if isinstance(nb.metadata.get("kit"), dict) else {}
    exporter = HTMLExporter(
        template_name="kit_report",
        extra_template_basedirs=[str(TEMPLATES / "nbconvert")],
        exclude_input=not show_code,
        exclude_input_prompt=not show_code,
        exclude_output_prompt=True,
        embed_images=True,
    )
    resources = {"metadata": {"name": title, "path": str(page_path.parent)}, "kit_nav": f"generated {_now()}"}
    try:
        body, _ = exporter.from_notebook_node(nb, resources=resources)
    except Exception as exc:
        raise ReportError(
            f"notebook {notebook_name} ran but could not be exported to HTML: {type(exc).__name__}: {exc}"
        ) from None
    page_path.write_text(body, encoding="utf-8")
    return Page(
        notebook=notebook_name,
        title=title,
        href=page_path.name,
        seconds=0.0,
        question=str(about.get("question", "")),
        topic=str(about.get("topic", "")),
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _date(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") and not pd.isna(value) else ""


def corpus_summary(corpus: Any) -> dict:
    """Documents, words, date range, outlets, problems and tables of a corpus, for the index page."""
    docs = corpus.metadata
    dated = docs["date"].dropna()
    outlets = docs["outlet"].replace("", pd.NA).dropna().value_counts()
    problems = corpus.problems
    inferred = {}
    if {"date_min", "date_max"} <= set(docs.columns):
        lows, highs = docs["date_min"].dropna(), docs["date_max"].dropna()
        sources = docs["date_source"].value_counts() if "date_source" in docs.columns else pd.Series(dtype=int)
        inferred = {
            "min": _date(lows.min()) if len(lows) else "",
            "max": _date(highs.max()) if len(highs) else "",
            "documents": int(docs["date_min"].notna().sum()),
            "sources": ", ".join(f"{n:,} {k}" for k, n in sources.items()),
        }
    return {
        "documents": len(docs),
        "words": int(docs["n_words"].sum()),
        "duplicates": int(docs["duplicate_of"].notna().sum()) if "duplicate_of" in docs.columns else 0,
        "date_min": _date(dated.min()) if len(dated) else "",
        "date_max": _date(dated.max()) if len(dated) else "",
        "dated": len(dated),
        "inferred": inferred,
        "outlets": list(outlets.items()),
        "no_outlet": int(len(docs) - outlets.sum()),
        "entities": int(corpus.manifest["tables"].get("entities", {}).get("rows", 0)),
        "problems": problems.fillna("").to_dict("records"),
        "problem_counts": ", ".join(f"{n:,} {k}" for k, n in problems["severity"].value_counts().items()),
        "tables": [(name, t["rows"]) for name, t in corpus.manifest["tables"].items()],
    }


def _source_name(source: Any) -> str:
    """A problem's source as the reader knows it: the file name (and record), never a local folder."""
    text = str(source or "")
    return Path(text.replace("\\", "/")).name if "/" in text or "\\" in text else text


_LOCAL_PATH = re.compile(r"(?<![\w.:/])(?:/[^/\s:'\"]+)+/([^/\s:'\"]+)")


def without_paths(text: str) -> str:
    """A message with every absolute path cut to its last part (`/home/me/corpus/a.txt` -> `a.txt`)."""
    return _LOCAL_PATH.sub(r"\1", text)


def write_index(
    corpus: Any,
    report: Report,
    *,
    config: ReportConfig | None = None,
    browsers: Sequence[Any] = (),
    path: Path | None = None,
) -> Path:
    """Write `index.html`: title, the corpus in words, key findings, caveats, and every page by its question.

    Args:
        corpus: The corpus.
        report: What has been written so far (its pages are listed).
        config: Title and description (defaults when None).
        browsers: The report's data browsers (`kit.browse.Browser`: title, question, href), listed after the pages.
        path: Where to write it (`report.index` by default).
    """
    from .findings import caveats, corpus_in_words, key_findings

    config = config or ReportConfig()
    topics = {page.topic: page for page in report.pages if page.topic}
    findings = [{"finding": f, "page": topics.get(f.topic)} for f in key_findings(corpus)]
    summary = corpus_summary(corpus)
    for problem in summary["problems"]:
        problem["source"] = _source_name(problem.get("source"))
        problem["message"] = without_paths(str(problem.get("message", "")))
    html = _ENV.get_template("index.html.j2").render(
        title=config.title,
        description=config.description,
        generated=_now(),
        version=__version__,
        corpus_words=corpus_in_words(corpus),
        findings=findings,
        caveats=caveats(corpus),
        summary=summary,
        pages=report.pages,
        browsers=list(browsers),
        css=(TEMPLATES / "page.css").read_text(encoding="utf-8"),
    )
    path = path or report.index
    path.write_text(html, encoding="utf-8")
    return path


def _by_doc(frame: pd.DataFrame, columns: list[str]) -> dict[str, list[tuple]]:
    """Rows of a table grouped by document, as tuples of `columns`, sorted by their first column."""
    if frame.empty:
        return {}
    frame = frame.sort_values(["doc_id", columns[0]], kind="stable")
    grouped: dict[str, list[tuple]] = {}
    for doc_id, *values in zip(frame["doc_id"], *(frame[c] for c in columns), strict=True):
        grouped.setdefault(doc_id, []).append(tuple(values))
    return grouped


def article_pieces(text: str, sentences: list[tuple], entities: list[tuple]) -> list:
    """The text cut into sentences (`{"idx", "parts": [(text, entity or None)]}`) and the gaps between them.

    Args:
        text: The document's clean text.
        sentences: `(start_char, sent_idx, end_char)` tuples, sorted.
        entities: `(start_char, end_char, title, is_actor[, type])` tuples, sorted; overlapping ones are skipped.
    """
    pieces: list = []
    pos, k = 0, 0
    for start, idx, end in sentences:
        if start > pos:
            pieces.append(text[pos:start])
        parts: list[tuple[str, dict | None]] = []
        cur = start
        while k < len(entities) and entities[k][0] < end:
            e_start, e_end, title, actor, *kind = entities[k]
            k += 1
            if e_start < cur:
                continue
            e_end = min(e_end, end)
            if e_start > cur:
                parts.append((text[cur:e_start], None))
            parts.append((text[e_start:e_end], {"title": title, "actor": actor, "type": kind[0] if kind else ""}))
            cur = e_end
        if cur < end:
            parts.append((text[cur:end], None))
        pieces.append({"idx": idx, "parts": parts})
        pos = max(pos, end)
    if pos < len(text):
        pieces.append(text[pos:])
    return pieces


def _statements(corpus: Any) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """Each article's quotations and figures, as its page lists them (with their sentences)."""
    from .. import explore

    quotes: dict[str, list[dict]] = {}
    q = explore.quotes(corpus)
    if not isinstance(q, str):
        for doc_id, speaker, kind, quote, sent in zip(
            q["doc_id"], q["speaker"], q["kind"], q["quote"], q["sent_idx"], strict=True
        ):
            quotes.setdefault(doc_id, []).append(
                {"speaker": speaker, "kind": kind, "quote": quote, "sent": None if pd.isna(sent) else int(sent)}
            )
    figures: dict[str, list[dict]] = {}
    c = explore.claims(corpus, scopes=None)
    if not isinstance(c, str):
        for row in c.itertuples():
            figures.setdefault(row.doc_id, []).append(
                {
                    "value": f"{row.value:,.0f}",
                    "category": row.category,
                    "scope": row.scope or "",
                    "text": row.text,
                    "claimed_by": row.claimed_by,
                    "sent": None if pd.isna(row.sent_idx) else int(row.sent_idx),
                }
            )
    return quotes, figures


def write_articles(corpus: Any, folder: Path) -> int:
    """Write one reader page per document (`<doc_id>.html`, sentence anchors `#s<n>`) and an index.

    Each page links to the previous and next article (in date order, as the index lists them), shows
    its entities coloured by type with a legend, and lists its quotations and figures, each linked to
    its sentence.

    Returns:
        The number of article pages written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "style.css").write_text((TEMPLATES / "page.css").read_text(encoding="utf-8"), encoding="utf-8")
    docs = corpus.metadata
    sents = _by_doc(corpus.sentences, ["start_char", "sent_idx", "end_char"])
    ents = corpus.entities
    types = [
        str(etype) if gaz and isinstance(etype, str) else str(label)
        for etype, gaz, label in zip(
            ents["entity_type"], ents["in_gazetteer"].fillna(False), ents["label"], strict=True
        )
    ]
    titles = [f"{name} ({kind})" for name, kind in zip(ents["entity_name"], types, strict=True)]
    ents = _by_doc(
        ents.assign(_title=titles, _actor=ents["in_gazetteer"].fillna(False).astype(bool), _type=types),
        ["start_char", "end_char", "_title", "_actor", "_type"],
    )
    quotes, figures = _statements(corpus)
    template = _ENV.get_template("article.html.j2")
    listing = []
    columns = ["doc_id", "title", "outlet", "date", "url", "n_words", "source"]
    for doc_id, title, outlet, date, url, n_words, source in docs[columns].itertuples(index=False, name=None):
        listing.append(
            {
                "doc_id": doc_id,
                "title": title if isinstance(title, str) else "",
                "outlet": outlet if isinstance(outlet, str) else "",
                "date": _date(date) if date is not None else "",
                "url": url if isinstance(url, str) and _WEB_URL.match(url) else "",
                "n_words": int(n_words or 0),
                "source": _source_name(source),
                "href": article_filename(doc_id),
            }
        )
    listing.sort(key=lambda d: (d["date"] or "9999", d["doc_id"]))
    pages = listing_pages(len(listing))
    for number, (start, end) in enumerate(pages):
        for doc in listing[start:end]:
            doc["listed_on"] = listing_filename(number)
    texts = corpus.texts()
    for i, doc in enumerate(listing):
        doc_id = doc["doc_id"]
        pieces = article_pieces(texts[doc_id], sents.get(doc_id, []), ents.get(doc_id, []))
        legend = sorted({e[4] for e in ents.get(doc_id, [])})
        (folder / doc["href"]).write_text(
            template.render(
                doc=doc,
                pieces=pieces,
                legend=legend,
                quotes=quotes.get(doc_id, []),
                figures=figures.get(doc_id, []),
                previous=listing[i - 1] if i else None,
                next=listing[i + 1] if i + 1 < len(listing) else None,
            ),
            encoding="utf-8",
        )
    index = _ENV.get_template("articles_index.html.j2")
    links = [
        {
            "href": listing_filename(n),
            "first": start + 1,
            "last": end,
            "from": listing[start]["date"],
            "to": listing[end - 1]["date"],
        }
        for n, (start, end) in enumerate(pages)
    ]
    for number, (start, end) in enumerate(pages or [(0, 0)]):
        (folder / listing_filename(number)).write_text(
            index.render(
                docs=listing[start:end],
                total=len(listing),
                first=start + 1,
                page=number,
                pages=links,
                title="News corpus report",
            ),
            encoding="utf-8",
        )
    return len(listing)


#: Articles listed on one page of the article index: 100,000 articles make 100 pages of about
#: 200 KB each rather than one page of 22 MB.
ARTICLES_PER_PAGE = 1000


def listing_pages(n_articles: int, per_page: int | None = None) -> list[tuple[int, int]]:
    """The `(start, end)` slices of the article listing, one per index page (none for no articles);
    `ARTICLES_PER_PAGE` a page unless `per_page` says."""
    size = per_page or ARTICLES_PER_PAGE
    return [(start, min(start + size, n_articles)) for start in range(0, n_articles, size)]


def listing_filename(page: int) -> str:
    """The file of index page `page` (from 0): `index.html`, then `index-2.html`, `index-3.html` ..."""
    return "index.html" if page == 0 else f"index-{page + 1}.html"


__all__ = [
    "KERNEL",
    "Page",
    "Report",
    "ReportError",
    "article_pieces",
    "build_report",
    "corpus_parameter",
    "corpus_summary",
    "export_notebook",
    "run_notebook",
    "write_articles",
    "write_index",
]
