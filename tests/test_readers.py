"""Each reader on small inputs written here: title, metadata, boilerplate and outlet rules."""

from __future__ import annotations

import json
from pathlib import Path

from newsfuse.clean import clean
from newsfuse.ingest import InputError, read_all

BODY = ("The city council voted on Tuesday to close the old bridge for repairs. "
        "Engineers said the work would take at least six months and cost 4 million euros.")


def _read(*paths: Path):
    items = list(read_all(list(paths)))
    return [i for i in items if not isinstance(i, InputError)], [
        i for i in items if isinstance(i, InputError)]


def test_text_title_caption_and_footer(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Bridge to close for repairs\n\nThe old bridge at dawn Photo by Jane Roe/Reuters\n\n"
                 f"{BODY}\n\n© 2026 River Gazette. All rights reserved.\n", encoding="utf-8")
    raws, errors = _read(f)
    assert not errors
    art = clean(raws[0])
    assert art.title == "Bridge to close for repairs"
    assert art.text == BODY
    assert art.outlet == "River Gazette"
    assert art.language == "en"


def test_text_without_title_keeps_first_sentence(tmp_path):
    f = tmp_path / "b.txt"
    f.write_text(BODY + "\n", encoding="utf-8")
    art = clean(_read(f)[0][0])
    assert art.title is None
    assert art.text.startswith("The city council voted")


def test_sidecar_metadata(tmp_path):
    f = tmp_path / "c.txt"
    f.write_text(BODY, encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps({"outlet": "Side Car", "published": "2026-01-02"}))
    art = clean(_read(f)[0][0])
    assert art.outlet == "Side Car" and art.published.year == 2026


def test_html_metadata_and_no_navigation(tmp_path):
    f = tmp_path / "p.html"
    f.write_text(
        "<html><head><title>Bridge closes</title><meta property='og:site_name' content='River Gazette'>"
        "<meta name='author' content='Ann Lee'><meta property='article:published_time' "
        "content='2026-02-03'></head><body><nav>Home | Sport | Weather</nav><article>"
        f"<h1>Bridge closes</h1><p>{BODY}</p><p>Residents were told to use the ferry instead.</p>"
        "</article><footer>Copyright 2026 River Gazette</footer></body></html>", encoding="utf-8")
    raws, errors = _read(f)
    assert not errors
    art = clean(raws[0])
    assert art.title == "Bridge closes"
    assert art.outlet == "River Gazette"
    assert art.byline == "Ann Lee"
    assert art.published.isoformat().startswith("2026-02-03")
    assert "Home | Sport" not in art.text and "ferry" in art.text


def test_rss_and_atom(tmp_path):
    rss = tmp_path / "f.rss"
    rss.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>River Gazette</title>"
        "<item><title>Bridge closes</title><link>https://river.example/a</link>"
        f"<pubDate>Tue, 03 Feb 2026 10:00:00 GMT</pubDate><description>&lt;p&gt;{BODY}&lt;/p&gt;"
        "</description></item><item><title>Empty</title></item></channel></rss>", encoding="utf-8")
    atom = tmp_path / "g.atom"
    atom.write_text(
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        "<title>Valley News</title><entry><title>Ferry resumes</title>"
        "<link href='https://valley.example/b'/><updated>2026-02-04T09:00:00Z</updated>"
        "<content type='html'>&lt;p&gt;The ferry resumed service on Wednesday after the bridge "
        "closed, carrying more than 2,000 passengers on its first day.&lt;/p&gt;</content></entry></feed>",
        encoding="utf-8")
    raws, errors = _read(rss, atom)
    assert [r.title for r in raws] == ["Bridge closes", "Ferry resumes"]
    assert raws[0].outlet == "River Gazette" and raws[1].outlet == "Valley News"
    assert raws[0].published.day == 3 and raws[1].url == "https://valley.example/b"
    assert len(errors) == 1 and "entry2" in errors[0].origin


def test_jsonl_fields_and_bad_lines(tmp_path):
    f = tmp_path / "d.jsonl"
    lines = [
        json.dumps({"id": "x1", "text": BODY, "outlet": "Wire", "published": "2026-02-01",
                    "title": "T", "language": "en", "section": "local"}),
        "{not json",
        json.dumps({"id": "x2", "title": "no body"}),
        json.dumps({"id": "x3", "html": f"<html><body><article><p>{BODY}</p><p>More text follows "
                    "here about the ferry timetable.</p></article></body></html>"}),
        json.dumps({"id": "x4", "text": BODY, "published": "last tuesday"}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raws, errors = _read(f)
    assert [r.source_id for r in raws] == ["x1", "x3"]
    assert raws[0].meta == {"section": "local"} and raws[0].outlet == "Wire"
    assert [e.origin for e in errors] == [f"{f}:2", f"{f}:3", f"{f}:5"]
    assert "malformed JSON" in errors[0].message
    assert "'text' or 'html'" in errors[1].message
    assert "ISO 8601" in errors[2].message


def test_folders_recurse_and_unknown_types_are_reported(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    raws, errors = _read(tmp_path, tmp_path / "notes.docx", tmp_path / "missing.txt")
    assert len(raws) == 1
    assert any("unsupported file type" in e.message for e in errors)
    assert any("no such file" in e.message for e in errors)


def _jsonl_lines(n: int) -> list[str]:
    lines = []
    for i in range(n):
        if i % 7 == 3:
            lines.append("{not json")  # a bad line: its error must name its line in the file
        else:
            lines.append(json.dumps({"id": f"a{i}", "text": f"{BODY} Line {i}.", "outlet": "W"}))
    return lines


def test_a_large_jsonl_file_is_read_in_shards_as_if_whole(tmp_path, monkeypatch):
    """Cut at line starts: every line in exactly one shard, in order, errors naming the line
    of the file as a whole read names it; an overlong line a cut falls in stays whole."""
    from newsfuse.ingest import shards as sharding

    f = tmp_path / "big.jsonl"
    lines = _jsonl_lines(60)
    lines[20] = json.dumps({"id": "long", "text": BODY * 40})
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = list(read_all([f]))
    monkeypatch.setattr(sharding, "SHARD_BYTES", 1000)
    parts = list(sharding.shards([f]))
    assert len(parts) > 5 and all(p.part is not None for p in parts)
    assert [p.part for p in parts[1:]] == [p.stop for p in parts[:-1]]  # no gap, no overlap
    read = [item for p in parts for item in sharding.read_shard(p)]
    assert [(type(i).__name__, i.origin, getattr(i, "source_id", None)) for i in read] == \
        [(type(i).__name__, i.origin, getattr(i, "source_id", None)) for i in whole]
    assert sum(isinstance(i, InputError) for i in read) == 9


def test_parquet_rows_and_row_groups(tmp_path):
    """A Parquet table reads as its JSONL lines would, whole or a row group a shard; a row
    without text fails alone, named by its row."""
    from datetime import datetime

    import pyarrow as pa
    import pyarrow.parquet as pq

    from newsfuse.ingest.shards import read_shard, shards

    rows = [{"id": f"p{i}", "text": f"{BODY} Row {i}." if i != 4 else None, "outlet": "Wire",
             "published": datetime(2026, 2, 1 + i), "section": "local"} for i in range(10)]
    f = tmp_path / "t.parquet"
    pq.write_table(pa.Table.from_pylist(rows), f, row_group_size=3)
    raws, errors = _read(f)
    assert [r.source_id for r in raws] == [f"p{i}" for i in range(10) if i != 4]
    assert raws[1].published.day == 2 and raws[1].meta == {"section": "local"}
    assert [e.origin for e in errors] == [f"{f}:5"] and "'text' or 'html'" in errors[0].message
    parts = list(shards([f]))
    assert [p.part for p in parts] == [0, 1, 2, 3]
    read = [item for p in parts for item in read_shard(p)]
    assert [i.origin for i in read] == [i.origin for i in read_all([f])]
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    [err] = [i for p in shards([broken]) for i in read_shard(p)]
    assert isinstance(err, InputError) and "Parquet" in err.message
