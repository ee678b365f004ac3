"""Where queries run: worker processes that can be killed when a query runs past its time limit.

pyoxigraph cannot cancel a query, and a long aggregate ignores signals, so a query that must be stopped is
stopped by killing the process that runs it. `WorkerPool` keeps `query_workers` processes, forked from a
forkserver that has the modules imported: all start with the server (or on demand without a lifespan), and a
killed one's successor starts in the background and joins the pool once it is ready. Each opens the store as a read-only
snapshot and reopens it when the serving process's write `generation` moved on, so new facts are seen
without a restart. A task is a module-level function `task(store, *args)` whose answer is plain data
(bytes, dicts, dataclasses): the worker runs the query and serialises the answer itself.

Two lanes share the pool: "sparql" (arbitrary client queries) may hold at most `sparql_workers` workers, so
canned queries and API pages ("api") always find one. A request waits up to `query_queue_ms` for a worker
(counted against its time limit), then gets ServerBusyError (503, retry). When the time limit passes, the
request gets QueryTimeoutError (503) at once and the worker is killed and replaced.

An in-memory store cannot be shared with other processes: `ThreadRunner` runs tasks on threads of this
process instead, with the same lanes and time limits. Its timed-out threads cannot be stopped; they keep
their lane slot until they finish, so they cannot pile up past the cap.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
import time
import traceback
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import asynccontextmanager
from multiprocessing.connection import Connection
from typing import Any, TypeVar

import anyio.to_thread

from kg.errors import KGError, QueryTimeoutError, ServerBusyError, StoreError
from kg.settings import Settings
from kg.store import GraphStore, open_store

log = logging.getLogger(__name__)

T = TypeVar("T")
Task = Callable[..., T]
LANES = ("sparql", "api")

# Imported once by the forkserver, so each forked worker starts with them loaded.
_PRELOAD = ["pyoxigraph", "kg.store", "kg.queries", "kg.results", "api.executor", "api.routes.sparql",
            "api.routes.entities", "api.routes.search", "api.routes.articles", "api.routes.health"]


class TaskFailed(Exception):
    """An unexpected error inside a task, carried back as text (the worker's objects cannot travel)."""


def run_task(task: Task, store: GraphStore, args: tuple) -> tuple[bool, Any]:
    """(True, answer) or (False, exception). The exception leaves without its frames: they hold pyoxigraph
    iterators, which must be dropped on the thread that made them."""
    try:
        return True, task(store, *args)
    except KGError as exc:
        return False, type(exc)(exc.message)
    except Exception as exc:  # noqa: BLE001 — reported to the caller, which logs it and answers 500
        detail = "".join(traceback.format_exception(exc))
        return False, TaskFailed(f"{getattr(task, '__name__', task)} failed: {detail}")


def _timeout_error(timeout_s: float) -> QueryTimeoutError:
    return QueryTimeoutError(
        f"the query ran past its time limit of {timeout_s * 1000:.0f} ms and was stopped; narrow it (add "
        "LIMIT, more specific patterns) or ask for a higher limit (KG_QUERY_TIMEOUT_MS)"
    )


def _busy_error() -> ServerBusyError:
    return ServerBusyError("every query worker is busy; retry in a few seconds")


class _Lanes:
    """The per-lane caps, and the deadline arithmetic shared by both runners."""

    def __init__(self, settings: Settings) -> None:
        self.queue_s = settings.query_queue_ms / 1000
        self._slots = {
            "sparql": threading.BoundedSemaphore(settings.sparql_workers),
            "api": threading.BoundedSemaphore(settings.query_workers),
        }

    def acquire(self, lane: str, deadline: float) -> threading.BoundedSemaphore:
        slots = self._slots[lane]
        if not slots.acquire(timeout=self.wait_s(deadline)):
            raise _busy_error()
        return slots

    def wait_s(self, deadline: float) -> float:
        return max(0.0, min(self.queue_s, deadline - time.monotonic()))


_READY = "ready"
_STALE_SNAPSHOT = "IO error: No such file or directory"
_START_TIMEOUT_S = 60


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, context: Any, settings: Settings, generation: int) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(child, settings, generation), name="kg-query-worker", daemon=True
        )
        self.process.start()
        child.close()

    def wait_ready(self, timeout_s: float) -> bool:
        """Whether the worker finished starting (imports done, store opened) within `timeout_s`."""
        try:
            return self.conn.poll(timeout_s) and self.conn.recv() == _READY
        except (EOFError, OSError):
            return False

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


def _worker_main(conn: Connection, settings: Settings, opened_at: int) -> None:
    """The loop of a worker process: (generation, task, args) in, (ok, answer) out."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the server stops us
    store: GraphStore | None = None
    generation: int | None = None
    try:
        store = open_store(settings, read_only=True)  # opened after `opened_at` was read: it has its writes
        generation = opened_at
    except KGError:
        pass  # reported with the first task, which tries again
    conn.send(_READY)
    while True:
        try:
            wanted, task, args = conn.recv()
        except (EOFError, OSError):
            return
        if store is None or generation != wanted:
            store = None  # close the old snapshot before opening the new one
            try:
                store, generation = open_store(settings, read_only=True), wanted
            except KGError as exc:
                conn.send((False, type(exc)(exc.message)))
                continue
        answer = run_task(task, store, args)
        if not answer[0] and _STALE_SNAPSHOT in str(answer[1]):
            # The writer compacted away files this snapshot still listed (RocksDB allows that for read-only
            # opens): a fresh snapshot sees the current files.
            store = None
            try:
                store = open_store(settings, read_only=True)
                answer = run_task(task, store, args)
            except KGError as exc:
                answer = (False, type(exc)(exc.message))
        conn.send(answer)


class WorkerPool:
    """Runs tasks in worker processes over the on-disk store of `settings` (see the module docstring)."""

    def __init__(self, settings: Settings, store: GraphStore) -> None:
        self._settings = settings
        self._store = store  # the serving process's handle: only its write generation is read
        self._lanes = _Lanes(settings)
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._started = 0
        self._lock = threading.Lock()
        self._context: Any = None
        self._closed = False

    def run(self, lane: str, task: Task[T], *args: Any, timeout_s: float) -> T:
        deadline = time.monotonic() + timeout_s
        slots = self._lanes.acquire(lane, deadline)
        try:
            worker = self._take_worker(deadline)
            try:
                ok, answer = self._ask(worker, task, args, deadline, timeout_s)
            except BaseException:
                worker = None
                raise
            finally:
                if worker is not None:
                    self._idle.put(worker)
        finally:
            slots.release()
        if not ok:
            raise answer
        return answer

    def _ask(self, worker: _Worker, task: Task, args: tuple, deadline: float, timeout_s: float) -> Any:
        try:
            worker.conn.send((self._generation(), task, args))
            if worker.conn.poll(max(0.0, deadline - time.monotonic())):
                return worker.conn.recv()
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise StoreError("a query worker stopped unexpectedly; retry the request") from exc
        self._replace(worker)
        raise _timeout_error(timeout_s)

    def _generation(self) -> int:
        return getattr(self._store, "generation", 0)

    def _take_worker(self, deadline: float) -> _Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if self._closed:
                raise _busy_error()
            start_one = self._started < self._settings.query_workers
            if start_one:
                self._started += 1
        if start_one:  # the pool grows on demand (without warm_up): wait for the new worker, within the limit
            threading.Thread(target=self._start_idle_worker, name="kg-worker-start", daemon=True).start()
        wait_s = max(0.0, deadline - time.monotonic()) if start_one else self._lanes.wait_s(deadline)
        try:
            return self._idle.get(timeout=wait_s)
        except queue.Empty:
            raise _busy_error() from None

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker (timed out, or broken); its successor starts in the background, so the 503 for the
        killed query is not delayed, and joins the idle workers once it is ready."""
        worker.kill()
        threading.Thread(target=self._start_idle_worker, name="kg-worker-start", daemon=True).start()

    def _start_idle_worker(self) -> None:
        try:
            worker = _Worker(self._get_context(), self._settings, self._generation())
        except Exception:
            log.exception("could not start a query worker")
            with self._lock:
                self._started -= 1
            return
        if not worker.wait_ready(_START_TIMEOUT_S):
            if not self._closed:
                log.error("a query worker did not start within %s s", _START_TIMEOUT_S)
            worker.kill()
            with self._lock:
                self._started -= 1
            return
        with self._lock:
            closed = self._closed
        if closed:
            worker.kill()
        else:
            self._idle.put(worker)

    def _get_context(self) -> Any:
        # forkserver, not fork: forking a process that has the store (RocksDB) open is unsafe.
        if self._context is None:
            self._context = multiprocessing.get_context("forkserver")
            self._context.set_forkserver_preload(_PRELOAD)
        return self._context

    def warm_up(self) -> None:
        """Start every worker now, so no request waits for one to start (they start in parallel)."""
        with self._lock:
            missing = self._settings.query_workers - self._started
            self._started += missing
        starters = [threading.Thread(target=self._start_idle_worker, daemon=True) for _ in range(missing)]
        for starter in starters:
            starter.start()
        for starter in starters:
            starter.join()

    def close(self) -> None:
        with self._lock:
            self._closed = True
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                return


class ThreadRunner:
    """Runs tasks on threads over an in-memory store (see the module docstring)."""

    def __init__(self, settings: Settings, store: GraphStore) -> None:
        self._store = store
        self._lanes = _Lanes(settings)
        self._threads = ThreadPoolExecutor(settings.query_workers, thread_name_prefix="kg-query")

    def run(self, lane: str, task: Task[T], *args: Any, timeout_s: float) -> T:
        deadline = time.monotonic() + timeout_s
        slots = self._lanes.acquire(lane, deadline)
        try:
            future = self._threads.submit(run_task, task, self._store, args)
        except BaseException:
            slots.release()
            raise
        future.add_done_callback(lambda _: slots.release())
        try:
            ok, answer = future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            raise _timeout_error(timeout_s) from None
        if not ok:
            raise answer
        return answer

    def warm_up(self) -> None:
        """Nothing to start: threads start with their first task."""

    def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)


QueryRunner = WorkerPool | ThreadRunner


@asynccontextmanager
async def close_runner_on_shutdown(app: Any) -> AsyncIterator[None]:
    """The app's lifespan: start one query worker before the first request, stop them all at the end."""
    await anyio.to_thread.run_sync(app.state.runner.warm_up)
    yield
    app.state.runner.close()


def make_runner(settings: Settings, store: GraphStore) -> QueryRunner:
    """Worker processes for an on-disk store; threads for one in memory (or behind another handle)."""
    if getattr(store, "path", None) is not None and not settings.store_is_remote:
        return WorkerPool(settings, store)
    return ThreadRunner(settings, store)
