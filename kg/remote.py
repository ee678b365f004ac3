"""A store over HTTP: the SPARQL 1.1 Query and Update protocols and the Graph Store Protocol.

`RemoteStore` has the interface of `kg.store.GraphStore` and answers queries with the same pyoxigraph types
(`QuerySolutions`, `QueryBoolean`, `QueryTriples`), so every caller works unchanged over either. Two layouts:

  * an Oxigraph server (`oxigraph serve`, or any SPARQL 1.1 store with the same paths): `/query`, `/update`,
    `/store`. A graph is replaced by one SPARQL UPDATE, which Oxigraph runs as one transaction; its Graph
    Store `PUT` clears the graph and loads the new one in two steps, so a reader could see it empty.
  * a running `kg serve` (`/sparql`, `/store` with a bearer token): graphs are replaced by a Graph Store
    `PUT`, which that server applies as one atomic update.

Queries that name no dataset (FROM, or default/named graphs) ask for the union of all graphs as the default
graph (Oxigraph's `union-default-graph` parameter) and get the predeclared prefixes prepended. pyoxigraph `substitutions` cannot travel over HTTP, so parameters are
substituted into the query text as serialised RDF terms (see `substitute`), never as raw user strings.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import httpx
import pyoxigraph as ox

from kg.errors import QueryError, QuerySyntaxError, StoreError
from kg.sparql import declares_dataset
from kg.store import replace_graph_update, withdraw_graph_update
from kg.vocab import PREFIXES

ACCEPT_RESULTS = "application/sparql-results+json, application/n-triples;q=0.9"
N_TRIPLES = "application/n-triples"

# Lexemes of SPARQL that matter for substitution, leftmost first so variables inside strings, IRIs and
# comments are never touched.
_LEXEME = re.compile(
    r'(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*')"
    r"|(?P<comment>#[^\n\r]*)"
    r"|(?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)"
    r"|(?<![\w:])(?P<word>[A-Za-z]+)(?![\w:])"
    r"|(?P<open>\()|(?P<close>\))|(?P<brace>[{}])",
    re.DOTALL,
)
_MODIFIER_END = {"LIMIT", "OFFSET", "HAVING", "VALUES", "SELECT", "WHERE"}


def substitute(sparql: str, substitutions: Mapping[ox.Variable, ox.NamedNode | ox.Literal]) -> str:
    """The query with each substituted variable replaced by its term, as pyoxigraph's substitutions do.

    A term is written in its N-Triples form, which pyoxigraph escapes, so no value can break out of it. In a
    SELECT projection `?x` becomes `(<term> AS ?x)` so the column stays; in ORDER BY and GROUP BY it becomes
    `(<term>)`; elsewhere the bare term. A variable the query assigns itself (`AS ?x`) cannot be substituted.
    """
    terms = {variable.value: str(term) for variable, term in substitutions.items()}
    if not terms:
        return sparql
    out: list[str] = []
    position = 0
    depth = 0
    mode = "body"  # or "projection" (SELECT ... WHERE) or "modifier" (ORDER BY / GROUP BY ...)
    projection_depth = 0
    previous_word = ""
    for match in _LEXEME.finditer(sparql):
        kind = match.lastgroup
        text = match.group()
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "brace":
            mode = "body"
        elif kind == "word":
            word = text.upper()
            if word == "SELECT":
                mode, projection_depth = "projection", depth
            elif word in ("WHERE", "FROM") and mode == "projection":
                mode = "body"
            elif word == "BY" and previous_word in ("ORDER", "GROUP"):
                mode = "modifier"
            elif word in _MODIFIER_END and mode == "modifier":
                mode = "body"
            previous_word = word
            continue
        elif kind == "var" and text[1:] in terms:
            term = terms[text[1:]]
            if previous_word == "AS":
                raise QueryError(f"parameter ?{text[1:]} cannot be substituted: the query assigns it (AS {text})")
            if mode == "projection" and depth == projection_depth:
                replacement = f"({term} AS {text})"
            elif mode == "modifier":
                replacement = f"({term})"
            else:
                replacement = term
            out.append(sparql[position:match.start()])
            out.append(replacement)
            position = match.end()
        if kind != "comment":
            previous_word = ""
    out.append(sparql[position:])
    return "".join(out)


def _prologue() -> str:
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


def _triples_body(quads: Iterable[ox.Quad]) -> bytes:
    return "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads).encode("utf-8")


class RemoteStore:
    """A store reached over HTTP (see the module docstring for the two layouts)."""

    def __init__(
        self,
        url: str,
        *,
        query_url: str,
        store_url: str,
        update_url: str | None = None,
        token: str | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.url = url
        self.path = None  # no directory: the store lives behind `url`
        self.generation = 0
        self._query_url = query_url
        self._update_url = update_url
        self._store_url = store_url
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._client = httpx.Client(headers=headers, timeout=timeout)

    @classmethod
    def oxigraph(cls, url: str, **kwargs: Any) -> RemoteStore:
        """An Oxigraph server (or any store with its `/query`, `/update` and `/store` paths) at `url`."""
        base = url.rstrip("/")
        return cls(base, query_url=f"{base}/query", update_url=f"{base}/update", store_url=f"{base}/store", **kwargs)

    @classmethod
    def kg_server(cls, url: str, token: str, **kwargs: Any) -> RemoteStore:
        """A running `kg serve` at `url`: queries on `/sparql`, writes by Graph Store `PUT` with `token`."""
        base = url.rstrip("/")
        return cls(base, query_url=f"{base}/sparql", store_url=f"{base}/store", token=token, **kwargs)

    def close(self) -> None:
        self._client.close()

    # --- HTTP ---

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._client.request(method, url, **kwargs)
        except httpx.TimeoutException as exc:
            raise StoreError(f"the store at {self.url} did not answer in time ({type(exc).__name__})") from exc
        except httpx.HTTPError as exc:
            raise StoreError(
                f"cannot reach the store at {self.url}: {exc}; check that its server runs and the URL is right"
            ) from exc
        if response.status_code in (401, 403):
            raise StoreError(
                f"the store at {self.url} refused the request ({response.status_code}: {_message(response)}); "
                "set KG_WRITE_TOKEN to the server's write token"
            )
        return response

    def _check(self, response: httpx.Response, action: str) -> None:
        if response.is_error:
            raise StoreError(
                f"the store at {self.url} could not {action} ({response.status_code}: {_message(response)})"
            )

    # --- reading ---

    def query(
        self,
        sparql: str,
        *,
        substitutions: dict[ox.Variable, Any] | None = None,
        default_graph: list[ox.NamedNode] | None = None,
        named_graphs: list[ox.NamedNode] | None = None,
        base_iri: str | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query over the same dataset as `kg.store.GraphStore.query` gives it. Relative IRIs
        resolve against `base_iri` (else the server's own URL)."""
        base = f"BASE {ox.NamedNode(base_iri)}\n" if base_iri is not None else ""
        text = base + _prologue() + substitute(sparql, substitutions or {})
        params: list[tuple[str, str]] = []
        if default_graph is None and named_graphs is None and not declares_dataset(sparql):
            # Oxigraph's own parameter; it would override the query's FROM, so only without one.
            params.append(("union-default-graph", ""))
        params += [("default-graph-uri", g.value) for g in default_graph or []]
        params += [("named-graph-uri", g.value) for g in named_graphs or []]
        response = self._send(
            "POST",
            self._query_url,
            params=params,
            content=text.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query", "Accept": ACCEPT_RESULTS},
        )
        if response.status_code == 400:
            raise QuerySyntaxError(f"the store refused the query: {_message(response)}")
        self._check(response, "answer the query")
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        if media_type == N_TRIPLES:
            return _as_query_triples(response.content)
        try:
            return ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
        except SyntaxError as exc:
            raise StoreError(f"the store at {self.url} sent results that do not parse: {exc}") from exc

    def graph_names(self) -> list[ox.NamedNode]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return [row["g"] for row in rows if isinstance(row["g"], ox.NamedNode)]

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        return self._quads_for_pattern(None, None, None, graph)

    def quads_matching(self, quad: ox.Quad) -> Iterator[ox.Quad]:
        return self._quads_for_pattern(quad.subject, quad.predicate, quad.object, quad.graph_name)

    def _quads_for_pattern(self, subject: Any, predicate: Any, obj: Any, graph: Any) -> Iterator[ox.Quad]:
        terms = {"s": subject, "p": predicate, "o": obj, "g": graph}
        pattern = {name: str(term) if term is not None else f"?{name}" for name, term in terms.items()}
        rows = self.query(
            f"SELECT * WHERE {{ GRAPH {pattern['g']} {{ {pattern['s']} {pattern['p']} {pattern['o']} }} }}"
        )
        quads = [
            ox.Quad(*(terms[name] if terms[name] is not None else row[name] for name in ("s", "p", "o", "g")))
            for row in rows
        ]
        return iter(quads)

    def __len__(self) -> int:
        row = next(iter(self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))
        return int(row["n"].value)

    # --- writing ---

    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Replace the whole content of `graph` with `quads`, atomically."""
        if self._update_url is not None:
            self._update(replace_graph_update(graph, quads), "replace the graph")
        else:
            response = self._send(
                "PUT", self._store_url, params={"graph": graph.value}, content=_triples_body(quads),
                headers={"Content-Type": N_TRIPLES},
            )
            self._check(response, f"replace the graph {graph.value}")
        self.generation += 1

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        by_graph: dict[Any, list[ox.Quad]] = {}
        for quad in quads:
            by_graph.setdefault(quad.graph_name, []).append(quad)
        for graph, graph_quads in by_graph.items():
            if not isinstance(graph, ox.NamedNode):
                raise StoreError("only quads of named graphs can be written to a remote store")
            response = self._send(
                "POST", self._store_url, params={"graph": graph.value}, content=_triples_body(graph_quads),
                headers={"Content-Type": N_TRIPLES},
            )
            self._check(response, f"add to the graph {graph.value}")
        self.generation += 1

    def drop_graph(self, graph: ox.NamedNode) -> None:
        if self._update_url is not None:
            self._update(f"DROP SILENT GRAPH {graph}", "drop the graph")
        else:
            response = self._send("DELETE", self._store_url, params={"graph": graph.value})
            if response.status_code != 404:  # already absent is what we want
                self._check(response, f"drop the graph {graph.value}")
        self.generation += 1

    def withdraw_graph(self, graph: ox.NamedNode, record: ox.Quad) -> None:
        """Drop `graph` and record its withdrawal: one update where the store takes updates; through a
        `kg serve`, the record is written first, so a crash between the two requests loses no withdrawal."""
        if self._update_url is not None:
            self._update(withdraw_graph_update(graph, record), "withdraw the graph")
            self.generation += 1
        else:
            self.add_quads([record])
            self.drop_graph(graph)

    def _update(self, update: str, action: str) -> None:
        assert self._update_url is not None
        response = self._send(
            "POST", self._update_url, content=update.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update"},
        )
        self._check(response, action)

    def flush(self) -> None:
        """Nothing to do: the server makes each write durable before it answers."""

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Nothing to batch: the server makes each write durable and visible itself (see GraphStore.batch)."""
        yield

    def dump(self, output: Any, fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> None:
        ox.serialize(self.quads(), output, fmt)


def _message(response: httpx.Response) -> str:
    """The error text of a response: our JSON envelope's `error`, or the start of the body."""
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:500] or response.reason_phrase
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return body["error"]
    return response.text.strip()[:500]


def _as_query_triples(ntriples: bytes) -> ox.QueryTriples:
    """CONSTRUCT/DESCRIBE answers as pyoxigraph's own `QueryTriples`, through a throwaway in-memory store."""
    graph = ox.Store()
    try:
        graph.load(io.BytesIO(ntriples), ox.RdfFormat.N_TRIPLES)
    except SyntaxError as exc:
        raise StoreError(f"the store sent triples that do not parse: {exc}") from exc
    result = graph.query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert isinstance(result, ox.QueryTriples)
    return result
