"""Crash safety: `kg ingest` killed with SIGKILL at 20 random points leaves a store that opens, whose every
article graph is whole (exactly the graph a clean run makes for the version its content hash records) or
absent, with its ingest time recorded exactly when it is there, and a rerun reaches the same quads as a clean
run (but for the ingest times, each run's own)."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import time
from collections import defaultdict
from pathlib import Path

import pytest

from kg.store import GraphStore
from tests.layout_check import assert_stored_once, timeless_lines
from tests.processes import copy_seeds, kg, nquads, start_kg

pytestmark = [pytest.mark.model, pytest.mark.slow]

KILLS = 20
EDIT = "\nOn 1 April 2025 Sergei Shoigu said that 2,500 migrants from Tajikistan were sent to the front.\n"
GRAPH = re.compile(r"<(https://w3id\.org/mkg/graph/article/[a-p]+)> \.$")
INGESTED = re.compile(
    r"^<https://w3id\.org/mkg/article/([a-p]+)> <https://w3id\.org/mkg/ontology#ingestedAt> .* "
    r"<https://w3id\.org/mkg/graph/ingests> \.$"
)
HASH = re.compile(r'<https://w3id\.org/mkg/ontology#contentHash> "([0-9a-f]+)"')


def article_graphs(lines: list[str]) -> dict[str, frozenset[str]]:
    graphs: dict[str, set[str]] = defaultdict(set)
    for line in lines:
        match = GRAPH.search(line)
        if match:
            graphs[match[1]].add(line)
    return {graph: frozenset(quads) for graph, quads in graphs.items()}


def content_hash(quads: frozenset[str]) -> str | None:
    hashes = {m[1] for line in quads if (m := HASH.search(line)) and "/graph/article/" in line}
    return hashes.pop() if len(hashes) == 1 else None


def without_blank_labels(lines: list[str]) -> list[str]:
    return sorted(re.sub(r"_:[0-9a-f]+", "_:b", line) for line in lines)


def write_version(files: list[Path], originals: list[str], version: int) -> None:
    for file, text in zip(files, originals):
        file.write_text(text + (EDIT if version else ""))


def test_crash_safety_sigkill_at_random_points(tmp_path):
    articles = tmp_path / "articles"
    files = copy_seeds(articles, 4)
    originals = [f.read_text() for f in files]

    # Clean runs: the graph of every article in both versions, by content hash.
    clean: dict[int, list[str]] = {}
    whole: dict[str, frozenset[str]] = {}
    write_duration = 0.0
    wall = 0.0
    for version in (0, 1):
        write_version(files, originals, version)
        store = str(tmp_path / f"clean-{version}")
        started = time.monotonic()
        result = kg("ingest", str(articles), "--store", store, "--json")
        wall = time.monotonic() - started
        assert result.returncode == 0, result.stderr
        write_duration = json.loads(result.stdout)["timings"]["total"]
        clean[version] = nquads(store)
        for quads in article_graphs(clean[version]).values():
            whole[content_hash(quads)] = quads
    assert len(whole) == 8

    # Kill at random points of the part of a run that writes (after start-up), alternating the versions so
    # that every run replaces graphs.
    seed = int(os.environ.get("KG_CRASH_SEED", random.randrange(1 << 30)))
    chooser = random.Random(seed)
    store = str(tmp_path / "crashed")
    outcomes = []
    for kill in range(KILLS):
        write_version(files, originals, kill % 2)
        run = start_kg("ingest", str(articles), "--store", store)
        # Within the clean run's writing, ending half-way through it: a run as fast as the clean one (warm
        # caches, an existing store) must still be killed while it writes, not after it exits.
        earliest = max(0.0, wall - write_duration - 0.5)
        time.sleep(chooser.uniform(earliest, max(earliest, wall - write_duration / 2)))
        run.send_signal(signal.SIGKILL)
        outcomes.append(run.wait(timeout=60))
        run.stdout.close()
        run.stderr.close()
        if not Path(store).exists():
            continue  # killed before the store was created
        lines = nquads(store)  # the store opens (kg export fails otherwise)
        graphs = article_graphs(lines)
        ingested = {m[1] for line in lines if (m := INGESTED.match(line))}
        assert ingested == {g.rsplit("/", 1)[1] for g in graphs}, f"seed {seed}, kill {kill}: an ingest time without its graph or the reverse"
        for graph, quads in graphs.items():
            recorded = content_hash(quads)
            assert recorded in whole and quads == whole[recorded], (
                f"seed {seed}, kill {kill}: {graph} is not a whole graph of a clean run"
            )
        assert_stored_once(GraphStore(Path(store), read_only=True))  # shared statements match the graphs
    assert outcomes.count(-signal.SIGKILL) >= KILLS // 2, f"seed {seed}: most runs ended before the kill"

    write_version(files, originals, 1)
    rerun = kg("ingest", str(articles), "--store", store)
    assert rerun.returncode == 0, rerun.stderr
    assert without_blank_labels(timeless_lines(nquads(store))) == without_blank_labels(timeless_lines(clean[1])), f"seed {seed}"
