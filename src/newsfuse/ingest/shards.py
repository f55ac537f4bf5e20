"""Shards: the parts an input is read in, so that a cluster reads them side by side.

A shard is a whole file, a stretch of lines of a large JSONL file, or a row group of a Parquet
file. Shards come in a stable order (files sorted, parts in file order), and whoever reads them
hands back their articles in that order, so arrival order, and with it every duplicate and
story decision, is the same however many processes read.

A JSONL file is cut at line starts about every ``SHARD_BYTES``; each shard carries the number
of its first line, so errors name the line in the file as they do when it is read whole. A
gzipped file cannot be entered in the middle and is one shard.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..models import RawArticle
from . import iter_files, kind_of, read_path
from .decode import compressed
from .errors import InputError
from .jsonl import read_jsonl
from .parquet import read_parquet, row_groups

SHARD_BYTES = 4 << 20  # about a thousand news articles: a few batches for one worker


@dataclass(frozen=True)
class Shard:
    path: Path
    part: int | None = None  # JSONL: first byte; Parquet: row group; None: the whole file
    stop: int | None = None  # JSONL: the byte the next shard starts at
    first: int = 1  # number of the first line or row, for error messages


def shards(paths: Iterable[Path]) -> Iterator[Shard | InputError]:
    for f in iter_files(paths):
        if isinstance(f, InputError):
            yield f
            continue
        kind = kind_of(f)
        try:
            if kind == ".jsonl" and not compressed(f) and f.stat().st_size > SHARD_BYTES:
                yield from _jsonl_shards(f)
            elif kind == ".parquet" and len(groups := row_groups(f)) > 1:
                first = 1
                for g, rows in enumerate(groups):
                    yield Shard(f, g, first=first)
                    first += rows
            else:
                yield Shard(f)
        except OSError as exc:
            yield InputError(str(f), f"cannot read file ({exc.strerror or exc})")
        except Exception:  # noqa: BLE001 - an unreadable table is reported when read whole
            yield Shard(f)


def _jsonl_shards(path: Path) -> Iterator[Shard]:
    """Cut at the first line start past every ``SHARD_BYTES``, counting lines on the way."""
    size = path.stat().st_size
    start, line = 0, 1
    with path.open("rb") as fh:
        while start < size:
            fh.seek(start + SHARD_BYTES)
            while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass  # to the end of the line the cut fell in, however long
            stop = min(fh.tell(), size)
            yield Shard(path, start, stop, line)
            fh.seek(start)
            line += _newlines(fh, stop - start)
            start = stop


def _newlines(fh, size: int) -> int:
    n = 0
    while size > 0:
        chunk = fh.read(min(size, 1 << 24))
        if not chunk:
            break
        n += chunk.count(b"\n")
        size -= len(chunk)
    return n


def read_shard(shard: Shard) -> Iterator[RawArticle | InputError]:
    if shard.part is None:
        yield from read_path(shard.path)
    elif kind_of(shard.path) == ".parquet":
        yield from read_parquet(shard.path, shard.part, shard.first)
    else:
        yield from read_jsonl(shard.path, shard.part, shard.stop, shard.first)
