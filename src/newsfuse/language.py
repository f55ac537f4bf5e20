"""The language an article is written in, when its metadata does not say.

py3langid (Lui and Baldwin's langid.py, maintained by Adrien Barbaresi; the model ships in the
package) reads character n-grams, so it needs no parse and tells 97 languages apart on a few
sentences. Its normalised probability says how sure it is: below even odds the language stays
unknown rather than guessed, and everything downstream treats unknown as it always has.
"""

from __future__ import annotations

from functools import lru_cache

# Enough text for a confident call; more only costs time (the opening is the article's own
# language even where a later quotation is not).
SAMPLE_CHARS = 2000
SURE = 0.5


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short or mixed to
    tell."""
    sample = text[:SAMPLE_CHARS].strip()
    if not sample:
        return None
    lang, confidence = _identifier().classify(sample)
    return lang if confidence >= SURE else None


def tag(value: str | None) -> str | None:
    """A metadata language ("en-US", "es_ES", "EN") as its ISO 639 primary subtag, so the same
    language is one value whatever the feed or sidecar wrote."""
    primary = (value or "").strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None
