"""SHACL validation of article graphs (kg.validate with ontology/shapes.ttl)."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest
import rdflib

from kg.errors import ConfigError, ValidationError
from kg.settings import PROJECT_ROOT
from kg.store import GraphStore
from kg.validate import Validator, to_rdflib, validate_graph, validate_store

ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
GRAPH = ox.NamedNode("https://w3id.org/mkg/graph/article/test-1")
ID = "https://w3id.org/mkg/id/"
MKG = "https://w3id.org/mkg/ontology#"

PREFIXES = """
@prefix mkg:  <https://w3id.org/mkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix c:    <https://w3id.org/mkg/concept/> .
@prefix id:   <https://w3id.org/mkg/id/> .
@prefix art:  <https://w3id.org/mkg/article/> .
"""

# One article's graph as the mapper would write it: reference entities (the Interior Ministry, Kyrgyzstan,
# labour migrants) are referred to without repeating their types, which come from reference.ttl.
VALID_ARTICLE = PREFIXES + """
art:test-1 a mkg:Article ; rdfs:label "Police check hostels in Kazan" ;
    mkg:headline "Police check hostels in Kazan" ;
    mkg:contentHash "9f2c" ; mkg:extractorVersion "0.1.0" ; mkg:ontologyVersion "0.1.0" ;
    mkg:pipeline "blank:en (rules only)" ; mkg:datePublished "2024-03-02"^^xsd:date ;
    mkg:url "https://example.org/news/1"^^xsd:anyURI .

id:ev-1 a mkg:Evidence ; mkg:article art:test-1 ;
    mkg:sentence "Officers detained about 150 labour migrants at two hostels in Kazan on Friday." ;
    mkg:startOffset 0 ; mkg:endOffset 78 ; mkg:mechanism "figure.counted-noun" ; mkg:confidence 0.8 .
id:ev-2 a mkg:Evidence ; mkg:article art:test-1 ;
    mkg:sentence "\\"Nobody explained why we were taken,\\" one of the workers said." ;
    mkg:startOffset 79 ; mkg:endOffset 140 ; mkg:mechanism "quote.said" ; mkg:confidence 0.7 .

id:figure-1 a mkg:QuantitativeClaim ; mkg:value 150.0 ; mkg:valueText "about 150" ;
    mkg:counted "labour migrants" ;
    mkg:qualifier c:qualifier\\/approximately ; mkg:measure c:measure\\/detained ;
    mkg:claimant id:organization\\/russian-ministry-of-internal-affairs ; mkg:evidence id:ev-1 .

id:raid-1 a mkg:Event, mkg:Raid ; mkg:eventKind c:event-kind\\/raid ; rdfs:label "raid in Kazan" ;
    mkg:date "--03-01"^^xsd:gMonthDay ; mkg:place id:city\\/kazan ;
    mkg:agent id:organization\\/russian-ministry-of-internal-affairs ;
    mkg:participant id:group\\/labour-migrants ;
    mkg:hasFigure id:figure-1 ; mkg:evidence id:ev-1 .

id:quote-1 a mkg:Quotation ; mkg:text "Nobody explained why we were taken" ; mkg:evidence id:ev-2 .

id:act-1 a mkg:LegalAct ; rdfs:label "law on revoking acquired citizenship" ;
    mkg:actKind c:act-kind\\/federal-law ; mkg:status c:act-status\\/signed ;
    mkg:date "2024-02"^^xsd:gYearMonth ;
    mkg:signedBy id:person\\/vladimir-putin ; mkg:enables c:effect\\/citizenship-revocation ;
    mkg:targets id:group\\/naturalized-citizens ; mkg:evidence id:ev-1 .

id:person\\/ivan-sidorov a mkg:Person, mkg:StateOfficial ; rdfs:label "Ivan Sidorov" ;
    mkg:holdsPost id:post-1 ;
    mkg:evidence id:ev-1 .
id:post-1 a mkg:Post ; mkg:title "spokesman" ;
    mkg:postIn id:organization\\/russian-ministry-of-internal-affairs .

id:origin-1 a mkg:OriginClaim ; mkg:originCountry id:country\\/kyrgyzstan ;
    mkg:relation c:origin-relation\\/targeted ;
    mkg:figure id:figure-1 ; mkg:evidence id:ev-1 .
"""

INVALID_ARTICLE = PREFIXES + """
art:test-1 a mkg:Article ; mkg:contentHash "9f2c" ; mkg:extractorVersion "0.1.0" ; mkg:pipeline "x" .
id:ev-bad a mkg:Evidence ; mkg:article art:test-1 ; mkg:startOffset 10 ; mkg:endOffset 40 ;
    mkg:mechanism "figure.counted-noun" ; mkg:confidence 1.5 .
id:figure-bad a mkg:QuantitativeClaim ; mkg:counted "recruits" ; mkg:evidence id:ev-bad .
"""


def _quads(turtle: str, graph: ox.NamedNode = GRAPH) -> list[ox.Quad]:
    triples = ox.parse(turtle, format=ox.RdfFormat.TURTLE)
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator.load(ONTOLOGY_DIR)


def _by_focus(violations):
    found: dict[str, set[str | None]] = {}
    for v in violations:
        found.setdefault(v.focus, set()).add(v.path)
    return found


def test_validate_accepts_a_well_formed_article_graph(validator):
    assert validator.validate(_quads(VALID_ARTICLE)) == []


def test_validate_names_the_focus_node_and_path_of_each_violation(validator):
    found = _by_focus(validator.validate(_quads(INVALID_ARTICLE)))
    assert {MKG + "confidence", MKG + "sentence"} <= found[ID + "ev-bad"]
    assert MKG + "value" in found[ID + "figure-bad"]


def test_validate_violation_messages_say_what_is_wrong(validator):
    violations = validator.validate(_quads(INVALID_ARTICLE))
    confidence = next(v for v in violations if v.path == MKG + "confidence")
    assert "0 to 1" in confidence.message and confidence.severity == "Violation"


def test_validate_rejects_start_offset_after_end_offset(validator):
    turtle = VALID_ARTICLE.replace("mkg:startOffset 79 ;", "mkg:startOffset 141 ;")
    assert _by_focus(validator.validate(_quads(turtle))) == {ID + "ev-2": {MKG + "startOffset"}}


def test_validate_requires_a_concept_of_the_right_scheme(validator):
    turtle = VALID_ARTICLE.replace("mkg:status c:act-status\\/signed", "mkg:status c:act-kind\\/decree")
    assert _by_focus(validator.validate(_quads(turtle))) == {ID + "act-1": {MKG + "status"}}


def test_validate_requires_an_event_kind_or_event_subclass(validator):
    typed_and_kinded = "a mkg:Event, mkg:Raid ; mkg:eventKind c:event-kind\\/raid ;"
    kindless = VALID_ARTICLE.replace(typed_and_kinded, "a mkg:Event ;")
    assert ID + "raid-1" in _by_focus(validator.validate(_quads(kindless)))
    only_subclass = VALID_ARTICLE.replace(typed_and_kinded, "a mkg:Raid ;")
    assert validator.validate(_quads(only_subclass)) == []


def test_validate_checks_subclass_instances_against_superclass_shapes(validator):
    turtle = VALID_ARTICLE.replace('rdfs:label "Ivan Sidorov" ;', "")
    found = _by_focus(validator.validate(_quads(turtle)))
    assert found == {ID + "person/ivan-sidorov": {str(rdflib.RDFS.label)}}


def test_validate_rejects_an_origin_country_that_is_not_a_country(validator):
    turtle = VALID_ARTICLE.replace("id:country\\/kyrgyzstan", "id:city\\/kazan")
    assert _by_focus(validator.validate(_quads(turtle))) == {ID + "origin-1": {MKG + "originCountry"}}


def test_validate_graph_accepts_an_rdflib_graph_and_leaves_it_unchanged():
    graph = to_rdflib(_quads(INVALID_ARTICLE))
    size = len(graph)
    assert any(v.focus == ID + "figure-bad" for v in validate_graph(graph, ONTOLOGY_DIR))
    assert len(graph) == size


def test_validate_store_reports_only_article_graphs_with_violations():
    store = GraphStore(None)
    store.replace_graph(GRAPH, _quads(VALID_ARTICLE))
    bad_graph = ox.NamedNode("https://w3id.org/mkg/graph/article/test-2")
    store.replace_graph(bad_graph, _quads(INVALID_ARTICLE, bad_graph))
    # Not an article graph: an untyped, label-less person here must not be reported.
    other = ox.NamedNode("https://w3id.org/mkg/graph/reference")
    store.replace_graph(other, [ox.Quad(ox.NamedNode(ID + "person/x"), ox.NamedNode(str(rdflib.RDF.type)),
                                        ox.NamedNode(MKG + "Person"), other)])
    results = validate_store(store, ONTOLOGY_DIR)
    assert list(results) == [bad_graph.value]
    assert ID + "figure-bad" in {v.focus for v in results[bad_graph.value]}


def test_validate_missing_shapes_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="shapes.ttl"):
        Validator.load(tmp_path)


def test_validate_broken_shapes_is_a_validation_error(tmp_path):
    for path in ONTOLOGY_DIR.glob("*.ttl"):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "shapes.ttl").write_text("this is not turtle ;", encoding="utf-8")
    with pytest.raises(ValidationError, match="shapes.ttl"):
        Validator.load(tmp_path)


def test_validate_graph_rereads_the_schema_when_a_file_changes(tmp_path):
    for path in ONTOLOGY_DIR.glob("*.ttl"):
        shutil.copy(path, tmp_path / path.name)
    assert validate_graph(_quads(VALID_ARTICLE), tmp_path) == []
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\nnot turtle at all ;\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="shapes.ttl"):
        validate_graph(_quads(VALID_ARTICLE), tmp_path)


# One fault each; the fast check must leave every one of them to pyshacl, which reports it.
FAULTS = [
    pytest.param("mkg:confidence 0.8", "mkg:confidence 1.8", id="max-inclusive"),
    pytest.param("mkg:startOffset 79 ;", "mkg:startOffset 179 ;", id="less-than-or-equals"),
    pytest.param('mkg:date "--03-01"^^xsd:gMonthDay', 'mkg:date "March"', id="or-of-datatypes"),
    pytest.param("mkg:status c:act-status\\/signed", "mkg:status c:effect\\/citizenship-revocation", id="has-value"),
    pytest.param("mkg:originCountry id:country\\/kyrgyzstan", "mkg:originCountry id:city\\/kazan", id="class"),
    pytest.param("a mkg:Event, mkg:Raid ; mkg:eventKind c:event-kind\\/raid ;", "a mkg:Event ;", id="qualified"),
    pytest.param("mkg:value 150.0", 'mkg:value "150"', id="datatype"),
    pytest.param("mkg:value 150.0", 'mkg:value "1x50"^^xsd:decimal', id="ill-typed"),
    pytest.param('"https://example.org/news/1"^^xsd:anyURI', '"https://example.org/news/1"', id="or-iri-or-uri"),
    pytest.param('mkg:title "spokesman" ;', "", id="min-count"),
    pytest.param('mkg:contentHash "9f2c"', 'mkg:contentHash "9f2c", "9f2d"', id="max-count"),
    pytest.param("mkg:signedBy id:person\\/vladimir-putin", "mkg:signedBy c:effect\\/citizenship-revocation",
                 id="or-of-classes"),
    pytest.param('rdfs:label "Ivan Sidorov" ;', 'mkg:qid "X12" ;', id="pattern"),
    pytest.param('"Nobody explained why we were taken" ;', '"" ;', id="min-length"),
]


@pytest.mark.parametrize(("valid", "faulty"), FAULTS)
def test_validate_fast_check_leaves_every_fault_to_pyshacl(validator, valid, faulty):
    assert VALID_ARTICLE.count(valid) == 1
    quads = _quads(VALID_ARTICLE.replace(valid, faulty))
    found = validator.validate(quads)
    assert found, "the fault went unreported"
    assert found == validator.validate(to_rdflib(quads))  # an rdflib graph always goes through pyshacl


def test_validate_well_formed_graph_passes_without_pyshacl(validator, monkeypatch):
    def no_pyshacl(*args, **kwargs):
        raise AssertionError("a graph the fast check passes must not reach pyshacl")

    monkeypatch.setattr("pyshacl.validate", no_pyshacl)  # kg.validate imports it only when it needs it
    assert validator.validate(_quads(VALID_ARTICLE)) == []
