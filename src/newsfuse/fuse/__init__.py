"""Fusion: a story's articles in, labelled facts out.

Each kind of fact is aligned across articles by what identifies it, in its own module:
- ``quotes``: by speaker and content (a translation variant is the same quote, worded differently);
- ``figures``: by what is counted, then compared as intervals ("up to 14" agrees with "14");
- ``events``: coded events by action, source and object, then compared on the target;
- ``statements``: sentences by the action they report, split and joined by sentence embeddings.
A fact is ``corroborated`` when articles that are not copies of each other state it,
``single_source`` when one does, ``conflicting`` when aligned sources disagree on a value.
"""

from __future__ import annotations

from ..models import FusedFact
from .common import ArticleView, embedded_texts
from .events import event_facts
from .figures import figure_facts, figures_agree
from .quotes import quote_facts
from .statements import statement_facts

__all__ = ["ArticleView", "embedded_texts", "figures_agree", "fuse_story"]
_ORDER = {"corroborated": 0, "conflicting": 1, "single_source": 2}


def _restates(statement: FusedFact, facts: list[FusedFact]) -> bool:
    """A statement whose every source overlaps the sources of one quote or event fact, in the
    same articles, says that fact again ("'We lost three colleagues,' Adjovi said")."""
    arts = {s.article_id for s in statement.sources}
    for f in facts:
        if {s.article_id for s in f.sources} != arts:
            continue
        if all(any(o.article_id == s.article_id and o.start < s.end and s.start < o.end
                   for o in f.sources) for s in statement.sources):
            return True
    return False


def fuse_story(story_id: str, arts: list[ArticleView]) -> list[FusedFact]:
    said = quote_facts(story_id, arts) + event_facts(story_id, arts)
    facts = said + figure_facts(story_id, arts) + [
        f for f in statement_facts(story_id, arts) if not _restates(f, said)]
    # An id is a hash of kind, evidence spans and wording: two facts with one id are one fact
    # reached twice, and storing both would fail the story on the unique key.
    facts = list({f.fact_id: f for f in facts}.values())
    order = {a.id: i for i, a in enumerate(arts)}
    facts.sort(key=lambda f: (_ORDER[f.label], order.get(f.sources[0].article_id, 0),
                              f.sources[0].start))
    return facts
