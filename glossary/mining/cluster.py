"""Mining on a Dask cluster (dask.distributed): the pipeline's own task functions, run by a cluster's workers.

`connect("local", jobs=N)` starts a LocalCluster of N worker processes (one thread each) on this machine;
`connect("tcp://host:8786")` joins a running scheduler, whose workers must have this project installed and
must be able to read the inputs (the same paths on a shared disk, or fsspec URLs). Either way the executor
gives `pipeline.mine(..., executor=...)` two things:

- `map_reduce`: pass 1. Every counting task is one Dask task. The parts of each block of
  `pipeline.PRUNE_BLOCK` tasks are added on a worker, exactly (no pruning inside a block: a block's sum does
  not depend on the order of its parts); the blocks' sums are then added in order into the running total on
  a worker, pruned after each as the pool's total is (`pipeline._count`). So the result is the pool's, key
  for key, whichever worker finishes first; the blocks are summed on all the workers at once, none receives
  every part, and merges run before further counting (higher priority), so finished parts do not pile up.
  Only the total comes back to this process. (A binary tree inside each block was tried first: it did about
  twice the merge work for no gain on two workers.)
- `map_in_order`: pass 2. The automaton of the best candidates is sent to each worker once; the small
  per-task results (document frequencies, a few examples each) come back and are added in task order.

jieba's dictionary is loaded once per worker process, by the first task that needs it (a module global of
`candidates`), never per task.
"""
from __future__ import annotations

import contextlib
import time
from typing import Callable, Iterator

from glossary.store.schema import GlossaryError

CONNECT_TIMEOUT = 10  # seconds to reach a scheduler before giving up with a clear error


class DaskExecutor:
    def __init__(self, client):
        self.client = client

    @property
    def workers(self) -> int:
        """Task slots in the cluster (threads of all workers): big files are split in this many shares."""
        return max(1, sum(self.client.nthreads().values()))

    def map_reduce(self, function: Callable, tasks: list, combine: Callable, fold: Callable, initial,
                   block: int, sizes: list[int], progress: Callable[[int], None] | None = None) -> tuple[object, float]:
        """function over tasks; the results of each block of `block` tasks are combined (in task order) on a
        worker, and the blocks' results folded in order into initial. Returns (the total, seconds from the
        last task's end to the total's arrival here)."""
        from distributed import as_completed

        client = self.client
        maps = client.map(function, tasks, pure=False)
        total = initial
        for start in range(0, len(maps), block):
            parts = maps[start: start + block]
            summed = client.submit(combine, *parts, pure=False, priority=1) if len(parts) > 1 else parts[0]
            # the fold runs first of all: block sums must not wait long for it, holding their counts
            total = client.submit(fold, total, summed, pure=False, priority=2)
        size_of = {future.key: size for future, size in zip(maps, sizes)}
        done = as_completed(maps)
        del maps, parts, summed  # only the total is kept here: a part is freed on its worker once merged
        for future in done:
            if future.status == "error":
                future.result()  # raises the task's own exception
            if progress:
                progress(size_of.pop(future.key, 0))
            del future
        counted = time.perf_counter()
        return total.result(), time.perf_counter() - counted

    def map_in_order(self, function: Callable, tasks: list, on_result: Callable, **shared) -> None:
        """function(task, **shared) over tasks; results handled here in task order. Each shared value is
        sent to every worker once, not with every task."""
        client = self.client
        sent = {name: client.scatter(value, broadcast=True, hash=False) for name, value in shared.items()}
        futures = client.map(function, tasks, pure=False, **sent)
        for future in futures:
            on_result(future.result())

    def peak_memory(self) -> dict[str, int]:
        """Each worker process's peak resident memory so far, in bytes (for the benchmark)."""
        return self.client.run(_peak_rss)


def _peak_rss() -> int:
    """This process's high-water mark of resident memory (VmHWM), in bytes; 0 where /proc is not there."""
    try:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return 0


@contextlib.contextmanager
def connect(scheduler: str, *, jobs: int = 1, say: Callable[[str], None] | None = None,
            timeout: float | None = None, dashboard: str = ":8787") -> Iterator[DaskExecutor]:
    """An executor on the scheduler at `scheduler` ("local": a LocalCluster of jobs worker processes, shut
    down on leaving). say(message) hears where the dashboard is. An unreachable or malformed address is a
    GlossaryError that names it."""
    from distributed import Client, LocalCluster

    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                   dashboard_address=dashboard)
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout=timeout or CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        if cluster is not None:
            cluster.close()
        raise GlossaryError(f"cannot reach the Dask scheduler at {scheduler!r}: {exc}") from None
    try:
        if say:
            where = "a local cluster of %d worker(s)" % jobs if cluster is not None else scheduler
            say(f"mining on {where}; Dask dashboard: {client.dashboard_link}")
        yield DaskExecutor(client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
