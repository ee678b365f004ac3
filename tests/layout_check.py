"""A check of the store layout (kg.layout) that tests of every write path share, on any store."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.iris import INGESTS_GRAPH
from kg.layout import ENTITY_GRAPH, ENTRY_GRAPH, STATEMENT_GRAPH, SUMMARY_GRAPH
from kg.summaries import ENTRY_BASE, PROLOGUE, SUMMARIES, mentions
from kg.vocab import MKG, RDF, XSD

_SUPPORTED = f"""
SELECT DISTINCT ?s ?p ?o WHERE {{
  GRAPH ?source {{ ?node {MKG.asserts} ?st }}
  GRAPH {STATEMENT_GRAPH} {{ ?st {RDF.subject} ?s ; {RDF.predicate} ?p ; {RDF.object} ?o }}
}}"""
_STORED = f"SELECT ?s ?p ?o WHERE {{ GRAPH {ENTITY_GRAPH} {{ ?s ?p ?o }} }}"
_DESCRIBED = f"SELECT DISTINCT ?st WHERE {{ GRAPH {STATEMENT_GRAPH} {{ ?st ?p ?o }} }}"
_ASSERTED = f"SELECT DISTINCT ?st WHERE {{ GRAPH ?source {{ ?node {MKG.asserts} ?st }} }}"


_SUMMARIES = f"SELECT ?r ?p ?o WHERE {{ GRAPH {SUMMARY_GRAPH} {{ ?r ?p ?o }} }}"
# Every summary, computed afresh from the source graphs (no entry, no earlier summary).
# (A summary of no value is not stored: an update's template leaves out a triple with an unbound variable.)
_RECOMPUTED = [
    f"{PROLOGUE}SELECT ?r ?p ?o WHERE {{ {{ {s.from_scratch()} }} FILTER(BOUND(?v)) BIND(mkg:{s.name} AS ?p) BIND(?v AS ?o) }}"
    for s in SUMMARIES
]
# The entries the source graphs hold, and those the entry graph holds once.
_HELD_ENTRIES = f"""SELECT DISTINCT ?r ?p ?x WHERE {{ GRAPH ?g {{ ?r ?p ?x }} FILTER(STRSTARTS(STR(?p), "{ENTRY_BASE}"))
  FILTER(?g != {ENTRY_GRAPH}) }}"""
_ENTRIES = f"SELECT ?r ?p ?x WHERE {{ GRAPH {ENTRY_GRAPH} {{ ?r ?p ?x }} }}"
# Each entry, computed afresh for each source graph.
_RECOMPUTED_ENTRIES = [
    f"{PROLOGUE}SELECT DISTINCT ?r ?p ?x WHERE {{ {{ {s.contributions('?source')} }} BIND({s.entry} AS ?p) }}"
    for s in SUMMARIES if s.kept == "entries"
]


# What each article's mentions of each entity add up to, per property (kg.summaries: the entity pages).
_MENTIONS = f"""{PROLOGUE}SELECT ?source ?entity ?direction ?property (COUNT(DISTINCT ?value) AS ?count) (MAX(?key) AS ?latestKey)
  (MAX(?when) AS ?latestDate) (MAX(?confidence) AS ?topConfidence) WHERE {{
  {mentions("?source", 'STRAFTER(STR(?source), "/graph/article/")')} FILTER(STRSTARTS(STR(?source), "https://w3id.org/mkg/graph/article/"))
}} GROUP BY ?source ?entity ?direction ?property"""
_PROPERTY_SUMMARIES = f"""SELECT ?entity ?direction ?property ?p ?o WHERE {{ GRAPH {SUMMARY_GRAPH} {{
  ?entity {MKG.propertySummary} ?node . ?node {MKG.summaryDirection} ?direction ; {MKG.summaryProperty} ?property ; ?p ?o }} }}"""


def property_summaries_from_scratch(store) -> set[tuple[str, ...]]:
    """Per entity, direction and property: the count, the maxima and how many articles hold each."""
    expected: dict[tuple[str, ...], dict[str, object]] = {}
    for row in store.query(_MENTIONS):
        key = (str(row["entity"]), str(row["direction"]), str(row["property"]))
        summary = expected.setdefault(key, {"valueCount": 0})
        summary["valueCount"] += int(row["count"].value)
        for name in ("latestKey", "latestDate", "topConfidence"):
            value = row[name]
            if value is None:
                continue
            best = summary.get(name)
            rank = float(value.value) if name == "topConfidence" else value.value
            if best is None or rank > best[0]:
                summary[name] = (rank, value, 1)
            elif rank == best[0]:
                summary[name] = (best[0], best[1], best[2] + 1)
    rows = set()
    for (entity, direction, prop), summary in expected.items():
        rows.add((entity, direction, prop, str(MKG.valueCount), str(ox.Literal(str(summary["valueCount"]), datatype=XSD.integer))))
        rows |= {(entity, direction, prop, str(MKG.summaryDirection), direction), (entity, direction, prop, str(MKG.summaryProperty), prop)}
        for name in ("latestKey", "latestDate", "topConfidence"):
            if name in summary:
                _, value, holders = summary[name]
                rows.add((entity, direction, prop, str(MKG.term(name)), str(value)))
                rows.add((entity, direction, prop, str(MKG.term(name + "Holders")), str(ox.Literal(str(holders), datatype=XSD.integer))))
    return rows


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
    exactly the statements asserted, each source graph holds the summary entries its content gives, the entry
    graph holds each of them once, and the summaries are what the article graphs add up to."""
    supported, stored = _rows(store, _SUPPORTED), _rows(store, _STORED)
    assert supported == stored, (
        f"{len(stored - supported)} stored but asserted by no source, {len(supported - stored)} asserted but "
        f"not stored, e.g. {sorted(stored ^ supported)[:3]}"
    )
    assert _rows(store, _DESCRIBED) == _rows(store, _ASSERTED)
    held, recomputed_entries = _rows(store, _HELD_ENTRIES), set().union(*(_rows(store, q) for q in _RECOMPUTED_ENTRIES))
    assert held == recomputed_entries, (
        f"the articles' entries are not what their graphs give: {sorted(held ^ recomputed_entries)[:3]}"
    )
    assert _rows(store, _ENTRIES) == held, "the entry graph does not hold each entry of the articles once"
    recomputed = set().union(*(_rows(store, query) for query in _RECOMPUTED))
    stored_properties = _rows(store, _PROPERTY_SUMMARIES)
    expected_properties = property_summaries_from_scratch(store)
    assert stored_properties == expected_properties, (
        f"the property summaries are not what the mentions add up to: {sorted(stored_properties ^ expected_properties)[:4]}"
    )
    stored = {row for row in _rows(store, _SUMMARIES) if "#in-" not in row[0] and "#out-" not in row[0]
              and row[1] != str(MKG.propertySummary)}
    assert stored == recomputed, (
        f"the summaries are not what the article graphs add up to: {sorted(stored ^ recomputed)[:3]}"
    )
