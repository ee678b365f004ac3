"""Articles: the paged list, and one article's metadata with counts of its facts per type.

An article `{id}` is <https://w3id.org/mkg/article/{id}>, of type mkg:Article, in the named graph
<https://w3id.org/mkg/graph/article/{id}>. Its facts are the resources of that graph whose IRI is
https://w3id.org/mkg/id/{factkind}/{id}/{hash}, except its evidence nodes (id/evidence/{id}/{hash}).
"""

from __future__ import annotations

from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Query
from starlette.exceptions import HTTPException

from api.deps import RunnerDep, SettingsDep
from api.errors import WorkerRoute
from api.routes.sparql import time_limit_s
from kg.errors import QueryError
from kg.iris import ARTICLE_BASE, ARTICLE_GRAPH_BASE, ID_BASE
from kg.results import literal_value, lookup_labels, term_cell
from kg.store import GraphStore

router = APIRouter(tags=["articles"], route_class=WorkerRoute)

EVIDENCE_BASE = ID_BASE + "evidence/"

_PREFIXES = """
PREFIX mkg: <https://w3id.org/mkg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
# A fact of ?article: a subject of its graph whose IRI is ID_BASE{kind}/{article id}/{hash}, not evidence.
_IS_FACT = """isIRI(?fact) && STRSTARTS(STR(?fact), "%s") && !STRSTARTS(STR(?fact), "%s")
      && CONTAINS(STR(?fact), CONCAT("/", STRAFTER(STR(?article), "%s"), "/"))""" % (
    ID_BASE,
    EVIDENCE_BASE,
    ARTICLE_BASE,
)
_FACTS_OF_GRAPH = "OPTIONAL { GRAPH ?graph { ?fact ?factp ?facto } FILTER(%s) }" % _IS_FACT
_ARTICLE_LIST = (
    _PREFIXES
    + """
SELECT ?article ?graph ?title ?url ?published ?source ?hash ?pipeline ?version
       (COUNT(DISTINCT ?fact) AS ?facts)
WHERE {
  GRAPH ?graph { ?article a mkg:Article }
  OPTIONAL { GRAPH ?graph { ?article mkg:headline ?title } }
  OPTIONAL { GRAPH ?graph { ?article mkg:url ?url } }
  OPTIONAL { GRAPH ?graph { ?article mkg:datePublished ?published } }
  OPTIONAL { GRAPH ?graph { ?article mkg:source ?source } }
  OPTIONAL { GRAPH ?graph { ?article mkg:contentHash ?hash } }
  OPTIONAL { GRAPH ?graph { ?article mkg:pipeline ?pipeline } }
  OPTIONAL { GRAPH ?graph { ?article mkg:extractorVersion ?version } }
  %s
} GROUP BY ?article ?graph ?title ?url ?published ?source ?hash ?pipeline ?version
ORDER BY DESC(?published) ?article
"""
    % _FACTS_OF_GRAPH
)
_FACT_TYPES = (
    _PREFIXES
    + """
SELECT ?article ?graph ?type (COUNT(DISTINCT ?fact) AS ?n) WHERE {
  GRAPH ?graph { ?fact rdf:type ?type }
  FILTER(%s && STRSTARTS(STR(?type), STR(mkg:)))
} GROUP BY ?article ?graph ?type ORDER BY DESC(?n) ?type
"""
    % _IS_FACT
)


def article_ref(iri: str) -> dict:
    """How an article is named in answers: its short id (for /articles/{id}) and its IRI."""
    return {"id": iri.removeprefix(ARTICLE_BASE), "iri": iri}


def _value(term: object) -> object:
    return literal_value(term) if isinstance(term, ox.Literal) else getattr(term, "value", None)


def _summary(solution: ox.QuerySolution) -> dict:
    return {
        **article_ref(solution["article"].value),
        "title": _value(solution["title"]),
        "url": _value(solution["url"]),
        "published": _value(solution["published"]),
        "source": _value(solution["source"]),
        "graph": solution["graph"].value,
        "content_hash": _value(solution["hash"]),
        "pipeline": _value(solution["pipeline"]),
        "extractor_version": _value(solution["version"]),
        "facts": literal_value(solution["facts"]),
    }


def _article_nodes(article_id: str) -> tuple[ox.NamedNode, ox.NamedNode]:
    try:
        return ox.NamedNode(ARTICLE_BASE + article_id), ox.NamedNode(ARTICLE_GRAPH_BASE + article_id)
    except ValueError as exc:
        raise QueryError(f"{article_id!r} is not a valid article id: {exc}") from exc


@router.get("/articles", summary="List the articles, newest first")
async def list_articles(
    runner: RunnerDep,
    settings: SettingsDep,
    limit: Annotated[int, Query(alias="_limit", ge=1, description="Most articles to return.")] = 100,
    offset: Annotated[int, Query(alias="_offset", ge=0, description="Articles to skip.")] = 0,
) -> dict:
    page_size = min(limit, settings.max_rows)
    timeout_s = time_limit_s(settings.canned_query_timeout_ms, None)
    return await runner.run("api", article_page, page_size, offset, timeout_s=timeout_s)


def article_page(store: GraphStore, page_size: int, offset: int) -> dict:
    """One page of the article list (a task of query workers)."""
    # The page is fetched with one extra row to tell whether more articles follow.
    solutions = list(store.query(_ARTICLE_LIST + f"LIMIT {page_size + 1} OFFSET {offset}"))
    return {
        "ok": True,
        "articles": [_summary(s) for s in solutions[:page_size]],
        "truncated": len(solutions) > page_size,
    }


def _fact_counts(store: GraphStore, article: ox.NamedNode, graph: ox.NamedNode) -> list[dict]:
    solutions = list(
        store.query(_FACT_TYPES, substitutions={ox.Variable("article"): article, ox.Variable("graph"): graph})
    )
    labels = lookup_labels(store, {s["type"].value for s in solutions})
    return [{"type": term_cell(s["type"], labels), "count": literal_value(s["n"])} for s in solutions]


@router.get("/articles/{article_id}", summary="One article: metadata and counts of its facts per type")
async def get_article(article_id: str, runner: RunnerDep, settings: SettingsDep) -> dict:
    _article_nodes(article_id)  # a malformed id is a 400 before any worker is asked
    timeout_s = time_limit_s(settings.canned_query_timeout_ms, None)
    found = await runner.run("api", article_detail, article_id, timeout_s=timeout_s)
    if found is None:
        raise HTTPException(404, f"no article {article_id!r}; list the articles with GET /articles")
    return found


def article_detail(store: GraphStore, article_id: str) -> dict | None:
    """One article's metadata and fact counts, or None when there is no such article (a query-worker task)."""
    article, graph = _article_nodes(article_id)
    solutions = list(
        store.query(
            _ARTICLE_LIST, substitutions={ox.Variable("article"): article, ox.Variable("graph"): graph}
        )
    )
    if not solutions:
        return None
    return {"ok": True, **_summary(solutions[0]), "fact_types": _fact_counts(store, article, graph)}
