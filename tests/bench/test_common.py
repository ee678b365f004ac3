"""The benchmark framework: percentiles, process-tree RSS, figures and the report they render to."""

from __future__ import annotations

import os
import subprocess
import sys

from bench.common import Figure, percentile, tree_rss
from bench.report import render

MACHINE = {"date": "2026-11-21 10:00 UTC", "nproc": "2", "memory": "23.5 GiB", "cpu": "x", "python": "3.11",
           "versions": "pyoxigraph 0.5"}


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 50) == 50
    assert percentile(values, 99) == 99
    assert percentile(values, 100) == 100
    assert percentile([3.0], 99) == 3.0
    assert percentile([5, 1, 4, 2, 3], 50) == 3


def test_tree_rss_counts_child_processes():
    alone = tree_rss(os.getpid())
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; b = bytearray(200 * 1024 * 1024); sys.stdout.write('x'); "
         "sys.stdout.flush(); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )
    with child:
        child.stdout.read(1)
        assert tree_rss(os.getpid()) > alone + 150 * 1024 * 1024
        child.stdin.close()


def test_figure_value_and_ratio_are_medians():
    figure = Figure("Ingest", "kg ingest", "words/s", [900, 1000, 5000], anchor="nlp.pipe", anchor_runs=[1000, 1250, 1200])
    assert figure.value == 1000
    assert figure.anchor_value == 1200
    assert abs(figure.ratio - 1000 / 1200) < 1e-9
    assert Figure("S", "n", "s", [1.0]).ratio is None


def test_a_paired_figure_s_ratio_is_the_median_of_its_runs_own_ratios():
    # The load drifts between repeats: each run is judged against the anchor run made just before it.
    figure = Figure("Ingest", "per CPU-second", "words/CPU-s", [400, 900, 950], anchor="raw",
                    anchor_runs=[500, 1000, 1300], paired=True)
    assert [round(r, 3) for r in figure.ratios] == [0.8, 0.9, 0.731]
    assert abs(figure.ratio - 0.8) < 1e-9 and abs(figure.value / figure.anchor_value - 0.9) < 1e-9
    text = render([figure], MACHINE, command="python -m bench", repeats=3, seconds=1, failures={})
    assert "| 0.80× (runs 0.73–0.90) |" in text
    assert Figure("S", "n", "s", [1.0, 2.0], anchor_runs=[1.0, 1.0]).ratios == []  # unpaired: no runs of ratios


def test_report_lists_targets_sections_and_failures():
    figures = [
        Figure("Ingest", "kg ingest --jobs 1", "words/s", [3500], anchor="raw nlp.pipe", anchor_runs=[4000],
               target="≥ 0.8× raw", met=True),
        Figure("SPARQL endpoint", "16 connections", "req/s", [1000], anchor="oxigraph serve", anchor_runs=[10000],
               target="≥ 0.35×", met=False, note="a | b"),
        Figure("Corpus scale", "disk at 1k", "MB", [12.5]),
    ]
    text = render(figures, MACHINE, command="python -m bench", repeats=3, seconds=90, failures={"api": "Boom\n"})
    assert "## Targets: 1 of 2 met" in text
    assert "| Ingest | kg ingest --jobs 1 | 0.88× | ≥ 0.8× raw | yes |" in text
    assert "| SPARQL endpoint | 16 connections | 0.10× | ≥ 0.35× | **no** |" in text
    assert "## api: FAILED" in text and "Boom" in text
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## Targets: 1 of 2 met", "## api: FAILED", "## Ingest", "## SPARQL endpoint", "## Corpus scale"]
    assert "a \\| b" in text  # a cell's pipe does not break the table
    assert "2 cores" in text and "1.5 min" in text
