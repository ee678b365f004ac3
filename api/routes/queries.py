"""Canned queries: list them, and run one with its parameters from the query string.

System parameters start with "_": `_format` (json or csv), `_limit` (rows in the page; KG_PAGE_SIZE by
default, at most KG_MAX_ROWS), `_offset` (rows skipped), `_min_confidence` (leave out rows whose confidence
is below it), `_timelimit` (ms; may only lower KG_CANNED_QUERY_TIMEOUT_MS). Every other query-string parameter
is a parameter of the canned query: typed, checked here and bound as an RDF term (never pasted into the query
text) before a query worker runs it.

Pages: rows come in each query's stable order; the JSON envelope says where the page starts (`offset`), its
size (`limit`), whether more rows follow (`truncated`) and where the next page starts (`next_offset`, null on
the last page).
"""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from api.deps import CatalogDep, RunnerDep, SettingsDep
from api.errors import WorkerRoute
from api.negotiation import negotiate
from api.routes.sparql import time_limit_s
from kg.errors import ParameterError
from kg.queries import CannedQuery, parse_min_confidence, run_canned
from kg.store import GraphStore

log = logging.getLogger(__name__)
router = APIRouter(tags=["queries"], route_class=WorkerRoute)

FORMATS = {"json": "application/json", "csv": "text/csv"}
SYSTEM_PARAMS = ("_format", "_limit", "_offset", "_min_confidence", "_timelimit")


class CannedAnswer(BaseModel):
    """One page of a canned query's answer (JSON)."""

    ok: bool
    query: str = Field(description="The canned query's name.")
    columns: list[str] = Field(description="The columns of the rows; the first is what the query is about.")
    rows: list[dict[str, Any]] = Field(description="Cells: {id, label} for an entity, else a number, string, "
                                       "boolean or null.")
    truncated: bool = Field(description="Whether more rows follow this page.")
    offset: int = Field(description="Rows skipped before this page.")
    limit: int = Field(description="The most rows this page could hold.")
    next_offset: int | None = Field(description="The `_offset` of the next page; null on the last page.")


# Documented here for the OpenAPI schema; read (and checked, with errors that name them) from the query string.
FormatParam = Annotated[str | None, Query(alias="_format", description="json (default by Accept) or csv.")]
LimitParam = Annotated[str | None, Query(alias="_limit", description="Rows in the page (default KG_PAGE_SIZE, "
                                         "at most KG_MAX_ROWS).")]
OffsetParam = Annotated[str | None, Query(alias="_offset", description="Rows to skip: the previous page's "
                                          "`next_offset`.")]
MinConfidenceParam = Annotated[str | None, Query(alias="_min_confidence", description="Leave out rows whose "
                                                 "confidence is below this decimal from 0 to 1.")]
TimeLimitParam = Annotated[str | None, Query(alias="_timelimit", description="Time limit in ms (may only lower "
                                             "the server's).")]


@router.get("/queries", summary="List the canned queries and their parameters")
async def list_queries(catalog: CatalogDep) -> dict:
    return {
        "ok": True,
        "queries": [
            {
                "name": query.name,
                "title": query.title,
                "description": query.description,
                "sparql": query.sparql,
                "params": [
                    {
                        "name": p.name,
                        "type": p.type,
                        "required": p.required,
                        "default": p.default,
                        "description": p.description,
                    }
                    for p in query.params
                ],
            }
            for query in catalog
        ],
    }


def _int_param(raw: str | None, name: str, minimum: int) -> int | None:
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ParameterError(f"{name} must be an integer, got {raw!r}") from None
    if value < minimum:
        raise ParameterError(f"{name} must be at least {minimum}, got {value}")
    return value


@router.get(
    "/queries/{name}",
    summary="Run a canned query: one page of its rows (JSON envelope, or CSV)",
    responses={200: {"model": CannedAnswer, "content": {"text/csv": {}}}},
)
async def run_query(
    name: str, request: Request, catalog: CatalogDep, runner: RunnerDep, settings: SettingsDep,
    _format: FormatParam = None, _limit: LimitParam = None, _offset: OffsetParam = None,
    _min_confidence: MinConfidenceParam = None, _timelimit: TimeLimitParam = None,
) -> Response:
    query_params = request.query_params
    for key in query_params:
        if len(query_params.getlist(key)) > 1:
            raise ParameterError(f"parameter '{key}' is given more than once; give it once")
        if key.startswith("_") and key not in SYSTEM_PARAMS:
            raise ParameterError(f"unknown system parameter '{key}'; use {', '.join(SYSTEM_PARAMS)}")
    fmt = query_params.get("_format")
    if fmt is not None:
        if fmt not in FORMATS:
            raise ParameterError(f"_format must be one of {', '.join(FORMATS)}, got {fmt!r}")
        media_type: str | None = FORMATS[fmt]
    else:
        media_type = negotiate(request.headers.get("accept"), list(FORMATS.values()))
        if media_type is None:
            raise HTTPException(
                406, f"canned queries answer in {', '.join(FORMATS.values())}; accept one of them"
            )
    query = catalog.get(name)
    request.state.query_name = name
    offset = _int_param(query_params.get("_offset"), "_offset", 0) or 0
    min_confidence = parse_min_confidence(query_params.get("_min_confidence"), "_min_confidence")
    substitutions, page_size = query.plan(
        {key: value for key, value in query_params.items() if not key.startswith("_")},
        limit=_int_param(query_params.get("_limit"), "_limit", 1) or settings.page_size,
        offset=offset,
        max_rows=settings.max_rows,
    )
    log.debug("canned query", extra={"params": {str(k): str(v) for k, v in substitutions.items()}})
    timeout_s = time_limit_s(
        settings.canned_query_timeout_ms, _int_param(query_params.get("_timelimit"), "_timelimit", 1)
    )
    body = await runner.run(
        "api", canned_answer, query, substitutions, page_size, offset, min_confidence, media_type,
        timeout_s=timeout_s,
    )
    return Response(body, media_type=media_type)


def canned_answer(
    store: GraphStore, query: CannedQuery, substitutions: dict, page_size: int, offset: int,
    min_confidence: float | None, media_type: str,
) -> bytes:
    """A canned query's page, serialised (a task of the query workers: the serving process only sends it)."""
    table = run_canned(store, query, substitutions, page_size, offset, min_confidence)
    if media_type == FORMATS["csv"]:
        return table.to_csv().encode()
    return json.dumps(table.envelope(), ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()
