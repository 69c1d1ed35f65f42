"""The ``policykg`` command. No logic of its own: it calls graph/ and api/ and reports.

Errors of ours print as one line on stderr and exit with status 1.
"""

from __future__ import annotations

import contextlib
import json
import logging
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from typer.core import TyperGroup

from graph import server
from graph.config import Settings, get_settings
from graph.driver import connect
from graph.errors import GraphError, InputError
from loaders.errors import LoadError

__all__ = ["app"]

log = logging.getLogger("policykg")


class _Group(TyperGroup):
    """Turns our errors into one line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (GraphError, InputError, LoadError) as exc:
            typer.echo(f"policykg: {exc}", err=True)
            raise typer.Exit(1) from exc


app = typer.Typer(
    cls=_Group,
    name="policykg",
    help="A knowledge graph of Chinese government work plans in Neo4j, served over GraphQL.",
    no_args_is_help=True,
    add_completion=False,
)
neo4j_app = typer.Typer(help="The managed Neo4j (used when NEO4J_URI is unset).", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log debug details.")] = False,
) -> None:
    level = logging.DEBUG if verbose else logging.INFO
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr)
    logging.getLogger("neo4j").setLevel(logging.DEBUG if verbose else logging.WARNING)
    # Server notifications (e.g. "property key does not exist" on a first load) are for
    # whoever writes the Cypher, not for the person running a command.
    logging.getLogger("neo4j.notifications").setLevel(logging.DEBUG if verbose else logging.ERROR)


def _managed(settings: Settings) -> server.ManagedServer | None:
    if not settings.managed:
        typer.echo(f"NEO4J_URI is set ({settings.neo4j_uri}): policykg manages no server")
        return None
    return server.ManagedServer.from_settings(settings)


def _describe(info: server.ServerInfo) -> str:
    text = f"Neo4j {info.version} runs (pid {info.pid}): {info.uri}, browser {info.browser_url}"
    if info.password_file:
        text += f", user neo4j, password in {info.password_file}"
    return text


# --- the managed Neo4j -----------------------------------------------------------------


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start Neo4j (or reuse the running one) and wait until Bolt answers."""
    managed = _managed(get_settings())
    if managed:
        typer.echo(_describe(managed.start()))


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop Neo4j: SIGTERM, then SIGKILL if it does not exit in time."""
    managed = _managed(get_settings())
    if managed:
        info = managed.stop()
        typer.echo(f"Neo4j stopped (pid {info.pid})" if info else "Neo4j was not running")


@neo4j_app.command("status")
def neo4j_status(
    as_json: Annotated[bool, typer.Option("--json", help="Print the status as JSON.")] = False,
) -> None:
    """Say whether Neo4j runs and where; exit status 1 when it does not."""
    managed = _managed(get_settings())
    if not managed:
        return
    status = managed.status()
    if as_json:
        typer.echo(json.dumps(status.as_dict(), indent=2))
    elif status.info:
        answering = "" if status.answering else " (but Bolt does not answer)"
        typer.echo(_describe(status.info) + answering)
    else:
        typer.echo(f"Neo4j is not running (state dir {status.state_dir})")
    if not status.running:
        raise typer.Exit(1)


@neo4j_app.command("logs")
def neo4j_logs(
    lines: Annotated[int, typer.Option("--lines", "-n", min=1, help="How many lines.")] = 50,
) -> None:
    """Print the last lines Neo4j wrote to its console log."""
    managed = _managed(get_settings())
    if managed:
        typer.echo(managed.log_tail(lines) or f"(no log yet at {managed.log_file})")


# --- health and serving ----------------------------------------------------------------


@app.command("health")
def health() -> None:
    """Print whether Neo4j answers, with version and edition; exit status 1 when not ok."""
    with connect(get_settings()) as graph:
        report = graph.health()
    typer.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    if not report.ok:
        raise typer.Exit(1)


@app.command("serve")
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(
        min=1, max=64, help="Server processes, each with its own Neo4j driver: more answer more requests at once "
        "on several cores.")] = 1,
    load: Annotated[
        list[Path] | None,
        typer.Option("--load", help="Load these documents first (repeatable), as `policykg load` does."),
    ] = None,
) -> None:
    """Serve the API (/graphql, /explore, /context, /mcp, /health), starting the managed Neo4j if needed."""
    import uvicorn

    from api.config import get_api_settings

    problem = get_api_settings().exposure_problem(host)
    if problem:
        typer.echo(f"policykg: {problem}", err=True)
        raise typer.Exit(2)
    settings = get_settings()
    info = server.ensure_running(settings)
    if info:
        typer.echo(_describe(info), err=True)
    if load:
        _run_command(ctx, "load", [str(path) for path in load])
    processes = f", {workers} processes" if workers > 1 else ""
    typer.echo(f"Serving on http://{host}:{port} (GraphQL at /graphql, health at /health{processes})", err=True)
    uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="info")


def _run_command(ctx: typer.Context, name: str, args: list[str]) -> None:
    """Run another ``policykg`` command, as if typed, from within this one."""
    command = ctx.find_root().command.get_command(ctx, name)  # type: ignore[attr-defined]
    command.main(args=args, prog_name=f"policykg {name}", standalone_mode=False)


# --- the chatbot feed ------------------------------------------------------------------


@app.command("mcp")
def mcp_stdio() -> None:
    """Serve the chatbot tools over MCP on stdin/stdout, for desktop clients (starts the managed Neo4j if needed)."""
    import anyio

    from api.config import get_api_settings
    from api.mcp import serve_stdio

    settings = get_api_settings()
    info = server.ensure_running(settings)
    if info:
        typer.echo(_describe(info), err=True)
    anyio.run(serve_stdio, settings)


@app.command("tools")
def tools(
    format: Annotated[str, typer.Option("--format", help="openai: OpenAI function definitions.")] = "openai",
) -> None:
    """Print the chatbot tools (the same as over MCP) as JSON function definitions."""
    import anyio

    from api.mcp import openai_tools

    if format != "openai":
        raise typer.BadParameter(f"unknown format {format!r}; the formats are: openai", param_hint="--format")
    typer.echo(json.dumps(anyio.run(openai_tools), indent=2, ensure_ascii=False))


# --- documents -------------------------------------------------------------------------
# `load`, `unload`, `export` and `synth` are defined below this line (loaders/ and
# graph/writer.py do the work; these commands only call them).


def _progress(total: int, label: str):
    """A rich progress bar on stderr when there are several files; a no-op for one."""
    from contextlib import nullcontext

    if total < 2:
        return nullcontext(None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"),
        console=Console(stderr=True), transient=True,
    )
    return progress


def _advance(progress, task) -> Any:
    if progress is None:
        return None
    return lambda name: progress.update(task, advance=1, description=name)


def _loaded_diffs(parsed: list) -> list | None:
    """For --dry-run: each document against its loaded version, when a graph answers without being
    started (the managed server already runs, or NEO4J_URI is set); None otherwise."""
    from policykg import pipeline

    settings = get_settings()
    if settings.managed and not server.ManagedServer.from_settings(settings).status().running:
        return None
    try:
        with connect(settings) as graph:
            return pipeline.diffs(graph, parsed)
    except GraphError:
        return None


def _outcome(p, r, d) -> str:
    """One line per document as it commits; a replacement says what changed."""
    doc = p.facts
    if r.skipped:
        return f"{p.path.name}: unchanged ({doc.id}), nothing written"
    what = f"{doc.tasks} tasks, {doc.reforms} reforms, {doc.measures} measures"
    warnings = len(p.report.warnings)
    note = f"; {warnings} warning(s), see `policykg load --dry-run {p.path}`" if warnings else ""
    verb = "replaced" if r.replaced else "loaded"
    changes = f" ({d.summary()})" if r.replaced and d is not None else ""
    written = (f"{r.nodes_created} nodes, {r.relationships_created} relationships in {r.seconds:.1f} s"
               if r.batch == 1 else
               f"in one transaction with {r.batch - 1} other document(s): {r.nodes_created} nodes, "
               f"{r.relationships_created} relationships in {r.seconds:.1f} s for the {r.batch}")
    return f"{p.path.name}: {verb} {doc.id}{changes}: {what}; {written}{note}"


@app.command("load")
def load(
    paths: Annotated[list[Path], typer.Argument(help="Plan files (txt, html, docx, pdf) or directories of them.")],
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Parse and print the quality report, and what would change against the loaded version; "
        "write nothing.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (and write nothing) on any warning.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Rewrite documents even when unchanged.")] = False,
    allow_partial: Annotated[bool, typer.Option(
        "--allow-partial", help="Load a structurally incomplete plan (rows missing, a table cut short, no items) "
        "with what it holds; each problem becomes a warning.")] = False,
    replace: Annotated[bool, typer.Option(
        "--replace", help="Replace a loaded version even when the new one has fewer items, areas or tables.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print reports or results as JSON.")] = False,
    jurisdiction: Annotated[str | None, typer.Option(
        "--jurisdiction", help="The place of a plan that names none in its header (e.g. 下陆区).")] = None,
    bulk: Annotated[bool, typer.Option(
        "--bulk", help="First load into an empty managed database: build its store with neo4j-admin's import "
        "(the server restarts), then create the schema.")] = False,
    workers: Annotated[int | None, typer.Option(
        "--workers", min=1, help="Processes parsing the files (default: one per core for 8 files or more).")] = None,
    stream: Annotated[bool, typer.Option(
        "--stream", help="Write each document as soon as it is parsed and checked, while the next files parse "
        "(for large batches): a file that cannot be loaded, a --strict warning or a refused replacement leaves "
        "that file out and the others load; exit status 1 when any is left out. Without it, any of those "
        "writes nothing.")] = False,
) -> None:
    """Load work plans into the graph: each document whole or not at all; unchanged ones are skipped."""
    from policykg import pipeline

    if stream and (bulk or dry_run):
        raise typer.BadParameter(
            f"--stream writes as it parses, {'--bulk imports a whole store at once' if bulk else '--dry-run writes nothing'}; "
            "give one of them", param_hint="--stream")
    if bulk:
        from graph.bulk import refuse_remote

        refuse_remote(get_settings())
    files = pipeline.expand(paths)
    if bulk and not dry_run:
        _bulk(get_settings(), files, as_json, strict=strict, allow_partial=allow_partial,
              jurisdiction=jurisdiction, workers=workers)
        return
    if stream:
        _stream(get_settings(), files, as_json, strict=strict, force=force, replace=replace,
                allow_partial=allow_partial, jurisdiction=jurisdiction, workers=workers)
        return
    # what is parsed waits in the spool (a temporary directory) until it is written; it goes when
    # the command ends, however it ends (a SIGTERM too, as Ctrl-C)
    with _terminate_as_exit(), pipeline.Spool() as spool:
        with _progress(len(files), "parsing") as progress:
            task = progress.add_task("", total=len(files)) if progress else None
            parsed = pipeline.parse_all(files, strict=strict, allow_partial=allow_partial,
                                        progress=_advance(progress, task), jurisdiction=jurisdiction,
                                        workers=workers, spool=spool)
        if dry_run:
            found = _loaded_diffs(parsed)
            if as_json:
                reports = [p.report.to_dict() | {"diff": (d.as_dict() if d else None) if found is not None else "unknown"}
                           for p, d in zip(parsed, found or [None] * len(parsed), strict=True)]
                typer.echo(json.dumps(reports, ensure_ascii=False, indent=2))
                return
            typer.echo("\n\n".join(p.report.render() + ("" if "layout" in p.report.stats else f"\n  layout: {p.facts.layout}")
                                     for p in parsed))
            if found is None:
                typer.echo("\n(no graph answers: the changes against a loaded version are not shown)")
                return
            for p, d in zip(parsed, found, strict=True):
                if d is None:
                    typer.echo(f"\n{p.path.name}: {p.facts.id} is not loaded; loading it adds {p.facts.items} items")
                elif d.empty:
                    typer.echo(f"\n{p.path.name}: the same items as the loaded {d.document}")
                else:
                    refused = " (refused without --replace: it loses content)" if d.loses and not replace else ""
                    typer.echo(f"\n{p.path.name}: against the loaded version{refused}:\n" + d.render())
            return
        settings = get_settings()
        server.ensure_running(settings)

        with connect(settings) as graph, _progress(len(parsed), "writing") as progress:
            task = progress.add_task("", total=len(parsed)) if progress else None
            results = pipeline.write_all(graph, parsed, force=force, replace=replace,
                                         progress=_advance(progress, task), written=_echo_written(as_json))
        if as_json:
            typer.echo(json.dumps([r.__dict__ for r in results], ensure_ascii=False, indent=2))


def _echo_written(as_json: bool) -> Any:
    """What `load` prints of each document as it commits (nothing with --json: the JSON at the end says it)."""

    def written(p, r, d) -> None:
        if not as_json:
            typer.echo(_outcome(p, r, d))

    return written


def _stream(settings, files: list[Path], as_json: bool, *, strict: bool, force: bool, replace: bool,
            allow_partial: bool, jurisdiction: str | None, workers: int | None) -> None:
    """`load --stream`: each document written as soon as it is parsed and checked; the files
    left out are named as they are found and counted at the end (exit status 1)."""
    from policykg import pipeline

    def left(o) -> None:
        if not as_json:
            typer.echo(f"{o.path.name}: left out: {o.reason}", err=True)

    server.ensure_running(settings)
    with _terminate_as_exit(), pipeline.Spool() as spool, _progress(len(files), "loading") as progress:
        task = progress.add_task("", total=len(files)) if progress else None
        # the workers are forked before the driver opens
        with pipeline.parsing(files, allow_partial=allow_partial, jurisdiction=jurisdiction, workers=workers,
                              spool=spool, progress=_advance(progress, task)) as outcomes, \
                connect(settings) as graph:
            done = pipeline.load_each(graph, outcomes, files, strict=strict, force=force, replace=replace,
                                      written=_echo_written(as_json), left=left)
    if as_json:
        typer.echo(json.dumps({"written": [r.__dict__ for r in done.results],
                               "left_out": [{"file": str(o.path), "reason": o.reason} for o in done.left_out]},
                              ensure_ascii=False, indent=2))
    if done.left_out:
        if not as_json:
            typer.echo(f"policykg: {len(done.left_out)} of {len(files)} file(s) left out (named above); "
                       f"the other {len(files) - len(done.left_out)} loaded", err=True)
        raise typer.Exit(1)


@contextlib.contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """While the block runs, SIGTERM (``kill``, a service manager stopping the command) ends it
    as Ctrl-C does, through the ``with`` blocks around it, so what they hold (the load's
    spool) is cleaned up; exit status 143. The parse workers keep the default action
    (``pipeline._workers``)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _bulk(settings, files: list[Path], as_json: bool, **parse: Any) -> None:
    """`load --bulk`: every document through neo4j-admin's import into the empty managed database,
    each one's rows folded into the import's CSV files as it is parsed (only a line about it kept)."""
    import tempfile

    from graph.bulk import bulk_load
    from policykg import pipeline

    loaded: list[tuple[str, str, str]] = []  # (file name, document id, what it holds)

    def rows(progress) -> Iterable[Any]:
        task = progress.add_task("", total=len(files)) if progress else None
        for p in pipeline.parse_each(files, progress=_advance(progress, task), **parse):
            doc = p.facts
            loaded.append((p.path.name, doc.id, f"{doc.tasks} tasks, {doc.reforms} reforms, "
                                                 f"{doc.measures} measures"))
            yield p.rows

    with tempfile.TemporaryDirectory(prefix="policykg-bulk-") as workdir, \
            _progress(len(files), "parsing") as progress:
        result = bulk_load(settings, rows(progress), Path(workdir))
    if as_json:
        typer.echo(json.dumps({"documents": [d for _, d, _ in loaded]} | result.__dict__, indent=2))
        return
    for name, doc_id, holds in loaded:
        typer.echo(f"{name}: loaded {doc_id} (bulk import): {holds}")
    typer.echo(f"bulk import of {len(loaded)} document(s): {result.nodes} nodes, {result.relationships} "
               f"relationships; parse and CSV {result.csv_seconds:.1f} s, import {result.import_seconds:.1f} s, "
               f"restart and schema {result.schema_seconds:.1f} s")


@app.command("unload")
def unload(
    document: Annotated[str, typer.Argument(help="Document id, title or file name (see `policykg documents`).")],
) -> None:
    """Remove one document's items; shared departments, policies and places stay while others use them."""
    from graph.writer import unload_document

    settings = get_settings()
    server.ensure_running(settings)
    with connect(settings) as graph:
        removed = unload_document(graph, document)
    if not removed:
        typer.echo(f"policykg: no document {document!r}; `policykg documents` lists the loaded ones", err=True)
        raise typer.Exit(1)
    for doc_id in removed:
        typer.echo(f"removed {doc_id}")


@app.command("documents")
def documents(
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """List the documents in the graph."""
    from graph.writer import list_documents

    settings = get_settings()
    server.ensure_running(settings)
    with connect(settings) as graph:
        rows = list_documents(graph)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo("no documents loaded; `policykg load FILE…` loads some")
    for row in rows:
        typer.echo(f"{row['id']}\t{row['items']} items\t{row['source_name']}\t{row['title']}")


@app.command("export")
def export(
    paths: Annotated[list[Path], typer.Argument(help="Plan files (txt, html, docx, pdf) or directories of them.")],
    as_json: Annotated[bool, typer.Option("--json", help="Write the parsed model as JSON (the only format).")] = True,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here instead of stdout.")] = None,
    allow_partial: Annotated[bool, typer.Option(
        "--allow-partial", help="Export what a structurally incomplete plan holds.")] = False,
) -> None:
    """Write the parsed document model as JSON, without touching the graph."""
    from policykg import pipeline

    if not as_json:
        raise typer.BadParameter("only --json is supported", param_hint="--json")
    parsed = pipeline.parse_all(pipeline.expand(paths), allow_partial=allow_partial, documents=True)
    payload = [p.document.to_dict() for p in parsed]
    text = json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"wrote {len(payload)} document(s) to {out}", err=True)
    else:
        typer.echo(text)


@app.command("synth")
def synth(
    documents_: Annotated[int, typer.Option("--documents", "-n", min=1, max=100000, help="How many plans.")] = 10,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same plans.")] = 1,
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write them into.")] = Path("synthetic"),
    layout: Annotated[str, typer.Option(
        "--layout", help="template (the sample's), numbered-items (一、/1. items, responsibility after each) or table "
        "(序号 · 重点任务 · 牵头单位 · 责任单位 · 责任领导 · 完成时限, flattened one cell per paragraph).",
    )] = "template",
) -> None:
    """Write realistic synthetic work plans (made-up districts × years) in the scraped text form."""
    from loaders.synth import LAYOUTS, write_corpus

    if layout not in LAYOUTS:
        raise typer.BadParameter(f"{layout!r}: one of {', '.join(LAYOUTS)}", param_hint="--layout")
    files = write_corpus(out, documents_, seed, layout)
    typer.echo(f"wrote {len(files)} plan(s) to {out}")
