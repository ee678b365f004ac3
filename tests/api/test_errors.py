from __future__ import annotations

import logging

from kg.store import GraphStore
from tests.api.conftest import assert_error


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
