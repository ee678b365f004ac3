"""The remote store's query rewriting: parameters substituted as RDF terms, with pyoxigraph's semantics.

The remote store against a real server is in tests/test_oxigraph_server.py."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.errors import QueryError
from kg.layout import ENTITY_GRAPH
from kg.store import substitute
from kg.settings import PROJECT_ROOT

LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
G = ENTITY_GRAPH  # where the layout stores what is said once of shared resources, which entity.rq reads


@pytest.fixture
def store() -> ox.Store:
    store = ox.Store()
    store.extend([
        ox.Quad(ox.NamedNode("urn:a"), LABEL, ox.Literal("Alpha"), G),
        ox.Quad(ox.NamedNode("urn:b"), LABEL, ox.Literal('"} ; DROP ALL #'), G),
        ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:knows"), ox.NamedNode("urn:b"), G),
    ])
    return store


def rows(result) -> list[tuple]:
    return sorted(tuple(str(v) if v is not None else None for v in row) for row in result)


def test_remote_substitute_selects_one_entity_by_id_or_by_label_in_the_entity_query(store):
    """entity.rq uses its parameters in a BIND and in FILTERs inside UNION branches, where pyoxigraph's own
    substitutions do not reach (they are bound after the branches are evaluated): the text substitution
    selects the same entity by its IRI as by its label, and with neither it selects nothing."""
    sparql = (PROJECT_ROOT / "queries" / "entity.rq").read_text()

    def summary(bound: dict) -> list[tuple]:
        found = rows(store.query(substitute(sparql, bound), use_default_graph_as_union=True))
        return [row[:6] for row in found]  # the parameter columns echo the input

    by_label = summary({ox.Variable("label"): ox.Literal("alpha")})
    assert by_label and all(row[0] == "<urn:a>" for row in by_label)
    assert summary({ox.Variable("id"): ox.NamedNode("urn:a")}) == by_label
    assert summary({}) == []


@pytest.mark.parametrize(
    ("value", "matches"),
    [
        pytest.param(ox.Literal('"} ; DROP ALL #'), 1, id="string-closing-the-pattern"),
        pytest.param(ox.Literal("x\" } UNION { ?s ?p ?o } #\n"), 0, id="string-with-union"),
        pytest.param(ox.Literal("Alpha", language="en"), 1, id="language-tag"),
    ],
)
def test_remote_substitute_keeps_hostile_values_inside_one_literal(store, value, matches):
    sparql = "SELECT ?s ?name WHERE { ?s rdfs:label ?l FILTER(STR(?l) = STR(?name)) }"
    text = substitute(sparql, {ox.Variable("name"): value})
    expected = rows(store.query(sparql, substitutions={ox.Variable("name"): value},
                                prefixes={"rdfs": LABEL.value[:-5]}, use_default_graph_as_union=True))
    assert rows(store.query(text, prefixes={"rdfs": LABEL.value[:-5]}, use_default_graph_as_union=True)) == expected
    assert len(expected) == matches  # only the exact label matches, nothing more


def test_remote_substitute_keeps_projected_columns_and_wraps_order_conditions(store):
    sparql = "SELECT ?who ?s WHERE { ?who <urn:knows> ?s } ORDER BY ?who ?s"
    text = substitute(sparql, {ox.Variable("who"): ox.NamedNode("urn:a")})
    assert "(<urn:a> AS ?who)" in text and "ORDER BY (<urn:a>) ?s" in text
    result = store.query(text, use_default_graph_as_union=True)
    assert [v.value for v in result.variables] == ["who", "s"]
    assert rows(result) == [("<urn:a>", "<urn:b>")]


def test_remote_substitute_leaves_strings_iris_and_comments_alone():
    sparql = 'SELECT ?x WHERE { ?x <urn:p?x> "?x" } # ?x\n'
    assert substitute(sparql, {ox.Variable("x"): ox.NamedNode("urn:v")}) == (
        'SELECT (<urn:v> AS ?x) WHERE { <urn:v> <urn:p?x> "?x" } # ?x\n'
    )


def test_remote_substitute_refuses_a_variable_the_query_assigns():
    with pytest.raises(QueryError, match=r"assigns it \(AS \?x\)"):
        substitute("SELECT ?x WHERE { BIND(1 AS ?x) }", {ox.Variable("x"): ox.Literal("1")})
