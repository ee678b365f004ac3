"""`kg ingest`, `kg extract` and `kg load` as cron runs them: exit codes, quiet output, the lock, --json."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import copy_seeds, kg, nquads, start_kg

pytestmark = [pytest.mark.model, pytest.mark.slow]


def test_cli_ingest_is_silent_when_all_is_well_and_says_what_failed(tmp_path):
    copy_seeds(tmp_path / "articles", 1)
    store = str(tmp_path / "store")
    quiet = kg("ingest", str(tmp_path / "articles"), "--store", store)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")

    (tmp_path / "articles" / "empty.txt").write_text("   \n")
    failed = kg("ingest", str(tmp_path / "articles"), "--store", store)
    assert failed.returncode == 1 and failed.stdout == ""
    assert "empty.txt" in failed.stderr and "Traceback" not in failed.stderr

    summary = json.loads(kg("ingest", str(tmp_path / "articles"), "--store", store, "--json").stdout)
    assert len(summary["unchanged"]) == 1 and summary["ok"] is False
    assert [Path(f["path"]).name for f in summary["failed"]] == ["empty.txt"] and summary["failed"][0]["error"]
    assert {"added", "updated", "removed", "timings"} <= summary.keys() and "total" in summary["timings"]


def test_cli_ingest_shows_a_progress_bar_on_a_terminal(tmp_path):
    copy_seeds(tmp_path / "articles", 2)
    terminal, stderr = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "ingest", str(tmp_path / "articles"), "--store", str(tmp_path / "store")],
        stdout=subprocess.PIPE, stderr=stderr, stdin=subprocess.DEVNULL, env={**os.environ, "TERM": "xterm"},
    )
    os.close(stderr)
    shown = b""
    while True:
        try:
            chunk = os.read(terminal, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    os.close(terminal)
    assert process.wait(timeout=300) == 0 and process.stdout.read() == b""
    process.stdout.close()
    text = shown.decode("utf-8", "replace")
    assert "ingest" in text and "2 done · 0 failed · 0 left" in text and "words/s" in text


def test_cli_ingest_usage_error_exits_2(tmp_path):
    result = kg("ingest", str(tmp_path), "--wait", "-1")
    assert result.returncode == 2 and "usage error" in result.stderr


def test_cli_ingest_jobs_and_a_scheduler_exclude_each_other(tmp_path):
    both = kg("ingest", str(tmp_path), "--jobs", "2", "--scheduler", "tcp://127.0.0.1:1")
    assert both.returncode == 2 and "give one of them" in both.stderr
    no_scheme = kg("extract", str(tmp_path), "--out", str(tmp_path / "nq"), env={"KG_DASK_SCHEDULER": "10.0.0.1:8786"})
    assert no_scheme.returncode == 2 and "tcp://HOST:PORT" in no_scheme.stderr and "Traceback" not in no_scheme.stderr


def test_cli_two_concurrent_ingests_one_runs_one_exits_75(tmp_path):
    copy_seeds(tmp_path / "articles", 2)
    store = str(tmp_path / "store")
    runs = [start_kg("ingest", str(tmp_path / "articles"), "--store", store) for _ in range(2)]
    results = sorted((run.wait(timeout=300), run.stderr.read()) for run in runs)
    for run in runs:
        run.stdout.close()
        run.stderr.close()
    assert [code for code, _ in results] == [0, 75]
    assert "another ingest is writing" in results[1][1] and "--wait" in results[1][1]


def test_cli_concurrent_ingest_with_wait_runs_after_the_first(tmp_path):
    copy_seeds(tmp_path / "articles", 2)
    store = str(tmp_path / "store")
    runs = [start_kg("ingest", str(tmp_path / "articles"), "--store", store, "--json", "--wait", "120") for _ in range(2)]
    summaries = []
    for run in runs:
        assert run.wait(timeout=300) == 0
        summaries.append(json.loads(run.stdout.read()))
        run.stdout.close()
        run.stderr.close()
    assert sorted(len(s["added"]) for s in summaries) == [0, 2]  # the second found everything stored
    assert sorted(len(s["unchanged"]) for s in summaries) == [0, 2]


def test_cli_extract_in_parallel_then_load_equals_ingest(tmp_path):
    copy_seeds(tmp_path / "articles", 3)
    extracted = kg("extract", str(tmp_path / "articles"), "--out", str(tmp_path / "nq"), "--jobs", "2", "--json")
    assert extracted.returncode == 0, extracted.stderr
    assert len(json.loads(extracted.stdout)["added"]) == 3
    loaded = kg("load", str(tmp_path / "nq"), "--store", str(tmp_path / "loaded"), "--json")
    assert loaded.returncode == 0, loaded.stderr
    assert kg("ingest", str(tmp_path / "articles"), "--store", str(tmp_path / "ingested")).returncode == 0
    article_quads = [
        [line for line in nquads(str(tmp_path / name)) if "/graph/article/" in line] for name in ("loaded", "ingested")
    ]
    assert article_quads[0] and article_quads[0] == article_quads[1]
