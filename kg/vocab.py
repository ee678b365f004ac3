"""IRIs of our ontology and of the vocabularies it aligns to, in one place.

`MKG` terms are declared in `ontology/mkg.ttl`; a test checks that every term used here is declared there,
with a label and a comment. Resource IRIs (entities, articles, graphs, facts) are minted by `kg.iris`.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

BASE = "https://w3id.org/mkg/"
ONTOLOGY_IRI = BASE + "ontology"
ONTOLOGY_VERSION = "0.2.0"


class Namespace:
    """Attribute access to the IRIs of one namespace: `MKG.Person` is `<https://w3id.org/mkg/ontology#Person>`."""

    def __init__(self, base: str) -> None:
        self.base = base

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        node = NamedNode(self.base + name)
        setattr(self, name, node)  # made once: the next access is a plain attribute (the mapper reads thousands)
        return node

    def term(self, name: str) -> NamedNode:
        return NamedNode(self.base + name)


MKG = Namespace(BASE + "ontology#")
CONCEPT = Namespace(BASE + "concept/")  # SKOS concepts: CONCEPT.term("effect/citizenship-revocation")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
ORG = Namespace("http://www.w3.org/ns/org#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES = {
    "mkg": MKG.base,
    "concept": CONCEPT.base,
    "rdf": RDF.base,
    "rdfs": RDFS.base,
    "owl": OWL.base,
    "xsd": XSD.base,
    "skos": SKOS.base,
    "schema": SCHEMA.base,
    "prov": PROV.base,
    "org": ORG.base,
    "eli": ELI.base,
    "sem": SEM.base,
    "wd": WD.base,
}

# Named graphs that are not articles.
ONTOLOGY_GRAPH = NamedNode(BASE + "graph/ontology")
REFERENCE_GRAPH = NamedNode(BASE + "graph/reference")
