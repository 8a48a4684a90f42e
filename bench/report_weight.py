"""How heavy a report is to share and to open: page weights, data weight, and time to first rows in a browser.

    python bench/report_weight.py REPORT_FOLDER [--search WORD ...]

Prints the size of the front page, of each notebook page and of each browser page with the data it
loads, and, where Debian's Chromium and Playwright are installed, the time from opening each browser
page (from disk, offline) to its first rows, and how long keyword-in-context searches take (the
page's own timing of the search, from the click to the first rows drawn). `bench/run.py` calls
`measure` in its report section.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
BROWSERS = ("quotes", "figures", "articles", "actors", "kwic")


def _size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def weights(out: Path) -> dict:
    """Bytes of every page a reader opens, and of the data the browsers load."""
    data = out / "browse" / "data"
    files = sorted(data.glob("*.js")) if data.is_dir() else []
    return {
        "total_bytes": _size(out),
        "index_bytes": _size(out / "index.html"),
        "notebook_pages": {p.name: _size(p) for p in sorted(out.glob("*.html")) if p.name != "index.html"},
        "browser_pages": {p.name: _size(p) for p in sorted((out / "browse").glob("*.html"))},
        "data_bytes": sum(_size(p) for p in files),
        "data_files": len(files),
        "largest_data_file": max(((p.name, _size(p)) for p in files), key=lambda x: x[1], default=("", 0)),
        "article_pages": len(list((out / "articles").glob("*.html"))),
        "article_bytes": _size(out / "articles") if (out / "articles").is_dir() else 0,
    }


def timings(out: Path, searches: tuple[str, ...] = ("ukraine", "ceasefire", "separatist*")) -> dict | None:
    """Seconds from opening each browser page to its first rows, and KWIC search times (None without a browser)."""
    if not CHROMIUM.exists():
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    found: dict = {"first_rows_seconds": {}, "search_ms": {}}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(offline=True)
        page = context.new_page()
        page.set_default_timeout(300_000)
        for key in BROWSERS:
            query = f"?q={searches[0]}" if key == "kwic" else ""
            t0 = time.monotonic()
            page.goto((out / "browse" / f"{key}.html").as_uri() + query)
            page.wait_for_function(
                "() => !/^(Loading|Searching|Looking)/.test(document.getElementById('status').textContent)"
            )
            found["first_rows_seconds"][key] = round(time.monotonic() - t0, 3)
        quotes_ms = []
        page.goto((out / "browse" / "quotes.html").as_uri())
        page.wait_for_function("() => document.querySelector('#rows tbody tr') !== null")
        for word in ("ukraine", "putin", "zzzz"):
            page.fill("input[type=search]", word)
            page.wait_for_timeout(400)
            quotes_ms.append(int(page.get_attribute("body", "data-search-ms") or -1))
        found["quote_filter_ms"] = quotes_ms
        for word in searches:
            page.goto((out / "browse" / "kwic.html").as_uri() + f"?q={word}")
            page.wait_for_function("() => /matches of/.test(document.getElementById('status').textContent)")
            page.wait_for_timeout(100)
            found["search_ms"][word] = int(page.get_attribute("body", "data-search-ms") or -1)
        browser.close()
    return found


def measure(out: Path) -> dict:
    """`weights` and `timings` of one report folder."""
    return {"weights": weights(out), "timings": timings(out)}


def _mib(n: int) -> str:
    return f"{n / 2**20:,.1f} MiB" if n >= 2**20 else f"{n / 1024:,.0f} KiB"


def print_measures(result: dict) -> None:
    """The measures as the benchmark prints them."""
    w = result["weights"]
    print(
        f"  whole report {_mib(w['total_bytes'])}: front page {_mib(w['index_bytes'])}, "
        f"{w['article_pages']:,} article pages {_mib(w['article_bytes'])}, browser data {_mib(w['data_bytes'])} "
        f"in {w['data_files']:,} files (largest {w['largest_data_file'][0]}, {_mib(w['largest_data_file'][1])})"
    )
    for name, size in {**w["notebook_pages"], **w["browser_pages"]}.items():
        print(f"  {name:<28} {_mib(size):>10}")
    t = result["timings"]
    if t is None:
        print("  browser timings: skipped (no /usr/bin/chromium or Playwright)")
        return
    print(
        "  opened from disk to first rows: " + ", ".join(f"{k} {v:.2f} s" for k, v in t["first_rows_seconds"].items())
    )
    print("  quote browser, filtering as you type: " + ", ".join(f"{ms} ms" for ms in t["quote_filter_ms"]))
    print("  keyword in context, search to first rows: " + ", ".join(f"{k} {v} ms" for k, v in t["search_ms"].items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path, help="a folder written by `kit report`")
    parser.add_argument("--json", type=Path, help="also write the measures here")
    args = parser.parse_args(argv)
    result = measure(args.report)
    print_measures(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
