"""Ingest with worker processes (a Dask local cluster): the same store as one process."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pyoxigraph as ox
import pytest

from kg import iris
from kg.ingest import ingest
from kg.settings import PROJECT_ROOT, Settings
from kg.store import GraphStore

ARTICLES = PROJECT_ROOT / "tests" / "data" / "articles"
SMALL = ("a_wire_bishkek.txt", "b_tass_wire.txt", "b_isw_note.txt")


def article_graphs(store: GraphStore) -> dict[ox.NamedNode, set[ox.Quad]]:
    graphs: dict[ox.NamedNode, set[ox.Quad]] = {}
    for quad in store.quads():
        if isinstance(quad.graph_name, ox.NamedNode) and iris.article_id_of_graph(quad.graph_name):
            graphs.setdefault(quad.graph_name, set()).add(quad)
    return graphs


@pytest.mark.model
def test_ingest_jobs_2_stores_the_same_quads_and_violations_as_one_process(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in SMALL:
        shutil.copy(ARTICLES / name, folder)
    settings = Settings(store="unused")
    one, two = GraphStore(None), GraphStore(None)
    inline = ingest([folder], one, settings)
    parallel = ingest([folder], two, settings, jobs=2)
    assert len(inline.added) == len(SMALL) and not inline.failed
    assert parallel.added == inline.added and parallel.violations == inline.violations and not parallel.failed
    assert article_graphs(two) == article_graphs(one) and len(article_graphs(one)) == len(SMALL)
    assert len(two) == len(one)  # the vocabulary graphs too (their blank nodes differ from load to load)
    assert parallel.timings["model"] > 0 and parallel.timings["extract"] > 0

    again = ingest([folder], two, settings, jobs=2)
    assert sorted(again.unchanged) == sorted(inline.added) and not again.added and not again.updated


@pytest.mark.model
def test_ingest_jobs_unchanged_articles_start_no_worker_and_import_no_nlp(tmp_path):
    """Re-ingest of unchanged articles with --jobs 2 stays cheap: no worker process, no cluster, no spaCy, no
    pyshacl."""
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(ARTICLES / SMALL[0], folder)
    store = GraphStore(tmp_path / "store")
    assert ingest([folder], store, Settings(store="unused")).added
    del store  # closes the store for the process below
    script = f"""
import multiprocessing, sys
from pathlib import Path
from kg.ingest import ingest
from kg.settings import Settings
from kg.store import GraphStore
store = GraphStore(Path({str(tmp_path / "store")!r}))
summary = ingest([Path({str(folder)!r})], store, Settings(store="unused"), jobs=2)
assert len(summary.unchanged) == 1 and not summary.added and not summary.failed, summary
assert not multiprocessing.active_children()
print(sorted(m for m in ("spacy", "pyshacl", "rdflib", "distributed") if m in sys.modules))
"""
    result = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
