"""The vocabulary a SPARQL client needs: the predeclared prefixes of `/sparql`, and the ontology's classes and
properties with their labels (for completion in a query editor)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import RunnerDep, SettingsDep
from api.errors import WorkerRoute
from api.routes.sparql import time_limit_s
from kg.store import GraphStore
from kg.vocab import ONTOLOGY_GRAPH, OWL, PREFIXES, RDF, RDFS

router = APIRouter(tags=["vocabulary"], route_class=WorkerRoute)

_TERMS = f"""
SELECT ?term ?kind (MIN(STR(?name)) AS ?label) WHERE {{
  GRAPH {ONTOLOGY_GRAPH} {{
    VALUES (?type ?kind) {{ ({OWL.Class} "class") ({OWL.ObjectProperty} "property")
                            ({OWL.DatatypeProperty} "property") ({RDF.Property} "property") }}
    ?term {RDF.type} ?type
    OPTIONAL {{ ?term {RDFS.label} ?name }}
  }}
  FILTER(isIRI(?term))
}} GROUP BY ?term ?kind ORDER BY ?kind ?term
"""


@router.get("/vocabulary", summary="The predeclared SPARQL prefixes and the ontology's classes and properties")
async def get_vocabulary(runner: RunnerDep, settings: SettingsDep) -> dict:
    timeout_s = time_limit_s(settings.canned_query_timeout_ms, None)
    terms = await runner.run("api", ontology_terms, timeout_s=timeout_s)
    return {"ok": True, "prefixes": PREFIXES, **terms}


def ontology_terms(store: GraphStore) -> dict:
    """The ontology's classes and properties, by IRI (a task of query workers)."""
    terms: dict[str, list[dict]] = {"classes": [], "properties": []}
    for s in store.query(_TERMS):
        kind = "classes" if s["kind"].value == "class" else "properties"
        terms[kind].append({"id": s["term"].value, "label": s["label"].value if s["label"] else None})
    return terms
