"""The benchmarks still run: `python -m bench --tiny` on a tiny corpus writes a complete report.

Untimed on purpose: speed is what the benchmarks measure, not what the tests assert."""

from __future__ import annotations

import math
import re
import subprocess
import sys

import pytest

from bench.common import ROOT

SECTIONS = ("Ingest", "Ingest on Dask", "Corpus scale", "Canned queries", "SPARQL endpoint")


@pytest.mark.slow
@pytest.mark.model
def test_bench_tiny_run_writes_every_section(tmp_path):
    report = tmp_path / "benchmarks.md"
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--tiny", "--scales", "20", "--work", str(tmp_path / "work"),
         "--out", str(report)],
        cwd=ROOT, capture_output=True, text=True, timeout=1200,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    text = report.read_text()
    assert "FAILED" not in text
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings[0].startswith("Targets:")
    assert set(SECTIONS) <= set(headings[1:])
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| figure")]
    medians = {}
    for line in rows:
        cells = [cell.strip() for cell in line.strip("|").split(" | ")]
        if len(cells) == 9:  # a figure row: name, median with unit, runs, anchor, anchor median, ratio, ...
            medians[cells[0]] = cells[1]
    assert any(name.startswith("kg ingest --jobs 1") for name in medians)
    assert any(name.startswith("kg ingest --scheduler, 2 Dask workers") for name in medians)
    assert any("re-ingest" in name for name in medians)
    assert any(name.startswith("/sparql req/s") for name in medians)
    for name, median in medians.items():
        number = float(median.split()[0].replace(",", ""))
        assert math.isnan(number) or number >= 0, (name, median)
