"""Run the benchmarks and write the report: `python -m bench [--tiny] [--scales 1000,10000] [--out FILE]`.

Parts run in order (ingest → corpus → api), because the API part queries the stores the corpus part builds.
A part that fails is reported (with its error) and the others still run; the exit code is then 1.
"""

from __future__ import annotations

import argparse
import importlib
import shlex
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench.common import ROOT, BenchContext, Figure, machine
from bench.report import render

PARTS = ("ingest", "corpus", "api")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md", help="the report to write")
    parser.add_argument("--work", type=Path, help="scratch directory (default: a new temporary one)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each figure (the report gives medians)")
    # 100k articles (≈ 50M quads) takes 20-40 min and ≈ 30 GB of disk on its own: asked for, not by default.
    parser.add_argument("--scales", default="1000,10000", help="corpus sizes, in articles (e.g. 1000,10000,100000)")
    parser.add_argument("--throughput-articles", type=int, default=BenchContext.throughput_articles,
                        help="articles of the ingest part's larger corpus, for throughput on Dask")
    parser.add_argument("--tiny", action="store_true", help="tiny inputs, one repeat: checks that it all runs")
    parser.add_argument("--only", default=",".join(PARTS), help=f"a comma-separated subset of {', '.join(PARTS)}")
    args = parser.parse_args(argv)

    parts = [part.strip() for part in args.only.split(",") if part.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}: choose from {', '.join(PARTS)}")
    try:
        scales = [int(scale) for scale in args.scales.split(",")]
    except ValueError:
        parser.error(f"--scales takes comma-separated article counts, not {args.scales!r}")
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    ctx = BenchContext(work=work, repeats=1 if args.tiny else args.repeats, tiny=args.tiny, scales=scales,
                       throughput_articles=args.throughput_articles)

    started = time.monotonic()
    figures: list[Figure] = []
    failures: dict[str, str] = {}
    for part in parts:
        print(f"bench: {part} …", file=sys.stderr, flush=True)
        try:
            figures += importlib.import_module(f"bench.{part}").run(ctx)
        except Exception:  # noqa: BLE001 — one broken part is reported; the others still run
            failures[part] = traceback.format_exc()
            print(failures[part], file=sys.stderr)
    command = "python -m bench " + shlex.join(argv if argv is not None else sys.argv[1:])
    report = render(
        figures, machine(), command=command.strip(), repeats=ctx.repeats, seconds=time.monotonic() - started,
        failures=failures,
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report + "\n")
    print(f"bench: wrote {args.out} in {(time.monotonic() - started) / 60:.1f} min", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
