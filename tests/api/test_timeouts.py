"""Time limits and the query workers (api/executor.py): a runaway query answers 503 in bounded time, its worker
is killed and replaced, concurrency is capped per lane, and the server keeps answering.

The time bounds asserted here are generous (they detect a hang, not a speed); the measured figures come
from bench/timeouts.py (`python -m bench.timeouts`).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
import pytest

from api.routes.sparql import time_limit_s
from tests.api.conftest import assert_error, disk_app_client


def runaway(n: int) -> str:
    """A query pyoxigraph cannot stop early: it counts n³ combinations of VALUES, whatever the store holds."""
    values = " ".join(map(str, range(n)))
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} VALUES ?c {{ {values} }} }}"


FOREVER = runaway(1000)  # about a minute and a half of CPU: only worker processes may run it
SIMPLE = "ASK { ?s a mkg:Person }"
HANG = 5.0  # seconds past which an answer counts as a hang


def timed_get(client, path: str, **params) -> tuple[float, object]:
    started = time.monotonic()
    response = client.get(path, params=params)
    return time.monotonic() - started, response


@pytest.fixture
def disk(tmp_path):
    with disk_app_client(tmp_path / "store", query_timeout_ms=1500) as client:
        yield client


def test_timeouts_time_limit_may_only_be_lowered():
    assert time_limit_s(10_000, None) == 10.0
    assert time_limit_s(10_000, 250) == 0.25
    assert time_limit_s(10_000, 60_000) == 10.0


def test_timeouts_runaway_query_is_stopped_with_a_503_envelope(disk):
    elapsed, response = timed_get(disk, "/sparql", query=FOREVER, _timelimit=300)
    assert_error(response, 503, "time limit of 300 ms", "KG_QUERY_TIMEOUT_MS")
    assert 0.3 <= elapsed < HANG


def test_timeouts_timelimit_above_the_setting_is_capped(disk):
    elapsed, response = timed_get(disk, "/sparql", query=FOREVER, _timelimit=600_000)
    assert_error(response, 503, "time limit of 1500 ms")
    assert 1.5 <= elapsed < HANG


def test_timeouts_killed_workers_are_replaced(disk):
    # Three timeouts in a row with two /sparql workers: without replacements the lane would be empty.
    for _ in range(3):
        assert timed_get(disk, "/sparql", query=FOREVER, _timelimit=100)[1].status_code == 503
    response = disk.get("/sparql", params={"query": SIMPLE})
    assert response.status_code == 200 and response.json()["boolean"] is True


def test_timeouts_busy_sparql_lane_answers_503_and_leaves_a_worker_for_the_api(tmp_path):
    with disk_app_client(tmp_path / "store", query_workers=2, sparql_workers=1, query_queue_ms=200) as client:
        client.get("/sparql", params={"query": SIMPLE})  # the first worker is up
        with ThreadPoolExecutor(1) as pool:
            stuck = pool.submit(timed_get, client, "/sparql", query=FOREVER, _timelimit=1500)
            time.sleep(0.5)  # the runaway holds the only /sparql worker
            elapsed, busy = timed_get(client, "/sparql", query=SIMPLE)
            assert_error(busy, 503, "busy", "retry")
            assert busy.headers["retry-after"] == "1"
            assert elapsed < HANG
            canned = client.get("/queries/people")
            assert canned.status_code == 200 and len(canned.json()["rows"]) == 2
            assert stuck.result()[1].status_code == 503


def test_timeouts_simple_queries_answer_while_runaways_run(tmp_path):
    with disk_app_client(tmp_path / "store", query_workers=4, sparql_workers=3) as client:
        client.get("/sparql", params={"query": SIMPLE})
        with ThreadPoolExecutor(4) as pool:
            runaways = [pool.submit(timed_get, client, "/sparql", query=FOREVER, _timelimit=2000) for _ in range(4)]
            time.sleep(0.3)
            simple = [timed_get(client, "/queries/people") for _ in range(10)]
            results = [future.result() for future in runaways]
        assert all(response.status_code == 200 for _, response in simple)
        assert max(elapsed for elapsed, _ in simple) < HANG
        # Three ran into the time limit; the fourth found the /sparql lane full and was told to retry.
        assert sorted(response.json()["error"].split(";")[0] for _, response in results).count(
            "every query worker is busy"
        ) == 1
        assert all(response.status_code == 503 and elapsed < HANG for elapsed, response in results)


def test_timeouts_workers_see_writes_of_the_serving_process(disk):
    query = "ASK { <urn:test:new> ?p ?o }"
    assert disk.get("/sparql", params={"query": query}).json()["boolean"] is False
    graph = ox.NamedNode("urn:test:graph")
    quad = ox.Quad(ox.NamedNode("urn:test:new"), ox.NamedNode("urn:test:p"), ox.Literal("x"), graph)
    disk.app.state.store.replace_graph(graph, [quad])
    assert disk.get("/sparql", params={"query": query}).json()["boolean"] is True


def test_timeouts_in_memory_store_answers_503_and_the_abandoned_thread_keeps_its_slot(fixture_store, make_client):
    client = make_client(fixture_store, query_timeout_ms=100, query_workers=2, sparql_workers=1, query_queue_ms=0)
    elapsed, response = timed_get(client, "/sparql", query=runaway(200))
    assert_error(response, 503, "time limit of 100 ms")
    assert elapsed < HANG
    # A thread cannot be killed: until it ends, its /sparql slot stays taken (so abandoned queries cannot pile
    # up), while the API lane still answers.
    assert_error(client.get("/sparql", params={"query": SIMPLE}), 503, "busy")
    assert client.get("/queries/people").status_code == 200
    deadline = time.monotonic() + HANG
    while (answer := client.get("/sparql", params={"query": SIMPLE})).status_code == 503:
        assert time.monotonic() < deadline, "the abandoned query never gave its slot back"
        time.sleep(0.05)
    assert answer.json()["boolean"] is True
