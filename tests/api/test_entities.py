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
    assert body["properties"] == [
        {
            "predicate": "https://w3id.org/mkg/ontology#citizenOf",
            "predicate_label": "citizenOf",  # no label in the ontology graph: the IRI's local name
            "value": {"id": "https://w3id.org/mkg/id/country/kyrgyzstan", "label": "Kyrgyzstan"},
        }
    ]
    assert {(i["predicate_label"], i["subject"]["label"]) for i in body["incoming"]} == {
        ("claimant", None),
        ("signed by", "Federal Law No. 99-FZ"),
    }
    assert [a["id"] for a in body["articles"]] == ["art-law", "art-raid"]
    assert body["articles"][0]["title"] == "Parliament backs wider grounds for stripping citizenship"
    assert body["evidence_count"] == 2  # the claim she made and the law she signed


def test_entities_profile_by_url_encoded_iri_matches_the_short_key(client):
    by_iri = client.get("/entities/" + quote(MARIA, safe=""))
    assert by_iri.status_code == 200
    assert by_iri.json() == client.get("/entities/person/maria-ivanova").json()


def test_entities_unknown_entity_is_404(client):
    assert_error(client.get("/entities/person/nobody-at-all"), 404, "/search")


def test_entities_malformed_key_is_400(client):
    assert_error(client.get("/entities/person/with space"), 400, "entity key")
