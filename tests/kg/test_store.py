"""The embedded store: atomic graph replacement, withdrawal, bulk load, and where writes go."""

from __future__ import annotations

import os
import subprocess
import sys

import pyoxigraph as ox
import pytest

from kg.lock import ServerRecord
from kg.remote import RemoteStore
from kg.settings import Settings
from kg.store import GraphStore, open_store, open_writer

P = ox.NamedNode("urn:p")
A, B, W = ox.NamedNode("urn:graph:a"), ox.NamedNode("urn:graph:b"), ox.NamedNode("urn:graph:withdrawals")


def quads(graph: ox.NamedNode, *values: str) -> list[ox.Quad]:
    return [ox.Quad(ox.NamedNode("urn:s"), P, ox.Literal(v), graph) for v in values]


def test_store_replace_graph_swaps_one_graph_and_leaves_the_others(tmp_path):
    store = GraphStore(tmp_path / "store")
    store.replace_graph(A, quads(A, "old 1", "old 2"))
    store.replace_graph(B, quads(B, "b"))
    generation = store.generation
    store.replace_graph(A, quads(A, "new"))
    assert set(store.quads(A)) == set(quads(A, "new"))
    assert set(store.quads(B)) == set(quads(B, "b"))
    assert store.generation == generation + 1


def test_store_withdraw_graph_drops_it_and_records_the_withdrawal(tmp_path):
    store = GraphStore(tmp_path / "store")
    store.replace_graph(A, quads(A, "a"))
    record = ox.Quad(ox.NamedNode("urn:article:a"), P, ox.Literal("2025-01-01T00:00:00Z"), W)
    store.withdraw_graph(A, record)
    assert list(store.quads(A)) == []
    assert list(store.quads(W)) == [record]


def test_store_bulk_load_fills_a_new_store(tmp_path):
    store = GraphStore(tmp_path / "store")
    assert store.is_empty()
    store.bulk_load(iter(quads(A, "x", "y") + quads(B, "z")))
    assert set(store.quads(A)) == set(quads(A, "x", "y")) and set(store.quads(B)) == set(quads(B, "z"))
    assert not store.is_empty() and store.generation == 1


def test_store_batch_flushes_once_and_a_new_snapshot_sees_every_write(tmp_path, monkeypatch):
    store = GraphStore(tmp_path / "store")
    flushes = []
    monkeypatch.setattr(store, "flush", lambda: flushes.append(store._store.flush()))
    with store.batch():
        store.replace_graph(A, quads(A, "a"))
        store.replace_graph(B, quads(B, "b"))
        store.drop_graph(A)
        assert flushes == [] and store.generation == 0
    assert len(flushes) == 1 and store.generation == 1
    store.replace_graph(A, quads(A, "again"))  # after the batch, each write is flushed again
    assert len(flushes) == 2 and store.generation == 2
    code = (
        "import sys; from pathlib import Path; from kg.store import GraphStore; "
        "print(sorted(q.object.value for q in GraphStore(Path(sys.argv[1]), read_only=True).quads()))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "store")], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['again', 'b']"


def test_store_read_only_snapshot_opens_while_another_process_writes(tmp_path):
    path = tmp_path / "store"
    writer = GraphStore(path)
    writer.replace_graph(A, quads(A, "a"))
    code = (
        "import sys; from pathlib import Path; from kg.store import GraphStore; "
        "print(len(GraphStore(Path(sys.argv[1]), read_only=True)))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"


def test_store_open_store_gives_a_remote_store_for_a_url():
    store = open_store(Settings(store="http://127.0.0.1:7878/"))
    assert isinstance(store, RemoteStore) and store.url == "http://127.0.0.1:7878"


def test_store_open_writer_goes_through_a_running_server(tmp_path):
    settings = Settings(store=str(tmp_path / "store"))
    ServerRecord("http://127.0.0.1:9", os.getpid(), "secret").write(settings.store)
    writer = open_writer(settings)
    assert isinstance(writer, RemoteStore) and writer.url == "http://127.0.0.1:9"
    assert not (tmp_path / "store").exists()  # the directory belongs to the server: not opened here


def test_store_open_writer_ignores_the_record_of_a_dead_server(tmp_path):
    settings = Settings(store=str(tmp_path / "store"))
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    ServerRecord("http://127.0.0.1:9", int(finished.stdout), "secret").write(settings.store)
    writer = open_writer(settings)
    assert isinstance(writer, GraphStore) and writer.path == tmp_path / "store"


def test_store_server_record_is_private_and_removed_only_by_its_writer(tmp_path):
    store = str(tmp_path / "store")
    path = ServerRecord("http://127.0.0.1:9", os.getpid(), "secret").write(store)
    assert path.stat().st_mode & 0o777 == 0o600
    ServerRecord.remove(store, os.getpid() + 1)
    assert ServerRecord.read(store) == ServerRecord("http://127.0.0.1:9", os.getpid(), "secret")
    ServerRecord.remove(store, os.getpid())
    assert not path.exists()


@pytest.mark.parametrize("contents", ["", "{", '{"url": 1}', '{"url": "x", "pid": 1}'])
def test_store_server_record_unreadable_counts_as_none(tmp_path, contents):
    store = str(tmp_path / "store")
    ServerRecord.path(store).write_text(contents)
    assert ServerRecord.read(store) is None
