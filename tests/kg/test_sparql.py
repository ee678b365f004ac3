from __future__ import annotations

import pytest

from kg.errors import QuerySyntaxError
from kg.sparql import declares_dataset, relative_iri, strip_bom
from kg.store import GraphStore


@pytest.mark.parametrize(
    ("query", "declares"),
    [
        pytest.param("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }", True, id="from"),
        pytest.param(
            "select * from named <urn:g> { graph ?g { ?s ?p ?o } }", True, id="from-named-lower-case"
        ),
        pytest.param("SELECT * WHERE { ?s ?p ?o }", False, id="none"),
        pytest.param('SELECT * WHERE { ?s ?p "from" }', False, id="in-a-string"),
        pytest.param("# taken from a file\nSELECT * WHERE { ?s ?p ?o }", False, id="in-a-comment"),
        pytest.param("SELECT * WHERE { ?s <urn:from> ?o }", False, id="in-an-iri"),
        pytest.param(
            "SELECT ?from WHERE { ?s ex:from ?from . ?s from:x ?o }", False, id="variable-and-names"
        ),
    ],
)
def test_sparql_declares_dataset(query, declares):
    assert declares_dataset(query) is declares


def test_sparql_relative_iri_is_the_first_without_a_scheme_unless_there_is_a_base():
    assert relative_iri("SELECT * WHERE { <https://x/a> <b> <c> }") == "b"
    assert relative_iri("BASE <https://x/> SELECT * WHERE { <b> ?p ?o }") is None
    assert relative_iri('SELECT * WHERE { ?s ?p "<b>" }') is None


def test_sparql_strip_bom_only_strips_a_leading_mark():
    assert strip_bom("\ufeffASK {}") == "ASK {}"
    assert strip_bom("ASK {} # \ufeff") == "ASK {} # \ufeff"


def test_sparql_store_says_which_relative_iri_needs_a_base():
    store = GraphStore(None)
    with pytest.raises(QuerySyntaxError, match=r"relative IRI <maria-ivanova> has no base .* add a BASE"):
        store.query("ASK { <maria-ivanova> ?p ?o }")
    assert bool(store.query("ASK { <maria-ivanova> ?p ?o }", base_iri="https://example.org/")) is False
