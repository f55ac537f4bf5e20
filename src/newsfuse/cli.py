"""The `newsfuse` command: ingest, stories, show, export, demo (the batch interface of DESIGN.md)."""

from __future__ import annotations

import logging
import os
import sys
import warnings
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import export as exporter
from .report import StoryReport
from .store import Store

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Stories with sourced, cross-checked facts from news articles.")
out = Console(width=None if sys.stdout.isatty() else 140)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 140)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _quiet_libraries() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    warnings.filterwarnings("ignore")
    for name in ("transformers", "sentence_transformers", "trafilatura", "htmldate", "urllib3"):
        logging.getLogger(name).setLevel(logging.ERROR)


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option(help="Database URL (default: $NEWSFUSE_DB or "
                                                "sqlite:///newsfuse.db).")] = None,
) -> None:
    _quiet_libraries()
    ctx.obj = {"db": db}


def _store(ctx: typer.Context) -> Store:
    return Store(ctx.obj["db"])


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt .html .xml/.rss/.atom .jsonl).")],
    outlet: Annotated[str | None, typer.Option(help="Outlet for inputs that name none.")] = None,
    published: Annotated[str | None, typer.Option(help="ISO date for inputs that have none.")] = None,
    language: Annotated[str | None, typer.Option(help="Language for inputs that name none.")] = None,
) -> None:
    """Run the whole pipeline on PATHS; one line per input that fails; exit 1 if any failed."""
    from .pipeline import Pipeline

    store = _store(ctx)
    defaults = {"outlet": outlet, "language": language,
                "published": datetime.fromisoformat(published) if published else None}
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TextColumn("{task.fields[current]}"), console=err,
                  transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("loading models", total=None, current="")
        pipeline = Pipeline(store)

        def on_file(name: str, n: int, total: int) -> None:
            progress.update(task, description="ingesting", completed=n, total=total,
                            current=escape(Path(name).name))

        def on_error(e) -> None:
            progress.console.print(f"[red]error[/] {escape(e.origin)}: {escape(e.message)}",
                                   highlight=False, soft_wrap=True)

        report = pipeline.ingest(paths, defaults=defaults, on_file=on_file, on_error=on_error)
    for note in report.notices:
        err.print(f"[yellow]note[/] {escape(note)}", highlight=False, soft_wrap=True)
    err.print(
        f"{report.added} added, {report.already_stored} already stored, "
        f"{report.near_duplicates} copies and {report.rewrites} rewrites linked, {len(report.errors)} failed; "
        f"{report.stories_fused} stories fused", highlight=False)
    raise typer.Exit(1 if report.errors else 0)


@app.command()
def stories(ctx: typer.Context) -> None:
    """List stories: articles, outlets, dates and fact counts by label."""
    store = _store(ctx)
    table = Table(title="Stories")
    for col in ("story", "title", "articles", "outlets", "first seen", "corroborated",
                "conflicting", "single source"):
        table.add_column(col, overflow="fold")
    for rec in exporter.records(store, "stories"):
        table.add_row(rec["story_id"], escape(rec["title"] or ""), str(len(rec["article_ids"])),
                      escape(", ".join(rec["outlets"])), (rec["first_seen"] or "")[:10],
                      str(rec["corroborated"]), str(rec["conflicting"]), str(rec["single_source"]))
    out.print(table)


@app.command()
def show(
    ctx: typer.Context,
    story: Annotated[str | None, typer.Argument(help="Story id (see `newsfuse stories`).")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Show every story.")] = False,
) -> None:
    """Fused facts of a story: corroborated, then conflicts, then single-source by outlet."""
    store = _store(ctx)
    ids = [s.id for s in store.stories()] if all_ or story is None else [story]
    if story and store.story(story) is None:
        err.print(f"[red]error[/] no story {escape(story)}; run `newsfuse stories` to list them")
        raise typer.Exit(1)
    for sid in ids:
        StoryReport(store, sid).print(out)


@app.command("export")
def export_cmd(
    ctx: typer.Context,
    what: Annotated[str, typer.Argument(help="articles, stories or facts")],
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl, json, csv or parquet")] = "jsonl",
    out_path: Annotated[Path, typer.Option("--out", "-o", help="Output file.")] = Path("-"),
) -> None:
    """Write articles, stories or facts to a file."""
    if what not in exporter.WHAT or format not in exporter.FORMATS:
        err.print(f"[red]error[/] export takes one of {', '.join(exporter.WHAT)} and --format "
                  f"one of {', '.join(exporter.FORMATS)}")
        raise typer.Exit(2)
    store = _store(ctx)
    if str(out_path) == "-":
        if format != "jsonl":
            err.print("[red]error[/] only jsonl can go to standard output; give --out FILE")
            raise typer.Exit(2)
        import json

        for rec in exporter.records(store, what):
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return
    n = exporter.write(store, what, format, out_path)
    err.print(f"wrote {n} {what} to {out_path}")


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Serve the web pages and the JSON API (docs at /docs). POST /api/articles needs the
    bearer token in $NEWSFUSE_TOKEN; without it the server only reads."""
    import uvicorn

    from .serve import create_app

    err.print(f"newsfuse at http://{host}:{port}/ (API docs at /docs)")
    uvicorn.run(create_app(ctx.obj["db"]), host=host, port=port, log_level="warning")


@app.command()
def demo(ctx: typer.Context) -> None:
    """Ingest the bundled examples into the database and show every story."""
    from .pipeline import Pipeline

    if not EXAMPLES.is_dir():
        err.print(f"[red]error[/] examples folder not found at {EXAMPLES}")
        raise typer.Exit(1)
    store = _store(ctx)
    with err.status("ingesting the bundled examples"):
        Pipeline(store).ingest([EXAMPLES])
    stories(ctx)
    show(ctx, None, True)


if __name__ == "__main__":  # pragma: no cover
    app()
