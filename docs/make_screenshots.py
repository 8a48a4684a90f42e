"""Take the README's screenshots of a built report with headless Chromium, at 1280 and 400 pixels wide.

Usage: `python docs/make_screenshots.py REPORT_DIR NAME` after `python -m kit report --out REPORT_DIR`;
writes `docs/NAME-{index,quotes,browser}-{1280,400}.jpg`: the front page and the "who said what"
page whole, and the first screen of the quote browser.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

DOCS = Path(__file__).resolve().parent
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = {"index": "index.html", "quotes": "03_who_said_what.html", "browser": "browse/quotes.html"}


def main(report: Path, name: str, chromium: str = "/usr/bin/chromium") -> None:
    """Screenshot the front page, a notebook page and a browser at phone and desktop widths."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        for width in (1280, 400):
            context = browser.new_context(offline=True, viewport={"width": width, "height": 900})
            page = context.new_page()
            for key, path in PAGES.items():
                page.goto((report / path).resolve().as_uri())
                page.wait_for_timeout(1500)  # the browsers load their rows after the page
                page.screenshot(
                    path=DOCS / f"{name}-{key}-{width}.jpg", full_page=key != "browser", type="jpeg", quality=70
                )
            context.close()
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
