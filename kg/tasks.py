"""Extraction as tasks: batches of articles in, each article's N-Quads (or the reason it failed) out.

Extraction (clean → annotate → extract → map → validate) is a pure function of the article, so it can run
anywhere the project is installed. `extract_batches` sends the articles out in batches of
`KG_EXTRACT_BATCH` to a runner and yields one `ExtractedArticle` per article, in input order, with a bounded
number of batches in flight (memory stays bounded however many articles come). There are two runners, and
the same task function, `extract_batch`, runs on both:

- `InlineRunner`, this process (`--jobs 1`, the default);
- `kg.cluster.DaskRunner`, Dask workers: a `LocalCluster` of N processes on this machine (`--jobs N`), or
  a cluster of machines (`--scheduler tcp://HOST:8786`).

A process builds its extractor once (`load`): the spaCy pipeline, the reference data and the SHACL validator,
from an `ExtractionSpec` the client makes, which carries the ontology files themselves and the client's model
and code fingerprint, so a worker extracts exactly as the client would or refuses to. A batch is parsed by
one `nlp.pipe` call; an article whose extraction raises fails alone, with its reason, and the others go on.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import os
import socket
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, Self

import pyoxigraph as ox

from kg import EXTRACTOR_VERSION
from kg.errors import ClusterError, ConfigError, KGError
from kg.model import Article
from kg.settings import Settings

if TYPE_CHECKING:
    from kg.extract.pipeline import Extractor
    from kg.model import CleanedText
    from kg.validate import Validator


@dataclass
class ExtractedArticle:
    """One article's graph as N-Quads (or the error that stopped it), its shape violations, the words of its
    cleaned text and the seconds each stage took. `written`: a worker wrote the file itself (`kg extract`
    into a folder it sees), so `nquads` did not travel back."""

    article_id: str
    nquads: bytes = b""
    error: str | None = None
    violations: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    words: int = 0
    written: bool = False
    # The quads `nquads` was serialized from, while the result stays in the process that made it (`--jobs
    # 1`): storing them then needs no parse. A result sent to another process carries only `nquads`.
    parsed: list[ox.Quad] | None = field(default=None, repr=False, compare=False)

    def quads(self) -> list[ox.Quad]:
        if self.parsed is not None:
            return self.parsed
        return list(ox.parse(self.nquads, format=ox.RdfFormat.N_QUADS))

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "parsed": None}


@dataclass(frozen=True)
class ExtractionSpec:
    """What a process needs to extract as the client would: the spaCy model package (None: the blank rules-only
    pipeline), the ontology files (sent, so a worker's own copy cannot differ), whether to validate, and the
    client's code fingerprint, which a worker must share."""

    model: str | None
    ontology: tuple[tuple[str, bytes], ...]
    validate: bool
    code: str
    calibrated: bool = True

    @classmethod
    def from_settings(cls, settings: Settings, *, validate: bool) -> ExtractionSpec:
        from kg.annotate import chosen_model

        model = chosen_model(settings)
        files = sorted(settings.ontology_dir.glob("*.ttl"))
        if not files:
            raise ConfigError(
                f"no ontology files in {settings.ontology_dir}: point KG_ONTOLOGY_DIR at the project's ontology/"
            )
        ontology = tuple((path.name, path.read_bytes()) for path in files)
        return cls(model, ontology, validate, code_fingerprint(model), settings.calibrated)

    @cached_property
    def key(self) -> str:
        digest = hashlib.sha256(f"{self.model}\0{self.validate}\0{self.code}\0{self.calibrated}".encode())
        for name, data in self.ontology:
            digest.update(name.encode() + b"\0" + data)
        return digest.hexdigest()[:16]


def code_fingerprint(model: str | None) -> str:
    """What decides an article's graph besides the article and the ontology: the source of `kg` and the
    versions of spaCy and of the model."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    pipeline = f"{model} {_version(model)}" if model else "none (rules only)"
    return f"kg source {digest.hexdigest()[:12]} (extractor {EXTRACTOR_VERSION}), spacy {_version('spacy')}, model {pipeline}"


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


# --- one process's extractor ---


class LoadedExtractor:
    """A process's extractor for one spec: spaCy, the reference data and the validator, loaded once. The lock
    keeps a worker with several threads to one batch at a time (a spaCy pipeline is not shared across threads)."""

    def __init__(self, spec: ExtractionSpec) -> None:
        from kg.annotate import load_pipeline
        from kg.extract.pipeline import Extractor
        from kg.reference import ReferenceData

        self._ontology = tempfile.TemporaryDirectory(prefix="kg-ontology-")  # removed with this object
        ontology_dir = Path(self._ontology.name)
        for name, data in spec.ontology:
            (ontology_dir / name).write_bytes(data)
        self.extractor: Extractor = Extractor(load_pipeline(spec.model), ReferenceData.load(ontology_dir),
                                          calibrated=spec.calibrated)
        self.validator: Validator | None = None
        if spec.validate:
            from kg.validate import Validator

            self.validator = Validator.load(ontology_dir)
        self.lock = threading.Lock()

    def extract(self, articles: list[Article]) -> list[ExtractedArticle]:
        """Extract a batch: clean every article, parse them all with one `nlp.pipe`, then read each one. When
        cleaning or parsing fails the batch is done again one article at a time, so only the bad one fails."""
        from kg.clean import clean

        started = time.perf_counter()
        try:
            cleaned = [clean(article.text) for article in articles]
            docs = self.extractor.annotator.pipe([text.text for text in cleaned])
        except Exception as exc:  # noqa: BLE001 — one article's failure is reported, never the run's
            if len(articles) > 1:
                return [done for article in articles for done in self.extract([article])]
            return [_failed(articles[0], exc, time.perf_counter() - started)]
        parse_seconds = (time.perf_counter() - started) / len(articles)
        return [self._read(a, text, doc, parse_seconds) for a, text, doc in zip(articles, cleaned, docs)]

    def _read(self, article: Article, cleaned: CleanedText, doc: Any, parse_seconds: float) -> ExtractedArticle:
        from kg.map import to_quads

        t0 = time.perf_counter()
        try:
            quads = to_quads(self.extractor.read(article, cleaned, doc))
            t1 = time.perf_counter()
            violations = []
            if self.validator is not None:
                violations = [f"{v.focus} {v.path or ''}: {v.message}" for v in self.validator.validate(quads)]
            nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
        except Exception as exc:  # noqa: BLE001 — one article's failure is reported, never the run's
            return _failed(article, exc, parse_seconds + time.perf_counter() - t0)
        t2 = time.perf_counter()
        return ExtractedArticle(
            article.id, nquads, None, violations, {"extract": parse_seconds + t1 - t0, "validate": t2 - t1},
            words=len(cleaned.text.split()), parsed=quads,
        )


def _failed(article: Article, exc: Exception, seconds: float) -> ExtractedArticle:
    reason = str(exc) if isinstance(exc, KGError) else (
        f"extraction raised {type(exc).__name__}: {exc}; the other articles go on (please report it with this file)"
    )
    return ExtractedArticle(article.id, error=reason, timings={"extract": seconds})


_loaded: dict[str, LoadedExtractor] = {}  # spec key → this process's extractor
_loading = threading.Lock()


def load(spec: ExtractionSpec, where: str = "this process") -> LoadedExtractor:
    """This process's extractor for `spec`, built on first need (a worker plugin calls this when it joins)."""
    with _loading:
        if spec.key not in _loaded:
            mine = code_fingerprint(spec.model)
            if mine != spec.code:
                raise ClusterError(
                    f"{where} cannot extract as the client does: it has {mine}, the client {spec.code}; install "
                    "the client's commit there (git checkout, scripts/setup) and restart it"
                )
            _loaded[spec.key] = _load_frozen(spec)
        return _loaded[spec.key]


def _load_frozen(spec: ExtractionSpec) -> LoadedExtractor:
    """Build the extractor with the garbage collector off, then move everything alive to its permanent
    generation (`gc.freeze`): the model and the reference data live as long as the process, and without this
    each full collection during the articles walked them again (0.1 s each, 0.25 s of 52 articles)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return LoadedExtractor(spec)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


# --- the task ---


@dataclass(frozen=True)
class OutputFolder:
    """`kg extract --out`: a worker that sees the folder (it finds the marker file this run made there) writes
    the article files itself; one that does not sends them back, and the client writes them."""

    path: str
    marker: str

    def visible(self) -> bool:
        return (Path(self.path) / self.marker).is_file()


def article_file(out_dir: Path, article_id: str) -> Path:
    return out_dir / f"{article_id}.nq"


def write_article_file(out_dir: Path, done: ExtractedArticle) -> None:
    target = article_file(out_dir, done.article_id)
    partial = target.with_name(f".{target.name}.{socket.gethostname()}.{os.getpid()}.tmp")
    partial.write_bytes(done.nquads)
    os.replace(partial, target)  # a reader never sees half a file


def extract_batch(articles: list[Article], spec_key: str, out: OutputFolder | None = None) -> list[ExtractedArticle]:
    """The task: extract a batch with this process's extractor (loaded for `spec_key` beforehand)."""
    loaded = _loaded.get(spec_key)
    if loaded is None:
        raise ClusterError(
            f"the worker on {socket.gethostname()} has no extractor for this run: its set-up failed (see its log)"
        )
    with loaded.lock:
        results = loaded.extract(articles)
    if out is not None and out.visible():
        for done in results:
            if done.error is None:
                write_article_file(Path(out.path), done)
                done.nquads, done.parsed, done.written = b"", None, True
    return results


# --- runners ---


class Runner(Protocol):
    """Where batches run: `start` loads the extractor everywhere, `submit` sends one batch."""

    worker_lost: tuple[type[BaseException], ...]  # what a batch's result raises when its workers kept dying

    def start(self, spec: ExtractionSpec) -> None: ...

    def submit(self, articles: list[Article], out: OutputFolder | None) -> Any: ...

    def result(self, future: Any) -> list[ExtractedArticle]: ...

    @property
    def window(self) -> int:
        """How many batches may be in flight at once."""
        ...

    @property
    def workers(self) -> int:
        """How many batches run at once now."""
        ...


class InlineRunner:
    """This process runs each batch when it is submitted."""

    worker_lost: tuple[type[BaseException], ...] = ()
    window = 1
    workers = 1

    def start(self, spec: ExtractionSpec) -> None:
        load(spec)
        self._key = spec.key

    def submit(self, articles: list[Article], out: OutputFolder | None) -> Future[list[ExtractedArticle]]:
        future: Future[list[ExtractedArticle]] = Future()
        future.set_result(extract_batch(articles, self._key, out))
        return future

    def result(self, future: Future[list[ExtractedArticle]]) -> list[ExtractedArticle]:
        return future.result()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def open_runner(settings: Settings, jobs: int) -> AbstractContextManager[Runner]:
    """The runner the settings and `jobs` ask for: the Dask cluster of `KG_DASK_SCHEDULER`, a local cluster of
    `jobs` processes, or this process. Nothing starts before `start`."""
    if settings.dask_scheduler is None and jobs <= 1:
        return InlineRunner()
    from kg.cluster import DaskRunner

    return DaskRunner(settings.dask_scheduler, jobs)


def extract_batches(
    articles: Iterable[Article],
    spec: Callable[[], ExtractionSpec],
    runner: Callable[[], AbstractContextManager[Runner]],
    *,
    batch_size: int,
    timings: dict[str, float],
    out: OutputFolder | None = None,
    total: int | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> Iterator[ExtractedArticle]:
    """Extract every article, yielding results in input order as they are ready.

    The spec and the runner are made on the first article, so a run with nothing to extract loads nothing.
    `timings["model"]` gets the seconds spent starting the runner (spaCy and the rest loading everywhere).
    A batch whose workers kept dying is split and its articles retried alone: only the one that kills its
    workers fails. Given the `total` number of articles, the last batches for several workers are smaller
    (`tail_batch_size`). `meanwhile` runs once the first batch is sent, before any result is yielded: the
    caller's own set-up, done while workers elsewhere parse (inline, after the first batch)."""
    articles = iter(articles)
    first = list(itertools.islice(articles, batch_size))
    if not first:
        return
    with runner() as running:
        t0 = time.perf_counter()
        running.start(spec())
        timings["model"] = timings.get("model", 0.0) + time.perf_counter() - t0
        in_flight: deque[tuple[list[Article], Any]] = deque([(first, running.submit(first, out))])
        if meanwhile is not None:
            meanwhile()
        sent = len(first)
        while batch := list(itertools.islice(articles, tail_batch_size(batch_size, total, sent, running.workers))):
            sent += len(batch)
            while len(in_flight) >= running.window:
                yield from _results(running, *in_flight.popleft(), out)
            in_flight.append((batch, running.submit(batch, out)))
        while in_flight:
            yield from _results(running, *in_flight.popleft(), out)


def tail_batch_size(batch_size: int, total: int | None, sent: int, workers: int) -> int:
    """The size of the next batch: `batch_size`, but with several workers at most a share of what is left,
    so the run ends with small batches on every worker, not one worker still parsing a whole batch while the
    others wait (with 2 workers and 52 articles in batches of 8, one worker got 32 of them). Never below a
    quarter of `batch_size`: spaCy parses a batch of one article 7% slower per word than one of 16, and the
    run's last articles went out one by one."""
    if workers <= 1 or total is None:
        return batch_size
    return max(1, batch_size // 4, min(batch_size, -(-(total - sent) // (2 * workers))))


def _results(runner: Runner, batch: list[Article], future: Any, out: OutputFolder | None) -> list[ExtractedArticle]:
    try:
        return runner.result(future)
    except runner.worker_lost:
        if len(batch) > 1:
            return [done for article in batch for done in _results(runner, [article], runner.submit([article], out), out)]
        return [ExtractedArticle(
            batch[0].id, error="every worker that extracted this article died (out of memory?); the others go on"
        )]
