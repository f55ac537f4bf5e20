"""Fusion: labels, conflicts and alignment.

The first tests build extractions by hand, so each checks one rule of the aligners without the
models; the last ones run a story the team wrote through the whole pipeline.
"""

from __future__ import annotations

import numpy as np
import pytest

from newsfuse.extract.actions import action_key, verb_of
from newsfuse.fuse import ArticleView, fuse_story
from newsfuse.models import ActionRecord, EventParty, EventRecord, Extraction, FigureRecord

DIM = 384


def _view(aid: str, text: str, units: list[tuple[str, list[str]]] = (), events=(), figures=(),
          outlet: str | None = None, duplicate_of: str | None = None, vectors=None) -> ArticleView:
    """An article whose statement units are the given sentences, each naming the given actions."""
    spans, actions = [], []
    for sentence, keys in units:
        s = text.index(sentence)
        spans.append([s, s + len(sentence)])
        for k in keys:
            actions.append(ActionRecord(key=k, start=s, end=s + 1))
    if vectors is None:
        vectors = np.zeros((len(spans), DIM), dtype=np.float32)
        vectors[:, 0] = 1.0  # every unit alike: alignment must come from the rules under test
    ex = Extraction(units=spans, actions=actions, events=list(events), figures=list(figures))
    return ArticleView(id=aid, source_id=aid, outlet=outlet or f"outlet {aid}", text=text,
                       extraction=ex, unit_vectors=np.asarray(vectors, dtype=np.float32),
                       duplicate_of=duplicate_of)


def _event(text: str, phrase: str, kind: str, source: tuple[str, str], target: tuple[str, str],
           objects: list[str]) -> EventRecord:
    s = text.index(phrase)
    def party(name: str, code: str) -> EventParty:
        return EventParty(name, code, actor=f"state:{code}")

    return EventRecord(type=kind, cameo=None, source=party(*source), target=party(*target),
                       start=s, end=s + len(phrase), verb=phrase.split()[1], objects=objects,
                       sentence=[s, s + len(phrase)])


def test_event_nouns_are_keyed_by_their_verb():
    assert verb_of("shooting") == "shoot"
    assert verb_of("evacuation") == "evacuate"
    assert verb_of("arrival") == "arrive"
    assert action_key("explosion", "NOUN") == "explode"
    assert action_key("say", "VERB") is None  # reporting verbs name no happening
    assert action_key("table", "ADJ") is None


def test_one_action_in_two_articles_is_corroborated_with_every_sentence():
    a = _view("a", "Fire crews evacuated the port. The evacuation lasted hours.",
              [("Fire crews evacuated the port.", ["evacuate"]),
               ("The evacuation lasted hours.", ["evacuate", "last"])])
    b = _view("b", "The port was evacuated on Monday.",
              [("The port was evacuated on Monday.", ["evacuate"])])
    facts = [f for f in fuse_story("s", [a, b]) if f.kind == "statement"]
    shared = [f for f in facts if f.label == "corroborated"]
    assert len(shared) == 1
    assert {(s.article_id, s.text) for s in shared[0].sources} == {
        ("a", "Fire crews evacuated the port."), ("a", "The evacuation lasted hours."),
        ("b", "The port was evacuated on Monday.")}
    assert shared[0].outlets == 2
    for s in shared[0].sources:
        text = a.text if s.article_id == "a" else b.text
        assert text[s.start:s.end] == s.text


def test_a_copy_does_not_corroborate():
    text = "The port was evacuated on Monday."
    a = _view("a", text, [(text, ["evacuate"])])
    copy = _view("c", text + " Credit: wire.", [(text, ["evacuate"])], duplicate_of="a")
    facts = fuse_story("s", [a, copy])
    assert facts and {f.label for f in facts} == {"single_source"}


def test_one_verb_for_two_happenings_is_split_by_meaning():
    vecs_a = np.zeros((1, DIM), dtype=np.float32)
    vecs_a[0, 0] = 1.0
    vecs_b = np.zeros((1, DIM), dtype=np.float32)
    vecs_b[0, 1] = 1.0  # orthogonal: nothing in common but the verb
    a = _view("a", "Troops left the border.", [("Troops left the border.", ["withdraw"])],
              vectors=vecs_a)
    b = _view("b", "The minister withdrew the bill.", [("The minister withdrew the bill.",
                                                          ["withdraw"])], vectors=vecs_b)
    assert {f.label for f in fuse_story("s", [a, b])} == {"single_source"}


def test_who_was_asked_is_a_conflict_on_the_target():
    ta = "Venezuela asked Russia for drones and radars."
    tb = "Venezuela asked China for drones."
    a = _view("a", ta, events=[_event(ta, "Venezuela asked Russia", "REQUEST", ("Venezuela", "VEN"),
                                      ("Russia", "RUS"), ["drones and radars", "drones"])])
    b = _view("b", tb, events=[_event(tb, "Venezuela asked China", "REQUEST", ("Venezuela", "VEN"),
                                      ("China", "CHN"), ["drones"])])
    [fact] = [f for f in fuse_story("s", [a, b]) if f.kind == "event"]
    assert fact.label == "conflicting"
    assert fact.conflict["field"] == "target"
    assert {v["code"]: v["article_ids"] for v in fact.conflict["values"]} == {"RUS": ["a"],
                                                                              "CHN": ["b"]}


def test_who_acted_is_a_conflict_on_the_source():
    ta = "Russia sent drones to Venezuela."
    tb = "Iran sent drones to Venezuela."
    a = _view("a", ta, events=[_event(ta, "Russia sent drones", "AID", ("Russia", "RUS"),
                                      ("Venezuela", "VEN"), ["drones"])])
    b = _view("b", tb, events=[_event(tb, "Iran sent drones", "AID", ("Iran", "IRN"),
                                      ("Venezuela", "VEN"), ["drones"])])
    [fact] = [f for f in fuse_story("s", [a, b]) if f.kind == "event"]
    assert fact.label == "conflicting" and fact.conflict["field"] == "source"
    assert "Russia / Iran" in fact.summary


def test_a_default_target_disputes_nothing():
    """An act on no named party is coded at the source's own country; that default is the
    coder's convention, not a claim, so it never conflicts with a named target."""
    ta = "Venezuela asked Russia for drones."
    tb = "Venezuela asked for drones."
    a = _view("a", ta, events=[_event(ta, "Venezuela asked Russia", "REQUEST", ("Venezuela", "VEN"),
                                      ("Russia", "RUS"), ["drones"])])
    ev = _event(tb, "Venezuela asked for", "REQUEST", ("Venezuela", "VEN"), ("Venezuela", "VEN"),
                ["drones"])
    ev.target = EventParty(name=None, code="VEN", actor=None)
    b = _view("b", tb, events=[ev])
    [fact] = [f for f in fuse_story("s", [a, b]) if f.kind == "event"]
    assert fact.label == "corroborated" and fact.conflict is None


def test_events_differing_in_both_parties_are_two_facts():
    ta = "Russia sent drones to Venezuela."
    tb = "Iran sent drones to Cuba."
    a = _view("a", ta, events=[_event(ta, "Russia sent drones", "AID", ("Russia", "RUS"),
                                      ("Venezuela", "VEN"), ["drones"])])
    b = _view("b", tb, events=[_event(tb, "Iran sent drones", "AID", ("Iran", "IRN"),
                                      ("Cuba", "CUB"), ["drones"])])
    facts = [f for f in fuse_story("s", [a, b]) if f.kind == "event"]
    assert len(facts) == 2 and {f.label for f in facts} == {"single_source"}


@pytest.mark.parametrize(("va", "qa", "vb", "qb", "label"), [
    (60, "more than", 62, None, "corroborated"),
    (14, "up to", 12, None, "corroborated"),
    (60, "more than", 40, None, "conflicting"),
])
def test_figures_for_one_count_agree_as_intervals(va, qa, vb, qb, label):
    ta, tb = f"Strikes killed {va} people.", f"Strikes killed {vb} people."
    fa = FigureRecord(value=va, qualifier=qa, unit="people", text=str(va), start=15,
                      end=15 + len(str(va)), sentence=[0, len(ta)])
    fb = FigureRecord(value=vb, qualifier=qb, unit="people", text=str(vb), start=15,
                      end=15 + len(str(vb)), sentence=[0, len(tb)])
    a = _view("a", ta, [(ta, [])], figures=[fa])
    b = _view("b", tb, [(tb, [])], figures=[fb])
    [fact] = [f for f in fuse_story("s", [a, b]) if f.kind == "figure"]
    assert fact.label == label
    if label == "conflicting":
        assert fact.conflict["field"] == "value"
        assert sorted(v["number"] for v in fact.conflict["values"]) == sorted([va, vb])


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
    toll = [f for f in facts if f["kind"] == "figure" and f["label"] == "conflicting"]
    assert toll, "three dead and five killed is a conflict on the toll"
    assert {v["number"] for v in toll[0]["conflict"]["values"]} >= {3, 5}
    alone = [f for f in facts if any("inspections" in s["text"] for s in f["sources"])]
    assert alone and {f["label"] for f in alone} == {"single_source"}


def test_show_orders_sections_and_quotes_evidence(harbour):
    res = harbour["runner"].invoke(harbour["app"], ["--db", harbour["url"], "show", "--all"])
    assert res.exit_code == 0, res.output
    out = res.output
    heads = [out.find(h) for h in ("Corroborated (", "Conflicting (", "Single source (")]
    assert -1 not in heads and heads == sorted(heads)
    assert "alone reports:" in out
    assert "fuel depot" in out and "@" in out
