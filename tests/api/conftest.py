"""Fixtures of the API tests: the store of tests/data/api_fixture.trig, in memory (queries run on threads) or
on disk (queries run in worker processes, as under `kg serve`), and app builders."""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Callable, Iterator
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


def load_fixture(path: Path | None) -> GraphStore:
    """The fixture graphs in a new store at `path` (in memory when None)."""
    graphs: dict[ox.NamedNode, list[ox.Quad]] = defaultdict(list)
    for quad in ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TRIG):
        graphs[quad.graph_name].append(quad)
    store = GraphStore(path)
    for graph, quads in graphs.items():
        store.replace_graph(graph, quads)
    return store


@pytest.fixture
def fixture_store() -> GraphStore:
    return load_fixture(None)


def disk_app_client(path: Path, **settings: object) -> TestClient:
    """A TestClient over the fixture store on disk at `path`: queries run in worker processes. Use it in a
    `with` block, which starts the workers and stops them at the end."""
    from api.app import create_app

    store = load_fixture(path)
    app = create_app(
        Settings(store=str(path), queries_dir=TEST_QUERIES, **{"query_workers": 3, "sparql_workers": 2, **settings}),
        store=store,
    )
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def disk_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """An app over the fixture store on disk, shared by the tests of one module (queries read only)."""
    with disk_app_client(tmp_path_factory.mktemp("store") / "store") as client:
        yield client


@pytest.fixture
def make_client() -> Callable[..., TestClient]:
    """Builds a TestClient over a new app for a store (and setting overrides); server errors come back as
    responses, since the 500 envelope is under test."""
    from api.app import create_app

    def build(store: GraphStore, **settings: object) -> TestClient:
        settings = {"queries_dir": TEST_QUERIES, **settings}
        app = create_app(Settings(store="unused-in-tests", **settings), store=store)
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
