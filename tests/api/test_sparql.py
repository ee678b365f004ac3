from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from api.routes import sparql
from api.routes.sparql import refuse_unlisted_services
from kg.errors import QueryRefusedError
from tests.api.conftest import assert_error

SELECT = (
    "PREFIX mkg: <https://w3id.org/mkg/ontology#> SELECT DISTINCT ?p WHERE { ?p a mkg:Person } ORDER BY ?p"
)
ASK = "ASK { ?s a <https://w3id.org/mkg/ontology#LegalAct> }"
CONSTRUCT = (
    "CONSTRUCT { ?p a <https://w3id.org/mkg/ontology#Person> } "
    "WHERE { ?p a <https://w3id.org/mkg/ontology#Person> }"
)
FORM = "application/x-www-form-urlencoded"


def _send(client, method: str, query: str, accept: str | None, body_type: str | None = None, **params):
    headers = {"Accept": accept} if accept else {}
    if method == "GET":
        return client.get("/sparql", params={"query": query, **params}, headers=headers)
    if body_type == FORM:
        return client.post("/sparql", data={"query": query, **params}, headers=headers)
    return client.post(
        "/sparql", content=query.encode(), params=params, headers={**headers, "Content-Type": body_type}
    )


def test_sparql_select_json_lists_the_people(client):
    body = client.get("/sparql", params={"query": SELECT}).json()
    people = [b["p"]["value"] for b in body["results"]["bindings"]]
    assert people == [
        "https://w3id.org/mkg/id/person/ivan-marin",
        "https://w3id.org/mkg/id/person/maria-ivanova",
    ]


def test_sparql_construct_jsonld_parses_back(client):
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": "application/ld+json"})
    assert len(json.loads(response.text)) == 2


def test_sparql_default_graph_is_the_union_of_all_graphs(client):
    body = client.get("/sparql", params={"query": ASK}).json()
    assert body["boolean"] is True


def test_sparql_default_graph_uri_restricts_the_dataset(client):
    raid_graph = "https://w3id.org/mkg/graph/article/art-raid"
    only_raid = _send(client, "GET", ASK, None, **{"default-graph-uri": raid_graph}).json()
    assert only_raid["boolean"] is False  # the legal act is in the other article's graph
    by_form = _send(client, "POST", ASK, None, FORM, **{"default-graph-uri": raid_graph}).json()
    assert by_form["boolean"] is False


def test_sparql_named_graph_uri_limits_graph_patterns(client):
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    law_graph = "https://w3id.org/mkg/graph/article/art-law"
    body = _send(client, "GET", query, None, **{"named-graph-uri": law_graph}).json()
    assert [b["g"]["value"] for b in body["results"]["bindings"]] == [law_graph]


def test_sparql_bad_graph_uri_is_400(client):
    assert_error(
        _send(client, "GET", ASK, None, **{"default-graph-uri": "not an iri"}), 400, "default-graph-uri"
    )


def test_sparql_accept_q_values_choose_the_format(client):
    accept = "application/sparql-results+json;q=0.5, text/csv;q=0.9, */*;q=0.1"
    response = client.get("/sparql", params={"query": SELECT}, headers={"Accept": accept})
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text.splitlines()[0] == "p"


def test_sparql_406_lists_acceptable_types(client):
    response = client.get("/sparql", params={"query": SELECT}, headers={"Accept": "image/png"})
    assert_error(response, 406, "application/sparql-results+json", "text/csv")


def test_sparql_415_names_the_accepted_content_types(client):
    response = client.post("/sparql", content=SELECT, headers={"Content-Type": "text/plain"})
    assert_error(response, 415, "application/sparql-query", FORM)


def test_sparql_syntax_error_is_400_with_the_parser_message(client):
    response = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert_error(response, 400, "does not parse", "error at")


@pytest.mark.parametrize(
    "update",
    [
        pytest.param("INSERT DATA { <urn:a> <urn:b> <urn:c> }", id="insert-data"),
        pytest.param("DROP ALL", id="drop-all"),
        pytest.param("DELETE WHERE { ?s ?p ?o }", id="delete-where"),
        pytest.param("LOAD <http://127.0.0.1:9/data.ttl>", id="load"),
    ],
)
def test_sparql_update_is_refused_and_the_store_is_unchanged(client, fixture_store, update):
    before = len(fixture_store)
    for response in (
        client.get("/sparql", params={"query": update}),
        client.post("/sparql", content=update, headers={"Content-Type": "application/sparql-query"}),
    ):
        assert_error(response, 400, "UPDATE is not allowed")
    assert len(fixture_store) == before


def test_sparql_update_form_field_is_refused(client, fixture_store):
    before = len(fixture_store)
    assert_error(client.post("/sparql", data={"update": "DROP ALL"}), 400, "read-only")
    assert len(fixture_store) == before


def test_sparql_without_query_describes_the_service(client):
    response = client.get("/sparql")
    assert response.headers["content-type"].startswith("text/turtle")
    triples = list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert ox.NamedNode("http://testserver/sparql") in {t.object for t in triples}
    assert ox.NamedNode(sd + "SPARQL11Query") in {t.object for t in triples}


def test_sparql_post_without_query_is_400(client):
    response = client.post("/sparql", content=b"", headers={"Content-Type": FORM})
    assert_error(response, 400, "no query given")


def test_sparql_too_long_query_is_413(fixture_store, make_client):
    client = make_client(fixture_store, max_query_length=20)
    assert_error(client.get("/sparql", params={"query": SELECT}), 413, "KG_MAX_QUERY_LENGTH")
    assert_error(_send(client, "POST", SELECT, None, FORM), 413, "KG_MAX_QUERY_LENGTH")


def test_sparql_body_over_the_limit_is_413_before_it_is_read(fixture_store, make_client):
    client = make_client(fixture_store, max_body_bytes=100)
    padded = SELECT + " " * 200
    assert_error(_send(client, "POST", padded, None, "application/sparql-query"), 413, "KG_MAX_BODY_BYTES")
    assert_error(_send(client, "POST", padded, None, FORM), 413, "KG_MAX_BODY_BYTES")

    def chunks():  # no Content-Length: the limit is enforced while reading
        yield padded.encode()

    response = client.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert_error(response, 413, "KG_MAX_BODY_BYTES")


def test_sparql_max_rows_truncates_and_says_so(fixture_store, make_client):
    client = make_client(fixture_store, max_rows=1)
    response = client.get("/sparql", params={"query": SELECT})
    assert response.headers["x-kg-truncated"] == "true"
    assert len(response.json()["results"]["bindings"]) == 1
    csv_answer = client.get("/sparql", params={"query": SELECT}, headers={"Accept": "text/csv"})
    assert csv_answer.text.splitlines() == ["p", "https://w3id.org/mkg/id/person/ivan-marin"]
    triples = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": "application/n-triples"})
    assert triples.headers["x-kg-truncated"] == "true" and len(triples.text.splitlines()) == 1
    whole = make_client(fixture_store, max_rows=2).get("/sparql", params={"query": SELECT})
    assert "x-kg-truncated" not in whole.headers and len(whole.json()["results"]["bindings"]) == 2


def test_sparql_json_keeps_every_kind_of_term(client):
    query = """SELECT ?iri ?plain ?lang ?typed ?blank WHERE {
      BIND(<urn:x> AS ?iri) BIND("a\\"b" AS ?plain) BIND("hi"@en AS ?lang) BIND(4 AS ?typed) BIND(BNODE() AS ?blank)
    }"""
    body = client.get("/sparql", params={"query": query}).json()
    assert body["head"]["vars"] == ["iri", "plain", "lang", "typed", "blank"]
    (row,) = body["results"]["bindings"]
    assert row["iri"] == {"type": "uri", "value": "urn:x"}
    assert row["plain"] == {"type": "literal", "value": 'a"b'}
    assert row["lang"] == {"type": "literal", "value": "hi", "xml:lang": "en"}
    assert row["typed"] == {"type": "literal", "value": "4", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    assert row["blank"]["type"] == "bnode"
    xml = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+xml"})
    assert '<literal xml:lang="en">hi</literal>' in xml.text


def test_sparql_service_outside_the_allowlist_is_refused(client):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert_error(client.get("/sparql", params={"query": query}), 400, "KG_SERVICE_ALLOWLIST")


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("SELECT * WHERE { service <http://evil.example/sparql> { ?s ?p ?o } }", id="lower-case"),
        pytest.param(
            "SELECT * WHERE { SERVICE SILENT <http://evil.example/sparql> { ?s ?p ?o } }", id="silent"
        ),
        pytest.param(
            "PREFIX e: <http://evil.example/> SELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }",
            id="prefixed-name",
        ),
        pytest.param("SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }", id="variable"),
        pytest.param(
            'SELECT * WHERE { ?s ?p "x" . SERVICE<http://evil.example/sparql>{ ?s ?p ?o } }', id="no-spaces"
        ),
    ],
)
def test_sparql_service_guard_refuses_every_unlisted_form(query):
    with pytest.raises(QueryRefusedError):
        refuse_unlisted_services(query, ["http://allowed.example/sparql"])


@pytest.mark.parametrize(
    "query",
    [
        pytest.param(
            'SELECT * WHERE { ?s ?p "a SERVICE <http://evil.example/> in a string" }', id="in-string"
        ),
        pytest.param("SELECT * WHERE { ?s ?p <http://example.org/SERVICE> }", id="in-iri"),
        pytest.param("SELECT * WHERE { ?s ?p ?o } # SERVICE <http://evil.example/>", id="in-comment"),
        pytest.param("SELECT ?service WHERE { ?service ?p ?o }", id="variable-named-service"),
        pytest.param("SELECT * WHERE { SERVICE <http://allowed.example/sparql> { ?s ?p ?o } }", id="allowed"),
    ],
)
def test_sparql_service_guard_lets_harmless_text_through(query):
    refuse_unlisted_services(query, ["http://allowed.example/sparql"])


@pytest.mark.parametrize("accept", [
    "application/sparql-results+json", "text/csv", "text/tab-separated-values"
])
def test_sparql_answers_too_large_to_serialise_whole_are_paged_to_the_same_rows(
    fixture_store, make_client, monkeypatch, accept
):
    whole = make_client(fixture_store).get("/sparql", params={"query": SELECT}, headers={"Accept": accept})
    monkeypatch.setattr(sparql, "WHOLE_ANSWER_BYTES", 10)  # every answer takes the paging path
    paged = make_client(fixture_store).get("/sparql", params={"query": SELECT}, headers={"Accept": accept})
    assert paged.status_code == whole.status_code == 200
    assert "x-kg-truncated" not in paged.headers and "x-kg-truncated" not in whole.headers
    if accept == "application/sparql-results+json":
        assert paged.json() == whole.json()
    else:
        assert paged.text == whole.text


def test_sparql_is_documented_in_the_openapi_schema(client):
    operations = client.get("/openapi.json").json()["paths"]["/sparql"]
    assert set(operations) == {"get", "post"}
    assert {p["name"] for p in operations["get"]["parameters"]} == {
        "query", "default-graph-uri", "named-graph-uri", "_timelimit"
    }
    assert set(operations["post"]["requestBody"]["content"]) == {
        "application/sparql-query", "application/x-www-form-urlencoded"
    }


def test_sparql_other_methods_are_405_naming_the_allowed_ones(client):
    response = client.delete("/sparql")
    assert_error(response, 405, "DELETE", "GET, HEAD, POST")
    assert response.headers["allow"] == "GET, HEAD, POST"


def test_sparql_trailing_slash_redirects_to_the_endpoint(client):
    response = client.get("/sparql/", params={"query": "ASK {}"}, follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"].endswith("/sparql?query=ASK+%7B%7D")
