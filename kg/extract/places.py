"""Places NER misses in lists: "raids in Tver, Kimry and Torzhok" makes every item a place, though NER often
takes a lesser-known town in such a list for a person. Runs at the end of the entity stage."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.context import ExtractionContext
from kg.model import PLACE_KINDS, Entity, EntityKind, OrgKind, entity_key


def retype_listed_places(ctx: ExtractionContext) -> None:
    """Names listed with a place are places of its kind: NER often takes a lesser-known town in a list for a
    person ("raids in Tver, Kimry and Torzhok"). A name already read as a reference entity, a titled person or
    a person with a full name keeps its reading."""
    doc = ctx.doc
    for mention in list(ctx.entities.mentions):
        place = ctx.entities.entities.get(mention.key)
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        # Countries are a closed list, all in the reference: a name listed with one that it does not know is
        # no country ("such as Kazakhstan or Ar…", cut off).
        if place is None or place.kind not in PLACE_KINDS or place.kind is EntityKind.COUNTRY or span is None:
            continue
        items = _conjuncts(span.root)
        # In a list after a preposition ("in A, B and C") every item is a place; elsewhere only a name NER
        # may well have mistyped.
        located = any(item.dep_ == "pobj" for item in [span.root, *items])
        for tok in items:
            if tok.pos_ != "PROPN" or not tok.text[:1].isupper():
                continue
            start = min([tok.i, *(c.i for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN")])
            name = doc[start : tok.i + 1]
            known = ctx.entities.at(name.start_char, name.end_char)
            if known is None and not located:
                continue  # "Police in A and B": a capitalised word coordinated with a place is not one
            if known is not None and (known.kind in PLACE_KINDS or not _misread(known, located)):
                continue
            listed = Entity(entity_key(place.kind, name.text), place.kind, name.text,
                            evidence=[ctx.evidence(name, "entity:listed-with-places", 0.6)])
            ctx.entities.retype(name.start_char, name.end_char, listed)


def _conjuncts(tok: Token) -> list[Token]:
    """The other items of the list `tok` is in ("A, B and C"; the parse may hang later items on any item)."""
    first = tok
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    items, stack = [], [first]
    while stack:
        for child in stack.pop().children:
            if child.dep_ == "conj":
                items.append(child)
                stack.append(child)
    return [item for item in [first, *items] if item.i != tok.i]


def _misread(entity: Entity, located: bool) -> bool:
    """An entity NER may have typed wrongly: not curated, no title, and a person (one-word unless the list
    is located by a preposition) or an organization with no cue in its name."""
    if entity.iri is not None or entity.role is not None:
        return False
    if entity.kind is EntityKind.PERSON:
        return located or len(entity.name.split()) == 1
    return entity.kind is EntityKind.ORGANIZATION and entity.org_kind in (None, OrgKind.OTHER)
