"""The remote store against a real `oxigraph serve` (from the `oxigraph` package of the test extras): the
same re-ingest scenarios as the embedded store, the same canned-query answers, and `kg serve` over it."""

from __future__ import annotations

import json
import re
import threading

import httpx
import pytest

from kg import iris
from kg.load import load_file
from kg.queries import QueryCatalog
from kg.settings import PROJECT_ROOT, Settings
from kg.store import open_store
from tests.layout_check import assert_stored_once
from tests.processes import copy_seeds, free_port, kg, nquads, oxigraph_server, start_kg, stop, wait_until_up

pytestmark = [pytest.mark.model, pytest.mark.slow]

PARAMS = {
    "entity": {"label": "Alexander Bastrykin"},
    "sources": {"entity": "https://w3id.org/mkg/id/person/alexander-bastrykin"},
}


@pytest.fixture
def server(tmp_path):
    with oxigraph_server(tmp_path / "oxigraph") as url:
        yield url


def ingest(articles, store: str, *options: str) -> dict:
    result = kg("ingest", str(articles), "--store", store, "--json", *options)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def article_lines(lines: list[str], article_id: str) -> list[str]:
    return [line for line in lines if f"<{iris.article_graph(article_id).value}>" in line]


def test_oxigraph_server_reingest_is_exact(server, tmp_path):
    articles = tmp_path / "articles"
    files = copy_seeds(articles, 3)
    first = ingest(articles, server)
    assert len(first["added"]) == 3
    before = nquads(server)
    assert ingest(articles, server)["unchanged"] and nquads(server) == before  # twice: quad for quad

    edited_id = load_file(files[1], articles, max_bytes=10**7).articles[0].id
    files[1].write_text(files[1].read_text() + "\nMaria Zakharova said on 2 June 2025 that 300 Uzbek citizens were detained.\n")
    done = threading.Event()
    answers: list[bool] = []
    ask = f"ASK {{ GRAPH {iris.article_graph(edited_id)} {{ {iris.article(edited_id)} a <https://w3id.org/mkg/ontology#Article> }} }}"

    def poll() -> None:
        with httpx.Client(timeout=30) as client:
            while not done.is_set():
                answer = client.get(f"{server}/query", params={"query": ask}, headers={"Accept": "application/sparql-results+json"})
                answers.append(answer.json()["boolean"])

    reader = threading.Thread(target=poll)
    reader.start()
    try:
        edited = ingest(articles, server)
    finally:
        done.set()
        reader.join()
    assert edited["updated"] == [edited_id] and len(edited["unchanged"]) == 2
    assert len(answers) > 10 and all(answers)
    after = nquads(server)
    for article_id in first["added"]:
        same = article_lines(after, article_id) == article_lines(before, article_id)
        assert same == (article_id != edited_id)

    gone_id = load_file(files[0], articles, max_bytes=10**7).articles[0].id
    files[0].unlink()
    assert ingest(articles, server, "--prune")["removed"] == [gone_id]
    final = nquads(server)
    assert not article_lines(final, gone_id)
    withdrawn = f"<{iris.article(gone_id).value}> <https://w3id.org/mkg/ontology#withdrawnAt>"
    assert any(line.startswith(withdrawn) for line in final)
    remote = open_store(Settings(store=server), read_only=True)
    try:
        assert_stored_once(remote)
    finally:
        remote.close()


def test_oxigraph_server_canned_queries_answer_as_the_embedded_store(server, tmp_path):
    articles = tmp_path / "articles"
    copy_seeds(articles, 5)  # every canned query has answers on all the seeds
    embedded = str(tmp_path / "store")
    ingest(articles, server)
    ingest(articles, embedded)
    catalog = QueryCatalog.from_dir(PROJECT_ROOT / "queries")
    stores = [open_store(Settings(store=store), read_only=True) for store in (embedded, server)]
    for canned in catalog:
        answers = []
        for store in stores:
            envelope = catalog.run(store, canned.name, PARAMS.get(canned.name, {}), max_rows=10_000).envelope()
            # Blank nodes (of the reference data) get fresh labels in every store.
            rows = [re.sub(r'"_:[^"]+"', '"_:b"', json.dumps(row, sort_keys=True)) for row in envelope["rows"]]
            answers.append((envelope["columns"], sorted(rows)))
        assert answers[0] == answers[1], canned.name
        assert answers[0][1], f"{canned.name} answered nothing"
    stores[1].close()


def test_oxigraph_server_two_concurrent_ingests_one_exits_75(server, tmp_path):
    copy_seeds(tmp_path / "articles", 2)
    runs = [start_kg("ingest", str(tmp_path / "articles"), "--store", server) for _ in range(2)]
    codes = sorted(run.wait(timeout=300) for run in runs)
    for run in runs:
        run.stdout.close()
        run.stderr.close()
    assert codes == [0, 75]


def test_oxigraph_server_extract_and_load(server, tmp_path):
    copy_seeds(tmp_path / "articles", 2)
    assert kg("extract", str(tmp_path / "articles"), "--out", str(tmp_path / "nq")).returncode == 0
    loaded = kg("load", str(tmp_path / "nq"), "--store", server, "--json")
    assert loaded.returncode == 0, loaded.stderr
    assert len(json.loads(loaded.stdout)["added"]) == 2
    assert len(ingest(tmp_path / "articles", server)["unchanged"]) == 2  # the same graphs as an ingest


def test_oxigraph_server_behind_kg_serve(server, tmp_path):
    copy_seeds(tmp_path / "articles", 2)
    ingest(tmp_path / "articles", server)
    port = free_port()
    api = start_kg("serve", "--store", server, "--port", str(port), log=tmp_path / "serve.log")
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", api)
        health = httpx.get(f"http://127.0.0.1:{port}/health").json()
        assert health["store"] == "remote" and health["quads"] > 0
        officials = httpx.get(f"http://127.0.0.1:{port}/queries/officials").json()
        assert officials["ok"] and officials["rows"]
        construct = httpx.get(
            f"http://127.0.0.1:{port}/sparql",
            params={"query": "CONSTRUCT { ?s a mkg:Raid } WHERE { ?s a mkg:Raid }"},
            headers={"Accept": "application/n-triples"},
        )
        assert construct.status_code == 200 and "#Raid>" in construct.text
    finally:
        stop(api)
