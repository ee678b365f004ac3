from __future__ import annotations

from urllib.parse import quote


from tests.api.conftest import assert_error

MARIA = "https://w3id.org/mkg/id/person/maria-ivanova"


def test_entities_profile_by_short_key(client):
    body = client.get("/entities/person/maria-ivanova").json()
    assert body["ok"] is True
    assert body["id"] == MARIA
    assert body["label"] == "Maria Ivanova"
    assert body["types"] == [{"id": "https://w3id.org/mkg/ontology#Person", "label": "Person"}]
    assert body["aliases"] == ["M. Ivanova"]
    kyrgyzstan = {"id": "https://w3id.org/mkg/id/country/kyrgyzstan", "label": "Kyrgyzstan"}
    [citizenship] = body["properties"]
    assert citizenship["predicate"] == "https://w3id.org/mkg/ontology#citizenOf"
    assert citizenship["predicate_label"] == "citizenOf"  # no label in the ontology graph: the IRI's local name
    assert citizenship["count"] == 1 and citizenship["value"] == kyrgyzstan
    assert citizenship["most_frequent"] == [{"value": kyrgyzstan, "sources": 1}]  # one article says so
    assert {(i["predicate_label"], i["count"], i["subject"]["label"]) for i in body["incoming"]} == {
        ("claimant", 1, None),
        ("signed by", 1, "Federal Law No. 99-FZ"),
    }
    assert [a["id"] for a in body["articles"]] == ["art-law", "art-raid"]  # newest first
    assert body["articles"][0]["title"] == "Parliament backs wider grounds for stripping citizenship"
    assert body["article_count"] == 2
    assert body["evidence_count"] == 2  # the claim she made and the law she signed


def test_entities_values_page_through_one_property(client):
    signed = client.get("/entities/person/maria-ivanova/values",
                        params={"property": "https://w3id.org/mkg/ontology#signedBy", "direction": "in", "_limit": 1})
    body = signed.json()
    assert body["values"] == [{"id": "https://w3id.org/mkg/id/legalact/art-law/l1", "label": "Federal Law No. 99-FZ"}]
    assert body["truncated"] is False and body["next_offset"] is None
    types = client.get("/entities/person/maria-ivanova/values",
                       params={"property": "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "_offset": 1}).json()
    assert types["values"] == [] and types["offset"] == 1


def test_entities_profile_by_url_encoded_iri_matches_the_short_key(client):
    by_iri = client.get("/entities/" + quote(MARIA, safe=""))
    assert by_iri.status_code == 200
    assert by_iri.json() == client.get("/entities/person/maria-ivanova").json()


def test_entities_unknown_entity_is_404(client):
    assert_error(client.get("/entities/person/nobody-at-all"), 404, "/search")


def test_entities_malformed_key_is_400(client):
    assert_error(client.get("/entities/person/with space"), 400, "entity key")
