"""Extraction: one spaCy parse per article, reused by every extractor.

``articles.parse_articles`` parses in batches (spaCy's ``pipe`` is several times faster than one
call per text), each article with its own language's pipeline; ``articles.extract_doc`` returns an
``Extraction`` per article with offsets into the stored text.

This package file imports nothing: fusion reads the gazetteer and the figure rules' words from
here, and must not pay for spaCy (and, through thinc, torch) in a process that only places and
stores.
"""

