"""The FastAPI application: `create_app(settings, store)` wires the store, canned queries and routes."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

import kg
from api.errors import install_error_handlers
from api.executor import close_runner_on_shutdown, make_runner
from api.logs import REQUEST_ID_HEADER, RequestLogMiddleware
from api.routes import articles, entities, graph_store, health, queries, search, sparql
from api.routes.sparql import TRUNCATED_HEADER
from kg.queries import QueryCatalog
from kg.settings import Settings
from kg.store import GraphStore, open_store


def create_app(settings: Settings, store: GraphStore | None = None) -> FastAPI:
    """The API over `store`, or over the store named by `settings` when none is given.

    The store and the canned-query catalog are opened here, once, so a broken setting fails at startup with
    its KGError rather than on the first request.
    """
    app = FastAPI(
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
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            expose_headers=[TRUNCATED_HEADER, REQUEST_ID_HEADER],
        )
    app.add_middleware(RequestLogMiddleware)
    install_error_handlers(app)
    for module in (sparql, queries, entities, search, articles, health, graph_store):
        app.include_router(module.router)
    return app
