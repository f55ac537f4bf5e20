"""Bad inputs: one clear line each, the rest of the batch stored, exit status 1."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.store import Store

GOOD = ("Officials in Lisbon said on Monday that the new metro line will open in April, "
        "two years later than planned, after costs rose to more than 900 million euros.")


def test_bad_inputs_fail_alone(tmp_path, nlp, monkeypatch):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (d / "latin1.txt").write_bytes("Caf\xe9 owners in Lisbon protested on Monday.".encode("latin-1"))
    (d / "noarticle.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    (d / "lines.jsonl").write_text(
        json.dumps({"text": GOOD.replace("Lisbon", "Porto")}) + "\n{broken\n", encoding="utf-8")
    big = d / "huge.html"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    with big.open("r+b") as fh:
        fh.write(b"<html><body><p>")
    (d / "boilerplate.txt").write_text("© 2026 Some Outlet. All rights reserved.\n", encoding="utf-8")

    url = f"sqlite:///{tmp_path / 'x.db'}"
    res = CliRunner().invoke(app, ["--db", url, "ingest", str(d)])
    assert res.exit_code == 1
    lines = [ln for ln in res.output.splitlines() if ln.startswith("error")]
    by_file = {name: [ln for ln in lines if name in ln] for name in
               ("empty.txt", "binary.txt", "latin1.txt", "noarticle.html", "lines.jsonl:2",
                "huge.html", "boilerplate.txt")}
    for name, hits in by_file.items():
        assert len(hits) == 1, (name, lines)
    assert "empty" in by_file["empty.txt"][0]
    assert "binary" in by_file["binary.txt"][0]
    assert "UTF-8" in by_file["latin1.txt"][0]
    assert "no article text" in by_file["noarticle.html"][0] or "empty article" in by_file["noarticle.html"][0]
    assert "malformed JSON" in by_file["lines.jsonl:2"][0]
    assert "MB limit" in by_file["huge.html"][0]
    assert len(lines) == 7
    assert Store(url).counts()["articles"] == 2  # good.txt and the good JSONL line

    # A re-run reports the same failures and adds nothing.
    res = CliRunner().invoke(app, ["--db", url, "ingest", str(d)])
    assert res.exit_code == 1
    assert "0 added, 2 already stored" in res.output


def test_duplicate_in_one_batch_is_kept_once(tmp_path, nlp):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(GOOD, encoding="utf-8")
    (d / "b.txt").write_text(GOOD + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'x.db'}"
    res = CliRunner().invoke(app, ["--db", url, "ingest", str(d)])
    assert res.exit_code == 0
    assert "same text as" in res.output
    assert Store(url).counts()["articles"] == 1


def test_near_duplicate_is_linked_not_dropped(tmp_path, nlp):
    base = " ".join([GOOD] * 3) + " The mayor said the delay was caused by flooding in tunnels."
    copy = base.replace("The mayor said", "Lisbon's mayor said")
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.jsonl").write_text(json.dumps({"id": "orig", "text": base, "outlet": "Wire"}) + "\n" +
                               json.dumps({"id": "copy", "text": copy, "outlet": "Reprint"}) + "\n")
    url = f"sqlite:///{tmp_path / 'x.db'}"
    assert CliRunner().invoke(app, ["--db", url, "ingest", str(d)]).exit_code == 0
    rows = {r.source_id: r for r in Store(url).articles()}
    assert rows["copy"].duplicate_of == rows["orig"].id
    assert rows["copy"].story_id == rows["orig"].story_id
