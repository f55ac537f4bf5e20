"""End to end in headless Chromium: the demo data served, a story opened, a conflicting fact
expanded, its evidence highlighted in every source. Debian's chromium, driven by Playwright."""

from __future__ import annotations

import shutil

import pytest

from newsfuse.pipeline import Pipeline
from newsfuse.store import Store

from .conftest import EXAMPLES, live_server, unavailable

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-dev-shm-usage", "--disable-component-update"]


@pytest.fixture(scope="module")
def site(tmp_path_factory, nlp):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        unavailable("NEWSFUSE_REQUIRE_BROWSER", "Debian's chromium is not installed here (.ci/run installs it)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("NEWSFUSE_REQUIRE_BROWSER", "playwright is not installed (it is a dev dependency)")
    from newsfuse.serve import create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'demo.db'}"
    Pipeline(Store(url)).ingest([EXAMPLES])
    with live_server(create_app(url)) as base:
        yield base, chromium


def test_story_page_conflict_with_highlighted_evidence(site, tmp_path):
    from playwright.sync_api import sync_playwright

    base, chromium = site
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "/")
        # The story list links every story; open the one that has a conflict.
        row = page.locator("table.stories tbody tr").filter(
            has=page.locator("td:nth-child(7)", has_not_text="0")).first
        row.locator("a").click()
        page.wait_for_selector(".facts.conflicting")
        fact = page.locator(".facts.conflicting details.fact").first
        assert fact.get_attribute("open") is None
        fact.locator("summary").click()
        assert fact.get_attribute("open") is not None
        conflict = fact.locator(".conflict li")
        assert conflict.count() >= 2  # each value with the articles that give it
        sources = fact.locator(".source")
        assert sources.count() >= 2
        for i in range(sources.count()):
            mark = sources.nth(i).locator("mark.evidence").first
            assert mark.is_visible() and mark.inner_text().strip()
        shot = tmp_path / "story.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        browser.close()
