"""Property tests, one fuzz target per reader: any input gives articles or one clear error line.

`make test` runs a bounded number of examples per target; `make fuzz` runs many more
(``NEWSFUSE_FUZZ_EXAMPLES``). A failure prints the smallest input hypothesis found.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.clean import clean
from newsfuse.ingest import InputError, read_path
from newsfuse.models import Article, RawArticle

EXAMPLES = int(os.environ.get("NEWSFUSE_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 100,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
VOCABULARY = ["the", "minister", "said", "on", "Monday", "that", "talks", "in", "Lisbon", "would",
              "resume", "after", "40", "people", "were", "killed", ",", ".", '"', "'", "©",
              "Photo:", "Reuters", "AFP", "2026", "—", "–", "…", "é", "ü", "ß", "北京", "\u200b",
              "\t", "\n"]
prose = st.lists(st.sampled_from(VOCABULARY), max_size=120).map(" ".join)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | words
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(words, inner, max_size=3), max_leaves=8)


def _read(suffix: str, data: bytes) -> list[RawArticle | InputError]:
    """Everything the reader yields for one file, each checked; clean() runs on articles."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        out = list(read_path(path))
        for item in out:
            if isinstance(item, InputError):
                _one_clear_line(item, str(path))
                continue
            assert isinstance(item, RawArticle)
            try:
                article = clean(item)
            except InputError as err:
                _one_clear_line(err, str(path))
            else:
                assert isinstance(article, Article) and article.text.strip()
                assert all(isinstance(v, str) or v is None
                           for v in (article.title, article.outlet, article.byline, article.url))
        return out


def _one_clear_line(err: InputError, path: str) -> None:
    assert err.origin.startswith(path), err.origin
    assert err.message and "\n" not in err.message and "Traceback" not in err.message
    assert "reader failed" not in err.message, err.message  # the readers' last-resort guard
    assert len(err.message) < 400


def _encodings(text: str) -> st.SearchStrategy[bytes]:
    return st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]).map(
        lambda enc: text.encode(enc, errors="replace"))


@FUZZ
@given(st.one_of(st.binary(max_size=3000), prose.flatmap(_encodings)))
def test_fuzz_text(data):
    _read(".txt", data)


tags = st.sampled_from(["p", "div", "article", "script", "style", "nav", "footer", "figcaption",
                        "a", "span", "h1", "title", "meta", "br", "table", "td", "iframe"])


@st.composite
def html_pages(draw):
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        tag = draw(tags)
        attrs = draw(st.sampled_from(["", ' class="caption"', ' href="javascript:x"',
                                      ' property="og:title" content="T"', " x=\"\x00\""]))
        parts.append(draw(st.sampled_from([f"<{tag}{attrs}>", f"</{tag}>", draw(prose),
                                           "<!--", "-->", "<![CDATA[", "&amp;", "&#0;", "&#x110000;"])))
    depth = draw(st.sampled_from([0, 0, 50, 5000]))  # deeply nested trees fail alone
    body = "<div>" * depth + " ".join(parts) + "</div>" * draw(st.integers(0, depth))
    return f"<html><head><title>{draw(words)}</title></head><body>{body}</body></html>"


@FUZZ
@given(st.one_of(html_pages().map(lambda s: s.encode("utf-8", "replace")), st.binary(max_size=2000)))
def test_fuzz_html(data):
    _read(".html", data)


@st.composite
def feeds(draw):
    items = "".join(
        f"<item><title>{draw(words)}</title><link>{draw(words)}</link>"
        f"<pubDate>{draw(st.sampled_from(['Mon, 09 Mar 2026 10:00:00 GMT', 'yesterday', '', '2026-13-45']))}"
        f"</pubDate><description>{draw(st.sampled_from([draw(prose), '<![CDATA[' + draw(prose) + ']]>', '&bogus;']))}"
        "</description></item>" for _ in range(draw(st.integers(0, 4))))
    doc = f'<?xml version="1.0"?><rss version="2.0"><channel><title>{draw(words)}</title>{items}</channel></rss>'
    cut = draw(st.integers(0, len(doc)))
    return doc if draw(st.booleans()) else doc[:cut]  # truncated feeds are common


@FUZZ
@given(st.one_of(feeds().map(lambda s: s.encode("utf-8", "replace")), st.binary(max_size=2000)))
def test_fuzz_feed(data):
    _read(".xml", data)


good_line = st.fixed_dictionaries(
    {"text": st.lists(st.sampled_from(VOCABULARY[:25]), min_size=40, max_size=120).map(" ".join)},
    optional={"id": scalars, "title": values, "outlet": values, "published": values,
              "url": values, "language": values, "byline": values, "extra": values})
bad_line = st.one_of(
    values.map(json.dumps), st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    st.just("{broken"), st.just(""), st.just("[]"),
    st.fixed_dictionaries({"text": values}).map(json.dumps))


@FUZZ
@given(st.lists(st.one_of(good_line.map(lambda d: ("good", json.dumps(d))),
                          bad_line.map(lambda s: ("bad", s))), max_size=12))
def test_fuzz_jsonl(lines):
    data = "\n".join(s.replace("\n", " ") for _, s in lines).encode("utf-8", "surrogatepass")
    out = _read(".jsonl", data)
    # A bad line never takes its neighbours with it: each good line gives an article or a
    # reasoned error for its own fields (a non-date 'published', say), never silence.
    assert len(out) >= sum(kind == "good" for kind, _ in lines)


@FUZZ
@given(st.binary(max_size=300), st.sampled_from([".txt.gz", ".jsonl.gz", ".html.gz"]))
def test_fuzz_compressed(data, suffix):
    """Bytes that are not gzip, or gzip of anything: a clear error or articles, never a crash."""
    import gzip

    _read(suffix, data)
    _read(suffix, gzip.compress(data))
