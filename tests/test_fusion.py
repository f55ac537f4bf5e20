"""Fusion: labels, conflicts and alignment.

The first tests build claims by hand, so each checks one rule of fusion without the parser or
the embedder (the pair model is the shipped one); the last ones run stories the team wrote, each
with a trap, through the whole pipeline.
"""

from __future__ import annotations

import numpy as np
import pytest

from newsfuse.extract.actions import action_key, verb_of
from newsfuse.fuse import ArticleView, fuse_story
from newsfuse.models import (
    ClaimRecord,
    DateRecord,
    EventParty,
    EventRecord,
    Extraction,
    FigureRecord,
)

DIM = 384


def _vec(axis: int = 0) -> np.ndarray:
    v = np.zeros(DIM, dtype=np.float32)
    v[axis] = 1.0
    return v


def _claim(text: str, clause: str, happening: str | None, agent=None, patient=None,
           factuality: str = "asserted", unit: int = 0) -> ClaimRecord:
    s = text.index(clause)
    return ClaimRecord(start=s, end=s + len(clause), unit=unit, happening=happening,
                       predicate=[s, s + 1], content=[s, s + len(clause)],
                       agent=_party(*agent) if agent else None,
                       patient=_party(*patient) if patient else None, factuality=factuality)


def _party(name: str, code: str) -> EventParty:
    return EventParty(name, code, actor=f"state:{code}")


def _view(aid: str, text: str, claims: list[ClaimRecord], vectors=None, events=(), figures=(),
          dates=(), outlet: str | None = None, duplicate_of: str | None = None) -> ArticleView:
    """An article whose units are the given claims' clauses; alike vectors unless given, so
    that alignment comes from the rule under test."""
    units = [[c.start, c.end] for c in claims]
    for k, c in enumerate(claims):
        c.unit = k
    vecs = np.vstack(vectors if vectors is not None else [_vec() for _ in claims])
    ex = Extraction(units=units, claims=claims, events=list(events), figures=list(figures),
                    dates=list(dates))
    return ArticleView(id=aid, source_id=aid, outlet=outlet or f"outlet {aid}", text=text,
                       extraction=ex, unit_vectors=vecs, duplicate_of=duplicate_of)


def _event(text: str, phrase: str, kind: str, source: tuple[str, str], target: tuple[str, str],
           objects: list[str]) -> EventRecord:
    s = text.index(phrase)
    return EventRecord(type=kind, cameo=None, source=_party(*source), target=_party(*target),
                       start=s, end=s + len(phrase), verb=phrase.split()[1], objects=objects,
                       sentence=[s, s + len(phrase)])


def test_event_nouns_are_keyed_by_their_verb():
    assert verb_of("shooting") == "shoot"
    assert verb_of("evacuation") == "evacuate"
    assert verb_of("arrival") == "arrive"
    assert action_key("explosion", "NOUN") == "explode"
    assert action_key("say", "VERB") is None  # reporting verbs name no happening
    assert action_key("table", "ADJ") is None


def test_one_happening_in_two_articles_is_corroborated_once():
    ta, tb = "Fire crews evacuated the port.", "The port was evacuated on Monday."
    a = _view("a", ta, [_claim(ta, ta, "evacuate")])
    b = _view("b", tb, [_claim(tb, tb, "evacuate")])
    [fact] = fuse_story("s", [a, b])
    assert fact.label == "corroborated" and fact.outlets == 2 and fact.articles == 2
    for s in fact.sources:
        assert (ta if s.article_id == "a" else tb)[s.start:s.end] == s.text
        assert s.claim["happening"] == "evacuate"


def test_a_copy_does_not_corroborate():
    text = "The port was evacuated on Monday."
    a = _view("a", text, [_claim(text, text, "evacuate")])
    copy = _view("c", text + " Credit: wire.", [_claim(text, text, "evacuate")], duplicate_of="a")
    facts = fuse_story("s", [a, copy])
    assert facts and {f.label for f in facts} == {"single_source"}


def test_two_articles_of_one_outlet_are_one_source():
    ta, tb = "Fire crews evacuated the port.", "The port was evacuated on Monday."
    a = _view("a", ta, [_claim(ta, ta, "evacuate")], outlet="Harbour Times")
    b = _view("b", tb, [_claim(tb, tb, "evacuate")], outlet="Harbour Times")
    [fact] = fuse_story("s", [a, b])
    assert fact.label == "single_source" and fact.outlets == 1 and fact.articles == 2


def test_one_verb_for_two_happenings_is_split_by_meaning():
    ta, tb = "Troops withdrew from the border.", "The minister withdrew the bill."
    a = _view("a", ta, [_claim(ta, ta, "withdraw")], vectors=[_vec(0)])
    b = _view("b", tb, [_claim(tb, tb, "withdraw")], vectors=[_vec(1)])  # nothing else shared
    assert {f.label for f in fuse_story("s", [a, b])} == {"single_source"}


def test_doubt_never_corroborates_an_assertion():
    ta = "Russia accepted the proposals."
    tb = "It remains unclear whether Russia accepted the proposals."
    a = _view("a", ta, [_claim(ta, ta, "accept", agent=("Russia", "RUS"))])
    b = _view("b", tb, [_claim(tb, tb, "accept", agent=("Russia", "RUS"), factuality="uncertain")])
    facts = fuse_story("s", [a, b])
    assert len(facts) == 2 and {f.label for f in facts} == {"single_source"}
    assert {f.factuality for f in facts} == {"asserted", "uncertain"}


def test_who_was_asked_is_a_conflict_on_the_target():
    ta = "Venezuela asked Russia for drones and radars."
    tb = "Venezuela asked China for drones."
    a = _view("a", ta, [_claim(ta, ta, "ask", ("Venezuela", "VEN"), ("Russia", "RUS"))],
              events=[_event(ta, "Venezuela asked Russia", "REQUEST", ("Venezuela", "VEN"),
                             ("Russia", "RUS"), ["drones and radars", "drones"])])
    b = _view("b", tb, [_claim(tb, tb, "ask", ("Venezuela", "VEN"), ("China", "CHN"))],
              events=[_event(tb, "Venezuela asked China", "REQUEST", ("Venezuela", "VEN"),
                             ("China", "CHN"), ["drones"])])
    [fact] = fuse_story("s", [a, b])
    assert fact.label == "conflicting" and fact.kind == "event"
    assert fact.conflict["field"] == "target"
    assert {v["code"]: v["article_ids"] for v in fact.conflict["values"]} == {"RUS": ["a"],
                                                                              "CHN": ["b"]}


def test_who_acted_is_a_conflict_on_the_source():
    ta = "Russia sent drones to Venezuela."
    tb = "Iran sent drones to Venezuela."
    a = _view("a", ta, [_claim(ta, ta, "send", ("Russia", "RUS"), ("Venezuela", "VEN"))],
              events=[_event(ta, "Russia sent drones", "AID", ("Russia", "RUS"),
                             ("Venezuela", "VEN"), ["drones"])])
    b = _view("b", tb, [_claim(tb, tb, "send", ("Iran", "IRN"), ("Venezuela", "VEN"))],
              events=[_event(tb, "Iran sent drones", "AID", ("Iran", "IRN"),
                             ("Venezuela", "VEN"), ["drones"])])
    [fact] = fuse_story("s", [a, b])
    assert fact.label == "conflicting" and fact.conflict["field"] == "source"
    assert "Russia / Iran" in fact.summary


def test_the_same_happening_on_another_day_is_a_conflict_on_the_time():
    ta, tb = "Rebels seized the airport on Monday.", "Rebels seized the airport on Friday."
    da = DateRecord(text="on Monday", value="2026-03-02", start=ta.index("on Monday"),
                    end=len(ta) - 1, granularity="day")
    db = DateRecord(text="on Friday", value="2026-03-06", start=tb.index("on Friday"),
                    end=len(tb) - 1, granularity="day")
    a = _view("a", ta, [_claim(ta, ta, "seize", ("Rebels", "REB"), ("Kindu", "COD"))], dates=[da])
    b = _view("b", tb, [_claim(tb, tb, "seize", ("Rebels", "REB"), ("Kindu", "COD"))], dates=[db])
    [fact] = fuse_story("s", [a, b])
    assert fact.label == "conflicting" and fact.conflict["field"] == "time"


def test_the_day_of_the_saying_is_not_the_day_of_the_happening():
    """Two announcements of one restoration, a week apart: the days are when each was said."""
    ta = "Seacom announced on Monday that it had restored service to all customers."
    tb = "Seacom announced on Friday that it had restored service to all customers."
    views = []
    for aid, text, day, value in (("a", ta, "on Monday", "2026-03-02"),
                                  ("b", tb, "on Friday", "2026-03-06")):
        c = _claim(text, text, "restore", ("Seacom", "ZAF"))
        c.attribution = _party("Seacom", "ZAF")
        c.content = [text.index("it had"), len(text) - 1]
        d = DateRecord(text=day, value=value, start=text.index(day), end=text.index(day) + len(day),
                       granularity="day")
        views.append(_view(aid, text, [c], dates=[d]))
    [fact] = fuse_story("s", views)
    assert fact.label == "corroborated"


def test_a_default_target_disputes_nothing():
    """An act on no named party is coded at the source's own country; that default is the
    coder's convention, not a claim, so it never conflicts with a named target."""
    ta = "Venezuela asked Russia for drones."
    tb = "Venezuela asked for drones."
    a = _view("a", ta, [_claim(ta, ta, "ask", ("Venezuela", "VEN"), ("Russia", "RUS"))],
              events=[_event(ta, "Venezuela asked Russia", "REQUEST", ("Venezuela", "VEN"),
                             ("Russia", "RUS"), ["drones"])])
    ev = _event(tb, "Venezuela asked for", "REQUEST", ("Venezuela", "VEN"), ("Venezuela", "VEN"),
                ["drones"])
    ev.target = EventParty(name=None, code="VEN", actor=None)
    b = _view("b", tb, [_claim(tb, tb, "ask", ("Venezuela", "VEN"))], events=[ev])
    [fact] = fuse_story("s", [a, b])
    assert fact.label == "corroborated" and fact.conflict is None


def test_events_differing_in_both_parties_are_two_facts():
    ta = "Russia sent drones to Venezuela."
    tb = "Iran sent drones to Cuba."
    a = _view("a", ta, [_claim(ta, ta, "send", ("Russia", "RUS"), ("Venezuela", "VEN"))],
              events=[_event(ta, "Russia sent drones", "AID", ("Russia", "RUS"),
                             ("Venezuela", "VEN"), ["drones"])])
    b = _view("b", tb, [_claim(tb, tb, "send", ("Iran", "IRN"), ("Cuba", "CUB"))],
              events=[_event(tb, "Iran sent drones", "AID", ("Iran", "IRN"),
                             ("Cuba", "CUB"), ["drones"])])
    facts = fuse_story("s", [a, b])
    assert len(facts) == 2 and {f.label for f in facts} == {"single_source"}


@pytest.mark.parametrize(("va", "qa", "vb", "qb", "unit_b", "label"), [
    (60, "more than", 62, None, "people", "corroborated"),
    (14, "up to", 12, None, "people", "corroborated"),
    (150, "more than", 200, "about", "people", "corroborated"),
    (60, "more than", 40, None, "people", "conflicting"),
    (60, "more than", 40, None, "vessels", "corroborated"),  # two counts, not a conflict
])
def test_figures_conflict_only_on_one_count(va, qa, vb, qb, unit_b, label):
    ta, tb = f"Strikes killed {va} people.", f"Strikes killed {vb} {unit_b}."
    fa = FigureRecord(value=va, qualifier=qa, unit="people", text=str(va), start=15,
                      end=15 + len(str(va)), sentence=[0, len(ta)])
    fb = FigureRecord(value=vb, qualifier=qb, unit=unit_b, text=str(vb), start=15,
                      end=15 + len(str(vb)), sentence=[0, len(tb)])
    ca, cb = _claim(ta, ta, "kill"), _claim(tb, tb, "kill")
    ca.agent = cb.agent = EventParty("Strikes", None)
    ca.patient = EventParty(f"{va} people", None)  # what was counted is what was done to
    cb.patient = EventParty(f"{vb} {unit_b}", None)
    a = _view("a", ta, [ca], figures=[fa])
    b = _view("b", tb, [cb], figures=[fb])
    [fact] = fuse_story("s", [a, b])
    assert fact.label == label
    if label == "conflicting":
        assert fact.conflict["field"] == "value"
    quantities = [s.claim["qualifiers"]["quantities"][0]["value"] for s in fact.sources]
    assert sorted(quantities) == sorted([va, vb])


def _count(text: str, value: float, unit: str, words: str) -> FigureRecord:
    s = text.index(words)
    return FigureRecord(value=value, qualifier=None, unit=unit, text=words, start=s,
                        end=s + len(words), sentence=[0, len(text)])


def test_an_article_counting_one_thing_twice_disputes_nothing():
    """An article giving two tolls for one predicate counts two happenings (this quake's dead
    and an earlier one's); neither count can dispute another article's."""
    ta = "The quake killed 40 people. A 2005 quake killed 500 people."
    tb = "The earthquake killed 612 people."
    first, second = "The quake killed 40 people.", "A 2005 quake killed 500 people."
    ca1, ca2 = _claim(ta, first, "kill", unit=0), _claim(ta, second, "kill", unit=1)
    cb = _claim(tb, tb, "kill")
    for c, what in ((ca1, "40 people"), (ca2, "500 people"), (cb, "612 people")):
        c.agent, c.patient = EventParty("quake", None), EventParty(what, None)
    a = _view("a", ta, [ca1, ca2], figures=[_count(ta, 40, "people", "40"),
                                            _count(ta, 500, "people", "500")])
    b = _view("b", tb, [cb], figures=[_count(tb, 612, "people", "612")])
    assert not [f for f in fuse_story("s", [a, b]) if f.label == "conflicting"]


@pytest.mark.parametrize(("patient_b", "label"), [
    ("one chance to tie the score", "conflicting"),
    ("one final chance to win the game", "single_source"),  # another chance: two facts
])
def test_counts_of_different_things_dispute_nothing(patient_b, label):
    ta, tb = "The Jaguars had two chances to tie the score.", f"The Jaguars had {patient_b}."
    ca, cb = _claim(ta, ta, "chance"), _claim(tb, tb, "chance")
    ca.agent = cb.agent = _party("Jaguars", "USA")
    ca.patient = EventParty("two chances to tie the score", None)
    cb.patient = EventParty(patient_b, None)
    a = _view("a", ta, [ca], figures=[_count(ta, 2, "chances", "two")])
    b = _view("b", tb, [cb], figures=[_count(tb, 1, "chance", "one")])
    facts = fuse_story("s", [a, b])
    assert {f.label for f in facts} == {label}


def test_a_converted_amount_disputes_nothing():
    """"110 billion euros ($143 billion)" and "($158 billion)": two outlets' exchange rates."""
    ta, tb = "Greece agreed a 110 billion euros ($143 billion) bailout.", \
        "Greece agreed a 110 billion euros ($158 billion) bailout."
    ca, cb = _claim(ta, ta, "agree"), _claim(tb, tb, "agree")
    a = _view("a", ta, [ca], figures=[_count(ta, 110e9, "euros", "110 billion euros"),
                                      _count(ta, 143e9, "bailout", "$143 billion")])
    b = _view("b", tb, [cb], figures=[_count(tb, 110e9, "euros", "110 billion euros"),
                                      _count(tb, 158e9, "bailout", "$158 billion")])
    [fact] = fuse_story("s", [a, b])
    assert fact.label == "corroborated"


def test_numbers_are_read_as_values():
    from newsfuse.extract.figures import parse_value
    from newsfuse.fuse.quotes import _numbers

    assert parse_value("1/2 liter") == parse_value("half-liter") == 0.5
    assert parse_value("6:00 p.m.") == 6
    assert _numbers("just after 6: 00 p.m.") == _numbers("just after 6 p.m.")


# -- through the pipeline ------------------------------------------------------------------------

HARBOUR_A = """Fire at Porto Novo harbour kills three dock workers

A fire broke out at the Porto Novo harbour on Tuesday night, killing three dock workers, the port authority said.
Firefighters battled the blaze for six hours before it was contained.
Harbour master Celestin Adjovi said the fire started in a fuel depot.
"We lost three colleagues tonight and we will find out why," Adjovi said.
"""
HARBOUR_B = """Three dead as blaze sweeps through Porto Novo port

Three dock workers died when a fire swept through the harbour of Porto Novo late on Tuesday.
The fire started in a fuel depot, harbour master Celestin Adjovi told reporters.
"We lost three colleagues tonight, and we are going to find out why," Adjovi said.
A union leader said safety inspections had been cancelled twice this year.
"""
HARBOUR_C = """Porto Novo port fire toll disputed

Five dock workers were killed in Tuesday's fire at the Porto Novo harbour, a workers' union said, disputing the official toll.
The blaze was put out on Wednesday morning.
"""


@pytest.fixture(scope="module")
def harbour(tmp_path_factory, nlp):
    import json

    from typer.testing import CliRunner

    from newsfuse.cli import app

    tmp = tmp_path_factory.mktemp("harbour")
    for name, text in (("a", HARBOUR_A), ("b", HARBOUR_B), ("c", HARBOUR_C)):
        (tmp / f"{name}.txt").write_text(text)
    url = f"sqlite:///{tmp / 'h.db'}"
    runner = CliRunner()
    res = runner.invoke(app, ["--db", url, "ingest", "--published", "2026-03-04", str(tmp)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["--db", url, "export", "facts"])
    facts = [json.loads(line) for line in res.output.splitlines() if line.startswith("{")]
    return {"url": url, "facts": facts, "runner": runner, "app": app}


def test_harbour_story_labels(harbour):
    facts = harbour["facts"]
    assert len({f["story_id"] for f in facts}) == 1
    quote = [f for f in facts if f["kind"] == "quote" and "colleagues" in f["summary"]]
    assert quote and quote[0]["label"] == "corroborated"
    assert "wording_differs" in quote[0]["flags"]
    fire = [f for f in facts if f["kind"] == "statement" and f["label"] == "corroborated"
            and any("fuel depot" in s["text"] for s in f["sources"])]
    assert fire, "the fire starting in a fuel depot is reported by two articles"
    toll = [f for f in facts if f["label"] == "conflicting" and f["conflict"]["field"] == "value"]
    assert toll, "three dead and five killed is a conflict on the toll"
    assert {v["value"].lower() for v in toll[0]["conflict"]["values"]} >= {"three", "five"}
    # The toll is the claim's field, not a second fact over the same sentences.
    cited = {(s["article_id"], s["start"]) for s in toll[0]["sources"]}
    assert not [f for f in facts if f["kind"] == "figure"
                and cited & {(s["article_id"], s["start"]) for s in f["sources"]}]
    alone = [f for f in facts if any("inspections" in s["text"] for s in f["sources"])]
    assert alone and {f["label"] for f in alone} == {"single_source"}


def test_show_orders_sections_and_quotes_evidence(harbour):
    res = harbour["runner"].invoke(harbour["app"], ["--db", harbour["url"], "show", "--all"])
    assert res.exit_code == 0, res.output
    out = res.output
    heads = [out.find(h) for h in ("Conflicting (", "Corroborated (", "Single source (")]
    assert -1 not in heads and heads == sorted(heads)
    assert "alone reports:" in out
    assert "fuel depot" in out and "@" in out


LINE_A = """Rail unions call national strike

Rail workers began a national strike on Monday, union leader Ana Torres said.
The government may cancel the new rail contract, according to officials.
"""
LINE_B = """Government cancels rail contract as strike begins

The government cancelled the new rail contract on Monday, the transport ministry said.
Rail workers walked out across the country.
"""


def test_a_hedged_claim_stays_hedged_and_apart(tmp_path, nlp):
    """"may cancel" in one report and "cancelled" in another are not one corroborated fact."""
    import json

    from typer.testing import CliRunner

    from newsfuse.cli import app

    for name, text in (("a", LINE_A), ("b", LINE_B)):
        (tmp_path / f"{name}.txt").write_text(text)
    url = f"sqlite:///{tmp_path / 'r.db'}"
    runner = CliRunner()
    assert runner.invoke(app, ["--db", url, "ingest", "--published", "2026-05-04",
                               str(tmp_path)]).exit_code == 0
    res = runner.invoke(app, ["--db", url, "export", "facts"])
    facts = [json.loads(line) for line in res.output.splitlines() if line.startswith("{")]
    hedged = [f for f in facts if any("may cancel" in s["text"] for s in f["sources"])]
    assert hedged and all(f["factuality"] == "uncertain" for f in hedged)
    assert all(f["label"] != "corroborated" for f in hedged)
    assert all(len({s["article_id"] for s in f["sources"]}) == 1 for f in hedged)
    assert all(set(f) >= {"factuality", "claim", "articles", "outlets"} for f in facts)
