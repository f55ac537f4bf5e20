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
