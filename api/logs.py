"""Structured logs: JSON lines, one per request, each tagged with the request id.

`RequestLogMiddleware` takes the client's `X-Request-ID` (when it is a short token) or makes one, returns it
on the response, and logs `{"event": "request", "request_id", "method", "path", "status", "duration_ms",
"query_name"}` at INFO when the response starts. Handlers name the query they run in `request.state.query_name`.
Query texts are logged by the handlers at DEBUG only. Every record logged while a request is handled carries
its `request_id` (a context variable, copied into the threads that run sync handlers, and stamped on the
record by `RequestIdFilter`).
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import sys
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("api.requests")

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID_KEY = REQUEST_ID_HEADER.lower().encode()
_CLIENT_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else was passed with `extra=` and goes into the JSON line.
_STANDARD_ATTRS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class RequestIdFilter(logging.Filter):
    """Stamps each record with the id of the request being handled where it was logged (if any)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            current = request_id.get()
            if current is not None:
                record.request_id = current
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id, the `extra=` fields, any error."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update({k: v for k, v in vars(record).items() if k not in _STANDARD_ATTRS})
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


def configure_logging(level: str) -> None:
    """JSON lines on stderr for every logger (uvicorn's included), at `level` (debug, info, ...)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True


class RequestLogMiddleware:
    """Tags each HTTP request with an id (see the module docstring) and logs one line about it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((v.decode("latin-1") for k, v in scope["headers"] if k == _REQUEST_ID_KEY), "")
        rid = given if _CLIENT_REQUEST_ID.fullmatch(given) else os.urandom(16).hex()
        token = request_id.set(rid)
        state = scope.setdefault("state", {})
        started = time.perf_counter()

        responded = False

        def log_request(status: int) -> None:
            if not log.isEnabledFor(logging.INFO):
                return
            log.info(
                "%s %s %s",
                scope["method"],
                scope["path"],
                status,
                extra={
                    "event": "request",
                    "request_id": rid,
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "query_name": state.get("query_name"),
                },
            )

        async def send_with_id(message: Message) -> None:
            nonlocal responded
            if message["type"] == "http.response.start":
                responded = True
                message["headers"] = [*message.get("headers", ()), (_REQUEST_ID_KEY, rid.encode("latin-1"))]
                log_request(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            if not responded:  # the outermost handler answers 500 after this middleware has returned
                log_request(500)
            raise
        finally:
            request_id.reset(token)
