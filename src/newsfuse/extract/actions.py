"""Action mentions: the words that say what happened, keyed so that one happening reported in
different words gets one key.

Two reports of one event rarely share a sentence, but they share the action's word: "Lohan
checks into rehab" / "her check-in at Betty Ford"; "police shot a teenager" / "the shooting of a
teenager". Within one story, the same action word almost always names the same happening (the
same-lemma heuristic of cross-document event coreference), so fusion groups sentences by these
keys. A key is a verb lemma; an event noun is keyed by the verb it derives from when the
lemmatizer knows that verb ("shooting" → shoot, "arrival" → arrive, "explosion" → explode).

Verbs that report, link or only support another word ("say", "be", "take") carry no
happening of their own and are left out (``data/light_verbs.txt``), as are auxiliaries.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc

from ..models import ActionRecord
from .gazetteer import gazetteer

# Nominal suffixes, with how the verb is spelt before each (tried in order).
_DERIVATIONS = (
    ("ation", ("ate", "", "e")), ("ition", ("ite", "")), ("ution", ("ute", "ve")),
    ("sion", ("de", "d", "t", "")), ("tion", ("te", "t", "")), ("ment", ("",)),
    ("ance", ("", "e")), ("ence", ("", "e")), ("ure", ("", "e")), ("al", ("", "e")),
    ("ing", ("", "e")), ("age", ("", "e")), ("ery", ("", "e")),
)
# Nouns with these endings name a happening even when their verb is not known ("ceasefire" is
# not, "evacuation" is).
_EVENT_SUFFIXES = ("ation", "ition", "ution", "sion", "tion", "ment", "ing")


@lru_cache(maxsize=1)
def _verbs() -> frozenset[str]:
    """Verb lemmas the English pipeline's lemmatizer knows (its WordNet-derived index)."""
    from ..nlp import spacy_nlp

    lemmatizer = spacy_nlp().get_pipe("lemmatizer")
    return frozenset(lemmatizer.lookups.get_table("lemma_index").get("verb", []))


def verb_of(noun: str) -> str | None:
    """The verb an event noun derives from, or the noun itself when it is also a verb."""
    verbs = _verbs()
    if noun in verbs:
        return noun
    for suffix, endings in _DERIVATIONS:
        if noun.endswith(suffix) and len(noun) > len(suffix) + 2:
            stem = noun[: -len(suffix)]
            for ending in endings:
                if stem + ending in verbs:
                    return stem + ending
            if stem[-1:] == stem[-2:-1] and stem[:-1] in verbs:  # "shipping" → ship
                return stem[:-1]
    return None


def action_key(lemma: str, pos: str) -> str | None:
    lemma = lemma.lower()
    light = gazetteer().light_verbs
    if not lemma.isalpha() or lemma in light:
        return None
    if pos == "VERB":
        return lemma
    if pos == "NOUN":
        verb = verb_of(lemma)
        if verb:
            return None if verb in light else verb
        return lemma if lemma.endswith(_EVENT_SUFFIXES) else None
    return None


def action_mentions(doc: Doc) -> list[ActionRecord]:
    out = []
    for tok in doc:
        if tok.dep_ in ("aux", "auxpass"):
            continue
        key = action_key(tok.lemma_, tok.pos_)
        if key:
            out.append(ActionRecord(key=key, start=tok.idx, end=tok.idx + len(tok.text)))
    return out
