from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import ConfigError, ParameterError, UnknownQueryError
from kg.queries import Param, QueryCatalog, parse_query_file
from kg.store import GraphStore

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
HEADER = "# title: Things\n"
BODY = "SELECT ?thing WHERE { ?thing a <http://example.org/Thing> }\n"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def store() -> GraphStore:
    graph = ox.NamedNode(EX + "g")
    kind = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    quads = []
    for name in ("river", "rivet", "stone"):
        thing = ox.NamedNode(EX + name)
        quads += [
            ox.Quad(thing, kind, ox.NamedNode(EX + "Thing"), graph),
            ox.Quad(thing, label, ox.Literal(name.title()), graph),
        ]
    store = GraphStore(None)
    store.replace_graph(graph, quads)
    return store


@pytest.fixture
def catalog(tmp_path) -> QueryCatalog:
    _write(
        tmp_path,
        "things",
        "# title: Things\n"
        "# description: Things whose label starts with a text,\n"
        "# description: newest first.\n"
        "# param: prefix string optional — start of the label\n"
        "# param: limit integer optional=2 — most rows\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?thing ?thingLabel ?prefix WHERE {\n"
        "  ?thing a <http://example.org/Thing> ; rdfs:label ?thingLabel .\n"
        "  FILTER(COALESCE(STRSTARTS(LCASE(?thingLabel), LCASE(?prefix)), true))\n"
        "} ORDER BY ?thingLabel\n",
    )
    _write(
        tmp_path,
        "by_id",
        "# title: One thing\n# param: id iri required — the thing\nSELECT ?id ?type WHERE { ?id a ?type }\n",
    )
    return QueryCatalog.from_dir(tmp_path)


def test_queries_catalog_reads_headers(catalog):
    assert catalog.names() == ["by_id", "things"]
    things = catalog.get("things")
    assert things.title == "Things"
    assert things.description == "Things whose label starts with a text, newest first."
    assert things.params == (
        Param("prefix", "string", False, None, "start of the label"),
        Param("limit", "integer", False, "2", "most rows"),
    )
    assert [q.name for q in catalog] == ["by_id", "things"]


def test_queries_run_binds_params_and_hides_their_columns(catalog, store):
    table = catalog.run(store, "things", {"prefix": "riv"}, max_rows=100)
    assert table.columns == ["thing"]
    assert [row["thing"]["label"] for row in table.rows] == ["River", "Rivet"]


def test_queries_limit_param_caps_rows(catalog, store):
    assert catalog.run(store, "things", {}, max_rows=100).truncated is True  # default limit 2 of 3 rows
    assert len(catalog.run(store, "things", {"limit": "3"}, max_rows=100).rows) == 3
    assert len(catalog.run(store, "things", {"limit": "3"}, limit=1, max_rows=100).rows) == 1
    assert len(catalog.run(store, "things", {"limit": "3"}, offset=2, max_rows=100).rows) == 1


def test_queries_iri_param_is_bound_as_a_named_node(catalog, store):
    table = catalog.run(store, "by_id", {"id": EX + "stone"}, max_rows=10)
    assert table.rows == [{"type": {"id": EX + "Thing", "label": None}}]


@pytest.mark.parametrize(
    ("params", "fragments"),
    [
        pytest.param({}, ["'id'", "needs"], id="missing-required"),
        pytest.param({"id": "stone"}, ["'id'", "IRI"], id="not-an-iri"),
        pytest.param({"id": "http://example.org/a b"}, ["'id'", "IRI"], id="iri-with-space"),
        pytest.param({"id": EX + "x", "colour": "red"}, ["'colour'", "id"], id="unknown-param"),
    ],
)
def test_queries_bad_params_raise_parameter_error(catalog, store, params, fragments):
    with pytest.raises(ParameterError) as info:
        catalog.run(store, "by_id", params, max_rows=10)
    for fragment in fragments:
        assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("type_", "text", "term"),
    [
        pytest.param(
            "integer", " 12 ", ox.Literal("12", datatype=ox.NamedNode(XSD + "integer")), id="integer"
        ),
        pytest.param(
            "decimal", "-0.5", ox.Literal("-0.5", datatype=ox.NamedNode(XSD + "decimal")), id="decimal"
        ),
        pytest.param(
            "date", "2024-02-29", ox.Literal("2024-02-29", datatype=ox.NamedNode(XSD + "date")), id="date"
        ),
        pytest.param(
            "boolean", "TRUE", ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")), id="boolean"
        ),
        pytest.param("string", '"} ; DROP ALL #', ox.Literal('"} ; DROP ALL #'), id="string-is-just-text"),
    ],
)
def test_queries_param_term_types(type_, text, term):
    assert Param("x", type_, True, None, "").term(text) == term


@pytest.mark.parametrize(
    ("type_", "text"),
    [
        pytest.param("integer", "abc", id="integer-letters"),
        pytest.param("integer", "1.5", id="integer-fraction"),
        pytest.param("decimal", "1,5", id="decimal-comma"),
        pytest.param("date", "2023-02-29", id="date-impossible"),
        pytest.param("date", "March 3", id="date-words"),
        pytest.param("boolean", "maybe", id="boolean-other"),
    ],
)
def test_queries_param_term_rejects_ill_typed_values(type_, text):
    with pytest.raises(ParameterError, match=f"'x' must be .*{type_ if type_ != 'boolean' else 'true'}"):
        Param("x", type_, True, None, "").term(text)


def test_queries_unknown_query_lists_the_available_ones(catalog, store):
    with pytest.raises(UnknownQueryError, match="by_id, things"):
        catalog.run(store, "nothing", {}, max_rows=10)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        pytest.param(BODY, "title", id="no-title"),
        pytest.param(HEADER + "# just a note\n" + BODY, "# key: value", id="not-key-value"),
        pytest.param(HEADER + "# tittle: x\n" + BODY, "unknown header key", id="unknown-key"),
        pytest.param(HEADER + "# param: x iri sometimes\n" + BODY, "param line", id="bad-param-line"),
        pytest.param(HEADER + "# param: x colour optional\n" + BODY, "unknown parameter type", id="bad-type"),
        pytest.param(HEADER + "# param: n integer optional=ten\n" + BODY, "bad default", id="bad-default"),
        pytest.param(HEADER + "SELECT ?thing WHERE { ?thing a }\n", "does not parse", id="bad-sparql"),
        pytest.param(HEADER + "ASK { ?s ?p ?o }\n", "SELECT", id="not-select"),
        pytest.param(HEADER + "# param: kind iri optional\n" + BODY, "selected", id="param-not-projected"),
        pytest.param(
            HEADER
            + "# param: kind iri optional\nSELECT ?thing ?kind WHERE { ?thing a ?t FILTER(!BOUND(?kind)) }\n",
            "COALESCE",
            id="bound-on-param",
        ),
        pytest.param(
            HEADER + "# param: a string optional\n# param: a string optional\nSELECT ?a WHERE {}\n",
            "declared twice",
            id="duplicate-param",
        ),
        pytest.param(
            HEADER + "# param: a string optional\n# requires: a or b\nSELECT ?a WHERE {}\n",
            "'requires' names b",
            id="requires-an-undeclared-param",
        ),
        pytest.param(
            HEADER + "# param: a string required\n# requires: a\nSELECT ?a WHERE {}\n",
            "must be optional",
            id="requires-a-required-param",
        ),
    ],
)
def test_queries_malformed_file_raises_config_error_naming_it(tmp_path, text, fragment):
    path = _write(tmp_path, "broken", text)
    with pytest.raises(ConfigError) as info:
        parse_query_file(path)
    assert str(path) in str(info.value) and fragment in str(info.value)


def test_queries_missing_folder_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="KG_QUERIES_DIR"):
        QueryCatalog.from_dir(tmp_path / "absent")


def test_queries_requires_one_of_its_alternatives(tmp_path, store):
    _write(
        tmp_path,
        "thing",
        "# title: One thing\n"
        "# param: id iri optional — the thing\n"
        "# param: label string optional — its label\n"
        "# requires: id or label\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT DISTINCT ?thing ?id ?label WHERE { ?thing rdfs:label ?name "
        "FILTER(COALESCE(?thing = ?id, false) || COALESCE(?name = ?label, false)) }\n",
    )
    catalog = QueryCatalog.from_dir(tmp_path)
    assert catalog.get("thing").alternatives == (("id", "label"),)
    for values in ({}, {"id": "", "label": ""}):
        with pytest.raises(ParameterError, match=r"needs parameter 'id' \(iri\) or 'label' \(string\)"):
            catalog.run(store, "thing", values, max_rows=10)
    by_label = catalog.run(store, "thing", {"label": "Stone"}, max_rows=10)
    by_id = catalog.run(store, "thing", {"id": EX + "river"}, max_rows=10)
    assert [row["thing"]["id"] for row in by_label.rows + by_id.rows] == [EX + "stone", EX + "river"]
