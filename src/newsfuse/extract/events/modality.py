"""What the frame around an action says about it: done, promised, threatened, demanded or denied.

PLOVER codes what was said to happen, so the same verb is a different event under a different
frame: "will provide" is a promise (AGREE), "would blockade" a threat, "X said Y must" a
demand, "will not accept" a rejection, and "did not attack" no attack at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..factuality import CONDITIONAL, factuality
from .syntax import governors

if TYPE_CHECKING:  # a type only: triggers imports this module's word lists
    from .triggers import Trigger

HYPOTHETICAL = {"would", "could", "might", "may", "should", "must"}
FUTURE = {"will", "would", "shall", "'ll"}
OBLIGATION = {"must", "should"}
PLANNING = {"plan", "intend", "want", "seek", "hope", "aim", "prepare", "consider", "propose",
             "expect"}
WILLING = {"willing", "prepared", "ready", "committed", "determined"}
SAYING = {"say", "announce", "tell", "state", "declare", "insist", "conclude", "add", "warn",
           "report", "claim", "reiterate", "maintain"}
FAILING = {"fail", "refuse"}


# Types a future or conditional act turns into a promise (AGREE) or a threat (THREATEN).
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
HOSTILE = {"REJECT", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT",
            "DISAPPROVE", "THREATEN"}


# The CAMEO root code of a type the modality gave ("will provide" is a promise, 030).
CAMEO_ROOT = {"AGREE": "030", "THREATEN": "130", "REJECT": "120", "DEMAND": "100",
               "MOBILIZE": "150"}


def modal_type(trig: Trigger) -> tuple[str, str | None, Token | None]:
    """The type the clause's modality gives the act, its mode, and a saying verb above it."""
    v = trig.clause
    aux = {c.lower_ for c in v.children if c.dep_ == "aux"}
    negated = any(c.dep_ == "neg" for c in v.children)
    head = v.head if v.dep_ in {"ccomp", "xcomp"} else None
    sayer = next((h for h in governors(v) if h.lemma_.lower() in SAYING), None)
    willing = head is not None and head.lower_ in WILLING
    conditional = any(c.dep_ == "advcl" and any(m.lower_ == "unless" for m in c.children)
                      for c in v.children)
    failing = v.dep_ == "xcomp" and v.head.lemma_.lower() in FAILING
    plover = trig.plover
    if factuality(v, list(reversed(governors(v)))) == "uncertain":
        return plover, "uncertain", sayer  # "unclear whether X accepted": no acceptance coded
    if (negated or failing) and plover in COOPERATIVE:
        return "REJECT", None, sayer
    if negated:
        return plover, "negated", sayer
    if aux & OBLIGATION and sayer is not None:
        return "DEMAND", None, sayer
    if (aux & FUTURE or willing) and (conditional or plover in HOSTILE):
        return "THREATEN", None, sayer
    if aux & FUTURE or willing:
        return ("AGREE" if plover in COOPERATIVE else plover), None, sayer
    if aux & HYPOTHETICAL or any(c.dep_ == "mark" and c.lower_ in CONDITIONAL for c in v.children):
        return plover, "hypothetical", sayer
    if v.dep_ == "xcomp" and v.head.lemma_.lower() in PLANNING:
        if plover in {"FIGHT", "ASSAULT"} and v.head.lemma_.lower() == "prepare":
            return "MOBILIZE", None, sayer  # readying an attack is a mobilization
        return plover, "planned", sayer
    return plover, None, sayer
