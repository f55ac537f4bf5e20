"""Reading files as text, with the checks every reader shares.

A ``.gz`` file is read through gzip. Its limits apply to what it decompresses to, read in
bounded pieces, so a small file that inflates to gigabytes (a decompression bomb) fails at the
limit instead of filling memory.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import IO

from .errors import InputError
from .limits import MAX_FILE_BYTES

GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)


def compressed(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


def open_input(path: Path) -> IO[bytes]:
    return gzip.open(path, "rb") if compressed(path) else path.open("rb")


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    if compressed(path):
        try:
            with gzip.open(path, "rb") as fh:
                data = fh.read(limit + 1)
        except GZIP_ERRORS as exc:
            raise InputError(str(path), f"not a valid gzip file ({exc})") from None
        if len(data) > limit:
            raise InputError(str(path), f"decompresses to over the {limit / 1e6:.0f} MB limit")
    else:
        size = path.stat().st_size
        if size > limit:
            raise InputError(str(path), f"file is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit")
        data = path.read_bytes()
    if not data.strip():
        raise InputError(str(path), "empty file")
    if b"\x00" in data[:8192]:
        raise InputError(str(path), "binary file (NUL bytes), not text")
    return data


def decode_utf8(data: bytes, origin: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            origin, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}, line {line})"
        ) from None


def text_field(obj: dict, key: str, origin: str) -> str | None:
    """A metadata field as text: a number is written out, a list or object is refused."""
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise InputError(origin, f"'{key}' must be a string, got {type(value).__name__}")
