"""Benchmarks against the targets and the peers of issue 6; `python -m bench` runs them and writes the report."""
