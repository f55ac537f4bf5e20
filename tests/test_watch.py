"""`newsfuse watch` against a local HTTP server on 127.0.0.1 serving feeds and pages the team
wrote: validators, new entries, retries, timeouts, hostile feeds, a killed watcher."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsfuse.store import Store

PAGE = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>{body}</p><p>Officials in the port city of Valdera said the inquiry would report within a
month, and that the harbour would stay closed to cargo ships until then.</p></article></body>
</html>"""
BODIES = {
    "a": "A fire broke out at the Valdera harbour on Tuesday night, killing three dock workers, "
         "the port authority said.",
    "b": "The mayor of Valdera ordered an inquiry into the harbour fire on Wednesday, after "
         "unions said safety inspections had been cancelled twice this year.",
    "c": "Insurers estimated the damage from the Valdera harbour fire at 40 million euros on "
         "Thursday, the largest claim in the port's history.",
}


@dataclass
class Route:
    """What one path answers: a list of (status, body, headers, delay) taken in turn (the last
    one repeats), with a hook that may answer a conditional request with 304."""

    answers: list[tuple[int, bytes, dict, float]]
    etag: str | None = None
    seen: int = 0

    def next(self):
        answer = self.answers[min(self.seen, len(self.answers) - 1)]
        self.seen += 1
        return answer


@dataclass
class Server:
    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    hits: Counter = field(default_factory=Counter)
    headers: list[tuple[str, dict]] = field(default_factory=list)

    def page(self, path: str, key: str, status: int = 200, delay: float = 0.0) -> str:
        body = PAGE.format(title=f"Valdera harbour: {key}", body=BODIES[key]).encode()
        self.routes[path] = Route([(status, body, {"Content-Type": "text/html"}, delay)])
        return self.base + path

    def feed(self, path: str, entries: list[tuple[str, str, str]], etag: str | None = None,
             extra: str = "") -> str:
        items = "".join(
            f"<item><title>{title}</title><link>{link}</link><guid>{guid}</guid>"
            f"<description>{BODIES.get(guid, 'A short summary of the Valdera harbour story.')}"
            f"</description></item>" for guid, title, link in entries)
        xml = (f'<?xml version="1.0"?>{extra}<rss version="2.0"><channel><title>Valdera Post'
               f"</title><link>{self.base}/</link>{items}</channel></rss>").encode()
        headers = {"Content-Type": "application/rss+xml"}
        if etag:
            headers["ETag"] = etag
        self.routes[path] = Route([(200, xml, headers, 0.0)], etag=etag)
        return self.base + path


@pytest.fixture
def server():
    state = Server()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server interface
            state.hits[self.path] += 1
            state.headers.append((self.path, dict(self.headers)))
            route = state.routes.get(self.path)
            if route is None:
                self.send_response(404)
                self.end_headers()
                return
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.end_headers()
                return
            status, body, headers, delay = route.next()
            if delay:
                time.sleep(delay)
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()


@pytest.fixture
def follower(tmp_path, nlp):
    from newsfuse.pipeline import Pipeline
    from newsfuse.watch import Follower, PoliteClient

    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    client = PoliteClient(delay=0.0, backoff=0.01, read_timeout=0.5, connect_timeout=0.5,
                          retries=1)
    f = Follower(Pipeline(store), client)
    yield f
    client.close()


def _articles(store: Store):
    return store.articles()


def test_second_poll_sends_validators_and_fetches_nothing_new(server, follower):
    links = [server.page("/a.html", "a"), server.page("/b.html", "b")]
    url = server.feed("/feed.xml", [("a", "Fire", links[0]), ("b", "Inquiry", links[1])], etag='"v1"')
    first = follower.poll(url)
    assert (first.new, first.pages, first.stand_ins) == (2, 2, 0)
    second = follower.poll(url)
    assert second.unchanged and second.new == 0
    sent = [h for path, h in server.headers if path == "/feed.xml"]
    assert sent[-1].get("If-None-Match") == '"v1"'
    assert server.hits["/a.html"] == server.hits["/b.html"] == 1
    assert len(_articles(follower.pipeline.store)) == 2


def test_a_new_entry_brings_exactly_one_page(server, follower):
    a, b = server.page("/a.html", "a"), server.page("/b.html", "b")
    url = server.feed("/feed.xml", [("a", "Fire", a)], etag='"v1"')
    follower.poll(url)
    server.feed("/feed.xml", [("b", "Inquiry", b), ("a", "Fire", a)], etag='"v2"')
    report = follower.poll(url)
    assert report.new == 1 and report.entries == 2
    assert server.hits["/a.html"] == 1 and server.hits["/b.html"] == 1
    assert len(_articles(follower.pipeline.store)) == 2


def test_a_page_answering_500_then_200_is_retried_and_stored_once(server, follower):
    link = server.page("/a.html", "a")
    ok = server.routes["/a.html"].answers[0]
    server.routes["/a.html"].answers = [(500, b"busy", {}, 0.0), ok]
    url = server.feed("/feed.xml", [("a", "Fire", link)])
    report = follower.poll(url)
    assert (report.new, report.pages) == (1, 1)
    assert server.hits["/a.html"] == 2
    follower.poll(url)
    assert len(_articles(follower.pipeline.store)) == 1


def test_a_slow_server_times_out_and_the_rest_of_the_feed_goes_on(server, follower):
    slow = server.page("/slow.html", "a", delay=2.0)
    fast = server.page("/b.html", "b")
    url = server.feed("/feed.xml", [("a", "Fire", slow), ("b", "Inquiry", fast)])
    report = follower.poll(url)
    assert (report.new, report.pages, report.stand_ins) == (2, 1, 1)
    assert any("timed out" in e.message for e in report.errors)
    rows = {r.origin: r for r in _articles(follower.pipeline.store)}
    stand_in = next(r for r in rows.values() if (r.meta or {}).get("text_from") == "feed")
    assert "Valdera harbour" in stand_in.text
    # The page is tried again on the next poll; once it answers, the stand-in is its copy.
    server.routes["/slow.html"].answers = [(200, server.routes["/slow.html"].answers[0][1],
                                            {"Content-Type": "text/html"}, 0.0)]
    follower.poll(url)
    rows = {r.id: r for r in _articles(follower.pipeline.store)}
    assert rows[stand_in.id].duplicate_kind == "feed"
    assert rows[rows[stand_in.id].duplicate_of].url == slow


def test_a_hostile_feed_is_stored_safely_or_refused(server, follower):
    """Script in a title, a huge entry, entity expansion, links to other schemes and hosts,
    a path robots.txt disallows: nothing is fetched that the user did not configure."""
    port = server.base.rsplit(":", 1)[1]
    server.routes["/robots.txt"] = Route([(200, b"User-agent: *\nDisallow: /private/\n",
                                           {"Content-Type": "text/plain"}, 0.0)])
    private = server.page("/private/a.html", "a")
    laughs = ('<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>')
    huge = "word " * 300_000
    entries = [
        ("s", "<script>alert(1)</script>Harbour fire", "file:///etc/passwd"),
        ("h", "Huge", f"http://localhost:{port}/a.html"),  # another host name: refused
        ("m", "Metadata", "http://169.254.169.254/latest/meta-data/"),
        ("p", "Private", private),
        ("e", "&d;", "gopher://example.org/"),
    ]
    url = server.feed("/feed.xml", entries, extra=laughs)
    body = server.routes["/feed.xml"].answers[0][1].replace(
        b"<guid>h</guid><description>A short summary of the Valdera harbour story.",
        f"<guid>h</guid><description>{huge}".encode())
    server.routes["/feed.xml"].answers = [(200, body, {"Content-Type": "application/rss+xml"}, 0.0)]
    report = follower.poll(url)
    assert report.error is None
    assert set(server.hits) <= {"/feed.xml", "/robots.txt"}, "fetched something it was not given"
    messages = " ".join(e.message for e in report.errors)
    assert "only http and https" in messages and "not a public address" in messages
    assert "robots.txt" in messages and "over the 1,000,000 limit" in messages
    for row in _articles(follower.pipeline.store):
        assert "<script" not in (row.title or "") and len(row.text) < 1_000_000
        assert "aaaaaaaaaa" * 100 not in row.text


def test_a_killed_watch_resumes_without_duplicates(server, tmp_path):
    links = [server.page(f"/{k}.html", k, delay=0.3) for k in BODIES]
    url = server.feed("/feed.xml", [(k, k, link) for k, link in zip(BODIES, links, strict=True)])
    db = f"sqlite:///{tmp_path / 'k.db'}"
    cli = [sys.executable, "-m", "newsfuse.cli", "--db", db, "watch", url, "--delay", "0"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen([*cli, "--every", "1s"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and sum(server.hits[f"/{k}.html"] for k in BODIES) < 2:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = subprocess.run([*cli, "--once"], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    store = Store(db)
    rows = store.articles()
    assert sorted(r.url for r in rows) == sorted(links)
    from newsfuse.store.feeds import FeedState

    assert FeedState(store).feed(url).failures == 0


def test_sigterm_stops_watch_cleanly(server, tmp_path):
    url = server.feed("/feed.xml", [("a", "Fire", server.page("/a.html", "a"))])
    db = f"sqlite:///{tmp_path / 't.db'}"
    proc = subprocess.Popen([sys.executable, "-m", "newsfuse.cli", "--db", db, "watch", url,
                             "--every", "1h", "--delay", "0"],
                            env={**os.environ, "HF_HUB_OFFLINE": "1"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not Store(db).articles():
        time.sleep(0.1)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0, proc.stderr.read()
    assert len(Store(db).articles()) == 1


def test_feeds_are_listed_added_and_removed(tmp_path):
    from typer.testing import CliRunner

    from newsfuse.cli import app

    db = ["--db", f"sqlite:///{tmp_path / 'f.db'}"]
    runner = CliRunner()
    assert runner.invoke(app, [*db, "feeds", "add", "https://news.example/rss"]).exit_code == 0
    listed = runner.invoke(app, [*db, "feeds"])
    assert "https://news.example/rss" in listed.output
    assert runner.invoke(app, [*db, "feeds", "remove", "https://news.example/rss"]).exit_code == 0
    assert runner.invoke(app, [*db, "feeds", "remove", "https://news.example/rss"]).exit_code == 1
    assert "news.example" not in runner.invoke(app, [*db, "feeds"]).output
    # With nothing to follow, watch says so and exits 2.
    assert runner.invoke(app, [*db, "watch", "--once"]).exit_code == 2
