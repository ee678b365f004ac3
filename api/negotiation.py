"""Content negotiation: pick the media type to answer with from an Accept header (RFC 9110 §12.5.1).

Each offered type gets the q-value of the most specific media range that matches it (`type/subtype` beats
`type/*` beats `*/*`); the offered type with the highest q wins, ties going to the server's order of
preference. Media-type parameters other than q are ignored. Malformed ranges are skipped.

An offered type may have aliases, other names it is also asked for by (SPARQL JSON results as
`application/json`, as Oxigraph's server reads them): an alias counts only where a range names it exactly, so
wildcards keep meaning the offered types themselves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int:
        """2 for an exact match, 1 for `type/*`, 0 for `*/*`, -1 when the range does not match."""
        type_, _, subtype = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != type_:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == subtype else -1


def parse_accept(header: str) -> list[MediaRange]:
    """The media ranges of an Accept header, in the order given."""
    ranges = []
    for part in header.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        type_, slash, subtype = media.lower().partition("/")
        if not slash or not type_ or not subtype or (type_ == "*" and subtype != "*"):
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0  # an unreadable weight must not promote a type
        ranges.append(MediaRange(type_, subtype, q))
    return ranges


def negotiate(
    accept: str | None, offered: Sequence[str], aliases: Mapping[str, Sequence[str]] | None = None
) -> str | None:
    """The offered media type to answer with, or None when the client accepts none of them.

    A missing or empty Accept header (or one with no readable range) accepts anything: the first offered.
    `aliases` maps an offered type to its other names (see the module docstring).
    """
    ranges = parse_accept(accept or "")
    if not ranges:
        return offered[0] if offered else None
    aliases = aliases or {}
    named: dict[str, float] = {}  # q of each type named exactly (the first range naming it counts)
    if aliases:
        for media_range in ranges:
            if media_range.subtype != "*":
                named.setdefault(f"{media_range.type}/{media_range.subtype}", media_range.q)
    best: str | None = None
    best_q = 0.0
    for media_type in offered:
        q = _quality(ranges, media_type.lower())
        for alias in aliases.get(media_type, ()) if named else ():
            q = max(q, named.get(alias, 0.0))
        if q > best_q:
            best, best_q = media_type, q
    return best


def _quality(ranges: list[MediaRange], media_type: str) -> float:
    best_specificity, q = -1, 0.0
    for media_range in ranges:
        specificity = media_range.specificity(media_type)
        if specificity > best_specificity:
            best_specificity, q = specificity, media_range.q
    return q
