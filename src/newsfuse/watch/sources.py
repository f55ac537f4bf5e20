"""What to follow: feed URLs given on the command line, or read from an OPML file."""

from __future__ import annotations

from pathlib import Path

import lxml.etree

from ..ingest.errors import InputError


def feed_urls(sources: list[str]) -> list[str]:
    """URLs in order, each once; an OPML file contributes every outline's ``xmlUrl``."""
    out: list[str] = []
    for source in sources:
        path = Path(source)
        if "://" not in source and path.is_file():
            out += _opml(path)
        elif "://" in source:
            out.append(source)
        else:
            raise InputError(source, "neither a feed URL nor an OPML file")
    return list(dict.fromkeys(out))


def _opml(path: Path) -> list[str]:
    # No network, no entities: an OPML file is data, not a document to be resolved.
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = lxml.etree.parse(str(path), parser).getroot()
    except (OSError, lxml.etree.XMLSyntaxError) as exc:
        raise InputError(str(path), f"unreadable OPML ({exc})") from None
    urls = [o.get("xmlUrl") for o in root.iter("outline") if o.get("xmlUrl")]
    if not urls:
        raise InputError(str(path), "no feeds in OPML (no outline with an xmlUrl)")
    return urls
