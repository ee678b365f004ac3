from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest

from kg.results import ResultTable, literal_value, lookup_labels, table_from_solutions
from kg.store import GraphStore

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


@pytest.fixture
def store() -> GraphStore:
    graph = ox.NamedNode(EX + "graph")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    pref = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    store = GraphStore(None)
    store.replace_graph(
        graph,
        [
            ox.Quad(ox.NamedNode(EX + "a"), label, ox.Literal("Alpha"), graph),
            ox.Quad(ox.NamedNode(EX + "b"), pref, ox.Literal("Beta"), graph),
            ox.Quad(ox.NamedNode(EX + "c"), ox.NamedNode(EX + "p"), ox.Literal("no label"), graph),
        ],
    )
    return store


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        pytest.param(_typed("42", "integer"), 42, id="integer"),
        pytest.param(_typed("7", "nonNegativeInteger"), 7, id="integer-subtype"),
        pytest.param(_typed("2.50", "decimal"), 2.5, id="decimal"),
        pytest.param(_typed("1e3", "double"), 1000.0, id="double"),
        pytest.param(_typed("true", "boolean"), True, id="boolean"),
        pytest.param(_typed("0", "boolean"), False, id="boolean-digit"),
        pytest.param(_typed("2024-05-01", "date"), "2024-05-01", id="date-stays-string"),
        pytest.param(ox.Literal("hello", language="en"), "hello", id="language-string"),
        pytest.param(_typed("many", "integer"), "many", id="ill-formed-number-keeps-text"),
    ],
)
def test_results_literal_value(literal, value):
    result = literal_value(literal)
    assert result == value and type(result) is type(value)


def test_results_lookup_labels_prefers_rdfs_label_then_skos(store):
    labels = lookup_labels(store, {EX + "a", EX + "b", EX + "c"})
    assert labels == {EX + "a": "Alpha", EX + "b": "Beta", EX + "c": None}


def test_results_lookup_labels_takes_the_least_rdfs_label_over_any_skos_label(store):
    graph = ox.NamedNode(EX + "graph2")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    pref = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    subject = ox.NamedNode(EX + "d")
    store.replace_graph(graph, [
        ox.Quad(subject, label, ox.Literal("Zeta"), graph),
        ox.Quad(subject, label, ox.Literal("Delta", language="en"), graph),
        ox.Quad(subject, pref, ox.Literal("Aardvark"), graph),
        ox.Quad(ox.NamedNode(EX + "e"), pref, ox.Literal("Eta"), graph),
        ox.Quad(ox.NamedNode(EX + "e"), pref, ox.Literal("Epsilon"), graph),
    ])
    assert lookup_labels(store, {EX + "d", EX + "e"}) == {EX + "d": "Delta", EX + "e": "Epsilon"}


def test_results_table_cells_and_label_column_folding(store):
    solutions = store.query(
        f"""SELECT ?thing ?thingLabel ?other ?n ?flag ?missing ?blank WHERE {{
              VALUES (?thing ?thingLabel ?other ?n ?flag) {{
                (<{EX}c> "Charlie" <{EX}a> 3 true)
              }}
              BIND(BNODE() AS ?blank)
            }}"""
    )
    table = table_from_solutions(solutions, store, query_name="demo", max_rows=10)
    assert table.columns == ["thing", "other", "n", "flag", "missing", "blank"]
    (row,) = table.rows
    assert row["thing"] == {"id": EX + "c", "label": "Charlie"}  # from the ?thingLabel column
    assert row["other"] == {"id": EX + "a", "label": "Alpha"}  # from the lookup
    assert row["n"] == 3 and row["flag"] is True and row["missing"] is None
    assert row["blank"]["id"].startswith("_:") and row["blank"]["label"] is None


def test_results_offset_max_rows_and_truncation(store):
    query = "SELECT ?n WHERE { VALUES ?n { 1 2 3 4 5 } }"
    page = table_from_solutions(store.query(query), store, query_name=None, max_rows=2, offset=1)
    assert [r["n"] for r in page.rows] == [2, 3] and page.truncated is True
    last = table_from_solutions(store.query(query), store, query_name=None, max_rows=2, offset=3)
    assert [r["n"] for r in last.rows] == [4, 5] and last.truncated is False


def test_results_hidden_columns_are_left_out(store):
    solutions = store.query("SELECT ?x ?param WHERE { VALUES (?x ?param) { (1 2) } }")
    table = table_from_solutions(solutions, store, query_name="q", max_rows=5, hidden=["param"])
    assert table.columns == ["x"] and table.rows == [{"x": 1}]


def test_results_envelope_shape():
    table = ResultTable(query="q", columns=["x"], rows=[{"x": 1}], truncated=True)
    assert table.envelope() == {
        "ok": True,
        "query": "q",
        "columns": ["x"],
        "rows": [{"x": 1}],
        "truncated": True,
        "offset": 0,
        "limit": None,
        "next_offset": 1,
    }


def test_results_csv_writes_entities_as_label_and_id():
    table = ResultTable(
        query="q",
        columns=["who", "count", "ok", "note"],
        rows=[
            {"who": {"id": EX + "a", "label": "Alpha, Inc."}, "count": 2, "ok": False, "note": None},
            {"who": {"id": EX + "z", "label": None}, "count": 0.5, "ok": True, "note": "x"},
            {"who": None, "count": None, "ok": None, "note": None},
        ],
        truncated=False,
    )
    rows = list(csv.reader(io.StringIO(table.to_csv())))
    assert rows == [
        ["who", "who_id", "count", "ok", "note"],
        ["Alpha, Inc.", EX + "a", "2", "false", ""],
        [EX + "z", EX + "z", "0.5", "true", "x"],
        ["", "", "", "", ""],
    ]
