"""The ontology (mkg.ttl) and the SKOS concept schemes (concepts.ttl) declare what the code uses."""

from __future__ import annotations

import re
from enum import StrEnum

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.model import (
    ActKind, ActStatus, Effect, EventKind, Ground, Measure, OrgKind, OriginRelation, Qualifier,
)
from kg.settings import PROJECT_ROOT
from kg.vocab import CONCEPT, MKG, ONTOLOGY_IRI, ONTOLOGY_VERSION

ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
M = rdflib.Namespace(MKG.base)
SCHEMA = rdflib.Namespace("https://schema.org/")
ELI = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
SEM = rdflib.Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")

SCHEMES: dict[str, type[StrEnum]] = {
    "act-kind": ActKind,
    "act-status": ActStatus,
    "effect": Effect,
    "ground": Ground,
    "event-kind": EventKind,
    "qualifier": Qualifier,
    "measure": Measure,
    "origin-relation": OriginRelation,
    "org-kind": OrgKind,
}

CLASSES = """
Person StateOfficial Expert Journalist PrivatePerson Organization GovernmentAgency Legislature Court
ArmedForce MediaOutlet NonGovernmentalOrganization University Company Place Country Region City
PopulationGroup Post LegalAct Event Raid Statement Signing Introduction Vote Deployment Recruitment
Mobilization Detention Deportation Prosecution Death Attack Report QuantitativeClaim Quotation
OriginClaim Article Evidence Quantity ActStage
""".split()
OBJECT_PROPERTIES = """
holdsPost postIn affiliatedWith country locatedIn actKind status enables prohibits ground measure
qualifier relation eventKind signedBy adoptedBy introducedBy approvedBy targets agent participant
place involvesAct hasFigure claimant figurePlace conflictsWith speaker originCountry figure evidence
article reportedIn quantity quantityMeasure quantityPlace broaderQuantity asserts hasStage stageStatus
""".split()
DATATYPE_PROPERTIES = """
title date datePrecision actNumber value upperValue valueText counted text sentence startOffset
endOffset mechanism confidence headline url datePublished source contentHash extractorVersion
ontologyVersion pipeline sourcePath withdrawnAt ingestedAt addedAt pseudonymous qid demonym countedGroup period articleCount topConfidence
factConfidence dateOrder lowestValue highestValue claims claimants claimSources claimArticleCount claimConfidence disputed reportedActivities postTitles postOrganizations postCountries affiliations originInvolvement originArticleCount originConfidence originFigures raidSources raidDate raidAgencies raidFigures raidConfidence actKinds latestStatus stages earliestDate actors signers adopters introducers effects prohibitions grounds targetGroups evidenceSources firstSentence
""".split()


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_DIR / "mkg.ttl")


@pytest.fixture(scope="module")
def concepts() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_DIR / "concepts.ttl")


def _english(graph: rdflib.Graph, subject: rdflib.term.Node, predicate: rdflib.URIRef) -> list[str]:
    return [str(o) for o in graph.objects(subject, predicate) if getattr(o, "language", None) == "en"]


def test_ontology_header_carries_the_code_version(ontology):
    header = rdflib.URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert str(ontology.value(header, OWL.versionInfo)) == ONTOLOGY_VERSION


def test_ontology_every_term_has_english_label_and_comment(ontology):
    terms = {
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in ontology.subjects(RDF.type, kind)
        if str(s).startswith(MKG.base)
    }
    assert len(terms) > 80
    unlabeled = sorted(str(t) for t in terms if not _english(ontology, t, RDFS.label))
    uncommented = sorted(str(t) for t in terms if not _english(ontology, t, RDFS.comment))
    assert unlabeled == [] and uncommented == []


@pytest.mark.parametrize(
    ("names", "kind"),
    [
        (CLASSES, OWL.Class),
        (OBJECT_PROPERTIES, OWL.ObjectProperty),
        (DATATYPE_PROPERTIES, OWL.DatatypeProperty),
    ],
)
def test_ontology_declares_every_term_the_mapper_emits(ontology, names, kind):
    missing = [name for name in names if (M[name], RDF.type, kind) not in ontology]
    assert missing == []


def test_ontology_declares_every_mkg_term_the_code_uses(ontology):
    declared = {str(s).removeprefix(MKG.base) for s in ontology.subjects() if str(s).startswith(MKG.base)}
    used = set()
    for folder in ("kg", "api"):
        for path in (PROJECT_ROOT / folder).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            used |= set(re.findall(r"\bMKG\.(?!term\b|base\b)([A-Za-z_]\w*)", source))
            used |= set(re.findall(r"\bMKG\.term\(\s*[\"']([A-Za-z_]\w*)[\"']", source))
    assert sorted(used - declared) == []


def test_ontology_person_and_organization_kinds_are_subclasses(ontology):
    for name in ("StateOfficial", "Expert", "Journalist", "PrivatePerson"):
        assert (M[name], RDFS.subClassOf, M.Person) in ontology
    for name in ("GovernmentAgency", "Legislature", "Court", "ArmedForce", "MediaOutlet",
                 "NonGovernmentalOrganization", "University", "Company"):
        assert (M[name], RDFS.subClassOf, M.Organization) in ontology
    for name in ("Country", "Region", "City"):
        assert (M[name], RDFS.subClassOf, M.Place) in ontology


def test_ontology_every_event_kind_has_an_event_subclass(ontology):
    for kind in EventKind:
        cls = M["".join(part.capitalize() for part in kind.value.split("-"))]
        assert (cls, RDFS.subClassOf, M.Event) in ontology, kind


@pytest.mark.parametrize(
    ("subject", "predicate", "target"),
    [
        (M.Person, RDFS.subClassOf, SCHEMA.Person),
        (M.LegalAct, RDFS.subClassOf, SCHEMA.Legislation),
        (M.LegalAct, RDFS.subClassOf, ELI.LegalResource),
        (M.Event, RDFS.subClassOf, SEM.Event),
        (M.Event, RDFS.subClassOf, SCHEMA.Event),
        (M.Post, OWL.equivalentClass, ORG.Post),
        (M.QuantitativeClaim, RDFS.subClassOf, SCHEMA.Claim),
        (M.Article, RDFS.subClassOf, SCHEMA.NewsArticle),
        (M.Evidence, RDFS.subClassOf, PROV.Entity),
        (M.holdsPost, RDFS.subPropertyOf, ORG.holds),
        (M.postIn, RDFS.subPropertyOf, ORG.postIn),
        (M.agent, RDFS.subPropertyOf, SEM.hasActor),
        (M.place, RDFS.subPropertyOf, SEM.hasPlace),
        (M.article, RDFS.subPropertyOf, PROV.wasDerivedFrom),
        (M.conflictsWith, RDF.type, OWL.SymmetricProperty),
    ],
)
def test_ontology_aligns_to_standard_vocabularies(ontology, subject, predicate, target):
    assert (subject, predicate, target) in ontology


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_ontology_concept_scheme_has_exactly_the_enum_values(concepts, scheme):
    scheme_iri = rdflib.URIRef(CONCEPT.base + scheme)
    assert _english(concepts, scheme_iri, RDFS.label)
    in_scheme = {str(c) for c in concepts.subjects(SKOS.inScheme, scheme_iri)}
    expected = {CONCEPT.base + f"{scheme}/{value.value}" for value in SCHEMES[scheme]}
    assert in_scheme == expected
    for iri in expected:
        concept = rdflib.URIRef(iri)
        assert (concept, RDF.type, SKOS.Concept) in concepts
        assert _english(concepts, concept, SKOS.prefLabel), iri
        assert _english(concepts, concept, SKOS.definition), iri
