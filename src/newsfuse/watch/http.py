"""A polite HTTP client for feeds and the pages they link to, built on httpx.

Politeness is what lets a user follow a hundred outlets from one machine without being blocked:
one request at a time per host with a pause between them, a User-Agent that says who is asking,
robots.txt obeyed, and no retry on an answer that will not change (4xx).

Safety is the rest. A feed is input from somebody else, so what it links to is not trusted: only
http(s) is fetched, and an address that is not on the public internet (loopback, private,
link-local) only when the feed the link came from lives on that same host. Bodies are read up to
the same size limit as files, and redirects are followed by hand, a few at most, each hop held
to the same address rule.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from .. import __version__
from ..ingest.limits import MAX_FILE_BYTES

USER_AGENT = f"newsfuse/{__version__} (+https://github.com/newsfuse/newsfuse; feed reader)"
MAX_REDIRECTS = 5
RETRIES = 3  # attempts after the first, on 5xx and network errors


class FetchError(Exception):
    """A fetch that failed for good: the message says what and where, in one line."""


@dataclass
class Response:
    url: str  # after redirects
    status: int
    body: bytes
    headers: dict[str, str]


def _is_public(host: str) -> bool:
    """Whether every address the host name resolves to is on the public internet."""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return True  # unresolvable: the request itself will fail with a clear error
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        if not ip.is_global:
            return False
    return True


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


@dataclass
class PoliteClient:
    delay: float = 1.0  # seconds between two requests to one host
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    backoff: float = 1.0  # first retry waits this long, then twice as long each time
    retries: int = RETRIES
    max_bytes: int = MAX_FILE_BYTES
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _client: httpx.Client | None = None

    def __post_init__(self) -> None:
        timeout = httpx.Timeout(self.read_timeout, connect=self.connect_timeout)
        self._client = httpx.Client(timeout=timeout, follow_redirects=False,
                                     headers={"User-Agent": USER_AGENT})

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    # -- the address rule ----------------------------------------------------------------------

    def check(self, url: str, configured: str) -> None:
        """Refuse ``url`` unless it is http(s) and public, or on the host of ``configured``
        (the feed the user named, which may well be on their own network)."""
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"}:
            raise FetchError(f"{url}: refused, only http and https are fetched")
        host = _host(url)
        if not host:
            raise FetchError(f"{url}: refused, no host")
        if host != _host(configured) and not _is_public(host):
            raise FetchError(f"{url}: refused, {host} is not a public address and the feed "
                             f"does not live there")

    # -- robots.txt ----------------------------------------------------------------------------

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        if base not in self._robots:
            rules: urllib.robotparser.RobotFileParser | None = None
            try:
                res = self._get(f"{base}/robots.txt", base, retries=0)
                if res.status == 200:
                    rules = urllib.robotparser.RobotFileParser()
                    rules.parse(res.body.decode("utf-8", "replace").splitlines())
                elif res.status in {401, 403}:
                    rules = urllib.robotparser.RobotFileParser()
                    rules.disallow_all = True  # as robotparser itself reads a 401/403
            except FetchError:
                rules = None  # no robots.txt to be had: nothing is disallowed
            self._robots[base] = rules
        rules = self._robots[base]
        return rules is None or rules.can_fetch(USER_AGENT, url)

    # -- fetching ------------------------------------------------------------------------------

    def fetch(self, url: str, configured: str, headers: dict[str, str] | None = None) -> Response:
        """GET ``url`` as a link found through the feed ``configured``; 304 is returned, any
        other status but 2xx raises ``FetchError``."""
        self.check(url, configured)
        if not self.allowed(url):
            raise FetchError(f"{url}: disallowed by robots.txt")
        res = self._get(url, configured, headers=headers)
        if res.status == 304 or 200 <= res.status < 300:
            return res
        raise FetchError(f"{url}: HTTP {res.status}")

    def _wait(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def _get(self, url: str, configured: str, headers: dict[str, str] | None = None,
             retries: int | None = None) -> Response:
        """One GET with redirects followed by hand and retries on 5xx and network errors."""
        for _ in range(MAX_REDIRECTS + 1):
            res = self._attempt(url, headers, self.retries if retries is None else retries)
            if res.status in {301, 302, 303, 307, 308} and "location" in res.headers:
                url = urljoin(url, res.headers["location"])
                self.check(url, configured)
                continue
            return res
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")

    def _attempt(self, url: str, headers: dict[str, str] | None, retries: int) -> Response:
        wait = self.backoff
        for attempt in range(retries + 1):
            self._wait(_host(url))
            try:
                res = self._read(url, headers)
            except httpx.TimeoutException:
                error = f"{url}: timed out"
            except httpx.TransportError as exc:
                error = f"{url}: network error ({type(exc).__name__})"
            else:
                if res.status < 500:
                    return res
                error = f"{url}: HTTP {res.status}"
            if attempt < retries:
                time.sleep(wait)
                wait *= 2
        raise FetchError(error)

    def _read(self, url: str, headers: dict[str, str] | None) -> Response:
        assert self._client is not None
        with self._client.stream("GET", url, headers=headers or {}) as res:
            size = int(res.headers.get("content-length") or 0)
            if size > self.max_bytes:
                raise FetchError(f"{url}: {size} bytes, over the limit of {self.max_bytes} "
                                 "(NEWSFUSE_MAX_FILE_BYTES)")
            body = bytearray()
            for chunk in res.iter_bytes():
                body += chunk
                if len(body) > self.max_bytes:
                    raise FetchError(f"{url}: over the limit of {self.max_bytes} bytes "
                                     "(NEWSFUSE_MAX_FILE_BYTES)")
            return Response(str(res.url), res.status_code, bytes(body),
                            {k.lower(): v for k, v in res.headers.items()})
