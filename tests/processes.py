"""Helpers for tests that run real processes: the `kg` command, `kg serve` and `oxigraph serve` on 127.0.0.1, and
Dask workers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from bench.common import free_port, stop
from kg.settings import PROJECT_ROOT

SEEDS = sorted((PROJECT_ROOT / "seeds").glob("*.txt"))
OXIGRAPH = Path(sys.executable).with_name("oxigraph")


def kg(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `kg ARGS...` to completion, as cron would (no terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL,
    )


def start_kg(*args: str, log: Path | None = None) -> subprocess.Popen:
    """Start `kg ARGS...`; its output goes to pipes, or to the file `log` for a server (a pipe nobody reads
    would fill up with its request log and stall it)."""
    output = log.open("w") if log else subprocess.PIPE
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "kg", *args], stdout=output, stderr=subprocess.STDOUT if log else subprocess.PIPE,
            text=True, stdin=subprocess.DEVNULL,
        )
    finally:
        if log:
            output.close()


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server at {url} exited with {process.returncode}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} within {timeout} s")


@contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """`oxigraph serve` over `location` on a free port of 127.0.0.1 (the `oxigraph` package of the test
    extras provides it); yields its URL and stops it afterwards."""
    assert OXIGRAPH.exists(), f"{OXIGRAPH} is missing: install the test extras (pip install -e '.[test]')"
    url = f"http://127.0.0.1:{free_port()}"
    process = subprocess.Popen(
        [str(OXIGRAPH), "serve", "--location", str(location), "--bind", url.removeprefix("http://")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"{url}/query", process)
        yield url
    finally:
        stop(process)


@contextmanager
def kg_server(store: Path) -> Iterator[str]:
    """`kg serve` over the embedded store at `store` on a free port; yields its URL once it has written its
    server record (so an ingest started now writes through it)."""
    log = store.parent / f"{store.name}.serve.log"
    process = start_kg("serve", "--store", str(store), "--port", "0", log=log)
    record = store.parent / f"{store.name}.server.json"
    try:
        deadline = time.monotonic() + 60
        while not record.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"kg serve did not start: {log.read_text()[-2000:]}")
            time.sleep(0.1)
        yield json.loads(record.read_text())["url"]
    finally:
        stop(process)


def copy_seeds(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(seed, folder)) for seed in SEEDS[:count]]


def nquads(store: str) -> list[str]:
    """Every quad of a store, as sorted N-Quads lines (via `kg export`)."""
    result = kg("export", "--store", store)
    assert result.returncode == 0, result.stderr
    return sorted(line for line in result.stdout.splitlines() if line)


def worker_settings(dask_worker) -> dict[str, float | str | None]:
    """What `kg.cluster.WORKER_CONFIG` sets, as a worker or nanny runs (`Client.run`): the milliseconds between
    the calls of each periodic callback, and the process's `MALLOC_TRIM_THRESHOLD_`."""
    import os

    return {name: callback.callback_time for name, callback in dask_worker.periodic_callbacks.items()} | {
        "MALLOC_TRIM_THRESHOLD_": os.environ.get("MALLOC_TRIM_THRESHOLD_")
    }


def quiet(settings: dict[str, float | str | None]) -> bool:
    """Whether a worker or nanny runs with `kg.cluster.WORKER_CONFIG`: no statistical profiler, the event loop's
    health check every second, the system monitor every 10 s, the memory monitor every second, and no
    `MALLOC_TRIM_THRESHOLD_`."""
    return ("profile" not in settings and settings["tick"] == 1000 and settings["monitor"] == 10_000
            and settings["memory_monitor"] == 1000 and settings["MALLOC_TRIM_THRESHOLD_"] is None)
