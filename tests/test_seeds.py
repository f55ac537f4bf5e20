"""Acceptance on the two seed articles (read from ../shared/seeds, never copied here).

Each check is phrased the way it would be on any story: find the fact by what its evidence
says, then check its label and sources.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, seeds_dir, nlp):
    tmp = tmp_path_factory.mktemp("seeds")
    url = f"sqlite:///{tmp / 'seeds.db'}"
    runner = CliRunner()
    res = runner.invoke(app, ["--db", url, "ingest", str(seeds_dir)])
    assert res.exit_code == 0, res.output
    out = {}
    for what in ("articles", "stories", "facts"):
        path = tmp / f"{what}.jsonl"
        res = runner.invoke(app, ["--db", url, "export", what, "--format", "jsonl", "--out", str(path)])
        assert res.exit_code == 0, res.output
        out[what] = [json.loads(line) for line in path.read_text().splitlines()]
    out["url"] = url
    return out


def _facts_with(facts, *words):
    return [f for f in facts if all(any(w.lower() in s["text"].lower() for s in f["sources"])
                                    for w in words)]


def test_one_story(seeded):
    assert len(seeded["stories"]) == 1
    assert len(seeded["stories"][0]["article_ids"]) == 2
    assert {a["story_id"] for a in seeded["articles"]} == {seeded["stories"][0]["story_id"]}


def test_who_was_asked_for_drones_is_conflicting(seeded):
    hits = [f for f in _facts_with(seeded["facts"], "drones") if f["label"] == "conflicting"]
    assert hits, "no conflicting fact about drones"
    f = hits[0]
    assert len({s["article_id"] for s in f["sources"]}) == 2
    assert f["conflict"]["field"] == "target"
    codes = [set(v["code"].split(";")) for v in f["conflict"]["values"]]
    assert {"RUS"} in codes and {"CHN", "IRN"} in codes


def test_daily_communication_quote_is_one_fact(seeded):
    hits = [f for f in seeded["facts"] if f["kind"] == "quote" and
            {"ongoing", "permanent"} <= {w for s in f["sources"] for w in s["text"].split()}]
    assert len(hits) == 1
    assert hits[0]["label"] == "corroborated"
    assert "wording_differs" in hits[0]["flags"]


def test_calm_and_productive_is_serene_and_fruitful(seeded):
    """One remark translated twice: corroborated, with its wording flagged, not a conflict."""
    hits = [f for f in seeded["facts"] if f["kind"] == "quote"
            and any("calm but productive" in s["text"] for s in f["sources"])
            and any("serene and fruitful" in s["text"] for s in f["sources"])]
    assert len(hits) == 1
    assert hits[0]["label"] == "corroborated" and "wording_differs" in hits[0]["flags"]


def test_strikes_corroborated_and_their_toll_single_source(seeded):
    strikes = [f for f in seeded["facts"] if f["label"] == "corroborated"
               and len({s["article_id"] for s in f["sources"]}) == 2
               and all("strikes" in s["text"] for s in f["sources"])]
    assert strikes, "both articles report the US strikes on vessels"
    # The toll is a claim field ("killing more than 60 people"), given by one source only; never a
    # figure fact of its own over the same sentence.
    toll = [f for f in seeded["facts"] if any(
        q["text"] == "more than 60" for s in f["sources"] for q in s["claim"]["qualifiers"]["quantities"])]
    assert toll and {f["label"] for f in toll} == {"single_source"}
    assert not [f for f in seeded["facts"] if f["kind"] == "figure"
                and any("more than 60" in s["text"] for s in f["sources"])]


def test_the_request_to_russia_is_corroborated(seeded):
    """Radars, Sukhoi repairs and up to 14 missile systems: both articles cite the same report."""
    hits = [f for f in seeded["facts"] if f["label"] == "corroborated"
            and len({s["article_id"] for s in f["sources"]}) == 2
            and all("radar" in s["text"] and "14" in s["text"] for s in f["sources"])]
    assert hits
    # "up to 14" / "as many as 14": agreeing figures, shown per source as the claim's field.
    fourteen = {q["value"] for s in hits[0]["sources"]
                for q in s["claim"]["qualifiers"]["quantities"] if q["value"] == 14}
    assert fourteen == {14}
    assert hits[0]["outlets"] >= 1 and hits[0]["articles"] == 2


def test_doubt_is_never_an_asserted_fact(seeded):
    """"It remains unclear whether Russia has accepted" is an uncertain claim, never an act."""
    hedged = [f for f in seeded["facts"] if any("unclear whether" in s["text"] for s in f["sources"])]
    assert hedged and all(f["factuality"] == "uncertain" for f in hedged)
    for a in seeded["articles"]:
        for e in a["events"]:
            if "unclear whether" in a["text"][e["start"] - 40:e["end"]]:
                assert e["mode"] == "uncertain"


def test_each_sentence_in_one_place(seeded):
    """An evidence span sits under two facts only where its sentence states two claims."""
    from collections import Counter

    spans = Counter((s["article_id"], s["start"], s["end"]) for f in seeded["facts"]
                    for s in f["sources"])
    repeated = sum(n > 1 for n in spans.values()) / len(spans)
    assert repeated <= 0.15, f"{repeated:.0%} of evidence spans under several facts"
    summaries = Counter(f["summary"] for f in seeded["facts"])
    assert all(n == 1 for n in summaries.values())


def test_peskov_quote_corroborated(seeded):
    hits = [f for f in seeded["facts"] if f["kind"] == "quote"
            and any("in contact with our friends in Venezuela" in s["text"] for s in f["sources"])]
    assert hits and hits[0]["label"] == "corroborated"
    assert len({s["article_id"] for s in hits[0]["sources"]}) == 2
    assert "Peskov" in hits[0]["summary"]


@pytest.mark.parametrize("words", [("Gerald R. Ford",), ("Il-76",)])
def test_single_source_facts(seeded, words):
    hits = _facts_with(seeded["facts"], *words)
    assert hits
    assert {f["label"] for f in hits} == {"single_source"}


def test_export_fields_and_offsets(seeded):
    texts = {a["id"]: a["text"] for a in seeded["articles"]}
    for a in seeded["articles"]:
        for key in ("id", "source_id", "story_id", "duplicate_of", "url", "title", "outlet",
                    "published", "text", "actors", "quotes", "figures", "dates", "events"):
            assert key in a
        for actor in a["actors"]:
            assert set(actor) >= {"id", "name", "kind", "code", "country", "role", "mentions"}
            for s, e in actor["mentions"]:
                assert a["text"][s:e].strip()
        for q in a["quotes"]:
            assert a["text"][q["start"]:q["end"]] == q["content"]
        for fig in a["figures"]:
            assert a["text"][fig["start"]:fig["end"]] == fig["text"]
        for d in a["dates"]:
            assert a["text"][d["start"]:d["end"]] == d["text"]
        for ev in a["events"]:
            assert set(ev) >= {"type", "cameo", "source", "target", "start", "end"}
    for f in seeded["facts"]:
        assert f["label"] in {"corroborated", "single_source", "conflicting"}
        assert f["kind"] in {"quote", "figure", "event", "statement"}
        for s in f["sources"]:
            assert texts[s["article_id"]][s["start"]:s["end"]] == s["text"]


def test_seed_events(seeded):
    """The four events of the acceptance example, with their parties and evidence."""
    events = [(a["text"], e) for a in seeded["articles"] for e in a["events"]]

    def find(kinds, source, target=None):
        return [(t, e) for t, e in events if e["type"] in kinds and e["mode"] is None
                and source in (e["source"]["code"] or "").split(";")
                and (target is None or target in (e["target"]["code"] or "").split(";"))]

    assert find({"REQUEST"}, "VEN", "RUS"), "Venezuela's request to Russia"
    strikes = find({"FIGHT", "ASSAULT"}, "USA")
    assert any("vessels" in t[e["start"]:e["end"]] for t, e in strikes), "US strikes on vessels"
    mobilize = find({"MOBILIZE"}, "USA")
    assert any("Venezuela" in (e["location"] or "") for _, e in mobilize), "deployment near Venezuela"
    threat = find({"THREATEN"}, "USA", "VEN")
    assert any("Trump" in e["source"]["name"] and "Maduro" in e["target"]["name"] for _, e in threat)


def test_seed_actors(seeded):
    actors = {a["name"]: a for art in seeded["articles"] for a in art["actors"]}
    codes = {a["code"] for a in actors.values() if a["kind"] == "state"}
    assert {"VEN", "RUS", "USA", "CHN", "IRN"} <= codes
    peskov = next(a for n, a in actors.items() if "Peskov" in n)
    assert peskov["country"] == "RUS" and "spokesperson" in peskov["role"]
    maduro = [a for n, a in actors.items() if "Maduro" in n and a["kind"] == "person"]
    assert maduro and all(a["country"] == "VEN" for a in maduro)
    assert all(not a["channel"] for a in actors.values() if a["kind"] == "person")
    assert any(a["channel"] for n, a in actors.items() if n == "TASS")


def test_reingest_adds_nothing(seeded, seeds_dir):
    from newsfuse.store import Store

    before = Store(seeded["url"]).counts()
    res = CliRunner().invoke(app, ["--db", seeded["url"], "ingest", str(seeds_dir)])
    assert res.exit_code == 0
    assert "0 added, 2 already stored" in res.output
    assert Store(seeded["url"]).counts() == before


@pytest.mark.parametrize("name, country, role", [
    ("Maduro", "VEN", "president"),
    ("Putin", "RUS", "president"),
    ("Peskov", "RUS", "spokesperson"),
    ("Zakharova", "RUS", "foreign ministry spokesperson"),
    ("Trump", "USA", "president"),
])
def test_people_resolve_to_country_and_role(seeded, name, country, role):
    people = [a for art in seeded["articles"] for a in art["actors"]
              if a["kind"] == "person" and name in a["name"]]
    assert people, f"{name} not found"
    for p in people:
        assert p["country"] == country and role in (p["role"] or ""), p
    # One actor across both articles, whatever spelling each used.
    assert len({p["id"] for p in people}) == 1


def test_states_and_channels(seeded):
    actors = {a["id"]: a for art in seeded["articles"] for a in art["actors"]}
    assert {"VEN", "RUS", "USA", "CHN", "IRN"} <= {a["code"] for a in actors.values()}
    kremlin = [a for a in actors.values() if a["sector"] == "GOV" and a["code"] == "RUS"]
    assert kremlin
    tass = [a for a in actors.values() if a["name"] == "TASS"]
    assert tass and all(a["channel"] for a in tass)
