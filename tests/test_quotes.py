"""Quote extraction on sentences the team wrote, one construction per test."""

from __future__ import annotations

import pytest

from newsfuse.extract.actors import resolve_actors
from newsfuse.extract.quotes import extract_quotes, quote_spans


@pytest.fixture(scope="module")
def quotes_of(nlp):
    def run(text: str):
        doc = nlp(text)
        return extract_quotes(doc, resolve_actors(doc, nlp))
    return run


@pytest.mark.parametrize("open_, close", [("“", "”"), ('"', '"'), ("«", "»"), ("„", "“"), ("‘", "’")])
def test_every_quotation_mark_style(open_, close):
    text = f"The mayor said: {open_}We will rebuild the bridge by spring.{close} Then she left."
    (start, end), = quote_spans(text)
    assert text[start:end] == "We will rebuild the bridge by spring."


def test_apostrophes_do_not_close_single_quotes():
    text = "‘The town’s water is safe,’ the engineer said."
    assert [text[s:e] for s, e in quote_spans(text)] == ["The town’s water is safe,"]


def test_quote_split_around_its_cue_is_one_quote(quotes_of):
    text = ("“The harvest was the worst in a decade,” said Ana Lima, the farm minister. "
            "“We will need help from our neighbours before the winter.”")
    (q,) = [q for q in quotes_of(text) if q.direct]
    assert q.cue == "said" and q.speaker_name == "Ana Lima"
    assert len(q.parts) == 2
    assert text[q.parts[0][0]:q.parts[0][1]].startswith("The harvest")
    assert text[q.parts[1][0]:q.parts[1][1]].startswith("We will need help")
    assert q.content == text[q.start:q.end]


def test_pronoun_speaker_keeps_the_mention_and_resolves_the_actor(quotes_of):
    text = ("Senator Paul Okafor visited the flooded district on Tuesday. "
            "“Nobody here was warned in time,” he told reporters.")
    (q,) = [q for q in quotes_of(text) if q.direct]
    assert q.speaker == "he"
    assert q.speaker_name == "Paul Okafor" and q.speaker_actor == "person:paul-okafor"
    assert text[q.speaker_start:q.speaker_end] == "he"
    assert q.channel == "reporters"


def test_indirect_speech_after_the_cue(quotes_of):
    text = "The health minister said that the clinics would reopen next week."
    (q,) = quotes_of(text)
    assert not q.direct and q.cue == "said"
    assert q.content == "that the clinics would reopen next week"
    assert q.speaker == "The health minister"


def test_attribution_at_the_end_of_the_sentence(quotes_of):
    text = "The convoy was stopped at the border for six hours, two drivers said."
    (q,) = quotes_of(text)
    assert q.content == "The convoy was stopped at the border for six hours"
    assert q.speaker == "two drivers" and q.cue == "said"


def test_according_to(quotes_of):
    text = "According to the coast guard, the ferry was carrying 300 passengers."
    (q,) = quotes_of(text)
    assert q.cue == "according to" and q.speaker == "the coast guard"
    assert q.content == "the ferry was carrying 300 passengers"


def test_partial_quote_belongs_to_its_paraphrase(quotes_of):
    text = "The governor said the agreement was a “historic step” for the region."
    (q,) = quotes_of(text)
    assert not q.direct
    assert [text[s:e] for s, e in q.parts] == ["historic step"]


def test_titles_and_scare_quotes_are_not_quotes(quotes_of):
    text = "She appeared on “Morning Report” after the so-called “reform” was passed."
    assert quotes_of(text) == []


def test_channel_from_an_interview(quotes_of):
    text = "In a radio interview on Monday, the prime minister said the strike would end soon."
    (q,) = quotes_of(text)
    assert q.channel and "interview" in q.channel
