from __future__ import annotations

import pytest

from api.routes.search import ALIAS, EXACT, LABEL_PREFIX, WORD_PREFIX, match_rank
from tests.api.conftest import assert_error


@pytest.mark.parametrize(
    ("q", "name", "is_alias", "rank"),
    [
        pytest.param("kyrgyzstan", "Kyrgyzstan", False, EXACT, id="exact"),
        pytest.param("kyr", "Kyrgyzstan", False, LABEL_PREFIX, id="label-prefix"),
        pytest.param("inter", "Ministry of Internal Affairs", False, WORD_PREFIX, id="word-prefix"),
        pytest.param("of inter", "Ministry of Internal Affairs", False, WORD_PREFIX, id="multi-word"),
        pytest.param("mvd", "MVD", True, ALIAS, id="alias"),
        pytest.param("nistry", "Ministry of Internal Affairs", False, None, id="infix-is-no-match"),
    ],
)
def test_search_match_rank(q, name, is_alias, rank):
    assert match_rank(q, name, is_alias=is_alias) == rank


def test_search_ranks_label_prefix_before_word_prefix(client):
    body = client.get("/search", params={"q": "Iva"}).json()
    assert body["q"] == "Iva"
    assert [r["label"] for r in body["results"]] == ["Ivan Marin", "Maria Ivanova"]
    assert body["results"][0]["types"] == [{"id": "https://w3id.org/mkg/ontology#Person", "label": "Person"}]


def test_search_finds_by_alias_and_reports_what_matched(client):
    (result,) = client.get("/search", params={"q": "mv"}).json()["results"]
    assert result["id"] == "https://w3id.org/mkg/id/organization/interior-ministry"
    assert result["label"] == "Ministry of Internal Affairs"
    assert result["matched"] == "MVD"


def test_search_leaves_out_ontology_terms_and_articles_and_honours_limit(client):
    assert client.get("/search", params={"q": "person"}).json()["results"] == []
    assert client.get("/search", params={"q": "police"}).json()["results"] == []
    assert len(client.get("/search", params={"q": "i", "limit": 1}).json()["results"]) == 1


def test_search_missing_or_empty_q_is_400(client):
    assert_error(client.get("/search"), 400, "?q=")
    assert_error(client.get("/search", params={"q": "  "}), 400, "?q=")
    assert_error(client.get("/search", params={"q": "x", "limit": 0}), 400, "limit")
