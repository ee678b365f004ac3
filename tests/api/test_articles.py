from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import iris
from kg.settings import Settings
from kg.vocab import MKG, XSD
from tests.api.conftest import DATA, TestClient, assert_error
from tests.processes import kg

# An article with page furniture (a menu line) before its prose, published on 2026-11-30.
HOSTELS = (DATA / "explorer" / "hostels.md").read_text(encoding="utf-8")


def test_articles_list_newest_first_with_fact_counts(client):
    body = client.get("/articles").json()
    assert body["ok"] is True and body["truncated"] is False
    law, raid = body["articles"]
    assert law["id"] == "art-law" and raid["id"] == "art-raid"
    # the fixture's graphs were just written: each article added then, and stored last then
    added, ingested = raid.pop("added_at"), raid.pop("ingested_at")
    assert added == ingested and datetime.fromisoformat(ingested) > datetime.now(timezone.utc) - timedelta(hours=1)
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


def test_articles_published_since_keeps_those_published_on_or_after(client):
    def ids(since: str) -> list[str]:
        return [a["id"] for a in client.get("/articles", params={"published_since": since}).json()["articles"]]

    assert ids("2024-03-02") == ["art-law", "art-raid"]
    assert ids("2024-03-03") == ["art-law"]
    assert ids("2024-04-11") == []


def _ingest_times(store, **times: tuple[str, str]) -> None:
    """Set each article's (added, last stored) times in the ingests graph, as ingests at those times would."""
    quads = []
    for article_id, (added, ingested) in times.items():
        node = iris.article(article_id.replace("_", "-"))
        quads += [ox.Quad(node, MKG.addedAt, ox.Literal(added, datatype=XSD.dateTime), iris.INGESTS_GRAPH),
                  ox.Quad(node, MKG.ingestedAt, ox.Literal(ingested, datatype=XSD.dateTime), iris.INGESTS_GRAPH)]
    store.replace_graph(iris.INGESTS_GRAPH, quads)


def test_articles_since_lists_those_ingested_since_then_added_or_updated(fixture_store, make_client):
    # art-raid was added on 1 May and updated on 3 May; art-law was added on 2 May.
    _ingest_times(fixture_store, art_raid=("2024-05-01T06:00:00Z", "2024-05-03T06:00:00Z"),
                  art_law=("2024-05-02T06:00:00Z", "2024-05-02T06:00:00Z"))
    client = make_client(fixture_store)

    def changes(since: str, **params: object) -> list[tuple[str, str]]:
        body = client.get("/articles", params={"since": since, **params}).json()
        return [(a["id"], a["change"]) for a in body["articles"]]

    assert changes("2024-05-01") == [("art-raid", "added"), ("art-law", "added")]  # last stored first
    assert changes("2024-05-02") == [("art-raid", "updated"), ("art-law", "added")]
    assert changes("2024-05-02T12:00:00Z") == [("art-raid", "updated")]
    assert changes("2024-05-02T08:00:00+02:00") == [("art-raid", "updated"), ("art-law", "added")]  # zones count
    assert changes("2024-05-02T06:00:01") == [("art-raid", "updated")]  # no zone: UTC
    assert changes("2024-05-04") == []
    assert changes("2024-05-01", published_since="2024-03-03") == [("art-law", "added")]
    (raid,) = [a for a in client.get("/articles", params={"since": "2024-05-02"}).json()["articles"]
               if a["id"] == "art-raid"]
    assert (raid["ingested_at"], raid["added_at"], raid["published"]) == (
        "2024-05-03T06:00:00Z", "2024-05-01T06:00:00Z", "2024-03-02")
    first = client.get("/articles", params={"since": "2024-05-01", "_limit": 1}).json()
    assert first["truncated"] is True and [a["id"] for a in first["articles"]] == ["art-raid"]


def test_articles_since_leaves_out_articles_stored_before_ingest_times_were_kept(fixture_store, make_client):
    _ingest_times(fixture_store, art_law=("2024-05-02T06:00:00Z", "2024-05-02T06:00:00Z"))  # art-raid: none
    client = make_client(fixture_store)
    assert [a["id"] for a in client.get("/articles", params={"since": "2024-01-01"}).json()["articles"]] == ["art-law"]
    listed = {a["id"]: a for a in client.get("/articles").json()["articles"]}
    assert listed["art-raid"]["ingested_at"] is None and "change" not in listed["art-raid"]


def test_articles_since_must_be_a_date_or_a_time(client):
    assert_error(client.get("/articles", params={"since": "last week"}), 400, "since")
    assert_error(client.get("/articles", params={"published_since": "2024-05-02T06:00:00Z"}), 400, "published_since")


def test_articles_since_parameters_are_in_the_openapi_schema(client):
    parameters = {p["name"]: p for p in client.get("/openapi.json").json()["paths"]["/articles"]["get"]["parameters"]}
    assert "added or updated" in parameters["since"]["description"]
    assert "published on or after" in parameters["published_since"]["description"]


def test_withdrawals_list_newest_first_since_a_date(fixture_store, make_client):
    for article_id, at in (("art-raid", "2024-05-01T06:00:00+00:00"), ("art-law", "2024-05-03T06:00:00+00:00")):
        record = ox.Quad(iris.article(article_id), MKG.withdrawnAt, ox.Literal(at, datatype=XSD.dateTime),
                         iris.WITHDRAWALS_GRAPH)
        fixture_store.withdraw_graph(iris.article_graph(article_id), record)
    client = make_client(fixture_store)
    body = client.get("/withdrawals").json()
    assert body["withdrawals"] == [
        {"id": "art-law", "iri": "https://w3id.org/mkg/article/art-law", "withdrawn_at": "2024-05-03T06:00:00Z"},
        {"id": "art-raid", "iri": "https://w3id.org/mkg/article/art-raid", "withdrawn_at": "2024-05-01T06:00:00Z"},
    ]
    assert [w["id"] for w in client.get("/withdrawals", params={"since": "2024-05-02"}).json()["withdrawals"]] == [
        "art-law"
    ]
    assert [w["id"] for w in client.get("/withdrawals", params={"since": "2024-05-01T06:00:01Z"}).json()[
        "withdrawals"]] == ["art-law"]
    assert client.get("/articles").json()["articles"] == []
    first = client.get("/withdrawals", params={"_limit": 1}).json()
    assert first["truncated"] is True and len(first["withdrawals"]) == 1


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Path]]:
    """An app over a store that `kg ingest` filled from one article file, with queries in worker processes."""
    from api.app import create_app

    folder = tmp_path_factory.mktemp("articles")
    (folder / "in").mkdir()
    shutil.copy(DATA / "explorer" / "hostels.md", folder / "in")
    store = folder / "store"
    result = kg("ingest", str(folder / "in"), "--store", str(store))
    assert result.returncode == 0, result.stderr
    with TestClient(create_app(Settings(store=str(store), query_workers=2, sparql_workers=1))) as client:
        yield client, folder / "in" / "hostels.md"


def _only_article(client: TestClient) -> str:
    (article,) = client.get("/articles").json()["articles"]
    return article["id"]


@pytest.mark.model
def test_articles_text_gives_the_original_text_and_evidence_at_its_offsets(ingested):
    client, _ = ingested
    body = client.get(f"/articles/{_only_article(client)}/text").json()
    text = body["text"]
    assert text == HOSTELS.split("---\n", 2)[2] and body["text_problem"] is None
    assert [text[d["start"]:d["end"]] for d in body["dropped"]] == ["Home | World | Politics | Opinion"]
    assert body["facts"], "the ingest found no fact"
    for fact in body["facts"]:
        assert fact["kind"] in {"quote", "figure", "origin", "post", "legal-act", "event", "person", "organization",
                                "place", "group", "other"}
        for ev in fact["evidence"]:
            assert text[ev["start"]:ev["end"]] == ev["sentence"]
    kinds = {f["kind"] for f in body["facts"]}
    assert {"quote", "person"} <= kinds
    (quote,) = [f for f in body["facts"] if f["kind"] == "quote"]
    assert "We were told to sign or leave" in quote["evidence"][0]["sentence"]
    assert any(t["id"].endswith("#Quotation") for t in quote["types"])


@pytest.mark.model
def test_articles_since_lists_what_kg_ingest_stored(ingested):
    client, _ = ingested
    (article,) = client.get("/articles").json()["articles"]
    stored = datetime.fromisoformat(article["ingested_at"])
    assert article["added_at"] == article["ingested_at"]
    before, after = (stored + timedelta(seconds=delta) for delta in (-1, 1))
    (since,) = client.get("/articles", params={"since": before.isoformat()}).json()["articles"]
    assert (since["id"], since["change"]) == (article["id"], "added")
    assert client.get("/articles", params={"since": after.isoformat()}).json()["articles"] == []


@pytest.mark.model
def test_articles_text_of_a_changed_file_is_null_with_the_reason(ingested, tmp_path):
    client, file = ingested
    original = file.read_text(encoding="utf-8")
    file.write_text(original.replace("40 migrants", "41 migrants"), encoding="utf-8")
    try:
        body = client.get(f"/articles/{_only_article(client)}/text").json()
    finally:
        file.write_text(original, encoding="utf-8")
    assert body["text"] is None and "kg ingest" in body["text_problem"]
    assert body["facts"], "facts and their offsets are given without the text"


def test_articles_text_of_unknown_article_is_404(client):
    assert_error(client.get("/articles/no-such-article/text"), 404, "GET /articles")


@pytest.mark.model
def test_entities_evidence_of_a_person_holds_its_mentions_and_the_facts_naming_it(ingested):
    client, _ = ingested
    body = client.get("/entities/person/vladimir-putin/evidence").json()
    facts = {f["id"]: f for f in body["facts"]}
    assert "https://w3id.org/mkg/id/person/vladimir-putin" in facts
    assert len(facts) >= 2, "the facts naming Putin (the decree's signing) are listed too"
    assert all("Putin" in ev["sentence"] for f in body["facts"] for ev in f["evidence"])
    assert body["truncated"] is False and body["next_offset"] is None
    first = client.get("/entities/person/vladimir-putin/evidence", params={"_limit": 1}).json()
    assert first["truncated"] is True and first["next_offset"] == 1
    assert sum(len(f["evidence"]) for f in first["facts"]) == 1
