"""The SPARQL 1.1 Protocol, table-driven: (method, Accept, Content-Type, query form) → (status, content type,
body shape). Every row runs twice: over an in-memory store (queries on threads) and over a store on disk
(queries in worker processes, as `kg serve` runs them). Rows whose id starts with `i13-cN` are the cases of
issue 13 (what real clients and the W3C protocol tests probe); tests/api/test_w3c_protocol.py runs the W3C
manifest's own cases, and cases 1, 2 and 5 with real clients, against `kg serve`."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import Callable
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox
import pytest

from kg.settings import PROJECT_ROOT
from tests.api.conftest import FIXTURE, assert_error, load_fixture

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
GRAPH = "https://w3id.org/mkg/graph/article/"
RAID, LAW = GRAPH + "art-raid", GRAPH + "art-law"
# DISTINCT: Oxigraph's merged default graph repeats a triple that two graphs hold (the RDF merge would not).
COUNT = "SELECT (COUNT(DISTINCT *) AS ?n) {from} WHERE {{ ?s ?p ?o }}"
GRAPHS_SEEN = "SELECT DISTINCT ?g {from} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
BOM = "\ufeff"
# 11,000 Cyrillic letters: a GET request line over 64 KiB, the most httptools can parse, but a query far
# below KG_MAX_QUERY_LENGTH.
LONG_CYRILLIC = 'SELECT DISTINCT ?p WHERE { ?p a mkg:Person FILTER(?p != "' + "Ж" * 11_000 + '") } ORDER BY ?p'


def triples_in(*graphs: str) -> int:
    """How many distinct triples the fixture's store holds in `graphs` (all of them when none is named): as
    stored, after `kg.layout` moved the statements about shared resources to the entity graph."""
    store = load_fixture(None)
    return len({q.triple for q in store.quads() if not graphs or q.graph_name.value in graphs})


def count_is(expected: Callable[[], int]) -> Callable[[bytes], None]:
    def check(body: bytes) -> None:
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == expected()

    return check


def boolean_is(expected: bool) -> Callable[[bytes], None]:
    def check(body: bytes) -> None:
        assert json.loads(body)["boolean"] is expected

    return check


def graphs_are(*expected: str) -> Callable[[bytes], None]:
    def check(body: bytes) -> None:
        assert sorted(b["g"]["value"] for b in json.loads(body)["results"]["bindings"]) == sorted(expected)

    return check


def triple_at_endpoint(body: bytes) -> None:
    """`CONSTRUCT { <s> <p> 1 }` answered with <s> and <p> resolved against the endpoint URL."""
    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    assert [(t.subject.value, t.predicate.value) for t in triples] == [
        ("http://testserver/s", "http://testserver/p")
    ]

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
    # Case 1: the query's own dataset (FROM / FROM NAMED) when the protocol gives none; the union without it.
    pytest.param(
        "GET", None, None, COUNT.format(**{"from": f"FROM <{RAID}>"}), {}, 200, JSON_RESULTS,
        count_is(lambda: triples_in(RAID)), id="i13-c1-from-counts-one-graph",
    ),
    pytest.param(
        "POST", None, DIRECT, COUNT.format(**{"from": f"FROM <{RAID}> FROM <{LAW}>"}), {}, 200, JSON_RESULTS,
        count_is(lambda: triples_in(RAID, LAW)), id="i13-c1-two-froms-merge",
    ),
    pytest.param(
        "GET", None, None, COUNT.format(**{"from": ""}), {}, 200, JSON_RESULTS, count_is(triples_in),
        id="i13-c1-no-from-is-the-union",
    ),
    pytest.param(
        "GET", None, None, GRAPHS_SEEN.format(**{"from": f"FROM NAMED <{LAW}>"}), {}, 200, JSON_RESULTS,
        graphs_are(LAW), id="i13-c1-from-named-limits-graph-patterns",
    ),
    pytest.param(
        "GET", None, None, GRAPHS_SEEN.format(**{"from": f"FROM <{LAW}>"}), {}, 200, JSON_RESULTS,
        graphs_are(), id="i13-c1-from-alone-has-no-named-graphs",
    ),
    pytest.param(
        "POST", None, FORM, "# from a comment\n" + COUNT.format(**{"from": ""}).replace("?o", '"from"'), {},
        200, JSON_RESULTS, count_is(lambda: 0), id="i13-c1-from-in-strings-and-comments-is-no-dataset",
    ),
    pytest.param(
        "GET", None, None, COUNT.format(**{"from": f"FROM <{LAW}>"}), {"default-graph-uri": RAID}, 200,
        JSON_RESULTS, count_is(lambda: triples_in(RAID)), id="i13-c1-protocol-dataset-overrides-from",
    ),
    # Case 2: either protocol graph parameter alone leaves the other part of the dataset empty (§2.1.4).
    pytest.param(
        "GET", None, None, "ASK { ?s ?p ?o }", {"named-graph-uri": RAID}, 200, JSON_RESULTS, boolean_is(False),
        id="i13-c2-named-graph-uri-alone-empties-the-default-graph",
    ),
    pytest.param(
        "POST", None, FORM, f"ASK {{ GRAPH <{RAID}> {{ ?s ?p ?o }} }}", {"named-graph-uri": RAID}, 200,
        JSON_RESULTS, boolean_is(True), id="i13-c2-named-graph-uri-alone-names-its-graph",
    ),
    pytest.param(
        "GET", None, None, GRAPHS_SEEN.format(**{"from": ""}), {"default-graph-uri": RAID}, 200, JSON_RESULTS,
        graphs_are(), id="i13-c2-default-graph-uri-alone-has-no-named-graphs",
    ),
    # Case 3: the generic names Oxigraph's server answers (results, graphs and the service description).
    pytest.param(
        "GET", "application/json", None, SELECT, {}, 200, JSON_RESULTS, solutions_json, id="i13-c3-select-json",
    ),
    pytest.param(
        "GET", "application/xml", None, SELECT, {}, 200, XML_RESULTS, solutions_xml, id="i13-c3-select-xml",
    ),
    pytest.param(
        "GET", "text/plain", None, SELECT, {}, 200, "text/csv", solutions_csv, id="i13-c3-select-text-plain-csv",
    ),
    pytest.param("GET", "application/xml", None, ASK, {}, 200, XML_RESULTS, boolean_xml, id="i13-c3-ask-xml"),
    pytest.param(
        "GET", "application/json", None, CONSTRUCT, {}, 200, "application/ld+json", jsonld,
        id="i13-c3-construct-json-is-jsonld",
    ),
    pytest.param(
        "GET", "application/xml", None, CONSTRUCT, {}, 200, "application/rdf+xml",
        graph_of(ox.RdfFormat.RDF_XML, 2), id="i13-c3-construct-xml-is-rdfxml",
    ),
    pytest.param(
        "GET", "text/plain", None, CONSTRUCT, {}, 200, "application/n-triples",
        graph_of(ox.RdfFormat.N_TRIPLES, 2), id="i13-c3-construct-text-plain-ntriples",
    ),
    pytest.param(
        "GET", "application/json", None, None, {}, 200, "application/ld+json", graph_of(ox.RdfFormat.JSON_LD, 1),
        id="i13-c3-service-description-json",
    ),
    pytest.param(
        "GET", "text/plain", None, None, {}, 200, "application/n-triples", graph_of(ox.RdfFormat.N_TRIPLES, 1),
        id="i13-c3-service-description-text-plain",
    ),
    pytest.param(
        "GET", "application/json;q=0.2, text/csv", None, SELECT, {}, 200, "text/csv", solutions_csv,
        id="i13-c3-alias-keeps-its-q-value",
    ),
    # Case 4: relative IRIs resolve against the endpoint's URL (W3C query_content_type_construct).
    pytest.param(
        "POST", None, DIRECT, "CONSTRUCT { <s> <p> 1 } WHERE {}", {}, 200, "text/turtle", triple_at_endpoint,
        id="i13-c4-relative-iris-resolve-against-the-endpoint",
    ),
    pytest.param(
        "GET", None, None, "ASK { <maria-ivanova> ?p ?o }", {}, 200, JSON_RESULTS, boolean_is(False),
        id="i13-c4-relative-iri-is-no-error",
    ),
    pytest.param(
        "GET", None, None, "BASE <https://w3id.org/mkg/id/person/> ASK { <maria-ivanova> ?p ?o }", {}, 200,
        JSON_RESULTS, boolean_is(True), id="i13-c4-the-query-base-wins",
    ),
    # Case 5: a GET as long as the documented limits allow is answered; past them, 414 in the envelope.
    pytest.param("GET", None, None, LONG_CYRILLIC, {}, 200, JSON_RESULTS, solutions_json, id="i13-c5-long-get"),
    pytest.param(
        "GET", None, None, "ASK {} #" + "x" * 1_000_000, {}, 414, "application/json",
        error_envelope("send the query by POST", "KG_MAX_BODY_BYTES"), id="i13-c5-get-past-the-limit-414",
    ),
    # Case 6: a form body with raw UTF-8, as `curl --data` sends it.
    pytest.param(
        "POST", None, FORM, 'query=ASK { ?s rdfs:label "Maria Ivanova" FILTER(STRLEN("Жук") = 3) }'.encode(), {},
        200, JSON_RESULTS, boolean_is(True), id="i13-c6-raw-utf8-form",
    ),
    pytest.param(
        "POST", None, FORM, b"query=ASK%20%7B%7D%20%23%FF", {}, 400, "application/json",
        error_envelope("not UTF-8"), id="i13-c6-percent-encoded-non-utf8-400",
    ),
    # Case 7: two queries are an error, not the last one (W3C bad_multiple_queries).
    pytest.param(
        "GET", None, None, None, {"query": ["ASK {}", "SELECT * {}"]}, 400, "application/json",
        error_envelope("`query` is given 2 times"), id="i13-c7-two-queries-get-400",
    ),
    pytest.param(
        "POST", None, DIRECT, ASK, {"query": "SELECT * {}"}, 400, "application/json",
        error_envelope("both in the URL and as the body"), id="i13-c7-query-in-url-and-body-400",
    ),
    pytest.param(
        "POST", None, FORM, b"query=ASK%20%7B%7D", {"query": "SELECT * {}"}, 400, "application/json",
        error_envelope("`query` is given 2 times"), id="i13-c7-query-in-form-and-url-400",
    ),
    # Case 8: an update by GET is refused, never answered with the service description (W3C bad_update_get).
    pytest.param(
        "GET", None, None, None, {"update": "CLEAR ALL"}, 400, "application/json", error_envelope("read-only"),
        id="i13-c8-update-by-get-400",
    ),
    pytest.param(
        "POST", None, "application/sparql-update", "CLEAR ALL", {}, 400, "application/json",
        error_envelope("read-only"), id="i13-c8-update-body-400",
    ),
    # Case 9: a leading byte-order mark is dropped, whichever way the query comes.
    pytest.param("GET", None, None, BOM + SELECT, {}, 200, JSON_RESULTS, solutions_json, id="i13-c9-bom-get"),
    pytest.param(
        "POST", None, DIRECT, (BOM + SELECT).encode(), {}, 200, JSON_RESULTS, solutions_json,
        id="i13-c9-bom-direct-post",
    ),
    pytest.param("POST", None, FORM, BOM + SELECT, {}, 200, JSON_RESULTS, solutions_json, id="i13-c9-bom-form"),
    pytest.param(
        "POST", None, FORM, BOM.encode() + b"query=" + SELECT.encode(), {}, 200, JSON_RESULTS, solutions_json,
        id="i13-c9-bom-before-the-form",
    ),
    pytest.param(
        "POST", None, f"{DIRECT}; charset=UTF-16", "ASK {}".encode("utf-16"), {}, 415, "application/json",
        error_envelope("UTF-8"), id="i13-non-utf8-charset-415",
    ),
]
# httpx refuses URLs over 64 KiB itself, so longer GETs are sent to the app as ASGI calls.
HTTPX_MAX_URL = 65_536


def send(
    client, method: str, accept: str | None, content_type: str | None, query: str | bytes | None, params: dict
):
    """The request of one row; a `bytes` query is the body as it is."""
    headers = {"Accept": accept} if accept else {}
    if method in ("GET", "HEAD"):
        query_params = {**params, **({"query": query} if query is not None else {})}
        target = "/sparql?" + urlencode(query_params, doseq=True)
        if len(target) > HTTPX_MAX_URL:
            return asgi_get(client.app, target, headers)
        return client.request(method, "/sparql", params=query_params, headers=headers)
    if isinstance(query, bytes):
        headers["Content-Type"] = content_type or ""
        return client.request(method, "/sparql", content=query, params=params, headers=headers)
    if content_type == FORM:
        return client.request(method, "/sparql", data={"query": query, **params}, headers=headers)
    if content_type is not None:
        headers["Content-Type"] = content_type
    return client.request(method, "/sparql", content=(query or "").encode(), params=params, headers=headers)


def asgi_get(app, target: str, headers: dict[str, str]) -> httpx.Response:
    """GET `target` from the ASGI app directly, as uvicorn would call it."""
    path, _, query = target.partition("?")
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
        "server": ("testserver", 80), "client": ("127.0.0.1", 50000), "root_path": "", "path": path,
        "raw_path": path.encode(), "query_string": query.encode(),
        "headers": [(k.lower().encode(), v.encode()) for k, v in {"host": "testserver", **headers}.items()],
    }
    messages: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send_message(message: dict) -> None:
        messages.append(message)

    asyncio.run(app(scope, receive, send_message))
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return httpx.Response(start["status"], headers=start["headers"], content=body)


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


# Case 10: /queries/entity names its entity by `id` or `label`; with neither it is a 400 naming both.
ENTITY = "https://w3id.org/mkg/id/person/maria-ivanova"


@pytest.mark.parametrize(
    ("params", "status", "fragments"),
    [
        pytest.param({}, 400, ["'id' (iri) or 'label' (string)"], id="i13-c10-entity-without-id-or-label-400"),
        pytest.param({"id": "", "label": ""}, 400, ["'id'", "'label'"], id="i13-c10-entity-empty-id-and-label-400"),
        pytest.param({"id": ENTITY}, 200, [], id="i13-c10-entity-by-id"),
        pytest.param({"label": "m. ivanova"}, 200, [], id="i13-c10-entity-by-label"),
    ],
)
def test_protocol_table_entity_needs_id_or_label(fixture_store, make_client, params, status, fragments):
    client = make_client(fixture_store, queries_dir=PROJECT_ROOT / "queries")
    response = client.get("/queries/entity", params=params)
    if status != 200:
        assert_error(response, status, *fragments)
        return
    body = response.json()
    assert response.status_code == 200 and body["rows"]
    assert {row["entity"]["id"] for row in body["rows"]} == {ENTITY}
