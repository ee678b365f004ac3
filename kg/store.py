"""The store stage: where quads live and how they are queried.

`open_store(settings)` gives a `GraphStore`, or for a URL a `kg.remote.RemoteStore` with the same interface.
The embedded one wraps pyoxigraph's RocksDB store; a query that names no dataset (FROM, or the protocol's
graph parameters) sees the union of the named graphs (one per article, plus ontology and reference graphs)
as its default graph. Writes replace one named graph at a time, in one SPARQL UPDATE, so readers see the old graph or the
new one, never a mixture and never nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.errors import QuerySyntaxError, StoreBusyError, StoreError, StoreNotFoundError
from kg.settings import Settings
from kg.sparql import declares_dataset, syntax_error_message
from kg.vocab import PREFIXES

if TYPE_CHECKING:
    from kg.remote import RemoteStore


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

        The prefixes of `kg.vocab.PREFIXES` (mkg, rdfs, skos, schema, ...) are predeclared."""
        given = default_graph is not None or named_graphs is not None
        try:
            return self._store.query(
                sparql,
                prefixes=PREFIXES,
                base_iri=base_iri,
                substitutions=substitutions,
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
        return self._store.quads_for_pattern(None, None, None, graph)

    def quads_matching(self, quad: ox.Quad) -> Iterator[ox.Quad]:
        return self._store.quads_for_pattern(quad.subject, quad.predicate, quad.object, quad.graph_name)

    def __len__(self) -> int:
        return len(self._store)

    # --- writing ---

    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Replace the whole content of `graph` with `quads`, atomically."""
        self._store.update(replace_graph_update(graph, quads))
        self._written()

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        self._store.extend(quads)
        self._written()

    def drop_graph(self, graph: ox.NamedNode) -> None:
        self._store.update(f"DROP SILENT GRAPH {graph}")
        self._written()

    def withdraw_graph(self, graph: ox.NamedNode, record: ox.Quad) -> None:
        """Drop `graph` and add the quad that records its withdrawal, in one update."""
        self._store.update(withdraw_graph_update(graph, record))
        self._written()

    def bulk_load(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads fast, in one pass that writes the store's files directly, without a transaction: for
        filling a new store, not a served one."""
        self._store.bulk_extend(quads)
        self._written()

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


def replace_graph_update(graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> str:
    """One SPARQL UPDATE that replaces the content of `graph` with `quads` (terms in N-Triples form)."""
    body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    return f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}"


def withdraw_graph_update(graph: ox.NamedNode, record: ox.Quad) -> str:
    """One SPARQL UPDATE that drops `graph` and adds `record` (the quad saying when it was withdrawn)."""
    return (
        f"DROP SILENT GRAPH {graph} ;\n"
        f"INSERT DATA {{ GRAPH {record.graph_name} {{ {record.subject} {record.predicate} {record.object} }} }}"
    )


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
