"""Fixtures of the API tests: an in-memory store loaded from tests/data/api_fixture.trig, and app builders."""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.settings import Settings
from kg.store import GraphStore

# Starlette asks for the `httpx2` package and warns once on import when only `httpx` is installed; the
# TestClient works with either, so that warning is not a test failure.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=r"Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

DATA = Path(__file__).resolve().parent.parent / "data"
FIXTURE = DATA / "api_fixture.trig"
TEST_QUERIES = DATA / "queries"


@pytest.fixture
def fixture_store() -> GraphStore:
    graphs: dict[ox.NamedNode, list[ox.Quad]] = defaultdict(list)
    for quad in ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TRIG):
        graphs[quad.graph_name].append(quad)
    store = GraphStore(None)
    for graph, quads in graphs.items():
        store.replace_graph(graph, quads)
    return store


@pytest.fixture
def make_client() -> Callable[..., TestClient]:
    """Builds a TestClient over a new app for a store (and setting overrides); server errors come back as
    responses, since the 500 envelope is under test."""
    from api.app import create_app

    def build(store: GraphStore, **settings: object) -> TestClient:
        app = create_app(Settings(store="unused-in-tests", queries_dir=TEST_QUERIES, **settings), store=store)
        return TestClient(app, raise_server_exceptions=False)

    return build


def assert_error(response, status: int, *fragments: str) -> dict:
    """The response is the JSON error envelope with `status`, and its message holds every fragment."""
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == status
    for fragment in fragments:
        assert fragment in body["error"]
    return body


@pytest.fixture
def client(fixture_store, make_client) -> TestClient:
    """An app over the shared fixture store (each test module gets its own app)."""
    return make_client(fixture_store)
