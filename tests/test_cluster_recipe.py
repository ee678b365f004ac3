"""Extraction on a real Dask cluster: `dask scheduler` and two `dask worker` processes on 127.0.0.1, started
with the README's recipe ("A corpus too large for one machine"), its addresses replaced by loopback ones."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import cloudpickle
import httpx
import pytest

from bench.common import free_port
from kg.cluster import worker_environment
from kg.settings import PROJECT_ROOT
import tests.processes
from tests.processes import kg, nquads, quiet, wait_until_up, worker_settings

pytestmark = [pytest.mark.model, pytest.mark.slow]

BIN = Path(sys.executable).parent
RECIPE_HEADING = "### A corpus too large for one machine"
ARTICLES = sorted((PROJECT_ROOT / "seeds").glob("*.txt")) + sorted((PROJECT_ROOT / "tests" / "data" / "articles").iterdir())
TOO_LONG = "m_too_long.txt"  # over spaCy's 1,000,000 characters: its extraction raises
ARTICLE_GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a <https://w3id.org/mkg/ontology#extractorVersion> ?v } }"


ASSIGNMENT = re.compile(r"[A-Z][A-Z0-9_]*=\S*")


def recipe() -> list[str]:
    """The command lines of the README's recipe, as written there (after the variables a line sets, if any)."""
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index(RECIPE_HEADING):]
    start = section.index("```sh\n") + len("```sh\n")
    block = section[start:section.index("```", start)]
    lines = []
    for line in block.splitlines():
        command = _command(shlex.split(line, comments=True))[1]
        if command and command[0].startswith(".venv/bin/"):
            lines.append(line)
    return lines


def _command(words: list[str]) -> tuple[dict[str, str], list[str]]:
    """The environment variables a shell line sets for its command (`NAME=value cmd ...`), and the command."""
    env: dict[str, str] = {}
    while words and ASSIGNMENT.fullmatch(words[0]):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    return env, words


def recipe_commands(replacements: dict[str, str]) -> dict[str, tuple[list[str], dict[str, str]]]:
    """The recipe's commands by what they start ("dask scheduler", "dask worker", "oxigraph serve", "kg ingest"),
    each with the variables its line sets, and each of `replacements` made; every replacement must be used and
    no address of the README may be left."""
    lines = recipe()
    unused = [old for old in replacements if not any(old in line for line in lines)]
    assert not unused, f"the README's recipe no longer holds {unused}: update this test with it"
    commands = {}
    for line in lines:
        for old, new in replacements.items():
            line = line.replace(old, new)
        assert "10.0.0." not in line, line
        env, args = _command(shlex.split(line))
        args[0] = str(BIN / args[0].removeprefix(".venv/bin/"))
        commands[f"{Path(args[0]).name} {args[1]}"] = (args, env)
    assert set(commands) == {"dask scheduler", "dask worker", "oxigraph serve", "kg ingest"}, sorted(commands)
    return commands


def test_recipe_workers_set_the_worker_config():
    worker = next(line for line in recipe() if "dask worker" in line)
    assert _command(shlex.split(worker))[0] == worker_environment()


@dataclass
class Cluster:
    commands: dict[str, list[str]]
    workers: list[subprocess.Popen]
    store: str  # the Oxigraph server's URL
    articles: Path


def _wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()[-2000:]
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}: {log.read_text()[-2000:]}")


def _stop_group(process: subprocess.Popen) -> None:
    """Stop a process and its children (a `dask worker` is a nanny and its worker process)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    """The README's scheduler, two workers and Oxigraph server, on 127.0.0.1, and a folder of articles: the
    seeds, the test articles and one too long for spaCy."""
    articles = tmp_path / "articles"
    articles.mkdir()
    for path in ARTICLES:
        shutil.copy(path, articles)
    (articles / TOO_LONG).write_text("".join(  # distinct paragraphs: the cleaner drops repeated ones
        f"Report {i}: the ministry said nothing about the decree, officials told reporters on Monday. " * 20 + "\n\n"
        for i in range(560)
    ))
    scheduler_port, store_port = free_port(), free_port()
    commands = recipe_commands({
        "10.0.0.1:8787": "127.0.0.1:0",
        "10.0.0.2:0": "127.0.0.1:0",
        "tcp://10.0.0.1:8786": f"tcp://127.0.0.1:{scheduler_port}",
        "--port 8786": f"--port {scheduler_port}",
        "10.0.0.1:7878": f"127.0.0.1:{store_port}",
        "--host 10.0.0.1": "--host 127.0.0.1",
        "--host 10.0.0.2": "--host 127.0.0.1",
        "--nworkers 8": "--nworkers 1",
        "/srv/oxigraph": str(tmp_path / "oxigraph"),
        "/srv/articles": str(articles),
    })

    def start(name: str, log: Path) -> subprocess.Popen:
        args, env = commands[name]
        with log.open("w") as out:
            return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    start_new_session=True, cwd=tmp_path, env={**os.environ, **env})

    with ExitStack() as stack:
        scheduler = start("dask scheduler", tmp_path / "scheduler.log")
        stack.callback(_stop_group, scheduler)
        _wait_for_port(scheduler_port, scheduler, tmp_path / "scheduler.log")
        workers = []
        for i in range(2):
            workers.append(start("dask worker", tmp_path / f"worker-{i}.log"))
            stack.callback(_stop_group, workers[-1])
        oxigraph = start("oxigraph serve", tmp_path / "oxigraph.log")
        stack.callback(_stop_group, oxigraph)
        wait_until_up(f"http://127.0.0.1:{store_port}/query", oxigraph)
        deadline = time.monotonic() + 120
        while not all("Registered to" in (tmp_path / f"worker-{i}.log").read_text() for i in range(2)):
            assert time.monotonic() < deadline and all(w.poll() is None for w in workers), "the workers did not join"
            time.sleep(0.2)
        assert not commands["kg ingest"][1], "the client needs no variables: its settings are its options"
        yield Cluster({name: args for name, (args, _) in commands.items()}, workers, f"http://127.0.0.1:{store_port}",
                      articles)


def article_graphs(url: str) -> int:
    response = httpx.get(f"{url}/query", params={"query": ARTICLE_GRAPHS, "union-default-graph": ""},
                         headers={"Accept": "application/sparql-results+json"}, timeout=10)
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def article_quads(store: str) -> list[str]:
    return [line for line in nquads(store) if "/graph/article/" in line]


def test_cluster_ingest_survives_a_killed_worker_and_stores_what_a_local_ingest_does(tmp_path):
    with cluster(tmp_path) as running:
        env = {**os.environ, "KG_EXTRACT_BATCH": "2"}  # seven batches: the killed worker has one in hand
        ingest = subprocess.Popen(running.commands["kg ingest"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, env=env, stdin=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 240
            while (stored := article_graphs(running.store)) == 0:
                assert ingest.poll() is None, ingest.communicate()
                assert time.monotonic() < deadline, "nothing was stored"
                time.sleep(0.05)
            os.killpg(running.workers[0].pid, signal.SIGKILL)  # the nanny and its worker, mid-run
            killed_mid_run = ingest.poll() is None and stored < len(ARTICLES)
            out, err = ingest.communicate(timeout=300)
        finally:
            if ingest.poll() is None:
                ingest.kill()
                ingest.communicate()
        assert killed_mid_run, f"the run was over before the worker was killed ({stored} stored)"
        assert running.workers[0].wait(timeout=10) == -signal.SIGKILL
        summary = json.loads(out)
        assert ingest.returncode == 1, err  # one article failed; every other one is stored
        assert [Path(f["path"]).name for f in summary["failed"]] == [TOO_LONG]
        assert "extraction raised ValueError" in summary["failed"][0]["error"]
        assert len(summary["added"]) == len(ARTICLES) and not summary["updated"]

        local = kg("ingest", str(running.articles), "--store", str(tmp_path / "local"), "--json")
        assert local.returncode == 1 and len(json.loads(local.stdout)["added"]) == len(ARTICLES)
        remote_quads = article_quads(running.store)
        assert remote_quads and remote_quads == article_quads(str(tmp_path / "local"))


def test_cluster_extract_writes_the_same_files_as_a_local_extract(tmp_path):
    from distributed import Client

    with cluster(tmp_path) as running:
        scheduler = running.commands["kg ingest"][running.commands["kg ingest"].index("--scheduler") + 1]
        # The recipe's workers run with kg.cluster's settings. They cannot import this checkout's `tests`, so the
        # probe travels by value.
        cloudpickle.register_pickle_by_value(tests.processes)
        with Client(scheduler, timeout=30) as client:
            for nanny in (False, True):
                intervals = client.run(worker_settings, nanny=nanny)
                assert len(intervals) == 2 and all(quiet(each) for each in intervals.values()), intervals
        shared = tmp_path / "shared-nq"
        on_cluster = kg("extract", str(running.articles), "--out", str(shared), "--scheduler", scheduler, "--json")
        local = kg("extract", str(running.articles), "--out", str(tmp_path / "local-nq"), "--json")
    assert on_cluster.returncode == local.returncode == 1, on_cluster.stderr  # the article too long for spaCy
    assert json.loads(on_cluster.stdout)["failed"] == json.loads(local.stdout)["failed"]
    files = sorted(path.name for path in (tmp_path / "local-nq").iterdir())
    assert len(files) == len(ARTICLES) and sorted(path.name for path in shared.iterdir()) == files
    for name in files:
        assert (shared / name).read_bytes() == (tmp_path / "local-nq" / name).read_bytes(), name
