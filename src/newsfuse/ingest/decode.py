"""Reading files as text, with the checks every reader shares."""

from __future__ import annotations

from pathlib import Path

from .errors import InputError
from .limits import MAX_FILE_BYTES


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
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
