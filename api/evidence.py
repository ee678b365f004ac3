"""Facts with their evidence (sentence, character offsets, mechanism, confidence), for the article and entity
pages: one reading of `mkg:evidence`, shared by `GET /articles/{id}/text` and `GET /entities/{id}/evidence`.

Each fact gets a `kind`, the family of its type in the ontology (a quotation, a figure, an event...), so that
a page can colour or group facts without knowing every class.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.results import literal_value, lookup_labels, term_cell
from kg.store import GraphStore
from kg.vocab import MKG, RDF, RDFS

# The families of fact types, most specific first: a type's kind is that of the first class it falls under.
KINDS = (
    ("quote", MKG.Quotation),
    ("figure", MKG.QuantitativeClaim),
    ("origin", MKG.OriginClaim),
    ("post", MKG.Post),
    ("legal-act", MKG.LegalAct),
    ("legal-act", MKG.ActStage),
    ("event", MKG.Event),
    ("person", MKG.Person),
    ("organization", MKG.Organization),
    ("place", MKG.Place),
    ("group", MKG.PopulationGroup),
)
OTHER_KIND = "other"

# ?fact, ?ev and ?graph are bound by the caller's pattern (PATTERN below is replaced by it).
_EVIDENCE = f"""
SELECT DISTINCT ?fact ?ev ?graph ?start ?end ?sentence ?mechanism ?confidence WHERE {{
  PATTERN
  GRAPH ?graph {{ ?fact {MKG.evidence} ?ev . ?ev {MKG.startOffset} ?start ; {MKG.endOffset} ?end }}
  OPTIONAL {{ GRAPH ?graph {{ ?ev {MKG.sentence} ?sentence }} }}
  OPTIONAL {{ GRAPH ?graph {{ ?ev {MKG.mechanism} ?mechanism }} }}
  OPTIONAL {{ GRAPH ?graph {{ ?ev {MKG.confidence} ?confidence }} }}
}}
"""
_TYPES = f"SELECT DISTINCT ?fact ?type WHERE {{ VALUES ?fact {{ %s }} ?fact {RDF.type} ?type }}"
_KIND_OF_TYPE = f"""
SELECT ?type ?kind WHERE {{ VALUES ?type {{ %s }} VALUES ?kind {{ %s }} ?type {RDFS.subClassOf}* ?kind }}
"""


def evidence_query(pattern: str, order: str) -> str:
    """The SELECT of facts and evidence matching `pattern`, in `order` (an ORDER BY clause)."""
    return _EVIDENCE.replace("PATTERN", pattern) + order


def facts_with_evidence(store: GraphStore, solutions: list[ox.QuerySolution]) -> list[dict]:
    """The facts of `evidence_query` solutions, each with its label, types, kind and evidence spans, in the
    order of their first evidence."""
    facts: dict[str, dict] = {}
    for s in solutions:
        fact = facts.setdefault(s["fact"].value, {"id": s["fact"].value, "evidence": []})
        fact["evidence"].append({
            "article": s["graph"].value.rsplit("/", 1)[-1],
            "start": literal_value(s["start"]),
            "end": literal_value(s["end"]),
            "sentence": s["sentence"].value if s["sentence"] else None,
            "mechanism": s["mechanism"].value if s["mechanism"] else None,
            "confidence": literal_value(s["confidence"]) if s["confidence"] else None,
        })
    if not facts:
        return []
    types: dict[str, list[ox.NamedNode]] = {iri: [] for iri in facts}
    # The IRIs come from the store, so their N-Triples form is safe in VALUES.
    for s in store.query(_TYPES % " ".join(str(ox.NamedNode(iri)) for iri in facts)):
        if isinstance(s["type"], ox.NamedNode):
            types[s["fact"].value].append(s["type"])
    kinds = _kinds(store, {t for ts in types.values() for t in ts})
    labels = lookup_labels(store, set(facts) | {t.value for ts in types.values() for t in ts})
    for iri, fact in facts.items():
        fact["label"] = labels.get(iri)
        fact["types"] = [term_cell(t, labels) for t in types[iri]]
        found = [kinds[t.value] for t in types[iri] if t.value in kinds]
        fact["kind"] = min(found, key=_KIND_ORDER.index) if found else OTHER_KIND
        fact["confidence"] = max((e["confidence"] for e in fact["evidence"] if e["confidence"] is not None),
                                 default=None)
    return list(facts.values())


_KIND_ORDER = [kind for kind, _ in KINDS]


def _kinds(store: GraphStore, types: set[ox.NamedNode]) -> dict[str, str]:
    """The kind of each type, by the ontology's subclass tree."""
    if not types:
        return {}
    kind_of_class = {cls.value: kind for kind, cls in reversed(KINDS)}
    query = _KIND_OF_TYPE % (" ".join(map(str, types)), " ".join(str(cls) for _, cls in KINDS))
    kinds: dict[str, str] = {}
    for s in store.query(query):
        kind = kind_of_class[s["kind"].value]
        current = kinds.get(s["type"].value)
        if current is None or _KIND_ORDER.index(kind) < _KIND_ORDER.index(current):
            kinds[s["type"].value] = kind
    return kinds
