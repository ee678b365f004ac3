"""The store stage: where quads live and how they are queried.

`open_store(settings)` gives a `GraphStore`, or for a URL a `kg.remote.RemoteStore` with the same interface.
The embedded one wraps pyoxigraph's RocksDB store; a query that names no dataset (FROM, or the protocol's
graph parameters) sees the union of the named graphs (one per article, plus the ontology, reference, entity
and statement graphs) as its default graph. Writes replace one named graph at a time, in one SPARQL UPDATE,
so readers see the old graph or the new one, never a mixture and never nothing. Writes to an article graph
(or the reference graph) follow `kg.layout`: the statements about shared resources are stored once, in the
entity graph, in the same update.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg import layout
from kg.errors import QueryError, QuerySyntaxError, StoreBusyError, StoreError, StoreNotFoundError
from kg.settings import Settings
from kg.sparql import declares_dataset, syntax_error_message
from kg.vocab import PREFIXES

if TYPE_CHECKING:
    from kg.remote import RemoteStore


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


class GraphStore:
    """An embedded pyoxigraph store at a directory (or in memory when `path` is None).

    `read_only` opens a snapshot beside the process that writes (RocksDB allows one writer per directory);
    it sees the writes flushed before it was opened. `generation` counts this handle's writes, so readers in
    other processes know when to reopen their snapshot.
    """

    def __init__(self, path: Path | None, *, create: bool = True, read_only: bool = False) -> None:
        self.path = path
        self.generation = 0
        self._batched = False
        if path is None:
            self._store = ox.Store()
            return
        if (read_only or not create) and not (path / "CURRENT").exists():
            raise StoreNotFoundError(f"no store at {path}: run `kg ingest seeds/ --store {path}` first")
        try:
            if read_only:
                self._store = _open_read_only(path)
                return
            path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store(str(path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreBusyError(
                    f"the store at {path} is in use by another process (a running `kg serve` or `kg ingest`); "
                    "stop it, or query through the running server"
                ) from exc
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc

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
        """Run a SPARQL query. Its dataset, as the SPARQL 1.1 Protocol (§2.1.4) sets it: given either of
        `default_graph` and `named_graphs` (the protocol's default-graph-uri and named-graph-uri), exactly
        those graphs, the other one empty; else the query's own FROM / FROM NAMED; else the union of all
        graphs as the default graph, and every named graph. Relative IRIs resolve against `base_iri`.

        The prefixes of `kg.vocab.PREFIXES` (mkg, rdfs, skos, schema, ...) are predeclared. `substitutions`
        are written into the query as RDF terms (`substitute`), as for a remote store: pyoxigraph's own
        substitutions reach the planner as unbound variables, joined to the plan's result, so a parameter
        that selects one entity costs what the query costs for every entity. Measured on pyoxigraph 0.5.13,
        10k generated articles, the page of `sources` for Vladimir Putin: 0.023 s written in, 1.9 s as a
        substitution; `entity` (whose parameter a BIND reads) answers no rows at all as a substitution."""
        given = default_graph is not None or named_graphs is not None
        try:
            return self._store.query(
                substitute(sparql, substitutions or {}),
                prefixes=PREFIXES,
                base_iri=base_iri,
                use_default_graph_as_union=not given and not declares_dataset(sparql),
                default_graph=(default_graph or []) if given else None,
                named_graphs=(named_graphs or []) if given else None,
            )
        except SyntaxError as exc:
            raise QuerySyntaxError(syntax_error_message(sparql, exc, base_iri)) from exc
        except OSError as exc:
            raise StoreError(f"the store could not answer: {exc}") from exc

    def graph_names(self) -> list[ox.NamedNode]:
        return [g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)]

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        """The quads as stored (for a source graph: its own quads and support records, see `kg.layout`)."""
        return self._store.quads_for_pattern(None, None, None, graph)

    def graph_triples(self, graph: ox.NamedNode) -> list[ox.Triple]:
        """What was written to `graph`: for a source graph, its quads with the shared statements it asserts."""
        return [ox.Triple(s["s"], s["p"], s["o"]) for s in self.query(layout.logical_graph_query(graph))]

    def quads_matching(self, quad: ox.Quad) -> Iterator[ox.Quad]:
        return self._store.quads_for_pattern(quad.subject, quad.predicate, quad.object, quad.graph_name)

    def __len__(self) -> int:
        return len(self._store)

    # --- writing ---

    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Replace the whole content of `graph` with `quads`, atomically."""
        self._store.update(layout.replace_update(graph, quads))
        self._written()

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads; those of a source graph in one update each, laid out."""
        by_graph: dict[Any, list[ox.Quad]] = {}
        for quad in quads:
            by_graph.setdefault(quad.graph_name, []).append(quad)
        for graph, graph_quads in by_graph.items():
            if layout.is_source_graph(graph):
                self._store.update(layout.add_update(graph, graph_quads, self.graph_triples(graph)))
            else:
                self._store.extend(graph_quads)
        self._written()

    def drop_graph(self, graph: ox.NamedNode) -> None:
        self._store.update(layout.drop_update(graph))
        self._written()

    def withdraw_graph(self, graph: ox.NamedNode, record: ox.Quad) -> None:
        """Drop `graph` and add the quad that records its withdrawal, in one update."""
        self._store.update(layout.withdraw_update(graph, record))
        self._written()

    def bulk_load(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads as given (lay sources out with `kg.layout.BulkLayout` first) fast, in one pass that writes
        the store's files directly, without a transaction: for filling a new store, not a served one. Then
        `summarise_bulk_load`."""
        self._store.bulk_extend(quads)
        self._written()

    def summarise_bulk_load(self, property_summaries: Iterable[ox.Quad]) -> None:
        """Compute the columns of what `bulk_load` wrote from the entries it wrote
        (`kg.layout.bulk_summary_updates`), then add the property summaries that its layout computed
        (`kg.layout.BulkLayout.property_summaries`)."""
        for update in layout.bulk_summary_updates():
            self._store.update(update)
        self._store.bulk_extend(property_summaries)
        self._written()

    def optimize(self) -> None:
        """Compact the store's files now. A bulk load leaves many overlapping files; left alone, the first
        process to open the store for writing (`kg serve`) compacts them while it serves, which starves the
        queries of the machine's cores and deletes files under the query workers' snapshots."""
        if self.path is not None:
            self._store.optimize()

    def is_empty(self) -> bool:
        return next(iter(self._store), None) is None  # len() would count every quad

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Flush the writes made inside once, at the end, instead of after each (a flush triples the cost of
        replacing a graph): for a process that writes many graphs with no reader waiting on each write, as
        `kg ingest` and `kg load` are. Each write stays atomic and durable (RocksDB's write-ahead log)."""
        self._batched = True
        try:
            yield
        finally:
            self._batched = False
            self.flush()
            self.generation += 1

    def _written(self) -> None:
        if self._batched:
            return
        # Flushed first: a read-only snapshot opened before the flush would miss the write, or fail to open.
        self.flush()
        self.generation += 1

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    def dump(self, output: Any, fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> None:
        self._store.dump(output, format=fmt)


def _open_read_only(path: Path, attempts: int = 20) -> ox.Store:
    """A read-only snapshot. Opening races with the writer's compactions: the manifest read may name a file
    the writer has just deleted, which RocksDB reports as corruption. A new attempt reads the new manifest."""
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            if "No such file" not in str(exc) or attempt == attempts - 1:
                raise StoreError(f"cannot open the store at {path} for reading: {exc}") from exc
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")


def open_store(settings: Settings, *, create: bool = False, read_only: bool = False) -> GraphStore | RemoteStore:
    """Open the store named by the settings: a directory (embedded) or the URL of an Oxigraph server.

    `create` allows a new empty embedded store (ingest does; queries don't); `read_only` opens a snapshot
    beside a writing process."""
    if settings.store_is_remote:
        from kg.remote import RemoteStore

        return RemoteStore.oxigraph(settings.store, token=_token(settings))
    return GraphStore(Path(settings.store), create=create, read_only=read_only)


def open_writer(settings: Settings) -> GraphStore | RemoteStore:
    """The store to write to: through the `kg serve` that owns the directory when one runs (see
    `kg.lock.ServerRecord`), else the store itself, created if new."""
    if not settings.store_is_remote:
        from kg.lock import ServerRecord

        record = ServerRecord.read(settings.store)
        if record is not None:
            from kg.remote import RemoteStore

            return RemoteStore.kg_server(record.url, record.token)
    return open_store(settings, create=True)


def _token(settings: Settings) -> str | None:
    return settings.write_token.get_secret_value() if settings.write_token else None
