"""Quotes: direct (in any quotation-mark style, split around the cue) and indirect ("said that").

A direct quote's cue is the reporting verb nearest the closing mark in the sentences the quote
touches, outside the quotation itself; its speaker is that verb's subject, resolved to an actor
by name, by pronoun (the nearest person before) or by role ("the spokesperson").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from ..models import QuoteRecord
from .actors import ActorIndex
from .gazetteer import gazetteer

_PAIRS = {"“": "”", "«": "»", "„": "“", '"': '"', "‘": "’", "‹": "›", "「": "」"}
_MEDIA = {
    "interview", "broadcast", "show", "program", "programme", "statement", "speech", "address",
    "conference", "briefing", "post", "tweet", "message", "podcast", "appearance", "op-ed",
    "column", "letter", "video", "remarks", "session", "meeting", "summit", "hearing", "rally",
}
_PRONOUNS = {"he", "she", "they", "i", "we"}
# Verbs that report speech whatever their complement; other cues ("maintain", "call",
# "describe") report speech only with a clausal complement or beside the quotation itself.
_CORE_CUES = {"say", "tell", "add", "write", "state", "note", "ask", "claim", "declare", "insist",
              "explain", "reply", "respond", "tweet", "post", "warn", "announce", "stress"}


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text between matching quotation marks, paragraph by paragraph."""
    spans = []
    for para in re.finditer(r"[^\n]+", text):
        p, base, i = para.group(), para.start(), 0
        while i < len(p):
            ch = p[i]
            if ch in _PAIRS and not (ch == "‘" and i > 0 and p[i - 1].isalnum()):
                close = _PAIRS[ch]
                j = i + 1
                while j < len(p):
                    # An apostrophe inside a word is not a closing single quote.
                    if p[j] == close and not (close == "’" and j + 1 < len(p) and p[j + 1].isalpha()):
                        break
                    j += 1
                if j < len(p):
                    inner = p[i + 1 : j]
                    if inner.strip():
                        lead = len(inner) - len(inner.lstrip())
                        spans.append((base + i + 1 + lead, base + i + 1 + len(inner.rstrip())))
                    i = j + 1
                    continue
            i += 1
    return spans


def _is_cue(t: Token) -> bool:
    lemma = t.lemma_.lower()
    if t.pos_ not in {"VERB", "AUX"} or lemma not in gazetteer().cues:
        return False
    return lemma in _CORE_CUES or any(c.dep_ in {"ccomp", "parataxis"} for c in t.children) \
        or t.dep_ in {"parataxis"}


def _cue_tokens(doc: Doc, sents, inside) -> list[Token]:
    return [t for sent in sents for t in sent if _is_cue(t) and not inside(t.idx)]


def _according_to(sents, inside) -> Token | None:
    for sent in sents:
        for t in sent:
            if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to" \
                    and not inside(t.idx):
                return t
    return None


def _speaker(index: ActorIndex, cue: Token, inside=lambda c: False) -> tuple[str | None, str | None]:
    """(speaker text, actor id) from the cue's subject, or from "according to X"."""
    if cue.lower_ == "according":
        objs = [c for c in cue.doc[cue.i + 1].children if c.dep_ == "pobj"]
        subj = objs[0] if objs else None
    else:
        subj = next((c for c in cue.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is None and cue.dep_ in {"conj", "advcl", "xcomp"}:
            subj = next((c for c in cue.head.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return None, None
    tokens = [t for t in subj.subtree if t.dep_ not in {"relcl", "acl", "punct"}]
    text = cue.doc[min(t.i for t in tokens) : max(t.i for t in tokens) + 1].text
    if subj.lower_ in _PRONOUNS and subj.lower_ not in {"i", "we"}:
        aid = index.person_before(subj.idx, skip=inside)
        return (index.actors[aid].name if aid else text), aid
    aid = index.in_span(tokens)
    if aid is None and subj.pos_ == "NOUN":
        aid = index.person_before(subj.idx, role_word=subj.lemma_.lower(), skip=inside)
    if aid and index.actors[aid].channel and cue.lower_ != "according":
        return text, aid
    return (index.actors[aid].name if aid else text), aid


def _channel(index: ActorIndex, cue: Token) -> str | None:
    """'told TASS', 'in a CBS interview', 'during his weekly broadcast'."""
    doc = cue.doc
    if cue.lemma_ == "tell":
        for c in cue.children:
            if c.dep_ in {"dobj", "dative"}:
                end = c.right_edge.i + 1
                # "told state news agency TASS": the name often hangs off the verb, not the noun.
                while end < len(doc) and doc[end].ent_type_ and doc[end].ent_iob_ != "O" and \
                        doc[end].pos_ == "PROPN":
                    end += 1
                return doc[c.left_edge.i : end].text
    candidates = [cue, *[t for t in cue.sent if t.dep_ in {"advcl", "prep"}]]
    for head in candidates:
        for prep in ([head] if head.dep_ == "prep" else [c for c in head.children if c.dep_ == "prep"]):
            if prep.lower_ not in {"in", "during", "on", "at", "to", "with"}:
                continue
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in _MEDIA:
                    return doc[prep.i : pobj.right_edge.i + 1].text
    if cue.lower_ == "according":
        return None
    for c in cue.children:
        if c.dep_ == "prep" and c.lower_ == "to":
            for p in c.children:
                aid = index.at(p)
                if aid and index.actors[aid].channel:
                    return index.actors[aid].name
    return None


def extract_quotes(doc: Doc, index: ActorIndex) -> list[QuoteRecord]:
    text = doc.text
    spans = [s for s in quote_spans(text) if len(text[s[0] : s[1]].split()) >= 2]
    out: list[QuoteRecord] = []

    def inside(char: int) -> bool:
        return any(s - 1 <= char < e + 1 for s, e in spans)

    covered: list[tuple[int, int]] = []
    for start, end in spans:
        sents = [s for s in doc.sents if s.start_char < end + 1 and s.end_char > start - 1]
        if not sents:
            continue
        following = doc[sents[-1].end].sent if sents[-1].end < len(doc) else None
        search = sents + ([following] if following is not None and following.start_char - end < 3
                          and not any(inside(t.idx) for t in following[:1]) else [])
        cues = _cue_tokens(doc, search, inside)
        cue = min(cues, key=lambda t: min(abs(t.idx - end), abs(t.idx - start)), default=None)
        cue = cue or _according_to(search, inside)
        speaker, actor = _speaker(index, cue, inside) if cue is not None else (None, None)
        out.append(QuoteRecord(
            speaker=speaker, speaker_actor=actor, cue=cue.text if cue is not None else None,
            content=text[start:end], start=start, end=end, direct=True,
            channel=_channel(index, cue) if cue is not None else None,
            sentence=[sents[0].start_char, sents[-1].end_char],
        ))
        covered.append((start, end))

    # Indirect speech: a reporting verb with a clausal complement that is not itself a quotation.
    for tok in doc:
        if not _is_cue(tok) or inside(tok.idx):
            continue
        for comp in tok.children:
            if comp.dep_ != "ccomp" or comp.i < tok.i:
                continue
            s, e = comp.left_edge.idx, comp.right_edge.idx + len(comp.right_edge.text)
            quoted = sum(min(e, qe) - max(s, qs) for qs, qe in covered if qs < e and qe > s)
            if e - s < 12 or quoted > 0.8 * (e - s):
                continue
            speaker, actor = _speaker(index, tok, inside)
            if speaker is None:
                continue
            out.append(QuoteRecord(
                speaker=speaker, speaker_actor=actor, cue=tok.text, content=text[s:e], start=s,
                end=e, direct=False, channel=_channel(index, tok),
                sentence=[tok.sent.start_char, tok.sent.end_char],
            ))
    out.sort(key=lambda q: (q.start, not q.direct))
    return out
