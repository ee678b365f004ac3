"""Liveness and size of the graph."""

from __future__ import annotations

import threading

from fastapi import APIRouter, Request

from api.deps import RunnerDep, SettingsDep, StoreDep
from api.errors import WorkerRoute
from api.routes.sparql import time_limit_s
from kg.results import literal_value
from kg.store import GraphStore
from kg.vocab import MKG

router = APIRouter(tags=["health"], route_class=WorkerRoute)

_ARTICLES = f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a a {MKG.Article} }}"
_CLASS_COUNTS = f"""
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  ?s a ?class FILTER(STRSTARTS(STR(?class), "{MKG.base}"))
}} GROUP BY ?class ORDER BY ?class
"""


class QuadCount:
    """The number of quads of a store, counted once per write generation: pyoxigraph counts by scanning every
    quad (about 0.2 s a million), which a liveness probe must not repeat on each call. Concurrent callers
    wait for the one count. A store without a generation (remote) is counted on each call."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counted: tuple[object, int, int] | None = None  # (store, generation, quads)

    def __call__(self, store: GraphStore) -> int:
        generation = getattr(store, "generation", None)
        if generation is None:
            return len(store)
        with self._lock:
            if self._counted is None or self._counted[:2] != (store, generation):
                self._counted = (store, generation, len(store))
            return self._counted[2]


# Liveness is answered by the serving process itself, so it stays quick while every query worker is busy.
@router.get("/health", summary="Is the API up, and how big is its store")
def health(request: Request, store: StoreDep, settings: SettingsDep) -> dict:
    quads = request.app.state.quad_count(store)
    return {"ok": True, "store": "remote" if settings.store_is_remote else "embedded", "quads": quads}


@router.get("/stats", summary="Counts of quads, graphs, articles and instances per ontology class")
async def stats(runner: RunnerDep, settings: SettingsDep) -> dict:
    timeout_s = time_limit_s(settings.canned_query_timeout_ms, None)
    return await runner.run("api", store_stats, timeout_s=timeout_s)


def store_stats(store: GraphStore) -> dict:
    """Counts of quads, graphs, articles and instances per class (a task of query workers)."""
    articles = next(iter(store.query(_ARTICLES)))
    return {
        "ok": True,
        "quads": len(store),
        "graphs": len(store.graph_names()),
        "articles": literal_value(articles["n"]),
        "classes": {
            s["class"].value.removeprefix(MKG.base): literal_value(s["n"]) for s in store.query(_CLASS_COUNTS)
        },
    }
