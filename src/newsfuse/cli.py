"""The `newsfuse` command: ingest, stories, show, export, demo (the batch interface: README, "The batch interface")."""

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


def _pipeline(store: Store, executor=None):
    """The pipeline over ``store``, or one line and exit 2 if the store cannot take its output."""
    from .pipeline import Pipeline
    from .store import StoreMismatch

    try:
        return Pipeline(store, executor)
    except StoreMismatch as exc:
        if executor is not None:
            executor.close()
        err.print(f"[red]error[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt .html .xml/.rss/.atom .jsonl).")],
    outlet: Annotated[str | None, typer.Option(help="Outlet for inputs that name none.")] = None,
    published: Annotated[str | None, typer.Option(help="ISO date for inputs that have none.")] = None,
    language: Annotated[str | None, typer.Option(help="Language for inputs that name none.")] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", help="Worker processes for parsing, embedding and fusion (default: one "
                             "per core; 1 runs everything in this process).")] = None,
    workers: Annotated[int | None, typer.Option(
        help="Run parsing, embedding and fusion on a local Dask cluster of this many worker "
             "processes.")] = None,
    scheduler: Annotated[str | None, typer.Option(
        help="Run them on an existing Dask cluster instead: its scheduler's address "
             "(tcp://HOST:PORT).")] = None,
) -> None:
    """Run the whole pipeline on PATHS; one line per input that fails; exit 1 if any failed."""
    from .executors import executor

    store = _store(ctx)
    defaults = {"outlet": outlet, "language": language,
                "published": datetime.fromisoformat(published) if published else None}
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TextColumn("{task.fields[current]}"), console=err,
                  transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("loading models", total=None, current="")
        pool = executor(jobs, scheduler=scheduler, workers=workers)
        pipeline = _pipeline(store, pool)

        def on_file(name: str, n: int, total: int) -> None:
            progress.update(task, description="ingesting", completed=n, total=total,
                            current=escape(Path(name).name))

        def on_error(e) -> None:
            progress.console.print(f"[red]error[/] {escape(e.origin)}: {escape(e.message)}",
                                   highlight=False, soft_wrap=True)

        try:
            report = pipeline.ingest(paths, defaults=defaults, on_file=on_file, on_error=on_error)
        finally:
            pool.close()
    for note in report.notices:
        err.print(f"[yellow]note[/] {escape(note)}", highlight=False, soft_wrap=True)
    err.print(
        f"{report.added} added, {report.already_stored} already stored, "
        f"{report.near_duplicates} copies, {report.rewrites} rewrites and {report.translations} "
        f"translations linked, {len(report.errors)} failed; "
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


def _seconds(text: str) -> float:
    """"10m", "30s", "2h", "90" (seconds)."""
    import re

    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", text)
    if not m:
        raise typer.BadParameter(f"{text!r}: give a duration such as 30s, 10m or 1h")
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[m.group(2)]


@app.command()
def watch(
    ctx: typer.Context,
    sources: Annotated[list[str] | None, typer.Argument(
        help="RSS/Atom feed URLs or OPML files (default: the feeds `newsfuse feeds` lists).")] = None,
    every: Annotated[str, typer.Option(help="Time between polls of every feed (30s, 10m, 1h).")] = "10m",
    once: Annotated[bool, typer.Option(help="Poll every feed once and exit (for cron).")] = False,
    delay: Annotated[float, typer.Option(help="Seconds between two requests to one host.")] = 1.0,
) -> None:
    """Follow live feeds: new entries' pages go through the whole pipeline. Runs until Ctrl-C
    or SIGTERM (it finishes the feed in hand), or polls once with --once."""
    import signal
    import threading

    from .ingest.errors import InputError
    from .store.feeds import FeedState
    from .watch import Follower, PoliteClient, feed_urls

    pause = _seconds(every)
    store = _store(ctx)
    try:
        urls = feed_urls(sources) if sources else [f.url for f in FeedState(store).feeds()]
    except InputError as exc:
        err.print(f"[red]error[/] {escape(exc.origin)}: {escape(exc.message)}", highlight=False)
        raise typer.Exit(2) from None
    if not urls:
        err.print("[red]error[/] no feeds to follow: give feed URLs or an OPML file, or add "
                  "feeds with `newsfuse feeds add URL`")
        raise typer.Exit(2)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())

    def on_error(e: InputError) -> None:
        err.print(f"[red]error[/] {escape(e.origin)}: {escape(e.message)}", highlight=False,
                  soft_wrap=True)

    with err.status("loading models"):
        follower = Follower(_pipeline(store), PoliteClient(delay=delay), on_error=on_error)
    failed = False
    while not stop.is_set():
        for url in urls:
            if stop.is_set():
                break
            r = follower.poll(url)
            failed |= r.error is not None
            if r.error:
                err.print(f"[red]error[/] {escape(r.error)}", highlight=False, soft_wrap=True)
            else:
                state = "unchanged" if r.unchanged else f"{r.entries} entries"
                err.print(f"{escape(url)}: {state}, {r.new} new ({r.pages} from their page, "
                          f"{r.stand_ins} from the feed's text)", highlight=False, soft_wrap=True)
        if once:
            break
        stop.wait(pause)
    follower.client.close()
    raise typer.Exit(1 if once and failed else 0)


feeds_app = typer.Typer(help="Feeds `newsfuse watch` follows: list, add, remove.",
                        invoke_without_command=True, no_args_is_help=False)
app.add_typer(feeds_app, name="feeds")


@feeds_app.callback()
def feeds(ctx: typer.Context) -> None:
    """List the feeds with their status; `feeds add URL` and `feeds remove URL` manage them."""
    if ctx.invoked_subcommand is not None:
        return
    from .store.feeds import FeedState

    table = Table(title="Feeds")
    for col in ("feed", "title", "last poll", "last success", "failures", "last error"):
        table.add_column(col, overflow="fold")
    for f in FeedState(_store(ctx)).feeds():
        table.add_row(escape(f.url), escape(f.title or ""), _when(f.last_poll),
                      _when(f.last_ok), str(f.failures or 0), escape(f.last_error or ""))
    out.print(table)


def _when(t: datetime | None) -> str:
    return t.strftime("%Y-%m-%d %H:%M") if t else ""


@feeds_app.command("add")
def feeds_add(ctx: typer.Context, url: Annotated[str, typer.Argument(help="Feed URL.")]) -> None:
    """Follow a feed."""
    from .store.feeds import FeedState

    if "://" not in url:
        err.print(f"[red]error[/] {escape(url)}: not a URL")
        raise typer.Exit(2)
    added = FeedState(_store(ctx)).add(url)
    err.print(f"{'following' if added else 'already following'} {escape(url)}", highlight=False)


@feeds_app.command("remove")
def feeds_remove(ctx: typer.Context, url: Annotated[str, typer.Argument(help="Feed URL.")]) -> None:
    """Stop following a feed (the articles taken from it stay)."""
    from .store.feeds import FeedState

    if not FeedState(_store(ctx)).remove(url):
        err.print(f"[red]error[/] not following {escape(url)}")
        raise typer.Exit(1)
    err.print(f"no longer following {escape(url)}", highlight=False)


@app.command()
def demo(ctx: typer.Context) -> None:
    """Ingest the bundled examples into the database and show every story."""
    if not EXAMPLES.is_dir():
        err.print(f"[red]error[/] examples folder not found at {EXAMPLES}")
        raise typer.Exit(1)
    store = _store(ctx)
    with err.status("ingesting the bundled examples"):
        _pipeline(store).ingest([EXAMPLES])
    stories(ctx)
    show(ctx, None, True)


if __name__ == "__main__":  # pragma: no cover
    app()
