from __future__ import annotations


from tests.api.conftest import assert_error


def test_articles_list_newest_first_with_fact_counts(client):
    body = client.get("/articles").json()
    assert body["ok"] is True and body["truncated"] is False
    law, raid = body["articles"]
    assert law["id"] == "art-law" and raid["id"] == "art-raid"
    assert raid == {
        "id": "art-raid",
        "iri": "https://w3id.org/mkg/article/art-raid",
        "title": "Police search migrant dormitories outside the capital",
        "url": "https://news.example.org/raids",
        "published": "2024-03-02",
        "source": "Example Wire",
        "graph": "https://w3id.org/mkg/graph/article/art-raid",
        "content_hash": "abc",
        "pipeline": "test",
        "extractor_version": "1",
        "facts": 2,
    }
    assert law["facts"] == 1


def test_articles_list_pages(client):
    first = client.get("/articles", params={"_limit": 1}).json()
    second = client.get("/articles", params={"_limit": 1, "_offset": 1}).json()
    assert first["truncated"] is True and second["truncated"] is False
    assert [a["id"] for a in first["articles"] + second["articles"]] == ["art-law", "art-raid"]


def test_articles_one_article_counts_facts_per_type(client):
    body = client.get("/articles/art-raid").json()
    assert body["title"] == "Police search migrant dormitories outside the capital"
    assert {f["type"]["id"].rsplit("#")[-1]: f["count"] for f in body["fact_types"]} == {
        "Event": 1,
        "QuantitativeClaim": 1,
    }


def test_articles_unknown_article_is_404(client):
    assert_error(client.get("/articles/no-such-article"), 404, "GET /articles")
