"""Publication dates from metadata: ISO 8601 first, then RFC 2822 (feeds), else nothing."""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime


def parse_published(value: object) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    s = str(value).strip()
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        return None
