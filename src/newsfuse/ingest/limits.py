"""Input limits, each overridable by an environment variable (documented in the README).

They exist so that one pathological input (a 50 MB page, a single-line JSONL dump, an HTML
tree nested ten thousand levels deep) fails alone, quickly, instead of stalling a batch.
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


MAX_FILE_BYTES = _int("NEWSFUSE_MAX_FILE_BYTES", 20_000_000)  # .txt/.html/feed files
MAX_LINE_BYTES = _int("NEWSFUSE_MAX_LINE_BYTES", 5_000_000)  # one JSONL line
MAX_ARTICLE_CHARS = _int("NEWSFUSE_MAX_ARTICLE_CHARS", 1_000_000)  # stored text after cleaning
# Everything read from one JSONL file, compressed or not: a gzip bomb stops here, not at the disk.
MAX_DECOMPRESSED_BYTES = _int("NEWSFUSE_MAX_DECOMPRESSED_BYTES", 20_000_000_000)
