"""The SPARQL 1.1 Protocol endpoint: read-only queries by GET, form POST or direct POST.

SELECT/ASK answers in SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE in Turtle (default),
N-Triples, JSON-LD or RDF/XML, chosen from the Accept header (406 when none fits). Like Oxigraph's server, the
generic names are understood too: `application/json` (SPARQL JSON, or JSON-LD for graphs), `application/xml`
(SPARQL XML, or RDF/XML) and `text/plain` (CSV, or N-Triples). A GET without a query answers the service
description. Updates are refused, and so is any SERVICE call to an endpoint not in `KG_SERVICE_ALLOWLIST`
(pyoxigraph would otherwise fetch any URL a client names).

The dataset follows the SPARQL 1.1 Protocol (§2.1.4): `default-graph-uri` / `named-graph-uri` when given
(either one alone leaves the other part of the dataset empty), overriding the query's FROM / FROM NAMED; else
the query's own FROM / FROM NAMED; else the union of all graphs (see `kg.store.GraphStore.query`). Relative
IRIs resolve against the endpoint's URL, as in Oxigraph's server. A leading byte-order mark is dropped.

Limits: the query text (`KG_MAX_QUERY_LENGTH`) and the POST body (`KG_MAX_BODY_BYTES`) answer 413 beyond
theirs; an answer holds at most `KG_MAX_ROWS` solutions or triples, and `X-KG-Truncated: true` says more
existed; a query runs in a query worker (api/executor.py) for at most `KG_QUERY_TIMEOUT_MS`, which
`?_timelimit=MS` may lower, never raise, and answers 503 past it.
"""

from __future__ import annotations

import io
import itertools
import json
import logging
import re
from dataclasses import dataclass, field, replace
from typing import Annotated, Any
from urllib.parse import parse_qsl

import pyoxigraph as ox
from fastapi.exceptions import RequestValidationError
from pydantic import Field, TypeAdapter, ValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import error_response_for
from api.negotiation import negotiate
from kg.errors import (
    NotAcceptableError,
    ParameterError,
    QueryError,
    QueryRefusedError,
    QuerySyntaxError,
    QueryTooLargeError,
)
from kg.settings import Settings
from kg.sparql import keywords_view, strip_bom
from kg.store import GraphStore
from kg.vocab import PREFIXES

log = logging.getLogger(__name__)

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


def _names(*subtypes: str) -> tuple[str, ...]:
    """The media types Oxigraph's server reads as one format: `application/` or `text/`, with or without
    `x-`, and any of the format's subtypes."""
    return tuple(
        f"{type_}/{x}{subtype}"
        for type_ in ("application", "text")
        for subtype in subtypes
        for x in ("", "x-")
    )


# Other names each answer type is asked for by; they only match exactly (`text/*` still means text/csv).
ALIASES = {
    "application/sparql-results+json": _names("sparql-results+json", "json"),
    "application/sparql-results+xml": _names("sparql-results+xml", "xml"),
    "text/csv": _names("csv", "plain"),
    "text/tab-separated-values": _names("tab-separated-values", "tsv"),
    "text/turtle": _names("turtle"),
    "application/n-triples": _names("n-triples", "ntriples", "plain"),
    "application/ld+json": _names("ld+json", "jsonld", "json"),
    "application/rdf+xml": _names("rdf+xml", "xml"),
}
JSON_RESULTS = "application/sparql-results+json"
# Answers up to this size are serialised whole by pyoxigraph; larger ones are paged in Python (KG_MAX_ROWS).
WHOLE_ANSWER_BYTES = 8 * 1024 * 1024
FORM_TYPE = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
UTF8_CHARSETS = ("utf-8", "utf8", "us-ascii", "ascii")
READ_ONLY = (
    "SPARQL UPDATE is not allowed: this endpoint is read-only (the graph changes only by `kg ingest`); send "
    "queries as `query`"
)
TRUNCATED_HEADER = "X-KG-Truncated"
PATH = "/sparql"
METHODS = ("GET", "HEAD", "POST")
SD = "http://www.w3.org/ns/sparql-service-description#"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

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
    base_iri: str | None = None  # the endpoint's URL, which relative IRIs resolve against


@dataclass(frozen=True)
class SparqlAnswer:
    """A serialised answer, made in the query worker."""

    media_type: str
    body: bytes
    truncated: bool


def refuse_unlisted_services(sparql: str, allowlist: list[str]) -> None:
    """QueryRefusedError when a SERVICE clause calls an endpoint outside `allowlist` (or hides which)."""
    if "service" not in sparql.lower():
        return  # no SERVICE anywhere, so none outside strings and comments either
    view, iris = keywords_view(sparql)
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


def check_query(sparql: str | None, settings: Settings) -> str:
    """The query text (without a leading byte-order mark), after the checks that need no store: present, not
    too long, no unlisted SERVICE."""
    sparql = strip_bom(sparql) if sparql is not None else None
    if sparql is None or not sparql.strip():
        raise QueryError(
            "no query given: send it as the `query` parameter or as an application/sparql-query body"
        )
    if len(sparql) > settings.max_query_length:
        raise QueryTooLargeError(
            f"the query is {len(sparql)} characters long; the limit is {settings.max_query_length} "
            "(KG_MAX_QUERY_LENGTH)"
        )
    refuse_unlisted_services(sparql, settings.service_allowlist)
    return sparql


def _is_update(sparql: str, base_iri: str | None) -> bool:
    """Whether text that failed to parse as a query is a SPARQL UPDATE.

    pyoxigraph has no parse-only call, so the update runs against a throwaway empty store; LOAD is decided
    from the text instead, since running it would fetch its URL.
    """
    if _LOAD.search(keywords_view(sparql)[0]):
        return True
    try:
        ox.Store().update(sparql, base_iri=base_iri)
    except SyntaxError:
        return False
    except Exception:  # noqa: BLE001 — it parsed; failing on an empty store still makes it an update
        return True
    return True


def _graphs(names: list[str], field_name: str) -> list[ox.NamedNode]:
    try:
        return [ox.NamedNode(name) for name in names]
    except ValueError as exc:
        raise QueryError(f"{field_name} must be absolute IRIs: {exc}") from exc


def _not_acceptable(formats: dict) -> NotAcceptableError:
    return NotAcceptableError(
        "cannot answer this query in any type the Accept header allows; use one of: " + ", ".join(formats)
    )


def answer_query(store: GraphStore, request: SparqlRequest, accept: str | None, max_rows: int) -> SparqlAnswer:
    """Run a checked query and serialise its answer (a task of the query workers)."""
    sparql = request.query or ""
    default_graph: list[ox.NamedNode] | None = None
    named_graphs: list[ox.NamedNode] | None = None
    if request.default_graphs or request.named_graphs:  # the protocol's dataset (§2.1.4): it overrides FROM
        default_graph = _graphs(request.default_graphs, "default-graph-uri")
        named_graphs = _graphs(request.named_graphs, "named-graph-uri")

    def run() -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        return store.query(
            sparql, default_graph=default_graph, named_graphs=named_graphs, base_iri=request.base_iri
        )

    try:
        result = run()
    except QuerySyntaxError as exc:
        if _is_update(sparql, request.base_iri):
            raise QueryRefusedError(READ_ONLY) from exc
        raise
    formats: dict = GRAPH_FORMATS if isinstance(result, ox.QueryTriples) else RESULT_FORMATS
    media_type = negotiate(accept, list(formats), ALIASES)
    if media_type is None:
        raise _not_acceptable(formats)
    if isinstance(result, ox.QueryBoolean):
        return SparqlAnswer(media_type, result.serialize(format=formats[media_type]), False)
    if isinstance(result, ox.QuerySolutions):
        whole = _whole_solutions_json(result, max_rows)
        if whole is not None:
            if media_type != JSON_RESULTS:
                solutions = ox.parse_query_results(whole, ox.QueryResultsFormat.JSON)
                whole = solutions.serialize(format=formats[media_type])
            return SparqlAnswer(media_type, whole, False)
        result = run()  # more than max_rows: run it again and keep the first page
    page = list(itertools.islice(result, max_rows + 1))
    truncated = len(page) > max_rows
    del page[max_rows:]
    if isinstance(result, ox.QueryTriples):
        body = ox.serialize(page, format=formats[media_type], prefixes=PREFIXES)
        return SparqlAnswer(media_type, body, truncated)
    assert isinstance(result, ox.QuerySolutions)
    body = solutions_json([v.value for v in result.variables], page)
    if media_type != JSON_RESULTS:
        # pyoxigraph cannot serialise a list of solutions, only a whole QuerySolutions: parse the page back.
        body = ox.parse_query_results(body, ox.QueryResultsFormat.JSON).serialize(format=formats[media_type])
    return SparqlAnswer(media_type, body, truncated)


class _AnswerTooLarge(Exception):
    pass


class _BoundedBuffer(io.RawIOBase):
    """Bytes written by pyoxigraph's serializer, which it stops (by raising) past `limit`."""

    def __init__(self, limit: int) -> None:
        self._parts: list[bytes] = []
        self._size = 0
        self._limit = limit

    def writable(self) -> bool:
        return True

    def write(self, chunk: Any) -> int:
        self._size += len(chunk)
        if self._size > self._limit:
            raise _AnswerTooLarge
        self._parts.append(bytes(chunk))
        return len(chunk)

    def getvalue(self) -> bytes:
        return b"".join(self._parts)


def _whole_solutions_json(result: ox.QuerySolutions, max_rows: int) -> bytes | None:
    """All the solutions in SPARQL JSON, serialised by pyoxigraph (far faster than building Python terms),
    or None when they are more than `max_rows` or than `WHOLE_ANSWER_BYTES` (then the caller pages)."""
    buffer = _BoundedBuffer(WHOLE_ANSWER_BYTES)
    try:
        result.serialize(buffer, ox.QueryResultsFormat.JSON)
    except _AnswerTooLarge:
        return None
    body = buffer.getvalue()
    return body if len(json.loads(body)["results"]["bindings"]) <= max_rows else None


def solutions_json(variables: list[str], solutions: list[ox.QuerySolution]) -> bytes:
    """Solutions in the SPARQL 1.1 Query Results JSON Format."""
    bindings = [
        {var: _json_term(solution[var]) for var in variables if solution[var] is not None}
        for solution in solutions
    ]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}).encode()


def _json_term(term: object) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        cell = {"type": "literal", "value": term.value}
        if term.language:
            cell["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            cell["datatype"] = term.datatype.value
        return cell
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise TypeError(f"unexpected term in a solution: {term!r}")


def time_limit_s(configured_ms: int, requested_ms: int | None) -> float:
    """The time limit of one query: the configured one, or a lower one the client asked for."""
    return min(configured_ms, requested_ms or configured_ms) / 1000


_TIME_LIMIT = TypeAdapter(Annotated[int, Field(ge=1)])


def _requested_time_limit(request: Request) -> int | None:
    """`?_timelimit=MS`, checked as FastAPI checks the other routes' parameters (400 unless an int ≥ 1)."""
    raw = request.query_params.get("_timelimit")
    if raw is None:
        return None
    try:
        return _TIME_LIMIT.validate_python(raw, strict=False)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**error, "loc": ("query", "_timelimit")} for error in exc.errors(include_url=False)]
        ) from None


async def _run(request: Request, sparql_request: SparqlRequest, timelimit: int | None) -> Response:
    settings: Settings = request.app.state.settings
    accept = request.headers.get("accept")
    if negotiate(accept, [*RESULT_FORMATS, *GRAPH_FORMATS], ALIASES) is None:
        raise _not_acceptable({**RESULT_FORMATS, **GRAPH_FORMATS})  # 406 without taking a worker
    sparql_request = replace(sparql_request, query=check_query(sparql_request.query, settings))
    request.state.query_name = "sparql"
    log.debug("sparql query", extra={"sparql": sparql_request.query})
    answer = await request.app.state.runner.run(
        "sparql",
        answer_query,
        sparql_request,
        accept,
        settings.max_rows,
        timeout_s=time_limit_s(settings.query_timeout_ms, timelimit),
    )
    headers = {TRUNCATED_HEADER: "true"} if answer.truncated else None
    return Response(answer.body, media_type=answer.media_type, headers=headers)


def _service_description(endpoint: str, accept: str | None) -> Response:
    media_type = negotiate(accept, list(GRAPH_FORMATS), ALIASES)
    if media_type is None:
        raise _not_acceptable(GRAPH_FORMATS)
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
    turtle = f"""@prefix sd: <{SD}> .

[] a sd:Service ;
  sd:endpoint <{endpoint}> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:feature sd:UnionDefaultGraph ;
  sd:resultFormat {result_formats} .
"""
    triples = ox.parse(turtle, format=ox.RdfFormat.TURTLE)
    body = ox.serialize(triples, format=GRAPH_FORMATS[media_type], prefixes={"sd": SD})
    return Response(body, media_type=media_type)


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to pass `limit` bytes."""
    too_large = QueryTooLargeError(
        f"the request body is over the {limit:,}-byte limit (KG_MAX_BODY_BYTES); send a shorter query"
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_large
    return bytes(body)


def _utf8(body: bytes, what: str) -> str:
    """The body as text; a leading byte-order mark is dropped ("utf-8-sig")."""
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise QueryError(f"the {what} is not UTF-8 text; send it encoded as UTF-8") from exc


def _one_query(queries: list[str], where: str) -> str | None:
    """The query, when given at most once (W3C `bad_multiple_queries`: two are an error, not the last one)."""
    if len(queries) > 1:
        raise ParameterError(f"`query` is given {len(queries)} times {where}; give one query")
    return queries[0] if queries else None


def _endpoint_url(request: Request) -> str:
    return str(request.url.replace(query="", fragment=""))


def _base_iri(request: Request) -> str | None:
    """The endpoint's URL, the base of relative IRIs; None when the Host header makes it no valid IRI (then a
    relative IRI gets a message saying to add a BASE)."""
    url = _endpoint_url(request)
    try:
        ox.NamedNode(url)
    except ValueError:
        return None
    return url


def _content_type(request: Request) -> tuple[str, str | None]:
    """The media type of the body, lower-cased, and its charset parameter if any."""
    media_type, *parameters = request.headers.get("content-type", "").split(";")
    charset = None
    for parameter in parameters:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media_type.strip().lower(), charset


async def _posted_request(request: Request) -> SparqlRequest:
    """The query of a POST: a urlencoded form, or the body itself for application/sparql-query."""
    content_type, charset = _content_type(request)
    if content_type == UPDATE_TYPE:
        raise QueryRefusedError(READ_ONLY)
    if content_type not in (FORM_TYPE, QUERY_TYPE):
        raise HTTPException(
            415,
            f"unsupported Content-Type {content_type or '(none)'!r}: POST the query as {FORM_TYPE} "
            f"(field `query`) or as {QUERY_TYPE}",
        )
    if charset is not None and charset not in UTF8_CHARSETS:
        raise HTTPException(415, f"unsupported charset {charset!r}: send the query encoded as UTF-8")
    body = await _read_body(request, request.app.state.settings.max_body_bytes)
    url_params = request.query_params
    if "update" in url_params:
        raise QueryRefusedError(READ_ONLY)
    default_graphs = url_params.getlist("default-graph-uri")
    named_graphs = url_params.getlist("named-graph-uri")
    base_iri = _base_iri(request)
    if content_type == QUERY_TYPE:
        if "query" in url_params:
            raise ParameterError("the query is given both in the URL and as the body; send it once")
        return SparqlRequest(_utf8(body, "query body"), default_graphs, named_graphs, base_iri)
    # Percent-encoded or raw UTF-8 (what `curl --data` sends) alike.
    try:
        fields = parse_qsl(_utf8(body, "form body"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise QueryError(
            "the form body has percent-encoded bytes that are not UTF-8; encode it as UTF-8"
        ) from exc
    if any(name == "update" for name, _ in fields):
        raise QueryRefusedError(READ_ONLY)
    queries = [value for name, value in fields if name == "query"] + url_params.getlist("query")
    return SparqlRequest(
        _one_query(queries, "(in the form and the URL)"),
        [value for name, value in fields if name == "default-graph-uri"] + default_graphs,
        [value for name, value in fields if name == "named-graph-uri"] + named_graphs,
        base_iri,
    )


async def answer_sparql(request: Request) -> Response:
    """GET/HEAD (a query, or the service description without one) and POST (form or direct) on /sparql."""
    if request.method in ("GET", "HEAD"):
        timelimit = _requested_time_limit(request)
        params = request.query_params
        if "update" in params:  # W3C `bad_update_get`: never answer an update with a 200
            raise QueryRefusedError(READ_ONLY)
        query = _one_query(params.getlist("query"), "in the URL")
        if query is None:
            return _service_description(_endpoint_url(request), request.headers.get("accept"))
        graphs = params.getlist("default-graph-uri"), params.getlist("named-graph-uri")
        sparql_request = SparqlRequest(query, *graphs, _base_iri(request))
        return await _run(request, sparql_request, timelimit)
    if request.method == "POST":
        sparql_request = await _posted_request(request)
        return await _run(request, sparql_request, _requested_time_limit(request))
    raise HTTPException(405, headers={"Allow": ", ".join(METHODS)})


class SparqlEndpoint:
    """ASGI middleware that answers `/sparql` itself and passes every other request on.

    The SPARQL endpoint is the API's hot path, so it skips what FastAPI adds to each request (its error and
    telemetry middleware, routing, dependency injection, parameter validation); `api.app.KnowledgeGraphApi`
    wraps it in the request log and CORS as every route is, and errors get the same envelope from
    `api.errors`. Its operations are documented in the OpenAPI schema by `OPENAPI_PATH_ITEM`.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in (PATH, PATH + "/"):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            if scope["path"] != PATH:  # as FastAPI's routes do
                response: Response = RedirectResponse(request.url.replace(path=PATH), status_code=307)
            else:
                response = await answer_sparql(request)
        except Exception as exc:  # noqa: BLE001 — every error becomes the envelope; unexpected ones are logged
            response = error_response_for(request, exc)
        await response(scope, receive, send)


_IRIS = {"type": "array", "items": {"type": "string"}}
_OPENAPI_PARAMS = {
    "query": ({"type": "string"}, "The SPARQL query (none: the service description)."),
    "default-graph-uri": (
        _IRIS,
        "IRIs of the graphs merged as the default graph. With neither this nor named-graph-uri: the query's "
        "FROM, else all graphs; with only named-graph-uri: none.",
    ),
    "named-graph-uri": (
        _IRIS, "IRIs of the named graphs the query may see (with only default-graph-uri: none)."
    ),
    "_timelimit": ({"type": "integer", "minimum": 1}, "Time limit in ms; may only lower the server's limit."),
}


def _openapi_params(*names: str) -> list[dict]:
    return [
        {"name": name, "in": "query", "required": False, "schema": _OPENAPI_PARAMS[name][0],
         "description": _OPENAPI_PARAMS[name][1]}
        for name in names
    ]


_ANSWER_RESPONSES = {
    "200": {"description": "The answer, in the negotiated format."},
    "400": {
        "description": "The query does not parse, is an update, is given twice, or calls an endpoint not "
        "allowed."
    },
    "406": {"description": "No format the Accept header allows fits the query."},
    "413": {"description": "The query or the body is too large."},
    "414": {"description": "The URL is over KG_MAX_BODY_BYTES: send the query by POST."},
    "503": {"description": "The query ran past its time limit, or every worker is busy."},
}
OPENAPI_PATH_ITEM = {
    "get": {
        "tags": ["sparql"],
        "summary": "SPARQL query by GET (no query: the service description)",
        "operationId": "sparql_get",
        "parameters": _openapi_params("query", "default-graph-uri", "named-graph-uri", "_timelimit"),
        "responses": _ANSWER_RESPONSES,
    },
    "post": {
        "tags": ["sparql"],
        "summary": "SPARQL query by POST (form or application/sparql-query body)",
        "operationId": "sparql_post",
        "parameters": _openapi_params("default-graph-uri", "named-graph-uri", "_timelimit"),
        "requestBody": {
            "required": True,
            "content": {
                QUERY_TYPE: {"schema": {"type": "string"}},
                FORM_TYPE: {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "query": {"type": "string"},
                            "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                            "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                        },
                        "required": ["query"],
                    }
                },
            },
        },
        "responses": {
            **_ANSWER_RESPONSES,
            "415": {"description": "The body is neither a form nor application/sparql-query."},
        },
    },
}
