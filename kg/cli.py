"""The `kg` command line. Every command takes `--store`; errors print one line and exit non-zero.

Exit codes: 0 success; 1 failure (for ingest: some articles failed, the rest were stored); 2 usage error
(bad option, unknown query, missing or ill-typed parameter, malformed SPARQL); 75 the store is busy.

The CLI is the composition root: it is the one place that builds settings, the store, the extractor and (for
`serve`) the API app from `api/`, which the rest of `kg/` never imports.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import click
import pyoxigraph as ox
import pydantic
import typer
from pydantic import SecretStr

from kg import iris
from kg.errors import ConfigError, KGError
from kg.settings import Settings

if TYPE_CHECKING:
    from kg.ingest import IngestSummary
    from kg.progress import Progress

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, help=__doc__.splitlines()[0])

StoreOption = Annotated[
    Optional[str], typer.Option("--store", help="Store directory or SPARQL endpoint URL (env KG_STORE).")
]


def _settings(store: str | None = None, **overrides: object) -> Settings:
    values = {key: value for key, value in overrides.items() if value is not None}
    if store is not None:
        values["store"] = store
    try:
        return Settings(**values)
    except pydantic.ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid setting: {problems}; fix the option or its KG_ environment variable") from None


def _extraction_settings(jobs: int, store: str | None = None, **overrides: object) -> Settings:
    """Settings for a command that extracts: --jobs (a local cluster) and a Dask scheduler exclude each other."""
    settings = _settings(store, **overrides)
    if jobs > 1 and settings.dask_scheduler is not None:
        raise click.UsageError(
            f"--jobs {jobs} extracts on this machine and --scheduler (or KG_DASK_SCHEDULER) on a Dask cluster: "
            "give one of them"
        )
    return settings


def _open(settings: Settings):
    """The store for reading: a read-only snapshot, so it opens even while `kg serve` or `kg ingest` writes."""
    from kg.store import open_store

    return open_store(settings, read_only=True)


def _progress(description: str, unit: str) -> Progress:
    """A progress bar on stderr when it is a terminal; none otherwise (cron logs stay quiet)."""
    from kg.progress import Progress, ProgressBar

    return ProgressBar(description, unit) if sys.stderr.isatty() else Progress()


def _report(summary: IngestSummary, json_output: bool) -> None:
    """Print an ingest-like summary: JSON on request; otherwise only problems (and counts on a terminal)."""
    if json_output:
        typer.echo(json.dumps(summary.as_dict(), indent=2))
    else:
        for failure in summary.failed:
            typer.echo(f"failed: {failure['path']}: {failure['error']}", err=True)
        for article_id, violations in summary.violations.items():
            typer.echo(f"shape violations in article {article_id}: {len(violations)}", err=True)
        if sys.stdout.isatty():
            typer.echo(
                f"added {len(summary.added)}, updated {len(summary.updated)}, unchanged {len(summary.unchanged)}, "
                f"removed {len(summary.removed)}, failed {len(summary.failed)}"
            )
    raise typer.Exit(summary.exit_code)


WaitOption = Annotated[
    float, typer.Option("--wait", min=0, help="Seconds to wait for another ingest or load to finish (then exit 75).")
]
RulesOnlyOption = Annotated[
    Optional[bool], typer.Option("--rules-only", help="Use a blank English pipeline if no model is installed.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON summary.")]
JobsOption = Annotated[
    int, typer.Option("--jobs", min=1, help="Local worker processes extracting changed articles in parallel.")
]
SchedulerOption = Annotated[
    Optional[str],
    typer.Option(
        "--scheduler", help="Extract on the Dask cluster of this scheduler, tcp://HOST:8786 (env KG_DASK_SCHEDULER)."
    ),
]


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders (.txt .md .html .json .jsonl).")],
    store: StoreOption = None,
    prune: Annotated[bool, typer.Option(help="Remove articles whose source files are gone.")] = False,
    json_output: JsonOption = False,
    validate: Annotated[bool, typer.Option(help="Check each article graph against the SHACL shapes.")] = True,
    rules_only: RulesOnlyOption = None,
    wait: WaitOption = 0.0,
    jobs: JobsOption = 1,
    scheduler: SchedulerOption = None,
) -> None:
    """Extract facts from articles and store one named graph per article (through `kg serve` if it runs).

    Extraction runs here, in --jobs local processes or on a Dask cluster (--scheduler); this process alone
    writes to the store."""
    from kg.ingest import ingest as run_ingest
    from kg.lock import ingest_lock
    from kg.store import open_writer

    settings = _extraction_settings(jobs, store, rules_only=rules_only, dask_scheduler=scheduler)
    with ingest_lock(settings, wait=wait), _progress("ingest", "words") as progress:
        summary = run_ingest(
            paths, open_writer(settings), settings, prune=prune, validate=validate, jobs=jobs, progress=progress
        )
    _report(summary, json_output)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders (.txt .md .html .json .jsonl).")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the N-Quads files, one per article.")],
    jobs: JobsOption = 1,
    scheduler: SchedulerOption = None,
    json_output: JsonOption = False,
    rules_only: RulesOnlyOption = None,
) -> None:
    """Extract each article to OUT/<article id>.nq, here or on a Dask cluster; no store is touched (see `kg load`).

    Workers that see OUT write their files there; the others send them back and this process writes them."""
    from kg.ingest import extract_to_files

    settings = _extraction_settings(jobs, rules_only=rules_only, dask_scheduler=scheduler)
    with _progress("extract", "words") as progress:
        summary = extract_to_files(paths, out, settings, jobs=jobs, progress=progress)
    _report(summary, json_output)


@app.command()
def load(
    folder: Annotated[Path, typer.Argument(help="Folder of .nq files written by `kg extract`.")],
    store: StoreOption = None,
    json_output: JsonOption = False,
    wait: WaitOption = 0.0,
) -> None:
    """Store extracted article files: a bulk load into an empty store, else each changed graph replaced."""
    from kg.ingest import load_files
    from kg.lock import ingest_lock
    from kg.store import open_writer

    settings = _settings(store)
    with ingest_lock(settings, wait=wait), _progress("load", "quads") as progress:
        summary = load_files(folder, open_writer(settings), settings, progress=progress)
    _report(summary, json_output)


def _parse_params(params: list[str]) -> dict[str, str]:
    parsed = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.UsageError(f"parameter {item!r} is not KEY=VALUE")
        parsed[key] = value
    return parsed


def _print_table(columns: list[str], rows: list[dict]) -> None:
    def cell(value: object) -> str:
        if isinstance(value, dict):
            return str(value.get("label") or value.get("id"))
        return "" if value is None else str(value)

    lines = [[cell(row.get(c)) for c in columns] for row in rows]
    widths = [min(60, max([len(c)] + [len(line[i]) for line in lines])) for i, c in enumerate(columns)]
    typer.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths)))
    for line in lines:
        typer.echo("  ".join(v[:w].ljust(w) for v, w in zip(line, widths)))


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="Canned query name (see `kg queries`).")],
    param: Annotated[list[str], typer.Option("-p", "--param", help="KEY=VALUE, repeatable.")] = [],  # noqa: B006
    fmt: Annotated[str, typer.Option("--format", help="json, csv or table.")] = "table",
    limit: Annotated[Optional[int], typer.Option(help="Most rows to return (default: KG_MAX_ROWS).")] = None,
    offset: Annotated[int, typer.Option(help="Rows to skip (the `next_offset` of the previous page).")] = 0,
    min_confidence: Annotated[
        Optional[str], typer.Option("--min-confidence", help="Leave out rows whose confidence is below this (0 to 1).")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Run a canned query; prints the same envelope as GET /queries/NAME (the whole answer unless --limit)."""
    from kg.queries import QueryCatalog, parse_min_confidence

    if fmt not in ("json", "csv", "table"):
        raise click.UsageError(f"--format must be json, csv or table, not {fmt!r}")
    settings = _settings(store)
    catalog = QueryCatalog.from_dir(settings.queries_dir)
    catalog.get(name)  # an unknown name is a usage error before the store is opened
    minimum = parse_min_confidence(min_confidence, "--min-confidence")
    table = catalog.run(
        _open(settings), name, _parse_params(param), limit=limit, offset=offset, max_rows=settings.max_rows,
        min_confidence=minimum,
    )
    if fmt == "json":
        typer.echo(json.dumps(table.envelope(), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        typer.echo(table.to_csv(), nl=False)
    else:
        _print_table(table.columns, table.rows)


@app.command()
def queries() -> None:
    """List the canned queries with their parameters."""
    from kg.queries import QueryCatalog

    for canned in QueryCatalog.from_dir(_settings().queries_dir):
        params = ", ".join(f"{p.name}:{p.type}{'' if p.required else '?'}" for p in canned.params)
        typer.echo(f"{canned.name:40} {canned.title}" + (f"  [{params}]" if params else ""))


@app.command()
def sparql(
    text: Annotated[str, typer.Argument(help="A SPARQL query, or @FILE to read it from a file.")],
    fmt: Annotated[str, typer.Option("--format", help="json, csv, tsv, xml (SELECT/ASK); turtle, ntriples (CONSTRUCT).")] = "csv",
    store: StoreOption = None,
) -> None:
    """Run a read-only SPARQL query over the union of all graphs (or the query's FROM / FROM NAMED)."""
    if text.startswith("@"):
        try:
            text = Path(text[1:]).read_text(encoding="utf-8-sig")  # -sig: without a Windows editor's BOM
        except OSError as exc:
            raise click.UsageError(f"cannot read {text[1:]}: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            raise click.UsageError(f"{text[1:]} is not UTF-8 text; save it as UTF-8") from exc
    settings = _settings(store)
    result = _open(settings).query(text)
    output = io.BytesIO()
    if isinstance(result, ox.QueryBoolean):
        typer.echo("true" if bool(result) else "false")
        return
    if isinstance(result, ox.QuerySolutions):
        formats = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                   "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}
        if fmt not in formats:
            raise click.UsageError(f"--format for SELECT must be one of {', '.join(formats)}")
        result.serialize(output, formats[fmt])
    else:
        formats = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "csv": ox.RdfFormat.N_TRIPLES}
        if fmt not in formats:
            raise click.UsageError("--format for CONSTRUCT/DESCRIBE must be turtle or ntriples")
        ox.serialize(result, output, formats[fmt])
    sys.stdout.write(output.getvalue().decode("utf-8"))


@app.command()
def serve(
    host: Annotated[Optional[str], typer.Option(help="Address to bind (KG_HOST).")] = None,
    port: Annotated[Optional[int], typer.Option(help="Port (KG_PORT); 0 picks a free one.")] = None,
    log_level: Annotated[
        Optional[str], typer.Option(help="debug, info, warning or error (KG_LOG_LEVEL); debug logs query texts.")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Serve the API (SPARQL endpoint, canned queries, entities, search) over the store.

    Over an embedded store, the server owns the directory; it records its URL and write token in
    `<store>.server.json` (mode 0600) so `kg ingest` writes through it. With no KG_WRITE_TOKEN it makes one."""
    import uvicorn

    settings = _settings(store, host=host, port=port, log_level=log_level)
    importlib.import_module("api.logs").configure_logging(settings.log_level)
    if not settings.store_is_remote and settings.write_token is None:
        settings = settings.model_copy(update={"write_token": SecretStr(secrets.token_urlsafe(32))})
    create_app = importlib.import_module("api.app").create_app
    # JSON-lines logs (api/logs.py): uvicorn keeps the logging set up above, and the app logs each request.
    config = importlib.import_module("api.server").uvicorn_config(create_app(settings), settings)
    if settings.store_is_remote:
        uvicorn.Server(config).run()
    else:
        _recorded_server(config, settings).run()


def _recorded_server(config: Any, settings: Settings) -> Any:
    """A uvicorn server that keeps `<store>.server.json` while it listens (see `kg.lock.ServerRecord`).

    The record is written once the socket listens and removed as shutdown begins, inside uvicorn's own
    start-up and shutdown: after a SIGTERM uvicorn re-raises the signal, so no code after `run()` would run."""
    import uvicorn

    from kg.lock import ServerRecord

    class RecordedServer(uvicorn.Server):
        async def startup(self, sockets: list | None = None) -> None:
            await super().startup(sockets)
            if self.started:
                port = self.servers[0].sockets[0].getsockname()[1]
                host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(settings.host, settings.host)
                host = f"[{host}]" if ":" in host else host
                token = settings.write_token.get_secret_value()  # type: ignore[union-attr]
                ServerRecord(f"http://{host}:{port}", os.getpid(), token).write(settings.store)

        async def shutdown(self, sockets: list | None = None) -> None:
            ServerRecord.remove(settings.store, os.getpid())
            await super().shutdown(sockets)

    return RecordedServer(config)


@app.command()
def stats(store: StoreOption = None) -> None:
    """Counts of quads, article graphs and instances per class."""
    graph_store = _open(_settings(store))
    rows = graph_store.query(
        "PREFIX mkg: <https://w3id.org/mkg/ontology#> SELECT ?class (COUNT(DISTINCT ?s) AS ?n) "
        "WHERE { ?s a ?class FILTER(STRSTARTS(STR(?class), STR(mkg:))) } GROUP BY ?class ORDER BY DESC(?n)"
    )
    typer.echo(f"quads    {len(graph_store)}")
    typer.echo(f"graphs   {len(graph_store.graph_names())}")
    for row in rows:
        typer.echo(f"{row['class'].value.rsplit('#', 1)[-1]:24} {row['n'].value}")


@app.command()
def validate(store: StoreOption = None) -> None:
    """Check every article graph against the SHACL shapes."""
    from kg.validate import validate_store

    settings = _settings(store)
    graph_store = _open(settings)
    results = validate_store(graph_store, settings.ontology_dir)
    total = sum(len(v) for v in results.values())
    checked = sum(1 for g in graph_store.graph_names() if iris.article_id_of_graph(g))
    for graph, violations in results.items():
        for v in violations:
            typer.echo(f"{graph}: {v.focus} {v.path or ''}: {v.message}")
    typer.echo(f"{checked} article graphs checked, {total} violations")
    raise typer.Exit(1 if total else 0)


@app.command()
def export(
    out: Annotated[Optional[Path], typer.Option("--out", help="File to write (default: standard output).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="nquads or trig.")] = "nquads",
    store: StoreOption = None,
) -> None:
    """Dump every graph of the store as N-Quads or TriG."""
    formats = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
    if fmt not in formats:
        raise click.UsageError("--format must be nquads or trig")
    graph_store = _open(_settings(store))
    if out is None:
        buffer = io.BytesIO()
        graph_store.dump(buffer, formats[fmt])
        sys.stdout.write(buffer.getvalue().decode("utf-8"))
    else:
        with out.open("wb") as handle:
            graph_store.dump(handle, formats[fmt])


# Typer 0.29 vendors click: the usage errors it raises are its own class, not click's.
_USAGE_ERRORS = (click.UsageError, *(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError"))


def main() -> None:
    try:
        code = app(standalone_mode=False)
    except _USAGE_ERRORS as exc:
        click.echo(f"usage error: {exc.format_message()}", err=True)
        sys.exit(2)
    except (click.Abort, typer.Abort):
        click.echo("aborted", err=True)
        sys.exit(1)
    except KGError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except Exception as exc:  # a bug: still one line, never a traceback
        click.echo(f"internal error ({type(exc).__name__}): {exc}; please report it with the command you ran", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


__all__ = ["app", "main"]
