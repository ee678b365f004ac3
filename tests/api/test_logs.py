from __future__ import annotations

import json
import logging

import pytest

from api.logs import JsonFormatter, RequestIdFilter


@pytest.fixture
def json_lines(caplog):
    """The log records of the test, formatted as the server writes them."""
    caplog.handler.addFilter(RequestIdFilter())
    caplog.set_level(logging.DEBUG)
    formatter = JsonFormatter()
    return lambda: [json.loads(formatter.format(record)) for record in caplog.records]


def request_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line.get("event") == "request"]


def test_logs_one_json_line_per_request_with_id_query_duration_status(client, json_lines):
    response = client.get("/queries/people", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"
    (line,) = request_lines(json_lines())
    assert line["request_id"] == "abc-123"
    assert line["query_name"] == "people" and line["status"] == 200 and line["method"] == "GET"
    assert line["path"] == "/queries/people" and line["duration_ms"] >= 0


def test_logs_make_a_request_id_when_none_or_a_bad_one_is_given(client, json_lines):
    first = client.get("/health").headers["x-request-id"]
    second = client.get("/health", headers={"X-Request-ID": "bad id\twith spaces"}).headers["x-request-id"]
    assert len(first) == 32 and len(second) == 32 and first != second
    assert [line["request_id"] for line in request_lines(json_lines())] == [first, second]


def test_logs_query_text_only_at_debug(client, json_lines, caplog):
    query = "ASK { ?s a mkg:Person }"
    caplog.set_level(logging.INFO)
    client.get("/sparql", params={"query": query})
    assert query not in caplog.text and not any("sparql" in line for line in json_lines())
    caplog.clear()
    caplog.set_level(logging.DEBUG)
    client.get("/sparql", params={"query": query}, headers={"X-Request-ID": "q1"})
    debug = [line for line in json_lines() if line.get("sparql") == query]
    assert debug and debug[0]["level"] == "debug" and debug[0]["request_id"] == "q1"
    assert request_lines(json_lines())[0]["query_name"] == "sparql"


def test_logs_errors_are_logged_with_their_status(client, json_lines):
    client.get("/queries/nope")
    client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert [line["status"] for line in request_lines(json_lines())] == [404, 400]
