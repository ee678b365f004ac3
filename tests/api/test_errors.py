from __future__ import annotations

import asyncio
import logging

import pytest

from api.routes.health import store_stats
from kg.store import GraphStore
from tests.api.conftest import assert_error, load_fixture


class _BrokenStore(GraphStore):
    """A store that fails in a way no handler expects."""

    def __len__(self) -> int:
        raise RuntimeError("disk gone at /srv/secret/store")


def test_errors_unknown_route_is_404_envelope(fixture_store, make_client):
    assert_error(make_client(fixture_store).get("/no/such/thing"), 404, "/docs")


def test_errors_wrong_method_is_405_envelope_naming_the_allowed_one(fixture_store, make_client):
    response = make_client(fixture_store).delete("/health")
    assert_error(response, 405, "DELETE", "GET")
    assert response.headers["allow"] == "GET"


def test_errors_validation_error_is_400_not_422(fixture_store, make_client):
    assert_error(make_client(fixture_store).get("/articles", params={"_limit": "many"}), 400, "_limit")


def test_errors_unexpected_exception_is_a_generic_500(make_client, caplog):
    client = make_client(_BrokenStore(None))
    with caplog.at_level(logging.ERROR, logger="api.errors"):
        body = assert_error(client.get("/health"), 500, "internal error")
    assert "secret" not in body["error"] and "Traceback" not in body["error"]
    assert "disk gone" in caplog.text  # the details go to the log


def test_errors_openapi_docs_are_served(fixture_store, make_client):
    client = make_client(fixture_store)
    assert client.get("/docs").status_code == 200
    assert "/sparql" in client.get("/openapi.json").json()["paths"]


class _BrokenQueries(GraphStore):
    """A store whose queries fail in a way no handler expects, naming an internal path."""

    def query(self, *args, **kwargs):
        raise RuntimeError("disk gone at /srv/secret/store")


@pytest.mark.parametrize(
    "path", ["/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D", "/queries/people", "/stats", "/search?q=mar"]
)
def test_errors_failures_inside_a_query_task_are_a_generic_500(make_client, caplog, path):
    with caplog.at_level(logging.ERROR):
        body = assert_error(make_client(_BrokenQueries(None)).get(path), 500, "internal error")
    assert "secret" not in body["error"] and "Traceback" not in body["error"]
    assert "disk gone at /srv/secret/store" in caplog.text and "Traceback" in caplog.text


def failing_task(store: GraphStore) -> None:
    raise RuntimeError("disk gone at /srv/secret/store")


def test_errors_failures_in_a_worker_process_come_back_as_text(tmp_path):
    from api.executor import TaskFailed, WorkerPool
    from kg.settings import Settings

    store = load_fixture(tmp_path / "store")
    pool = WorkerPool(Settings(store=str(tmp_path / "store"), query_workers=2, sparql_workers=1), store)
    try:
        with pytest.raises(TaskFailed, match="disk gone at /srv/secret/store"):
            asyncio.run(pool.run("api", failing_task, timeout_s=30))
        assert asyncio.run(pool.run("api", store_stats, timeout_s=30))["articles"] == 2  # the worker lives on
    finally:
        pool.close()


def test_errors_cors_origins_come_from_the_setting(fixture_store, make_client):
    allowed = make_client(fixture_store, cors_origins=["https://analysts.example"])
    response = allowed.get("/health", headers={"Origin": "https://analysts.example"})
    assert response.headers["access-control-allow-origin"] == "https://analysts.example"
    assert "X-KG-Truncated" in response.headers["access-control-expose-headers"]
    other = allowed.get("/health", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers
    closed = make_client(fixture_store).get("/health", headers={"Origin": "https://analysts.example"})
    assert "access-control-allow-origin" not in closed.headers
