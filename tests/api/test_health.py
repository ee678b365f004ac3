from __future__ import annotations



def test_health_reports_the_embedded_store_size(client, fixture_store):
    assert client.get("/health").json() == {"ok": True, "store": "embedded", "quads": len(fixture_store)}


def test_stats_counts_graphs_articles_and_classes(client, fixture_store):
    body = client.get("/stats").json()
    assert body["quads"] == len(fixture_store)
    assert body["graphs"] == 3
    assert body["articles"] == 2
    assert body["classes"]["Person"] == 2
    assert body["classes"]["LegalAct"] == 1
    assert body["classes"]["QuantitativeClaim"] == 1
