"""JupyterLab end to end: run `00_start_here.ipynb` in a real Lab server, search in the KWIC explorers."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from .conftest import CHROMIUM, CHROMIUM_ARGS, chromium_path

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
START = "00_start_here.ipynb"
#: Seconds for Lab to start, and for all cells of the notebook to run (tagging the seeds included).
SERVER_TIMEOUT = 90
RUN_TIMEOUT = 240


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def notebook_under_test(workdir: Path) -> tuple[Path, bool]:
    """A copy of the project (notebooks and seeds side by side), with the KWIC explorers appended to the start."""
    shutil.copytree(ROOT / "seeds", workdir / "seeds")
    source = ROOT / "notebooks" if (ROOT / "notebooks" / START).exists() else ROOT / "tests" / "data" / "notebooks"
    shutil.copytree(source, workdir / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    path = workdir / "notebooks" / (START if (source / START).exists() else sorted(source.glob("*.ipynb"))[0].name)
    nb = nbformat.read(path, as_version=4)
    cells = [new_code_cell("from kit.present.views import kwic_browser\nkwic_browser(corpus)")]
    try:
        import kit.present.widgets as kit_widgets

        if hasattr(kit_widgets, "kwic_explorer"):
            cells.append(new_code_cell("import kit.present.widgets\nkit.widgets.kwic_explorer(corpus, term='Russia')"))
    except ImportError:
        pass
    nb.cells.extend(cells)
    nbformat.write(nb, path)
    return path, len(cells) == 2


def executed_notebooks(folder: Path, seeds: Path) -> tuple[str, str]:
    """The test notebook as `kit report` leaves it (executed, signed), and an unsigned copy of it."""
    from kit.present.report import run_notebook

    executed = run_notebook(
        ROOT / "tests" / "data" / "notebooks" / "00_overview.ipynb", folder / "zz_executed.ipynb", str(seeds)
    )
    executed.metadata["title"] = "An executed notebook from elsewhere"  # content differs: no signature matches
    unsigned = folder / "zz_unsigned.ipynb"
    nbformat.write(executed, unsigned)  # same outputs, never signed: opens untrusted
    return "zz_executed.ipynb", unsigned.name


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 (token, no browser) over a temporary copy; always stopped."""
    chromium_path()
    workdir = tmp_path_factory.mktemp("lab")
    notebook, has_explorer = notebook_under_test(workdir)
    os.environ["KIT_STORE_DIR"] = str(workdir / "stores")
    try:
        executed = executed_notebooks(notebook.parent, workdir / "seeds")
    finally:
        os.environ.pop("KIT_STORE_DIR", None)
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "KIT_STORE_DIR": str(workdir / "stores"),
        "JUPYTER_CONFIG_DIR": str(workdir / "config"),
        "JUPYTER_RUNTIME_DIR": str(workdir / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(workdir / "ws"),
    }
    log = (workdir / "lab.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={notebook.parent}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=",
            "--ServerApp.open_browser=False",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
            *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=notebook.parent,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_TIMEOUT
        while True:
            if server.poll() is not None:
                pytest.fail(f"jupyter lab exited: {(workdir / 'lab.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"jupyter lab did not start in {SERVER_TIMEOUT} s")
            time.sleep(0.5)
        yield base, token, notebook, has_explorer, executed
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()


def test_run_all_and_search_in_lab(lab):
    from playwright.sync_api import sync_playwright

    base, token, notebook, has_explorer, _ = lab
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(60_000)
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"{base}/lab/tree/{notebook.name}?token={token}")
            page.wait_for_function("window.jupyterapp && document.querySelector('.jp-Notebook')")
            page.wait_for_function(
                "() => { const w = window.jupyterapp.shell.currentWidget;"
                " return w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel"
                " && w.sessionContext.session.kernel.status === 'idle'; }"
            )
            page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
            page.wait_for_function(
                "() => { const w = window.jupyterapp.shell.currentWidget; const cells = w.content.widgets;"
                " const last = cells[cells.length - 1];"
                " return w.sessionContext.session.kernel.status === 'idle' && last.model.executionCount; }",
                timeout=RUN_TIMEOUT * 1000,
            )
            failed = page.locator(
                ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
                ":has-text('Traceback'), .jp-RenderedText:has-text('Traceback (most recent')"
            )
            assert failed.count() == 0, failed.first.inner_text()[:2000]

            # The kernel-free view: the cell was run here, so its script runs and filters in the page.
            view = page.locator(".kit-view-kwic").last
            view.scroll_into_view_if_needed()
            box = view.locator("input.kit-search")
            box.wait_for(state="visible")
            before = int(view.get_attribute("data-matches"))
            box.fill("ukrain")
            page.wait_for_function(
                f"el => el.getAttribute('data-matches') !== String({before})", arg=view.element_handle()
            )
            after = int(view.get_attribute("data-matches"))
            assert 0 < after < before
            assert all("ukrain" in t.casefold() for t in view.locator("tbody tr").all_inner_texts())

            # The kit.present.widgets explorer, where it exists: a search runs in the kernel and replaces the results.
            search = page.locator(".widget-text input").last
            if has_explorer:
                search.scroll_into_view_if_needed()
                results = page.locator(".jupyter-widgets .widget-html-content").last
                first = results.inner_text()
                search.fill("Donbas")
                search.press("Enter")
                page.wait_for_function(
                    "([el, old]) => el.innerText !== old", arg=[results.element_handle(), first], timeout=30_000
                )
                assert "Donbas" in results.inner_text()
                assert results.inner_text() != first
                if os.environ.get("KIT_LAB_SCREENSHOT"):
                    page.screenshot(path=os.environ["KIT_LAB_SCREENSHOT"])
            assert errors == [], errors
        finally:
            browser.close()


def test_report_notebooks_open_trusted_and_others_fall_back(lab):
    from playwright.sync_api import sync_playwright

    base, token, _, _, (signed, unsigned) = lab
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(60_000)
            page.goto(f"{base}/lab/tree/{signed}?token={token}")
            view = page.locator(".kit-view-kwic").first
            view.locator("input.kit-search").wait_for(state="visible")  # the script ran: the notebook is trusted
            before = int(view.get_attribute("data-matches"))
            view.locator("input.kit-search").fill("ukrain")
            page.wait_for_function(
                f"el => el.getAttribute('data-matches') !== String({before})", arg=view.element_handle()
            )
            assert 0 < int(view.get_attribute("data-matches")) < before

            page.close()
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{base}/lab/tree/{unsigned}?token={token}")
            page.wait_for_function(
                "window.jupyterapp && window.jupyterapp.shell.currentWidget"
                f" && window.jupyterapp.shell.currentWidget.context.path === {unsigned!r}"
            )
            view = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .kit-view-kwic").first
            view.wait_for(state="attached")
            view.scroll_into_view_if_needed()
            if os.environ.get("KIT_LAB_SCREENSHOT"):
                page.screenshot(path=os.environ["KIT_LAB_SCREENSHOT"].replace(".png", "-untrusted.png"))
            assert view.locator(".kit-noscript").is_visible()  # untrusted: the static rows and the note
            assert "trust the notebook" in view.locator(".kit-noscript").inner_text()
            assert view.locator("tbody tr").count() > 0
            assert not view.locator("input.kit-search").is_visible()
        finally:
            browser.close()
