"""Result tables: SELECT solutions turned into JSON-ready rows that clients can rely on.

Cell conventions:
    IRI            → {"id": IRI, "label": LABEL or None}
    blank node     → {"id": "_:b..", "label": None}
    numeric        → int (xsd:integer and its subtypes) or float (decimal, double, float)
    xsd:boolean    → bool
    other literal  → its lexical form (a string)
    unbound        → None

An IRI's label comes from a `?<var>Label` column when the query selects one (that column is folded into the
cell and not listed in `columns`); otherwise from a lookup of rdfs:label (skos:prefLabel as fallback) for
every IRI of the page. The first column is the answer the query is about.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from kg.store import GraphStore

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {
    _XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
_FLOAT_TYPES = {_XSD + "decimal", _XSD + "double", _XSD + "float"}
_BOOLEAN_TYPE = _XSD + "boolean"
LABEL_SUFFIX = "Label"

# One plain pattern per property: a GROUP BY or a UNION over thousands of IRIs costs twice as much as two
# passes, the second one only for the IRIs the first left without a label.
_LABEL_LOOKUP = """
SELECT ?s ?label WHERE {
  VALUES ?s { %s }
  ?s <%s> ?label
}
"""
_LABEL_PROPERTIES = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
)


@dataclass
class ResultTable:
    """One page of a SELECT answer: the rows after `offset`, at most `limit` of them. `truncated` is true
    when more rows exist after this page (the next page starts at `next_offset`)."""

    query: str | None
    columns: list[str]
    rows: list[dict]
    truncated: bool
    offset: int = 0
    limit: int | None = None

    @property
    def next_offset(self) -> int | None:
        return self.offset + len(self.rows) if self.truncated else None

    def envelope(self) -> dict:
        return {
            "ok": True,
            "query": self.query,
            "columns": self.columns,
            "rows": self.rows,
            "truncated": self.truncated,
            "offset": self.offset,
            "limit": self.limit,
            "next_offset": self.next_offset,
        }

    def to_csv(self) -> str:
        """The table as CSV. A column holding entities is written as two: `<col>` with the label (the IRI when
        there is no label) and `<col>_id` with the IRI, so no identity is lost and spreadsheets stay readable.
        Booleans are `true`/`false`; unbound cells are empty."""
        entity_columns = {
            col for col in self.columns if any(isinstance(row.get(col), dict) for row in self.rows)
        }
        header: list[str] = []
        for col in self.columns:
            header.append(col)
            if col in entity_columns:
                header.append(f"{col}_id")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        for row in self.rows:
            line: list[object] = []
            for col in self.columns:
                value = row.get(col)
                if col in entity_columns:
                    entity = value if isinstance(value, dict) else None
                    line.append((entity["label"] or entity["id"]) if entity else _csv_scalar(value))
                    line.append(entity["id"] if entity else "")
                else:
                    line.append(_csv_scalar(value))
            writer.writerow(line)
        return out.getvalue()


def _csv_scalar(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def literal_value(literal: ox.Literal) -> object:
    """A literal as a JSON scalar: int, float or bool for numeric and boolean datatypes, else its string."""
    datatype = literal.datatype.value
    try:
        if datatype in _INTEGER_TYPES:
            return int(literal.value)
        if datatype in _FLOAT_TYPES:
            return float(literal.value)
    except ValueError:
        return literal.value  # an ill-formed literal keeps its lexical form rather than failing the page
    if datatype == _BOOLEAN_TYPE and literal.value in ("true", "false", "1", "0"):
        return literal.value in ("true", "1")
    return literal.value


def term_cell(term: object, labels: dict[str, str | None]) -> object:
    """One term as a cell (see the module docstring); `labels` maps IRIs to their labels."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"id": term.value, "label": labels.get(term.value)}
    if isinstance(term, ox.BlankNode):
        return {"id": f"_:{term.value}", "label": None}
    if isinstance(term, ox.Literal):
        return literal_value(term)
    return str(term)  # quoted triples: rare; their N-Triples form is the honest string


def lookup_labels(store: GraphStore, iris: Collection[str]) -> dict[str, str | None]:
    """rdfs:label (skos:prefLabel as fallback) of each IRI, the least when it has several; None when it has
    neither."""
    labels: dict[str, str | None] = dict.fromkeys(iris)
    unlabelled = sorted(iris)
    for prop in _LABEL_PROPERTIES:
        if not unlabelled:
            break
        # The IRIs come from the store (or were validated as NamedNodes): their N-Triples form is safe here.
        values = " ".join(str(ox.NamedNode(iri)) for iri in unlabelled)
        for solution in store.query(_LABEL_LOOKUP % (values, prop)):
            iri, label = solution["s"].value, solution["label"].value
            current = labels[iri]
            if current is None or label < current:
                labels[iri] = label
        unlabelled = [iri for iri in unlabelled if labels[iri] is None]
    return labels


def table_from_solutions(
    solutions: ox.QuerySolutions,
    store: GraphStore,
    *,
    query_name: str | None,
    max_rows: int,
    offset: int = 0,
    skip: int | None = None,
    hidden: Iterable[str] = (),
    keep: Callable[[ox.QuerySolution], bool] | None = None,
) -> ResultTable:
    """Skip `skip` solutions (default `offset`: 0 when the query skipped them itself), keep up to `max_rows`
    of those `keep` accepts, and turn them into cells; the table records `offset` as where its page starts.

    `hidden` names variables left out of the table (the canned-query parameters, which pyoxigraph requires
    in the projection but which only echo the input).
    """
    variables = [v.value for v in solutions.variables]
    hidden_set = set(hidden)
    label_columns = {var: var + LABEL_SUFFIX for var in variables if var + LABEL_SUFFIX in variables}
    folded = set(label_columns.values())
    columns = [v for v in variables if v not in folded and v not in hidden_set]

    kept = solutions if keep is None else filter(keep, solutions)
    start = offset if skip is None else skip
    page = list(itertools.islice(kept, start, start + max_rows + 1))
    truncated = len(page) > max_rows
    page = page[:max_rows]

    # A solution read by position costs a third of one read by name: read each once, as a tuple.
    position = {var: i for i, var in enumerate(variables)}
    shown = [position[var] for var in columns]
    with_label = [(position[var], position[label_columns[var]]) for var in columns if var in label_columns]
    without_label = [position[var] for var in columns if var not in label_columns]
    terms = [tuple(solution) for solution in page]
    column_labels: dict[str, str | None] = {}
    to_look_up: set[str] = set()
    for row in terms:
        for term_at, label_at in with_label:
            term, label_term = row[term_at], row[label_at]
            if isinstance(term, ox.NamedNode):
                if label_term is not None:
                    column_labels.setdefault(term.value, label_term.value)
                else:
                    to_look_up.add(term.value)
        to_look_up.update(row[i].value for i in without_label if isinstance(row[i], ox.NamedNode))
    labels = lookup_labels(store, to_look_up - column_labels.keys())
    labels.update(column_labels)

    rows = [{var: term_cell(row[i], labels) for var, i in zip(columns, shown)} for row in terms]
    return ResultTable(query=query_name, columns=columns, rows=rows, truncated=truncated, offset=offset, limit=max_rows)
