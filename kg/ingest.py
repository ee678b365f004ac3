"""Ingest: discover and load article files, skip unchanged ones, extract the rest, replace their graphs.

An article is unchanged when its stored graph has the same content hash, extractor version and ontology
version; unchanged articles are skipped without loading spaCy. A changed article's graph is replaced in one
atomic update. One bad file never stops the others, and never touches what is already stored.

Extraction (and validation) is a pure function of the article, so `extract_articles` can run it in worker
processes: `ingest(..., jobs=N)` stores what N workers extract, and `extract_to_files` writes each article's
graph to its own N-Quads file (the work can also be split across machines), which `load_files` stores: a
bulk load into an empty embedded store, else one atomic graph replacement per changed article.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg import EXTRACTOR_VERSION, iris, layout
from kg.errors import InputError, KGError
from kg.load import FileRecords, discover, load_file
from kg.map import to_quads
from kg.model import Article
from kg.settings import Settings
from kg.store import GraphStore
from kg.vocab import MKG, ONTOLOGY_GRAPH, ONTOLOGY_VERSION, REFERENCE_GRAPH, XSD

if TYPE_CHECKING:
    from kg.extract.pipeline import Extractor
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
    from kg.extract.pipeline import Extractor
    from kg.reference import ReferenceData

    return Extractor(load_annotator(settings), ReferenceData.load(settings.ontology_dir))


def load_vocabulary(store: GraphStore | RemoteStore, ontology_dir: Path) -> None:
    """Load the ontology and reference data into their own named graphs, unless they are unchanged.

    Each graph records the hash of its source files (and of the store layout they are written in), so a
    re-ingest leaves it (and its blank nodes) as is.
    """
    for graph, names in ((ONTOLOGY_GRAPH, ONTOLOGY_FILES), (REFERENCE_GRAPH, REFERENCE_FILES)):
        paths = [ontology_dir / name for name in names]
        try:
            content = b"".join(path.read_bytes() for path in paths) + layout.LAYOUT_VERSION.encode()
            digest = hashlib.sha256(content).hexdigest()
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
    # Only an article node has an extractor version: no type pattern to join (a re-ingest runs this over
    # every article).
    solutions = store.query(
        f"SELECT ?g ?h ?e ?o WHERE {{ GRAPH ?g {{ ?a {MKG.extractorVersion} ?e ; {MKG.contentHash} ?h ; "
        f"{MKG.ontologyVersion} ?o }} }}"
    )
    versions = {}
    for graph, content_hash, extractor, ontology in solutions:
        article_id = iris.article_id_of_graph(graph)
        if article_id:
            versions[article_id] = (content_hash.value, extractor.value, ontology.value)
    return versions


def ingest(
    paths: Sequence[Path],
    store: GraphStore | RemoteStore,
    settings: Settings,
    make_extractor: Callable[[], Extractor],
    *,
    prune: bool = False,
    validate: bool = True,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
) -> IngestSummary:
    """Store every changed article under `paths`; with `jobs` > 1, that many worker processes extract and
    validate while this process loads files and stores results, in file order (the store ends the same).

    `make_extractor` is called only when an article changed and `jobs` is 1 (workers build their own)."""
    summary = IngestSummary()
    started = time.perf_counter()
    files = discover(paths)
    load_vocabulary(store, settings.ontology_dir)
    stored = stored_versions(store)
    records = FileRecords.for_store(store.path if isinstance(store, GraphStore) else store.url)
    current = (EXTRACTOR_VERSION, ONTOLOGY_VERSION)
    seen: set[str] = set()
    paths_of: dict[str, str] = {}  # article id → its file, to name it when it fails
    timings = {"load": 0.0, "model": 0.0, "extract": 0.0, "validate": 0.0, "store": 0.0}

    def changed_articles() -> Iterator[Article]:
        for path, root in files:
            t0 = time.perf_counter()
            recorded = records.articles(path)
            if recorded is not None and all(stored.get(a) == (h, *current) for a, h in recorded):
                for article_id, _ in recorded:  # the same file as last time, and its articles are stored
                    seen.add(article_id)
                    summary.unchanged.append(article_id)
                timings["load"] += time.perf_counter() - t0
                continue
            try:
                result = load_file(path, root, max_bytes=settings.max_article_bytes)
            except InputError as exc:
                summary.failed.append({"path": str(path), "error": str(exc)})
                continue
            finally:
                timings["load"] += time.perf_counter() - t0
            summary.failed += [{"path": str(path), "error": str(error)} for error in result.errors]
            if not result.errors:
                records.note(path, result.articles)
            for article in result.articles:
                seen.add(article.id)
                if progress:
                    progress(article.path or article.id)
                if stored.get(article.id) == (article.content_hash, EXTRACTOR_VERSION, ONTOLOGY_VERSION):
                    summary.unchanged.append(article.id)
                    continue
                paths_of[article.id] = str(path)
                yield article

    with store.batch():  # one flush at the end, not one per article
        for done in extract_articles(changed_articles(), settings, make_extractor, jobs=jobs, validate=validate):
            for stage, seconds in done.timings.items():
                timings[stage] += seconds
            if done.error is not None:
                summary.failed.append({"path": paths_of[done.article_id], "error": done.error})
                continue
            if done.violations:
                summary.violations[done.article_id] = done.violations
            t0 = time.perf_counter()
            try:
                store.replace_graph(iris.article_graph(done.article_id), done.quads)
            except KGError as exc:
                summary.failed.append({"path": paths_of[done.article_id], "error": str(exc)})
                continue
            finally:
                timings["store"] += time.perf_counter() - t0
            (summary.updated if done.article_id in stored else summary.added).append(done.article_id)
        if prune:
            now = ox.Literal(datetime.now(timezone.utc).replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
            for article_id in sorted(set(stored) - seen):
                record = ox.Quad(iris.article(article_id), MKG.withdrawnAt, now, iris.WITHDRAWALS_GRAPH)
                store.withdraw_graph(iris.article_graph(article_id), record)
                summary.removed.append(article_id)
    records.save()
    timings["total"] = time.perf_counter() - started
    summary.timings = timings
    return summary


# --- extraction, inline or in worker processes ---


@dataclass
class ExtractedArticle:
    """One article's graph (or the error that stopped it), its shape violations, and the seconds each stage
    took. Pickled as N-Quads text when it comes back from a worker: ten times faster than pickling quads."""

    article_id: str
    quads: list[ox.Quad] = field(default_factory=list)
    error: str | None = None
    violations: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "quads": ox.serialize(self.quads, format=ox.RdfFormat.N_QUADS) or b""}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, quads=list(ox.parse(state["quads"], format=ox.RdfFormat.N_QUADS)))


def extract_articles(
    articles: Iterable[Article],
    settings: Settings,
    make_extractor: Callable[[], Extractor],
    *,
    jobs: int = 1,
    validate: bool = False,
) -> Iterator[ExtractedArticle]:
    """Extract (and validate) each article, yielding results in input order as they are ready.

    With `jobs` > 1 that many worker processes share the work, each loading spaCy once; at most two articles
    per worker are in flight, so memory stays bounded however many articles come. Otherwise the work runs
    here, with an extractor from `make_extractor`, built on the first article."""
    if jobs <= 1:
        extractor: Extractor | None = None
        for article in articles:
            model_seconds = 0.0
            if extractor is None:
                t0 = time.perf_counter()
                extractor = make_extractor()
                model_seconds = time.perf_counter() - t0
            done = _extract_article(article, extractor, settings, validate)
            done.timings["model"] = model_seconds
            yield done
        return
    # spawn: a fresh interpreter per worker, free of this process's threads and locks.
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        in_flight: deque[Future[ExtractedArticle]] = deque()
        for article in articles:
            in_flight.append(pool.submit(_extract_in_worker, article, settings, validate))
            if len(in_flight) >= 2 * jobs:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()


def _extract_article(article: Article, extractor: Extractor, settings: Settings, validate: bool) -> ExtractedArticle:
    t0 = time.perf_counter()
    try:
        quads = to_quads(extractor.extract(article))
        t1 = time.perf_counter()
        violations = []
        if validate:
            from kg.validate import validate_graph  # pyshacl and rdflib: only when something changed

            violations = [f"{v.focus} {v.path or ''}: {v.message}" for v in validate_graph(quads, settings.ontology_dir)]
    except KGError as exc:
        return ExtractedArticle(article.id, error=str(exc), timings={"extract": time.perf_counter() - t0})
    t2 = time.perf_counter()
    return ExtractedArticle(article.id, quads, None, violations, {"extract": t1 - t0, "validate": t2 - t1})


_worker_extractor: Extractor | None = None  # built on first need, once per process


def _process_extractor(settings: Settings) -> Extractor:
    """This process's extractor, built on first need: a worker loads spaCy once, for all its articles."""
    global _worker_extractor
    if _worker_extractor is None:
        _worker_extractor = build_extractor(settings)
    return _worker_extractor


def _extract_in_worker(article: Article, settings: Settings, validate: bool) -> ExtractedArticle:
    t0 = time.perf_counter()
    extractor = _process_extractor(settings)
    model_seconds = time.perf_counter() - t0
    done = _extract_article(article, extractor, settings, validate)
    done.timings["model"] = model_seconds
    return done


# --- extraction to files, and loading them ---


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


def extract_to_files(paths: Sequence[Path], out_dir: Path, settings: Settings, *, jobs: int = 1) -> IngestSummary:
    """Write `OUT/<article id>.nq` for every article under `paths`, skipping files already up to date.

    With `jobs` > 1 the articles are shared among that many processes, each of which loads spaCy once."""
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    files = discover(paths)
    summary = IngestSummary()
    paths_of: dict[str, str] = {}
    existed: set[str] = set()

    def changed_articles() -> Iterator[Article]:
        for path, root in files:
            try:
                result = load_file(path, root, max_bytes=settings.max_article_bytes)
            except InputError as exc:
                summary.failed.append({"path": str(path), "error": str(exc)})
                continue
            summary.failed += [{"path": str(path), "error": str(error)} for error in result.errors]
            for article in result.articles:
                existing = _file_versions(article_file(out_dir, article.id), article.id)
                if existing == (article.content_hash, EXTRACTOR_VERSION, ONTOLOGY_VERSION):
                    summary.unchanged.append(article.id)
                    continue
                if existing is not None:
                    existed.add(article.id)
                paths_of[article.id] = str(path)
                yield article

    extracted = extract_articles(changed_articles(), settings, lambda: _process_extractor(settings), jobs=jobs)
    for done in extracted:
        if done.error is not None:
            summary.failed.append({"path": paths_of[done.article_id], "error": done.error})
            continue
        target = article_file(out_dir, done.article_id)
        partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            ox.serialize(done.quads, handle, ox.RdfFormat.N_QUADS)
        os.replace(partial, target)  # a reader never sees half a file
        (summary.updated if done.article_id in existed else summary.added).append(done.article_id)
    summary.timings = {"total": time.perf_counter() - started}
    return summary


def load_files(folder: Path, store: GraphStore | RemoteStore, settings: Settings) -> IngestSummary:
    """Store every `*.nq` article file of `folder` (as written by `extract_to_files`).

    Into an empty embedded store all the files go in one bulk load (fastest, not atomic: load into a new
    store), which is then compacted, so that it answers at full speed from the first query; otherwise each
    changed article graph is replaced atomically, and unchanged ones are skipped."""
    started = time.perf_counter()
    summary = IngestSummary()
    files = sorted(folder.glob("*.nq"))
    if not files:
        raise InputError(f"no .nq files in {folder}: write them with `kg extract PATH... --out {folder}`")
    bulk = isinstance(store, GraphStore) and store.path is not None and store.is_empty()
    if bulk:
        store.bulk_load(_article_quads(files, summary))
    else:
        with store.batch():
            _replace_changed(files, store, summary)
    load_vocabulary(store, settings.ontology_dir)
    store.flush()
    if bulk:
        store.optimize()
    summary.timings = {"total": time.perf_counter() - started}
    return summary


def _readable(files: list[Path], summary: IngestSummary) -> Iterator[tuple[str, list[ox.Quad]]]:
    """(article id, quads) of every file that holds one article graph; the others are reported in `summary`."""
    for path in files:
        try:
            yield _read_article_file(path)
        except InputError as exc:
            summary.failed.append({"path": str(path), "error": str(exc)})


def _article_quads(files: list[Path], summary: IngestSummary) -> Iterator[ox.Quad]:
    """The quads of every readable file laid out, then the shared statements once, for one bulk load; each
    article counts as added."""
    bulk = layout.BulkLayout()
    for article_id, quads in _readable(files, summary):
        yield from bulk.own(iris.article_graph(article_id), quads)
        summary.added.append(article_id)
    yield from bulk.shared()


def _replace_changed(files: list[Path], store: GraphStore | RemoteStore, summary: IngestSummary) -> None:
    """Replace the graph of every article whose file records other versions than the store does."""
    stored = stored_versions(store)
    for article_id, quads in _readable(files, summary):
        versions = _versions_of(quads).get(article_id)
        if versions is not None and stored.get(article_id) == versions:
            summary.unchanged.append(article_id)
            continue
        store.replace_graph(iris.article_graph(article_id), quads)
        (summary.updated if article_id in stored else summary.added).append(article_id)
