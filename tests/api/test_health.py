from __future__ import annotations

import pyoxigraph as ox


def test_health_reports_the_embedded_store_size(client, fixture_store):
    assert client.get("/health").json() == {"ok": True, "store": "embedded", "quads": len(fixture_store)}


def test_stats_counts_graphs_articles_and_classes(client, fixture_store):
    body = client.get("/stats").json()
    assert body["quads"] == len(fixture_store)
    # the fixture's 3, the entity and statement graphs its articles share, their ingest times, the summaries of
    # its entities' mentions
    assert body["graphs"] == 7
    assert body["articles"] == 2
    assert body["classes"]["Person"] == 2
    assert body["classes"]["LegalAct"] == 1
    assert body["classes"]["QuantitativeClaim"] == 1


def test_health_counts_quads_again_only_after_a_write(client, fixture_store, monkeypatch):
    counts = []
    original = type(fixture_store).__len__
    monkeypatch.setattr(type(fixture_store), "__len__", lambda store: counts.append(1) or original(store))
    first = client.get("/health").json()["quads"]
    assert client.get("/health").json()["quads"] == first and len(counts) == 1
    quad = ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:p"), ox.Literal("o"), ox.NamedNode("urn:g"))
    fixture_store.add_quads([quad])
    assert client.get("/health").json()["quads"] == first + 1 and len(counts) == 2
