"""Actor ids: the one place that mints them, reads them and matches a surname to a full name.

An id is ``kind:key``. It must come out the same in every article and every process, because it
is how the store, the story graph and fusion recognise one actor across articles that never saw
each other. So the key is derived from what the text or the gazetteer says, never from an
arrival order:

- ``state:RUS``, or ``state:RUS:GOV`` for a metonym that names a branch of a state ("the
  Kremlin");
- ``person:vladimir-putin``: the slug of the canonical name, so the last part of the key is the
  surname, which is what lets "Putin" in one article join "Vladimir Putin" in another;
- ``igo:UNO``, ``org:RUS:foreign-ministry`` (a body named alike in many states carries its
  state), ``group:kurds``, ``place:gaza-strip``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .keys import slug


@dataclass(frozen=True)
class ActorId:
    kind: str
    key: str
    sector: str | None = None  # a state's branch, for metonyms


def state(code: str, sector: str | None = None) -> str:
    return f"state:{code}:{sector}" if sector else f"state:{code}"


def person(name: str) -> str:
    return f"person:{slug(name)}"


def igo(code: str) -> str:
    return f"igo:{code}"


def organisation(name: str, country: str | None = None) -> str:
    # "Foreign Ministry" names a different body in every country.
    return f"org:{country}:{slug(name)}" if country else f"org:{slug(name)}"


def group(name: str) -> str:
    return f"group:{slug(name)}"


def place(name: str) -> str:
    return f"place:{slug(name)}"


def parse(actor_id: str) -> ActorId:
    kind, _, rest = actor_id.partition(":")
    if kind == "state" and ":" in rest:
        code, _, sector = rest.partition(":")
        return ActorId(kind, code, sector)
    return ActorId(kind, rest)


def surname(actor_id: str) -> str:
    """A person's surname as it appears in their key; any other actor's key as it is."""
    parsed = parse(actor_id)
    return parsed.key.rsplit("-", 1)[-1] if parsed.kind == "person" else parsed.key


def surname_slugs(actor_id: str) -> list[str]:
    """The slugs of the surnames a person id answers to (the store's ``surnames`` table): every
    ending of its key after a hyphen ("person:ana-garcia-lopez": "garcia-lopez", "lopez")."""
    kind, _, key = actor_id.partition(":")
    if kind != "person":
        return []
    return [key[i + 1:] for i, c in enumerate(key) if c == "-"]


def same_person(a: str | None, b: str | None) -> bool:
    """One person named in full in one place and by surname alone in another.

    Either side may be a person id or an unresolved name as written ("Okafor"): the store can
    only resolve a lone surname once the full name is stored, and articles arrive in any order.
    At least one side must be a known person, or two unrelated words would match.
    """
    if not a or not b:
        return False
    if a == b:
        return True
    pa, pb = parse(a), parse(b)
    if "person" not in (pa.kind, pb.kind):
        return False
    x, y = (p.key if p.kind == "person" else slug(k) for p, k in ((pa, a), (pb, b)))
    return bool(x and y) and (x.endswith("-" + y) or y.endswith("-" + x))
