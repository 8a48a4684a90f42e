"""Take the README screenshots (`docs/report.png`, `docs/explorer.png`) from a built report with headless Chromium.

Usage: `python docs/make_screenshots.py REPORT_DIR` after `python -m kit report --out REPORT_DIR`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

DOCS = Path(__file__).resolve().parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]


def main(report: Path, chromium: str = "/usr/bin/chromium") -> None:
    """Screenshot the report index and the first notebook page's first kernel-free view."""
    pages = sorted(p for p in report.glob("*.html") if p.name != "index.html")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        context = browser.new_context(offline=True, viewport={"width": 1280, "height": 800}, device_scale_factor=1)
        page = context.new_page()
        page.goto((report / "index.html").as_uri())
        page.screenshot(path=DOCS / "report.png")
        for path in pages:
            page.goto(path.as_uri())
            views = page.locator(".kit-view:has(input.kit-search)")
            if views.count():
                view = views.first
                view.locator("input.kit-search").fill(sys.argv[2] if len(sys.argv) > 2 else "Kyiv")
                view.scroll_into_view_if_needed()
                view.screenshot(path=DOCS / "explorer.png")
                break
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve())
