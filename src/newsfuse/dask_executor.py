"""The executor seam (``executors.py``) on a Dask distributed cluster.

``DaskPool`` runs analyse and fusion on an existing cluster (its scheduler's address) or on one
it starts of local worker processes. The pipeline sees what any executor gives it: results in
task order, a few tasks per worker in flight, so ``place`` stays serial, in arrival order, on
the client, and writes to the store. A worker that dies has its tasks rerun elsewhere by the
scheduler; the task that had failed in it is reported by the pipeline like any failed input.
Each worker loads the models once, on first use, and runs them on one core.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from distributed import Client, Future, LocalCluster, WorkerPlugin

from .executors import IN_FLIGHT, default_jobs, in_task_order

T = TypeVar("T")
R = TypeVar("R")


class OneCoreEach(WorkerPlugin):
    """A worker runs one task at a time: its models take one thread each."""

    def setup(self, worker) -> None:
        from . import nlp

        nlp.set_threads(1)


class DaskPool:
    def __init__(self, scheduler: str | None = None, workers: int | None = None):
        from .encoder import ensure_graph

        ensure_graph()  # for a local cluster's workers; a remote machine exports its own
        self._cluster = None
        if scheduler is None:
            self._cluster = LocalCluster(n_workers=workers or default_jobs(), threads_per_worker=1,
                                         processes=True, dashboard_address=None)
        self.client = Client(scheduler or self._cluster)
        self.client.register_plugin(OneCoreEach())
        self.jobs = max(1, sum(self.client.nthreads().values()))

    def map(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        return in_task_order(lambda task: self.client.submit(fn, task, pure=False), tasks,
                             self.jobs * (1 + IN_FLIGHT), _taken)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def _taken(future: Future):
    """A task's result; the cluster then forgets it, so memory holds only the tasks in flight."""
    try:
        return future.result()
    finally:
        future.release()
