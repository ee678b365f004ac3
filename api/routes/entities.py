"""Entity pages: a summary of what the graph says about one resource, and its values page by page.

`GET /entities/{id}` summarises: the entity's types, aliases and label; per property (outgoing, and incoming:
the facts that name it) how many values it has, its most frequent values (outgoing: by how many sources state
them), its latest value (from the most recently published article) and the highest confidence; the newest
articles that report it, with their number; its evidence count. The per-property summary is the `entity`
canned query. `GET /entities/{id}/values?property=IRI&direction=out|in` pages through one property's values,
in the store's stable order (`_limit`, `_offset`, `next_offset`), so no page lists every incoming triple.
`GET /entities/{id}/evidence` pages through the facts about the entity (its own mentions, and the facts that
name it) with their kind, article, evidence sentence, offsets and confidence.
"""

from __future__ import annotations

import functools
from typing import Annotated, Literal

import pyoxigraph as ox
from fastapi import APIRouter, Query
from starlette.exceptions import HTTPException

from api.deps import RunnerDep, SettingsDep
from api.errors import WorkerRoute
from api.evidence import evidence_query, facts_with_evidence
from api.routes.articles import article_ref
from api.routes.sparql import time_limit_s
from kg.errors import QueryError
from kg.iris import ID_BASE
from kg.layout import STATEMENT_GRAPH
from kg.queries import CannedQuery, parse_query_file, run_canned
from kg.settings import PROJECT_ROOT
from kg.results import literal_value, lookup_labels, term_cell
from kg.store import GraphStore
from kg.vocab import MKG, RDF, RDFS, SKOS

router = APIRouter(tags=["entities"], route_class=WorkerRoute)

SUMMARY_QUERY = PROJECT_ROOT / "queries" / "entity.rq"  # the per-property summary, also a canned query
MOST_FREQUENT = 3  # values listed per outgoing property
# Shown apart (types, label, aliases) or as counts (articles, evidence), not as properties.
SHOWN_APART = {t.value for t in (RDF.type, RDFS.label, SKOS.altLabel, MKG.evidence, MKG.reportedIn, MKG.articleCount,
                                 MKG.topConfidence)}
# Facts link to their evidence with this predicate; an entity's evidence is its own plus its facts'.
EVIDENCE = MKG.evidence

_TYPES = f"SELECT DISTINCT ?type WHERE {{ ?entity {RDF.type} ?type }} ORDER BY ?type"
_ALIASES = f"SELECT DISTINCT ?alias WHERE {{ ?entity {SKOS.altLabel} ?alias }} ORDER BY ?alias"
# How many sources state each outgoing value (the statement graph names the statements each source asserts).
_FREQUENCIES = f"""
SELECT ?p ?o (COUNT(DISTINCT ?source) AS ?n) WHERE {{
  GRAPH {STATEMENT_GRAPH} {{ ?statement {RDF.subject} ?entity ; {RDF.predicate} ?p ; {RDF.object} ?o }}
  GRAPH ?g {{ ?source {MKG.asserts} ?statement }}
}} GROUP BY ?p ?o ORDER BY ?p DESC(?n) ?o
"""
_ARTICLES = f"""
SELECT DISTINCT ?article ?title ?published WHERE {{
  {{ GRAPH ?g {{ ?entity ?p ?o }} }} UNION {{ GRAPH ?g {{ ?s ?q ?entity }} }}
  GRAPH ?g {{ ?article a {MKG.Article} }}
  OPTIONAL {{ GRAPH ?g {{ ?article {MKG.headline} ?title }} }}
  OPTIONAL {{ GRAPH ?g {{ ?article {MKG.datePublished} ?published }} }}
}} ORDER BY DESC(?published) ?article
"""
_EVIDENCE_COUNT = f"""
SELECT (COUNT(DISTINCT ?evidence) AS ?n) WHERE {{
  {{ ?entity {EVIDENCE} ?evidence }} UNION {{ ?fact ?p ?entity . ?fact {EVIDENCE} ?evidence }}
}}
"""
_VALUES = {
    "out": "SELECT DISTINCT ?value WHERE { ?entity ?property ?value }",
    "in": "SELECT DISTINCT ?value WHERE { ?value ?property ?entity }",
}

PropertyParam = Annotated[str, Query(description="IRI of the property whose values to list.")]
DirectionParam = Annotated[
    Literal["out", "in"], Query(description="out: the entity's values; in: the facts and resources naming it.")
]
LimitParam = Annotated[int | None, Query(alias="_limit", ge=1, description="Values in the page (default KG_PAGE_SIZE).")]
OffsetParam = Annotated[int, Query(alias="_offset", ge=0, description="Values to skip: the previous `next_offset`.")]


def entity_iri(ident: str) -> ox.NamedNode:
    """A full IRI, or the short key after https://w3id.org/mkg/id/ (e.g. person/jane-doe)."""
    iri = ident if ident.startswith(("http://", "https://", "urn:")) else ID_BASE + ident
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(
            f"{ident!r} is neither an IRI nor an entity key like person/jane-doe: {exc}"
        ) from exc


def _not_found(entity: ox.NamedNode) -> HTTPException:
    return HTTPException(404, f"nothing is known about {entity.value}; find entities with GET /search?q=...")


@router.get("/entities/{ident:path}/values", summary="One property's values of an entity, page by page")
async def list_entity_values(
    ident: str, runner: RunnerDep, settings: SettingsDep, property: PropertyParam, direction: DirectionParam = "out",
    limit: LimitParam = None, offset: OffsetParam = 0,
) -> dict:
    entity, predicate = entity_iri(ident), entity_iri(property)
    page_size = min(limit or settings.page_size, settings.max_rows)
    timeout_s = time_limit_s(settings.canned_query_timeout_ms, None)
    return await runner.run(
        "api", entity_values, entity.value, predicate.value, direction, page_size, offset, timeout_s=timeout_s
    )


# The entity itself (its mentions) and the facts naming it; a page is cut by evidence, one extra to see more.
_EVIDENCE = evidence_query(
    "{ BIND(?entity AS ?fact) } UNION { ?fact ?p ?entity FILTER(isIRI(?fact)) }",
    "ORDER BY ?graph ?start ?fact ?ev",
)


@router.get("/entities/{ident:path}/evidence", summary="The facts about an entity with their evidence, page by page")
async def list_entity_evidence(
    ident: str, runner: RunnerDep, settings: SettingsDep, limit: LimitParam = None, offset: OffsetParam = 0,
) -> dict:
    """A page holds at most `_limit` evidence spans, grouped by fact; `next_offset` counts spans too."""
    entity = entity_iri(ident)
    page_size = min(limit or settings.page_size, settings.max_rows)
    timeout_s = time_limit_s(settings.canned_query_timeout_ms, None)
    return await runner.run("api", entity_evidence, entity.value, page_size, offset, timeout_s=timeout_s)


def entity_evidence(store: GraphStore, iri: str, page_size: int, offset: int) -> dict:
    """One page of the evidence of the facts about an entity (a task of query workers)."""
    page = f"{_EVIDENCE} LIMIT {page_size + 1} OFFSET {offset}"
    solutions = list(store.query(page, substitutions={ox.Variable("entity"): ox.NamedNode(iri)}))
    truncated = len(solutions) > page_size
    return {
        "ok": True,
        "id": iri,
        "facts": facts_with_evidence(store, solutions[:page_size]),
        "truncated": truncated,
        "offset": offset,
        "limit": page_size,
        "next_offset": offset + page_size if truncated else None,
    }


@router.get("/entities/{ident:path}", summary="Summary of one entity, by IRI or by key like person/jane-doe")
async def get_entity(ident: str, runner: RunnerDep, settings: SettingsDep) -> dict:
    entity = entity_iri(ident)
    timeout_s = time_limit_s(settings.canned_query_timeout_ms, None)
    profile = await runner.run(
        "api", entity_profile, entity.value, summary_query(), settings.page_size, timeout_s=timeout_s
    )
    if profile is None:
        raise _not_found(entity)
    return profile


@functools.cache
def summary_query() -> CannedQuery:
    return parse_query_file(SUMMARY_QUERY)


def entity_values(store: GraphStore, iri: str, predicate: str, direction: str, page_size: int, offset: int) -> dict:
    """One page of the values of one property of an entity (a task of query workers)."""
    bound = {ox.Variable("entity"): ox.NamedNode(iri), ox.Variable("property"): ox.NamedNode(predicate)}
    page = f"{_VALUES[direction]} LIMIT {page_size + 1} OFFSET {offset}"
    values = [s["value"] for s in store.query(page, substitutions=bound)]
    labels = lookup_labels(store, {v.value for v in values[:page_size] if isinstance(v, ox.NamedNode)})
    truncated = len(values) > page_size
    return {
        "ok": True,
        "id": iri,
        "property": predicate,
        "direction": direction,
        "values": [term_cell(v, labels) for v in values[:page_size]],
        "truncated": truncated,
        "offset": offset,
        "limit": page_size,
        "next_offset": offset + page_size if truncated else None,
    }


def entity_profile(store: GraphStore, iri: str, summary_query: CannedQuery, page_size: int) -> dict | None:
    """The summary of one entity, or None when the store says nothing about it (a task of query workers)."""
    entity = ox.NamedNode(iri)
    bound = {ox.Variable("entity"): entity}

    def select(sparql: str) -> list[ox.QuerySolution]:
        return list(store.query(sparql, substitutions=bound))

    summary = run_canned(store, summary_query, {ox.Variable("id"): entity}, page_size=10_000, offset=0).rows
    if not summary:
        return None
    types = select(_TYPES)
    frequent: dict[str, list[tuple[ox.Term, int]]] = {}
    for s in select(_FREQUENCIES):
        frequent.setdefault(s["p"].value, []).append((s["o"], int(s["n"].value)))
    articles = select(_ARTICLES)
    iris = {entity.value} | {s["type"].value for s in types if isinstance(s["type"], ox.NamedNode)}
    iris |= {o.value for values in frequent.values() for o, _ in values[:MOST_FREQUENT] if isinstance(o, ox.NamedNode)}
    labels = lookup_labels(store, iris)

    def described(row: dict) -> dict:
        predicate = row["property"]["id"]
        return {
            "predicate": predicate,
            "predicate_label": row["property"]["label"] or _local_name(predicate),
            "count": row["values"],
            "latest": row["latest"],
            "latest_date": row["latestDate"],
            "confidence": row["confidence"],
        }

    properties = []
    for row in (r for r in summary if r["direction"] == "out" and r["property"]["id"] not in SHOWN_APART):
        top = [{"value": term_cell(o, labels), "sources": n} for o, n in frequent.get(row["property"]["id"], [])]
        item = described(row)
        properties.append({**item, "value": top[0]["value"] if top else item["latest"],
                           "most_frequent": top[:MOST_FREQUENT]})
    incoming = [{**described(row), "subject": row["latest"]} for row in summary if row["direction"] == "in"]
    evidence = select(_EVIDENCE_COUNT)
    return {
        "ok": True,
        "id": entity.value,
        "label": labels[entity.value],
        "types": [term_cell(s["type"], labels) for s in types],
        "aliases": [s["alias"].value for s in select(_ALIASES)],
        "properties": properties,
        "incoming": incoming,
        "articles": [
            {**article_ref(s["article"].value), "title": s["title"].value if s["title"] else None,
             "published": s["published"].value if s["published"] else None}
            for s in articles[:page_size]
        ],
        "article_count": len(articles),
        "evidence_count": literal_value(evidence[0]["n"]) if evidence else 0,
    }


def _local_name(iri: str) -> str:
    """The readable tail of an IRI, for predicates the ontology gives no label."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
