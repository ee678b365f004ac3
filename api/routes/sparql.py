"""The SPARQL 1.1 Protocol endpoint: read-only queries by GET, form POST or direct POST.

SELECT/ASK answers in SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE in Turtle (default),
N-Triples, JSON-LD or RDF/XML, chosen from the Accept header. Updates are refused, and so is any SERVICE call
to an endpoint not in `KG_SERVICE_ALLOWLIST` (pyoxigraph would otherwise fetch any URL a client names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.exceptions import HTTPException

from api.deps import SettingsDep, StoreDep
from api.errors import WorkerRoute
from api.negotiation import negotiate
from kg.errors import QueryError, QueryRefusedError, QuerySyntaxError
from kg.settings import Settings
from kg.store import GraphStore

router = APIRouter(tags=["sparql"], route_class=WorkerRoute)

RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
FORM_TYPE = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"

# Strings, comments and IRIs, leftmost first, so a keyword is only seen where it is a keyword.
_TOKENS = re.compile(
    r'(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|#[^\n\r]*",
    re.DOTALL,
)
_SERVICE = re.compile(
    r"(?<![\w:?$.-])SERVICE(?![\w:-])\s*(?:SILENT(?![\w:-])\s*)?(?P<target><\d+>|[^\s{]*)", re.IGNORECASE
)
_LOAD = re.compile(r"(?<![\w:?$.-])LOAD(?![\w:-])", re.IGNORECASE)
_IRI_SLOT = re.compile(r"<(\d+)>")


@dataclass(frozen=True)
class SparqlRequest:
    query: str | None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


def _keywords_view(sparql: str) -> tuple[str, list[str]]:
    """The query with strings and comments blanked and each IRI replaced by `<n>`, plus the IRIs."""
    iris: list[str] = []

    def replace(match: re.Match[str]) -> str:
        if match["iri"] is None:
            return " "
        iris.append(match["iri"][1:-1])
        return f"<{len(iris) - 1}>"

    return _TOKENS.sub(replace, sparql), iris


def refuse_unlisted_services(sparql: str, allowlist: list[str]) -> None:
    """QueryRefusedError when a SERVICE clause calls an endpoint outside `allowlist` (or hides which)."""
    view, iris = _keywords_view(sparql)
    for match in _SERVICE.finditer(view):
        slot = _IRI_SLOT.fullmatch(match["target"])
        endpoint = iris[int(slot[1])] if slot else None
        if endpoint is None:
            raise QueryRefusedError(
                "SERVICE must name its endpoint as a full <IRI> (no variables or prefixed names) so it "
                "can be checked against KG_SERVICE_ALLOWLIST"
            )
        if endpoint not in allowlist:
            raise QueryRefusedError(
                f"SERVICE <{endpoint}> is not allowed: federated queries may only call endpoints listed in "
                "KG_SERVICE_ALLOWLIST"
            )


def _is_update(sparql: str) -> bool:
    """Whether text that failed to parse as a query is a SPARQL UPDATE.

    pyoxigraph has no parse-only call, so the update runs against a throwaway empty store; LOAD is decided
    from the text instead, since running it would fetch its URL.
    """
    if _LOAD.search(_keywords_view(sparql)[0]):
        return True
    try:
        ox.Store().update(sparql)
    except SyntaxError:
        return False
    except Exception:  # noqa: BLE001 — it parsed; failing on an empty store still makes it an update
        return True
    return True


def _graphs(names: list[str], field_name: str) -> list[ox.NamedNode] | None:
    if not names:
        return None
    try:
        return [ox.NamedNode(name) for name in names]
    except ValueError as exc:
        raise QueryError(f"{field_name} must be absolute IRIs: {exc}") from exc


def run_query(
    store: GraphStore, settings: Settings, request: SparqlRequest
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Check and run a protocol request's query (QueryError subclasses for anything refused)."""
    sparql = request.query or ""
    if not sparql.strip():
        raise QueryError(
            "no query given: send it as the `query` parameter or as an application/sparql-query body"
        )
    if len(sparql) > settings.max_query_length:
        raise QueryRefusedError(
            f"the query is {len(sparql)} characters long; the limit is {settings.max_query_length} "
            "(KG_MAX_QUERY_LENGTH)"
        )
    refuse_unlisted_services(sparql, settings.service_allowlist)
    default_graph = _graphs(request.default_graphs, "default-graph-uri")
    named_graphs = _graphs(request.named_graphs, "named-graph-uri")
    try:
        return store.query(sparql, default_graph=default_graph, named_graphs=named_graphs)
    except QuerySyntaxError as exc:
        if _is_update(sparql):
            raise QueryRefusedError(
                "SPARQL UPDATE is not allowed: this endpoint is read-only (the graph changes only by "
                "`kg ingest`)"
            ) from exc
        raise


def _respond(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, accept: str | None) -> Response:
    formats: dict = GRAPH_FORMATS if isinstance(result, ox.QueryTriples) else RESULT_FORMATS
    media_type = negotiate(accept, list(formats))
    if media_type is None:
        raise HTTPException(
            406,
            "cannot answer this query in any type the Accept header allows; use one of: "
            + ", ".join(formats),
        )
    return Response(result.serialize(format=formats[media_type]), media_type=media_type)


def _service_description(endpoint: str) -> Response:
    result_formats = ", ".join(
        f"<http://www.w3.org/ns/formats/{name}>"
        for name in (
            "SPARQL_Results_JSON",
            "SPARQL_Results_XML",
            "SPARQL_Results_CSV",
            "SPARQL_Results_TSV",
            "Turtle",
            "N-Triples",
            "JSON-LD",
            "RDF_XML",
        )
    )
    turtle = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .

[] a sd:Service ;
  sd:endpoint <{endpoint}> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:feature sd:UnionDefaultGraph ;
  sd:resultFormat {result_formats} .
"""
    return Response(turtle, media_type="text/turtle")


@router.get("/sparql", summary="SPARQL query by GET (no query: the service description)")
def sparql_get(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    query: Annotated[str | None, Query(description="The SPARQL query.")] = None,
    default_graph_uri: Annotated[list[str], Query(alias="default-graph-uri")] = [],  # noqa: B006
    named_graph_uri: Annotated[list[str], Query(alias="named-graph-uri")] = [],  # noqa: B006
) -> Response:
    if query is None:
        return _service_description(str(request.url.replace(query=None)))
    result = run_query(store, settings, SparqlRequest(query, default_graph_uri, named_graph_uri))
    return _respond(result, request.headers.get("accept"))


async def _posted_request(request: Request) -> SparqlRequest:
    """The query of a POST: a urlencoded form, or the body itself for application/sparql-query."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    url_params = request.query_params
    if content_type == FORM_TYPE:
        form = await request.form()
        if "update" in form:
            raise QueryRefusedError("SPARQL UPDATE is not allowed: this endpoint is read-only")
        query = form.get("query")
        return SparqlRequest(
            query if isinstance(query, str) else None,
            [str(v) for v in form.getlist("default-graph-uri")] + url_params.getlist("default-graph-uri"),
            [str(v) for v in form.getlist("named-graph-uri")] + url_params.getlist("named-graph-uri"),
        )
    if content_type == QUERY_TYPE:
        body = await request.body()
        try:
            query = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise QueryError("the query body is not UTF-8 text; send it encoded as UTF-8") from exc
        return SparqlRequest(
            query, url_params.getlist("default-graph-uri"), url_params.getlist("named-graph-uri")
        )
    raise HTTPException(
        415,
        f"unsupported Content-Type {content_type or '(none)'!r}: POST the query as {FORM_TYPE} "
        f"(field `query`) or as {QUERY_TYPE}",
    )


@router.post("/sparql", summary="SPARQL query by POST (form or application/sparql-query body)")
def sparql_post(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    posted: Annotated[SparqlRequest, Depends(_posted_request)],
) -> Response:
    result = run_query(store, settings, posted)
    return _respond(result, request.headers.get("accept"))
