"""Live feeds: `newsfuse watch` polls RSS/Atom feeds politely and feeds new entries' pages
through the same pipeline as `ingest` (``follow``), over a polite, guarded client (``http``)."""

from .follow import Follower, PollReport
from .http import FetchError, PoliteClient
from .sources import feed_urls

__all__ = ["FetchError", "Follower", "PollReport", "PoliteClient", "feed_urls"]
