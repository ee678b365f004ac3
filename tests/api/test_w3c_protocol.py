"""The SPARQL 1.1 Protocol against a running `kg serve`: the query-side tests of the W3C manifest
(w3c/rdf-tests, sparql/sparql11/protocol/manifest.ttl), adapted to our data, and issue 13's cases 1, 2 and 5
with real clients (SPARQLWrapper, rdflib's SPARQLStore).

Every test runs twice: `kg serve` over an embedded store (queries in worker processes), and `kg serve` over an
Oxigraph server (`kg.remote.RemoteStore`), so the dataset rules hold on both paths.

How the manifest is adapted. Its graphs data1.rdf, data2.rdf and data3.rdf (each holding one triple,
`<dataN.rdf> a foaf:Document`) become three article graphs of ours, each holding `<article> a mkg:Article`;
data0.rdf, a graph no store has, becomes an article graph IRI nobody wrote. Requests, statuses (2xx or 4xx),
expected booleans and expected formats ("boolean", "tabular", "RDF") are the manifest's; each row's id is the
name of the W3C test it adapts. Its update tests that expect an update to succeed (update_dataset_*,
update_post_form, update_post_direct, update_base_uri) do not apply: this endpoint is read-only by design, so
`test_w3c_updates_are_refused_and_change_nothing` asserts the opposite for the two ways an update is sent.
Its bad_update_* tests apply as they are: an update must get a 4xx.
"""

from __future__ import annotations

import gc
import http.client
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import httpx
import pyoxigraph as ox
import pytest

from kg.store import GraphStore
from tests.api.conftest import load_fixture
from tests.api.test_protocol_table import LONG_CYRILLIC, PEOPLE, triples_in
from tests.processes import free_port, oxigraph_server, start_kg, stop, wait_until_up

MKG = "https://w3id.org/mkg/ontology#"
GRAPH = "https://w3id.org/mkg/graph/article/"
ARTICLE = "https://w3id.org/mkg/article/"
# data1.rdf, data2.rdf, data3.rdf and the absent data0.rdf of the manifest.
G1, G2, G3, G0 = (GRAPH + name for name in ("art-raid", "art-law", "art-visa", "art-never-ingested"))
A1, A2, A3 = (ARTICLE + name for name in ("art-raid", "art-law", "art-visa"))
THIRD_ARTICLE = f"""
PREFIX mkg: <{MKG}>
GRAPH <{G3}> {{ <{A3}> a mkg:Article ; mkg:headline "Visa rules tightened for labour migrants" . }}
"""
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
BOOLEAN_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
}
TABULAR_TYPES = {
    **BOOLEAN_TYPES,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
RDF_TYPES = {
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}


def _target(*params: tuple[str, str]) -> str:
    return "/sparql" + ("?" + urlencode(params, quote_via=quote) if params else "")


@dataclass(frozen=True)
class W3CRequest:
    method: str
    target: str
    content_type: str | None = None
    body: bytes | None = None


def _post(content_type: str | None, body: str | bytes, *params: tuple[str, str]) -> W3CRequest:
    return W3CRequest(
        "POST", _target(*params), content_type, body if isinstance(body, bytes) else body.encode()
    )


def _get(*params: tuple[str, str]) -> W3CRequest:
    return W3CRequest("GET", _target(*params))


BOTH_ARTICLES = f"ASK {{ <{A1}> a ?type . <{A2}> a ?type . }}"
BOTH_NAMED = f"ASK {{ GRAPH ?g1 {{ <{A1}> a ?type }} GRAPH ?g2 {{ <{A2}> a ?type }} }}"

# name of the W3C test (the row's id) → request, expected status class, expected format, expected boolean.
W3C_QUERY_TESTS = [
    pytest.param(
        _post(FORM, "query=ASK%20%7B%7D", ("default-graph-uri", G0)), 2, "boolean", True, id="query_post_form"
    ),
    pytest.param(
        _get(("query", BOTH_ARTICLES), ("default-graph-uri", G1), ("default-graph-uri", G2)),
        2,
        "boolean",
        True,
        id="query_dataset_default_graphs_get",
    ),
    pytest.param(
        _post(DIRECT, BOTH_ARTICLES, ("default-graph-uri", G1), ("default-graph-uri", G2)),
        2,
        "boolean",
        True,
        id="query_dataset_default_graphs_post",
    ),
    pytest.param(
        _post(DIRECT, BOTH_NAMED, ("named-graph-uri", G1), ("named-graph-uri", G2)),
        2,
        "boolean",
        True,
        id="query_dataset_named_graphs_post",
    ),
    pytest.param(
        _get(("query", BOTH_NAMED), ("named-graph-uri", G1), ("named-graph-uri", G2)),
        2,
        "boolean",
        True,
        id="query_dataset_named_graphs_get",
    ),
    pytest.param(
        _post(
            DIRECT,
            f"ASK {{ <{A3}> a ?type GRAPH ?g1 {{ <{A1}> a ?type }} GRAPH ?g2 {{ <{A2}> a ?type }} }}",
            ("default-graph-uri", G3),
            ("named-graph-uri", G1),
            ("named-graph-uri", G2),
        ),
        2,
        "boolean",
        True,
        id="query_dataset_full",
    ),
    # The protocol's dataset wins over the query's FROM: with FROM <G3> alone no named graph would exist.
    pytest.param(
        _post(
            DIRECT,
            BOTH_NAMED.replace("ASK", f"ASK FROM <{G3}>", 1),
            ("named-graph-uri", G1),
            ("named-graph-uri", G2),
        ),
        2,
        "boolean",
        True,
        id="query_multiple_dataset",
    ),
    pytest.param(_get(("query", "ASK {}"), ("default-graph-uri", G0)), 2, "boolean", True, id="query_get"),
    pytest.param(
        _post(DIRECT, "SELECT (1 AS ?value) {}", ("default-graph-uri", G0)),
        2,
        "tabular",
        None,
        id="query_content_type_select",
    ),
    pytest.param(
        _post(DIRECT, "ASK {}", ("default-graph-uri", G0)), 2, "boolean", None, id="query_content_type_ask"
    ),
    pytest.param(
        _post(DIRECT, "DESCRIBE <http://example.org/>", ("default-graph-uri", G0)),
        2,
        "RDF",
        None,
        id="query_content_type_describe",
    ),
    # Relative IRIs and no BASE: they resolve against the endpoint's URL.
    pytest.param(
        _post(DIRECT, "CONSTRUCT { <s> <p> 1 } WHERE {}", ("default-graph-uri", G0)),
        2,
        "RDF",
        None,
        id="query_content_type_construct",
    ),
    pytest.param(_post(DIRECT, "ASK {}"), 2, "boolean", True, id="query_post_direct"),
    pytest.param(
        W3CRequest("PUT", _target(("query", "ASK {}"), ("default-graph-uri", G0)), FORM),
        4,
        None,
        None,
        id="bad_query_method",
    ),
    pytest.param(
        _get(("query", "ASK {}"), ("query", "SELECT * {}")), 4, None, None, id="bad_multiple_queries"
    ),
    pytest.param(_post("text/plain", "ASK {}"), 4, None, None, id="bad_query_wrong_media_type"),
    pytest.param(_post(None, "query=ASK%20%7B%7D"), 4, None, None, id="bad_query_missing_form_type"),
    pytest.param(_post(None, "ASK {}"), 4, None, None, id="bad_query_missing_direct_type"),
    pytest.param(
        _post(f"{DIRECT}; charset=UTF-16", "ASK {}".encode("utf-16")), 4, None, None, id="bad_query_non_utf8"
    ),
    pytest.param(_get(("query", "ASK {")), 4, None, None, id="bad_query_syntax"),
    pytest.param(_get(("update", "CLEAR ALL")), 4, None, None, id="bad_update_get"),
    pytest.param(
        _post(FORM, "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT"), 4, None, None, id="bad_multiple_updates"
    ),
    pytest.param(_post("text/plain", "CLEAR NAMED"), 4, None, None, id="bad_update_wrong_media_type"),
    pytest.param(_post(None, "update=CLEAR%20NAMED"), 4, None, None, id="bad_update_missing_form_type"),
    pytest.param(
        _post(f"{UPDATE}; charset=UTF-16", "CLEAR NAMED".encode("utf-16")),
        4,
        None,
        None,
        id="bad_update_non_utf8",
    ),
    pytest.param(_post(FORM, "update=CLEAR%20XYZ"), 4, None, None, id="bad_update_syntax"),
    pytest.param(
        _post(
            UPDATE,
            "WITH <http://example/addresses> DELETE { ?p <http://xmlns.com/foaf/0.1/givenName> 'Bill' } "
            "WHERE { ?p <http://xmlns.com/foaf/0.1/givenName> 'Bill' }",
            ("using-named-graph-uri", "http://example/people"),
        ),
        4,
        None,
        None,
        id="bad_update_dataset_conflict",
    ),
]


@dataclass(frozen=True)
class LiveServer:
    sparql: str  # the endpoint URL
    log: Path  # the server's JSON-lines log


def _quads() -> list[ox.Quad]:
    fixture = load_fixture(None)
    return [*fixture.quads(), *ox.parse(THIRD_ARTICLE, format=ox.RdfFormat.TRIG)]


def _fill_embedded(path: Path) -> None:
    store = GraphStore(path)
    store.add_quads(_quads())
    del store
    gc.collect()  # the server must be able to take the store's lock


@pytest.fixture(scope="module", params=["embedded", "oxigraph"])
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """`kg serve` on a free port of 127.0.0.1, over an embedded store or over an Oxigraph server."""
    folder = tmp_path_factory.mktemp(f"live-{request.param}")
    log = folder / "serve.log"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("KG_QUERY_WORKERS", "2")
        env.setenv("KG_SPARQL_WORKERS", "1")
        if request.param == "embedded":
            store = str(folder / "store")
            _fill_embedded(Path(store))
            yield from _serve(store, log)
        else:
            location = folder / "oxigraph"
            oxigraph = ox.Store(str(location))
            oxigraph.extend(_quads())
            oxigraph.flush()
            del oxigraph
            gc.collect()
            with oxigraph_server(location) as url:
                yield from _serve(url, log)


def _serve(store: str, log: Path) -> Iterator[LiveServer]:
    url = f"http://127.0.0.1:{free_port()}"
    process = start_kg("serve", "--store", store, "--port", url.rsplit(":", 1)[1], log=log)
    try:
        wait_until_up(url + "/health", process)
        yield LiveServer(url + "/sparql", log)
    finally:
        stop(process)


def _send(endpoint: str, request: W3CRequest) -> httpx.Response:
    headers = {"Content-Type": request.content_type} if request.content_type else {}
    base = endpoint.removesuffix("/sparql")
    return httpx.request(
        request.method, base + request.target, content=request.body, headers=headers, timeout=30
    )


@pytest.mark.parametrize(("request_", "status_class", "expected_format", "expected_boolean"), W3C_QUERY_TESTS)
def test_w3c_protocol_query_tests(live, request_, status_class, expected_format, expected_boolean):
    response = _send(live.sparql, request_)
    assert response.status_code // 100 == status_class, response.text
    media_type = response.headers["content-type"].split(";")[0]
    if status_class == 4:
        assert response.json()["ok"] is False  # the error envelope, whatever the 4xx
        return
    if expected_format == "boolean":
        answer = ox.parse_query_results(response.content, BOOLEAN_TYPES[media_type])
        assert isinstance(answer, ox.QueryBoolean)
        if expected_boolean is not None:
            assert bool(answer) is expected_boolean
    elif expected_format == "tabular":
        answer = ox.parse_query_results(response.content, TABULAR_TYPES[media_type])
        assert isinstance(answer, ox.QuerySolutions) and [v.value for v in answer.variables] == ["value"]
    else:
        list(ox.parse(response.content, format=RDF_TYPES[media_type]))  # parses as the type it claims


COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _count_quads(endpoint: str) -> int:
    answer = httpx.get(endpoint, params={"query": COUNT_QUADS}, timeout=30).json()
    return int(answer["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize(
    "request_",
    [
        pytest.param(_post(FORM, "update=CLEAR+ALL"), id="update_post_form"),
        pytest.param(_post(UPDATE, "CLEAR ALL"), id="update_post_direct"),
    ],
)
def test_w3c_updates_are_refused_and_change_nothing(live, request_):
    before = _count_quads(live.sparql)
    response = _send(live.sparql, request_)
    assert response.status_code == 400 and "read-only" in response.json()["error"]
    assert _count_quads(live.sparql) == before > 0


# Issue 13, cases 1, 2 and 5, with real clients.


def _wrapper(endpoint: str, query: str, method: str = "GET"):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setMethod(method)
    client.setReturnFormat(JSON)
    client.setQuery(query)
    return client


def _count(client) -> int:
    return int(client.query().convert()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_live_i13_c1_from_and_from_named_in_the_query_are_its_dataset(live, method):
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    one_graph = _count(
        _wrapper(live.sparql, f"SELECT (COUNT(DISTINCT *) AS ?n) FROM <{G1}> WHERE {{ ?s ?p ?o }}", method)
    )
    union = _count(_wrapper(live.sparql, "SELECT (COUNT(DISTINCT *) AS ?n) WHERE { ?s ?p ?o }", method))
    assert one_graph == triples_in(G1) < union
    graph = Graph(store=SPARQLStore(live.sparql, returnFormat="json"))
    rows = graph.query(f"SELECT DISTINCT ?g FROM NAMED <{G2}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert [str(row.g) for row in rows] == [G2]


def test_live_i13_c2_named_graph_uri_alone_leaves_the_default_graph_empty(live):
    client = _wrapper(live.sparql, "ASK { ?s ?p ?o }")
    client.addParameter("named-graph-uri", G1)
    assert client.query().convert()["boolean"] is False
    client.setQuery(f"ASK {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")
    assert client.query().convert()["boolean"] is True
    client.setQuery(f"ASK {{ GRAPH <{G2}> {{ ?s ?p ?o }} }}")
    assert client.query().convert()["boolean"] is False  # not among the named graphs given


def test_live_i13_c5_get_past_64_kib_is_answered(live):
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    assert len(_target(("query", LONG_CYRILLIC))) > 65_536
    bindings = _wrapper(live.sparql, LONG_CYRILLIC).query().convert()["results"]["bindings"]
    assert [b["p"]["value"] for b in bindings] == PEOPLE
    rows = Graph(store=SPARQLStore(live.sparql, returnFormat="json")).query(LONG_CYRILLIC)  # GET by default
    assert [str(row.p) for row in rows] == PEOPLE


def test_live_i13_c5_get_past_the_limit_is_414_in_the_envelope_and_logged(live):
    from SPARQLWrapper.SPARQLExceptions import URITooLong

    too_long = "ASK {} #" + "x" * 1_000_000  # a URL over KG_MAX_BODY_BYTES (1,000,000 by default)
    with pytest.raises(URITooLong, match="send the query by POST"):
        _wrapper(live.sparql, too_long).query()

    endpoint = urlsplit(live.sparql)
    connection = http.client.HTTPConnection(endpoint.hostname, endpoint.port, timeout=30)
    connection.request("GET", _target(("query", too_long)), headers={"X-Request-ID": "i13-c5-too-long"})
    response = connection.getresponse()
    body = json.loads(response.read())
    connection.close()
    assert response.status == 414 and response.getheader("content-type") == "application/json"
    assert body["ok"] is False and body["status"] == 414 and "POST" in body["error"]
    assert response.getheader("x-request-id") == "i13-c5-too-long"
    records = [json.loads(line) for line in live.log.read_text().splitlines() if line.startswith("{")]
    mine = [r for r in records if r.get("request_id") == "i13-c5-too-long"]
    assert {r.get("status") for r in mine if r.get("event") == "request"} == {414}
    assert any(r.get("target_bytes", 0) > 1_000_000 for r in mine)
