"""Limits on input sizes: each fails its input alone, quickly, and says which limit it hit."""

from __future__ import annotations

import gzip
import json

from newsfuse.ingest import InputError, read_all
from newsfuse.models import RawArticle

TEXT = ("Officials in Lisbon said on Monday that the new metro line will open in April, two "
        "years later than planned, after costs rose to more than 900 million euros.")


def test_overlong_jsonl_line_fails_alone(tmp_path, monkeypatch):
    monkeypatch.setattr("newsfuse.ingest.jsonl.MAX_LINE_BYTES", 1000)
    src = tmp_path / "dump.jsonl"
    src.write_text("\n".join([json.dumps({"text": TEXT}), json.dumps({"text": "x " * 5000}),
                              json.dumps({"text": TEXT.replace("Lisbon", "Porto")})]) + "\n")
    out = list(read_all([src]))
    assert [type(x) for x in out] == [RawArticle, InputError, RawArticle]
    assert out[1].origin.endswith(":2") and "line limit" in out[1].message


def test_gzip_jsonl_is_read_and_a_bomb_stops_at_the_limit(tmp_path, monkeypatch):
    src = tmp_path / "dump.jsonl.gz"
    src.write_bytes(gzip.compress((json.dumps({"text": TEXT}) + "\n").encode()))
    [raw] = list(read_all([src]))
    assert isinstance(raw, RawArticle) and "Lisbon" in raw.text

    monkeypatch.setattr("newsfuse.ingest.decode.MAX_FILE_BYTES", 10_000)
    bomb = tmp_path / "page.html.gz"
    bomb.write_bytes(gzip.compress(b"<html><body>" + b" " * 50_000_000 + b"</body></html>"))
    assert bomb.stat().st_size < 100_000  # tiny on disk, 50 MB inflated
    [err] = list(read_all([bomb]))
    assert isinstance(err, InputError) and "decompresses to over" in err.message


def test_corrupt_gzip_keeps_the_lines_before(tmp_path):
    data = gzip.compress("".join(json.dumps({"text": f"{TEXT} {i}"}) + "\n" for i in range(200)).encode())
    src = tmp_path / "cut.jsonl.gz"
    src.write_bytes(data[: len(data) // 2])
    out = list(read_all([src]))
    assert isinstance(out[-1], InputError) and "corrupt" in out[-1].message
    assert all(isinstance(x, RawArticle) for x in out[:-1]) and len(out) > 1


def test_deeply_nested_html_fails_alone(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 20000 + f"<p>{TEXT}</p>" + "</div>" * 20000)
    out = list(read_all([page]))
    assert len(out) == 1  # an article or one error, without a recursion crash
    if isinstance(out[0], InputError):
        assert "reader failed" not in out[0].message
