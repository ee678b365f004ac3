"""Real SPARQL clients against a real server: SPARQLWrapper and rdflib's SPARQLStore talk to uvicorn on
127.0.0.1 (a free port), over the fixture store on disk, so queries run in worker processes. (Issue 13's cases
with real clients, against `kg serve` itself, are in test_w3c_protocol.py.)"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from api.app import create_app
from api.server import uvicorn_config
from kg.settings import Settings
from tests.api.conftest import TEST_QUERIES, load_fixture

PERSON = "https://w3id.org/mkg/ontology#Person"
PEOPLE = ["https://w3id.org/mkg/id/person/ivan-marin", "https://w3id.org/mkg/id/person/maria-ivanova"]
SELECT = f"SELECT DISTINCT ?p WHERE {{ ?p a <{PERSON}> }} ORDER BY ?p"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("live") / "store"
    port = _free_port()
    settings = Settings(
        store=str(path), queries_dir=TEST_QUERIES, query_workers=2, sparql_workers=1, port=port
    )
    app = create_app(settings, store=load_fixture(path))
    server = uvicorn.Server(uvicorn_config(app, settings))  # configured as `kg serve` configures it
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}/sparql"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_live_sparqlwrapper_select_ask_construct(endpoint, method):
    from rdflib import Graph
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setMethod(method)
    client.setQuery(SELECT)
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]
    assert [b["p"]["value"] for b in bindings] == PEOPLE

    client.setQuery(f"ASK {{ ?p a <{PERSON}> }}")
    assert client.query().convert()["boolean"] is True

    client.setQuery(f"CONSTRUCT {{ ?p a <{PERSON}> }} WHERE {{ ?p a <{PERSON}> }}")
    client.setReturnFormat(TURTLE)
    turtle = Graph().parse(data=client.query().convert(), format="turtle")
    assert sorted(str(s) for s in turtle.subjects()) == PEOPLE


def test_live_sparqlwrapper_sees_errors_as_http_errors(endpoint):
    from SPARQLWrapper import JSON, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    client = SPARQLWrapper(endpoint)
    client.setQuery("SELECT ?s WHERE { ?s ?p }")
    client.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed, match="does not parse"):
        client.query()


def test_live_rdflib_sparqlstore(endpoint):
    from rdflib import Graph, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(endpoint, returnFormat="xml"))
    rows = list(graph.query(SELECT))
    assert [str(row.p) for row in rows] == PEOPLE
    assert graph.query(f"ASK {{ ?p a <{PERSON}> }}").askAnswer is True
    people = set(graph.subjects(predicate=URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                object=URIRef(PERSON)))
    assert sorted(map(str, people)) == PEOPLE
