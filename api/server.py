"""How `kg serve` serves the app: uvicorn with its httptools parser, and request targets as long as a body.

A GET carries its query in the URL, so a URL may be as long as a POST body (`KG_MAX_BODY_BYTES`): a query
of `KG_MAX_QUERY_LENGTH` characters fits, percent-encoded, unless most of its characters take four bytes in
UTF-8. uvicorn's httptools protocol cannot give the app such a URL: `httptools.parse_url` refuses one over
65,535 bytes (http_parser keeps URL offsets in 16 bits), and uvicorn answers it with a bare `text/plain` 400
before the app sees the request, so it gets no request id, no envelope and no request log line.

`LongTargetProtocol` splits such a request target itself and keeps at most the limit plus one byte of it;
`RequestTargetLimit`, inside the app, answers a longer one 414 in the error envelope, saying to POST.
"""

from __future__ import annotations

import logging
import urllib.parse
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from api.errors import error_response
from kg.settings import Settings

log = logging.getLogger(__name__)

HTTPTOOLS_MAX_URL = 65_535  # httptools.parse_url: "url is too long"


def target_length(scope: Scope) -> int:
    """The length in bytes of the request target (path and query string) as the client sent it."""
    query = scope.get("query_string", b"")
    return len(scope.get("raw_path") or scope["path"].encode()) + (len(query) + 1 if query else 0)


class RequestTargetLimit:
    """ASGI middleware: a request whose target is over `limit` bytes answers 414 in the error envelope."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        length = target_length(scope) if scope["type"] == "http" else 0
        if length <= self.limit:
            await self.app(scope, receive, send)
            return
        log.warning("request target over %s bytes refused", self.limit, extra={"target_bytes": length})
        response = error_response(
            414,
            f"the request URL is over {self.limit:,} bytes (KG_MAX_BODY_BYTES): send the query by POST, as "
            "an application/sparql-query or application/x-www-form-urlencoded body",
        )
        await response(scope, receive, send)


class LongTargetProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, for request targets up to `max_target_bytes` (see the module docstring).

    Targets httptools can parse go its way, unchanged."""

    max_target_bytes = 1_000_000

    def on_url(self, url: bytes) -> None:
        room = self.max_target_bytes + 1 - len(self.url)  # one byte more is enough to know it is too long
        if room > 0:
            self.url += url[:room]

    def on_headers_complete(self) -> None:
        target = self.url
        if len(target) <= HTTPTOOLS_MAX_URL or not target.startswith(b"/"):
            super().on_headers_complete()
            return
        path, _, query = target.partition(b"?")
        self.url = path if len(path) <= HTTPTOOLS_MAX_URL else b"/"
        super().on_headers_complete()  # builds the scope and schedules the app, which has not run yet
        if len(path) > HTTPTOOLS_MAX_URL:  # "/" stood in for it: the real one, decoded as uvicorn does
            self.scope["path"] = self.root_path + urllib.parse.unquote(path.decode("latin-1"))
            self.scope["raw_path"] = self.root_path.encode("latin-1") + path
        self.scope["query_string"] = query.partition(b"#")[0]


def uvicorn_config(app: Any, settings: Settings) -> Any:
    """The uvicorn configuration of `kg serve` (and of the tests that serve the app on a socket)."""
    import uvicorn

    protocol = type(
        "LongTargetProtocol", (LongTargetProtocol,), {"max_target_bytes": settings.max_body_bytes}
    )
    return uvicorn.Config(
        app, host=settings.host, port=settings.port, http=protocol, log_config=None, access_log=False
    )
