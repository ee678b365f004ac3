"""The one error hierarchy of the project.

    KGError                      every error we raise on purpose; its message says what to do next
    ├── ConfigError              a setting is missing or invalid
    ├── ModelNotFoundError       no spaCy model is installed (or the named one is not)
    ├── InputError               an article cannot be read or parsed (one file; others go on)
    ├── StoreError               the store cannot be opened, read or written
    │   ├── StoreNotFoundError   no store at the given path yet
    │   └── StoreBusyError       another ingest holds the store's write lock
    ├── QueryError               a SPARQL query or canned query cannot run
    │   ├── QuerySyntaxError     the SPARQL text does not parse (message from the parser)
    │   ├── UnknownQueryError    no canned query of that name
    │   ├── ParameterError       a canned-query parameter is missing or ill-typed
    │   ├── QueryRefusedError    the query is valid but not allowed here (UPDATE, SERVICE, ...)
    │   ├── QueryTooLargeError   the query text or request body is over its size limit (413)
    │   ├── NotAcceptableError   no answer format the client accepts fits the query (406)
    │   └── QueryTimeoutError    the query ran past its time limit and was stopped (503)
    ├── ServerBusyError          every query worker is busy; retry shortly (503)
    ├── ClusterError             the Dask cluster cannot be reached, or a worker cannot extract as this client would
    └── ValidationError          SHACL shapes or the ontology itself are broken

The CLI turns a KGError into one line on stderr and a non-zero exit code; the API turns it into the JSON
error envelope with the status given by `status`.
"""

from __future__ import annotations


class KGError(Exception):
    """Base of every error the project raises on purpose."""

    status = 500
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(KGError):
    status = 500
    exit_code = 2


class ModelNotFoundError(KGError):
    status = 500
    exit_code = 1


class InputError(KGError):
    status = 400
    exit_code = 1


class StoreError(KGError):
    status = 500
    exit_code = 1


class StoreNotFoundError(StoreError):
    status = 503


class StoreBusyError(StoreError):
    status = 503
    exit_code = 75


class QueryError(KGError):
    status = 400
    exit_code = 1


class QuerySyntaxError(QueryError):
    status = 400
    exit_code = 2


class UnknownQueryError(QueryError):
    status = 404
    exit_code = 2


class ParameterError(QueryError):
    status = 400
    exit_code = 2


class QueryRefusedError(QueryError):
    status = 400
    exit_code = 2


class QueryTooLargeError(QueryError):
    status = 413
    exit_code = 2


class NotAcceptableError(QueryError):
    status = 406
    exit_code = 2


class QueryTimeoutError(QueryError):
    status = 503
    exit_code = 1


class ServerBusyError(KGError):
    status = 503
    exit_code = 75


class ClusterError(KGError):
    status = 503
    exit_code = 1


class ValidationError(KGError):
    status = 500
    exit_code = 1


__all__ = [
    "KGError",
    "ConfigError",
    "ModelNotFoundError",
    "InputError",
    "StoreError",
    "StoreNotFoundError",
    "StoreBusyError",
    "QueryError",
    "QuerySyntaxError",
    "UnknownQueryError",
    "ParameterError",
    "QueryRefusedError",
    "QueryTooLargeError",
    "NotAcceptableError",
    "QueryTimeoutError",
    "ServerBusyError",
    "ClusterError",
    "ValidationError",
]
