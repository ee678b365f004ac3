"""The FastAPI application: `create_app(settings, store)` wires the store, canned queries and routes."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp

import kg
from api.errors import install_error_handlers
from api.executor import close_runner_on_shutdown, make_runner
from api.logs import REQUEST_ID_HEADER, RequestLogMiddleware
from api.routes import articles, entities, explorer, graph_store, health, queries, search, vocabulary
from api.routes.health import QuadCount
from api.routes.sparql import OPENAPI_PATH_ITEM, PATH, TRUNCATED_HEADER, SparqlEndpoint
from api.server import RequestTargetLimit
from kg.queries import QueryCatalog
from kg.settings import Settings
from kg.store import GraphStore, open_store


class KnowledgeGraphApi(FastAPI):
    """FastAPI, with the request log, CORS and the SPARQL endpoint wrapped around its own middleware stack.

    `/sparql` is the hot path: `SparqlEndpoint` answers it before FastAPI's per-request layers (error and
    telemetry middleware, body limit, exception handlers, routing, dependency injection), while the request
    log and CORS still apply to it as to every route, and so does the 414 for a URL over `KG_MAX_BODY_BYTES`
    (`api.server`). Its operations are added to the OpenAPI schema here.
    """

    def build_middleware_stack(self) -> ASGIApp:
        settings: Settings = self.state.settings
        app: ASGIApp = SparqlEndpoint(super().build_middleware_stack())
        app = RequestTargetLimit(app, settings.max_body_bytes)
        if settings.cors_origins:
            app = CORSMiddleware(
                app,
                allow_origins=settings.cors_origins,
                allow_methods=["GET", "POST"],
                expose_headers=[TRUNCATED_HEADER, REQUEST_ID_HEADER],
            )
        return RequestLogMiddleware(app)

    def openapi(self) -> dict[str, Any]:
        schema = super().openapi()
        schema["paths"].setdefault(PATH, OPENAPI_PATH_ITEM)
        return schema


def create_app(settings: Settings, store: GraphStore | None = None) -> FastAPI:
    """The API over `store`, or over the store named by `settings` when none is given.

    The store and the canned-query catalog are opened here, once, so a broken setting fails at startup with
    its KGError rather than on the first request.
    """
    app = KnowledgeGraphApi(
        title="Migrant coercion knowledge graph",
        version=kg.__version__,
        description="SPARQL endpoint, canned queries, entity profiles and search over a knowledge graph "
        "of how Russia coerces migrants and naturalized citizens into its war, built from news articles.",
        lifespan=close_runner_on_shutdown,
    )
    app.state.settings = settings
    app.state.store = store if store is not None else open_store(settings)
    app.state.catalog = QueryCatalog.from_dir(settings.queries_dir)
    app.state.runner = make_runner(settings, app.state.store)  # worker processes start on first use
    app.state.quad_count = QuadCount()
    install_error_handlers(app)
    for module in (queries, entities, search, articles, health, graph_store, vocabulary):
        app.include_router(module.router)
    explorer.install(app)  # last: its mount must not shadow an API route
    return app
