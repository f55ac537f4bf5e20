"""Small, exact checks of the pieces fusion depends on."""

from __future__ import annotations

from datetime import date

from newsfuse.extract.dates import resolve
from newsfuse.extract.figures import parse_value
from newsfuse.extract.quotes import quote_spans
from newsfuse.fuse import figures_agree
from newsfuse.fuse.align import constrained_groups
from newsfuse.models import FigureRecord


def test_quote_spans_all_styles():
    text = 'He said “one two three” and «quatre cinq» then "six seven" but it\'s fine.\n"open'
    spans = [text[s:e] for s, e in quote_spans(text)]
    assert spans == ["one two three", "quatre cinq", "six seven"]


def test_parse_value():
    assert parse_value("more than 60") == 60
    assert parse_value("a dozen") == 12
    assert parse_value("1,200") == 1200
    assert parse_value("4 million") == 4_000_000
    assert parse_value("fourteen") == 14


def test_date_resolution():
    pub = date(2025, 11, 5)  # a Wednesday
    assert resolve("Sunday", pub) == ("2025-11-02", "day")
    assert resolve("last week", pub) == ("2025-10-27", "week")
    assert resolve("this month", pub) == ("2025-11-01", "month")
    assert resolve("May", pub) == ("2025-05-01", "month")
    assert resolve("December", pub) == ("2024-12-01", "month")
    assert resolve("Sunday", None) == (None, None)
    assert resolve("March 3, 2024", None) == ("2024-03-03", "day")


def _fig(v, q=None):
    return FigureRecord(value=v, qualifier=q, unit="people", text="", start=0, end=0)


def test_figure_intervals():
    assert figures_agree(_fig(14, "up to"), _fig(14, "as many as"))
    assert figures_agree(_fig(60, "more than"), _fig(70))
    assert not figures_agree(_fig(12, "at least"), _fig(9))
    assert not figures_agree(_fig(30), _fig(40))


def test_constrained_groups_one_item_per_article():
    import numpy as np

    articles = ["a", "a", "b"]
    scores = np.array([[0, 1.0, 0.9], [1.0, 0, 0.8], [0.9, 0.8, 0]])
    groups = constrained_groups(articles, scores, 0.5)
    assert sorted(map(sorted, groups)) == [[0, 2], [1]]


def test_constrained_groups_do_not_chain():
    """A says X, B says X and Y, C says Y: average linkage keeps A and C apart."""
    import numpy as np

    scores = np.array([[0, 0.95, 0.0], [0.95, 0, 0.9], [0.0, 0.9, 0]])
    groups = constrained_groups(["a", "b", "c"], scores, 0.6)
    assert sorted(map(sorted, groups)) == [[0, 1], [2]]


def test_actors_and_quote_speaker(nlp):
    from newsfuse.extract.actors import resolve_actors
    from newsfuse.extract.quotes import extract_quotes

    doc = nlp('Brazil\'s foreign minister Ana Lima met officials from the White House on Monday. '
              '"We want a fair deal for our farmers," she told reporters in Brasília.')
    index = resolve_actors(doc, nlp)
    actors = {a.id: a for a in index.actors.values()}
    lima = next(a for a in actors.values() if a.kind == "person")
    assert lima.name == "Ana Lima" and lima.country == "BRA" and lima.role == "foreign minister"
    assert "state:USA:GOV" in actors
    quotes = [q for q in extract_quotes(doc, index) if q.direct]
    assert quotes[0].content == "We want a fair deal for our farmers,"
    assert quotes[0].speaker_actor == lima.id


def test_people_gazetteer_uses_the_publication_date(nlp):
    from datetime import date

    from newsfuse.extract.actors import resolve_actors

    doc = nlp("Trump spoke to supporters in Ohio, and Putin answered from Moscow.")
    then = {a.name: a for a in resolve_actors(doc, nlp, date(2016, 9, 1)).actors.values()}
    now = {a.name: a for a in resolve_actors(doc, nlp, date(2025, 6, 1)).actors.values()}
    assert then["Donald Trump"].country == "USA" and then["Donald Trump"].role is None
    assert now["Donald Trump"].role == "president"
    assert now["Vladimir Putin"].country == "RUS"


def test_organisations_get_sector_country_and_short_forms(nlp):
    from newsfuse.extract.actors import resolve_actors

    doc = nlp("Officials at Russia's Defence Ministry spoke to The Washington Post on Friday. "
              "The Post said NATO had not replied.")
    actors = list(resolve_actors(doc, nlp).actors.values())
    ministry = next(a for a in actors if "Ministry" in a.name)
    assert ministry.country == "RUS" and ministry.sector == "MIL"
    posts = [a for a in actors if "Post" in a.name]
    assert len(posts) == 1 and posts[0].channel and len(posts[0].mentions) == 2
    assert any(a.id == "igo:NATO" and a.sector == "IGO" for a in actors)


def test_figures_keep_qualifier_and_what_is_counted(nlp):
    from newsfuse.extract.figures import extract_figures

    doc = nlp("Since June, more than 40 people have been killed in up to 9 raids, and as many as "
              "150 families fled; at least a dozen trucks were seized.")
    got = {(f.value, f.qualifier, f.unit) for f in extract_figures(doc)}
    assert (40, "more than", "people killed") in got
    assert (9, "up to", "raids") in got
    assert (150, "as many as", "families") in got
    assert (12, "at least", "trucks") in got


def test_dates_in_text_resolve_against_publication(nlp):
    from datetime import datetime

    from newsfuse.extract.dates import extract_dates

    doc = nlp("On Sunday the council met. Since September the road has been closed.")
    got = {d.text.lower(): d.value for d in extract_dates(doc, datetime(2025, 11, 5))}
    assert got["sunday"] == "2025-11-02"
    assert got["september"] == "2025-09-01"
    assert {d.value for d in extract_dates(doc, None)} == {None}


def test_surname_and_full_name_are_one_person():
    from newsfuse import actor_ids

    assert actor_ids.same_person("okafor", "person:daniel-okafor")
    assert actor_ids.same_person("person:okafor", "person:daniel-okafor")
    assert not actor_ids.same_person("person:ana-lima", "person:daniel-okafor")
    assert not actor_ids.same_person("person:kafor", "person:daniel-okafor")
    assert not actor_ids.same_person("org:tass", "okafor")
    assert not actor_ids.same_person(None, "person:daniel-okafor")


def test_actor_ids_round_trip():
    from newsfuse import actor_ids

    assert actor_ids.person("Nicolás Maduro") == "person:nicolas-maduro"
    assert actor_ids.surname(actor_ids.person("Nicolás Maduro")) == "maduro"
    assert actor_ids.parse(actor_ids.state("RUS", "GOV")) == actor_ids.ActorId("state", "RUS", "GOV")
    assert actor_ids.parse(actor_ids.organisation("Foreign Ministry", "RUS")).key == \
        "RUS:foreign-ministry"
    # A place is not a person: its last word is no surname.
    assert actor_ids.surname(actor_ids.place("Gaza Strip")) == "gaza-strip"


def test_demonym_shared_by_several_states_names_the_most_populous(nlp):
    """"American" is also the demonym of American Samoa and the Northern Mariana Islands, and
    "Dominican" of Dominica: news means the United States and the Dominican Republic."""
    from newsfuse.extract.actors import resolve_actors
    from newsfuse.extract.gazetteer import gazetteer

    gz = gazetteer()
    assert gz.state("American").code == "USA"
    assert gz.state("Dominican").code == "DOM"
    assert gz.state("Congolese").code == "COD"
    doc = nlp("Kim reached a deal with the American president.")
    codes = {a.code for a in resolve_actors(doc, nlp).actors.values() if a.kind == "state"}
    assert codes == {"USA"}


def test_a_noun_phrase_the_parser_splits_is_one_participant():
    """The parser makes "A magnitude" and "6.8 earthquake" two subjects of "struck"; a reader
    sees one agent."""
    from newsfuse.extract.articles import extract_articles
    from newsfuse.models import Article

    text = "A magnitude 6.8 earthquake struck southern Chile on Sunday, killing at least 12 people."
    [ex] = extract_articles([Article(id="t", text=text, origin="test")])
    agents = {c.agent.name for c in ex.claims if c.agent is not None}
    assert "A magnitude 6.8 earthquake" in agents and "A magnitude" not in agents


def test_a_count_the_tagger_calls_a_verb_keeps_its_noun(nlp):
    """The small model tags "passes" in "caught 39 passes" a verb but parses it as the object."""
    from newsfuse.extract.figures import extract_figures

    doc = nlp("He had 793 yards on 147 carries and caught 39 passes for 302 yards.")
    got = {f.text: f.unit for f in extract_figures(doc)}
    assert got["39"] == "passes" and got["147"] == "carries"


def test_a_quantity_names_what_it_counts_once():
    from newsfuse.report import claim_line

    claim = {"participants": {}, "qualifiers": {"quantities": [
        {"text": "up to 400 million dollars", "unit": "dollars"},
        {"text": "Nine", "unit": "people killed"},
        {"text": "12", "unit": None}]}}
    assert claim_line(claim) == "up to 400 million dollars · Nine people killed · 12"
