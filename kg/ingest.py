"""Ingest: discover and load article files, skip unchanged ones, extract the rest, replace their graphs.

An article is unchanged when its stored graph has the same content hash, extractor version and ontology
version; unchanged articles are skipped without loading spaCy. A changed article's graph is replaced in one
atomic update. One bad file never stops the others, and never touches what is already stored.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox

from kg import EXTRACTOR_VERSION, iris
from kg.errors import InputError, KGError
from kg.extract.pipeline import Extractor
from kg.load import discover, load_file
from kg.map import to_quads
from kg.settings import Settings
from kg.store import GraphStore
from kg.validate import validate_graph
from kg.vocab import MKG, ONTOLOGY_GRAPH, ONTOLOGY_VERSION, REFERENCE_GRAPH, XSD

ONTOLOGY_FILES = ("mkg.ttl", "concepts.ttl")
REFERENCE_FILES = ("reference.ttl",)


@dataclass
class IngestSummary:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    violations: dict[str, list[str]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def as_dict(self) -> dict:
        return {
            "ok": not self.failed,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "failed": self.failed,
            "violations": self.violations,
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
        }


def load_vocabulary(store: GraphStore, ontology_dir: Path) -> None:
    """Load the ontology and reference data into their own named graphs, unless they are unchanged.

    Each graph records the hash of its source files, so a re-ingest leaves it (and its blank nodes) as is.
    """
    for graph, names in ((ONTOLOGY_GRAPH, ONTOLOGY_FILES), (REFERENCE_GRAPH, REFERENCE_FILES)):
        paths = [ontology_dir / name for name in names]
        try:
            digest = hashlib.sha256(b"".join(path.read_bytes() for path in paths)).hexdigest()
        except OSError as exc:
            raise KGError(f"cannot read {exc.filename}: {exc.strerror}; restore it from the repository") from exc
        stamp = ox.Quad(graph, MKG.contentHash, ox.Literal(digest), graph)
        if next(store.quads_matching(stamp), None) is not None:
            continue
        quads = [stamp]
        for path in paths:
            try:
                triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
                quads.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
            except SyntaxError as exc:
                raise KGError(f"cannot parse {path}: {exc}; restore it from the repository") from exc
        store.replace_graph(graph, quads)


def stored_versions(store: GraphStore) -> dict[str, tuple[str, str, str]]:
    """article id → (content hash, extractor version, ontology version) of every stored article graph."""
    solutions = store.query(
        f"SELECT ?g ?h ?e ?o WHERE {{ GRAPH ?g {{ ?a a {MKG.Article} ; {MKG.contentHash} ?h ; "
        f"{MKG.extractorVersion} ?e ; {MKG.ontologyVersion} ?o }} }}"
    )
    versions = {}
    for row in solutions:
        article_id = iris.article_id_of_graph(row["g"])
        if article_id:
            versions[article_id] = (row["h"].value, row["e"].value, row["o"].value)
    return versions


def ingest(
    paths: Sequence[Path],
    store: GraphStore,
    settings: Settings,
    make_extractor: Callable[[], Extractor],
    *,
    prune: bool = False,
    validate: bool = True,
    progress: Callable[[str], None] | None = None,
) -> IngestSummary:
    summary = IngestSummary()
    started = time.perf_counter()
    files = discover(paths)
    load_vocabulary(store, settings.ontology_dir)
    stored = stored_versions(store)
    seen: set[str] = set()
    extractor: Extractor | None = None
    timings = {"load": 0.0, "extract": 0.0, "validate": 0.0, "store": 0.0}
    for path, root in files:
        t0 = time.perf_counter()
        try:
            result = load_file(path, root, max_bytes=settings.max_article_bytes)
        except InputError as exc:
            summary.failed.append({"path": str(path), "error": str(exc)})
            continue
        timings["load"] += time.perf_counter() - t0
        for error in result.errors:
            summary.failed.append({"path": str(path), "error": str(error)})
        for article in result.articles:
            seen.add(article.id)
            if progress:
                progress(article.path or article.id)
            if stored.get(article.id) == (article.content_hash, EXTRACTOR_VERSION, ONTOLOGY_VERSION):
                summary.unchanged.append(article.id)
                continue
            try:
                t0 = time.perf_counter()
                if extractor is None:
                    extractor = make_extractor()
                quads = to_quads(extractor.extract(article))
                timings["extract"] += time.perf_counter() - t0
                if validate:
                    t0 = time.perf_counter()
                    violations = validate_graph(quads, settings.ontology_dir)
                    if violations:
                        summary.violations[article.id] = [f"{v.focus} {v.path or ''}: {v.message}" for v in violations]
                    timings["validate"] += time.perf_counter() - t0
                t0 = time.perf_counter()
                store.replace_graph(iris.article_graph(article.id), quads)
                timings["store"] += time.perf_counter() - t0
            except KGError as exc:
                summary.failed.append({"path": str(path), "error": str(exc)})
                continue
            (summary.updated if article.id in stored else summary.added).append(article.id)
    if prune:
        now = ox.Literal(datetime.now(timezone.utc).replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
        for article_id in sorted(set(stored) - seen):
            store.drop_graph(iris.article_graph(article_id))
            store.add_quads([ox.Quad(iris.article(article_id), MKG.withdrawnAt, now, iris.WITHDRAWALS_GRAPH)])
            summary.removed.append(article_id)
    store.flush()
    timings["total"] = time.perf_counter() - started
    summary.timings = timings
    return summary
