"""SHACL validation of article graphs against ontology/shapes.ttl.

The ontology, the concept schemes and the reference entities the graph reaches are added to each data graph,
so shapes see concept scheme membership and reference labels, and SHACL's own class semantics (sh:targetClass
and sh:class follow rdfs:subClassOf in the data graph) make an mkg:Raid an mkg:Event. That is why no RDFS
inference is run: it gave the same results at about six times the cost. pyshacl's `ont_graph` is not used
because it copies only class and property axioms, not concepts or reference entities.

pyshacl takes about 100 ms an article, nearly as long as spaCy's parse of it. So an article's quads first go through
a fast check of the same shapes on pyoxigraph terms (`_Checker`, about 20 ms), which can only say "conforms"
or "not sure": pyshacl runs, and reports, only when it is not sure. Shapes using a SHACL feature the fast
check does not know disable it.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

from kg.errors import ConfigError, ValidationError
from kg.store import GraphStore
from kg.vocab import BASE

SHAPES_FILE = "shapes.ttl"
SCHEMA_FILES = ("mkg.ttl", "concepts.ttl")
REFERENCE_FILE = "reference.ttl"
ARTICLE_GRAPH_PREFIX = BASE + "graph/article/"
XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")


@dataclass(frozen=True)
class Violation:
    focus: str  # the IRI (or "_:id" blank node) of the node that breaks a shape
    path: str | None  # the property IRI, when the failing constraint is on a property
    message: str
    severity: str  # "Violation", "Warning" or "Info"


class Validator:
    """The shapes, the schema (ontology and concept schemes) and the reference data, parsed once."""

    def __init__(self, shapes: rdflib.Graph, schema: Iterable[ox.Triple | ox.Quad],
                 reference: Iterable[ox.Triple | ox.Quad]) -> None:
        self.shapes = shapes
        # Only the schema triples a shape can read are added to each article: types and the class hierarchy
        # (targets, sh:class) and the predicates the shapes follow. Comments, domains and ranges would be
        # copied for nothing; this halves the schema.
        followed = {_ox_term(p) for p in {RDF.type, RDFS.subClassOf} | {
            o for p in (SH.path, SH.lessThan, SH.lessThanOrEquals, SH.equals, SH.disjoint) for o in shapes.objects(None, p)
        }}
        self._schema_triples = list(dict.fromkeys(t for t in schema if t.predicate in followed))
        # Reference triples by subject, to add only the entities an article reaches: validating all of them
        # for every article would double the cost.
        self._reference_triples = list(dict.fromkeys(reference))
        # The fast check's schema and reference entries (subject → predicate → objects), built once and shared
        # by every article's index, and the objects each reference subject links to, in order.
        self._schema_index: dict = {}
        for t in self._schema_triples:
            self._schema_index.setdefault(t.subject, {}).setdefault(t.predicate, []).append(t.object)
        self._reference_index: dict = {}
        self._reference_links: dict = {}
        for t in self._reference_triples:
            self._reference_index.setdefault(t.subject, {}).setdefault(t.predicate, []).append(t.object)
            self._reference_links.setdefault(t.subject, []).append(t.object)
        try:
            self._checker: _Checker | None = _Checker(shapes)
        except _Unsupported:
            self._checker = None

    # pyshacl's schema and reference data, as rdflib terms: made on pyshacl's first run, which most processes
    # never reach (the fast check passes nearly every article).
    @functools.cached_property
    def schema(self) -> rdflib.Graph:
        return to_rdflib(self._schema_triples)

    @functools.cached_property
    def _reference_by_subject(self) -> dict[rdflib.term.Node, list[tuple]]:
        by_subject: dict[rdflib.term.Node, list[tuple]] = defaultdict(list)
        for triple in to_rdflib(self._reference_triples):
            by_subject[triple[0]].append(triple)
        return by_subject

    @classmethod
    def load(cls, ontology_dir: Path) -> Validator:
        ontology_dir = Path(ontology_dir)
        shapes = to_rdflib(_parse_triples(ontology_dir / SHAPES_FILE))
        schema = [t for name in SCHEMA_FILES for t in _parse_triples(ontology_dir / name)]
        return cls(shapes, schema, _parse_triples(ontology_dir / REFERENCE_FILE))

    def validate(self, data: rdflib.Graph | Iterable[ox.Triple | ox.Quad]) -> list[Violation]:
        """Violations of the shapes in `data` (pyoxigraph triples or quads, graph names ignored)."""
        if isinstance(data, rdflib.Graph):
            graph = rdflib.Graph()
            graph += data  # validate a copy: the caller's graph must not gain the ontology
        else:
            triples = list(data)  # graph names, if any, are ignored (to_rdflib drops them too)
            # pyshacl (about 100 ms an article) runs only when the fast check (a few ms) is not sure.
            if self._checker is not None and self._checker.conforms(self._index(triples)):
                return []
            graph = to_rdflib(triples)
        graph.addN((*t, graph) for t in self._reference_triples_reached_from(graph))
        graph += self.schema
        # Imported here: a worker whose articles all pass the fast check never pays for pyshacl's import.
        from pyshacl import validate as shacl_validate
        from pyshacl.errors import ReportableRuntimeError

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

    def _index(self, triples: list[ox.Triple | ox.Quad]) -> dict:
        """subject → predicate → objects of the graph pyshacl would see: `triples`, the reference triples
        they reach (as `_reference_triples_reached_from` finds them) and the schema.

        The schema's and the reference data's entries are built once and shared by every article's index; one
        is copied only for a subject the article also describes. (Objects may come in another order than
        pyshacl's: the checks read each list as a set.)"""
        index: dict = dict(self._schema_index)
        owned: set = set()  # the subjects whose entry this index made (the others are shared)

        def own(subject: ox.Term) -> dict:
            if subject in owned:
                return index[subject]
            owned.add(subject)
            by_predicate = index[subject] = {p: list(objects) for p, objects in index.get(subject, {}).items()}
            return by_predicate

        seen: set = set()
        for t in triples:
            subject, obj = t.subject, t.object
            seen.add(subject)
            seen.add(obj)
            own(subject).setdefault(t.predicate, []).append(obj)
        queue = list(seen)
        reference, links = self._reference_index, self._reference_links
        while queue:
            node = queue.pop()
            found = reference.get(node)
            if found is None:
                continue
            if node in index:
                by_predicate = own(node)
                for predicate, objects in found.items():
                    by_predicate.setdefault(predicate, []).extend(objects)
            else:
                index[node] = found
            for obj in links[node]:
                if obj not in seen:
                    seen.add(obj)
                    queue.append(obj)
        return index

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


# --- the fast path: a conservative check of the same shapes on pyoxigraph terms ---


class _Unsupported(Exception):
    """The shapes use a SHACL feature the fast check does not implement: pyshacl checks every graph."""


_IGNORED = {SH.message, SH.name, SH.description, SH.order, SH.group, RDF.type}
_COUNTS = {SH.minCount, SH.maxCount, SH.minLength, SH.qualifiedMinCount}
_KNOWN = _IGNORED | _COUNTS | {
    SH.path, SH.property, SH.targetClass, SH.datatype, SH["class"], SH.node, SH.hasValue, SH["or"], SH.pattern,
    SH.minInclusive, SH.maxInclusive, SH.lessThanOrEquals, SH.nodeKind, SH["in"], SH.qualifiedValueShape,
}
_NUMBER = (int, Decimal)
_MINCOUNT, _MAXCOUNT, _QUALIFIEDMINCOUNT, _MINLENGTH = SH.minCount, SH.maxCount, SH.qualifiedMinCount, SH.minLength


@dataclass
class _Shape:
    path: ox.NamedNode | None = None
    counts: dict[rdflib.URIRef, int] = field(default_factory=dict)
    properties: list[_Shape] = field(default_factory=list)
    any_of: list[_Shape] | None = None  # sh:or
    datatype: rdflib.URIRef | None = None
    datatype_iri: ox.NamedNode | None = None  # the same, as pyoxigraph compares it (in Rust, not in Python)
    classes: list[ox.NamedNode] = field(default_factory=list)
    nodes: list[_Shape] = field(default_factory=list)
    has_value: ox.Term | None = None
    pattern: re.Pattern | None = None
    min_inclusive: Decimal | None = None
    max_inclusive: Decimal | None = None
    less_or_equal: ox.NamedNode | None = None
    iri_only: bool = False
    allowed: set | None = None  # sh:in
    qualified: _Shape | None = None


class _Checker:
    """Says whether a graph surely conforms to the shapes; when it is not sure, pyshacl decides (and reports).

    It implements the SHACL Core constraints ontology/shapes.ttl uses, with pyshacl's semantics, and refuses
    (raises _Unsupported when compiled) shapes that use anything else, so it can only say "conforms" when
    pyshacl would find no violation. Ingested articles nearly always conform, so pyshacl rarely runs."""

    def __init__(self, shapes: rdflib.Graph) -> None:
        self._graph = shapes
        self._compiled: dict[rdflib.term.Node, _Shape] = {}
        self.targets = [
            (ox.NamedNode(str(cls)), self._shape(shape))
            for shape, cls in shapes.subject_objects(SH.targetClass)
        ]
        for subject in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)):
            self._shape(subject)  # every declared shape must be understood, targeted or not
        for predicate in (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.deactivated, SH.severity):
            if next(shapes.triples((None, predicate, None)), None) is not None:
                raise _Unsupported(predicate)

    def _shape(self, node: rdflib.term.Node) -> _Shape:
        if node in self._compiled:
            return self._compiled[node]
        shape = self._compiled[node] = _Shape()
        g = self._graph
        for predicate, value in g.predicate_objects(node):
            if predicate not in _KNOWN:
                raise _Unsupported(predicate)
            if predicate in _COUNTS:
                shape.counts[predicate] = int(value)
            elif predicate == SH.path:
                if not isinstance(value, rdflib.URIRef):
                    raise _Unsupported("complex path")
                shape.path = ox.NamedNode(str(value))
            elif predicate == SH.property:
                shape.properties.append(self._shape(value))
            elif predicate == SH["or"]:
                shape.any_of = [self._shape(member) for member in Collection(g, value)]
            elif predicate == SH.datatype:
                shape.datatype = value
                shape.datatype_iri = ox.NamedNode(str(value))
            elif predicate == SH["class"]:
                shape.classes.append(ox.NamedNode(str(value)))
            elif predicate == SH.node:
                shape.nodes.append(self._shape(value))
            elif predicate == SH.hasValue:
                shape.has_value = _ox_term(value)
            elif predicate == SH.pattern:
                if g.value(node, SH.flags) is not None:
                    raise _Unsupported(SH.flags)
                shape.pattern = re.compile(str(value))
            elif predicate in (SH.minInclusive, SH.maxInclusive):
                bound = value.value if isinstance(value, rdflib.Literal) else None
                if not isinstance(bound, _NUMBER) or isinstance(bound, bool):
                    raise _Unsupported("a non-numeric bound")
                setattr(shape, "min_inclusive" if predicate == SH.minInclusive else "max_inclusive", Decimal(bound))
            elif predicate == SH.lessThanOrEquals:
                shape.less_or_equal = ox.NamedNode(str(value))
            elif predicate == SH.nodeKind:
                if value != SH.IRI:
                    raise _Unsupported(value)
                shape.iri_only = True
            elif predicate == SH["in"]:
                shape.allowed = {_ox_term(member) for member in Collection(g, value)}
            elif predicate == SH.qualifiedValueShape:
                shape.qualified = self._shape(value)
        if shape.path is None and ({SH.minCount, SH.maxCount, SH.qualifiedMinCount} & shape.counts.keys()
                                   or shape.less_or_equal is not None):
            raise _Unsupported("a count on a node shape")
        if shape.path is not None and shape.properties:
            raise _Unsupported("sh:property in a property shape")
        if (shape.qualified is None) != (SH.qualifiedMinCount not in shape.counts):
            raise _Unsupported("sh:qualifiedValueShape without sh:qualifiedMinCount")
        return shape

    def conforms(self, index: dict) -> bool:
        run = _Run(index)
        for cls, shape in self.targets:
            for focus in run.instances(cls):
                if not run.conforms(shape, focus):
                    return False
        return True


class _Run:
    """One check of one graph, given as subject → predicate → objects."""

    def __init__(self, index: dict) -> None:
        self.index = index
        self._of_type: dict[ox.Term, list] = defaultdict(list)  # type → its subjects
        for subject, po in index.items():
            for t in po.get(_TYPE, ()):
                self._of_type[t].append(subject)
        self._literals: dict[ox.Literal, rdflib.Literal] = {}
        self._subclass: dict[tuple, bool] = {}

    def objects(self, node: ox.Term, predicate: ox.NamedNode) -> list:
        return self.index.get(node, {}).get(predicate, [])

    def is_subclass(self, cls: ox.Term, of: ox.NamedNode) -> bool:
        key = (cls, of)
        if key not in self._subclass:
            seen, queue = {cls}, [cls]
            while queue and of not in seen:
                for parent in self.objects(queue.pop(), _SUBCLASS):
                    if parent not in seen:
                        seen.add(parent)
                        queue.append(parent)
            self._subclass[key] = of in seen
        return self._subclass[key]

    def instances(self, cls: ox.NamedNode) -> list:
        """The subjects typed `cls` or a subclass of it (in no particular order: a check reads them all)."""
        return list(dict.fromkeys(s for t, subjects in self._of_type.items() if self.is_subclass(t, cls)
                                  for s in subjects))

    def conforms(self, shape: _Shape, focus: ox.Term) -> bool:
        if shape.path is None:
            values = [focus]
        else:
            values = list(dict.fromkeys(self.objects(focus, shape.path)))
            counts = shape.counts
            if len(values) < counts.get(_MINCOUNT, 0) or len(values) > counts.get(_MAXCOUNT, len(values)):
                return False
            if shape.has_value is not None and shape.has_value not in values:
                return False
            if shape.qualified is not None and sum(
                    self.conforms(shape.qualified, v) for v in values) < counts[_QUALIFIEDMINCOUNT]:
                return False
            if shape.less_or_equal is not None:
                others = [self.number(w) for w in self.objects(focus, shape.less_or_equal)]
                for v in values:
                    mine = self.number(v)
                    if mine is None or any(w is None or mine > w for w in others):
                        return False
        if shape.path is None and shape.has_value is not None and focus != shape.has_value:
            return False
        if not all(self.value_conforms(shape, v) for v in values):
            return False
        return all(self.conforms(p, focus) for p in shape.properties)

    def value_conforms(self, shape: _Shape, value: ox.Term) -> bool:
        if shape.datatype is not None and not self.has_datatype(value, shape):
            return False
        if shape.classes and (isinstance(value, ox.Literal) or not all(
                any(self.is_subclass(t, c) for t in self.objects(value, _TYPE)) for c in shape.classes)):
            return False
        if shape.iri_only and not isinstance(value, ox.NamedNode):
            return False
        if shape.allowed is not None and value not in shape.allowed:
            return False
        if shape.pattern is not None or _MINLENGTH in shape.counts:
            if isinstance(value, ox.BlankNode):
                return False
            if shape.pattern is not None and not shape.pattern.search(value.value):
                return False
            if len(value.value) < shape.counts.get(_MINLENGTH, 0):
                return False
        for bound, below in ((shape.min_inclusive, False), (shape.max_inclusive, True)):
            if bound is not None:
                number = self.number(value)
                if number is None or (number > bound if below else number < bound):
                    return False
        if shape.any_of is not None and not any(self.conforms(member, value) for member in shape.any_of):
            return False
        return all(self.conforms(node, value) for node in shape.nodes)

    def literal(self, value: ox.Literal) -> rdflib.Literal:
        if value not in self._literals:
            self._literals[value] = _rdflib_term(value)
        return self._literals[value]

    def has_datatype(self, value: ox.Term, shape: _Shape) -> bool:
        """pyshacl's sh:datatype test, on the rdflib literal an ox literal becomes (see to_rdflib): that literal
        has the ox literal's datatype, except that an xsd:string one becomes plain (which passes sh:datatype
        xsd:string, its value being its text) and a language-tagged one has none (it passes no sh:datatype)."""
        if not isinstance(value, ox.Literal) or value.language is not None or value.datatype != shape.datatype_iri:
            return False
        if value.datatype == XSD_STRING:
            return True
        literal = self.literal(value)
        return getattr(literal, "ill_typed", None) is not True and _python_value_fits(literal.value, shape.datatype)

    def number(self, value: ox.Term) -> Decimal | None:
        if not isinstance(value, ox.Literal):
            return None
        python = self.literal(value).value
        return Decimal(python) if isinstance(python, _NUMBER) and not isinstance(python, bool) else None


# The Python type pyshacl expects the value of a literal of each datatype to have (others are not checked).
_PYTHON_TYPES = {XSD.string: (str, bytes), XSD.integer: int, XSD.float: float, XSD.decimal: Decimal,
                 XSD.boolean: bool, XSD.date: datetime.date, XSD.time: datetime.time,
                 XSD.dateTime: datetime.datetime}


def _python_value_fits(value: object, datatype: rdflib.URIRef) -> bool:
    """pyshacl's check that a literal's value is of its datatype's Python type (others pass, as in pyshacl)."""
    kind = _PYTHON_TYPES.get(datatype)
    return kind is None or isinstance(value, kind)


def _ox_term(node: rdflib.term.Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(node, rdflib.URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, rdflib.BNode):
        return ox.BlankNode(str(node))
    if node.language:
        return ox.Literal(str(node), language=node.language)
    return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype or XSD.string)))


_TYPE = ox.NamedNode(str(RDF.type))
_SUBCLASS = ox.NamedNode(str(RDFS.subClassOf))


def to_rdflib(data: Iterable[ox.Triple | ox.Quad]) -> rdflib.Graph:
    """An rdflib graph of pyoxigraph triples or quads (their graph names dropped).

    Terms are converted one by one (each distinct term once), which is five times faster than a round trip
    through N-Triples text; like that round trip, an xsd:string literal becomes a plain one."""
    terms: dict[ox.NamedNode | ox.BlankNode | ox.Literal, rdflib.term.Node] = {}

    def term(node: ox.NamedNode | ox.BlankNode | ox.Literal) -> rdflib.term.Node:
        converted = terms.get(node)
        if converted is None:
            converted = terms[node] = _rdflib_term(node)
        return converted

    graph = rdflib.Graph()
    graph.addN((term(t.subject), term(t.predicate), term(t.object), graph) for t in data)
    return graph


def _rdflib_term(node: ox.NamedNode | ox.BlankNode | ox.Literal) -> rdflib.term.Node:
    if isinstance(node, ox.NamedNode):
        return rdflib.URIRef(node.value)
    if isinstance(node, ox.BlankNode):
        return rdflib.BNode(node.value)
    if node.language:
        return rdflib.Literal(node.value, lang=node.language)
    if node.datatype == XSD_STRING:
        return rdflib.Literal(node.value)
    return rdflib.Literal(node.value, datatype=rdflib.URIRef(node.datatype.value))


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
            violations = validator.validate(store.graph_triples(graph))
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


def _parse_triples(path: Path) -> list[ox.Quad]:
    if not path.is_file():
        raise ConfigError(
            f"no {path.name} at {path}: point KG_ONTOLOGY_DIR at the project's ontology/ folder"
        )
    try:  # pyoxigraph's parser (rdflib terms, where needed, are made from its terms: three times faster)
        return list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError) as exc:
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
