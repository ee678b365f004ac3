"""The Graph Store Protocol on /store: token checks, body formats, atomic replacement."""

from __future__ import annotations

import threading

import pyoxigraph as ox
import pytest

from kg import iris
from kg.store import GraphStore
from tests.api.conftest import assert_error

GRAPH = "https://w3id.org/mkg/graph/article/test"
AUTH = {"Authorization": "Bearer s3cret"}
NT = {"Content-Type": "application/n-triples"}


@pytest.fixture
def store() -> GraphStore:
    return GraphStore(None)


@pytest.fixture
def writable(store, make_client):
    return make_client(store, write_token="s3cret")


def triples(*values: str) -> str:
    return "".join(f'<urn:s> <urn:p> "{v}" .\n' for v in values)


def objects(store: GraphStore, graph: str = GRAPH) -> set[str]:
    """The objects of the graph as written (an article graph's shared statements are kept in the entity graph)."""
    return {t.object.value for t in store.graph_triples(ox.NamedNode(graph))}


def test_graph_store_put_creates_then_replaces_the_graph(writable, store):
    created = writable.put("/store", params={"graph": GRAPH}, content=triples("a", "b"), headers=AUTH | NT)
    assert created.status_code == 201
    assert objects(store) == {"a", "b"}
    replaced = writable.put("/store", params={"graph": GRAPH}, content=triples("c"), headers=AUTH | NT)
    assert replaced.status_code == 204
    assert objects(store) == {"c"}


def test_graph_store_put_of_an_article_graph_records_when_it_was_added_and_stored(writable, store):
    def times() -> dict[str, str]:
        return {q.predicate.value.rsplit("#", 1)[1]: q.object.value for q in store.quads(iris.INGESTS_GRAPH)
                if q.subject == iris.article("test")}

    writable.put("/store", params={"graph": GRAPH}, content=triples("a"), headers=AUTH | NT)
    added = times()
    assert added.keys() == {"addedAt", "ingestedAt"} and added["addedAt"] == added["ingestedAt"]
    writable.put("/store", params={"graph": GRAPH}, content=triples("b"), headers=AUTH | NT)
    updated = times()
    assert updated["addedAt"] == added["addedAt"] and updated["ingestedAt"] != added["ingestedAt"]
    writable.put("/store", params={"graph": "urn:graph:other"}, content=triples("c"), headers=AUTH | NT)
    assert {q.subject for q in store.quads(iris.INGESTS_GRAPH)} == {iris.article("test")}  # articles only
    writable.delete("/store", params={"graph": GRAPH}, headers=AUTH)
    assert times() == {}


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        pytest.param("text/turtle", '@prefix p: <urn:> . <urn:s> p:p "t" .', id="turtle"),
        pytest.param("application/n-quads", f'<urn:s> <urn:p> "t" <{GRAPH}> .\n<urn:s> <urn:p> "u" .', id="nquads"),
        pytest.param("application/n-triples; charset=utf-8", '<urn:s> <urn:p> "t" .', id="ntriples-charset"),
    ],
)
def test_graph_store_put_reads_each_rdf_body_format(writable, store, content_type, body):
    response = writable.put("/store", params={"graph": GRAPH}, content=body, headers=AUTH | {"Content-Type": content_type})
    assert response.status_code == 201
    assert "t" in objects(store)


def test_graph_store_post_adds_and_delete_removes(writable, store):
    writable.put("/store", params={"graph": GRAPH}, content=triples("a"), headers=AUTH | NT)
    assert writable.post("/store", params={"graph": GRAPH}, content=triples("b"), headers=AUTH | NT).status_code == 204
    assert objects(store) == {"a", "b"}
    assert writable.delete("/store", params={"graph": GRAPH}, headers=AUTH).status_code == 204
    assert objects(store) == set()
    assert_error(writable.delete("/store", params={"graph": GRAPH}, headers=AUTH), 404, GRAPH)


def test_graph_store_get_answers_the_graph_without_a_token(writable):
    writable.put("/store", params={"graph": GRAPH}, content=triples("a"), headers=AUTH | NT)
    response = writable.get("/store", params={"graph": GRAPH}, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/n-triples")
    assert response.text == triples("a")
    assert_error(writable.get("/store", params={"graph": GRAPH + "-none"}), 404, "no graph")
    assert_error(writable.get("/store", params={"graph": GRAPH}, headers={"Accept": "image/png"}), 406)


@pytest.mark.parametrize(
    ("headers", "status", "fragment"),
    [
        pytest.param({}, 401, "Authorization: Bearer", id="no-token"),
        pytest.param({"Authorization": "Basic czNjcmV0"}, 401, "Authorization: Bearer", id="wrong-scheme"),
        pytest.param({"Authorization": "Bearer s3cre"}, 403, "token is wrong", id="wrong-token"),
        pytest.param({"Authorization": "Bearer s3cret-and-more"}, 403, "token is wrong", id="longer-token"),
    ],
)
def test_graph_store_writes_need_the_right_token(writable, store, headers, status, fragment):
    for method in ("PUT", "POST", "DELETE"):
        response = writable.request(method, "/store", params={"graph": GRAPH}, content=triples("x"), headers=headers | NT)
        body = assert_error(response, status, fragment)
        assert "s3cret" not in body["error"]
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"
    assert objects(store) == set()


def test_graph_store_writes_are_disabled_without_a_configured_token(store, make_client):
    client = make_client(store)
    response = client.put("/store", params={"graph": GRAPH}, content=triples("x"), headers=AUTH | NT)
    assert_error(response, 403, "disabled", "KG_WRITE_TOKEN")
    assert objects(store) == set()


@pytest.mark.parametrize(
    ("params", "headers", "body", "status", "fragment"),
    [
        pytest.param({"graph": GRAPH}, {"Content-Type": "application/json"}, "{}", 415, "n-triples", id="json-body"),
        pytest.param({"graph": GRAPH}, {}, triples("x"), 415, "(none)", id="no-content-type"),
        pytest.param({}, NT, triples("x"), 400, "graph", id="no-graph"),
        pytest.param({"graph": "not an iri"}, NT, triples("x"), 400, "absolute IRI", id="bad-graph"),
        pytest.param({"graph": GRAPH}, NT, "<urn:s> <urn:p> .", 400, "does not parse", id="bad-body"),
        pytest.param({"graph": GRAPH}, {"Content-Type": "application/n-quads"}, '<urn:s> <urn:p> "x" <urn:g> .',
                     400, "outside the graph", id="other-graph-quads"),
    ],
)
def test_graph_store_refuses_bad_requests_and_changes_nothing(writable, store, params, headers, body, status, fragment):
    writable.put("/store", params={"graph": GRAPH}, content=triples("kept"), headers=AUTH | NT)
    assert_error(writable.put("/store", params=params, content=body, headers=AUTH | headers), status, fragment)
    assert objects(store) == {"kept"}


def test_graph_store_put_never_shows_readers_a_missing_or_mixed_graph(writable, store):
    """A reader polling while the graph is replaced again and again sees one whole version each time."""
    versions = [triples(*(f"v{n}-{i}" for i in range(200))) for n in range(2)]
    expected = [{f"v{n}-{i}" for i in range(200)} for n in range(2)]
    writable.put("/store", params={"graph": GRAPH}, content=versions[0], headers=AUTH | NT)
    seen: list[set[str]] = []
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            seen.append(objects(store))

    reader = threading.Thread(target=poll)
    reader.start()
    try:
        for n in range(30):
            response = writable.put("/store", params={"graph": GRAPH}, content=versions[n % 2], headers=AUTH | NT)
            assert response.status_code == 204
    finally:
        done.set()
        reader.join()
    assert len(seen) > 30
    assert all(snapshot in expected for snapshot in seen)
