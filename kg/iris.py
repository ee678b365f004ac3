"""Minting IRIs for resources: entities, facts, articles and their named graphs.

Entity and fact keys ("person/alexander-bastrykin", "figure/<article>/<hash>") become
`https://w3id.org/mkg/id/<key>`, which is also the form of every IRI in the reference data, so an entity read
from text and the same entity in the reference data are one resource.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from kg.vocab import BASE, CONCEPT

ID_BASE = BASE + "id/"
ARTICLE_BASE = BASE + "article/"
ARTICLE_GRAPH_BASE = BASE + "graph/article/"
WITHDRAWALS_GRAPH = NamedNode(BASE + "graph/withdrawals")  # when each article's source file disappeared


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
