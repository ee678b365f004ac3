"""Articles: the paged list (optionally of those ingested, or published, since a date), one article's metadata
with counts of its facts per type, its original text with every fact's evidence spans, and the list of withdrawn
articles.

When each article was added and last stored is recorded in the ingests graph (`kg.layout`): `/articles?since=`
lists what the ingests brought in since then, each article added or updated.

An article `{id}` is <https://w3id.org/mkg/article/{id}>, of type mkg:Article, in the named graph
<https://w3id.org/mkg/graph/article/{id}>. Its facts are the resources of that graph whose IRI is
https://w3id.org/mkg/id/{factkind}/{id}/{hash}, except its evidence nodes (id/evidence/{id}/{hash}).
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Query
from starlette.exceptions import HTTPException

from api.deps import RunnerDep, SettingsDep, StoreDep
from api.errors import WorkerRoute
from api.evidence import evidence_query, facts_with_evidence
from api.routes.sparql import time_limit_s
from kg.errors import QueryError
from kg.iris import ARTICLE_BASE, ARTICLE_GRAPH_BASE, ID_BASE, INGESTS_GRAPH, WITHDRAWALS_GRAPH
from kg.results import literal_value, lookup_labels, term_cell
from kg.sources import article_source
from kg.store import GraphStore
from kg.vocab import MKG, XSD

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
# SINCE is a filter or nothing; ORDER is the sort keys.
_ARTICLE_LIST = (
    _PREFIXES
    + """
SELECT ?article ?graph ?title ?url ?published ?source ?hash ?pipeline ?version ?ingested ?added
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
  OPTIONAL { GRAPH %s { ?article mkg:ingestedAt ?ingested } }
  OPTIONAL { GRAPH %s { ?article mkg:addedAt ?added } }
  %s
  SINCE
} GROUP BY ?article ?graph ?title ?url ?published ?source ?hash ?pipeline ?version ?ingested ?added
ORDER BY ORDER
"""
    % (INGESTS_GRAPH, INGESTS_GRAPH, _FACTS_OF_GRAPH)
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
        "ingested_at": _value(solution["ingested"]),
        "added_at": _value(solution["added"]),
    }


def _article_nodes(article_id: str) -> tuple[ox.NamedNode, ox.NamedNode]:
    try:
        return ox.NamedNode(ARTICLE_BASE + article_id), ox.NamedNode(ARTICLE_GRAPH_BASE + article_id)
    except ValueError as exc:
        raise QueryError(f"{article_id!r} is not a valid article id: {exc}") from exc


LimitParam = Annotated[int, Query(alias="_limit", ge=1, description="Most articles to return.")]
OffsetParam = Annotated[int, Query(alias="_offset", ge=0, description="Articles to skip.")]


@router.get("/articles", summary="List the articles: newest first, or those ingested since a time")
async def list_articles(
    runner: RunnerDep,
    settings: SettingsDep,
    limit: LimitParam = 100,
    offset: OffsetParam = 0,
    since: Annotated[datetime | date | None, Query(
        description="Only the articles stored (added or updated) by an ingest or a load at or after this time "
        "(YYYY-MM-DD, or an ISO 8601 date-time; UTC unless it gives its zone), most recently stored first; "
        "each says whether it was `added` or `updated` since then. Articles stored before ingest times were "
        "recorded are left out until they are stored again.")] = None,
    published_since: Annotated[date | None, Query(
        description="Only the articles published on or after this date (YYYY-MM-DD); articles without a "
        "publication date are left out.")] = None,
) -> dict:
    page_size = min(limit, settings.max_rows)
    timeout_s = time_limit_s(settings.canned_query_timeout_ms, None)
    return await runner.run(
        "api", article_page, page_size, offset, _instant(since), published_since, timeout_s=timeout_s
    )


def _instant(since: datetime | date | None) -> datetime | None:
    """A date as its first instant in UTC; a date-time without a zone as UTC."""
    if since is None:
        return None
    if not isinstance(since, datetime):
        since = datetime(since.year, since.month, since.day)
    return since if since.tzinfo is not None else since.replace(tzinfo=timezone.utc)


def article_page(
    store: GraphStore, page_size: int, offset: int, since: datetime | None = None, published_since: date | None = None
) -> dict:
    """One page of the article list (a task of query workers)."""
    filters, bound = [], {}
    if since is not None:
        filters.append("?ingested >= ?since")
        bound[ox.Variable("since")] = ox.Literal(since.isoformat(), datatype=XSD.dateTime)
    if published_since is not None:
        filters.append("?published >= ?published_since")
        bound[ox.Variable("published_since")] = ox.Literal(published_since.isoformat(), datatype=XSD.date)
    query = _article_list(" && ".join(filters), "DESC(?ingested)" if since is not None else "DESC(?published)")
    # The page is fetched with one extra row to tell whether more articles follow.
    solutions = list(store.query(query + f"LIMIT {page_size + 1} OFFSET {offset}", substitutions=bound))
    articles = [_summary(s) for s in solutions[:page_size]]
    if since is not None:
        for article, solution in zip(articles, solutions):
            added = solution["added"]
            article["change"] = "added" if added is not None and _at(added) >= since else "updated"
    return {"ok": True, "articles": articles, "truncated": len(solutions) > page_size}


def _at(literal: ox.Literal) -> datetime:
    """An xsd:dateTime literal as an aware datetime (to the microsecond; UTC when it has no zone)."""
    moment = datetime.fromisoformat(literal.value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def _article_list(condition: str, order: str) -> str:
    """The article list query filtered by `condition` (none when empty), sorted by `order` then IRI."""
    return _ARTICLE_LIST.replace("SINCE", f"FILTER({condition})" if condition else "").replace(
        "ORDER BY ORDER", f"ORDER BY {order} ?article"
    )


def _since(query: str, variable: str, since: ox.Literal | None) -> tuple[str, dict]:
    """`query` with its SINCE placeholder turned into a filter of `variable` on or after `since` (bound, not
    pasted), or into nothing."""
    if since is None:
        return query.replace("SINCE", ""), {}
    return query.replace("SINCE", f"FILTER({variable} >= ?since)"), {ox.Variable("since"): since}


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
        store.query(_article_list("", "DESC(?published)"), substitutions={ox.Variable("article"): article, ox.Variable("graph"): graph})
    )
    if not solutions:
        return None
    return {"ok": True, **_summary(solutions[0]), "fact_types": _fact_counts(store, article, graph)}


_ARTICLE_FACTS = evidence_query(
    f"GRAPH ?graph {{ ?fact {MKG.evidence} ?ev }} FILTER(isIRI(?fact))", "ORDER BY ?start ?end ?fact ?ev"
)
_CONTENT_HASH = f"SELECT ?hash WHERE {{ GRAPH ?graph {{ ?article {MKG.contentHash} ?hash }} }}"


@router.get(
    "/articles/{article_id}/text",
    summary="One article's original text, the spans the cleaner dropped, and every fact with its evidence spans",
)
async def get_article_text(article_id: str, runner: RunnerDep, settings: SettingsDep, store: StoreDep) -> dict:
    """`text` is null (and `text_problem` says why) when the article's file is gone or changed since it was
    ingested; the facts and their offsets (into the original text) are given all the same."""
    _article_nodes(article_id)
    timeout_s = time_limit_s(settings.canned_query_timeout_ms, None)
    location = store.path if store.path is not None else getattr(store, "url", None)
    found = await runner.run(
        "api", article_text, article_id, location, settings.max_article_bytes, timeout_s=timeout_s
    )
    if found is None:
        raise HTTPException(404, f"no article {article_id!r}; list the articles with GET /articles")
    return found


def article_text(store: GraphStore, article_id: str, location: Path | str | None, max_bytes: int) -> dict | None:
    """An article's text, dropped spans and facts with evidence, or None when there is no such article (a
    query-worker task: reading and cleaning the file happens here, off the serving process)."""
    article, graph = _article_nodes(article_id)
    hashes = list(store.query(_CONTENT_HASH, substitutions={ox.Variable("article"): article,
                                                            ox.Variable("graph"): graph}))
    if not hashes:
        return None
    source = article_source(location, article_id, hashes[0]["hash"].value, max_bytes=max_bytes)
    solutions = list(store.query(_ARTICLE_FACTS, substitutions={ox.Variable("graph"): graph}))
    return {
        "ok": True,
        **article_ref(article.value),
        "text": source.text,
        "text_problem": source.problem,
        "dropped": [{"start": start, "end": end} for start, end in source.dropped],
        "facts": facts_with_evidence(store, solutions),
    }


_WITHDRAWALS = f"""
SELECT ?article ?at WHERE {{
  GRAPH {WITHDRAWALS_GRAPH} {{ ?article {MKG.withdrawnAt} ?at }}
  SINCE
}} ORDER BY DESC(?at) ?article
"""


@router.get("/withdrawals", summary="The withdrawn articles (their files were gone at an ingest), newest first")
async def list_withdrawals(
    runner: RunnerDep,
    settings: SettingsDep,
    limit: LimitParam = 100,
    offset: OffsetParam = 0,
    since: Annotated[datetime | date | None, Query(
        description="Only the withdrawals at or after this time (YYYY-MM-DD, or an ISO 8601 date-time; UTC "
        "unless it gives its zone).")] = None,
) -> dict:
    page_size = min(limit, settings.max_rows)
    timeout_s = time_limit_s(settings.canned_query_timeout_ms, None)
    return await runner.run("api", withdrawal_page, page_size, offset, _instant(since), timeout_s=timeout_s)


def withdrawal_page(store: GraphStore, page_size: int, offset: int, since: datetime | None) -> dict:
    """One page of the withdrawals (a task of query workers)."""
    start = since and ox.Literal(since.isoformat(), datatype=XSD.dateTime)
    query, bound = _since(_WITHDRAWALS, "?at", start)
    solutions = list(store.query(query + f"LIMIT {page_size + 1} OFFSET {offset}", substitutions=bound))
    return {
        "ok": True,
        "withdrawals": [
            {**article_ref(s["article"].value), "withdrawn_at": s["at"].value} for s in solutions[:page_size]
        ],
        "truncated": len(solutions) > page_size,
    }
