"""The Graph Store Protocol on `/store?graph=IRI`: read, replace, add to and delete one named graph.

Writes need `Authorization: Bearer <KG_WRITE_TOKEN>` (compared in constant time); with no token configured
they are disabled. A `PUT` replaces the graph in one SPARQL UPDATE, so readers see the old graph or the new
one, never a mixture and never nothing: this is how `kg ingest` writes to a store that a running `kg serve`
owns. An article graph is laid out as `kg.layout` says (its statements about shared resources stored once, in
the entity graph, in the same update); `GET` gives it back as it was written. Bodies are N-Triples, N-Quads (default-graph or target-graph quads only) or Turtle.
"""

from __future__ import annotations

import hmac
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.exceptions import HTTPException

from api.deps import SettingsDep, StoreDep
from api.errors import WorkerRoute
from api.negotiation import negotiate
from kg.store import GraphStore

router = APIRouter(tags=["graph store"], route_class=WorkerRoute)

BODY_FORMATS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "text/turtle": ox.RdfFormat.TURTLE,
}
ANSWER_FORMATS = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE}

GraphParam = Annotated[str, Query(description="IRI of the named graph.")]


def _authorize(request: Request, settings: SettingsDep) -> None:
    if settings.write_token is None:
        raise HTTPException(
            403, "the write endpoints are disabled on this server: start it with KG_WRITE_TOKEN set to enable them"
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(
            401,
            "writing needs the server's write token: send the header `Authorization: Bearer <KG_WRITE_TOKEN>`",
            headers={"WWW-Authenticate": "Bearer"},
        )
    expected = settings.write_token.get_secret_value().encode("utf-8")
    if not hmac.compare_digest(given.strip().encode("utf-8"), expected):
        raise HTTPException(403, "the write token is wrong: send the one the server was started with")


async def _body(request: Request) -> tuple[ox.RdfFormat, bytes]:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in BODY_FORMATS:
        raise HTTPException(
            415,
            f"unsupported Content-Type {media_type or '(none)'!r}: send the graph as "
            + ", ".join(BODY_FORMATS),
        )
    return BODY_FORMATS[media_type], await request.body()


Authorized = Annotated[None, Depends(_authorize)]
Body = Annotated[tuple[ox.RdfFormat, bytes], Depends(_body)]


def _graph(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise HTTPException(400, f"graph must be an absolute IRI: {exc}") from exc


def _quads(graph: ox.NamedNode, body: tuple[ox.RdfFormat, bytes]) -> list[ox.Quad]:
    """The body's triples as quads of `graph`; 400 with the parser's message when it does not parse."""
    fmt, data = body
    try:
        parsed = list(ox.parse(data, fmt, base_iri=graph.value))
    except SyntaxError as exc:
        raise HTTPException(400, f"the body does not parse as {fmt.name}: {exc}") from exc
    if any(q.graph_name not in (ox.DefaultGraph(), graph) for q in parsed):
        raise HTTPException(400, f"the body has quads outside the graph {graph.value}; send only that graph")
    return [ox.Quad(q.subject, q.predicate, q.object, graph) for q in parsed]


def _exists(store: GraphStore, graph: ox.NamedNode) -> bool:
    return bool(store.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"))


@router.get("/store", summary="The triples of one named graph (Turtle or N-Triples)")
def get_graph(request: Request, store: StoreDep, graph: GraphParam) -> Response:
    target = _graph(graph)
    media_type = negotiate(request.headers.get("accept"), list(ANSWER_FORMATS))
    if media_type is None:
        raise HTTPException(406, "a graph is served as " + ", ".join(ANSWER_FORMATS))
    triples = store.graph_triples(target)  # an article graph as it was written, shared statements included
    if not triples:
        raise HTTPException(404, f"no graph {graph} in this store; see /articles for the article graphs")
    return Response(ox.serialize(triples, format=ANSWER_FORMATS[media_type]), media_type=media_type)


@router.put("/store", summary="Replace one named graph, atomically (needs the write token)", status_code=204)
def put_graph(_: Authorized, body: Body, store: StoreDep, graph: GraphParam) -> Response:
    target = _graph(graph)
    quads = _quads(target, body)
    existed = _exists(store, target)
    store.replace_graph(target, quads)
    return Response(status_code=204 if existed else 201)


@router.post("/store", summary="Add triples to one named graph (needs the write token)", status_code=204)
def post_graph(_: Authorized, body: Body, store: StoreDep, graph: GraphParam) -> Response:
    target = _graph(graph)
    quads = _quads(target, body)
    existed = _exists(store, target)
    store.add_quads(quads)
    return Response(status_code=204 if existed else 201)


@router.delete("/store", summary="Delete one named graph (needs the write token)", status_code=204)
def delete_graph(_: Authorized, store: StoreDep, graph: GraphParam) -> Response:
    target = _graph(graph)
    if not _exists(store, target):
        raise HTTPException(404, f"no graph {graph} in this store")
    store.drop_graph(target)
    return Response(status_code=204)
