"""Story clustering: the graph's regrouping rules on hand-set links, then the whole pipeline on two
similar events the team wrote (two harbour fires, a year apart), in two arrival orders."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.cluster import StoryGraph
from newsfuse.store import Store


def _vec(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=384).astype(np.float32)
    return v / np.linalg.norm(v)


def test_candidates_are_the_nearest_whether_indexed_yet_or_not():
    """The ANN index takes articles a batch at a time; the newest are searched exactly. Either
    way, and whether the index was searched for a batch of arrivals ahead or for each alone, an
    arrival's candidates are the nearest stored articles, nearest first."""
    from newsfuse.cluster import graph as graph_module

    g = StoryGraph()
    centres = [_vec(1000 + c) for c in range(8)]
    group, vectors = {}, {}
    for i in range(graph_module.INDEX_BATCH + 40):
        v = centres[i % 8] + 0.3 * _vec(i)
        vectors[f"a{i}"], group[f"a{i}"] = v / np.linalg.norm(v), i % 8
        g.load(f"a{i}", vectors[f"a{i}"], "s")
    assert len(g.index) == graph_module.INDEX_BATCH and len(g.unindexed) == 40
    probes = ("a3", f"a{graph_module.INDEX_BATCH + 37}")  # one indexed, one not yet
    for ahead in (False, True):  # searched one by one, or a batch at once first
        if ahead:
            g.prefetch([vectors[p] for p in probes])
        for probe in probes:
            found = g.candidates(vectors[probe], graph_module.CANDIDATES)
            assert found[0] == probe
            assert {group[a] for a in found[:10]} == {group[probe]}
        assert not g.ahead
    everything = g.candidates(_vec(5000), len(vectors))  # the index may miss a few; never these
    assert len(everything) == len(set(everything))
    assert {f"a{i}" for i in range(graph_module.INDEX_BATCH, len(vectors))} <= set(everything)


def test_the_same_articles_give_the_same_candidates():
    """Two graphs loaded with the same articles in the same order return the same candidates
    for every article: the ANN index is built the same way each time, so the same input gives
    the same stories."""
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(40, 384))
    vectors = centres[rng.integers(0, 40, 3000)] + rng.normal(size=(3000, 384))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    found = []
    for _ in range(2):
        g = StoryGraph()
        for i, v in enumerate(vectors):
            g.load(f"a{i}", v, "s")
        found.append([g.candidates(v) for v in vectors])
    assert found[0] == found[1]


def test_unlinked_articles_open_stories_and_linked_ones_join():
    g = StoryGraph()
    assert g.add("a", _vec(1), {}).story_id == "sa"
    assert g.add("b", _vec(2), {"a": 0.05}).story_id == "sb"  # below the link floor
    r = g.add("c", _vec(3), {"a": 0.9})
    assert r.story_id == "sa" and r.moved == {}
    assert r.lists["c"] == {"a": 0.9} and r.lists["a"] == {"c": 0.9}


def test_a_bridge_of_strong_links_merges_two_stories():
    g = StoryGraph()
    g.add("a1", _vec(1), {})
    g.add("a2", _vec(2), {"a1": 0.9})
    g.add("b1", _vec(3), {})
    g.add("b2", _vec(4), {"b1": 0.9})
    before = {g.story_of["a1"], g.story_of["b1"]}
    assert len(before) == 2
    r = g.add("m", _vec(5), {"a1": 0.9, "a2": 0.9, "b1": 0.9, "b2": 0.9})
    assert len({g.story_of[x] for x in ("a1", "a2", "b1", "b2", "m")}) == 1
    assert r.story_id in before
    assert r.emptied <= before and len(r.emptied) == len(before) - 1


def test_a_story_splits_when_later_articles_pull_its_halves_apart():
    g = StoryGraph()
    # One weak link first puts x and y together; strong, separate neighbourhoods then form
    # around each, and the weak link no longer holds them in one story.
    g.add("x", _vec(1), {})
    g.add("y", _vec(2), {"x": 0.5})
    assert g.story_of["x"] == g.story_of["y"]
    for i in range(4):
        g.add(f"x{i}", _vec(10 + i), {"x": 0.95, **{f"x{j}": 0.95 for j in range(i)}})
        g.add(f"y{i}", _vec(20 + i), {"y": 0.95, **{f"y{j}": 0.95 for j in range(i)}})
    xs = {g.story_of[a] for a in ["x", *(f"x{i}" for i in range(4))]}
    ys = {g.story_of[a] for a in ["y", *(f"y{i}" for i in range(4))]}
    assert len(xs) == 1 and len(ys) == 1 and xs != ys


FIRE_2024 = [
    ("Fire destroys warehouses at Porto Novo harbour",
     "A fire destroyed three warehouses at Porto Novo harbour on Tuesday, 12 March 2024. Fire "
     "chief Amara Dossou said 40 firefighters fought the blaze for nine hours. Nobody was hurt, "
     "Dossou said, but stocks of cotton and cashew nuts were lost."),
    ("Porto Novo harbour blaze burns for nine hours",
     "Firefighters in Porto Novo needed nine hours to put out a blaze that gutted three harbour "
     "warehouses on Tuesday. Amara Dossou, the city's fire chief, said cotton bales stored in "
     "the warehouses fed the fire. No injuries were reported."),
    ("Cotton and cashew stocks lost in harbour fire",
     "Traders at Porto Novo harbour counted their losses on Wednesday after fire swept through "
     "three warehouses holding cotton and cashew nuts, 12 March 2024. Fire chief Amara Dossou "
     "said an electrical fault was the likely cause."),
]
FIRE_2025 = [
    ("Tanker fire shuts Porto Novo harbour",
     "A fuel tanker caught fire at Porto Novo harbour on Friday, 9 May 2025, and the port was "
     "closed for the day. Harbour master Sena Hounkpatin said two crew members were taken to "
     "hospital with burns."),
    ("Two crew burned as tanker burns at Porto Novo",
     "Two sailors were treated for burns after their fuel tanker caught fire while unloading at "
     "Porto Novo harbour on Friday. Sena Hounkpatin, the harbour master, said the port would "
     "reopen on Saturday."),
    ("Porto Novo port to reopen after tanker blaze",
     "Porto Novo's port reopens on Saturday, 10 May 2025, after a tanker fire closed it, harbour "
     "master Sena Hounkpatin said. The two injured crew members are in stable condition."),
]


def _ingest(tmp_path, order: list[int]) -> dict[str, str]:
    # Feeds carry publication dates; the two fires are fourteen months apart.
    items = [(f"fire24-{i}", t, x, f"2024-03-{12 + i:02d}") for i, (t, x) in enumerate(FIRE_2024)]
    items += [(f"fire25-{i}", t, x, f"2025-05-{9 + i:02d}") for i, (t, x) in enumerate(FIRE_2025)]
    src = tmp_path / f"in-{'-'.join(map(str, order))}.jsonl"
    src.write_text("".join(json.dumps({"id": items[i][0], "title": items[i][1], "text": items[i][2],
                                       "published": items[i][3], "outlet": f"Outlet {i}"}) + "\n" for i in order))
    url = f"sqlite:///{tmp_path / ('db-' + src.stem + '.db')}"
    res = CliRunner().invoke(app, ["--db", url, "ingest", str(src)])
    assert res.exit_code == 0, res.output
    return {a.source_id: a.story_id for a in Store(url).articles()}


def _partition(stories: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for article, story in stories.items():
        groups.setdefault(story, set()).add(article)
    return {frozenset(g) for g in groups.values()}


@pytest.mark.parametrize("order", [[0, 1, 2, 3, 4, 5], [3, 0, 4, 1, 5, 2]])
def test_two_similar_events_are_two_stories_in_any_order(tmp_path, nlp, order):
    got = _partition(_ingest(tmp_path, order))
    assert got == {frozenset(f"fire24-{i}" for i in range(3)),
                   frozenset(f"fire25-{i}" for i in range(3))}, got


def test_rewrite_is_flagged_apart_from_a_copy(tmp_path, nlp):
    quote1 = ("we will rebuild the warehouses before the cotton harvest arrives in October, and "
              "no trader will lose a season")
    quote2 = "the fire brigade did everything it could with the water it had that night"
    orig = (f"Porto Novo's mayor promised on Thursday to rebuild the harbour warehouses destroyed "
            f"by fire this week. \"{quote1},\" the mayor told reporters at the harbour. Traders "
            f"had asked the city for help after losing their stocks. \"{quote2},\" the mayor "
            f"added, rejecting criticism of the response.")
    rewrite = (f"Porto Novo's mayor pledged on Thursday to rebuild the port warehouses that "
               f"burned down this week. \"{quote1},\" the mayor told journalists at the port. "
               f"Merchants had asked the city for support after losing their goods. "
               f"\"{quote2},\" the mayor said, answering criticism of the response.")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "orig", "text": orig, "outlet": "Wire"}) + "\n"
                   + json.dumps({"id": "rewrite", "text": rewrite, "outlet": "Daily"}) + "\n")
    url = f"sqlite:///{tmp_path / 'x.db'}"
    res = CliRunner().invoke(app, ["--db", url, "ingest", str(src)])
    assert res.exit_code == 0 and "1 rewrites" in res.output, res.output
    rows = {r.source_id: r for r in Store(url).articles()}
    assert rows["rewrite"].duplicate_of == rows["orig"].id
    assert rows["rewrite"].duplicate_kind == "rewrite"
    assert rows["rewrite"].story_id == rows["orig"].story_id
