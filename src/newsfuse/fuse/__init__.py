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


def fuse_story(story_id: str, arts: list[ArticleView]) -> list[FusedFact]:
    facts = (quote_facts(story_id, arts) + figure_facts(story_id, arts)
             + event_facts(story_id, arts) + statement_facts(story_id, arts))
    order = {a.id: i for i, a in enumerate(arts)}
    facts.sort(key=lambda f: (_ORDER[f.label], order.get(f.sources[0].article_id, 0),
                              f.sources[0].start))
    return facts
