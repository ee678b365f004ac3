"""Score the extractor on the evaluation sets (see scripts/eval): ingest each set whose texts are present into a
temporary store, run the scorer on it, print its lines, then one total line over all the sets scored."""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "eval"
KG = ROOT / ".venv" / "bin" / "kg"
SUMMARY = re.compile(r"recall=(?P<recall>[\d.]+) found=(?P<found>\d+)/(?P<expected>\d+) forbidden=(?P<forbidden>\d+)"
                     r" rows=(?P<rows>\d+)(?: precision=\S+ judged=(?P<judged>\d+) wrong=(?P<wrong>\d+))?")


@dataclass
class Score:
    found: int = 0
    expected: int = 0
    forbidden: int = 0
    rows: int = 0
    judged: int = 0
    wrong: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(*(a + b for a, b in zip(vars(self).values(), vars(other).values())))

    def line(self) -> str:
        recall = self.found / self.expected if self.expected else 0.0
        precision = f"{(self.judged - self.wrong) / self.judged:.3f}" if self.judged else "-"
        return (f"recall={recall:.3f} found={self.found}/{self.expected} forbidden={self.forbidden} rows={self.rows}"
                f" precision={precision} judged={self.judged} wrong={self.wrong}")


def parse_summary(output: str) -> Score:
    """The scorer's last summary line as a Score."""
    match = next((m for line in reversed(output.splitlines()) if (m := SUMMARY.search(line))), None)
    if match is None:
        raise ValueError("the scorer printed no summary line")
    number = {k: int(v) for k, v in match.groupdict().items() if k != "recall" and v is not None}
    return Score(**number)


def texts_of(name: str) -> Path:
    """A set's article folder: eval/<set>/texts/, or for the seeds the committed seeds/ folder."""
    return ROOT / "seeds" if name == "seeds" else EVAL / name / "texts"


def sets_with_texts() -> list[str]:
    return sorted(p.name for p in EVAL.iterdir()
                  if (p / "gold.json").is_file() and texts_of(p.name).is_dir() and any(texts_of(p.name).glob("*")))


def fetch_problems(name: str) -> list[str]:
    """How a set's texts differ from the SHA-256 sums recorded when they were fetched (`eval/<set>/texts.sha256`,
    `sha256sum` format): a text missing, changed or not listed. A re-fetch that differs scores other text."""
    sums = EVAL / name / "texts.sha256"
    if not sums.is_file():
        return []
    recorded = dict(reversed(line.split(maxsplit=1)) for line in sums.read_text().splitlines() if line.strip())
    present = {path.name: path for path in texts_of(name).iterdir() if path.is_file()}
    problems = [f"{file}: missing" for file in sorted(set(recorded) - set(present))]
    problems += [f"{file}: not in texts.sha256" for file in sorted(set(present) - set(recorded))]
    problems += [f"{file}: differs from the text that was fetched" for file in sorted(set(recorded) & set(present))
                 if hashlib.sha256(present[file].read_bytes()).hexdigest() != recorded[file]]
    return problems


def score_set(name: str, scorer: Path, verbose: bool) -> tuple[str, Score]:
    with tempfile.TemporaryDirectory(prefix=f"kg-eval-{name}-") as tmp:
        store = Path(tmp) / "store"
        ingest = subprocess.run([str(KG), "ingest", str(texts_of(name)), "--store", str(store)],
                                capture_output=True, text=True)
        if ingest.returncode not in (0, 1):
            raise SystemExit(f"kg ingest of eval/{name} failed: {ingest.stderr.strip()}")
        command = [sys.executable, str(scorer), str(EVAL / name / "gold.json"), "--store", str(store), "--kg", str(KG)]
        result = subprocess.run(command + (["-v"] if verbose else []), capture_output=True, text=True)
        return result.stdout, parse_summary(result.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", help="sets to score (default: every set whose texts are present)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    scorer = Path(os.environ.get("KG_SCORER", ROOT.parent / "shared" / "eval" / "score.py"))
    if not scorer.is_file():
        print(f"no scorer at {scorer}: set KG_SCORER to the path of score.py", file=sys.stderr)
        return 2
    names = args.sets or sets_with_texts()
    if not names:
        print("no evaluation set has its texts: fetch them into eval/<set>/texts/ as eval/<set>/SOURCES.md says",
              file=sys.stderr)
        return 2
    total = Score()
    for name in names:
        for problem in fetch_problems(name):
            print(f"warning: eval/{name}/texts/{problem} (fetch it again as eval/{name}/SOURCES.md says)",
                  file=sys.stderr)
        output, score = score_set(name, scorer, args.verbose)
        print(f"## {name}\n{output.rstrip()}\n")
        total = total + score
    print(f"## total ({', '.join(names)})\n{total.line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
