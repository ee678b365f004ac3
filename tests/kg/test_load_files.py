"""`kg load`: a folder of extracted article files into an empty store in one bulk load, or into a filled
store graph by graph (changed ones only), flushed once."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg import EXTRACTOR_VERSION, iris
from kg.ingest import load_files
from kg.layout import ENTITY_GRAPH, STATEMENT_GRAPH, SUMMARY_GRAPH
from kg.settings import Settings
from kg.store import GraphStore
from kg.vocab import MKG, ONTOLOGY_GRAPH, ONTOLOGY_VERSION, RDF, RDFS, REFERENCE_GRAPH


def article_quads(article_id: str, content_hash: str, *labels: str) -> list[ox.Quad]:
    graph, article = iris.article_graph(article_id), iris.article(article_id)
    triples = [
        (article, RDF.type, MKG.Article),
        (article, MKG.contentHash, ox.Literal(content_hash)),
        (article, MKG.extractorVersion, ox.Literal(EXTRACTOR_VERSION)),
        (article, MKG.ontologyVersion, ox.Literal(ONTOLOGY_VERSION)),
        *((article, RDFS.label, ox.Literal(label)) for label in labels),
    ]
    return [ox.Quad(s, p, o, graph) for s, p, o in triples]


def write(folder: Path, article_id: str, quads: list[ox.Quad]) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{article_id}.nq").write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))


def graphs(store: GraphStore) -> dict[ox.NamedNode, set[ox.Quad]]:
    found: dict[ox.NamedNode, set[ox.Quad]] = {}
    for quad in store.quads():
        found.setdefault(quad.graph_name, set()).add(quad)
    return found


def ingest_records(store: GraphStore) -> dict[tuple[str, str], str]:
    """(article id, property name) → time, of the ingests graph."""
    return {
        (q.subject.value.removeprefix(iris.ARTICLE_BASE), q.predicate.value.rsplit("#", 1)[1]): q.object.value
        for q in store.quads(iris.INGESTS_GRAPH)
    }


def test_load_files_bulk_loads_every_good_file_in_one_pass(tmp_path, monkeypatch):
    folder = tmp_path / "nq"
    articles = {f"{i:016x}": article_quads(f"{i:016x}", f"hash {i}", f"label {i}") for i in range(5)}
    for article_id, quads in articles.items():
        write(folder, article_id, quads)
    (folder / "broken.nq").write_text("<urn:s> <urn:p> .\n")
    store = GraphStore(tmp_path / "store")
    bulk_loads = []
    bulk_load = store.bulk_load
    monkeypatch.setattr(store, "bulk_load", lambda quads: bulk_loads.append(bulk_load(quads)))

    summary = load_files(folder, store, Settings(store=str(tmp_path / "store")))

    assert len(bulk_loads) == 1
    assert sorted(summary.added) == sorted(articles) and [Path(f["path"]).name for f in summary.failed] == ["broken.nq"]
    stored = graphs(store)
    vocabulary = {ONTOLOGY_GRAPH, REFERENCE_GRAPH, ENTITY_GRAPH, STATEMENT_GRAPH}  # the reference data is shared
    # and the summaries: each article is an instance of mkg:Article (the class's entity page)
    assert stored.keys() == {iris.article_graph(a) for a in articles} | vocabulary | {iris.INGESTS_GRAPH, SUMMARY_GRAPH}
    counts = [q.object.value for q in stored[SUMMARY_GRAPH] if q.predicate == MKG.valueCount]
    assert counts == [str(len(articles))]
    assert all(stored[iris.article_graph(a)] == set(quads) for a, quads in articles.items())
    # each article added and stored at the time of the load
    records = {(q.subject, q.predicate) for q in stored[iris.INGESTS_GRAPH]}
    assert records == {(iris.article(a), p) for a in articles for p in (MKG.addedAt, MKG.ingestedAt)}
    assert len({q.object for q in stored[iris.INGESTS_GRAPH]}) == 1


def test_load_files_into_a_filled_store_replaces_changed_graphs_and_flushes_once(tmp_path, monkeypatch):
    folder, settings = tmp_path / "nq", Settings(store=str(tmp_path / "store"))
    ids = [f"{i:016x}" for i in range(4)]
    for article_id in ids:
        write(folder, article_id, article_quads(article_id, "old", "old label"))
    store = GraphStore(tmp_path / "store")
    load_files(folder, store, settings)
    before = ingest_records(store)
    changed = {article_id: article_quads(article_id, "new", "new label") for article_id in ids[:3]}
    for article_id, quads in changed.items():
        write(folder, article_id, quads)
    flushes = []
    flush = store.flush
    monkeypatch.setattr(store, "flush", lambda: flushes.append(flush()))

    summary = load_files(folder, store, settings)

    assert sorted(summary.updated) == ids[:3] and summary.unchanged == ids[3:]
    stored = graphs(store)
    assert all(stored[iris.article_graph(a)] == set(quads) for a, quads in changed.items())
    assert stored[iris.article_graph(ids[3])] == set(article_quads(ids[3], "old", "old label"))
    assert len(flushes) <= 2  # the batch's and the run's: not one per changed graph
    after = ingest_records(store)
    assert after[ids[3], "ingestedAt"] == before[ids[3], "ingestedAt"]  # skipped: its time stays
    for article_id in ids[:3]:  # replaced: stored now, added when first loaded
        assert after[article_id, "ingestedAt"] != before[article_id, "ingestedAt"]
        assert after[article_id, "addedAt"] == before[article_id, "addedAt"]
