"""The store's layout: what an article's named graph holds, and what is stored once for all articles.

A *source* is an article (graph `graph/article/<id>`, source node `article/<id>`) or the reference data
(graph and source node `graph/reference`). What a source says falls in two parts:

  * its own quads, about the resources minted for it (the article node, its facts `id/<kind>/<id>/...`, their
    evidence) or linking a shared resource to them (`entity mkg:reportedIn article`, `entity mkg:evidence
    ev`): these stay in the source's graph, with their provenance;
  * statements about shared resources only (an entity's types, labels, aliases and country; a post; a legal
    act named by several articles; a quantity): every article that names Vladimir Putin says that he is a
    person called "Vladimir Putin". Such a statement is stored once, in ENTITY_GRAPH, as long as at least one
    source asserts it.

Each source graph records the shared statements it asserts, `<source> mkg:asserts <statement>`, where
`<statement>` (`id/statement/<hash of the triple>`) is described once in STATEMENT_GRAPH by rdf:subject,
rdf:predicate and rdf:object. Replacing a source is then one SPARQL update (`replace_update`), which Oxigraph
runs as one transaction: delete from ENTITY_GRAPH the statements that this source asserted and no other
source asserts, drop the source graph, insert its new graph, its new statements and their descriptions. Readers
see the old source or the new one; a crash leaves one of them; the union default graph holds each shared
statement once, so `COUNT(*)` of `?p a mkg:Person` counts people, not mentions.

SUMMARY_GRAPH holds, for each entity, legal act, raided place, country of origin and quantity, what the canned
lists gather about it from every article (`kg.summaries`: how many articles report it, the highest confidence
of its evidence, its posts, raids, claims...), and per entity and property what its mentions add up to (the
entity pages). The same update keeps them: it notes what the old graph gave them, replaces the graph, writes the
new graph's *entries* (the values it gives each column, `?r <entry#NAME> ?x`, kept in the article graph and once
in ENTRY_GRAPH), and recomputes only the columns whose set of entries changed, from ENTRY_GRAPH; counts change
by the article's share. A write then costs its article, not the mentions of the resources it names. Each dated
event of an article graph carries its date as a sortable integer (`mkg:dateOrder`, see `split`), which the
store's index reads in date order.

INGESTS_GRAPH records when each stored article was last written (`mkg:ingestedAt`) and when it was added,
its graph written while absent (`mkg:addedAt`), set by the same update from the store's clock (`NOW()`),
whichever way the write came (`kg ingest`, `kg load`, a Graph Store PUT or POST); dropping the article
deletes them. A re-ingest that skips an unchanged article writes nothing, so its times stay.

Everything upstream (extraction, `kg extract` files, Graph Store bodies, validation) works with a source's
*logical* graph, all its quads in its own graph, as `kg.map.to_quads` makes it; `split` turns it into the
layout and `logical_graph_query` reads it back.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg import iris
from kg import summaries
from kg.summaries import ENTRY_BASE, PROLOGUE
from kg.vocab import BASE, MKG, RDF, REFERENCE_GRAPH, XSD

ENTITY_GRAPH = ox.NamedNode(BASE + "graph/entities")  # the shared statements, each once
STATEMENT_GRAPH = ox.NamedNode(BASE + "graph/statements")  # rdf:subject/predicate/object of each statement
SUMMARY_GRAPH = ox.NamedNode(BASE + "graph/summaries")  # per entity, act, place, quantity: kg.summaries
ENTRY_GRAPH = ox.NamedNode(summaries.ENTRY_GRAPH[1:-1])  # each summary entry of the articles once
STATEMENT_BASE = iris.ID_BASE + "statement/"
# Part of the reference graph's content stamp: a store laid out otherwise reloads its reference data.
LAYOUT_VERSION = "4"


# Derived when an article is stored, kept in its graph, and left out of its logical graph (what was written).
DERIVED_PREDICATES = (MKG.dateOrder,)
_DATE_ORDER = re.compile(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?|--(\d\d)(?:-(\d\d))?")


def date_order(lexical: str) -> int:
    """A date's lexical form as an integer that sorts as the text does: YYYYMMDD, an unstated month or day
    as 00, a month or day of no stated year as MMDD (so "--07-31" < "2024" < "2024-03" < "2024-03-01")."""
    match = _DATE_ORDER.match(lexical)
    if match is None:
        return 0
    year, month, day, bare_month, bare_day = match.groups()
    return int(year or 0) * 10_000 + int(month or bare_month or 0) * 100 + int(day or bare_day or 0)


def is_source_graph(graph: ox.NamedNode | ox.DefaultGraph | ox.BlankNode) -> bool:
    """Whether writes to `graph` follow the layout (an article graph or the reference graph)."""
    return isinstance(graph, ox.NamedNode) and (graph == REFERENCE_GRAPH or iris.article_id_of_graph(graph) is not None)


def source_node(graph: ox.NamedNode) -> ox.NamedNode:
    """The node that asserts a source's shared statements: the article, or the reference graph itself."""
    article_id = iris.article_id_of_graph(graph)
    return iris.article(article_id) if article_id is not None else graph


def statement_iri(triple: ox.Triple) -> ox.NamedNode:
    text = f"{triple.subject} {triple.predicate} {triple.object}"
    return ox.NamedNode(STATEMENT_BASE + hashlib.sha256(text.encode()).hexdigest()[:32])


@dataclass
class SourceLayout:
    """One source's quads as stored: `own` for its graph (support records included) and `shared`."""

    graph: ox.NamedNode
    own: list[ox.Quad] = field(default_factory=list)
    shared: list[ox.Triple] = field(default_factory=list)

    def statement_quads(self) -> Iterator[ox.Quad]:
        """The shared statements in ENTITY_GRAPH and their descriptions in STATEMENT_GRAPH."""
        for triple in self.shared:
            yield from statement_quads(triple)


def statement_quads(triple: ox.Triple) -> tuple[ox.Quad, ...]:
    node = statement_iri(triple)
    return (
        ox.Quad(triple.subject, triple.predicate, triple.object, ENTITY_GRAPH),
        ox.Quad(node, RDF.subject, triple.subject, STATEMENT_GRAPH),
        ox.Quad(node, RDF.predicate, triple.predicate, STATEMENT_GRAPH),
        ox.Quad(node, RDF.object, triple.object, STATEMENT_GRAPH),
    )


def split(graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> SourceLayout:
    """A source's logical graph in the layout. A quad is the source's own when its subject or object is a
    resource minted for the source (or a blank node, which cannot be shared); otherwise it is shared."""
    article_id = iris.article_id_of_graph(graph)
    node = source_node(graph)
    layout = SourceLayout(graph)
    seen: set[ox.Triple] = set()

    def own(term: object) -> bool:
        if isinstance(term, ox.BlankNode) or term == node:
            return True
        # Resources minted for an article are `id/<kind>/<article id>/...` (kg.extract.context.fact_key).
        return (
            article_id is not None and isinstance(term, ox.NamedNode) and term.value.startswith(iris.ID_BASE)
            and term.value[len(iris.ID_BASE):].split("/", 2)[1:2] == [article_id]
        )

    events: set[ox.NamedNode] = set()
    dates: dict[ox.NamedNode, int] = {}
    for quad in quads:
        if own(quad.subject) or own(quad.object):
            layout.own.append(ox.Quad(quad.subject, quad.predicate, quad.object, graph))
            if quad.predicate == RDF.type and quad.object == MKG.Event and own(quad.subject):
                events.add(quad.subject)
            elif quad.predicate == MKG.date and isinstance(quad.object, ox.Literal) and own(quad.subject):
                order = date_order(quad.object.value)
                dates[quad.subject] = min(order, dates.get(quad.subject, order))
        elif quad.triple not in seen:
            seen.add(quad.triple)
            layout.shared.append(quad.triple)
            layout.own.append(ox.Quad(node, MKG.asserts, statement_iri(quad.triple), graph))
    # Each dated event's date as a sortable integer: the store's index of `?event mkg:dateOrder ?n` is in date
    # order, so the timeline reads events in date order and a page costs its rows (pyoxigraph has no sort
    # index: an ORDER BY sorts the whole answer before the first row).
    layout.own += [
        ox.Quad(event, MKG.dateOrder, ox.Literal(str(dates[event]), datatype=XSD.integer), graph)
        for event in events if event in dates
    ]
    return layout


def _data(quads: Iterable[ox.Quad]) -> str:
    by_graph: dict[ox.NamedNode, list[str]] = {}
    for q in quads:
        by_graph.setdefault(q.graph_name, []).append(f"{q.subject} {q.predicate} {q.object} .")
    return " ".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())


def _scratch(graph: ox.NamedNode) -> ox.NamedNode:
    """Where one update notes the resources whose summaries it recounts (dropped before it ends)."""
    return ox.NamedNode(graph.value.replace("/graph/", "/graph/scratch/", 1))


def _rewrite(graph: ox.NamedNode, new: SourceLayout | None) -> str:
    """The update that replaces a source graph by `new` (or drops it, with None): the statements only this
    source asserts are deleted from ENTITY_GRAPH, the graph is replaced, and the summaries it fed before or
    feeds now are brought up to date (`kg.summaries`)."""
    node, scratch = source_node(graph), str(_scratch(graph))
    article_id = iris.article_id_of_graph(graph)
    steps = [
        *([] if article_id is None else [_ingest_record(graph, dropped=new is None),
                                         *summaries.before_drop(str(graph), article_id, scratch)]),
        f"DELETE {{ GRAPH {ENTITY_GRAPH} {{ ?s ?p ?o }} GRAPH {STATEMENT_GRAPH} {{ ?st {RDF.subject} ?s ; "
        f"{RDF.predicate} ?p ; {RDF.object} ?o }} }}\n"
        f"WHERE {{ GRAPH {graph} {{ {node} {MKG.asserts} ?st }}\n"
        f"  FILTER NOT EXISTS {{ GRAPH ?other {{ ?source {MKG.asserts} ?st }} FILTER(?other != {graph}) }}\n"
        f"  GRAPH {STATEMENT_GRAPH} {{ ?st {RDF.subject} ?s ; {RDF.predicate} ?p ; {RDF.object} ?o }} }}",
        f"DROP SILENT GRAPH {graph}",
    ]
    if new is not None:
        steps.append(f"INSERT DATA {{ {_data([*new.own, *new.statement_quads()])} }}")
    if article_id is None:  # the reference data reports nothing, but the summaries read its labels
        return summarise_all_update(steps)
    # (The WHERE of an update matches the default graph, not the union: every pattern names its graph.)
    return PROLOGUE + " ;\n".join([*steps, *summaries.after_insert(str(graph), article_id, scratch)])


def summarise_all_update(before: Iterable[str] = ()) -> str:
    """One SPARQL UPDATE that runs the steps `before`, then computes every summary afresh: when the reference
    data (whose names the summaries read) is rewritten, as `kg.ingest.load_vocabulary` does whenever the
    ontology or the reference data changes, and last in a bulk load."""
    return PROLOGUE + " ;\n".join([*before, *summaries.summarise_all()])


def bulk_summary_updates() -> Iterator[str]:
    """The SPARQL UPDATEs that compute the columns of a bulk-loaded store from the entries that its batches
    wrote (`BulkLayout.load`), the counts and the shared statements (the property summaries come from
    `BulkLayout.property_summaries`). Not one transaction: for a new store that nothing reads yet."""
    yield f"DROP SILENT GRAPH {SUMMARY_GRAPH}"  # the summaries of the vocabulary alone, computed afresh
    for step in summaries.column_steps():
        yield PROLOGUE + step


def _ingest_record(graph: ox.NamedNode, *, dropped: bool) -> str:
    """The step that records an article's write in INGESTS_GRAPH (run before its old graph is dropped, to
    tell an addition from an update), or deletes its record when it is dropped."""
    node = source_node(graph)
    if dropped:
        return f"DELETE WHERE {{ GRAPH {iris.INGESTS_GRAPH} {{ {node} ?p ?o }} }}"
    ingested, added = f"{node} {MKG.ingestedAt}", f"{node} {MKG.addedAt}"
    # An update keeps the addition time (an article stored before these records has none); ?first is
    # unbound then, and its triple is not inserted.
    return (
        f"DELETE {{ GRAPH {iris.INGESTS_GRAPH} {{ {ingested} ?last . {added} ?added }} }}\n"
        f"INSERT {{ GRAPH {iris.INGESTS_GRAPH} {{ {ingested} ?now . {added} ?first }} }}\n"
        f"WHERE {{ BIND(NOW() AS ?now) OPTIONAL {{ GRAPH {iris.INGESTS_GRAPH} {{ {ingested} ?last }} }}\n"
        f"  OPTIONAL {{ GRAPH {iris.INGESTS_GRAPH} {{ {added} ?added }} }}\n"
        f"  BIND(IF(EXISTS {{ GRAPH {graph} {{ ?s ?p ?o }} }}, ?added, ?now) AS ?first) }}"
    )


def ingest_record(article_id: str, at: ox.Literal) -> list[ox.Quad]:
    """The INGESTS_GRAPH quads of an article added at `at` (for a bulk load, which runs no update)."""
    node = iris.article(article_id)
    return [ox.Quad(node, MKG.ingestedAt, at, iris.INGESTS_GRAPH), ox.Quad(node, MKG.addedAt, at, iris.INGESTS_GRAPH)]


def replace_update(graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> str:
    """One SPARQL UPDATE that replaces the content of `graph` with `quads` (terms in N-Triples form); for a
    source graph, laid out (see the module docstring)."""
    if not is_source_graph(graph):
        into = (ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)
        return f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ {_data(into)} }}"
    return _rewrite(graph, split(graph, quads))


def add_update(graph: ox.NamedNode, quads: Iterable[ox.Quad], current: Iterable[ox.Triple] = ()) -> str:
    """One SPARQL UPDATE that adds `quads` to `graph`, whose logical content is `current`; for a source
    graph, the whole graph is rewritten laid out (the summaries of what it reports change)."""
    if not is_source_graph(graph):
        return f"INSERT DATA {{ {_data(quads)} }}"
    merged = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in current] + list(quads)
    return _rewrite(graph, split(graph, merged))


def drop_update(graph: ox.NamedNode) -> str:
    """One SPARQL UPDATE that drops `graph` (and, for a source graph, the statements only it asserted)."""
    return _rewrite(graph, None) if is_source_graph(graph) else f"DROP SILENT GRAPH {graph}"


def withdraw_update(graph: ox.NamedNode, record: ox.Quad) -> str:
    """One SPARQL UPDATE that drops `graph` like `drop_update` and adds `record` (when it was withdrawn)."""
    return f"{drop_update(graph)} ;\nINSERT DATA {{ {_data([record])} }}"


def now_literal() -> ox.Literal:
    """The current time as an xsd:dateTime, in UTC to the second."""
    return ox.Literal(datetime.now(timezone.utc).replace(microsecond=0).isoformat(), datatype=XSD.dateTime)


# Articles laid out per batch of a bulk load: their entries are computed in a store of the batch alone, so that
# the cost of a batch is its articles' (a pass over a store of every article costs more per article as the store
# outgrows memory).
BULK_BATCH_ARTICLES = 500


class BulkLayout:
    """The layout of many sources for one bulk load into a store that holds only its vocabulary (`vocabulary`:
    its quads, the ontology and the reference data): `load` lays out each source's graph as it comes (with an
    article's ingest record, at `ingested_at`), adds its mentions to the property summaries, computes the
    entries of each batch of `batch_articles` articles, and ends with every shared statement once, with its
    description. The columns are computed once the load is in (`bulk_summary_updates`), then
    `property_summaries` are added."""

    def __init__(self, vocabulary: Iterable[ox.Quad] = (), ingested_at: ox.Literal | None = None,
                 batch_articles: int = BULK_BATCH_ARTICLES) -> None:
        self._vocabulary = list(vocabulary)
        self._ingested_at = ingested_at or now_literal()
        self._batch_articles = batch_articles
        self._shared: dict[ox.Triple, None] = {}
        self._property_summaries = summaries.PropertySummaries()

    def load(self, sources: Iterable[tuple[ox.NamedNode, Iterable[ox.Quad]]]) -> Iterator[ox.Quad]:
        """The quads to bulk-load for `sources` ((graph, logical quads) pairs): each source laid out, the
        entries of its articles, then the shared statements."""
        batch: list[SourceLayout] = []
        for graph, quads in sources:
            layout = split(graph, quads)
            self._shared.update(dict.fromkeys(layout.shared))
            yield from layout.own
            article_id = iris.article_id_of_graph(graph)
            if article_id is None:
                continue
            self._property_summaries.add(article_id, layout.own)
            yield from ingest_record(article_id, self._ingested_at)
            batch.append(layout)
            if len(batch) == self._batch_articles:
                yield from self._entries(batch)
                batch = []
        if batch:
            yield from self._entries(batch)
        for triple in self._shared:
            yield from statement_quads(triple)

    def _entries(self, batch: list[SourceLayout]) -> set[ox.Quad]:
        """The summary entries of a batch of articles, in their graphs and in ENTRY_GRAPH: the entry patterns
        (`kg.summaries.entry_steps`) run over a store of the vocabulary and these articles, whose names and
        types they read, as a write reads them from the store it is written to."""
        scratch = ox.Store()
        scratch.extend(self._vocabulary)
        shared = dict.fromkeys(triple for layout in batch for triple in layout.shared)
        scratch.extend([*(q for layout in batch for q in layout.own), *(q for t in shared for q in statement_quads(t))])
        for step in summaries.entry_steps():
            scratch.update(PROLOGUE + step)
        graphs = {layout.graph for layout in batch}
        entries = set()
        for predicate in summaries.ENTRY_PREDICATES:
            for quad in scratch.quads_for_pattern(None, predicate, None, None):
                if quad.graph_name in graphs:
                    entries.add(quad)
                    entries.add(ox.Quad(quad.subject, quad.predicate, quad.object, ENTRY_GRAPH))
        return entries

    def property_summaries(self) -> Iterator[ox.Quad]:
        """The summary graph's property summaries of every article laid out (`kg.summaries.PropertySummaries`)."""
        return self._property_summaries.quads()


def logical_graph_query(graph: ox.NamedNode) -> str:
    """A SELECT of ?s ?p ?o: the logical content of `graph` (what was written to it), support records
    replaced by the statements they support."""
    if not is_source_graph(graph):
        return f"SELECT ?s ?p ?o WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
    return (
        f"SELECT ?s ?p ?o WHERE {{\n"
        f"  {{ GRAPH {graph} {{ ?s ?p ?o }} FILTER((?p != {MKG.asserts} || ?s != {source_node(graph)}) && "
        f"?p NOT IN ({', '.join(map(str, DERIVED_PREDICATES))}) && !STRSTARTS(STR(?p), \"{ENTRY_BASE}\")) }}\n"
        f"  UNION {{ GRAPH {graph} {{ {source_node(graph)} {MKG.asserts} ?st }}\n"
        f"    GRAPH {STATEMENT_GRAPH} {{ ?st {RDF.subject} ?s ; {RDF.predicate} ?p ; {RDF.object} ?o }} }}\n}}"
    )


__all__ = [
    "ENTITY_GRAPH", "STATEMENT_GRAPH", "SUMMARY_GRAPH", "ENTRY_GRAPH", "LAYOUT_VERSION", "SourceLayout", "BulkLayout", "is_source_graph",
    "source_node", "statement_iri", "split", "replace_update", "add_update", "drop_update", "withdraw_update",
    "ingest_record", "now_literal", "logical_graph_query", "summarise_all_update", "bulk_summary_updates", "date_order",
]
