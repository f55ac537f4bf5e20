"""Where the per-article work runs: in this process, or in a pool of worker processes.

An executor maps a function over a stream of tasks and yields the results in task order, so the
serial stage that consumes them sees articles in arrival order whatever ran them. The pool keeps
a few tasks in flight per worker (enough to keep every worker busy, few enough that a long input
is not read into memory ahead of the store); each worker loads the models once. A stream of one
task runs in this process: starting workers for it would only cost their start-up.

Workers are started with ``spawn``: a forked copy of a process that has already started torch's
thread pool can deadlock.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from typing import Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")
IN_FLIGHT = 2  # tasks queued per worker beyond the one it is running


class Executor(Protocol):
    def map(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


class InProcess:
    def map(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        return map(fn, tasks)

    def close(self) -> None:
        pass


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _worker_start() -> None:
    """Each worker uses one core for the models, which it loads on first use (a worker that
    only fuses needs none). It exits when the process that started it dies: a killed ingest
    must not leave workers behind, each holding its models, and nothing else would ever stop
    them (each holds its own end of the task queue open).

    A worker never imports torch: spaCy's thinc imports it whenever it is installed, for model
    types newsfuse does not run, and it costs 180 MB a process. The encoder runs on OpenVINO;
    its graph, the one thing torch is needed for, is exported before workers start."""
    from . import nlp

    sys.modules["torch"] = None  # type: ignore[assignment]  # an import of it now fails
    threading.Thread(target=_exit_with, args=(os.getppid(),), daemon=True).start()
    nlp.set_threads(1)


class ProcessPool:
    def __init__(self, jobs: int):
        from .encoder import ensure_graph

        ensure_graph()
        self.jobs = jobs
        self._pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_worker_start)

    def map(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        tasks = iter(tasks)
        first = list(islice(tasks, 2))
        if len(first) < 2:  # nothing would run beside it: no workers started for it
            yield from map(fn, first)
            return
        yield from in_task_order(lambda task: self._pool.submit(fn, task), chain(first, tasks),
                                 self.jobs * (1 + IN_FLIGHT))

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


def in_task_order(submit: Callable[[T], Future], tasks: Iterable[T], ahead: int,
                  result: Callable[[Future], R] = Future.result) -> Iterator[R]:
    """Submit tasks with at most ``ahead`` unfinished, and yield their results in task order:
    every executor's ``map``, whatever runs the futures."""
    pending: deque = deque()
    for task in tasks:
        pending.append(submit(task))
        if len(pending) >= ahead:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def executor(jobs: int | None = None, scheduler: str | None = None,
             workers: int | None = None) -> Executor:
    """A Dask cluster when given one (``scheduler``) or asked for one (``workers``: that many
    local worker processes); else ``jobs`` worker processes (default: one per core), and one job
    runs in this process."""
    if scheduler is not None or workers is not None:
        from .dask_executor import DaskPool

        return DaskPool(scheduler, workers)
    jobs = default_jobs() if jobs is None else jobs
    return InProcess() if jobs <= 1 else ProcessPool(jobs)
