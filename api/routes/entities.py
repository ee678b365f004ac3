"""Entity profiles: what the graph says about one resource, what points at it, and where it was read."""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter
from starlette.exceptions import HTTPException

from api.deps import RunnerDep, SettingsDep
from api.errors import WorkerRoute
from api.routes.articles import article_ref
from api.routes.sparql import time_limit_s
from kg.errors import QueryError
from kg.iris import ID_BASE
from kg.results import literal_value, lookup_labels, term_cell
from kg.store import GraphStore
from kg.vocab import MKG, RDF, RDFS, SKOS

router = APIRouter(tags=["entities"], route_class=WorkerRoute)

# Facts link to their evidence with this predicate; an entity's evidence is its own plus its facts'.
EVIDENCE = MKG.evidence

_OUTGOING = f"""
SELECT DISTINCT ?entity ?p ?o WHERE {{
  ?entity ?p ?o FILTER(?p NOT IN ({RDF.type}, {RDFS.label}, {SKOS.altLabel}, {EVIDENCE}))
}} ORDER BY ?p ?o LIMIT %d
"""
_TYPES = f"SELECT DISTINCT ?entity ?type WHERE {{ ?entity {RDF.type} ?type }} ORDER BY ?type"
_ALIASES = f"SELECT DISTINCT ?entity ?alias WHERE {{ ?entity {SKOS.altLabel} ?alias }} ORDER BY ?alias"
_INCOMING = "SELECT DISTINCT ?entity ?s ?p WHERE { ?s ?p ?entity } ORDER BY ?p ?s LIMIT %d"
_ARTICLES = f"""
SELECT DISTINCT ?entity ?article ?title WHERE {{
  GRAPH ?g {{ {{ ?entity ?p ?o }} UNION {{ ?s ?q ?entity }} ?article a {MKG.Article} }}
  OPTIONAL {{ GRAPH ?g {{ ?article {MKG.headline} ?title }} }}
}} ORDER BY ?article
"""
_EVIDENCE_COUNT = f"""
SELECT ?entity (COUNT(DISTINCT ?evidence) AS ?n) WHERE {{
  {{ ?entity {EVIDENCE} ?evidence }} UNION {{ ?fact ?p ?entity . ?fact {EVIDENCE} ?evidence }}
}} GROUP BY ?entity
"""


def entity_iri(ident: str) -> ox.NamedNode:
    """A full IRI, or the short key after https://w3id.org/mkg/id/ (e.g. person/jane-doe)."""
    iri = ident if ident.startswith(("http://", "https://", "urn:")) else ID_BASE + ident
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(
            f"{ident!r} is neither an IRI nor an entity key like person/jane-doe: {exc}"
        ) from exc


@router.get("/entities/{ident:path}", summary="Profile of one entity, by IRI or by key like person/jane-doe")
async def get_entity(ident: str, runner: RunnerDep, settings: SettingsDep) -> dict:
    entity = entity_iri(ident)
    timeout_s = time_limit_s(settings.canned_query_timeout_ms, None)
    profile = await runner.run("api", entity_profile, entity.value, settings.max_rows, timeout_s=timeout_s)
    if profile is None:
        raise HTTPException(
            404, f"nothing is known about {entity.value}; find entities with GET /search?q=..."
        )
    return profile


def entity_profile(store: GraphStore, iri: str, max_rows: int) -> dict | None:
    """What the store says about one entity, or None when it says nothing (a task of query workers)."""
    entity = ox.NamedNode(iri)
    bound = {ox.Variable("entity"): entity}

    def select(sparql: str) -> list[ox.QuerySolution]:
        return list(store.query(sparql, substitutions=bound))

    outgoing = select(_OUTGOING % max_rows)
    incoming = select(_INCOMING % max_rows)
    types = select(_TYPES)
    aliases = select(_ALIASES)
    if not (outgoing or incoming or types or aliases):
        return None
    iris = {entity.value}
    iris |= {s["type"].value for s in types if isinstance(s["type"], ox.NamedNode)}
    linked = [(s["p"], s["o"]) for s in outgoing] + [(s["p"], s["s"]) for s in incoming]
    iris |= {term.value for pair in linked for term in pair if isinstance(term, ox.NamedNode)}
    labels = lookup_labels(store, iris)

    def predicate(term: ox.NamedNode) -> dict:
        return {"predicate": term.value, "predicate_label": labels.get(term.value) or _local_name(term.value)}

    evidence = select(_EVIDENCE_COUNT)
    return {
        "ok": True,
        "id": entity.value,
        "label": labels[entity.value],
        "types": [term_cell(s["type"], labels) for s in types],
        "aliases": [s["alias"].value for s in aliases],
        "properties": [{**predicate(s["p"]), "value": term_cell(s["o"], labels)} for s in outgoing],
        "incoming": [{**predicate(s["p"]), "subject": term_cell(s["s"], labels)} for s in incoming],
        "articles": [
            {**article_ref(s["article"].value), "title": s["title"].value if s["title"] else None}
            for s in select(_ARTICLES)
        ],
        "evidence_count": literal_value(evidence[0]["n"]) if evidence else 0,
    }


def _local_name(iri: str) -> str:
    """The readable tail of an IRI, for predicates the ontology gives no label."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
