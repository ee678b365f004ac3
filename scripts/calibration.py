"""The calibration table: for each band of 0.1 of row confidence, how many canned-query rows of the exhaustive
questions fall in it and the share of them that are right, judged by the scorer's own matching against each
set's gold. Run after ingesting each set:  scripts/calibration.py SET=STORE [SET=STORE ...]
With --fit (on stores ingested with KG_CALIBRATED=false), also print the table for kg/extract/calibration.py:
the bands' shares, pooled where a lower band was right more often than a higher one."""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KG = ROOT / ".venv" / "bin" / "kg"


def load_scorer():
    path = Path(os.environ.get("KG_SCORER", ROOT.parent / "shared" / "eval" / "score.py"))
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def judged_rows(scorer, gold: Path, store: Path):
    """(confidence, right) for every row of every exhaustive question, judged as the scorer judges it."""
    for q in json.loads(gold.read_text())["questions"]:
        if not q.get("exhaustive"):
            continue
        result = scorer.run_query(str(KG), str(store), q["query"], q.get("params", {}))
        columns = result.get("columns") or []
        for row in result["rows"]:
            text = scorer.row_text(row)
            answer = scorer.row_text(scorer.answer_of(row, columns))
            hits = [item for item in q.get("expect", []) if scorer.matches(item, text)]
            allowed = any(scorer.matches(item, text) for item in q.get("allow", []))
            forbidden = any(scorer.matches(item, text if item.get("scope", "answer") == "row" else answer)
                            for item in q.get("forbid", []))
            right = (1 <= len(hits) <= 2 or allowed) and not forbidden
            yield float(row["confidence"]), right


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", nargs="+", metavar="SET=STORE")
    parser.add_argument("--fit", action="store_true", help="print RAW_TO_CALIBRATED fitted on these rows")
    args = parser.parse_args()
    scorer = load_scorer()
    bands: dict[int, list[bool]] = {}
    for pair in args.stores:
        name, store = pair.split("=", 1)
        gold = ROOT.parent / "shared" / "eval" / "dev" / "gold.json" if name == "dev" else ROOT / "eval" / name / "gold.json"
        for confidence, right in judged_rows(scorer, gold, Path(store)):
            bands.setdefault(min(int(confidence * 10), 9), []).append(right)
    print("| confidence | rows | right | share right | within 0.1 of the band |")
    print("|---|---|---|---|---|")
    for band in sorted(bands):
        rows = bands[band]
        share = sum(rows) / len(rows)
        low, high = band / 10, (band + 1) / 10
        within = low - 0.1 <= share <= high + 0.1
        print(f"| {low:.1f}–{high:.1f} | {len(rows)} | {sum(rows)} | {share:.2f} | {'yes' if within else 'no'} |")
    if args.fit:
        print(f"RAW_TO_CALIBRATED = {fit(bands)}  # {sum(map(len, bands.values()))} judged rows")


def fit(bands: dict[int, list[bool]]) -> tuple[tuple[float, float], ...]:
    """Pool-adjacent-violators over the bands in order: runs of (lowest band, right, rows) merged until the
    share right never falls from one run to the next."""
    runs: list[list[int]] = []
    for band in sorted(bands):
        runs.append([band, sum(bands[band]), len(bands[band])])
        while len(runs) > 1 and runs[-2][1] / runs[-2][2] >= runs[-1][1] / runs[-1][2]:
            _, right, rows = runs.pop()
            runs[-1][1] += right
            runs[-1][2] += rows
    return tuple((0.0 if i == 0 else band / 10, round(right / rows, 2)) for i, (band, right, rows) in enumerate(runs))


if __name__ == "__main__":
    main()
