"""Ingest: discover and load article files, skip unchanged ones, extract the rest, replace their graphs.

An article is unchanged when its stored graph has the same content hash, extractor version and ontology
version; unchanged articles are skipped without loading spaCy. A changed article's graph is replaced in one
atomic update. One bad file never stops the others, and never touches what is already stored.

For corpora too large for one process, `extract_to_files` writes each article's graph to its own N-Quads
file, in parallel worker processes (the output is a pure function of the article, so the work can also be
split across machines), and `load_files` stores a folder of them: a bulk load into an empty embedded store,
else one atomic graph replacement per changed article.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from kg.remote import RemoteStore

ONTOLOGY_FILES = ("mkg.ttl", "concepts.ttl")
REFERENCE_FILES = ("reference.ttl",)
Versions = tuple[str, str, str]  # content hash, extractor version, ontology version


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


def build_extractor(settings: Settings) -> Extractor:
    """The extractor the settings ask for (loads spaCy: call it once per process, only when needed)."""
    from kg.annotate import load_annotator
    from kg.reference import ReferenceData

    return Extractor(load_annotator(settings), ReferenceData.load(settings.ontology_dir))


def load_vocabulary(store: GraphStore | RemoteStore, ontology_dir: Path) -> None:
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


def stored_versions(store: GraphStore | RemoteStore) -> dict[str, Versions]:
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
    store: GraphStore | RemoteStore,
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
            record = ox.Quad(iris.article(article_id), MKG.withdrawnAt, now, iris.WITHDRAWALS_GRAPH)
            store.withdraw_graph(iris.article_graph(article_id), record)
            summary.removed.append(article_id)
    store.flush()
    timings["total"] = time.perf_counter() - started
    summary.timings = timings
    return summary


# --- parallel extraction to files, and loading them ---


def article_file(out_dir: Path, article_id: str) -> Path:
    return out_dir / f"{article_id}.nq"


def _versions_of(quads: Iterable[ox.Quad]) -> dict[str, Versions]:
    """article id → versions, read from the metadata quads of article graphs."""
    found: dict[str, dict[ox.NamedNode, str]] = {}
    wanted = (MKG.contentHash, MKG.extractorVersion, MKG.ontologyVersion)
    for quad in quads:
        article_id = iris.article_id_of_graph(quad.graph_name) if isinstance(quad.graph_name, ox.NamedNode) else None
        if article_id and quad.predicate in wanted and quad.subject == iris.article(article_id):
            found.setdefault(article_id, {})[quad.predicate] = quad.object.value
    return {a: (v[wanted[0]], v[wanted[1]], v[wanted[2]]) for a, v in found.items() if len(v) == 3}


def _read_article_file(path: Path) -> tuple[str, list[ox.Quad]]:
    """The article id and quads of one extracted file; InputError unless it holds exactly one article graph."""
    try:
        quads = list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
    except (SyntaxError, OSError) as exc:
        raise InputError(f"cannot read {path}: {exc}; extract it again with `kg extract`") from exc
    graphs = {quad.graph_name for quad in quads}
    article_ids = {iris.article_id_of_graph(g) if isinstance(g, ox.NamedNode) else None for g in graphs}
    if len(graphs) != 1 or None in article_ids:
        raise InputError(f"{path} must hold the quads of one article graph; extract it again with `kg extract`")
    return article_ids.pop(), quads  # type: ignore[return-value]


def _file_versions(path: Path, article_id: str) -> Versions | None:
    """The versions recorded in an extracted file, or None when it is absent or unreadable."""
    try:
        return _versions_of(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)).get(article_id)
    except (SyntaxError, OSError):
        return None


_worker_extractor: Extractor | None = None  # built on first need, once per process


def _extract_file(path: Path, root: Path, out_dir: Path, settings: Settings) -> IngestSummary:
    """Extract every article of one file to its own N-Quads file (in a worker, or inline)."""
    global _worker_extractor
    summary = IngestSummary()
    try:
        result = load_file(path, root, max_bytes=settings.max_article_bytes)
    except InputError as exc:
        summary.failed.append({"path": str(path), "error": str(exc)})
        return summary
    summary.failed += [{"path": str(path), "error": str(error)} for error in result.errors]
    for article in result.articles:
        target = article_file(out_dir, article.id)
        versions = (article.content_hash, EXTRACTOR_VERSION, ONTOLOGY_VERSION)
        existing = _file_versions(target, article.id)
        if existing == versions:
            summary.unchanged.append(article.id)
            continue
        try:
            if _worker_extractor is None:
                _worker_extractor = build_extractor(settings)
            quads = to_quads(_worker_extractor.extract(article))
        except KGError as exc:
            summary.failed.append({"path": str(path), "error": str(exc)})
            continue
        partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            ox.serialize(quads, handle, ox.RdfFormat.N_QUADS)
        os.replace(partial, target)  # a reader never sees half a file
        (summary.updated if existing is not None else summary.added).append(article.id)
    return summary


def extract_to_files(paths: Sequence[Path], out_dir: Path, settings: Settings, *, jobs: int = 1) -> IngestSummary:
    """Write `OUT/<article id>.nq` for every article under `paths`, skipping files already up to date.

    With `jobs` > 1 the files are shared among that many processes, each of which loads spaCy once."""
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    files = discover(paths)
    summary = IngestSummary()
    if jobs <= 1:
        parts: Iterable[IngestSummary] = [_extract_file(path, root, out_dir, settings) for path, root in files]
    else:
        # spawn: a fresh interpreter per worker, free of this process's threads and locks.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            count = len(files)
            parts = list(pool.map(
                _extract_file, [f for f, _ in files], [r for _, r in files], [out_dir] * count, [settings] * count
            ))
    for part in parts:
        summary.added += part.added
        summary.updated += part.updated
        summary.unchanged += part.unchanged
        summary.failed += part.failed
    summary.timings = {"total": time.perf_counter() - started}
    return summary


def load_files(folder: Path, store: GraphStore | RemoteStore, settings: Settings) -> IngestSummary:
    """Store every `*.nq` article file of `folder` (as written by `extract_to_files`).

    Into an empty embedded store the files are bulk loaded (fastest, not atomic: load into a new store);
    otherwise each changed article graph is replaced atomically, and unchanged ones are skipped."""
    started = time.perf_counter()
    summary = IngestSummary()
    files = sorted(folder.glob("*.nq"))
    if not files:
        raise InputError(f"no .nq files in {folder}: write them with `kg extract PATH... --out {folder}`")
    bulk = isinstance(store, GraphStore) and store.path is not None and len(store) == 0
    stored = {} if bulk else stored_versions(store)
    for path in files:
        try:
            article_id, quads = _read_article_file(path)
        except InputError as exc:
            summary.failed.append({"path": str(path), "error": str(exc)})
            continue
        versions = _versions_of(quads).get(article_id)
        if not bulk and versions is not None and stored.get(article_id) == versions:
            summary.unchanged.append(article_id)
            continue
        if bulk:
            assert isinstance(store, GraphStore)
            store.bulk_load(path)
        else:
            store.replace_graph(iris.article_graph(article_id), quads)
        (summary.updated if article_id in stored else summary.added).append(article_id)
    load_vocabulary(store, settings.ontology_dir)
    store.flush()
    summary.timings = {"total": time.perf_counter() - started}
    return summary
