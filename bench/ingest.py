"""Ingest: words per second of `kg ingest` at --jobs 1 and 2, and on a Dask cluster of 1 and 2 workers
(`--scheduler`), against raw spaCy `nlp.pipe` on the same text in 1 and 2 processes.

The corpus is the real article texts of `seeds/` and `tests/data/articles/`, copied a few times; every copy
after the first ends with a line naming its edition, so each is a distinct article (its own id and content
hash). Words are whitespace-separated tokens of the *cleaned* text of each article, the text the extractor
hands to spaCy; the raw side runs `nlp.pipe` on exactly those texts, so both sides count the same words.

Each side is timed as a whole fresh process, from start to exit: interpreter start, imports and model load
are in on both sides (the raw side loads the model with `spacy.load`; ingest loads it once per worker and
also pays for cleaning, the rules, mapping, SHACL validation and the store). Every ingest run goes into a
fresh store. At --jobs 2 the anchor is raw `nlp.pipe` in two processes at once, each on half the texts (timed
until both exit): the ratio is then ingest's words/s per process over raw words/s per process.

On Dask, a `dask scheduler` and N `dask worker` processes (one thread each, 127.0.0.1) are started afresh
for each run and timed from the start of `kg ingest --scheduler` to its exit, once every worker has joined:
worker start-up is out, the workers' model load (the worker plugin, at the run's start) is in, as the raw
side's is. The client stores; on this machine it shares the cores with the workers.

Each figure also comes per CPU-second: words over the CPU time of every process of the run (psutil, which
Dask depends on, reads the cluster's). On a machine shared with other work, wall-time ratios of parallel
runs swing with what else runs; CPU-time ratios measure the work each side did, though a loaded machine
inflates CPU seconds too, and unevenly (the cores' caches, the disk): at a 1-minute load average of 4-5, with
another session loading a store beside it, the store stage of `kg ingest --jobs 1` took 8.5 s (1.8 s at 2-3).

Two corpora: 52 articles (4 copies), and for throughput on Dask a larger one (`--throughput-articles`, 208 by
default: 16 copies, about 92k words). Start-up is in on both sides of either, but on the larger it is about 5% of
each side's CPU, as on a backlog it is a small share; and the two sizes, run in the same repeat, tell each
side's CPU past start-up (the larger corpus's extra words over its extra CPU seconds) and, from that, what each
side spends once a run. The issue's target, a backlog's throughput per worker, is judged on the larger corpus;
the 52-article figures keep their targets, which a small run's start-up weighs on. The raw side is one
`nlp.pipe` call with spaCy's defaults (the model's batch_size is 256): on the larger corpus it parses every text
in one batch, which costs it more per word than the workers' batches of `KG_EXTRACT_BATCH` (16) do
(docs/benchmarks.md measures it), and makes its start-up, as the two sizes tell it, too small.

The targets are judged per CPU-second, paired: each repeat runs the raw anchor, then the Dask run and the
local ingest, and the ratio is the median of the repeats' own ratios, so a load that drifts during the run
moves both sides of each pair alike. On Dask the judged figure is per worker CPU-second: the `dask worker` processes
alone (nanny and worker, the extractor's load in), what each machine of a cluster spends on its share, the
client and the scheduler being elsewhere. The wall-time figures are kept for reference, without a target:
on this 2-core machine, shared with other sessions, they measure the others' work as much as ours. Each
note gives the 1-minute load average at the start of every repeat.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

from bench.common import ROOT, BenchContext, Figure, dask_cluster

SOURCES = (ROOT / "seeds", ROOT / "tests" / "data" / "articles")
COPIES = 4  # ≈ 25k words: spaCy's work outweighs its model load (≈ 1 s) several times over
TINY_SOURCES = ("a_wire_bishkek.txt", "b_tass_wire.txt")  # ≈ 230 words
RAW_PIPE = "import json, sys, spacy\nnlp = spacy.load(sys.argv[1])\nfor _ in nlp.pipe(json.load(open(sys.argv[2]))):\n    pass\n"
TARGET = 0.8
SECTION = "Ingest"
DASK_SECTION = "Ingest on Dask"
THROUGHPUT_SECTION = "Ingest on Dask: throughput"


def source_files(tiny: bool) -> list[Path]:
    files = sorted(f for folder in SOURCES for f in folder.iterdir() if f.suffix in (".txt", ".md"))
    return [f for f in files if f.name in TINY_SOURCES] if tiny else files


def build_corpus(folder: Path, sources: list[Path], articles: int) -> None:
    """`articles` articles in `folder`: the source files in turn, each round a new edition of them, so that every
    article is distinct."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for number in range(articles):
        copy, source = divmod(number, len(sources))
        text = sources[source].read_text(encoding="utf-8")
        if copy:
            text = text.rstrip("\n") + f"\n\nEdition {copy + 1} of this report.\n"
        (folder / f"{copy:03d}_{sources[source].name}").write_text(text, encoding="utf-8")


def cleaned_texts(folder: Path) -> list[str]:
    """The cleaned text of every article in `folder`: what the extractor annotates."""
    from kg.clean import clean
    from kg.load import discover, load_file

    return [
        clean(article.text).text
        for path, root in discover([folder])
        for article in load_file(path, root, max_bytes=10**8).articles
    ]


@dataclass
class Run:
    """One measured run: wall seconds until the last command exited, CPU seconds of every process it took (the
    commands, their children, and the cluster's processes meanwhile), and the commands' standard outputs."""

    wall: float
    cpu: float
    outputs: list[str]
    worker_cpu: float = 0.0  # on Dask: the CPU seconds of the workers alone (what a worker machine spends)


def timed(commands: list[list[str]], cluster: Sequence[psutil.Process] = ()) -> Run:
    """Start the commands at once and time them until the last exits; each must succeed."""
    before = _children_cpu() + _cpu(cluster)
    started = time.perf_counter()
    processes = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    outputs = [p.communicate() for p in processes]
    seconds = time.perf_counter() - started
    for command, process, (_, err) in zip(commands, processes, outputs):
        if process.returncode != 0:
            raise RuntimeError(f"{' '.join(command[:3])}… exited with {process.returncode}: {err.strip()[-500:]}")
    return Run(seconds, _children_cpu() + _cpu(cluster) - before, [out for out, _ in outputs])


def _children_cpu() -> float:
    """CPU seconds of this process's ended children and of theirs (a `kg ingest` reaps its local workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cpu(processes: Sequence[psutil.Process]) -> float:
    """CPU seconds so far of running processes and of their descendants (a nanny's worker)."""
    total = 0.0
    for process in processes:
        for member in [process, *process.children(recursive=True)]:
            try:
                times = member.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
    return total


def ingest_once(
    ctx: BenchContext, corpus: Path, store: Path, articles: int, *options: str, cluster: Sequence[psutil.Process] = ()
) -> tuple[Run, dict]:
    """One `kg ingest OPTIONS` into a fresh store, and its --json timings."""
    shutil.rmtree(store, ignore_errors=True)
    command = [str(ctx.kg), "ingest", str(corpus), "--store", str(store), *options, "--json"]
    run = timed([command], cluster)
    summary = json.loads(run.outputs[0]) if run.outputs[0].startswith("{") else {}
    if len(summary.get("added", [])) != articles:
        raise RuntimeError(f"kg ingest {' '.join(options)} stored {len(summary.get('added', []))} of {articles}")
    return run, summary["timings"]


def on_dask(ctx: BenchContext, corpus: Path, store: Path, articles: int, workers: int) -> Run:
    """One `kg ingest --scheduler` on a fresh cluster of `workers` workers."""
    with dask_cluster(ctx, workers) as cluster:
        processes = [psutil.Process(pid) for pid in cluster.pids]
        worker_processes = processes[1:]  # the `dask worker` processes: a nanny and its worker each
        before = _cpu(worker_processes)
        run = ingest_once(ctx, corpus, store, articles, "--scheduler", cluster.address, cluster=processes)[0]
        run.worker_cpu = _cpu(worker_processes) - before
        return run


@dataclass
class Corpus:
    """A corpus of the bench: its article files, the cleaned texts for the raw side (whole and in halves) and
    their words."""

    folder: Path
    articles: int
    words: int
    texts: Path
    halves: list[Path]


def prepare(folder: Path, sources: list[Path], articles: int) -> Corpus:
    build_corpus(folder / "articles", sources, articles)
    texts = cleaned_texts(folder / "articles")
    halves = [folder / "texts-0.json", folder / "texts-1.json"]
    (folder / "texts.json").write_text(json.dumps(texts))
    for half, part in zip(halves, (texts[0::2], texts[1::2])):
        half.write_text(json.dumps(part))
    return Corpus(folder / "articles", len(texts), sum(len(text.split()) for text in texts), folder / "texts.json",
                  halves)


def run(ctx: BenchContext) -> list[Figure]:
    from kg.annotate import model_name
    from kg.settings import Settings

    model = model_name(Settings())
    if model is None:
        raise RuntimeError("no spaCy model installed: the ingest benchmark compares against one")
    work = ctx.work / "ingest"
    sources = source_files(ctx.tiny)
    small = prepare(work / "small", sources, len(sources) * (1 if ctx.tiny else COPIES))
    large = prepare(work / "large", sources, 2 * len(sources) if ctx.tiny else ctx.throughput_articles)
    words = small.words
    raw = [str(ctx.python), "-c", RAW_PIPE, model]

    names = ("raw1", "raw2", "ingest1", "ingest2", "dask1", "dask2", "large_raw1", "large_raw2", "large_dask1",
             "large_dask2")
    runs: dict[str, list[Run]] = {name: [] for name in names}
    stages: list[dict] = []
    loads: list[float] = []  # the 1-minute load average as each repeat starts
    store = work / "store"
    for repeat in range(ctx.repeats):  # the measurements back to back, so load on the machine hits all
        loads.append(os.getloadavg()[0])
        for corpus, prefix in ((small, ""), (large, "large_")):  # each Dask run right after its anchor
            runs[f"{prefix}raw1"].append(timed([raw + [str(corpus.texts)]]))
            runs[f"{prefix}dask1"].append(on_dask(ctx, corpus.folder, store, corpus.articles, 1))
            if corpus is small:
                measured, timings = ingest_once(ctx, small.folder, store, small.articles, "--jobs", "1")
                runs["ingest1"].append(measured)
                stages.append(timings)
            runs[f"{prefix}raw2"].append(timed([raw + [str(half)] for half in corpus.halves]))
            runs[f"{prefix}dask2"].append(on_dask(ctx, corpus.folder, store, corpus.articles, 2))
            if corpus is small:
                runs["ingest2"].append(ingest_once(ctx, small.folder, store, small.articles, "--jobs", "2")[0])
    shutil.rmtree(store, ignore_errors=True)
    small_names = names[:6]
    rates = {name: [words / r.wall for r in runs[name]] for name in small_names}
    per_cpu = {name: [words / r.cpu for r in runs[name]] for name in small_names}
    per_worker_cpu = {name: [words / r.worker_cpu for r in runs[name]] for name in ("dask1", "dask2")}
    per_cpu |= {name: [large.words / r.cpu for r in runs[name]] for name in ("large_raw1", "large_raw2")}
    per_worker_cpu |= {name: [large.words / r.worker_cpu for r in runs[name]] for name in ("large_dask1", "large_dask2")}
    # Past start-up: the words the large corpus has beyond the small one over the CPU seconds it took beyond the
    # small one's, on each side and in each repeat; what each side spends once a run is what is left.
    extra_words = large.words - small.words
    marginal = {
        name: [extra_words / (big.cpu - little.cpu) for big, little in zip(runs[f"large_{name}"], runs[name])]
        for name in ("raw1", "raw2")
    } | {
        name: [extra_words / (big.worker_cpu - little.worker_cpu)
               for big, little in zip(runs[f"large_{name}"], runs[name])]
        for name in ("dask1", "dask2")
    }

    def start_up(name: str, cpu: Callable[[Run], float]) -> float:
        """CPU seconds of `name`'s small runs beyond what their words cost at the marginal rate (median)."""
        return statistics.median(
            cpu(little) - words / rate for little, rate in zip(runs[name], marginal[name])
        )

    breakdown = ", ".join(
        f"{stage} {statistics.median(t.get(stage, 0.0) for t in stages):.1f}"
        for stage in ("model", "extract", "validate", "store", "total")
    )
    corpus_note = f"{small.articles} articles, {words:,} words of cleaned text, model {model}"
    halves_note = "ratio = (ingest words/s ÷ 2) ÷ (raw words/s of the two processes ÷ 2)"
    load_note = "1-minute load average at each repeat's start " + ", ".join(f"{load:.1f}" for load in loads)
    cpu_note = ("words per CPU-second of every process of the run (for Dask: the client, the scheduler, the "
                "nannies and the workers); other work on the machine inflates it less than wall time, not nothing")
    wall_note = "wall time, no target: on a shared machine it measures the other work too (see the CPU figures)"
    figures = [
        Figure(
            SECTION, "kg ingest --jobs 1", "words/s", rates["ingest1"], anchor="raw nlp.pipe, 1 process",
            anchor_runs=rates["raw1"],
            note=f"{corpus_note}; whole fresh processes, model load in on both sides; {wall_note}; "
            f"ingest stages in seconds (median): {breakdown}; {load_note}",
        ),
        Figure(
            SECTION, "kg ingest --jobs 2", "words/s", rates["ingest2"],
            anchor="raw nlp.pipe, 2 processes on halves", anchor_runs=rates["raw2"],
            note=f"{halves_note}; {wall_note}; raw 1-process rate for reference: "
            f"{statistics.median(rates['raw1']):,.0f} words/s",
        ),
        Figure(SECTION, "kg ingest --jobs 1, per CPU-second", "words/CPU-s", per_cpu["ingest1"],
               anchor="raw nlp.pipe, 1 process", anchor_runs=per_cpu["raw1"], paired=True,
               target=f"≥ {TARGET}× raw", note=f"{cpu_note}; the store's writes are in; {load_note}"),
        Figure(SECTION, "kg ingest --jobs 2, per CPU-second", "words/CPU-s", per_cpu["ingest2"],
               anchor="raw nlp.pipe, 2 processes on halves", anchor_runs=per_cpu["raw2"], paired=True,
               target=f"≥ {TARGET}× raw", note=f"{cpu_note}; the store's writes are in; {load_note}"),
        Figure(
            DASK_SECTION, "kg ingest --scheduler, 1 Dask worker", "words/s", rates["dask1"],
            anchor="raw nlp.pipe, 1 process", anchor_runs=rates["raw1"],
            note=f"{corpus_note}; a fresh scheduler and worker each run, timed once the worker joined (its "
            f"model load is in); the client stores into an embedded store; {wall_note}",
        ),
        Figure(
            DASK_SECTION, "kg ingest --scheduler, 2 Dask workers", "words/s", rates["dask2"],
            anchor="raw nlp.pipe, 2 processes on halves", anchor_runs=rates["raw2"],
            note=f"{halves_note}; two workers, the storing client and the scheduler share the machine's cores; "
            f"{wall_note}",
        ),
        Figure(DASK_SECTION, "kg ingest --scheduler, 1 Dask worker, per CPU-second", "words/CPU-s",
               per_cpu["dask1"], anchor="raw nlp.pipe, 1 process", anchor_runs=per_cpu["raw1"], paired=True,
               note=cpu_note),
        Figure(DASK_SECTION, "kg ingest --scheduler, 2 Dask workers, per CPU-second", "words/CPU-s",
               per_cpu["dask2"], anchor="raw nlp.pipe, 2 processes on halves", anchor_runs=per_cpu["raw2"],
               paired=True, note=cpu_note),
        *(
            Figure(DASK_SECTION, f"kg ingest --scheduler, {n} Dask worker{'s' * (n > 1)}, per worker CPU-second",
                   "words/CPU-s", per_worker_cpu[f"dask{n}"], anchor=anchor, anchor_runs=per_cpu[raw_name],
                   paired=True, target=f"≥ {TARGET}× raw per worker",
                   note="words per CPU-second of the `dask worker` processes alone (nannies and workers, the "
                   "extractor's load in): what the worker machines of a cluster spend, the client and scheduler "
                   f"being elsewhere; each repeat's ratio to the raw run just before it; {load_note}")
            for n, anchor, raw_name in ((1, "raw nlp.pipe, 1 process", "raw1"),
                                        (2, "raw nlp.pipe, 2 processes on halves", "raw2"))
        ),
        *(
            Figure(THROUGHPUT_SECTION,
                   f"kg ingest --scheduler, {n} Dask worker{'s' * (n > 1)}, per worker CPU-second, "
                   f"{large.articles} articles", "words/CPU-s", per_worker_cpu[f"large_dask{n}"], anchor=anchor,
                   anchor_runs=per_cpu[f"large_raw{n}"], paired=True, target=f"≥ {TARGET}× raw per worker",
                   note=f"{large.articles} articles, {large.words:,} words: the issue's target (a backlog's "
                   "throughput) is judged here; start-up in on both sides, as in the 52-article figure, here "
                   f"a small share: about {start_up(raw_name, lambda r: r.cpu):.1f} CPU-s of raw's "
                   f"{statistics.median(r.cpu for r in runs[f'large_raw{n}']):.1f} and "
                   f"{start_up(f'dask{n}', lambda r: r.worker_cpu):.1f} of the workers' "
                   f"{statistics.median(r.worker_cpu for r in runs[f'large_dask{n}']):.1f} (see the next figures); "
                   f"each repeat's ratio to the raw run just before it; {load_note}")
            for n, anchor, raw_name in ((1, "raw nlp.pipe, 1 process", "raw1"),
                                        (2, "raw nlp.pipe, 2 processes on halves", "raw2"))
        ),
        *(
            Figure(THROUGHPUT_SECTION,
                   f"kg ingest --scheduler, {n} Dask worker{'s' * (n > 1)}, per worker CPU-second past start-up",
                   "words/CPU-s", marginal[f"dask{n}"], anchor=f"{anchor}, past start-up",
                   anchor_runs=marginal[raw_name], paired=True,
                   note=f"the {extra_words:,} words of the {large.articles}-article corpus beyond the "
                   f"{small.articles}-article one, over the CPU seconds its runs took beyond that one's, each side "
                   "in the same repeat (no target: a difference of two runs, noisier than either); what is left "
                   f"of each side's CPU on the {small.articles} articles is paid once a run (median): raw "
                   f"{start_up(raw_name, lambda r: r.cpu):.1f} CPU-s (interpreter, spaCy's import, the model), "
                   f"the workers {start_up(f'dask{n}', lambda r: r.worker_cpu):.1f} (the extractor's load, and "
                   "Distributed's upkeep while the client starts and stores its last results)")
            for n, anchor, raw_name in ((1, "raw nlp.pipe, 1 process", "raw1"),
                                        (2, "raw nlp.pipe, 2 processes on halves", "raw2"))
            if not ctx.tiny  # a difference of two runs of a few hundred words is noise, negative as often as not
        ),
    ]
    for figure in figures:
        if figure.target is not None:
            figure.met = figure.ratio is not None and figure.ratio >= TARGET
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"), help="scratch folder")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--tiny", action="store_true", help="a few hundred words, to check the script runs")
    parser.add_argument("--throughput-articles", type=int, default=BenchContext.throughput_articles,
                        help="articles of the larger corpus, for throughput on Dask")
    args = parser.parse_args()
    ctx = BenchContext(work=args.work, repeats=args.repeats, tiny=args.tiny,
                       throughput_articles=args.throughput_articles)
    for figure in run(ctx):
        verdict = f" (target {figure.target}: {'met' if figure.met else 'missed'})" if figure.target else ""
        print(
            f"{figure.name}: {figure.value:,.0f} {figure.unit}; anchor {figure.anchor}: "
            f"{figure.anchor_value:,.0f}; ratio {figure.ratio:.2f}{verdict}\n  {figure.note}"
        )


if __name__ == "__main__":
    main()
