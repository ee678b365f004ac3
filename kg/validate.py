"""SHACL validation of article graphs against ontology/shapes.ttl.

The whole ontology, the concept schemes and the reference data are added to each data graph, so shapes see
concept scheme membership and reference labels, and SHACL's own class semantics (sh:targetClass and sh:class
follow rdfs:subClassOf in the data graph) make a mkg:Raid an mkg:Event. That is why no RDFS inference is run:
it would give the same results at about six times the cost (~0.7 s against ~0.1 s an article).
pyshacl's `ont_graph` is not used because it copies only class and property axioms, not concepts or
reference entities. Parse the schema once with `Validator.load` to validate many graphs.
"""

from __future__ import annotations

import functools
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
ONTOLOGY_FILES = ("mkg.ttl", "concepts.ttl", "reference.ttl")
ARTICLE_GRAPH_PREFIX = BASE + "graph/article/"


@dataclass(frozen=True)
class Violation:
    focus: str  # the IRI (or "_:id" blank node) of the node that breaks a shape
    path: str | None  # the property IRI, when the failing constraint is on a property
    message: str
    severity: str  # "Violation", "Warning" or "Info"


class Validator:
    """The shapes and the ontology graph, parsed once, to validate many article graphs."""

    def __init__(self, shapes: rdflib.Graph, ontology: rdflib.Graph) -> None:
        self.shapes = shapes
        self.ontology = ontology

    @classmethod
    def load(cls, ontology_dir: Path) -> Validator:
        ontology_dir = Path(ontology_dir)
        shapes = _parse(ontology_dir / SHAPES_FILE)
        ontology = rdflib.Graph()
        for name in ONTOLOGY_FILES:
            ontology += _parse(ontology_dir / name)
        return cls(shapes, ontology)

    def validate(self, data: rdflib.Graph | Iterable[ox.Triple | ox.Quad]) -> list[Violation]:
        """Violations of the shapes in `data` (pyoxigraph triples or quads, graph names ignored)."""
        if isinstance(data, rdflib.Graph):
            graph = rdflib.Graph()
            graph += data  # validate a copy: the caller's graph must not gain the ontology
        else:
            graph = to_rdflib(data)
        graph += self.ontology
        try:
            _, report, _ = shacl_validate(
                graph,
                shacl_graph=self.shapes,
                inference="none",
                inplace=True,
                allow_warnings=True,
            )
        except ReportableRuntimeError as exc:
            raise ValidationError(f"SHACL validation could not run ({exc}): check ontology/shapes.ttl") from exc
        return _violations(report)


def to_rdflib(data: Iterable[ox.Triple | ox.Quad]) -> rdflib.Graph:
    """An rdflib graph of pyoxigraph triples or quads (their graph names dropped), via N-Triples."""
    triples = [ox.Triple(t.subject, t.predicate, t.object) for t in data]
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return rdflib.Graph().parse(data=text.decode(), format="nt")


def validate_graph(data: rdflib.Graph | Iterable[ox.Triple | ox.Quad], ontology_dir: Path) -> list[Violation]:
    """Violations of the SHACL shapes in one graph (an article's quads or an rdflib graph).

    The parsed schema is reused while the files are unchanged, so ingest can call this per article."""
    directory = Path(ontology_dir).resolve()
    stamps = tuple(_mtime(directory / name) for name in (SHAPES_FILE, *ONTOLOGY_FILES))
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
            f"no {path.name} at {path}: point KG_ONTOLOGY_DIR (or --ontology-dir) at the project's ontology/ folder"
        )
    try:
        return rdflib.Graph().parse(path, format="turtle")
    except (SyntaxError, ValueError) as exc:  # rdflib's BadSyntax is a SyntaxError
        raise ValidationError(f"{path} is not valid Turtle ({exc}): fix the file or restore it from git") from exc


def _node_text(node: rdflib.term.Node) -> str:
    return f"_:{node}" if isinstance(node, rdflib.BNode) else str(node)


def _violations(report: rdflib.Graph) -> list[Violation]:
    violations = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
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
