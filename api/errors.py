"""The one JSON error envelope, `{"ok": false, "error": "...", "status": N}`, for every error the API returns.

KGError subclasses carry their status; HTTP errors (404 unknown route, 405, 406, 415) come as Starlette
HTTPExceptions; FastAPI's request validation errors become 400; anything else is a 500 with a generic message
(the details go to the server log, never to the client).
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from kg.errors import KGError, ServerBusyError

log = logging.getLogger(__name__)


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"ok": False, "error": message, "status": status}, status_code=status, headers=headers
    )


def _kg_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, KGError)
    # A busy pool frees up within a query time limit; clients that honour Retry-After come back then.
    headers = {"Retry-After": "1"} if isinstance(exc, ServerBusyError) else None
    return error_response(exc.status, exc.message, headers=headers)


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    message = exc.detail
    if exc.status_code == 404 and message == "Not Found":
        message = f"no such endpoint: {request.url.path}; see /docs for the endpoints of this API"
    elif exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", "")
        message = f"method {request.method} is not allowed on {request.url.path}; use {allowed or 'another'}"
    return error_response(exc.status_code, str(message), headers=exc.headers)


def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for error in exc.errors():
        location = error.get("loc", ())
        where = " ".join(str(part) for part in location[:1]) + (
            f" parameter '{'.'.join(str(p) for p in location[1:])}'" if len(location) > 1 else ""
        )
        problems.append(f"{where}: {error.get('msg', 'invalid')}")
    return error_response(400, "invalid request: " + "; ".join(problems))


_INTERNAL_ERROR = "internal error: the server could not answer; try again, or report it if it persists"


def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    # The stack was logged where it was raised (see WorkerRoute); here only which request failed.
    log.error("unexpected error on %s %s: %r", request.method, request.url.path, exc)
    return error_response(500, _INTERNAL_ERROR)


def error_response_for(request: Request, exc: Exception) -> JSONResponse:
    """The envelope for any exception, for endpoints that answer outside FastAPI's routing (/sparql); the
    stack of an unexpected one is logged here."""
    if isinstance(exc, KGError):
        return _kg_error(request, exc)
    if isinstance(exc, HTTPException):
        return _http_error(request, exc)
    if isinstance(exc, RequestValidationError):
        return _validation_error(request, exc)
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, _INTERNAL_ERROR)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(KGError, _kg_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected_error)


def _frameless(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a sync endpoint so its exceptions leave the worker thread without their frames.

    pyoxigraph's result iterators (QuerySolutions, QueryTriples) must be dropped on the thread that made
    them; an exception's traceback would keep them alive until the event loop thread frees it, which
    pyoxigraph turns into an error. Unexpected errors are logged here, while the stack still exists.
    """

    @functools.wraps(endpoint)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return endpoint(*args, **kwargs)
        except Exception as exc:
            if not isinstance(exc, (KGError, HTTPException)):
                log.exception("unexpected error in %s", endpoint.__name__)
            chained: BaseException | None = exc
            while chained is not None:
                chained.__traceback__ = None
                chained = chained.__cause__ or chained.__context__
            raise exc.with_traceback(None) from exc.__cause__

    return call


def _logged(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap an async endpoint so its unexpected errors are logged with their stack."""

    @functools.wraps(endpoint)
    async def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return await endpoint(*args, **kwargs)
        except Exception as exc:
            if not isinstance(exc, (KGError, HTTPException)):
                log.exception("unexpected error in %s", endpoint.__name__)
            raise

    return call


class WorkerRoute(APIRoute):
    """The route class of every router: sync endpoints run in the threadpool through `_frameless`; async
    ones (those that wait for a query worker) run on the event loop through `_logged`."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        endpoint = _logged(endpoint) if inspect.iscoroutinefunction(endpoint) else _frameless(endpoint)
        super().__init__(path, endpoint, **kwargs)
