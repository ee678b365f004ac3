"""The SPARQL 1.1 Protocol, table-driven: (method, Accept, Content-Type, query form) → (status, content type,
body shape). Every row runs twice: over an in-memory store (queries on threads) and over a store on disk
(queries in worker processes, as `kg serve` runs them)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import pyoxigraph as ox
import pytest

SELECT = "SELECT DISTINCT ?p WHERE { ?p a mkg:Person } ORDER BY ?p"
ASK = "ASK { ?s a mkg:LegalAct }"
CONSTRUCT = "CONSTRUCT { ?p a mkg:Person } WHERE { ?p a mkg:Person }"
DESCRIBE = "DESCRIBE <https://w3id.org/mkg/id/person/maria-ivanova>"
BROKEN = "SELECT ?s WHERE { ?s ?p }"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
PEOPLE = ["https://w3id.org/mkg/id/person/ivan-marin", "https://w3id.org/mkg/id/person/maria-ivanova"]
SD = "http://www.w3.org/ns/sparql-service-description#"


def solutions_json(body: bytes) -> None:
    answer = json.loads(body)
    assert answer["head"]["vars"] == ["p"]
    assert [b["p"]["value"] for b in answer["results"]["bindings"]] == PEOPLE


def boolean_json(body: bytes) -> None:
    assert json.loads(body) == {"head": {}, "boolean": True}


def boolean_xml(body: bytes) -> None:
    assert b"<boolean>true</boolean>" in body


def solutions_xml(body: bytes) -> None:
    answer = ox.parse_query_results(body, ox.QueryResultsFormat.XML)
    assert [s["p"].value for s in answer] == PEOPLE


def solutions_csv(body: bytes) -> None:
    assert list(csv.reader(io.StringIO(body.decode()))) == [["p"], *[[p] for p in PEOPLE]]


def solutions_tsv(body: bytes) -> None:
    assert body.decode().splitlines() == ["?p", *[f"<{p}>" for p in PEOPLE]]


def graph_of(fmt: ox.RdfFormat, expected_subjects: int) -> Callable[[bytes], None]:
    def check(body: bytes) -> None:
        triples = list(ox.parse(body, format=fmt))
        assert len({t.subject for t in triples}) == expected_subjects

    return check


def jsonld(body: bytes) -> None:
    nodes = json.loads(body)
    assert sorted(node["@id"] for node in nodes) == PEOPLE
    graph_of(ox.RdfFormat.JSON_LD, 2)(body)


def service_description(body: bytes) -> None:
    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    assert ox.NamedNode(SD + "SPARQL11Query") in {t.object for t in triples}
    assert ox.NamedNode(SD + "Service") in {t.object for t in triples}


def error_envelope(*fragments: str) -> Callable[[bytes], None]:
    def check(body: bytes) -> None:
        answer = json.loads(body)
        assert set(answer) == {"ok", "error", "status"} and answer["ok"] is False
        for fragment in fragments:
            assert fragment in answer["error"]

    return check


def empty(body: bytes) -> None:
    assert body == b""


JSON_RESULTS = "application/sparql-results+json"
XML_RESULTS = "application/sparql-results+xml"

CASES = [
    # method, Accept, Content-Type, query, extra params → status, content type, body shape
    pytest.param("GET", None, None, SELECT, {}, 200, JSON_RESULTS, solutions_json, id="get-select-no-accept"),
    pytest.param("GET", "*/*", None, SELECT, {}, 200, JSON_RESULTS, solutions_json, id="get-select-any"),
    pytest.param("GET", XML_RESULTS, None, SELECT, {}, 200, XML_RESULTS, solutions_xml, id="get-select-xml"),
    pytest.param("GET", "text/csv", None, SELECT, {}, 200, "text/csv", solutions_csv, id="get-select-csv"),
    pytest.param(
        "GET", "text/tab-separated-values", None, SELECT, {}, 200, "text/tab-separated-values", solutions_tsv,
        id="get-select-tsv",
    ),
    pytest.param(
        "GET", "text/*;q=0.5, application/sparql-results+xml;q=0.4", None, SELECT, {}, 200, "text/csv",
        solutions_csv, id="get-select-type-wildcard-beats-lower-q",
    ),
    pytest.param(
        "GET", f"{JSON_RESULTS};q=0.2, text/csv;q=0.9, */*;q=0.1", None, SELECT, {}, 200, "text/csv",
        solutions_csv, id="get-select-q-values",
    ),
    pytest.param(
        "GET", f"text/csv;q=0, {XML_RESULTS}", None, SELECT, {}, 200, XML_RESULTS, solutions_xml,
        id="get-select-q-zero-excludes",
    ),
    pytest.param("GET", "text/*", None, ASK, {}, 200, "text/csv", lambda b: None, id="get-ask-text-wildcard"),
    pytest.param("GET", None, None, ASK, {}, 200, JSON_RESULTS, boolean_json, id="get-ask-default"),
    pytest.param("GET", XML_RESULTS, None, ASK, {}, 200, XML_RESULTS, boolean_xml, id="get-ask-xml"),
    pytest.param(
        "GET", None, None, CONSTRUCT, {}, 200, "text/turtle", graph_of(ox.RdfFormat.TURTLE, 2),
        id="get-construct-default-turtle",
    ),
    pytest.param(
        "GET", "application/n-triples", None, CONSTRUCT, {}, 200, "application/n-triples",
        graph_of(ox.RdfFormat.N_TRIPLES, 2), id="get-construct-ntriples",
    ),
    pytest.param(
        "GET", "application/ld+json", None, CONSTRUCT, {}, 200, "application/ld+json", jsonld,
        id="get-construct-jsonld",
    ),
    pytest.param(
        "GET", "application/rdf+xml", None, CONSTRUCT, {}, 200, "application/rdf+xml",
        graph_of(ox.RdfFormat.RDF_XML, 2), id="get-construct-rdfxml",
    ),
    pytest.param(
        "GET", "application/*", None, DESCRIBE, {}, 200, "application/n-triples",
        graph_of(ox.RdfFormat.N_TRIPLES, 1), id="get-describe-application-wildcard",
    ),
    pytest.param(
        "GET", "text/turtle", None, SELECT, {}, 406, "application/json", error_envelope(JSON_RESULTS),
        id="get-select-as-turtle-406",
    ),
    pytest.param(
        "GET", "text/csv", None, CONSTRUCT, {}, 406, "application/json", error_envelope("text/turtle"),
        id="get-construct-as-csv-406",
    ),
    pytest.param(
        "GET", "image/png", None, SELECT, {}, 406, "application/json", error_envelope("text/csv"),
        id="get-image-406",
    ),
    pytest.param(
        "GET", None, None, BROKEN, {}, 400, "application/json", error_envelope("does not parse", "error at"),
        id="get-syntax-error-400",
    ),
    pytest.param(
        "GET", None, None, "DROP ALL", {}, 400, "application/json", error_envelope("UPDATE is not allowed"),
        id="get-update-400",
    ),
    pytest.param(
        "GET", None, None, ASK, {"default-graph-uri": "https://w3id.org/mkg/graph/article/art-raid"}, 200,
        JSON_RESULTS, lambda b: json.loads(b)["boolean"] is False or pytest.fail("graph not restricted"),
        id="get-default-graph-uri",
    ),
    pytest.param(
        # (An article graph holds its facts; what a person is, is stored once, in the entity graph.)
        "GET", None, None,
        'SELECT DISTINCT ?p WHERE { GRAPH ?g { ?fact ?role ?p } '
        'FILTER(STRSTARTS(STR(?p), "https://w3id.org/mkg/id/person/")) } ORDER BY ?p',
        {"named-graph-uri": "https://w3id.org/mkg/graph/article/art-raid"}, 200, JSON_RESULTS,
        lambda b: [x["p"]["value"] for x in json.loads(b)["results"]["bindings"]] == PEOPLE[1:]
        or pytest.fail("named graphs not restricted"),
        id="get-named-graph-uri",
    ),
    pytest.param(
        "GET", None, None, ASK, {"default-graph-uri": "not an iri"}, 400, "application/json",
        error_envelope("default-graph-uri"), id="get-bad-graph-uri-400",
    ),
    pytest.param("GET", None, None, None, {}, 200, "text/turtle", service_description, id="get-no-query-sd"),
    pytest.param(
        "GET", "application/n-triples", None, None, {}, 200, "application/n-triples",
        graph_of(ox.RdfFormat.N_TRIPLES, 1), id="get-no-query-sd-ntriples",
    ),
    pytest.param("HEAD", None, None, SELECT, {}, 200, JSON_RESULTS, empty, id="head-select"),
    pytest.param("HEAD", "text/turtle", None, SELECT, {}, 406, "application/json", empty, id="head-406"),
    pytest.param("HEAD", None, None, None, {}, 200, "text/turtle", empty, id="head-sd"),
    pytest.param("POST", "text/csv", FORM, SELECT, {}, 200, "text/csv", solutions_csv, id="form-select-csv"),
    pytest.param(
        "POST", None, FORM, CONSTRUCT, {}, 200, "text/turtle", graph_of(ox.RdfFormat.TURTLE, 2),
        id="form-construct",
    ),
    pytest.param(
        "POST", None, FORM, ASK, {"default-graph-uri": "https://w3id.org/mkg/graph/article/art-raid"}, 200,
        JSON_RESULTS, lambda b: json.loads(b)["boolean"] is False or pytest.fail("graph not restricted"),
        id="form-default-graph-uri",
    ),
    pytest.param("POST", None, DIRECT, SELECT, {}, 200, JSON_RESULTS, solutions_json, id="direct-select"),
    pytest.param(
        "POST", XML_RESULTS, f"{DIRECT}; charset=utf-8", ASK, {}, 200, XML_RESULTS, boolean_xml,
        id="direct-ask-xml-charset",
    ),
    pytest.param(
        "POST", "application/ld+json", DIRECT, CONSTRUCT, {}, 200, "application/ld+json", jsonld,
        id="direct-construct-jsonld",
    ),
    pytest.param(
        "POST", None, DIRECT, BROKEN, {}, 400, "application/json", error_envelope("does not parse"),
        id="direct-syntax-error-400",
    ),
    pytest.param(
        "POST", None, DIRECT, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", {}, 400, "application/json",
        error_envelope("UPDATE is not allowed"), id="direct-update-400",
    ),
    pytest.param(
        "POST", None, "text/plain", SELECT, {}, 415, "application/json", error_envelope(DIRECT, FORM),
        id="post-text-plain-415",
    ),
    pytest.param(
        "POST", None, "application/json", SELECT, {}, 415, "application/json", error_envelope(DIRECT),
        id="post-json-415",
    ),
    pytest.param(
        "POST", None, None, SELECT, {}, 415, "application/json", error_envelope("(none)"),
        id="post-no-content-type-415",
    ),
    pytest.param(
        "PUT", None, DIRECT, SELECT, {}, 405, "application/json", error_envelope("PUT"), id="put-405",
    ),
]


def send(client, method: str, accept: str | None, content_type: str | None, query: str | None, params: dict):
    headers = {"Accept": accept} if accept else {}
    if method in ("GET", "HEAD"):
        query_params = {**params, **({"query": query} if query is not None else {})}
        return client.request(method, "/sparql", params=query_params, headers=headers)
    if content_type == FORM:
        return client.request(method, "/sparql", data={"query": query, **params}, headers=headers)
    if content_type is not None:
        headers["Content-Type"] = content_type
    return client.request(method, "/sparql", content=(query or "").encode(), params=params, headers=headers)


@pytest.fixture(params=["threads", "processes"])
def any_client(request, client, disk_client):
    return client if request.param == "threads" else disk_client


@pytest.mark.parametrize(
    ("method", "accept", "content_type", "query", "params", "status", "media_type", "shape"), CASES
)
def test_protocol_table(any_client, method, accept, content_type, query, params, status, media_type, shape):
    response = send(any_client, method, accept, content_type, query, params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    shape(response.content)
