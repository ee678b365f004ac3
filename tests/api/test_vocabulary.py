from __future__ import annotations

import pyoxigraph as ox

from kg.settings import PROJECT_ROOT
from kg.store import GraphStore
from kg.vocab import ONTOLOGY_GRAPH, PREFIXES


def test_vocabulary_gives_the_predeclared_prefixes_and_ontology_terms(make_client):
    store = GraphStore(None)
    ontology = ox.parse(path=str(PROJECT_ROOT / "ontology" / "mkg.ttl"), format=ox.RdfFormat.TURTLE)
    store.replace_graph(ONTOLOGY_GRAPH, [ox.Quad(t.subject, t.predicate, t.object, ONTOLOGY_GRAPH) for t in ontology])
    body = make_client(store).get("/vocabulary").json()
    assert body["ok"] is True and body["prefixes"] == PREFIXES
    classes = {c["id"]: c["label"] for c in body["classes"]}
    properties = {p["id"] for p in body["properties"]}
    assert classes["https://w3id.org/mkg/ontology#Person"] == "Person"
    assert "https://w3id.org/mkg/ontology#Quotation" in classes
    assert {"https://w3id.org/mkg/ontology#evidence", "https://w3id.org/mkg/ontology#startOffset"} <= properties
    assert not properties & set(classes), "a term is a class or a property, not both"


def test_vocabulary_is_in_the_openapi_schema(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/vocabulary", "/withdrawals", "/articles/{article_id}/text", "/entities/{ident}/evidence"} <= set(paths)
    assert "since" in {p["name"] for p in paths["/articles"]["get"]["parameters"]}
