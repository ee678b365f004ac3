"""Dependencies of the route handlers, read from `app.state` (set once by `create_app`).

They are coroutines so FastAPI calls them on the event loop: a plain function would cost a trip to its
thread pool on every request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.executor import QueryRunner
from kg.queries import QueryCatalog
from kg.settings import Settings
from kg.store import GraphStore


async def _settings(request: Request) -> Settings:
    return request.app.state.settings


async def _store(request: Request) -> GraphStore:
    return request.app.state.store


async def _catalog(request: Request) -> QueryCatalog:
    return request.app.state.catalog


async def _runner(request: Request) -> QueryRunner:
    return request.app.state.runner


SettingsDep = Annotated[Settings, Depends(_settings)]
StoreDep = Annotated[GraphStore, Depends(_store)]
CatalogDep = Annotated[QueryCatalog, Depends(_catalog)]
RunnerDep = Annotated[QueryRunner, Depends(_runner)]
