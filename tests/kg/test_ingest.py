"""Ingest: idempotent, exact re-ingest (edit, prune, version bump), and extraction to files then loading."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.ingest
import kg.layout
import kg.map
from kg import iris
from kg.ingest import extract_to_files, ingest, load_files
from kg.load import load_file
from kg.settings import PROJECT_ROOT, Settings
from kg.layout import ENTITY_GRAPH, ENTRY_GRAPH, STATEMENT_GRAPH, SUMMARY_GRAPH
from kg.store import GraphStore
from kg.vocab import MKG, XSD
from tests.layout_check import assert_stored_once, timeless

pytestmark = pytest.mark.model

SEEDS = sorted((PROJECT_ROOT / "seeds").glob("*.txt"))


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for seed in SEEDS[:3]:
        shutil.copy(seed, folder)
    return folder


@contextmanager
def nothing_extracted() -> Iterator[None]:
    """Fails the test if anything is sent to extraction: unchanged articles must be skipped without NLP."""

    def refuse(*args, **kwargs):
        raise AssertionError("an unchanged article must be skipped without extracting anything")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kg.ingest, "open_runner", refuse)
        patch.setattr(kg.ingest.ExtractionSpec, "from_settings", refuse)
        yield


def by_graph(store: GraphStore) -> dict[ox.NamedNode, set[ox.Quad]]:
    graphs: dict[ox.NamedNode, set[ox.Quad]] = {}
    for quad in store.quads():
        graphs.setdefault(quad.graph_name, set()).add(quad)
    return graphs


def ingest_times(store: GraphStore) -> dict[tuple[str, str], str]:
    """(article id, property name) → time, of the ingests graph."""
    return {
        (q.subject.value.removeprefix(iris.ARTICLE_BASE), q.predicate.value.rsplit("#", 1)[1]): q.object.value
        for q in store.quads(iris.INGESTS_GRAPH)
    }


def run(corpus: Path, store: GraphStore, **options):
    return ingest([corpus], store, Settings(store="unused"), validate=False, **options)


def test_ingest_twice_gives_the_same_store_quad_for_quad_without_nlp(corpus):
    store = GraphStore(None)
    first = run(corpus, store)
    assert len(first.added) == 3 and not first.failed
    times = ingest_times(store)
    assert times.keys() == {(a, p) for a in first.added for p in ("addedAt", "ingestedAt")}
    before = set(store.quads())
    with nothing_extracted():
        second = run(corpus, store)
    assert sorted(second.unchanged) == sorted(first.added) and not second.added and not second.updated
    assert set(store.quads()) == before  # the ingest times of the unchanged articles included


def test_ingest_into_a_store_of_another_layout_recomputes_what_the_writes_kept(corpus, monkeypatch):
    store = GraphStore(None)
    run(corpus, store)
    kept = {q for q in store.quads() if q.graph_name in (SUMMARY_GRAPH, ENTRY_GRAPH)}
    entries = {q for q in store.quads() if q.predicate.value.startswith("https://w3id.org/mkg/entry#")}
    monkeypatch.setattr(kg.layout, "LAYOUT_VERSION", "another")  # the reference data is written again
    with nothing_extracted():
        again = run(corpus, store)
    assert len(again.unchanged) == 3
    # Every entry and summary computed afresh, in one update, equals what the writes kept article by article.
    assert {q for q in store.quads() if q.graph_name in (SUMMARY_GRAPH, ENTRY_GRAPH)} == kept and kept
    assert {q for q in store.quads() if q.predicate.value.startswith("https://w3id.org/mkg/entry#")} == entries
    assert_stored_once(store)


def test_ingest_edit_changes_only_that_articles_graph(corpus):
    store = GraphStore(None)
    run(corpus, store)
    before, times_before = by_graph(store), ingest_times(store)
    edited = sorted(corpus.iterdir())[1]
    edited.write_text(edited.read_text() + "\nSergei Shoigu said the decree was signed on 5 May 2024.\n")
    summary = run(corpus, store)
    assert len(summary.updated) == 1 and len(summary.unchanged) == 2
    graph = iris.article_graph(summary.updated[0])
    after = by_graph(store)
    assert after[graph] != before[graph]
    # What the article says of entities is shared; the ingests graph records when it was stored again.
    shared = (graph, ENTITY_GRAPH, STATEMENT_GRAPH, SUMMARY_GRAPH, ENTRY_GRAPH, iris.INGESTS_GRAPH)
    assert {g: q for g, q in after.items() if g not in shared} == {g: q for g, q in before.items() if g not in shared}
    edited_id = summary.updated[0]
    stored_again = {k for k, v in ingest_times(store).items() if times_before[k] != v}
    assert stored_again == {(edited_id, "ingestedAt")}  # a new time for it alone; added when it was
    assert ingest_times(store).keys() == times_before.keys()
    assert_stored_once(store)


def test_ingest_prune_removes_the_gone_article_and_records_when(corpus):
    store = GraphStore(None)
    first = run(corpus, store)
    gone = sorted(corpus.iterdir())[0]
    gone.unlink()
    with nothing_extracted():
        summary = run(corpus, store, prune=True)
    assert len(summary.removed) == 1 and len(summary.unchanged) == 2
    removed = summary.removed[0]
    assert removed in first.added
    assert list(store.quads(iris.article_graph(removed))) == []
    records = list(store.quads(iris.WITHDRAWALS_GRAPH))
    assert [(q.subject, q.predicate) for q in records] == [(iris.article(removed), MKG.withdrawnAt)]
    assert records[0].object.datatype == XSD.dateTime
    assert not run(corpus, store, prune=True).removed  # withdrawn once
    assert {a for a, _ in ingest_times(store)} == set(first.added) - {removed}  # its ingest times gone with it
    assert_stored_once(store)  # what only the withdrawn article said about entities is gone with it


def test_ingest_without_prune_keeps_the_graphs_of_gone_files(corpus):
    store = GraphStore(None)
    first = run(corpus, store)
    sorted(corpus.iterdir())[0].unlink()
    with nothing_extracted():
        assert not run(corpus, store).removed
    assert all(list(store.quads(iris.article_graph(a))) for a in first.added)


def test_ingest_extractor_version_bump_reextracts_every_article(corpus, monkeypatch):
    store = GraphStore(None)
    run(corpus, store)
    monkeypatch.setattr(kg.ingest, "EXTRACTOR_VERSION", "bumped")
    monkeypatch.setattr(kg.map, "EXTRACTOR_VERSION", "bumped")
    summary = run(corpus, store)
    assert len(summary.updated) == 3
    with nothing_extracted():
        assert not run(corpus, store).updated


def test_ingest_replaces_the_graphs_stored_under_hex_ids_by_extractor_3(corpus):
    import hashlib

    old = GraphStore(None)
    with pytest.MonkeyPatch.context() as patch:  # what extractor 3 wrote: hex ids
        patch.setattr(iris, "digest", lambda text, length=16: hashlib.sha1(text.encode()).hexdigest()[:length])
        patch.setattr(kg.ingest, "EXTRACTOR_VERSION", "3")
        patch.setattr(kg.map, "EXTRACTOR_VERSION", "3")
        hex_ids = run(corpus, old).added
    assert any(c.isdigit() for article_id in hex_ids for c in article_id)
    summary = run(corpus, old, prune=True)
    assert len(summary.updated) == 3 and not summary.added and not summary.removed
    assert {iris.hex_form(a) for a in summary.updated} == set(hex_ids)
    assert not any(c.isdigit() for article_id in summary.updated for c in article_id)
    fresh = GraphStore(None)
    run(corpus, fresh)
    from kg.vocab import REFERENCE_GRAPH as reference  # its blank nodes differ from store to store
    # (the times of the ingests graph differ: each store was written at its own)
    articles = {g: timeless(q) for g, q in by_graph(old).items() if g != reference}
    assert articles == {g: timeless(q) for g, q in by_graph(fresh).items() if g != reference}  # and no withdrawal
    assert_stored_once(old)


def test_ingest_extract_then_load_equals_ingest(corpus, tmp_path):
    settings = Settings(store=str(tmp_path / "loaded"))
    out = tmp_path / "nq"
    extracted = extract_to_files([corpus], out, settings)
    assert len(extracted.added) == 3 and sorted(p.stem for p in out.glob("*.nq")) == sorted(extracted.added)
    assert extract_to_files([corpus], out, settings).unchanged == extracted.added  # up to date: skipped

    loaded = GraphStore(tmp_path / "loaded")
    assert sorted(load_files(out, loaded, settings).added) == sorted(extracted.added)
    ingested = GraphStore(None)
    run(corpus, ingested)
    # Article graphs are equal quad for quad; the vocabulary graphs hold blank nodes, fresh on every load.
    loaded_graphs, ingested_graphs = by_graph(loaded), by_graph(ingested)
    assert loaded_graphs.keys() == ingested_graphs.keys()
    for graph, graph_quads in ingested_graphs.items():
        if iris.article_id_of_graph(graph):
            assert loaded_graphs[graph] == graph_quads
        else:
            assert len(loaded_graphs[graph]) == len(graph_quads)
    # The summaries that the bulk load computed by batches of articles and from their entries (the property
    # summaries in Python), as the writes keep them article by article.
    for graph in (SUMMARY_GRAPH, ENTRY_GRAPH):
        assert loaded_graphs[graph] == ingested_graphs[graph] and loaded_graphs[graph]
    assert_stored_once(loaded)
    again = load_files(out, loaded, settings)
    assert sorted(again.unchanged) == sorted(extracted.added) and not again.added
    # A write into the bulk-loaded store keeps them exact: an article without its quotes, another withdrawn.
    first, second = sorted(extracted.added)[:2]
    kept = [q for q in loaded.graph_triples(iris.article_graph(first)) if q.predicate != MKG.speaker]
    loaded.replace_graph(iris.article_graph(first), [ox.Quad(t.subject, t.predicate, t.object, iris.article_graph(first)) for t in kept])
    loaded.drop_graph(iris.article_graph(second))
    assert_stored_once(loaded)


def test_ingest_load_reports_a_file_that_is_not_one_article_graph(tmp_path):
    out = tmp_path / "nq"
    out.mkdir()
    (out / "broken.nq").write_text("<urn:s> <urn:p> .\n")
    (out / "foreign.nq").write_text("<urn:s> <urn:p> <urn:o> <urn:other-graph> .\n")
    summary = load_files(out, GraphStore(tmp_path / "store"), Settings(store=str(tmp_path / "store")))
    assert sorted(Path(f["path"]).name for f in summary.failed) == ["broken.nq", "foreign.nq"]
    assert summary.exit_code == 1


def test_ingest_an_article_in_two_files_is_read_from_the_last_and_stays_unchanged(tmp_path):
    """The same URL in two files: the later file's text is stored (however extraction is spread), and a
    re-ingest finds it unchanged instead of storing the two versions in turn."""
    folder = tmp_path / "articles"
    folder.mkdir()
    body = "Police detained 40 migrants at a market in Moscow on Monday, officials said."
    for name, extra in (("a.md", ""), ("b.md", " Most were released.")):
        (folder / name).write_text(f"---\nurl: https://example.org/raid\n---\n{body}{extra}\n")
    store = GraphStore(None)
    first = run(folder, store)
    assert len(first.added) == 1 and not first.failed
    later = load_file(folder / "b.md", folder, max_bytes=10**6).articles[0]
    assert later.id == first.added[0]
    stored_hash = ox.Quad(iris.article(later.id), MKG.contentHash, ox.Literal(later.content_hash),
                          iris.article_graph(later.id))
    assert list(store.quads_matching(stored_hash)) == [stored_hash]
    with nothing_extracted():
        again = run(folder, store)
    assert again.unchanged == first.added and not again.updated

    out = tmp_path / "nq"
    assert extract_to_files([folder], out, Settings(store="unused")).added == first.added
    assert later.content_hash.encode() in (out / f"{later.id}.nq").read_bytes()
