"""Story clustering: article evidence, link weights, and the story graph that groups articles."""

from .evidence import Evidence, article_vectors, evidence, lead_text, lead_vector, link_weights
from .graph import Regrouping, StoryGraph

__all__ = ["Evidence", "Regrouping", "StoryGraph", "article_vectors", "evidence", "lead_text",
           "lead_vector", "link_weights"]
