"""The JSON API and the web pages over a store the team's harbour story fills, through httpx."""

from __future__ import annotations

import http.client
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import newsfuse.serve
from newsfuse.pipeline import Pipeline
from newsfuse.serve import create_app
from newsfuse.store import Store

from .conftest import ROOT, live_server
from .test_fusion import HARBOUR_A, HARBOUR_B, HARBOUR_C

HOSTILE = """Harbour fire: officials <script>alert('x')</script> under fire

Officials at the Porto Novo harbour <img src=x onerror=alert(1)> said the fire that killed three dock workers started in a fuel depot, and the port will reopen on Friday.
"""


@pytest.fixture(scope="module")
def store_url(tmp_path_factory, nlp) -> str:
    tmp = tmp_path_factory.mktemp("serve")
    for name, text in (("a", HARBOUR_A), ("b", HARBOUR_B), ("c", HARBOUR_C), ("h", HOSTILE)):
        (tmp / f"{name}.txt").write_text(text)
    url = f"sqlite:///{tmp / 'serve.db'}"
    Pipeline(Store(url)).ingest([tmp])
    return url


@pytest.fixture(scope="module")
def client(store_url):
    return TestClient(create_app(store_url, token="secret-token"))


def test_story_api_has_facts_with_offsets(client):
    stories = client.get("/api/stories").json()
    assert stories and {"story_id", "title", "corroborated", "conflicting"} <= set(stories[0])
    story = client.get(f"/api/stories/{stories[0]['story_id']}").json()
    assert story["facts"]
    for f in story["facts"]:
        for s in f["sources"]:
            art = client.get(f"/api/articles/{s['article_id']}").json()
            assert art["text"][s["start"]:s["end"]] == s["text"]
    assert client.get("/api/stories/nope").status_code == 404


def test_full_text_and_semantic_search(client):
    hits = client.get("/api/search", params={"q": "fuel depot"}).json()
    assert hits and all("\x02" not in h["snippet"] for h in hits)
    meaning = client.get("/api/search", params={"q": "blaze at a port kills workers",
                                                 "mode": "semantic"}).json()
    assert meaning and meaning[0]["score"] > 0.3
    page = client.get("/search", params={"q": "depot"})
    assert page.status_code == 200 and "<mark>depot</mark>" in page.text


def test_hostile_article_text_is_shown_as_text(client):
    [hit] = [h for h in client.get("/api/search", params={"q": "reopen Friday"}).json()]
    page = client.get(f"/articles/{hit['article_id']}").text
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<img src=x" not in page
    index = client.get("/").text
    assert "<script>alert" not in index


def test_story_page_expands_facts_with_highlighted_sources(client):
    sid = client.get("/api/stories").json()[0]["story_id"]
    page = client.get(f"/stories/{sid}").text
    assert page.count("<details") >= 3 and 'class="evidence"' in page
    assert "Conflicting" in page and "Timeline" in page


def test_actor_page_and_api(client):
    actor = client.get("/api/actors/person:celestin-adjovi").json()
    assert actor["quotes"] and actor["name"] == "Celestin Adjovi"
    assert client.get("/actors/person:celestin-adjovi").status_code == 200
    assert client.get("/api/actors/person:nobody").status_code == 404


def test_writing_needs_the_token_and_a_size_limit(client):
    article = [{"text": "A short note on the harbour reopening on Friday. " * 5}]
    assert client.post("/api/articles", json=article).status_code == 401
    bad = client.post("/api/articles", json=article, headers={"Authorization": "Bearer wrong"})
    assert bad.status_code == 401
    big = client.post("/api/articles", content=b"[" + b" " * 11_000_000 + b"]",
                      headers={"Authorization": "Bearer secret-token",
                               "Content-Type": "application/json"})
    assert big.status_code == 413
    ok = client.post("/api/articles", json=article, headers={"Authorization": "Bearer secret-token"})
    assert ok.status_code == 201 and ok.json()["added"] == 1


STATIC = Path(newsfuse.serve.__file__).parent / "static"
OUTSIDE = [ROOT / "pyproject.toml", Path(newsfuse.serve.__file__).parent / "app.py", Path("/etc/passwd")]
TRAVERSALS = [
    "/static/../../pyproject.toml",
    "/static/%2e%2e/app.py",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
    "/static/%252e%252e/app.py",
    "/static/..%2fapp.py",
    "/static/..%2f..%2f..%2f..%2fpyproject.toml",
    "/static/..\\app.py",
    "/static/%5c..%5capp.py",
    "/static/..%5c..%5c..%5c..%5cpyproject.toml",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/../../../../../../../../etc/passwd",
    "/articles/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/stories/%2e%2e%2f%2e%2e%2fpyproject.toml",
]


def test_no_request_reads_a_file_outside_static(store_url):
    """Raw request lines, sent as written (no client normalises them), to a live server."""
    outside = {p: p.read_bytes()[:200] for p in OUTSIDE if p.is_file()}
    served = {p.read_bytes() for p in STATIC.rglob("*") if p.is_file()}
    with live_server(create_app(store_url)) as base:
        host, port = base.removeprefix("http://").split(":")
        for path in TRAVERSALS:
            conn = http.client.HTTPConnection(host, int(port), timeout=10)
            conn.putrequest("GET", path, skip_accept_encoding=True)
            conn.endheaders()
            resp = conn.getresponse()
            body = resp.read()
            conn.close()
            for name, head in outside.items():
                assert head not in body, f"{path} served {name}"
            if resp.status == 200 and path.startswith("/static"):
                assert body in served, f"{path} served something that is not a static file"
    assert outside  # the probes had files to look for


def test_story_sources_show_the_cited_paragraphs_escaped():
    from newsfuse.serve.highlight import excerpt

    text = "Intro.\nThe <b>fire</b> started in a depot.\nMiddle.\nFar.\nFarther.\nEnd."
    start = text.index("started")
    html = str(excerpt(text, [(start, start + 7, "evidence")]))
    assert f'id="ev-{start}-{start + 7}"' in html  # offsets into the article, not the excerpt
    assert "&lt;b&gt;fire&lt;/b&gt;" in html and "<b>" not in html
    assert "Intro." in html and "Middle." in html  # one paragraph of context either side
    assert "Farther." not in html and html.rstrip().endswith('<span class="gap">…</span>')
