"""Extraction on Dask workers: a cluster of machines (`--scheduler tcp://HOST:8786`) or a local cluster of N
processes (`--jobs N`), running the task functions of `kg.tasks`.

`ExtractorPlugin` loads spaCy, the reference data and the validator once per worker, when the plugin is
registered or when a worker joins later; the scheduler re-sends it to a worker its nanny restarted. Dask
retries the batches of a worker that dies on the others; after `distributed.scheduler.allowed-failures`
deaths a batch gives KilledWorker, and `kg.tasks` retries its articles one by one.

Why a Dask `LocalCluster` for `--jobs N` rather than a process pool: the same plugin and the same retries as
on a cluster, so a worker the kernel kills for memory is replaced and its batch retried, where a broken process
pool would end the run; starting it costs about half a second. `--jobs 1` runs inline, with no cluster.
"""

from __future__ import annotations

import json
import logging
import time
from concurrent.futures import CancelledError
from typing import Any, Self

import dask
from distributed import Client, KilledWorker, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

from kg.errors import ClusterError
from kg.model import Article
from kg.tasks import ExtractedArticle, ExtractionSpec, OutputFolder, extract_batch, load

PLUGIN_NAME = "kg-extractor"

# Dask settings of the workers that extract. `--jobs N` sets them in its local cluster; the README's recipe sets
# them as environment variables (`worker_environment`).
#
# The nanny starts its worker with `MALLOC_TRIM_THRESHOLD_=65536` (Dask's default, to hand freed memory back to
# the system sooner). Setting it at all turns off glibc's sliding mmap threshold, so every array spaCy allocates
# above 128 KiB is mapped and unmapped afresh: the parse took 10% more CPU (2 rounds of 2 passes over the
# 52-article corpus in one process, 4.26–4.63 s against 3.78–4.19 s). None removes it: the worker allocates as a
# plain `python` process does.
#
# The rest is what Distributed watches on every worker, all the time, for a dashboard or a warning, at
# intervals that cost an idle worker (nanny and worker) 0.03 CPU-s a second; these intervals cost it 0.007 (15 s
# idle, 3 rounds: 0.46 → 0.10 CPU-s; no one of them alone saves much, as the others still wake the event loops).
WORKER_CONFIG: dict[str, bool | str | None] = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    # The statistical profiler: samples the task thread's stack every 10 ms, for a dashboard page.
    "distributed.worker.profile.enabled": False,
    # The event loop's health check (a warning when it is blocked for 3 s): 20 ms by default.
    "distributed.admin.tick.interval": "1s",
    # CPU, memory, network and disk counters, for the dashboard and the heartbeats: 500 ms by default.
    "distributed.admin.system-monitor.interval": "10s",
    # The memory thresholds (spill, pause, and the nanny's restart of a worker at 95% of its limit): 100 ms by
    # default; a parse grows a worker's memory over seconds, not within one.
    "distributed.worker.memory.monitor-interval": "1s",
}
CONNECT_SECONDS = 30
WORKERS_SECONDS = 60  # how long a run waits for a first worker, or for one to come back when all have left


def worker_environment() -> dict[str, str]:
    """`WORKER_CONFIG` as the environment variables that `dask worker` reads. Dask lower-cases the names of those
    variables, so a setting named after an environment variable of the worker's (upper-case) is set through its
    parent, as a dict: `DASK_DISTRIBUTED__NANNY__PRE_SPAWN_ENVIRON={"MALLOC_TRIM_THRESHOLD_":None}`."""
    environment = {}
    for key, value in WORKER_CONFIG.items():
        parent, name = key.rsplit(".", 1)
        if name.isupper():
            key, value = parent, "{" + json.dumps(name) + ":" + repr(value) + "}"
        environment["DASK_" + key.upper().replace(".", "__").replace("-", "_")] = str(value)
    return environment


class ExtractorPlugin(WorkerPlugin):
    """Loads the extractor for the run's spec on each worker, once (a second run with the same spec reuses it)."""

    def __init__(self, spec: ExtractionSpec) -> None:
        self.spec = spec

    def setup(self, worker: Any) -> None:
        load(self.spec, where=f"the Dask worker {worker.address}")


class DaskRunner:
    """Batches run as Dask tasks, on the scheduler at `address`, or on a local cluster of `jobs` processes."""

    worker_lost: tuple[type[BaseException], ...] = (KilledWorker,)

    def __init__(self, address: str | None, jobs: int) -> None:
        self.address = address
        self.jobs = jobs
        self._cluster: LocalCluster | None = None
        self._client: Client | None = None

    def start(self, spec: ExtractionSpec) -> None:
        if self.address is None:
            # Loopback only (its HTTP server too, on a free port), one thread a worker: the extractor is one-threaded.
            with dask.config.set(WORKER_CONFIG):
                self._cluster = LocalCluster(
                    n_workers=self.jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                    dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR,
                )
        where = self.address or "the local cluster"
        try:
            self._client = Client(self._cluster or self.address, timeout=CONNECT_SECONDS)
        except OSError as exc:
            raise ClusterError(
                f"cannot reach the Dask scheduler at {where} ({exc}): start it with `dask scheduler`, or fix "
                "--scheduler / KG_DASK_SCHEDULER"
            ) from None
        try:
            self._client.wait_for_workers(1, timeout=WORKERS_SECONDS)
        except TimeoutError:
            raise ClusterError(
                f"no Dask worker joined the scheduler at {where} within {WORKERS_SECONDS} s: start "
                f"`dask worker {where}` on the worker machines"
            ) from None
        # Raises the set-up error of any worker (a missing model, other code than the client's).
        self._client.register_plugin(ExtractorPlugin(spec), name=PLUGIN_NAME)
        self._key = spec.key

    def submit(self, articles: list[Article], out: OutputFolder | None) -> Any:
        assert self._client is not None, "start() first"
        return self._client.submit(extract_batch, articles, self._key, out, pure=False)

    def result(self, future: Any) -> list[ExtractedArticle]:
        """The batch's results; waits while workers come and go, but not forever for a cluster with none."""
        assert self._client is not None
        workerless_since: float | None = None
        while True:
            try:
                return future.result(timeout=5)
            except TimeoutError:
                if self._client.nthreads():
                    workerless_since = None
                elif workerless_since is None:
                    workerless_since = time.monotonic()
                elif time.monotonic() - workerless_since > WORKERS_SECONDS:
                    raise ClusterError(
                        f"every Dask worker left the scheduler at {self.address or 'the local cluster'} "
                        f"{WORKERS_SECONDS} s ago: start workers and run again (what is stored is kept)"
                    ) from None
            except (CancelledError, OSError) as exc:
                raise ClusterError(
                    f"lost the Dask scheduler at {self.address or 'the local cluster'} ({type(exc).__name__}): "
                    "run again (what is stored is kept)"
                ) from None

    @property
    def window(self) -> int:
        """Two batches a worker thread, so none waits for its next batch while the client stores results."""
        return 2 * self.workers + 1

    @property
    def workers(self) -> int:
        """The worker threads of the cluster now (workers may come and go during a run)."""
        assert self._client is not None
        return sum(self._client.nthreads().values())

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
