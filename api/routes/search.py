"""Autocomplete search over labels (rdfs:label) and aliases (skos:altLabel).

A name matches when `q` (case-insensitive) is a prefix of it or of one of its words. Results rank
exact label > label prefix > label word prefix > alias, then shorter names first; the ontology's own
terms and the articles (labelled by their headlines) are left out.
"""

from __future__ import annotations

import re
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Query

from api.deps import RunnerDep, SettingsDep
from api.errors import WorkerRoute
from api.routes.sparql import time_limit_s
from kg.errors import QueryError
from kg.results import lookup_labels, term_cell
from kg.store import GraphStore
from kg.vocab import MKG, ONTOLOGY_GRAPH, RDF, RDFS, SKOS

router = APIRouter(tags=["search"], route_class=WorkerRoute)

EXACT, LABEL_PREFIX, WORD_PREFIX, ALIAS = range(4)

# CONTAINS narrows the candidates in the store; the prefix rules and the ranking are applied here.
_CANDIDATES = f"""
SELECT DISTINCT ?q ?s ?name ?isAlias WHERE {{
  GRAPH ?g {{
    {{ ?s {RDFS.label} ?name BIND(false AS ?isAlias) }}
    UNION
    {{ ?s {SKOS.altLabel} ?name BIND(true AS ?isAlias) }}
  }}
  FILTER(?g != {ONTOLOGY_GRAPH} && CONTAINS(LCASE(STR(?name)), ?q))
  FILTER NOT EXISTS {{ ?s {RDF.type} {MKG.Article} }}
}}
"""
_TYPES = f"SELECT DISTINCT ?s ?type WHERE {{ VALUES ?s {{ %s }} ?s {RDF.type} ?type }} ORDER BY ?type"
_WORD_START = re.compile(r"(?<!\w)\w")


def match_rank(q: str, name: str, *, is_alias: bool) -> int | None:
    """How well lower-cased `q` matches `name`; None unless it prefixes the name or one of its words."""
    name = name.lower()
    if name.startswith(q):
        rank = EXACT if name == q else LABEL_PREFIX
    elif any(name.startswith(q, m.start()) for m in _WORD_START.finditer(name)):
        rank = WORD_PREFIX
    else:
        return None
    return ALIAS if is_alias else rank


@router.get("/search", summary="Find entities by label or alias (prefix match, for autocomplete)")
async def search(
    runner: RunnerDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(description="Text to look for (case-insensitive prefix).")] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Most results to return.")] = 10,
) -> dict:
    text = (q or "").strip()
    if not text:
        raise QueryError("give the text to look for as ?q=, e.g. /search?q=minis")
    timeout_s = time_limit_s(settings.canned_query_timeout_ms, None)
    results = await runner.run("api", find_entities, text, limit, timeout_s=timeout_s)
    return {"ok": True, "q": text, "results": results}


def find_entities(store: GraphStore, text: str, limit: int) -> list[dict]:
    """The entities whose names `text` matches, best first (a task of query workers)."""
    needle = text.lower()
    best: dict[str, tuple[int, int, str, str]] = {}
    for solution in store.query(_CANDIDATES, substitutions={ox.Variable("q"): ox.Literal(needle)}):
        name = solution["name"].value
        rank = match_rank(needle, name, is_alias=solution["isAlias"].value == "true")
        if rank is None:
            continue
        key = (rank, len(name), name.lower(), name)
        iri = solution["s"].value
        if iri not in best or key < best[iri]:
            best[iri] = key
    ranked = sorted(best.items(), key=lambda item: (item[1], item[0]))[:limit]
    iris = [iri for iri, _ in ranked]
    types: dict[str, list[ox.NamedNode]] = {iri: [] for iri in iris}
    if iris:
        # The IRIs come from the store, so their N-Triples form is safe in VALUES.
        values = " ".join(str(ox.NamedNode(iri)) for iri in iris)
        for solution in store.query(_TYPES % values):
            types[solution["s"].value].append(solution["type"])
    labels = lookup_labels(store, set(iris) | {t.value for ts in types.values() for t in ts})
    return [
        {
            "id": iri,
            "label": labels.get(iri),
            "types": [term_cell(t, labels) for t in types[iri]],
            "matched": key[3],
        }
        for iri, key in ranked
    ]
