"""A small store built from a hand-written extraction (no model): what the extractor emits for two articles."""

from __future__ import annotations

from datetime import date

import pytest

from kg.ingest import load_vocabulary
from kg.map import to_quads
from kg.model import (
    ActKind, ActStage, ActStatus, Article, Effect, Entity, EntityKind, Event, EventKind, Evidence, Extraction, Figure,
    Ground, LegalAct, Measure, OrgKind, OriginClaim, OriginRelation, PartialDate, PersonRole, PopulationGroup,
    Position, Qualifier, Quote,
)
from kg import iris
from kg.queries import QueryCatalog
from kg.settings import Settings
from kg.store import GraphStore


def _ev(sentence: str, start: int = 0) -> Evidence:
    return Evidence(sentence, start, start + len(sentence), "test:handmade", 0.9)


def _article_one() -> Extraction:
    art = Article(id="a1", text="...", content_hash="h1", title="Kyiv Post: raids in Tver", url="https://example.org/1",
                  published=date(2024, 9, 2), source="Example Wire")
    official = Entity("person/oleg-smirnov", EntityKind.PERSON, "Oleg Smirnov", role=PersonRole.OFFICIAL,
                      evidence=[_ev("Oleg Smirnov, head of the Migration Directorate, said...")])
    expert = Entity("person/lena-berg", EntityKind.PERSON, "Lena Berg", role=PersonRole.EXPERT,
                    evidence=[_ev("said Lena Berg, an analyst at the Baltic Institute.")])
    agency = Entity("organization/migration-directorate", EntityKind.ORGANIZATION, "Migration Directorate",
                    org_kind=OrgKind.GOVERNMENT_AGENCY, country="country/russia", aliases={"migration directorate of Russia"},
                    evidence=[_ev("Migration Directorate")])
    institute = Entity("organization/baltic-institute", EntityKind.ORGANIZATION, "Baltic Institute",
                       org_kind=OrgKind.NGO, evidence=[_ev("Baltic Institute")])
    tver = Entity("city/tver", EntityKind.CITY, "Tver", evidence=[_ev("Police raided a market in Tver.")])
    russia = Entity("country/russia", EntityKind.COUNTRY, "Russia", iri=iris.resource("country/russia").value,
                    evidence=[_ev("Russia")])
    putin = Entity("person/vladimir-putin", EntityKind.PERSON, "Vladimir Putin", role=PersonRole.OFFICIAL,
                   iri=iris.resource("person/vladimir-putin").value, evidence=[_ev("Putin signed the law.")])
    ghana = Entity("country/ghana", EntityKind.COUNTRY, "Ghana", evidence=[_ev("Ghanaian recruits")])
    law = LegalAct("act/law/--05-14/citizenship-revocation", ActKind.LAW,
                   "law that lets courts strip acquired citizenship", status=ActStatus.SIGNED,
                   date=PartialDate(None, 5, 14), signed_by=["person/vladimir-putin"],
                   enables=[Effect.CITIZENSHIP_REVOCATION], grounds=[Ground.EXTREMISM],
                   targets=[PopulationGroup.NATURALIZED_CITIZENS.key], evidence=[_ev("Putin signed the law on May 14.")],
                   stages=[ActStage(ActStatus.SIGNED, _ev("Putin signed the law on May 14."), PartialDate(None, 5, 14),
                                    ["person/vladimir-putin"])])
    fines = LegalAct("act/law/--03-01/fines", ActKind.LAW, "law raising fines", status=ActStatus.SIGNED,
                     enables=[Effect.FINES], evidence=[_ev("A law raised fines.")])
    raid = Event("event/a1/raid", EventKind.RAID, "police raid at a market in Tver", date=PartialDate(2024, 8, 30),
                 agents=["organization/migration-directorate"], places=["city/tver"], figures=["figure/a1/1"],
                 evidence=[_ev("Police raided a market in Tver on August 30.")])
    signing = Event("event/a1/signing", EventKind.SIGNING, "Vladimir Putin signed law", date=PartialDate(None, 5, 14),
                    agents=["person/vladimir-putin"], acts=[law.key], stage=ActStatus.SIGNED,
                    evidence=[_ev("Putin signed the law on May 14.")])
    fig1 = Figure("figure/a1/1", 300.0, "300", "migrants detained", Qualifier.AT_LEAST, measure=Measure.DETAINED,
                  claimant="person/oleg-smirnov", place="city/tver", evidence=[_ev("At least 300 migrants were detained.")])
    fig2 = Figure("figure/a1/2", 4000.0, "4,000", "men sent to the front", Qualifier.APPROXIMATELY,
                  measure=Measure.DEPLOYED, claimant="person/oleg-smirnov", evidence=[_ev("About 4,000 men were sent.")])
    quote = Quote("quote/a1/1", "The checks will continue every week.", "person/oleg-smirnov",
                  _ev("“The checks will continue every week,” Smirnov said."))
    return Extraction(
        article=art, pipeline="test",
        entities=[official, expert, agency, institute, tver, russia, putin, ghana],
        positions=[Position("person/oleg-smirnov", "head", "organization/migration-directorate", _ev("head of")),
                   Position("person/lena-berg", "analyst", "organization/baltic-institute", _ev("analyst at"))],
        acts=[law, fines], events=[raid, signing], figures=[fig1, fig2], quotes=[quote],
        origins=[OriginClaim("country/ghana", OriginRelation.RECRUITED, _ev("Ghanaian recruits were sent."))],
    )


def _article_two() -> Extraction:
    art = Article(id="a2", text="...", content_hash="h2", title="Second report")
    official = Entity("person/oleg-smirnov", EntityKind.PERSON, "Oleg Smirnov", role=PersonRole.OFFICIAL,
                      evidence=[_ev("Smirnov said 6,500 men had gone to the front.")])
    fig = Figure("figure/a2/1", 6500.0, "6,500", "men gone to the front", measure=Measure.DEPLOYED,
                 claimant="person/oleg-smirnov", evidence=[_ev("Smirnov said 6,500 men had gone to the front.")])
    # The first article's law, reported at a later stage.
    law = LegalAct("act/law/--05-14/citizenship-revocation", ActKind.LAW, "law that lets courts strip acquired citizenship",
                   status=ActStatus.IN_FORCE, date=PartialDate(None, 6, 1), enables=[Effect.CITIZENSHIP_REVOCATION],
                   evidence=[_ev("The law came into force on June 1.")],
                   stages=[ActStage(ActStatus.IN_FORCE, _ev("The law came into force on June 1."), PartialDate(None, 6, 1))])
    in_force = Event("event/a2/in-force", EventKind.ENTRY_INTO_FORCE, "law entered into force",
                     date=PartialDate(None, 6, 1), acts=[law.key], stage=ActStatus.IN_FORCE,
                     evidence=[_ev("The law came into force on June 1.")])
    return Extraction(article=art, pipeline="test", entities=[official], acts=[law], events=[in_force], figures=[fig])


@pytest.fixture(scope="session")
def query_store(tmp_path_factory) -> GraphStore:
    # On disk, as served: the RocksDB store reads its indexes in order (the timeline's date order relies on it).
    store = GraphStore(tmp_path_factory.mktemp("queries") / "store")
    load_vocabulary(store, Settings().ontology_dir)
    for extraction in (_article_one(), _article_two()):
        store.replace_graph(iris.article_graph(extraction.article.id), to_quads(extraction))
    return store


@pytest.fixture(scope="session")
def run_query(query_store):
    catalog = QueryCatalog.from_dir(Settings().queries_dir)

    def run(name: str, **params: str):
        return catalog.run(query_store, name, params, max_rows=1000)

    return run
