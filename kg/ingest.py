"""Ingest: discover and load article files, skip unchanged ones, extract the rest, replace their graphs.

An article is unchanged when its stored graph has the same content hash, extractor version and ontology
version; unchanged articles are skipped without loading spaCy. A changed article's graph is replaced in one
atomic update. One bad file never stops the others, and never touches what is already stored.

Extraction (and validation) is a pure function of the article, so it runs as tasks (`kg.tasks`): here, in N
local worker processes or on a Dask cluster. `ingest` stores what they extract, in file order, from this
process alone; `extract_to_files` writes each article's graph to its own N-Quads file, which `load_files`
stores: a bulk load into an empty embedded store, else one atomic graph replacement per changed article.
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg import EXTRACTOR_VERSION, iris, layout
from kg.errors import InputError, KGError
from kg.load import FileRecords, LoadResult, discover, load_file
from kg.model import Article
from kg.progress import Progress
from kg.settings import Settings
from kg.store import GraphStore
from kg.tasks import (
    ExtractedArticle,
    ExtractionSpec,
    OutputFolder,
    article_file,
    extract_batches,
    open_runner,
    write_article_file,
)
from kg.vocab import MKG, ONTOLOGY_GRAPH, ONTOLOGY_VERSION, REFERENCE_GRAPH

if TYPE_CHECKING:
    from kg.remote import RemoteStore

ONTOLOGY_FILES = ("mkg.ttl", "concepts.ttl")
REFERENCE_FILES = ("reference.ttl",)
Versions = tuple[str, str, str]  # content hash, extractor version, ontology version
NO_PROGRESS = Progress()


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


def load_vocabulary(store: GraphStore | RemoteStore, ontology_dir: Path) -> None:
    """Load the ontology and reference data into their own named graphs, unless they are unchanged.

    Each graph records the hash of its source files (and of the store layout they are written in), so a
    re-ingest leaves it (and its blank nodes) as is.
    """
    # The reference graph is written last, and its stamp covers the ontology files too: rewriting it recomputes
    # the summaries (`kg.layout`), which read the labels of both.
    for graph, names, stamped in (
        (ONTOLOGY_GRAPH, ONTOLOGY_FILES, ONTOLOGY_FILES), (REFERENCE_GRAPH, REFERENCE_FILES, ONTOLOGY_FILES + REFERENCE_FILES),
    ):
        paths = [ontology_dir / name for name in names]
        try:
            content = b"".join((ontology_dir / name).read_bytes() for name in stamped) + layout.LAYOUT_VERSION.encode()
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
    *,
    prune: bool = False,
    validate: bool = True,
    jobs: int = 1,
    progress: Progress = NO_PROGRESS,
) -> IngestSummary:
    """Store every changed article under `paths`. Extraction (and validation) runs here, in `jobs` local
    worker processes, or on the Dask cluster of `KG_DASK_SCHEDULER` (see `kg.tasks`); this process alone
    stores the results, in file order, so the store ends the same however extraction ran."""
    summary = IngestSummary()
    started = time.perf_counter()
    files = discover(paths)
    stored = stored_versions(store)
    records = FileRecords.for_store(store.path if isinstance(store, GraphStore) else store.url)
    timings = {"load": 0.0, "model": 0.0, "extract": 0.0, "validate": 0.0, "store": 0.0}

    def current(article: Article) -> bool:
        return stored.get(article.id) == (article.content_hash, EXTRACTOR_VERSION, ONTOLOGY_VERSION)

    changes = Changes.find(files, settings, summary, current, timings, records, stored)
    renamed: set[str] = set()  # hex ids of articles now stored under their letters id
    vocabulary_loaded = False

    def vocabulary() -> None:
        nonlocal vocabulary_loaded
        if not vocabulary_loaded:
            load_vocabulary(store, settings.ontology_dir)
            vocabulary_loaded = True

    progress.start(changes.total)
    with store.batch():  # one flush at the end, not one per article
        # The ontology and reference graphs are written while the workers parse the first batch, before
        # any article is stored (or here, when there is nothing to extract).
        extracted = changes.extract(
            settings, summary, timings, progress, jobs=jobs, validate=validate, meanwhile=vocabulary,
        )
        for path, done in extracted:
            if done.error is not None:
                summary.failed.append({"path": path, "error": done.error})
                progress.advance(failed=True)
                continue
            if done.violations:
                summary.violations[done.article_id] = done.violations
            t0 = time.perf_counter()
            legacy = iris.hex_form(done.article_id)
            try:
                if legacy != done.article_id and legacy in stored:
                    # The same article stored under its hex id of extractor 3: dropped first, so a crash
                    # between the two leaves it missing (the next run stores it), never stored twice.
                    store.drop_graph(iris.article_graph(legacy))
                    renamed.add(legacy)
                store.replace_graph(iris.article_graph(done.article_id), done.quads())
            except KGError as exc:
                summary.failed.append({"path": path, "error": str(exc)})
                progress.advance(failed=True)
                continue
            finally:
                timings["store"] += time.perf_counter() - t0
            known = done.article_id in stored or legacy in renamed
            (summary.updated if known else summary.added).append(done.article_id)
            progress.advance(amount=done.words)
        vocabulary()
        if prune:
            now = layout.now_literal()
            for article_id in sorted(set(stored) - changes.seen - renamed):
                record = ox.Quad(iris.article(article_id), MKG.withdrawnAt, now, iris.WITHDRAWALS_GRAPH)
                store.withdraw_graph(iris.article_graph(article_id), record)
                summary.removed.append(article_id)
    records.save()
    timings["total"] = time.perf_counter() - started
    summary.timings = timings
    return summary


@dataclass
class Changes:
    """The articles a run must extract: a first pass over the files (`find`) keeps only the ids of the changed
    ones and the files that hold them; the second (`extract`) reads those files again as extraction needs
    them. So the run's size is known up front (for the progress bar) and memory stays bounded however large
    the corpus. A file edited between the passes gives what it holds at the second; the next run sees the rest.

    An article id found more than once (the same URL in two files) is read from its last occurrence only: the
    store and the output folder end the same however extraction is spread, and a re-ingest finds it unchanged."""

    files: list[tuple[Path, Path, set[str]]]  # (file, root, ids of the changed articles it holds last)
    total: int
    seen: set[str]  # every article id found, changed or not (for --prune)

    @classmethod
    def find(
        cls,
        files: list[tuple[Path, Path]],
        settings: Settings,
        summary: IngestSummary,
        is_current: Callable[[Article], bool],
        timings: dict[str, float],
        records: FileRecords | None = None,
        stored: dict[str, Versions] | None = None,
    ) -> Changes:
        """With `records` (size and modification time of each file at the last run) and `stored` (the store's
        article versions), a file unchanged since it was recorded, whose articles are all stored as current,
        is not read again."""
        last: dict[str, tuple[int, bool]] = {}  # article id → (file index, up to date) of its last occurrence
        current = (EXTRACTOR_VERSION, ONTOLOGY_VERSION)
        for index, (path, root) in enumerate(files):
            recorded = records.articles(path) if records is not None and stored is not None else None
            if recorded is not None and all(stored.get(a) == (h, *current) for a, h in recorded):
                t0 = time.perf_counter()
                for article_id, _ in recorded:  # the same file as last time, and its articles are stored
                    last.pop(article_id, None)
                    last[article_id] = (index, True)
                timings["load"] += time.perf_counter() - t0
                continue
            result = _load(path, root, settings, summary, timings)
            if records is not None and not result.errors:
                records.note(path, result.articles)
            for article in result.articles:
                last.pop(article.id, None)  # kept in the order of last occurrences
                last[article.id] = (index, is_current(article))
        changed: dict[int, set[str]] = {}
        for article_id, (index, current) in last.items():
            if current:
                summary.unchanged.append(article_id)
            else:
                changed.setdefault(index, set()).add(article_id)
        return cls(
            [(*files[index], ids) for index, ids in sorted(changed.items())],
            sum(len(ids) for ids in changed.values()),
            set(last),
        )

    def extract(
        self,
        settings: Settings,
        summary: IngestSummary,
        timings: dict[str, float],
        progress: Progress,
        *,
        jobs: int,
        validate: bool,
        out: OutputFolder | None = None,
        meanwhile: Callable[[], None] | None = None,
    ) -> Iterator[tuple[str, ExtractedArticle]]:
        """(file, result) of every changed article, in file order; `timings` gets the stages' seconds.
        `meanwhile` runs once the first batch is sent (see `extract_batches`)."""
        paths_of: dict[str, str] = {}  # article id → its file, to name it when it fails

        def articles() -> Iterator[Article]:
            for path, root, ids in self.files:
                result = _load(path, root, settings, summary, timings, reported=False)
                if not result.articles:  # gone or unreadable since the first pass
                    for _ in ids:
                        progress.advance(failed=True)
                # the last occurrence of each id in the file, as the first pass chose
                for article in {a.id: a for a in result.articles if a.id in ids}.values():
                    paths_of[article.id] = str(path)
                    yield article

        results = extract_batches(
            articles(), lambda: ExtractionSpec.from_settings(settings, validate=validate),
            lambda: open_runner(settings, jobs), batch_size=settings.extract_batch, timings=timings, out=out,
            total=self.total, meanwhile=meanwhile,
        )
        for done in results:
            for stage in ("extract", "validate"):
                timings[stage] = timings.get(stage, 0.0) + done.timings.get(stage, 0.0)
            yield paths_of[done.article_id], done


def _load(
    path: Path, root: Path, settings: Settings, summary: IngestSummary, timings: dict[str, float],
    *, reported: bool = True,
) -> LoadResult:
    """The articles of one file. Its problems go into `summary`, once: the second pass reports only a file
    that became unreadable since the first."""
    t0 = time.perf_counter()
    try:
        result = load_file(path, root, max_bytes=settings.max_article_bytes)
    except InputError as exc:
        summary.failed.append({"path": str(path), "error": str(exc)})
        return LoadResult()
    finally:
        timings["load"] = timings.get("load", 0.0) + time.perf_counter() - t0
    if reported:
        summary.failed += [{"path": str(path), "error": str(error)} for error in result.errors]
    return result


# --- extraction to files, and loading them ---


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


def extract_to_files(
    paths: Sequence[Path], out_dir: Path, settings: Settings, *, jobs: int = 1, progress: Progress = NO_PROGRESS
) -> IngestSummary:
    """Write `OUT/<article id>.nq` for every article under `paths`, skipping files already up to date.

    Extraction runs as for `ingest` (here, `jobs` local processes or a Dask cluster). Workers that see OUT
    write their files there; this process writes the others, so OUT ends the same either way."""
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    files = discover(paths)
    summary = IngestSummary()
    timings = {"load": 0.0, "model": 0.0, "extract": 0.0}
    existed: set[str] = set()

    def current(article: Article) -> bool:
        existing = _file_versions(article_file(out_dir, article.id), article.id)
        if existing is not None:
            existed.add(article.id)
        return existing == (article.content_hash, EXTRACTOR_VERSION, ONTOLOGY_VERSION)

    changes = Changes.find(files, settings, summary, current, timings)
    progress.start(changes.total)
    marker = out_dir / f".kg-extract-{uuid.uuid4().hex}"  # a worker that finds it sees this folder
    marker.touch()
    try:
        out = OutputFolder(os.path.abspath(out_dir), marker.name)
        for path, done in changes.extract(settings, summary, timings, progress, jobs=jobs, validate=False, out=out):
            if done.error is not None:
                summary.failed.append({"path": path, "error": done.error})
                progress.advance(failed=True)
                continue
            if not done.written:
                write_article_file(out_dir, done)
            (summary.updated if done.article_id in existed else summary.added).append(done.article_id)
            progress.advance(amount=done.words)
    finally:
        marker.unlink(missing_ok=True)
    timings["total"] = time.perf_counter() - started
    summary.timings = timings
    return summary


def load_files(
    folder: Path, store: GraphStore | RemoteStore, settings: Settings, *, progress: Progress = NO_PROGRESS
) -> IngestSummary:
    """Store every `*.nq` article file of `folder` (as written by `extract_to_files`).

    Into an empty embedded store all the files go in one bulk load (fastest, not atomic: load into a new
    store), which is then compacted, so that it answers at full speed from the first query; otherwise each
    changed article graph is replaced atomically, and unchanged ones are skipped."""
    started = time.perf_counter()
    summary = IngestSummary()
    files = sorted(folder.glob("*.nq"))
    if not files:
        raise InputError(f"no .nq files in {folder}: write them with `kg extract PATH... --out {folder}`")
    progress.start(len(files))
    bulk = isinstance(store, GraphStore) and store.path is not None and store.is_empty()
    if bulk:
        # The vocabulary first (its summaries are of nothing yet), then the articles and their summaries.
        load_vocabulary(store, settings.ontology_dir)
        laid_out = layout.BulkLayout(store.quads())
        store.bulk_load(_article_quads(files, laid_out, summary, progress))
        store.summarise_bulk_load(laid_out.property_summaries())
    else:
        with store.batch():
            _replace_changed(files, store, summary, progress)
        load_vocabulary(store, settings.ontology_dir)
    store.flush()
    if bulk:
        store.optimize()
    summary.timings = {"total": time.perf_counter() - started}
    return summary


def _readable(
    files: list[Path], summary: IngestSummary, progress: Progress
) -> Iterator[tuple[str, list[ox.Quad]]]:
    """(article id, quads) of every file that holds one article graph; the others are reported in `summary`.
    A file counts as done in `progress` once the caller has taken it."""
    for path in files:
        try:
            article_id, quads = _read_article_file(path)
        except InputError as exc:
            summary.failed.append({"path": str(path), "error": str(exc)})
            progress.advance(failed=True)
            continue
        yield article_id, quads
        progress.advance(amount=len(quads))


def _article_quads(
    files: list[Path], bulk: layout.BulkLayout, summary: IngestSummary, progress: Progress
) -> Iterator[ox.Quad]:
    """The quads of every readable file laid out by `bulk` (with their entries), then the shared statements
    once, for one bulk load; each article counts as added."""

    def sources() -> Iterator[tuple[ox.NamedNode, list[ox.Quad]]]:
        for article_id, quads in _readable(files, summary, progress):
            yield iris.article_graph(article_id), quads
            summary.added.append(article_id)

    return bulk.load(sources())


def _replace_changed(
    files: list[Path], store: GraphStore | RemoteStore, summary: IngestSummary, progress: Progress
) -> None:
    """Replace the graph of every article whose file records other versions than the store does."""
    stored = stored_versions(store)
    for article_id, quads in _readable(files, summary, progress):
        versions = _versions_of(quads).get(article_id)
        if versions is not None and stored.get(article_id) == versions:
            summary.unchanged.append(article_id)
            continue
        store.replace_graph(iris.article_graph(article_id), quads)
        (summary.updated if article_id in stored else summary.added).append(article_id)
