"""API: the time of every canned query through `kg serve` against a full scan of the same store, and the
throughput of `/sparql` against `oxigraph serve-read-only` on the same store (issues 6 and 12).

Canned queries. For each store (`ctx.stores`, one per corpus scale; without them, a store of `seeds/` and
`tests/data/articles/` made with `kg ingest`), `kg serve` runs over it and every `queries/*.rq` is asked for
by HTTP, JSON, default parameters (an IRI parameter gets Vladimir Putin, the entity most articles name, when
the store has him), one request at a time on one keep-alive connection: its default page (`GET /queries/NAME`)
and its whole answer (`?_limit=KG_MAX_ROWS`, the most the API returns). The anchor is a full scan of the same
store: `COUNT(*)` of every quad, run in this process on a read-only `GraphStore`, alternating with the
requests, so that each ratio compares figures of the same moment of a shared machine. The issue's targets:
a default page in at most PAGE_TARGET of a full scan from TARGET_SCALE articles on, the whole answer in at
most WHOLE_TARGET at TARGET_SCALE (on smaller stores the fixed costs of a request dominate).

SPARQL endpoint. A lookup of one triple pattern with a small answer (the labels of one entity, full IRIs),
sent by `wrk --latency` at 1 and 16 connections to `kg serve`'s `/sparql`, then to `oxigraph
serve-read-only`'s `/query` (with `union-default-graph`, as `kg serve` queries the union of the graphs) over
the same store directory, never both at once. Both answer SPARQL JSON; the answers are checked to hold the
same rows before the load.

    .venv/bin/python -m bench.api [--store DIR | --store ARTICLES=DIR ...] [--repeats 3] [--tiny]
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.common import ROOT, BenchContext, Figure, kg_serve, oxigraph_serve
from kg.queries import QueryCatalog
from kg.settings import Settings
from kg.store import GraphStore

QUERIES_SECTION = "Canned queries"
SPARQL_SECTION = "SPARQL endpoint"
# × a full scan: every default page from 10k articles on, the whole answer at 10k (issue 12)
PAGE_TARGET, WHOLE_TARGET, TARGET_SCALE = 0.05, 0.2, 10_000
SPARQL_TARGET = 0.35  # × oxigraph serve's requests per second, at 16 connections
QUERY_TIME_LIMIT_MS = 600_000  # the server's canned-query time limit here: every answer is measured
FULL_SCAN = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
PUTIN = "https://w3id.org/mkg/id/person/vladimir-putin"
CONNECTIONS = (1, 16)
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DEV_SOURCES = (ROOT / "seeds", ROOT / "tests" / "data" / "articles")


@dataclass(frozen=True)
class Budget:
    """How long each measurement runs: wrk's duration per run."""

    wrk_s: int

    @classmethod
    def of(cls, ctx: BenchContext) -> Budget:
        return cls(1) if ctx.tiny else cls(3)


def run(ctx: BenchContext) -> list[Figure]:
    stores = dict(ctx.stores) or {0: dev_store(ctx)}
    figures: list[Figure] = []
    for scale, store in sorted(stores.items()):
        figures += canned_query_figures(ctx, scale, store)
    largest = max(stores)
    figures += sparql_figures(ctx, largest, stores[largest])
    return figures


def dev_store(ctx: BenchContext) -> Path:
    """A store of the real test articles, for running this part alone (the corpus part makes the others)."""
    store = ctx.work / "api-store"
    if not (store / "CURRENT").exists():
        subprocess.run([str(ctx.kg), "ingest", *map(str, DEV_SOURCES), "--store", str(store)], check=True)
    return store


def _label(scale: int) -> str:
    return f"{scale:,} articles" if scale else "test articles"


def sample_entity(store: GraphStore) -> str:
    """A person the articles report on (Vladimir Putin when they do): the value of the canned queries' IRI
    parameters and of the lookup."""
    if bool(store.query(f"ASK {{ <{PUTIN}> mkg:reportedIn ?a }}")):
        return PUTIN
    for solution in store.query(
        "SELECT ?e WHERE { ?e a mkg:Person ; rdfs:label ?l ; mkg:reportedIn ?a } LIMIT 1"
    ):
        return solution["e"].value
    raise RuntimeError("the store holds no person with a label: is it a store of articles?")


# --- canned queries -------------------------------------------------------------------------------------


class ApiClient:
    """GET requests on one keep-alive connection (http.client: little client time in each measurement)."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        # Longer than the server's time limit: a slow answer is measured (or answered 503), never cut by the client.
        self._connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=QUERY_TIME_LIMIT_MS / 1000 + 60)

    def connect(self) -> None:
        """A fresh connection, made outside any timing (the server drops idle ones after a few seconds)."""
        self._connection.close()
        self._connection.connect()

    def get(self, path: str) -> tuple[int, float, bytes]:
        """The status, the seconds from sending the request to the last byte of the answer, and the answer."""
        started = time.perf_counter()
        self._connection.request("GET", path, headers={"Accept": "application/json"})
        response = self._connection.getresponse()
        body = response.read()
        return response.status, time.perf_counter() - started, body

    def close(self) -> None:
        self._connection.close()


def full_scan_seconds(store: GraphStore) -> float:
    started = time.perf_counter()
    list(store.query(FULL_SCAN))
    return time.perf_counter() - started


def canned_query_figures(ctx: BenchContext, scale: int, store_dir: Path) -> list[Figure]:
    settings = Settings()
    catalog = QueryCatalog.from_dir(settings.queries_dir)
    store = GraphStore(store_dir, read_only=True)
    entity = sample_entity(store)
    figures: list[Figure] = []
    full_scan_seconds(store)  # warm-up: the first scan reads the files into the page cache
    with kg_serve(ctx, store_dir, KG_CANNED_QUERY_TIMEOUT_MS=str(QUERY_TIME_LIMIT_MS)) as server:
        client = ApiClient(server.url)
        try:
            for query in catalog:
                params = {p.name: entity for p in query.params if p.type == "iri"}
                figures += _measure_query(ctx, client, params, store, query.name, scale, settings.max_rows)
        finally:
            client.close()
    return figures


def _measure_query(
    ctx: BenchContext, client: ApiClient, params: dict[str, str], store: GraphStore, name: str, scale: int,
    max_rows: int,
) -> list[Figure]:
    repeats = 1 if ctx.tiny else ctx.repeats
    figures = []
    for part, extra in (("default page", {}), ("whole answer", {"_limit": str(max_rows)})):
        path = f"/queries/{name}?" + urllib.parse.urlencode({**params, **extra})
        runs, scans, rows = [], [], 0
        for _ in range(repeats):  # a request, then a full scan: both see the same moment of a noisy machine
            client.connect()
            status, seconds, body = client.get(path)
            if status != 200:
                raise RuntimeError(f"GET {path} answered {status}: {body[:300]!r}")
            rows = len(json.loads(body)["rows"])
            runs.append(seconds)
            scans.append(full_scan_seconds(store))
        target = None
        if scale >= TARGET_SCALE:
            target = PAGE_TARGET if part == "default page" else WHOLE_TARGET if scale == TARGET_SCALE else None
        shown = ", ".join(f"{key}={value.rsplit('/', 1)[-1]}" for key, value in params.items())
        figure = Figure(
            QUERIES_SECTION, f"{name}, {part}, {_label(scale)}", "s", runs, "full scan", scans,
            target=f"≤ {target}× a full scan" if target else None,
            note=f"{rows:,} rows" + (f"; {shown}" if shown else ""),
        )
        if target is not None:
            figure.met = figure.ratio is not None and figure.ratio <= target
        figures.append(figure)
    return figures


# --- SPARQL endpoint ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    """What one wrk run saw."""

    requests_per_s: float
    p50_ms: float
    p99_ms: float


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS_MS[unit]


def parse_wrk(output: str) -> Load:
    """Requests/s and the 50th and 99th latency percentiles of `wrk --latency` output; an error when any
    request failed, so a fast stream of errors is never taken for throughput."""
    failures = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: .*", output)
    if failures:
        raise RuntimeError(f"wrk saw failed requests ({failures[0]}):\n{output}")
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.MULTILINE))
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    if rate is None or set(percentiles) != {"50", "99"}:
        raise RuntimeError(f"cannot read wrk's output:\n{output}")
    return Load(float(rate[1]), _ms(percentiles["50"]), _ms(percentiles["99"]))


def wrk(url: str, connections: int, seconds: int) -> Load:
    if shutil.which("wrk") is None:
        raise RuntimeError("the SPARQL endpoint benchmark needs wrk: apt-get install wrk")
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
               "-H", "Accept: application/sparql-results+json", url]
    return parse_wrk(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def _rows(url: str) -> list:
    response = httpx.get(url, headers={"Accept": "application/sparql-results+json"}, timeout=30)
    response.raise_for_status()
    return sorted(json.dumps(b, sort_keys=True) for b in response.json()["results"]["bindings"])


def _loads(url: str, budget: Budget, repeats: int) -> dict[int, list[Load]]:
    wrk(url, 1, 1)  # warm-up: the first requests open the snapshots and fill caches
    return {c: [wrk(url, c, budget.wrk_s) for _ in range(repeats)] for c in CONNECTIONS}


def sparql_figures(ctx: BenchContext, scale: int, store_dir: Path) -> list[Figure]:
    budget = Budget.of(ctx)
    entity = sample_entity(GraphStore(store_dir, read_only=True))
    lookup = urllib.parse.quote(f"SELECT ?label WHERE {{ <{entity}> <{RDFS_LABEL}> ?label }}")
    with kg_serve(ctx, store_dir) as server:
        kg_url = f"{server.url}/sparql?query={lookup}"
        kg_rows = _rows(kg_url)
        kg = _loads(kg_url, budget, ctx.repeats)
    with oxigraph_serve(ctx, store_dir) as server:
        oxigraph_url = f"{server.url}/query?union-default-graph&query={lookup}"
        if _rows(oxigraph_url) != kg_rows:
            raise RuntimeError("kg serve and oxigraph serve answer the lookup differently")
        oxigraph = _loads(oxigraph_url, budget, ctx.repeats)
    note = f"{_label(scale)}; {len(kg_rows)} rows; wrk {budget.wrk_s} s a run"
    figures = []
    for c in CONNECTIONS:
        where = f"{c} connection{'s' if c > 1 else ''}"
        rate = Figure(
            SPARQL_SECTION, f"/sparql req/s, {where}", "req/s", [load.requests_per_s for load in kg[c]],
            "oxigraph serve", [load.requests_per_s for load in oxigraph[c]], note=note,
        )
        if c == 16:
            rate.target = f"≥ {SPARQL_TARGET}× oxigraph serve"
            rate.met = rate.ratio is not None and rate.ratio >= SPARQL_TARGET
        figures.append(rate)
        for p in (50, 99):
            figures.append(Figure(
                SPARQL_SECTION, f"/sparql p{p}, {where}", "ms", [getattr(load, f"p{p}_ms") for load in kg[c]],
                f"oxigraph serve p{p}", [getattr(load, f"p{p}_ms") for load in oxigraph[c]], note=note,
            ))
    return figures


# --- command line ---------------------------------------------------------------------------------------


def _store_arg(text: str) -> tuple[int, Path]:
    articles, _, directory = text.rpartition("=")
    return (int(articles) if articles else 0), Path(directory)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.api", description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, help="scratch directory (default: a new temporary one)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--tiny", action="store_true", help="a few requests each: checks that it all runs")
    parser.add_argument("--store", type=_store_arg, action="append", default=[], metavar="[ARTICLES=]DIR",
                        help="an existing store to measure (repeatable); default: one of the test articles")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-api-"))
    work.mkdir(parents=True, exist_ok=True)
    repeats = 1 if args.tiny else args.repeats
    ctx = BenchContext(work=work, repeats=repeats, tiny=args.tiny, stores=dict(args.store))
    started = time.monotonic()
    for figure in run(ctx):
        ratio = f"{figure.ratio:.2f}×" if figure.ratio is not None else ""
        anchor = f"{figure.anchor} {figure.anchor_value:.3g}" if figure.anchor_value is not None else ""
        met = {True: "met", False: "MISSED", None: ""}[figure.met]
        print(f"{figure.section:16} {figure.name:58} {figure.value:10.3g} {figure.unit:6} {anchor:28} "
              f"{ratio:8} {met:6} {figure.note}")
    print(f"({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
