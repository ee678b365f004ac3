"""The FastAPI application: `create_app(settings, store)` wires the store, canned queries and routes."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

import kg
from api.errors import install_error_handlers
from api.routes import articles, entities, health, queries, search, sparql
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
    )
    app.state.settings = settings
    app.state.store = store if store is not None else open_store(settings)
    app.state.catalog = QueryCatalog.from_dir(settings.queries_dir)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"])
    install_error_handlers(app)
    for module in (sparql, queries, entities, search, articles, health):
        app.include_router(module.router)
    return app
