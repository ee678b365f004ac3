"""A store over HTTP: the SPARQL 1.1 Query and Update protocols and the Graph Store Protocol.

`RemoteStore` has the interface of `kg.store.GraphStore` and answers queries with the same pyoxigraph types
(`QuerySolutions`, `QueryBoolean`, `QueryTriples`), so every caller works unchanged over either. Two kinds of server:

  * an Oxigraph server (`oxigraph serve`, or any SPARQL 1.1 store with the same paths): `/query`, `/update`,
    `/store`. A graph is replaced by one SPARQL UPDATE (laid out as `kg.layout` says, the entity graph
    updated in it), which Oxigraph runs as one transaction; its Graph Store `PUT` clears the graph and loads
    the new one in two steps, so a reader could see it empty.
  * a running `kg serve` (`/sparql`, `/store` with a bearer token): graphs are replaced by a Graph Store
    `PUT` of their logical content, which that server lays out and applies as one atomic update.

Queries that name no dataset (FROM, or default/named graphs) ask for the union of all graphs as the default
graph (Oxigraph's `union-default-graph` parameter) and get the predeclared prefixes prepended. pyoxigraph `substitutions` cannot travel over HTTP, so parameters are
substituted into the query text as serialised RDF terms (see `substitute`), never as raw user strings.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pyoxigraph as ox

from kg.errors import QueryError, QuerySyntaxError, StoreError
from kg import layout
from kg.sparql import declares_dataset
from kg.store import substitute
from kg.vocab import PREFIXES

ACCEPT_RESULTS = "application/sparql-results+json, application/n-triples;q=0.9"
N_TRIPLES = "application/n-triples"

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

    def graph_triples(self, graph: ox.NamedNode) -> list[ox.Triple]:
        """What was written to `graph` (see `GraphStore.graph_triples`)."""
        return [ox.Triple(s["s"], s["p"], s["o"]) for s in self.query(layout.logical_graph_query(graph))]

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
            self._update(layout.replace_update(graph, quads), "replace the graph")
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
            if self._update_url is not None and layout.is_source_graph(graph):
                self._update(layout.add_update(graph, graph_quads, self.graph_triples(graph)), f"add to the graph {graph.value}")
                continue
            response = self._send(
                "POST", self._store_url, params={"graph": graph.value}, content=_triples_body(graph_quads),
                headers={"Content-Type": N_TRIPLES},
            )
            self._check(response, f"add to the graph {graph.value}")
        self.generation += 1

    def drop_graph(self, graph: ox.NamedNode) -> None:
        if self._update_url is not None:
            self._update(layout.drop_update(graph), "drop the graph")
        else:
            response = self._send("DELETE", self._store_url, params={"graph": graph.value})
            if response.status_code != 404:  # already absent is what we want
                self._check(response, f"drop the graph {graph.value}")
        self.generation += 1

    def withdraw_graph(self, graph: ox.NamedNode, record: ox.Quad) -> None:
        """Drop `graph` and record its withdrawal: one update where the store takes updates; through a
        `kg serve`, the record is written first, so a crash between the two requests loses no withdrawal."""
        if self._update_url is not None:
            self._update(layout.withdraw_update(graph, record), "withdraw the graph")
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
