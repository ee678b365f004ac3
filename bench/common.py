"""What every benchmark shares: figures with their anchors, percentiles, the machine, and servers started as
child processes (`kg serve`, `oxigraph serve-read-only`, a Dask scheduler and workers) on free 127.0.0.1 ports.

A benchmark module exposes `run(ctx: BenchContext) -> list[Figure]`. Each figure keeps every repeated
measurement (`runs`) and the anchor's measurements from the same run; the report shows their medians and
the ratio between them.
"""

from __future__ import annotations

import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Figure:
    """One measured figure: every repeat of it, and the anchor it is judged against (measured in the same run).

    `target` says the goal in words ("≥ 0.8× raw"); `met` is whether the medians reach it (None: no target).
    `paired`: each run was measured right after its own anchor run, and the ratio is the median of the runs'
    ratios (what a drifting load on a shared machine moves least), not the ratio of the medians.
    """

    section: str
    name: str
    unit: str
    runs: list[float]
    anchor: str | None = None
    anchor_runs: list[float] = field(default_factory=list)
    target: str | None = None
    met: bool | None = None
    note: str = ""
    paired: bool = False

    @property
    def value(self) -> float:
        return statistics.median(self.runs)

    @property
    def anchor_value(self) -> float | None:
        return statistics.median(self.anchor_runs) if self.anchor_runs else None

    @property
    def ratios(self) -> list[float]:
        """Each run over its own anchor run (paired figures only)."""
        return [run / anchor for run, anchor in zip(self.runs, self.anchor_runs, strict=True)] if self.paired else []

    @property
    def ratio(self) -> float | None:
        if self.paired:
            return statistics.median(self.ratios)
        anchor = self.anchor_value
        return self.value / anchor if anchor else None


@dataclass
class BenchContext:
    """Where a benchmark run works and how big it is. `stores` maps a corpus scale (articles) to the embedded
    store the corpus benchmark built for it, for the query benchmarks to reuse."""

    work: Path
    repeats: int = 3
    tiny: bool = False
    scales: list[int] = field(default_factory=lambda: [1_000, 10_000])
    # The ingest part's larger corpus, for throughput on Dask: 16 copies of its 13 texts, about 92k words, so
    # that start-up is about 5% of either side's CPU.
    throughput_articles: int = 208
    stores: dict[int, Path] = field(default_factory=dict)
    venv: Path = Path(sys.prefix)  # the environment running the benchmarks (has kg, oxigraph)

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def kg(self) -> Path:
        return self.venv / "bin" / "kg"

    @property
    def oxigraph(self) -> Path:
        return self.venv / "bin" / "oxigraph"


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank p-th percentile (p in 0..100) of `values`."""
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def dir_size(path: Path) -> int:
    """Bytes of every file under `path`."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def machine() -> dict[str, str]:
    """The date and what the figures depend on: cores, memory, CPU model, and the versions of the stack."""
    meminfo = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor() or "unknown",
    )
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("spacy", "pyoxigraph", "oxigraph", "fastapi", "uvicorn")
        if _installed(name)
    )
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(os.cpu_count()),
        "memory": f"{int(meminfo[1]) / 1024 / 1024:.1f} GiB",
        "cpu": cpu,
        "python": platform.python_version(),
        "versions": versions,
    }


def _installed(name: str) -> bool:
    try:
        metadata.version(name)
    except metadata.PackageNotFoundError:
        return False
    return True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (a server and its query workers)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        pending += children.get(current, [])
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        total += next((int(l.split()[1]) * 1024 for l in status.splitlines() if l.startswith("VmRSS:")), 0)
    return total


def stop_group(process: subprocess.Popen) -> None:
    """SIGTERM to a process started in its own session and to its children, then SIGKILL after 20 s (a `dask
    worker` is a nanny and the worker process it runs)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@dataclass
class DaskCluster:
    address: str  # the scheduler's, tcp://127.0.0.1:PORT
    pids: list[int]  # the scheduler's and the `dask worker` processes' (each a nanny with its worker under it)


@contextmanager
def dask_cluster(ctx: BenchContext, workers: int) -> Iterator[DaskCluster]:
    """`dask scheduler` and `workers` `dask worker` processes of one thread each, everything on 127.0.0.1 (the
    HTTP servers too; no dashboard: it needs bokeh), the workers with the Dask settings of `kg.cluster` (no
    statistical profiler, long monitor intervals), as the README's recipe starts them; yields once every worker
    has joined."""
    from distributed import Client

    from kg.cluster import worker_environment

    address = f"tcp://127.0.0.1:{free_port()}"
    dask = str(ctx.venv / "bin" / "dask")
    http = ["--no-dashboard", "--dashboard-address", "127.0.0.1:0"]
    commands = [[dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], *http]]
    commands += [[dask, "worker", address, "--host", "127.0.0.1", "--nthreads", "1", *http]] * workers
    pids = []
    with ExitStack() as stack, (ctx.work / "dask.log").open("ab") as log:
        for command in commands:
            env = {**os.environ, **(worker_environment() if command[1] == "worker" else {})}
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env)
            stack.callback(stop_group, process)
            pids.append(process.pid)
        with Client(address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=120)
        yield DaskCluster(address, pids)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL after 20 s: a server gets the time to close its store cleanly."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Server:
    """A server running as a child process: its base URL and process id."""

    url: str
    process: subprocess.Popen

    @property
    def pid(self) -> int:
        return self.process.pid

    def rss(self) -> int:
        return tree_rss(self.pid)


@contextmanager
def _serving(command: list[str], port: int, ready_path: str, env: dict[str, str], log: Path) -> Iterator[Server]:
    with log.open("ab") as out:
        process = subprocess.Popen(command, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} exited with {process.returncode}; see {log}")
            try:
                if httpx.get(url + ready_path, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{command[0]} did not answer within 120 s; see {log}")
            time.sleep(0.1)
        yield Server(url, process)
    finally:
        stop(process)


@contextmanager
def kg_serve(ctx: BenchContext, store: Path, **env: str) -> Iterator[Server]:
    """`kg serve` over an embedded store; `env` adds KG_ settings (e.g. KG_QUERY_WORKERS="2")."""
    port = free_port()
    command = [str(ctx.kg), "serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port)]
    with _serving(command, port, "/health", {"KG_LOG_LEVEL": "warning", **env}, ctx.work / "kg-serve.log") as server:
        yield server


@contextmanager
def oxigraph_serve(ctx: BenchContext, location: Path) -> Iterator[Server]:
    """`oxigraph serve-read-only` (the Rust server from the PyPI package `oxigraph`) over a store directory."""
    port = free_port()
    command = [str(ctx.oxigraph), "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    with _serving(command, port, "/query?query=ASK%7B%7D", {}, ctx.work / "oxigraph-serve.log") as server:
        yield server
