"""The Dask runner: clear errors for a scheduler that is not there and for a worker that cannot extract as the
client would; a local cluster extracts what this process does."""

from __future__ import annotations

import dataclasses

import pytest

import kg.cluster
from bench.common import free_port
from kg.cluster import DaskRunner
from kg.errors import ClusterError
from kg.load import discover, load_file
from kg.settings import PROJECT_ROOT, Settings
from kg.tasks import ExtractionSpec, InlineRunner, extract_batches
from tests.processes import quiet, worker_settings

ARTICLES = PROJECT_ROOT / "tests" / "data" / "articles"


def test_cluster_unreachable_scheduler_says_how_to_start_one(monkeypatch):
    monkeypatch.setattr(kg.cluster, "CONNECT_SECONDS", 1)
    spec = ExtractionSpec("none", (), False, "code")
    with DaskRunner(f"tcp://127.0.0.1:{free_port()}", 1) as runner, pytest.raises(ClusterError, match="dask scheduler"):
        runner.start(spec)


@pytest.mark.model
@pytest.mark.slow
def test_cluster_local_cluster_extracts_as_this_process_and_refuses_other_code():
    articles = [a for path, root in discover([ARTICLES]) for a in load_file(path, root, max_bytes=10**7).articles][:4]
    spec = ExtractionSpec.from_settings(Settings(), validate=True)
    timings: dict[str, float] = {}
    here = list(extract_batches(articles, lambda: spec, InlineRunner, batch_size=3, timings=timings))
    on_workers = list(extract_batches(articles, lambda: spec, lambda: DaskRunner(None, 2), batch_size=3,
                                      timings=timings))
    assert [d.nquads for d in on_workers] == [d.nquads for d in here] and all(d.nquads for d in here)
    assert [d.violations for d in on_workers] == [d.violations for d in here]

    other = dataclasses.replace(spec, code="kg source 000000000000 (extractor 0), spacy 0, model none")
    with DaskRunner(None, 1) as runner, pytest.raises(ClusterError, match="cannot extract as the client does"):
        runner.start(other)


@pytest.mark.slow
def test_cluster_local_workers_run_with_the_worker_config():
    spec = ExtractionSpec.from_settings(Settings(rules_only=True, spacy_model=None), validate=False)
    with DaskRunner(None, 1) as runner:
        runner.start(spec)
        workers = runner._client.run(worker_settings)
        nannies = runner._client.run(worker_settings, nanny=True)
    assert workers and nannies and all(quiet(each) for each in [*workers.values(), *nannies.values()]), workers
