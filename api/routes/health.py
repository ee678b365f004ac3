"""Liveness and size of the graph."""

from __future__ import annotations

from fastapi import APIRouter

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


# Liveness is answered by the serving process itself, so it stays quick while every query worker is busy.
@router.get("/health", summary="Is the API up, and how big is its store")
def health(store: StoreDep, settings: SettingsDep) -> dict:
    return {"ok": True, "store": "remote" if settings.store_is_remote else "embedded", "quads": len(store)}


@router.get("/stats", summary="Counts of quads, graphs, articles and instances per ontology class")
def stats(runner: RunnerDep, settings: SettingsDep) -> dict:
    timeout_s = time_limit_s(settings.canned_query_timeout_ms, None)
    return runner.run("api", store_stats, timeout_s=timeout_s)


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
