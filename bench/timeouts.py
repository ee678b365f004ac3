"""Benchmark: runaway queries against a live `kg serve`-like server (uvicorn on 127.0.0.1, worker processes).

Starts the API over a copy of the tests' fixture store on disk, sends RUNAWAYS runaway /sparql queries at
once (each ~a minute of CPU, time limit LIMIT_MS), and while they run sends simple requests in a loop:
a canned query, and a small /sparql ASK. Prints the latency of every runaway's 503 and the p50/p99 of the
simple requests with their status counts.

    .venv/bin/python -m bench.timeouts [--runaways 4] [--limit-ms 2000] [--workers 4 --sparql-workers 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import uvicorn

from api.app import create_app
from kg.settings import Settings
from tests.api.conftest import TEST_QUERIES, load_fixture
from tests.api.test_timeouts import FOREVER


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runaways", type=int, default=4)
    parser.add_argument("--limit-ms", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=Settings.model_fields["query_workers"].default)
    parser.add_argument("--sparql-workers", type=int, default=Settings.model_fields["sparql_workers"].default)
    args = parser.parse_args()

    path = Path(tempfile.mkdtemp(prefix="kg-bench-")) / "store"
    settings = Settings(
        store=str(path), queries_dir=TEST_QUERIES, query_timeout_ms=args.limit_ms,
        query_workers=args.workers, sparql_workers=args.sparql_workers,
    )
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, store=load_fixture(path)), host="127.0.0.1", port=8765, log_config=None)
    )
    serving = threading.Thread(target=server.run, daemon=True)
    serving.start()
    while not server.started:
        time.sleep(0.02)
    base = "http://127.0.0.1:8765"
    simple = {"canned": (f"{base}/queries/people", {}), "sparql": (f"{base}/sparql", {"query": "ASK { ?s ?p ?o }"})}

    def timed(url: str, params: dict) -> tuple[float, int]:
        started = time.monotonic()
        status = httpx.get(url, params=params, timeout=60).status_code
        return time.monotonic() - started, status

    for url, params in simple.values():
        timed(url, params)  # warm up
    with ThreadPoolExecutor(args.runaways + 2) as pool:
        runaways = [pool.submit(timed, f"{base}/sparql", {"query": FOREVER}) for _ in range(args.runaways)]
        time.sleep(0.2)
        samples: dict[str, list[tuple[float, int]]] = {name: [] for name in simple}

        def loop(name: str) -> None:  # one client per kind of simple request, until the runaways are done
            url, params = simple[name]
            while not all(r.done() for r in runaways):
                samples[name].append(timed(url, params))

        for loops in [pool.submit(loop, name) for name in simple]:
            loops.result()
        results = [r.result() for r in runaways]

    print(f"settings: query_workers={args.workers} sparql_workers={args.sparql_workers} limit={args.limit_ms} ms")
    print("runaways (latency s, status):", ", ".join(f"{t:.3f} {s}" for t, s in sorted(results)))
    for name, values in samples.items():
        latencies = sorted(t for t, _ in values)
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        print(
            f"simple {name}: n={len(values)} p50={statistics.median(latencies) * 1000:.1f} ms "
            f"p99={p99 * 1000:.1f} ms statuses={dict(Counter(s for _, s in values))}"
        )
    server.should_exit = True
    serving.join(timeout=10)  # the lifespan's end stops the workers


if __name__ == "__main__":
    main()
