"""Story clustering: article evidence, link weights, and the story graph that groups articles."""

from .evidence import Evidence, article_texts, article_vectors, evidence, link_weight, pooled
from .graph import Regrouping, StoryGraph

__all__ = ["Evidence", "Regrouping", "StoryGraph", "article_texts", "article_vectors", "evidence",
           "link_weight", "pooled"]
