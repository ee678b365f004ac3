"""Minting IRIs for resources: entities, facts, articles and their named graphs.

Entity and fact keys ("person/alexander-bastrykin", "figure/<article>/<hash>") become
`https://w3id.org/mkg/id/<key>`, which is also the form of every IRI in the reference data, so an entity read
from text and the same entity in the reference data are one resource.
"""

from __future__ import annotations

import hashlib

from pyoxigraph import NamedNode

from kg.vocab import BASE, CONCEPT

ID_BASE = BASE + "id/"
ARTICLE_BASE = BASE + "article/"
ARTICLE_GRAPH_BASE = BASE + "graph/article/"
WITHDRAWALS_GRAPH = NamedNode(BASE + "graph/withdrawals")  # when each article's source file disappeared
INGESTS_GRAPH = NamedNode(BASE + "graph/ingests")  # when each stored article was added and last written


# Hex digits spelled as letters: a digest in an IRI then holds no number that a reader, or a search for "21",
# would take for a figure of the fact the IRI names. Articles stored before (extractor 3 and earlier) had
# hex ids; `hex_form` gives the id an article had then, so a re-ingest can replace its old graph.
_DIGITS_AS_LETTERS = str.maketrans("0123456789", "ghijklmnop")
_LETTERS_AS_DIGITS = str.maketrans("ghijklmnop", "0123456789")


def digest(text: str, length: int = 16) -> str:
    """A stable digest of `text` for keys and IRIs, in the letters a to p only."""
    return hashlib.sha1(text.encode()).hexdigest()[:length].translate(_DIGITS_AS_LETTERS)


def hex_form(article_id: str) -> str:
    """The hex id that an article with this id had before ids were spelled in letters."""
    return article_id.translate(_LETTERS_AS_DIGITS)


def resource(key: str) -> NamedNode:
    return NamedNode(ID_BASE + key)


def concept(scheme: str, value: str) -> NamedNode:
    return CONCEPT.term(f"{scheme}/{value}")


def article(article_id: str) -> NamedNode:
    return NamedNode(ARTICLE_BASE + article_id)


def article_graph(article_id: str) -> NamedNode:
    return NamedNode(ARTICLE_GRAPH_BASE + article_id)


def article_id_of_graph(graph: NamedNode) -> str | None:
    return graph.value[len(ARTICLE_GRAPH_BASE):] if graph.value.startswith(ARTICLE_GRAPH_BASE) else None
