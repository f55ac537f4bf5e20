"""Take docs/story.png: the demo data served, the story with a conflict opened, its conflicting
fact expanded. Needs Debian's chromium and the dev dependencies (`make install`).

    .venv/bin/python tools/screenshot.py
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from newsfuse.pipeline import Pipeline
from newsfuse.serve import create_app
from newsfuse.store import Store

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/demo.db"
        Pipeline(Store(url)).ingest([ROOT / "examples"])
        server = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=8765,
                                               log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"),
                                        args=["--no-sandbox", "--disable-gpu",
                                              "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto("http://127.0.0.1:8765/")
            page.locator("table.stories tbody tr").filter(
                has=page.locator("td:nth-child(7)", has_not_text="0")).first.locator("a").click()
            page.locator(".facts.conflicting details.fact summary").first.click()
            page.locator(".facts.conflicting").first.scroll_into_view_if_needed()
            page.screenshot(path=str(ROOT / "docs" / "story.png"))
            browser.close()
        server.should_exit = True
    print("wrote docs/story.png")


if __name__ == "__main__":
    main()
