"""Quotes: direct (any quotation-mark style, split around the cue), indirect, "according to".

Indirect speech is read from the parse: a reporting verb's clausal complement, before or after
it ("sources said", "said that"), or the rest of a sentence that opens or closes with
"according to X". A quotation inside such a clause is part of that statement, not a second quote.
A quotation that stands on its own takes the reporting verb nearest to it, in its sentence or
the next one; a quotation embedded mid-sentence is a partial quote only when a reporting verb
governs it ("praised relations as “model”"), otherwise it is a title or a scare quote. Halves of
one quotation split around its cue become one quote with ``parts``.

The speaker is the cue's subject as written, resolved to an actor by name, by pronoun (the
nearest person before) or by role ("the spokesperson").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..models import QuoteRecord
from ..nlp import doc_text
from .actors import ActorIndex
from .attribution import according_source, is_according, phrase_tokens
from .attribution import cue_text as attribution_cue
from .gazetteer import gazetteer

_PAIRS = {"“": "”", "«": "»", "„": "“", '"': '"', "‘": "’", "‹": "›", "「": "」"}
_MEDIA = {
    "interview", "broadcast", "show", "program", "programme", "statement", "speech", "address",
    "conference", "briefing", "post", "tweet", "message", "podcast", "appearance", "op-ed",
    "column", "letter", "video", "remarks", "session", "meeting", "summit", "hearing", "rally",
}
_PERSONAL = {"he", "she", "they", "él", "ella", "ellos", "ellas"}
_RELATIVE = {"who", "which", "that", "que", "quien", "quienes"}
# Spanish marks a relative clause acl (Universal Dependencies), English relcl.
_RELATIVE_CLAUSE = {"relcl", "acl"}
_MIN_INDIRECT_CHARS = 12
_SMALL = {"a", "an", "the", "of", "and", "in", "on", "for", "to", "with", "at", "by", "or"}


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
                    for s, e in _without_asides(p, i + 1, j):
                        inner = p[s:e]
                        if inner.strip():
                            lead = len(inner) - len(inner.lstrip())
                            spans.append((base + s + lead, base + s + len(inner.rstrip())))
                    i = j + 1
                    continue
            i += 1
    return spans


# Spanish sets the narrator's words off inside a quotation with dashes: «Es serena —dijo— y
# fructífera». An aside opens with a dash after a space and a lower-case word, and ends at the
# next dash or at the quotation's end.
_ASIDE = re.compile(r"(?<=\s)—(?=[a-záéíóúñü])[^—]*(?:—|$)")


def _without_asides(p: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of the quotation p[start:end] outside its narrator's asides."""
    parts, at = [], start
    for m in _ASIDE.finditer(p, start, end):
        parts.append((at, m.start()))
        at = m.end()
    parts.append((at, end))
    return parts


def _is_cue(t: Token) -> bool:
    lemma = t.lemma_.lower()
    if t.pos_ not in {"VERB", "AUX"} or lemma not in gazetteer().cues:
        return False
    return lemma in gazetteer().core_cues or any(c.dep_ in {"ccomp", "parataxis"} for c in t.children) \
        or t.dep_ in {"parataxis"}


@dataclass
class _Speaker:
    text: str | None = None
    start: int | None = None
    end: int | None = None
    actor: str | None = None
    name: str | None = None


class _Quotes:
    """State shared by the passes over one article."""

    def __init__(self, doc: Doc, index: ActorIndex) -> None:
        self.doc, self.index, self.text = doc, index, doc_text(doc)
        self.spans = quote_spans(self.text)

    def inside(self, char: int) -> bool:
        return any(s - 1 <= char < e + 1 for s, e in self.spans)

    # -- speakers and channels ----------------------------------------------------------------

    def speaker(self, cue: Token) -> _Speaker:
        """The cue's subject as written, and the actor it refers to."""
        if is_according(cue):
            subj = according_source(cue)
        else:
            subj = self._subject(cue)
            head = cue
            # "…, and added", "…, saying": the subject of the verb the cue hangs off.
            while subj is None and head.dep_ in {"conj", "advcl", "xcomp"} and head.head is not head:
                head = head.head
                subj = self._subject(head)
            if subj is None:
                # "…,” said Rep. Jane Roe: the parser sometimes leaves an inverted subject loose.
                subj = next((c.root for c in cue.doc.noun_chunks if c.start == cue.i + 1), None)
        if subj is None:
            return self._unsaid_subject(cue)
        tokens = [t for t in subj.subtree if t.dep_ not in {"relcl", "acl", "punct"}
                  or t is subj]
        tokens = [t for t in tokens if not any(a.dep_ in {"relcl", "acl"} and a.i in
                                               {x.i for x in subj.subtree} for a in t.ancestors
                                               if a is not subj and subj in a.ancestors)]
        lo, hi = min(t.i for t in tokens), max(t.i for t in tokens)
        span = cue.doc[lo : hi + 1]
        found = _Speaker(span.text, span.start_char, span.end_char)
        low = subj.lower_
        if low in _RELATIVE and subj.head.dep_ in _RELATIVE_CLAUSE:
            # "Trump, who said …": the noun the relative clause describes.
            noun = subj.head.head
            found.actor = self.index.at(noun) or self.index.in_span(list(noun.subtree)[:8])
        elif low in _PERSONAL:
            found.actor = self.index.person_before(subj.idx, skip=self.inside)
        elif low not in {"i", "we", "you", "it"}:
            found.actor = self.index.in_span(tokens)
            if found.actor is None and subj.pos_ == "NOUN":
                found.actor = self.index.person_before(subj.idx, role_word=subj.lemma_.lower(),
                                                       skip=self.inside)
        if found.actor:
            found.name = self.index.actors[found.actor].name
        return found

    def _unsaid_subject(self, cue: Token) -> _Speaker:
        """A verb with no subject in a language that leaves it out (Spanish "dijo" is "he said"
        or "she said") means the person the text is about, as a pronoun would."""
        if cue.lang_ == "en" or "3" not in cue.morph.get("Person"):
            return _Speaker()
        actor = self.index.person_before(cue.idx, skip=self.inside)
        if actor is None:
            return _Speaker()
        name = self.index.actors[actor].name
        return _Speaker(text=name, actor=actor, name=name)

    def _subject(self, verb: Token) -> Token | None:
        """The verb's subject, unless the parser found it inside a quotation."""
        return next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}
                     and not self.inside(c.idx)), None)

    def channel(self, cue: Token) -> str | None:
        """'told TASS', 'in a CBS interview', 'during his weekly broadcast'."""
        doc, index = self.doc, self.index
        if cue.lemma_ == "tell":
            for c in cue.children:
                if c.dep_ in {"dobj", "dative"}:
                    end = c.right_edge.i + 1
                    # "told state news agency TASS": the name often hangs off the verb.
                    while end < len(doc) and doc[end].ent_type_ and doc[end].ent_iob_ != "O" and \
                            doc[end].pos_ == "PROPN":
                        end += 1
                    return doc[c.left_edge.i : end].text
        candidates = [cue, *[t for t in cue.sent if t.dep_ in {"advcl", "prep"}]]
        for head in candidates:
            preps = [head] if head.dep_ == "prep" else [c for c in head.children if c.dep_ == "prep"]
            for prep in preps:
                if prep.lower_ not in {"in", "during", "on", "at", "to", "with"}:
                    continue
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and pobj.lemma_.lower() in _MEDIA:
                        return doc[prep.i : pobj.right_edge.i + 1].text
        if is_according(cue):
            return None
        for c in cue.children:
            if c.dep_ == "prep" and c.lower_ == "to":
                for p in c.children:
                    aid = index.at(p)
                    if aid and index.actors[aid].channel:
                        return index.actors[aid].name
        return None

    def record(self, cue: Token | None, start: int, end: int, direct: bool,
               sentence: Span | list[Span]) -> QuoteRecord:
        sp = self.speaker(cue) if cue is not None else _Speaker()
        sents = sentence if isinstance(sentence, list) else [sentence]
        return QuoteRecord(
            speaker=sp.text, speaker_actor=sp.actor, speaker_name=sp.name or sp.text,
            speaker_start=sp.start, speaker_end=sp.end,
            cue=self.cue_text(cue), content=self.text[start:end], start=start, end=end,
            direct=direct, channel=self.channel(cue) if cue is not None else None,
            sentence=[sents[0].start_char, sents[-1].end_char],
        )

    @staticmethod
    def cue_text(cue: Token | None) -> str | None:
        if cue is None:
            return None
        return attribution_cue(cue)

    # -- indirect speech ----------------------------------------------------------------------

    def _quoted_share(self, s: int, e: int) -> float:
        quoted = sum(min(e, qe) - max(s, qs) for qs, qe in self.spans if qs < e and qe > s)
        return quoted / max(e - s, 1)

    def _reported(self, s: int, e: int, max_quoted: float = 0.8) -> bool:
        """Long enough to be a statement, and not mostly a quotation (the direct pass has it)."""
        return e - s >= _MIN_INDIRECT_CHARS and self._quoted_share(s, e) <= max_quoted

    def indirect(self) -> list[tuple[Token, int, int]]:
        """(cue, start, end) of reported clauses that are not themselves a quotation."""
        out = []
        for tok in self.doc:
            if self.inside(tok.idx):
                continue
            if is_according(tok):
                span = self._according_content(tok)
                if span:
                    out.append((tok, *span))
                continue
            if not _is_cue(tok):
                continue
            tail = self._tail_content(tok)
            if tail is not None:
                out.append((tok, *tail))
                continue
            for comp in tok.children:
                # The small parser often hangs "said that …" as an adverbial clause.
                if not (comp.dep_ == "ccomp" or comp.dep_ == "advcl" and comp.i > tok.i and any(
                        c.lower_ == "that" and c.i < comp.i for c in comp.children)):
                    continue
                s, e = _edges(comp)
                if self._reported(s, e):
                    out.append((tok, s, e))
            # "X happened, sources said": the cue hangs off the clause it reports.
            if tok.dep_ == "parataxis" and tok.i > tok.head.i and tok.head.pos_ in {"VERB", "AUX"}:
                s = tok.head.left_edge.idx
                e = _end(self.doc[max(tok.left_edge.i - 1, tok.head.i)])
                if self.doc[tok.left_edge.i - 1].is_punct:
                    e = _end(self.doc[tok.left_edge.i - 2])
                if self._reported(s, e):
                    out.append((tok, s, e))
        return out

    def _tail_content(self, cue: Token) -> tuple[int, int] | None:
        """"X happened, sources said." / "…, said Y.": the sentence up to the comma."""
        if any(c.dep_ == "ccomp" and c.i > cue.i for c in cue.children):
            return None
        subj = self._subject(cue)
        if subj is None or (subj.i < cue.i and subj.right_edge.i != cue.i - 1 and
                            not all(t.dep_ in {"advmod", "aux"} for t in
                                    cue.doc[subj.right_edge.i + 1 : cue.i])):
            return None
        first = min(cue.i, subj.left_edge.i)
        sent = cue.sent
        if first - 1 <= sent.start or cue.doc[first - 1].text not in {",", "—", "–"}:
            return None
        body = [t for t in cue.doc[sent.start : first - 1] if not t.is_punct and not t.is_space]
        # "In one tweet Friday, Trump said: …" opens with an adverbial, not a reported clause.
        if not any(t.pos_ in {"VERB", "AUX"} for t in body):
            return None
        s, e = body[0].idx, _end(body[-1])
        last = max(cue.i, subj.right_edge.i)
        rest = [t for t in cue.doc[last + 1 : sent.end] if not t.is_space]
        if rest and rest[0].text == "," and any(t.pos_ in {"VERB", "AUX"} for t in rest) and \
                not any(_is_cue(t) for t in rest):
            # "But to prevent problems, he said, officials should be vigilant": both sides.
            e = _end([t for t in rest if not t.is_punct][-1])
        return (s, e) if self._reported(s, e, max_quoted=0.5) else None

    def _according_content(self, tok: Token) -> tuple[int, int] | None:
        sent = tok.sent
        phrase = phrase_tokens(tok)
        p_lo, p_hi = phrase[0].i, phrase[-1].i
        body = [t for t in sent if (t.i < p_lo or t.i > p_hi) and not t.is_punct and not t.is_space]
        if not body:
            return None
        before = [t for t in body if t.i < p_lo]
        after = [t for t in body if t.i > p_hi]
        side = after if len(after) >= len(before) else before
        s, e = side[0].idx, _end(side[-1])
        return (s, e) if self._reported(s, e) else None

    # -- direct speech ------------------------------------------------------------------------

    def _embedded(self, start: int) -> bool:
        """True when a word comes right before the opening mark: the quote is mid-sentence."""
        i = start - 2
        while i >= 0 and self.text[i] in " \t":
            i -= 1
        return i >= 0 and (self.text[i].isalnum() or self.text[i] in "%$)")

    def _governing_cue(self, start: int, end: int) -> Token | None:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        head = span.root
        for anc in [head, *head.ancestors]:
            if anc.sent != head.sent:
                break
            if _is_cue(anc) and not (start <= anc.idx < end):
                return anc
        return None

    def _title(self, start: int, end: int) -> bool:
        """“Fox News Sunday”, “The Apprentice”: capitalised words, or the object of "on"/"in"."""
        words = re.findall(r"[\w’']+", self.text[start:end])
        if 0 < len(words) <= 6 and all(w[0].isupper() or w.lower() in _SMALL for w in words):
            return True
        span = self.doc.char_span(start, end, alignment_mode="expand")
        root = span.root if span is not None and len(span) else None
        return root is not None and root.dep_ == "pobj" and root.head.lower_ not in {"as", "like"}

    def _nearest_cue(self, start: int, end: int, sents: list[Span]) -> Token | None:
        doc = self.doc
        following = doc[sents[-1].end].sent if sents[-1].end < len(doc) else None
        search = list(sents)
        if following is not None and following.start_char - end < 3 and \
                not any(self.inside(t.idx) for t in following[:1]):
            search.append(following)
        cues = [t for sent in search for t in sent if _is_cue(t) and not self.inside(t.idx)]
        if cues:
            return min(cues, key=lambda t: min(abs(t.idx - end), abs(t.idx - start)))
        for sent in search:
            for t in sent:
                if is_according(t) and not self.inside(t.idx):
                    return t
        return None

    def direct(self, absorbed) -> list[tuple[Token | None, int, int, list[Span], bool]]:
        out = []
        for start, end in self.spans:
            if absorbed(start, end):
                continue
            sents = [s for s in self.doc.sents if s.start_char < end + 1 and s.end_char > start - 1]
            if not sents:
                continue
            embedded = self._embedded(start)
            if embedded:
                cue = self._governing_cue(start, end)
                if cue is None or self._title(start, end):
                    continue  # a title, a name or a scare quote
            else:
                if len(self.text[start:end].split()) < 2:
                    continue
                cue = self._nearest_cue(start, end, sents)
            out.append((cue, start, end, sents, embedded))
        return out


def _end(t: Token) -> int:
    return t.idx + len(t.text)


def _edges(t: Token) -> tuple[int, int]:
    return t.left_edge.idx, _end(t.right_edge)


def _same_paragraph(text: str, a: int, b: int) -> bool:
    return "\n" not in text[a:b]


def extract_quotes(doc: Doc, index: ActorIndex) -> list[QuoteRecord]:
    q = _Quotes(doc, index)
    indirect = q.indirect()

    def absorbed(start: int, end: int) -> bool:
        # A quotation that closes the reported clause often carries the sentence's full stop.
        return any(s <= start < e and min(end, e) - start >= 0.5 * (end - start)
                   for _, s, e in indirect)

    out: list[QuoteRecord] = []
    direct = q.direct(absorbed)
    # Halves of one quotation around a shared cue, in one paragraph, become one quote.
    groups: list[list[tuple]] = []
    for item in direct:
        cue, start = item[0], item[1]
        last = groups[-1][-1] if groups else None
        joined = last is not None and last[0] is not None and not item[4] and not last[4] and \
            _same_paragraph(q.text, last[2], start) and (
                (cue is not None and last[0].i == cue.i)
                # “…,” said X, speaking of Y. “…”: the second half shares the first one's cue
                # when it is a whole sentence of quotation.
                or (cue is None and last[2] <= last[0].idx < start
                    and not re.search(r"\w", q.text[item[2] : item[3][-1].end_char])))
        if joined:
            groups[-1].append((last[0], *item[1:]))
        else:
            groups.append([item])
    previous: QuoteRecord | None = None
    for group in groups:
        cue, start, end = group[0][0], group[0][1], group[-1][2]
        sents = sorted({s for item in group for s in item[3]}, key=lambda s: s.start)
        rec = q.record(cue, start, end, True, sents)
        if len(group) > 1:
            rec.parts = [[s, e] for _, s, e, _, _ in group]
        between = q.text[previous.end : start] if previous is not None else ""
        if cue is None and previous is not None and previous.speaker and \
                between.count("\n") <= 2 and len(re.findall(r"\w+", between)) <= 4:
            # A quotation paragraph with no cue continues the previous speaker's quote.
            rec.speaker, rec.speaker_actor, rec.speaker_name = (
                previous.speaker, previous.speaker_actor, previous.speaker_name)
            rec.cue, rec.channel = previous.cue, previous.channel
        out.append(rec)
        previous = rec
    for cue, s, e in indirect:
        rec = q.record(cue, s, e, False, cue.sent)
        # Quotations inside a paraphrase ("maintains “daily and ongoing communication”").
        inner = [[qs, qe] for qs, qe in q.spans if s <= qs and qe <= e + 1]
        rec.parts = inner or None
        if rec.speaker is not None:
            out.append(rec)
    out.sort(key=lambda r: (r.start, not r.direct))
    return out
