from __future__ import annotations

import csv
import io

import pytest

from tests.api.conftest import assert_error

MARIA = "https://w3id.org/mkg/id/person/maria-ivanova"


def test_queries_list_describes_each_query_and_its_params(client):
    body = client.get("/queries").json()
    assert body["ok"] is True
    by_name = {q["name"]: q for q in body["queries"]}
    assert set(by_name) == {"acts_signed_by", "claims", "people"}
    assert by_name["people"]["title"] == "People"
    assert by_name["people"]["params"] == [
        {
            "name": "label",
            "type": "string",
            "required": False,
            "default": None,
            "description": "text the label contains",
        },
        {
            "name": "limit",
            "type": "integer",
            "required": False,
            "default": "50",
            "description": "most rows to return",
        },
    ]


def test_queries_list_gives_each_query_text_as_in_its_file(client):
    from tests.api.conftest import TEST_QUERIES

    for query in client.get("/queries").json()["queries"]:
        text = (TEST_QUERIES / f"{query['name']}.rq").read_text(encoding="utf-8")
        assert query["sparql"].strip() and query["sparql"].strip() in text


def test_queries_run_returns_the_envelope_with_entity_cells(client):
    body = client.get("/queries/acts_signed_by", params={"signer": MARIA}).json()
    assert body == {
        "ok": True,
        "query": "acts_signed_by",
        "columns": ["act"],
        "rows": [
            {"act": {"id": "https://w3id.org/mkg/id/legalact/art-law/l1", "label": "Federal Law No. 99-FZ"}}
        ],
        "truncated": False,
        "offset": 0,
        "limit": 100,
        "next_offset": None,
    }


def test_queries_run_filters_by_an_optional_param(client):
    body = client.get("/queries/people", params={"label": "MARIN"}).json()
    assert [row["person"]["label"] for row in body["rows"]] == ["Ivan Marin"]


def test_queries_csv_by_format_param_and_by_accept(client):
    by_param = client.get("/queries/people", params={"_format": "csv"})
    by_accept = client.get("/queries/people", headers={"Accept": "text/csv"})
    for response in (by_param, by_accept):
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert rows == [
            {"person": "Ivan Marin", "person_id": "https://w3id.org/mkg/id/person/ivan-marin"},
            {"person": "Maria Ivanova", "person_id": MARIA},
        ]


def test_queries_limit_and_offset_page_the_rows(client):
    first = client.get("/queries/people", params={"_limit": 1}).json()
    second = client.get("/queries/people", params={"_limit": 1, "_offset": 1}).json()
    assert first["truncated"] is True and second["truncated"] is False
    assert [r["person"]["label"] for r in first["rows"] + second["rows"]] == ["Ivan Marin", "Maria Ivanova"]


def test_queries_pages_say_where_the_next_one_starts(client):
    pages, offset = [], 0
    while offset is not None:
        page = client.get("/queries/people", params={"_limit": 1, "_offset": offset}).json()
        assert page["offset"] == offset and page["limit"] == 1
        pages.append(page["rows"])
        offset = page["next_offset"]
    assert [len(rows) for rows in pages] == [1, 1]


@pytest.mark.parametrize("value", ["abc", "1.5", "-0.1", "nan"])
def test_queries_bad_min_confidence_is_400_naming_it(client, value):
    assert_error(client.get("/queries/people", params={"_min_confidence": value}), 400, "_min_confidence")


def test_queries_min_confidence_needs_a_confidence_column(client):
    assert_error(client.get("/queries/people", params={"_min_confidence": "0.5"}), 400, "no confidence column")


def test_queries_openapi_documents_the_paging_parameters(client):
    operation = client.get("/openapi.json").json()["paths"]["/queries/{name}"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"_limit", "_offset", "_min_confidence", "_format", "_timelimit"} <= names
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema  # the CannedAnswer envelope, with its paging keys


def test_queries_max_rows_setting_truncates(fixture_store, make_client):
    body = make_client(fixture_store, max_rows=1).get("/queries/people").json()
    assert len(body["rows"]) == 1 and body["truncated"] is True


def test_queries_missing_param_is_400_naming_it(client):
    assert_error(client.get("/queries/acts_signed_by"), 400, "'signer'")


def test_queries_ill_typed_param_is_400_naming_it_and_the_type(client):
    assert_error(client.get("/queries/acts_signed_by", params={"signer": "maria"}), 400, "'signer'", "IRI")
    assert_error(client.get("/queries/claims", params={"min": "lots"}), 400, "'min'", "decimal")


def test_queries_unknown_param_and_system_param_are_400(client):
    assert_error(client.get("/queries/people", params={"colour": "red"}), 400, "'colour'")
    assert_error(client.get("/queries/people", params={"_sort": "x"}), 400, "'_sort'")
    assert_error(client.get("/queries/people", params={"_limit": "ten"}), 400, "_limit")
    assert_error(client.get("/queries/people", params={"_format": "xml"}), 400, "_format")


def test_queries_unknown_query_is_404_listing_the_names(client):
    assert_error(client.get("/queries/nope"), 404, "nope", "acts_signed_by, claims, people")


def test_queries_unacceptable_accept_is_406(client):
    assert_error(client.get("/queries/people", headers={"Accept": "application/xml"}), 406, "text/csv")


@pytest.mark.parametrize(
    ("name", "param", "value"),
    [
        pytest.param("people", "label", '"} ; DROP ALL #', id="string-drop-all"),
        pytest.param("people", "label", '") || true || ("', id="string-filter-escape"),
        pytest.param("acts_signed_by", "signer", "<http://x> } UNION { ?s ?p ?o", id="iri-union"),
        pytest.param(
            "acts_signed_by", "signer", "http://x> } UNION { ?act ?p ?signer } #", id="iri-bare-union"
        ),
    ],
)
def test_queries_injection_attempts_add_no_rows_and_change_nothing(client, fixture_store, name, param, value):
    before = sorted(str(q) for q in fixture_store.quads())
    response = client.get(f"/queries/{name}", params={param: value})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["rows"] == []
    assert sorted(str(q) for q in fixture_store.quads()) == before
