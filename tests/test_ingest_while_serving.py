"""`kg ingest` while `kg serve` owns the embedded store: writes go through the server's Graph Store endpoint,
the API answers with the new facts at once, and a reader never sees a replaced article missing."""

from __future__ import annotations

import json
import threading

import httpx
import pytest

from kg import iris
from kg.load import load_file
from kg.store import GraphStore
from tests.layout_check import assert_stored_once
from tests.processes import copy_seeds, kg, kg_server

pytestmark = [pytest.mark.model, pytest.mark.slow]

ADDED_SENTENCE = "\nValentina Matviyenko said on 3 March 2025 that 4,000 migrants had signed contracts in Tver.\n"


def ask_article(url: str, article_id: str, client: httpx.Client) -> bool:
    query = f"ASK {{ GRAPH {iris.article_graph(article_id)} {{ {iris.article(article_id)} a mkg:Article }} }}"
    response = client.get(f"{url}/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


def poll_while(condition: threading.Event, check) -> tuple[list[bool | str], threading.Thread]:
    """Call `check` until `condition` is set, in a thread; its answers, or the text of what went wrong."""
    answers: list[bool | str] = []

    def run() -> None:
        with httpx.Client(timeout=30) as client:
            while not condition.is_set():
                try:
                    answers.append(check(client))
                except (AssertionError, httpx.HTTPError) as exc:
                    answers.append(str(exc))

    thread = threading.Thread(target=run)
    thread.start()
    return answers, thread


def test_ingest_while_serving_writes_through_the_server(tmp_path):
    articles = tmp_path / "articles"
    files = copy_seeds(articles, 2)
    store = tmp_path / "store"
    assert kg("ingest", str(articles), "--store", str(store)).returncode == 0
    edited = files[0]
    edited_id = load_file(edited, articles, max_bytes=10**7).articles[0].id

    with kg_server(store) as url:
        before = httpx.get(f"{url}/health").json()["quads"]
        edited.write_text(edited.read_text() + ADDED_SENTENCE)
        copy_seeds(tmp_path / "more", 3)[2].rename(articles / "new.txt")
        done = threading.Event()
        answers, reader = poll_while(done, lambda client: ask_article(url, edited_id, client))
        try:
            result = kg("ingest", str(articles), "--store", str(store), "--json")
        finally:
            done.set()
            reader.join()
        assert result.returncode == 0, result.stderr
        summary = json.loads(result.stdout)
        assert summary["updated"] == [edited_id] and len(summary["added"]) == 1
        failures = [answer for answer in answers if answer is not True]
        assert len(answers) > 10 and not failures, f"{len(failures)} of {len(answers)} polls failed: {failures[:3]}"

        new_id = summary["added"][0]
        assert httpx.get(f"{url}/articles/{new_id}").status_code == 200
        facts = httpx.get(
            f"{url}/sparql",
            params={"query": 'ASK { ?s ?p ?o FILTER(CONTAINS(STR(?o), "4,000 migrants had signed")) }'},
            headers={"Accept": "application/sparql-results+json"},
        ).json()
        assert facts["boolean"] is True
        assert httpx.get(f"{url}/health").json()["quads"] > before

        (articles / "new.txt").unlink()
        pruned = json.loads(kg("ingest", str(articles), "--store", str(store), "--prune", "--json").stdout)
        assert pruned["removed"] == [new_id]
        assert httpx.get(f"{url}/articles/{new_id}").status_code == 404

    assert not (tmp_path / "store.server.json").exists()  # removed when the server stopped
    assert_stored_once(GraphStore(store, read_only=True))  # the writes through the server kept the layout exact
    assert json.loads(kg("ingest", str(articles), "--store", str(store), "--json").stdout)["unchanged"]
