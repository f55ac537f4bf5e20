"""End to end in headless Chromium: the demo data served, a story opened, a conflicting fact
expanded, its evidence highlighted in every source. Debian's chromium, driven by Playwright."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

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
        yield base, chromium, url


def test_story_page_conflict_with_highlighted_evidence(site, tmp_path):
    from playwright.sync_api import sync_playwright

    base, chromium, _ = site
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


def test_story_page_shows_new_articles_without_a_reload(site):
    """A report that arrives while the page is open appears in the timeline, marked new."""
    from playwright.sync_api import sync_playwright

    base, chromium, url = site
    store = Store(url)
    story = max(store.stories(), key=lambda s: s.size)
    original = store.articles(story_id=story.id)[0]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{base}/stories/{story.id}")
        before = page.locator(".timeline li").count()
        assert page.locator(".timeline li.new").count() == 0
        # Another outlet's near-verbatim copy of one of the story's reports: a copy follows its
        # original into the story, whatever the clustering would make of it.
        copy = original.text.replace(original.text.split("\n")[-1], "").strip() + \
            "\nThe report was updated with comment from the regional authorities."
        raw = {"text": copy, "title": (original.title or "") + " (update)", "outlet": "Relay Wire"}
        src = Path(store.url.removeprefix("sqlite:///")).with_name("update.jsonl")
        src.write_text(json.dumps(raw) + "\n", encoding="utf-8")
        Pipeline(store).ingest([src])
        page.wait_for_selector(".timeline li.new", timeout=30_000)
        assert page.locator(".timeline li").count() == before + 1
        assert "Relay Wire" in page.locator(".timeline li.new").inner_text()
        assert page.locator(".live-note").is_visible()
        browser.close()
