"""SHACL validation of article graphs against ontology/shapes.ttl.

The ontology, the concept schemes and the reference entities the graph reaches are added to each data graph,
so shapes see concept scheme membership and reference labels, and SHACL's own class semantics (sh:targetClass
and sh:class follow rdfs:subClassOf in the data graph) make an mkg:Raid an mkg:Event. That is why no RDFS
inference is run: it gave the same results at about six times the cost. pyshacl's `ont_graph` is not used
because it copies only class and property axioms, not concepts or reference entities.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate
from pyshacl.errors import ReportableRuntimeError
from rdflib.namespace import SH

from kg.errors import ConfigError, ValidationError
from kg.store import GraphStore
from kg.vocab import BASE

SHAPES_FILE = "shapes.ttl"
SCHEMA_FILES = ("mkg.ttl", "concepts.ttl")
REFERENCE_FILE = "reference.ttl"
ARTICLE_GRAPH_PREFIX = BASE + "graph/article/"


@dataclass(frozen=True)
class Violation:
    focus: str  # the IRI (or "_:id" blank node) of the node that breaks a shape
    path: str | None  # the property IRI, when the failing constraint is on a property
    message: str
    severity: str  # "Violation", "Warning" or "Info"


class Validator:
    """The shapes, the schema (ontology and concept schemes) and the reference data, parsed once."""

    def __init__(self, shapes: rdflib.Graph, schema: rdflib.Graph, reference: rdflib.Graph) -> None:
        self.shapes = shapes
        self.schema = schema
        # Reference triples by subject, to add only the entities an article reaches: validating all of them
        # for every article would double the cost.
        self._reference_by_subject: dict[rdflib.term.Node, list[tuple]] = defaultdict(list)
        for triple in reference:
            self._reference_by_subject[triple[0]].append(triple)

    @classmethod
    def load(cls, ontology_dir: Path) -> Validator:
        ontology_dir = Path(ontology_dir)
        shapes = _parse(ontology_dir / SHAPES_FILE)
        schema = rdflib.Graph()
        for name in SCHEMA_FILES:
            schema += _parse(ontology_dir / name)
        return cls(shapes, schema, _parse(ontology_dir / REFERENCE_FILE))

    def validate(self, data: rdflib.Graph | Iterable[ox.Triple | ox.Quad]) -> list[Violation]:
        """Violations of the shapes in `data` (pyoxigraph triples or quads, graph names ignored)."""
        if isinstance(data, rdflib.Graph):
            graph = rdflib.Graph()
            graph += data  # validate a copy: the caller's graph must not gain the ontology
        else:
            graph = to_rdflib(data)
        graph.addN((*t, graph) for t in self._reference_triples_reached_from(graph))
        graph += self.schema
        try:
            _, report, _ = shacl_validate(
                graph,
                shacl_graph=self.shapes,
                inference="none",
                inplace=True,
                allow_warnings=True,
            )
        except ReportableRuntimeError as exc:
            raise ValidationError(
                f"SHACL validation could not run ({exc}): check the shapes in ontology/shapes.ttl"
            ) from exc
        return _violations(report)

    def _reference_triples_reached_from(self, graph: rdflib.Graph) -> list[tuple]:
        """Reference triples about the nodes of `graph` and, transitively, about the nodes they link to
        (a person's post, the post's organization, the organization's country)."""
        seen = set(graph.subjects()) | set(graph.objects())
        queue = list(seen)
        found = []
        while queue:
            for triple in self._reference_by_subject.get(queue.pop(), ()):
                found.append(triple)
                if triple[2] not in seen:
                    seen.add(triple[2])
                    queue.append(triple[2])
        return found


def to_rdflib(data: Iterable[ox.Triple | ox.Quad]) -> rdflib.Graph:
    """An rdflib graph of pyoxigraph triples or quads (their graph names dropped), via N-Triples."""
    triples = [ox.Triple(t.subject, t.predicate, t.object) for t in data]
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return rdflib.Graph().parse(data=text.decode(), format="nt")


def validate_graph(data: rdflib.Graph | Iterable[ox.Triple | ox.Quad], ontology_dir: Path) -> list[Violation]:
    """Violations of the SHACL shapes in one graph (an article's quads or an rdflib graph).

    The parsed schema is reused while the files are unchanged, so ingest can call this per article."""
    directory = Path(ontology_dir).resolve()
    stamps = tuple(_mtime(directory / name) for name in (SHAPES_FILE, *SCHEMA_FILES, REFERENCE_FILE))
    return _cached_validator(directory, stamps).validate(data)


def validate_store(store: GraphStore, ontology_dir: Path) -> dict[str, list[Violation]]:
    """Violations per article graph of the store, keyed by graph IRI; articles without any are left out."""
    validator = Validator.load(ontology_dir)
    found: dict[str, list[Violation]] = {}
    for graph in store.graph_names():
        if graph.value.startswith(ARTICLE_GRAPH_PREFIX):
            violations = validator.validate(store.quads(graph))
            if violations:
                found[graph.value] = violations
    return found


@functools.lru_cache(maxsize=4)
def _cached_validator(directory: Path, stamps: tuple[int, ...]) -> Validator:
    return Validator.load(directory)  # `stamps` only keys the cache: a changed file gives a new entry


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1  # Validator.load reports the missing file


def _parse(path: Path) -> rdflib.Graph:
    if not path.is_file():
        raise ConfigError(
            f"no {path.name} at {path}: point KG_ONTOLOGY_DIR at the project's ontology/ folder"
        )
    try:
        return rdflib.Graph().parse(path, format="turtle")
    except (SyntaxError, ValueError) as exc:  # rdflib's BadSyntax is a SyntaxError
        raise ValidationError(
            f"{path} is not valid Turtle ({exc}): fix the file or restore it from git"
        ) from exc


def _node_text(node: rdflib.term.Node) -> str:
    return f"_:{node}" if isinstance(node, rdflib.BNode) else str(node)


def _violations(report: rdflib.Graph) -> list[Violation]:
    violations = []
    # Only top-level results: those nested under sh:detail repeat a result about a value node.
    for result in report.objects(None, SH.result):
        path = report.value(result, SH.resultPath)
        severity = report.value(result, SH.resultSeverity)
        violations.append(
            Violation(
                focus=_node_text(report.value(result, SH.focusNode)),
                path=_node_text(path) if path is not None else None,
                message=str(report.value(result, SH.resultMessage) or "violates a shape"),
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            )
        )
    return sorted(violations, key=lambda v: (v.focus, v.path or "", v.message))
