"""Factuality: whether a clause says its happening took place, and how sure it is.

A reader must never see "Russia accepted the proposals" where the text says "it remains unclear
whether Russia has accepted". The classes follow FactBank (Saurí & Pustejovsky 2009) as news
event-factuality work uses them, collapsed to what a reader acts on:

- ``denied``: a source says it did not happen ("the ministry denied that troops crossed");
- ``negated``: the text says it did not happen ("troops did not cross");
- ``hypothetical``: only under a condition ("if talks fail, ...");
- ``uncertain``: possible or probable, not asserted ("may", "reportedly", "unclear whether",
  "officials believe");
- ``planned``: announced for the future ("will visit", "plans to visit");
- ``asserted``: the rest.

The cue words are the closed classes every hedge and modality lexicon lists (modal auxiliaries,
epistemic adverbs, the CoNLL-2010 hedge cues' verbs of belief and appearance, FactBank's
source-introducing predicates of denial and of doubt): general English, not one data set's
misses. Modality of coded events reads the same rules (``events.modality``).

Spanish: each list's words in Spanish sit beside the English ones (lemmas of the two languages
do not collide), the future and the conditional are read from the verb's morphology (Tense=Fut,
Mood=Cnd, as Universal Dependencies marks them), and negation from "no", "nunca", "jamás",
which the Spanish parser attaches as adverbs.
"""

from __future__ import annotations

from spacy.tokens import Token

FACTUALITY = ("asserted", "negated", "uncertain", "hypothetical", "planned", "denied")

FUTURE_AUX = {"will", "shall", "'ll", "wo"}  # "wo" is spaCy's token for "won't"
POSSIBLE_AUX = {"may", "might", "could"}
HEDGE_ADVERBS = {"reportedly", "allegedly", "possibly", "perhaps", "probably", "apparently",
                 "likely", "maybe", "supposedly", "presumably", "seemingly", "purportedly",
                 "unlikely",
                 "supuestamente", "presuntamente", "posiblemente", "quizá", "quizás",
                 "probablemente", "aparentemente"}
# Predicates under which a clause is believed, suspected or asked about, not asserted.
BELIEF = {"believe", "suspect", "think", "seem", "appear", "allege", "speculate", "suppose",
          "suggest", "doubt", "wonder", "fear", "guess", "estimate", "assume", "rumor", "rumour",
          "creer", "sospechar", "pensar", "parecer", "alegar", "especular", "suponer", "sugerir",
          "dudar", "preguntar", "temer", "estimar", "asumir", "rumorear"}
UNKNOWN = {"unclear", "uncertain", "unknown", "unconfirmed", "unsure", "undecided",
           "incierto", "desconocido", "indeciso"}
# Predicates whose complement is announced or intended, not done.
PLANNING = {"plan", "intend", "want", "seek", "hope", "aim", "prepare", "consider", "propose",
            "expect", "vow", "pledge", "promise", "threaten", "agree", "offer", "decide",
            "schedule", "set", "due", "poise", "mean", "try", "attempt", "wish",
            "planear", "pretender", "querer", "buscar", "esperar", "aspirar", "preparar",
            "considerar", "proponer", "prever", "jurar", "prometer", "comprometer", "amenazar",
            "acordar", "ofrecer", "decidir", "programar", "intentar", "tratar", "desear"}
DENIAL = {"deny", "reject", "dismiss", "refute", "dispute", "rebut",
          "negar", "rechazar", "desmentir", "refutar", "rebatir", "descartar"}
_SPANISH_NEGATION = {"no", "nunca", "jamás", "tampoco"}
CONDITIONAL = {"if", "unless", "si"}  # subordinators of a condition


def _negated(tok: Token) -> bool:
    if tok.lang_ == "es":
        return any(c.lower_ in _SPANISH_NEGATION and c.dep_ == "advmod" for c in tok.children)
    return any(c.dep_ == "neg" for c in tok.children)


def _mood(tok: Token) -> str | None:
    """"fut" or "cnd" where the verb's own form says so (Spanish), else None (English says it
    with auxiliaries)."""
    if tok.lang_ == "en":
        return None
    if "Fut" in tok.morph.get("Tense"):
        return "fut"
    return "cnd" if "Cnd" in tok.morph.get("Mood") else None


def _marks(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ == "mark"}


def factuality(pred: Token, frames: list[Token]) -> str:
    """The factuality of ``pred``'s clause under the words that frame it.

    ``frames`` are the governing predicates from the outermost in ("said" in "he said it may
    rain", "plans" in "plans to visit"): their denial, doubt or plan passes down to the clause.
    """
    frames = [f for f in frames if f.i != pred.i]
    lemmas = {f.lemma_.lower() for f in frames}
    if lemmas & DENIAL:
        return "denied"
    aux = {c.lower_ for c in pred.children if c.dep_ in {"aux", "auxpass"}}
    if _negated(pred) or any(_negated(f) and f.lemma_.lower() in PLANNING for f in frames):
        return "negated"
    marks = _marks(pred)
    mood = _mood(pred)
    if mood == "fut":
        aux.add("will")
    elif mood == "cnd":
        aux.add("would")
    if "whether" in marks or any(f.lower_ in UNKNOWN or f.lemma_.lower() in BELIEF or
                                 any(c.dep_ == "acomp" and c.lower_ in UNKNOWN for c in f.children) or
                                 _negated(f) and f.lemma_.lower() in {"know", "clear", "confirm"}
                                 for f in frames):
        return "uncertain"
    if marks & CONDITIONAL or _conditional(pred):
        return "hypothetical"
    if aux & POSSIBLE_AUX or any(c.lower_ in HEDGE_ADVERBS for c in pred.children) or any(
            c.lower_ in HEDGE_ADVERBS for f in frames for c in f.children):
        return "uncertain"
    said = bool(frames)
    if aux & FUTURE_AUX or "would" in aux and said or lemmas & PLANNING or _going_to(pred):
        return "planned"
    if "would" in aux:
        return "hypothetical"
    return "asserted"


def _conditional(pred: Token) -> bool:
    """A main clause under an "if"/"unless" clause ("If talks fail, troops will move")."""
    return any(c.dep_ == "advcl" and _marks(c) & CONDITIONAL for c in pred.children)


def _going_to(pred: Token) -> bool:
    head = pred.head
    return pred.dep_ == "xcomp" and head.lower_ == "going" and any(
        c.lower_ in {"is", "are", "was", "were", "'s", "'re", "am"} for c in head.children)
