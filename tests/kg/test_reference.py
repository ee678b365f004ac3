"""The reference data (ontology/reference.ttl) and its gazetteer (kg.reference)."""

from __future__ import annotations


import pytest
import rdflib
from rdflib.namespace import OWL, RDFS

from kg.errors import ConfigError
from kg.model import EntityKind, OrgKind, slug
from kg.reference import ID_BASE, ReferenceData, normalize
from kg.settings import PROJECT_ROOT

ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
REFERENCE_KINDS = {EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.COUNTRY, EntityKind.REGION,
                   EntityKind.CITY, EntityKind.GROUP}


@pytest.fixture(scope="module")
def reference() -> ReferenceData:
    return ReferenceData.load(ONTOLOGY_DIR)


def test_reference_loads_every_entity_of_the_files():
    # (how long it takes is the ingest benchmark's "model" stage, not a unit test's business)
    data = ReferenceData.load(ONTOLOGY_DIR)
    assert len(data.entities) > 100


def test_reference_keys_are_kind_and_slug_of_the_label(reference):
    for entity in reference.entities:
        assert entity.kind in REFERENCE_KINDS
        assert entity.key == f"{entity.kind.value}/{slug(entity.name)}"
        assert entity.iri == ID_BASE + entity.key


def test_reference_links_point_at_known_entities_of_the_right_kind(reference):
    for entity in reference.entities:
        if entity.country is not None:
            assert reference.by_key(entity.country).kind == EntityKind.COUNTRY, entity.key
        for _, organization in entity.posts:
            if organization is not None:
                assert reference.by_key(organization).kind == EntityKind.ORGANIZATION, entity.key


def test_reference_labels_and_aliases_do_not_collide_within_a_kind(reference):
    owners: dict[tuple[EntityKind, str], str] = {}
    for entity in reference.entities:
        for name in {normalize(n) for n in (entity.name, *entity.aliases)}:
            assert owners.setdefault((entity.kind, name), entity.key) == entity.key, name


def test_reference_qids_are_consistent_with_owl_same_as():
    graph = rdflib.Graph().parse(ONTOLOGY_DIR / "reference.ttl")
    qid = rdflib.URIRef("https://w3id.org/mkg/ontology#qid")
    for subject, value in graph.subject_objects(qid):
        assert (subject, OWL.sameAs, rdflib.URIRef(f"http://www.wikidata.org/entity/{value}")) in graph
    assert all(str(s).startswith(ID_BASE) for s in graph.subjects(RDFS.label))


@pytest.mark.parametrize(
    ("key", "qid"),
    [("country/russia", "Q159"), ("country/tajikistan", "Q863"), ("person/vladimir-putin", "Q7747"),
     ("city/moscow", "Q649")],
)
def test_reference_carries_known_wikidata_ids(reference, key, qid):
    assert reference.by_key(key).qid == qid


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Russian MoD", "organization/russian-ministry-of-defence"),
        ("the Russian Defense Ministry", "organization/russian-ministry-of-defence"),
        ("Russia’s Defence Ministry", "organization/russian-ministry-of-defence"),
        ("the Russian Interior Ministry", "organization/russian-ministry-of-internal-affairs"),
        ("the Russian Ministry of Internal Affairs", "organization/russian-ministry-of-internal-affairs"),
        ("MVD", "organization/russian-ministry-of-internal-affairs"),
        ("Russian Investigative Committee", "organization/investigative-committee"),
        ("Russia's Human Rights Council",
         "organization/presidential-council-for-civil-society-and-human-rights"),
        ("Russia's Foreign Ministry", "organization/russian-ministry-of-foreign-affairs"),
        ("the Prosecutor-General’s Office", "organization/prosecutor-general-office"),
        ("Rosgvardiya", "organization/national-guard-of-russia"),
        ("the Kremlin's", "organization/kremlin"),
        ("Valentina Matvienko", "person/valentina-matviyenko"),
        ("Aleksandr  Bastrykin", "person/alexander-bastrykin"),
        ("St. Petersburg", "city/saint-petersburg"),
        ("rostov on don", "city/rostov-on-don"),
        ("the U.S.", "country/united-states"),
        ("guest workers", "group/labour-migrants"),
        ("newly naturalised citizens", "group/naturalized-citizens"),
    ],
)
def test_reference_lookup_finds_labels_aliases_and_variants(reference, name, key):
    found = reference.lookup(name)
    assert found is not None and found.key == key


@pytest.mark.parametrize(
    "name",
    [
        "Bastrykin",  # a bare surname is resolved per article, not here
        "Foreign Ministry",  # without "Russian", any country's
        "Russia's State Department",  # the qualifier only reaches Russian bodies
        "Ministry",
    ],
)
def test_reference_lookup_refuses_ambiguous_or_partial_names(reference, name):
    assert reference.lookup(name) is None


def test_reference_lookup_filters_by_kind(reference):
    assert reference.lookup("Moscow", EntityKind.CITY).key == "city/moscow"
    assert reference.lookup("Moscow", EntityKind.PLACE).key == "city/moscow"
    assert reference.lookup("Kyrgyzstan", EntityKind.PLACE).kind == EntityKind.COUNTRY
    assert reference.lookup("Moscow", EntityKind.PERSON) is None
    assert reference.lookup("Russian Investigative Committee", EntityKind.COUNTRY) is None


@pytest.mark.parametrize(
    ("word", "key"),
    [("Tajiks", "country/tajikistan"), ("tajikistani", "country/tajikistan"),
     ("Kirghiz", "country/kyrgyzstan"),
     ("Nepalese", "country/nepal"), ("Nepalis", "country/nepal"), ("Sri Lankan", "country/sri-lanka"),
     ("North Koreans", "country/north-korea"), ("Kazakhstanis", "country/kazakhstan"),
     ("British", "country/united-kingdom"), ("Cubans", "country/cuba")],
)
def test_reference_by_demonym_finds_the_country(reference, word, key):
    assert reference.by_demonym(word).key == key


def test_reference_by_demonym_ignores_other_words(reference):
    assert reference.by_demonym("migrants") is None
    assert reference.by_demonym("Moscow") is None


def test_reference_officials_hold_posts_in_state_bodies(reference):
    bastrykin = reference.by_key("person/alexander-bastrykin")
    assert ("head", "organization/investigative-committee") in bastrykin.posts
    assert ("President", "organization/kremlin") in reference.by_key("person/vladimir-putin").posts
    assert reference.by_key("organization/state-duma").org_kind == OrgKind.LEGISLATURE
    assert reference.by_key("organization/wagner-group").org_kind == OrgKind.COMPANY  # a private military company, not a state force
    assert reference.by_key("organization/investigative-committee").country == "country/russia"


def test_reference_surface_forms_cover_aliases_and_russian_possessives(reference):
    forms = {(form, entity.key) for form, entity in reference.surface_forms()}
    assert ("Russian MoD", "organization/russian-ministry-of-defence") in forms
    assert ("Russia's Foreign Ministry", "organization/russian-ministry-of-foreign-affairs") in forms
    assert ("Tajikistan", "country/tajikistan") in forms
    assert len(forms) == len(reference.surface_forms())


def test_reference_normalize_folds_case_articles_possessives_and_punctuation():
    assert normalize("The  Prosecutor-General’s Office") == "prosecutor general office"
    assert normalize("Moskalkova's") == "moskalkova"
    assert normalize("Čechy") == "cechy"
    assert normalize("U.S.") == "us"


def test_reference_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="reference.ttl"):
        ReferenceData.load(tmp_path)


def test_reference_broken_turtle_is_a_config_error(tmp_path):
    broken = "<https://w3id.org/mkg/id/country/x> rdfs:label"
    (tmp_path / "reference.ttl").write_text(broken, encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid Turtle"):
        ReferenceData.load(tmp_path)


def test_reference_entry_with_unknown_kind_is_a_config_error(tmp_path):
    (tmp_path / "reference.ttl").write_text(
        '<https://w3id.org/mkg/id/planet/mars> <http://www.w3.org/2000/01/rdf-schema#label> "Mars" .',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="kind one of"):
        ReferenceData.load(tmp_path)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Nizhni Tagil", "city/nizhny-tagil"),
        ("Naberezhnyye Chelny", "city/naberezhnye-chelny"),
        ("Ulan Ude", "city/ulan-ude"),
        ("Nizhniy Novgorod", "city/nizhny-novgorod"),
        ("Togliatti", "city/tolyatti"),
        ("Khodjent", "city/khujand"),
        ("Kishinev", "city/chisinau"),
        ("Lugansk", "city/luhansk"),
        ("Sverdlovsk oblast", "region/sverdlovsk-oblast"),
        ("the Republic of Tatarstan", "region/tatarstan"),
        ("Khanty-Mansiysk Autonomous Okrug", "region/khanty-mansi-autonomous-okrug"),
        ("Trans-Baikal Territory", "region/zabaykalsky-krai"),
        ("Lugansk region", "region/luhansk-oblast"),
    ],
)
def test_reference_gazetteer_finds_places_by_transliteration_variants(reference, name, key):
    found = reference.lookup(name, EntityKind.PLACE)
    assert found is not None and found.key == key


def test_reference_gazetteer_lists_every_russian_federal_subject(reference):
    # 89 subjects by Russia's count, less Moscow, Saint Petersburg (cities), Crimea, Sevastopol and the four
    # annexed Ukrainian regions (all listed under Ukraine, where international law places them).
    regions = {e.key for e in reference.entities if e.kind == EntityKind.REGION and e.country == "country/russia"}
    assert len(regions) == 81
    for name in ("Donetsk region", "Crimea", "Zaporozhye region"):
        assert reference.lookup(name, EntityKind.REGION).country == "country/ukraine"
    assert reference.lookup("Sevastopol", EntityKind.CITY).country == "country/ukraine"
