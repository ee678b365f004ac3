"""Where queries run: worker processes that can be killed when a query runs past its time limit.

pyoxigraph cannot cancel a query, and a long aggregate ignores signals, so a query that must be stopped is
stopped by killing the process that runs it. `WorkerPool` keeps `query_workers` processes, forked from a
forkserver that has the modules imported: all start with the server (or on demand without a lifespan), and a
killed one's successor starts in the background and joins the pool once it is ready. Each opens the store as a read-only
snapshot and reopens it when the serving process's write `generation` moved on, so new facts are seen
without a restart. A task is a module-level function `task(store, *args)` whose answer is plain data
(bytes, dicts, dataclasses): the worker runs the query and serialises the answer itself.

`run` is a coroutine: a request waits for its lane, its worker and its answer on the event loop, with no
thread per request. The answer is read from the worker's pipe as the bytes arrive (`add_reader`), so a large
answer never blocks the loop, and the time limit is a timer on the loop.

Two lanes share the pool: "sparql" (arbitrary client queries) may hold at most `sparql_workers` workers, so
canned queries and API pages ("api") always find one. A request waits up to `query_queue_ms` for a worker
(counted against its time limit), then gets ServerBusyError (503, retry). When the time limit passes, the
request gets QueryTimeoutError (503) at once and the worker is killed and replaced.

An in-memory store cannot be shared with other processes: `ThreadRunner` runs tasks on threads of this
process instead, with the same lanes and time limits. Its timed-out threads cannot be stopped; they keep
their lane slot until they finish, so they cannot pile up past the cap.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import pickle
import struct
import threading
import time
import traceback
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

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
            "api.routes.queries", "api.routes.entities", "api.routes.search", "api.routes.articles",
            "api.routes.health"]


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


class _Handoff(Generic[T]):
    """Items (idle workers, lane slots) handed to the coroutine that has waited longest, else kept.

    `put` may be called from any thread, and waiters may sit on different event loops (a test client runs
    one loop per request), so each waiter is a future of its own loop, resolved through that loop.
    """

    def __init__(self, items: Iterable[T] = ()) -> None:
        self._lock = threading.Lock()
        self._items: list[T] = list(items)
        self._waiters: deque[asyncio.Future[T]] = deque()

    def put(self, item: T) -> None:
        running = _running_loop()
        with self._lock:
            while self._waiters:
                waiter = self._waiters.popleft()
                loop = waiter.get_loop()
                if loop is running:  # the common case, and the cheap one: no wake-up of another thread
                    if waiter.done():
                        continue
                    waiter.set_result(item)
                    return
                try:
                    loop.call_soon_threadsafe(self._deliver, waiter, item)
                    return
                except RuntimeError:  # its loop is closed: nobody waits there any more
                    continue
            self._items.append(item)

    def _deliver(self, waiter: asyncio.Future[T], item: T) -> None:
        if waiter.done():  # it stopped waiting (time-out, cancelled) before the item reached it
            self.put(item)
        else:
            waiter.set_result(item)

    def get_nowait(self) -> T | None:
        with self._lock:
            return self._items.pop() if self._items else None

    async def get(self, timeout_s: float) -> T:
        """The most recently put item (LIFO keeps the busiest workers warm); TimeoutError after
        `timeout_s`."""
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._items:
                return self._items.pop()
            waiter: asyncio.Future[T] = loop.create_future()
            self._waiters.append(waiter)
        timer = loop.call_later(timeout_s, _time_out, waiter)
        try:
            return await waiter
        except BaseException:
            with self._lock:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self.put(waiter.result())  # it arrived just as we gave up: pass it on
            raise
        finally:
            timer.cancel()

    def drain(self) -> list[T]:
        with self._lock:
            items, self._items = self._items, []
        return items


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _time_out(future: asyncio.Future) -> None:
    """A timer's end: the future fails with TimeoutError, unless it is already done. (A timer handle per
    wait costs a fraction of `asyncio.timeout`, which these hot paths would pay on every request.)"""
    if not future.done():
        future.set_exception(TimeoutError())


class _Lanes:
    """The per-lane caps, and the deadline arithmetic shared by both runners."""

    def __init__(self, settings: Settings) -> None:
        self.queue_s = settings.query_queue_ms / 1000
        self._slots = {
            "sparql": _Handoff(range(settings.sparql_workers)),
            "api": _Handoff(range(settings.query_workers)),
        }

    async def acquire(self, lane: str, deadline: float) -> int:
        """A slot of `lane` (give it back with `release`); ServerBusyError when none frees up in time."""
        slots = self._slots[lane]
        slot = slots.get_nowait()
        if slot is not None:
            return slot
        try:
            return await slots.get(self.wait_s(deadline))
        except TimeoutError:
            raise _busy_error() from None

    def release(self, lane: str, slot: int) -> None:
        self._slots[lane].put(slot)

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


class _AnswerReader:
    """Reads one message of `multiprocessing.connection`'s framing (a signed 4-byte big-endian length, or -1
    and an 8-byte length) from a worker's pipe as its bytes become readable on the event loop."""

    def __init__(self, fd: int, answer: asyncio.Future[bytes]) -> None:
        self._fd = fd
        self._answer = answer
        self._buffer = bytearray()
        self._size: int | None = None
        self._start = 0

    def on_readable(self) -> None:
        try:
            chunk = os.read(self._fd, max(65536, (self._size or 0) - len(self._buffer)))
        except OSError as exc:
            self._fail(exc)
            return
        if not chunk:
            self._fail(EOFError("the query worker closed its pipe"))
            return
        self._buffer += chunk
        if self._size is None and len(self._buffer) >= 4:
            (size,) = struct.unpack_from("!i", self._buffer)
            if size >= 0:
                self._size, self._start = size, 4
            elif len(self._buffer) >= 12:
                (self._size,), self._start = struct.unpack_from("!Q", self._buffer, 4), 12
        end = None if self._size is None else self._start + self._size
        if end is not None and len(self._buffer) >= end and not self._answer.done():
            self._answer.set_result(bytes(self._buffer[self._start : end]))

    def _fail(self, exc: BaseException) -> None:
        if not self._answer.done():
            self._answer.set_exception(exc)


def _send(conn: Connection, message: Any) -> None:
    # Plain pickle: tasks and answers need none of the reducers (file descriptors, sockets) that
    # `Connection.send` sets up a ForkingPickler for on every message.
    conn.send_bytes(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))


def _worker_main(conn: Connection, settings: Settings, opened_at: int) -> None:
    """The loop of a worker process: (generation, task, args) in, (ok, answer) out."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the server stops us
    if hasattr(os, "SCHED_BATCH"):
        # A worker woken by a task must not preempt the serving process (which would then stall every other
        # request until rescheduled): batch scheduling skips wakeup preemption, and costs nothing else.
        os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))
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
                _send(conn, (False, type(exc)(exc.message)))
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
        _send(conn, answer)


class WorkerPool:
    """Runs tasks in worker processes over the on-disk store of `settings` (see the module docstring)."""

    def __init__(self, settings: Settings, store: GraphStore) -> None:
        self._settings = settings
        self._store = store  # the serving process's handle: only its write generation is read
        self._lanes = _Lanes(settings)
        self._idle: _Handoff[_Worker] = _Handoff()
        self._started = 0
        self._lock = threading.Lock()
        self._context: Any = None
        self._closed = False

    async def run(self, lane: str, task: Task[T], *args: Any, timeout_s: float) -> T:
        deadline = time.monotonic() + timeout_s
        slot = await self._lanes.acquire(lane, deadline)
        try:
            worker = await self._take_worker(deadline)
            ok, answer = await self._ask(worker, task, args, deadline, timeout_s)
        finally:
            self._lanes.release(lane, slot)
        if not ok:
            raise answer
        return answer

    async def _ask(self, worker: _Worker, task: Task, args: tuple, deadline: float, timeout_s: float) -> Any:
        """The worker's (ok, answer). The worker goes back to the idle ones, unless it failed or ran out of
        time (or the request was cancelled): then it is killed and replaced."""
        loop = asyncio.get_running_loop()
        message: asyncio.Future[bytes] = loop.create_future()
        fd = worker.conn.fileno()
        try:
            _send(worker.conn, (self._generation(), task, args))
            loop.add_reader(fd, _AnswerReader(fd, message).on_readable)
            timer = loop.call_later(max(0.0, deadline - time.monotonic()), _time_out, message)
            try:
                answer = pickle.loads(await message)
            finally:
                timer.cancel()
                loop.remove_reader(fd)
        except TimeoutError:  # before OSError, its base class
            self._replace(worker)
            raise _timeout_error(timeout_s) from None
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise StoreError("a query worker stopped unexpectedly; retry the request") from exc
        except BaseException:
            self._replace(worker)
            raise
        self._idle.put(worker)
        return answer

    def _generation(self) -> int:
        return getattr(self._store, "generation", 0)

    async def _take_worker(self, deadline: float) -> _Worker:
        worker = self._idle.get_nowait()
        if worker is not None:
            return worker
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
            return await self._idle.get(wait_s)
        except TimeoutError:
            raise _busy_error() from None

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker (timed out, or broken); its successor starts in the background, so the 503 for the
        killed query is not delayed, and joins the idle workers once it is ready."""
        worker.process.kill()  # at once: a runaway query stops using a core now

        def replace() -> None:
            worker.kill()
            self._start_idle_worker()

        threading.Thread(target=replace, name="kg-worker-start", daemon=True).start()

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
        for worker in self._idle.drain():
            worker.kill()


class ThreadRunner:
    """Runs tasks on threads over an in-memory store (see the module docstring)."""

    def __init__(self, settings: Settings, store: GraphStore) -> None:
        self._store = store
        self._lanes = _Lanes(settings)
        self._threads = ThreadPoolExecutor(settings.query_workers, thread_name_prefix="kg-query")

    async def run(self, lane: str, task: Task[T], *args: Any, timeout_s: float) -> T:
        deadline = time.monotonic() + timeout_s
        slot = await self._lanes.acquire(lane, deadline)
        try:
            future = self._threads.submit(run_task, task, self._store, args)
        except BaseException:
            self._lanes.release(lane, slot)
            raise
        future.add_done_callback(lambda _: self._lanes.release(lane, slot))
        try:
            remaining_s = max(0.0, deadline - time.monotonic())
            ok, answer = await asyncio.wait_for(asyncio.wrap_future(future), remaining_s)
        except TimeoutError:
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
    """The app's lifespan: start the query workers before the first request, stop them all at the end."""
    await anyio.to_thread.run_sync(app.state.runner.warm_up)
    yield
    app.state.runner.close()


def make_runner(settings: Settings, store: GraphStore) -> QueryRunner:
    """Worker processes for an on-disk store; threads for one in memory (or behind another handle)."""
    if getattr(store, "path", None) is not None and not settings.store_is_remote:
        return WorkerPool(settings, store)
    return ThreadRunner(settings, store)
