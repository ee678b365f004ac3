"""The catalog of canned queries: `queries/NAME.rq` files with a small header, run with typed parameters.

    # title: Laws enabling citizenship revocation
    # description: Legal acts that enable revoking acquired citizenship.
    # param: act iri optional — IRI of one legal act
    # param: label string required — text to look for
    # param: limit integer optional=100 — most rows to return
    PREFIX mkg: <https://w3id.org/mkg/ontology#>
    SELECT ?act ?actLabel ?label WHERE { ... }

Header lines are `# key: value` comments before the first non-comment line; keys are `title` (required),
`description` (repeatable; lines are joined), `param` and `requires`. A param line is
`NAME TYPE required|optional[=DEFAULT] — description` with TYPE one of iri, string, integer, decimal, date,
boolean. A `requires: A or B` line names optional parameters of which a run must give at least one.

Parameters are bound to the SPARQL variables of the same name as typed RDF terms, which the store writes into
the query in N-Triples syntax (`kg.store.substitute`, never raw text): the planner then sees a given entity
as a constant. Two rules shape the queries (both checked when the catalog loads):
  * every parameter is selected, as pyoxigraph's substitutions require; its column only echoes the input
    and is hidden from results;
  * BOUND(?param) cannot test a parameter (it becomes BOUND(<term>)), so optional parameters are tested
    with COALESCE: `FILTER(COALESCE(?x = ?param, true))`.
A parameter named `limit` is not substituted (SPARQL cannot bind LIMIT): it caps the rows returned.

Every canned query selects a `confidence` column (the confidence of the evidence of the row's fact; the
highest, where a row gathers several): a run may leave out the rows below a minimum (`min_confidence`).
A page is asked of the store with LIMIT and OFFSET appended to the query, so a query whose rows stream
(no ORDER BY, GROUP BY or DISTINCT over the corpus) costs its page, not its whole answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from kg.errors import ConfigError, ParameterError, QueryError, UnknownQueryError
from kg.results import ResultTable, table_from_solutions
from kg.store import GraphStore

Term = ox.NamedNode | ox.Literal

_XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("iri", "string", "integer", "decimal", "date", "boolean")
ROW_LIMIT_PARAM = "limit"

_HEADER_LINE = re.compile(r"#\s*(?P<key>[A-Za-z_]+)\s*:\s*(?P<value>.*?)\s*$")
_PARAM_SPEC = re.compile(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>[a-z]+)\s+"
    r"(?:(?P<required>required)|optional(?:=(?P<default>\S+))?)"
    r"(?:\s*(?:—|--|-)\s*(?P<description>.*))?$"
)
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BOOLEANS = {"true": "true", "1": "true", "false": "false", "0": "false"}
CONFIDENCE_COLUMN = "confidence"
_SAMPLE_VALUES = {
    "iri": "urn:example:x",
    "string": "x",
    "integer": "1",
    "decimal": "1.5",
    "date": "2024-01-31",
    "boolean": "true",
}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    default: str | None
    description: str

    def term(self, value: str) -> Term:
        """The RDF term for a value given as text; ParameterError when it is not of this param's type."""
        value = value.strip()
        expected = f"parameter '{self.name}' must be {_TYPE_PHRASES[self.type]}, got {value!r}"
        if self.type == "iri":
            if ":" not in value:
                raise ParameterError(expected)
            try:
                return ox.NamedNode(value)
            except ValueError as exc:
                raise ParameterError(f"{expected} ({exc})") from exc
        if self.type == "string":
            return ox.Literal(value)
        if self.type == "integer" and _INTEGER.fullmatch(value):
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(_XSD + "integer"))
        if self.type == "decimal" and _DECIMAL.fullmatch(value):
            return ox.Literal(value, datatype=ox.NamedNode(_XSD + "decimal"))
        if self.type == "date" and _DATE.fullmatch(value):
            try:
                date.fromisoformat(value)
            except ValueError as exc:
                raise ParameterError(f"{expected} ({exc})") from exc
            return ox.Literal(value, datatype=ox.NamedNode(_XSD + "date"))
        if self.type == "boolean" and value.lower() in _BOOLEANS:
            return ox.Literal(_BOOLEANS[value.lower()], datatype=ox.NamedNode(_XSD + "boolean"))
        raise ParameterError(expected)


_TYPE_PHRASES = {
    "iri": "an absolute IRI such as https://w3id.org/mkg/id/person/jane-doe",
    "string": "a string",
    "integer": "an integer such as 10",
    "decimal": "a decimal number such as 2.5",
    "date": "a date as YYYY-MM-DD",
    "boolean": "a boolean (true or false)",
}


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    sparql: str
    alternatives: tuple[tuple[str, ...], ...] = ()  # `requires:` lines: at least one of each group is given

    columns: list[str] = field(default_factory=list, compare=False)  # the variables it selects

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def bind(self, values: Mapping[str, str]) -> dict[ox.Variable, Term]:
        """Substitutions for the given values plus defaults. The row-limit param is not substituted."""
        for name in values:
            if self.param(name) is None:
                known = ", ".join(p.name for p in self.params) or "none"
                raise ParameterError(
                    f"query '{self.name}' has no parameter '{name}'; its parameters are: {known}"
                )
        for group in self.alternatives:
            if all(values.get(name) in (None, "") for name in group):
                types = {p.name: p.type for p in self.params}
                needed = " or ".join(f"'{name}' ({types[name]})" for name in group)
                raise ParameterError(f"query '{self.name}' needs parameter {needed}: give one of them")
        bound: dict[ox.Variable, Term] = {}
        for param in self.params:
            value = values.get(param.name)
            if value is None or value == "":
                if param.required:
                    raise ParameterError(
                        f"query '{self.name}' needs parameter '{param.name}' ({param.type}): "
                        f"{param.description or 'give it in the query string'}"
                    )
                value = param.default
            if value is None or param.name == ROW_LIMIT_PARAM:
                continue
            bound[ox.Variable(param.name)] = param.term(value)
        return bound

    def plan(
        self, values: Mapping[str, str], *, limit: int | None, offset: int, max_rows: int
    ) -> tuple[dict[ox.Variable, Term], int]:
        """Check everything a run needs before it touches the store: the substitutions and the page size
        (min of `limit`, the query's `limit` param and `max_rows`). ParameterError names what is wrong."""
        if limit is not None and limit < 1:
            raise ParameterError(f"the row limit must be at least 1, got {limit}")
        if offset < 0:
            raise ParameterError(f"the row offset must be 0 or more, got {offset}")
        substitutions = self.bind(values)
        page_size = min(n for n in (limit, self.row_limit(values), max_rows) if n is not None)
        return substitutions, page_size

    def page_sparql(self, page_size: int, offset: int) -> str:
        """The query text asking the store for one page, and one row more (which says whether more follow)."""
        return f"{self.sparql.rstrip()}\nLIMIT {page_size + 1}" + (f" OFFSET {offset}" if offset else "")

    def row_limit(self, values: Mapping[str, str]) -> int | None:
        """The value of a declared `limit` parameter (or its default), when the query has one."""
        param = self.param(ROW_LIMIT_PARAM)
        if param is None:
            return None
        value = values.get(param.name) or param.default
        if value is None:
            return None
        limit = int(param.term(value).value)
        if limit < 1:
            raise ParameterError(f"parameter '{ROW_LIMIT_PARAM}' must be at least 1, got {limit}")
        return limit


class QueryCatalog:
    """The canned queries of one folder, by name."""

    def __init__(self, queries: Mapping[str, CannedQuery]) -> None:
        self._queries = dict(sorted(queries.items()))

    @classmethod
    def from_dir(cls, path: Path) -> QueryCatalog:
        if not path.is_dir():
            raise ConfigError(
                f"the canned-query folder {path} does not exist: create it or set KG_QUERIES_DIR"
            )
        return cls({file.stem: parse_query_file(file) for file in sorted(path.glob("*.rq"))})

    def names(self) -> list[str]:
        return list(self._queries)

    def get(self, name: str) -> CannedQuery:
        try:
            return self._queries[name]
        except KeyError:
            available = ", ".join(self._queries) or "none"
            raise UnknownQueryError(f"no canned query named '{name}'; available: {available}") from None

    def __iter__(self) -> Iterator[CannedQuery]:
        return iter(self._queries.values())

    def __len__(self) -> int:
        return len(self._queries)

    def run(
        self,
        store: GraphStore,
        name: str,
        params: Mapping[str, str],
        *,
        limit: int | None = None,
        offset: int = 0,
        max_rows: int,
        min_confidence: float | None = None,
    ) -> ResultTable:
        """Run a canned query; the page holds at most min(limit, the query's `limit` param, max_rows) rows,
        of confidence `min_confidence` or more when it is given."""
        query = self.get(name)
        substitutions, page_size = query.plan(params, limit=limit, offset=offset, max_rows=max_rows)
        return run_canned(store, query, substitutions, page_size, offset, min_confidence)


def parse_min_confidence(text: str | None, name: str) -> float | None:
    """The minimum confidence a request gives as text (`name` is how it was given), or None."""
    if text is None:
        return None
    try:
        value = float(text) if _DECIMAL.fullmatch(text.strip()) else None
    except ValueError:
        value = None
    if value is None or not 0 <= value <= 1:
        raise ParameterError(f"{name} must be a decimal number from 0 to 1, such as 0.7; got {text!r}")
    return value


def run_canned(
    store: GraphStore,
    query: CannedQuery,
    substitutions: dict[ox.Variable, Term],
    page_size: int,
    offset: int,
    min_confidence: float | None = None,
) -> ResultTable:
    """Run a canned query with parameters already checked by `CannedQuery.plan` (a task of query workers).

    Without a minimum confidence the store computes just the page (LIMIT/OFFSET); with one, the rows stream
    and the ones below it are left out here, before the page is counted."""
    if min_confidence is None:
        sparql, skip, keep = query.page_sparql(page_size, offset), 0, None
    elif CONFIDENCE_COLUMN not in query.columns:
        raise ParameterError(f"query '{query.name}' has no {CONFIDENCE_COLUMN} column to filter by; leave the "
                             "minimum confidence out")
    else:
        sparql, skip = query.sparql, offset

        def keep(solution: ox.QuerySolution) -> bool:
            confidence = solution[CONFIDENCE_COLUMN]
            return isinstance(confidence, ox.Literal) and _confidence(confidence) >= min_confidence

    solutions = store.query(sparql, substitutions=substitutions)
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(f"canned query '{query.name}' is not a SELECT query")
    return table_from_solutions(
        solutions,
        store,
        query_name=query.name,
        max_rows=page_size,
        offset=offset,
        skip=skip,
        hidden=[p.name for p in query.params],
        keep=keep,
    )


def _confidence(literal: ox.Literal) -> float:
    try:
        return float(literal.value)
    except ValueError:
        return -1.0


def parse_query_file(path: Path) -> CannedQuery:
    """Read one `NAME.rq` file; ConfigError naming the file when its header or its SPARQL is broken."""
    text = path.read_text(encoding="utf-8")
    title: str | None = None
    description: list[str] = []
    params: list[Param] = []
    alternatives: list[tuple[int, tuple[str, ...]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        if stripped.strip("# ") == "":
            continue
        match = _HEADER_LINE.fullmatch(stripped)
        if match is None:
            raise ConfigError(f"{path}:{number}: header lines must read '# key: value', got {stripped!r}")
        key, value = match["key"].lower(), match["value"]
        if key == "title":
            title = value
        elif key == "description":
            description.append(value)
        elif key == "param":
            params.append(_parse_param(path, number, value))
        elif key == "requires":
            alternatives.append((number, tuple(re.split(r"\s+or\s+", value.strip()))))
        else:
            raise ConfigError(
                f"{path}:{number}: unknown header key '{key}'; use title, description, param or requires"
            )
    if not title:
        raise ConfigError(f"{path}: no '# title: ...' header line; add one before the query")
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise ConfigError(f"{path}: a parameter is declared twice: {', '.join(names)}")
    optional = {p.name for p in params if not p.required}
    for number, group in alternatives:
        unknown = [name for name in group if name not in optional]
        if unknown:
            raise ConfigError(
                f"{path}:{number}: 'requires' names {', '.join(unknown)}, which must be optional parameters "
                "declared by a param line"
            )
    groups = tuple(group for _, group in alternatives)
    query = CannedQuery(path.stem, title, " ".join(description), tuple(params), text, groups)
    _check_sparql(path, query)
    return query


def _parse_param(path: Path, number: int, spec: str) -> Param:
    match = _PARAM_SPEC.fullmatch(spec)
    if match is None:
        raise ConfigError(
            f"{path}:{number}: a param line reads 'NAME TYPE required|optional[=DEFAULT] — description', "
            f"got {spec!r}"
        )
    if match["type"] not in PARAM_TYPES:
        raise ConfigError(
            f"{path}:{number}: unknown parameter type '{match['type']}'; use one of {', '.join(PARAM_TYPES)}"
        )
    param = Param(
        name=match["name"],
        type=match["type"],
        required=match["required"] is not None,
        default=match["default"],
        description=(match["description"] or "").strip(),
    )
    if param.default is not None:
        try:
            param.term(param.default)
        except ParameterError as exc:
            raise ConfigError(f"{path}:{number}: bad default: {exc}") from exc
    return param


def _check_sparql(path: Path, query: CannedQuery) -> None:
    """Parse the query against an empty store, with every parameter bound, to catch mistakes at load time."""
    for param in query.params:
        if param.name != ROW_LIMIT_PARAM and re.search(
            rf"BOUND\s*\(\s*[?$]{param.name}\s*\)", query.sparql, re.IGNORECASE
        ):
            raise ConfigError(
                f"{path}: BOUND(?{param.name}) is always false for a bound parameter in pyoxigraph; "
                f"test it with COALESCE instead, e.g. FILTER(COALESCE(?x = ?{param.name}, true))"
            )
    substitutions = {
        ox.Variable(p.name): p.term(_SAMPLE_VALUES[p.type]) for p in query.params if p.name != ROW_LIMIT_PARAM
    }
    try:
        result = ox.Store().query(query.sparql, substitutions=substitutions)
    except SyntaxError as exc:
        raise ConfigError(f"{path}: the SPARQL does not parse: {exc}") from exc
    except RuntimeError as exc:
        raise ConfigError(
            f"{path}: {exc}; every parameter must be selected (its column is hidden from results)"
        ) from exc
    if not isinstance(result, ox.QuerySolutions):
        raise ConfigError(f"{path}: canned queries must be SELECT queries")
    query.columns.extend(v.value for v in result.variables)
