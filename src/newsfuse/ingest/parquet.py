"""Parquet tables of articles: one row per article, with the JSONL fields as columns (``text`` or
``html``, and ``id``, ``title``, ``url``, ``outlet``, ``published``, ...); other columns are kept
as metadata. A bad row fails alone, as a bad JSONL line does.

Large tables are the usual way bulk news archives are shipped, and their row groups are the
natural parts to read in parallel (``shards.py``): ``read_parquet`` reads one group, or all.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pyarrow.parquet as pq

from ..models import RawArticle
from .errors import InputError
from .jsonl import record_to_raw

BATCH_ROWS = 1024  # rows decoded at once: a row group may hold millions


def row_groups(path: Path) -> list[int]:
    """Rows per row group, from the file's footer."""
    meta = pq.ParquetFile(path).metadata
    return [meta.row_group(g).num_rows for g in range(meta.num_row_groups)]


def read_parquet(path: Path, group: int | None = None,
                 row: int = 1) -> Iterator[RawArticle | InputError]:
    """Rows of one row group (``row``: the number of its first row in the file), or of all."""
    try:
        table = pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises its own kinds for a bad file
        yield InputError(str(path), f"not a readable Parquet file ({exc})")
        return
    groups = None if group is None else [group]
    for batch in table.iter_batches(batch_size=BATCH_ROWS, row_groups=groups):
        for record in batch.to_pylist():
            origin = f"{path}:{row}"
            row += 1
            try:
                yield record_to_raw(_plain(record), origin)
            except InputError as exc:
                yield exc
            except Exception as exc:  # noqa: BLE001 - a bad row loses only that row
                yield InputError(origin, f"reader failed ({type(exc).__name__}: {exc})")


def _plain(record: dict) -> dict:
    """A row as a JSONL line would give it: Parquet timestamps and dates as ISO 8601 text."""
    return {k: v.isoformat() if isinstance(v, datetime | date) else v for k, v in record.items()
            if v is not None}
