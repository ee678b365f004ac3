"""The query runners (api/executor.py): how waiting requests get workers and lane slots, and how answers come
back from worker processes. Time limits and lanes under load are in test_timeouts.py."""

from __future__ import annotations

import asyncio
import threading

import pytest

from api.executor import WorkerPool, _Handoff
from kg.settings import Settings
from kg.store import GraphStore
from tests.api.conftest import load_fixture


def test_executor_handoff_gives_items_to_the_longest_waiting_first():
    async def scenario() -> list[str]:
        handoff: _Handoff[str] = _Handoff()
        first = asyncio.create_task(handoff.get(5))
        second = asyncio.create_task(handoff.get(5))
        await asyncio.sleep(0)
        handoff.put("a")
        handoff.put("b")
        return [await first, await second]

    assert asyncio.run(scenario()) == ["a", "b"]


def test_executor_handoff_times_out_and_a_late_item_is_kept_for_the_next():
    async def scenario() -> tuple[bool, str | None]:
        handoff: _Handoff[str] = _Handoff()
        try:
            await handoff.get(0.01)
        except TimeoutError:
            timed_out = True
        else:
            timed_out = False
        handoff.put("late")
        return timed_out, handoff.get_nowait()

    assert asyncio.run(scenario()) == (True, "late")


def test_executor_handoff_accepts_items_from_other_threads():
    async def scenario() -> str:
        handoff: _Handoff[str] = _Handoff()
        waiting = asyncio.create_task(handoff.get(5))
        await asyncio.sleep(0)
        threading.Thread(target=handoff.put, args=("from a thread",)).start()
        return await waiting

    assert asyncio.run(scenario()) == "from a thread"


def test_executor_handoff_passes_on_an_item_its_cancelled_waiter_never_took():
    async def scenario() -> str:
        handoff: _Handoff[str] = _Handoff()
        gone = asyncio.create_task(handoff.get(5))
        staying = asyncio.create_task(handoff.get(5))
        await asyncio.sleep(0)
        gone.cancel()
        handoff.put("x")  # handed to `gone` first, which no longer waits
        with pytest.raises(asyncio.CancelledError):
            await gone
        return await staying

    assert asyncio.run(scenario()) == "x"


def large_answer(store: GraphStore, size: int) -> bytes:
    return bytes(range(256)) * (size // 256)


def test_executor_large_answers_arrive_whole_from_worker_processes(tmp_path):
    """Answers far larger than a pipe's buffer are read as they arrive, without blocking the event loop."""
    store = load_fixture(tmp_path / "store")
    pool = WorkerPool(Settings(store=str(tmp_path / "store"), query_workers=2, sparql_workers=1), store)

    async def scenario() -> list[bytes]:
        sizes = (3 << 20, 256)
        return await asyncio.gather(*(pool.run("api", large_answer, size, timeout_s=30) for size in sizes))

    try:
        big, small = asyncio.run(scenario())
    finally:
        pool.close()
    assert big == large_answer(store, 3 << 20) and small == bytes(range(256))
