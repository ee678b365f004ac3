"""A check of the store layout (kg.layout) that tests of every write path share, on any store."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.iris import INGESTS_GRAPH
from kg.layout import ENTITY_GRAPH, STATEMENT_GRAPH, SUMMARY_GRAPH
from kg.summaries import PROLOGUE, SUMMARIES, fed_by
from kg.vocab import MKG, RDF

_SUPPORTED = f"""
SELECT DISTINCT ?s ?p ?o WHERE {{
  GRAPH ?source {{ ?node {MKG.asserts} ?st }}
  GRAPH {STATEMENT_GRAPH} {{ ?st {RDF.subject} ?s ; {RDF.predicate} ?p ; {RDF.object} ?o }}
}}"""
_STORED = f"SELECT ?s ?p ?o WHERE {{ GRAPH {ENTITY_GRAPH} {{ ?s ?p ?o }} }}"
_DESCRIBED = f"SELECT DISTINCT ?st WHERE {{ GRAPH {STATEMENT_GRAPH} {{ ?st ?p ?o }} }}"
_ASSERTED = f"SELECT DISTINCT ?st WHERE {{ GRAPH ?source {{ ?node {MKG.asserts} ?st }} }}"


_SUMMARIES = f"SELECT ?r ?p ?o WHERE {{ GRAPH {SUMMARY_GRAPH} {{ ?r ?p ?o }} }}"
def _every(kind: str) -> str:
    return f"{{ SELECT DISTINCT ?r WHERE {{ {fed_by(kind, '?source')} }} }}"


# Every summary, computed afresh for every resource some article feeds.
# (A summary of no value is not stored: an update's template leaves out a triple with an unbound variable.)
_RECOMPUTED = [
    f"{PROLOGUE}SELECT ?r ?p ?o WHERE {{ {{ {s.select(_every(s.feeds))} }} FILTER(BOUND(?v)) "
    f"BIND(mkg:{s.name} AS ?p) BIND(?v AS ?o) }}"
    for s in SUMMARIES
]


_SOME_TIME = ox.Literal("(a time)")


def timeless(quads: Iterable[ox.Quad]) -> set[ox.Quad]:
    """The quads with the times of the ingests graph blanked out: two stores written at different times are
    equal so, and each must still record the same articles' additions and writes."""
    return {
        ox.Quad(q.subject, q.predicate, _SOME_TIME, q.graph_name) if q.graph_name == INGESTS_GRAPH else q
        for q in quads
    }


def timeless_lines(lines: Iterable[str]) -> list[str]:
    """N-Quads lines (as `kg export` writes them) with the times of the ingests graph blanked out, sorted."""
    tail = f" {INGESTS_GRAPH} ."
    return sorted(
        f"{line.split(' ', 2)[0]} {line.split(' ', 2)[1]} {_SOME_TIME}{tail}" if line.endswith(tail) else line
        for line in lines
    )


def _rows(store, query: str) -> set[tuple[str, ...]]:
    return {tuple(str(term) for term in row) for row in store.query(query)}


def assert_stored_once(store) -> None:
    """The entity graph holds exactly the statements some source asserts, the statement graph describes
    exactly the statements asserted, and the summaries are what the article graphs add up to."""
    supported, stored = _rows(store, _SUPPORTED), _rows(store, _STORED)
    assert supported == stored, (
        f"{len(stored - supported)} stored but asserted by no source, {len(supported - stored)} asserted but "
        f"not stored, e.g. {sorted(stored ^ supported)[:3]}"
    )
    assert _rows(store, _DESCRIBED) == _rows(store, _ASSERTED)
    recomputed = set().union(*(_rows(store, query) for query in _RECOMPUTED))
    stored = _rows(store, _SUMMARIES)
    assert stored == recomputed, (
        f"the summaries are not what the article graphs add up to: {sorted(stored ^ recomputed)[:3]}"
    )
