"""Extraction tasks: a batch parsed at once gives what one article at a time gives; a bad article fails alone;
a batch whose workers keep dying is retried article by article; a worker that sees the output folder writes
the files itself; a worker with other code refuses to extract."""

from __future__ import annotations

import dataclasses
import pickle
from concurrent.futures import Future

import pytest

import kg.extract.pipeline
from kg.errors import ClusterError
from kg.load import discover, load_file
from kg.map import to_quads
from kg.model import Article
from kg.settings import PROJECT_ROOT, Settings
from kg.tasks import (
    ExtractionSpec,
    InlineRunner,
    OutputFolder,
    article_file,
    extract_batch,
    extract_batches,
    load,
    tail_batch_size,
)

pytestmark = pytest.mark.model

ARTICLES = PROJECT_ROOT / "tests" / "data" / "articles"


def articles() -> list[Article]:
    return [a for path, root in discover([ARTICLES]) for a in load_file(path, root, max_bytes=10**7).articles]


@pytest.fixture(scope="module")
def spec() -> ExtractionSpec:
    spec = ExtractionSpec.from_settings(Settings(), validate=True)
    load(spec)
    return spec


def refuse(*args, **kwargs):
    raise AssertionError("nothing to extract: no spec and no runner should be made")


def test_tasks_a_batch_gives_the_graphs_of_one_article_at_a_time(spec):
    batch = articles()
    together = extract_batch(batch, spec.key)
    alone = [extract_batch([article], spec.key)[0] for article in batch]
    assert [d.article_id for d in together] == [a.id for a in batch]
    assert all(d.nquads and d.error is None and d.words > 50 for d in together)
    assert [d.nquads for d in together] == [d.nquads for d in alone]
    assert [d.violations for d in together] == [d.violations for d in alone]
    # and what the extractor gives for the article on its own, parsed by a plain call
    assert together[0].quads() == to_quads(load(spec).extractor.extract(batch[0]))


def test_tasks_a_result_sent_to_another_process_carries_its_n_quads_alone_and_reads_back_the_same(spec):
    here = extract_batch(articles()[:2], spec.key)
    sent = [pickle.loads(pickle.dumps(done)) for done in here]
    assert all(done.parsed is not None for done in here) and all(done.parsed is None for done in sent)
    assert [done.quads() for done in sent] == [done.quads() for done in here]
    assert [len(pickle.dumps(d)) for d in sent] == [len(pickle.dumps(dataclasses.replace(d, parsed=None))) for d in here]


def test_tasks_an_article_whose_rules_raise_fails_alone_with_its_reason(spec, monkeypatch):
    batch = articles()[:3]
    original = kg.extract.pipeline.read_quotes

    def read_quotes(ctx):
        if ctx.article.id == batch[1].id:
            raise KeyError("no speaker")
        return original(ctx)

    monkeypatch.setattr(kg.extract.pipeline, "read_quotes", read_quotes)
    results = extract_batch(batch, spec.key)
    assert [d.error is None for d in results] == [True, False, True]
    assert "extraction raised KeyError" in results[1].error and results[1].nquads == b""


def test_tasks_a_text_spacy_refuses_fails_alone_and_the_rest_of_its_batch_is_extracted(spec):
    good = articles()[:2]
    paragraphs = (f"Report {i}: officials said nothing about the decree on Monday. " * 20 for i in range(900))
    too_long = Article(id="too-long", text="\n\n".join(paragraphs), content_hash="h")
    results = extract_batch([good[0], too_long, good[1]], spec.key)
    assert [d.article_id for d in results] == [good[0].id, "too-long", good[1].id]
    assert "E088" in results[1].error  # spaCy's limit, and how to raise it
    assert [results[0].nquads, results[2].nquads] == [d.nquads for d in extract_batch(good, spec.key)]


class WorkerDied(Exception):
    """Stands for Dask's KilledWorker."""


def test_tasks_a_batch_whose_workers_keep_dying_is_retried_one_article_at_a_time(spec):
    batch = articles()[:5]
    poison = batch[3].id
    submitted: list[list[str]] = []

    class DyingRunner(InlineRunner):
        """Every worker that gets the poison article dies (as a segfault or the OOM killer would do it)."""

        worker_lost = (WorkerDied,)

        def submit(self, articles, out):
            submitted.append([a.id for a in articles])
            if poison not in submitted[-1]:
                return super().submit(articles, out)
            future: Future = Future()
            future.set_exception(WorkerDied())
            return future

    timings: dict[str, float] = {}
    results = list(extract_batches(batch, lambda: spec, DyingRunner, batch_size=3, timings=timings))
    assert [d.article_id for d in results] == [a.id for a in batch]
    assert [d.error is None for d in results] == [True, True, True, False, True]
    assert "died" in results[3].error
    assert submitted == [[a.id for a in batch[:3]], [a.id for a in batch[3:]], [poison], [batch[4].id]]
    assert results[4].nquads == extract_batch([batch[4]], spec.key)[0].nquads and "model" in timings


def test_tasks_with_several_workers_the_last_batches_are_smaller_and_results_keep_their_order(spec):
    batch = articles()
    submitted: list[int] = []

    class TwoWorkers(InlineRunner):
        workers = 2

        def submit(self, articles, out):
            submitted.append(len(articles))
            return super().submit(articles, out)

    results = list(extract_batches(batch, lambda: spec, TwoWorkers, batch_size=3, timings={}, total=len(batch)))
    assert [d.article_id for d in results] == [a.id for a in batch] and all(d.error is None for d in results)
    assert sum(submitted) == len(batch) and submitted[0] == 3 and submitted[-1] == 1
    assert submitted == sorted(submitted, reverse=True)  # full batches first, then smaller ones
    # one worker: full batches to the end, as without a total
    assert [tail_batch_size(8, 52, sent, 1) for sent in (0, 48)] == [8, 8]
    assert [tail_batch_size(8, 52, sent, 2) for sent in (0, 24, 44, 50)] == [8, 7, 2, 2]
    # never below a quarter of a batch: no run ends with one-article parses
    assert [tail_batch_size(16, 52, sent, 2) for sent in (16, 25, 32, 44, 50)] == [9, 7, 5, 4, 4]


def test_tasks_nothing_to_extract_makes_no_spec_and_no_runner():
    assert list(extract_batches([], refuse, refuse, batch_size=8, timings={}, meanwhile=refuse)) == []


def test_tasks_the_callers_set_up_runs_once_after_the_first_batch_is_sent_and_before_any_result(spec):
    events: list[str] = []

    class Recording(InlineRunner):
        def submit(self, articles, out):
            events.append("submit")
            return super().submit(articles, out)

    for _ in extract_batches(articles()[:4], lambda: spec, Recording, batch_size=2, timings={},
                             meanwhile=lambda: events.append("meanwhile")):
        events.append("result")
    assert events == ["submit", "meanwhile", "result", "result", "submit", "result", "result"]


def test_tasks_a_worker_that_sees_the_output_folder_writes_the_files_itself(spec, tmp_path):
    batch = articles()[:2]
    (tmp_path / ".kg-extract-run").touch()
    seen = extract_batch(batch, spec.key, OutputFolder(str(tmp_path), ".kg-extract-run"))
    assert all(d.written and d.nquads == b"" for d in seen)
    elsewhere = extract_batch(batch, spec.key, OutputFolder(str(tmp_path / "not-here"), ".kg-extract-run"))
    assert not any(d.written for d in elsewhere) and all(d.nquads for d in elsewhere)
    assert [article_file(tmp_path, d.article_id).read_bytes() for d in seen] == [d.nquads for d in elsewhere]


def test_tasks_a_worker_with_other_code_or_models_refuses_to_extract(spec):
    other = dataclasses.replace(spec, code="kg source 000000000000 (extractor 0), spacy 0, model none")
    with pytest.raises(ClusterError, match="the Dask worker tcp://w:1 cannot extract as the client does"):
        load(other, where="the Dask worker tcp://w:1")
    with pytest.raises(ClusterError, match="set-up failed"):
        extract_batch(articles()[:1], other.key)


def test_tasks_the_spec_carries_the_ontology_files_and_changes_with_them(tmp_path):
    ontology = tmp_path / "ontology"
    ontology.mkdir()
    for path in Settings().ontology_dir.glob("*.ttl"):
        (ontology / path.name).write_bytes(path.read_bytes())
    before = ExtractionSpec.from_settings(Settings(ontology_dir=ontology), validate=False)
    assert dict(before.ontology)["reference.ttl"] == (ontology / "reference.ttl").read_bytes()
    with (ontology / "reference.ttl").open("a") as reference:
        reference.write("\n# an edit\n")
    after = ExtractionSpec.from_settings(Settings(ontology_dir=ontology), validate=False)
    assert after.key != before.key and after.code == before.code


def test_tasks_a_rules_only_client_makes_workers_use_the_blank_pipeline_even_with_a_model(monkeypatch):
    monkeypatch.setattr("kg.annotate.MODEL_CANDIDATES", ("no_such_model_package",))
    spec = ExtractionSpec.from_settings(Settings(rules_only=True), validate=False)
    monkeypatch.undo()  # a worker has a model installed: it must still use what the client chose
    assert spec.model is None and "rules only" in spec.code
    load(spec)
    done = extract_batch(articles()[:1], spec.key)[0]
    assert done.error is None and b"blank:en (rules only)" in done.nquads
