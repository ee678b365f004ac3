"""The store layout: statements about shared resources stored once, kept exact by every write."""

from __future__ import annotations

from datetime import datetime

import pyoxigraph as ox
import pytest

from kg import iris, layout
from kg.layout import ENTITY_GRAPH, ENTRY_GRAPH, SUMMARY_GRAPH
from kg.store import GraphStore
from kg.vocab import MKG, RDF, RDFS, REFERENCE_GRAPH, XSD
from tests.layout_check import assert_stored_once, timeless

PUTIN = iris.resource("person/vladimir-putin")
RUSSIA = iris.resource("country/russia")


def article(article_id: str, *triples: tuple) -> list[ox.Quad]:
    """An article's logical graph: its node, a mention of Putin with evidence, and `triples`."""
    graph, node = iris.article_graph(article_id), iris.article(article_id)
    evidence = iris.resource(f"evidence/{article_id}/1")
    base = [
        (node, RDF.type, MKG.Article),
        (PUTIN, RDF.type, MKG.Person),
        (PUTIN, RDFS.label, ox.Literal("Vladimir Putin")),
        (PUTIN, MKG.reportedIn, node),
        (PUTIN, MKG.evidence, evidence),
        (evidence, MKG.confidence, ox.Literal("0.8", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))),
    ]
    return [ox.Quad(s, p, o, graph) for s, p, o in base + list(triples)]


def ingest_times(store: GraphStore, article_id: str) -> dict[str, datetime]:
    """The article's records in the ingests graph: property name → time."""
    quads = [q for q in store.quads(iris.INGESTS_GRAPH) if q.subject == iris.article(article_id)]
    return {q.predicate.value.rsplit("#", 1)[1]: datetime.fromisoformat(q.object.value) for q in quads}


def test_layout_a_write_records_when_the_article_was_added_and_last_written():
    store = GraphStore(None)
    store.replace_graph(iris.article_graph("a1"), article("a1"))
    first = ingest_times(store, "a1")
    assert first.keys() == {"addedAt", "ingestedAt"} and first["addedAt"] == first["ingestedAt"]
    assert {q.object.datatype for q in store.quads(iris.INGESTS_GRAPH)} == {XSD.dateTime}

    store.replace_graph(iris.article_graph("a1"), article("a1", (PUTIN, MKG.country, RUSSIA)))
    second = ingest_times(store, "a1")
    assert second["addedAt"] == first["addedAt"] and second["ingestedAt"] > first["ingestedAt"]
    store.add_quads([ox.Quad(iris.article("a1"), MKG.headline, ox.Literal("Later"), iris.article_graph("a1"))])
    third = ingest_times(store, "a1")
    assert third["addedAt"] == first["addedAt"] and third["ingestedAt"] > second["ingestedAt"]

    store.withdraw_graph(iris.article_graph("a1"), ox.Quad(iris.article("a1"), MKG.withdrawnAt, ox.Literal("x"), iris.WITHDRAWALS_GRAPH))
    assert ingest_times(store, "a1") == {}  # gone with the article
    store.replace_graph(iris.article_graph("a1"), article("a1"))  # back again: added anew
    again = ingest_times(store, "a1")
    assert again["addedAt"] == again["ingestedAt"] > third["ingestedAt"]
    store.drop_graph(iris.article_graph("a1"))
    assert ingest_times(store, "a1") == {}


def test_layout_an_article_stored_before_ingest_records_counts_as_updated():
    store = GraphStore(None)
    store.replace_graph(iris.article_graph("a1"), article("a1"))
    store.replace_graph(iris.INGESTS_GRAPH, [])  # as a store written before the records were kept
    store.replace_graph(iris.article_graph("a1"), article("a1", (PUTIN, MKG.country, RUSSIA)))
    assert ingest_times(store, "a1").keys() == {"ingestedAt"}


def test_layout_split_keeps_the_articles_own_quads_and_shares_the_rest():
    graph = iris.article_graph("a1")
    figure = iris.resource("figure/a1/f")
    split = layout.split(graph, article("a1", (figure, MKG.claimant, PUTIN), (PUTIN, MKG.country, RUSSIA)))
    assert {t.predicate for t in split.shared} == {RDF.type, RDFS.label, MKG.country}
    own = {(q.subject, q.predicate) for q in split.own}
    assert (figure, MKG.claimant) in own and (PUTIN, MKG.reportedIn) in own and (PUTIN, MKG.evidence) in own
    asserted = {q.object for q in split.own if q.predicate == MKG.asserts}
    assert asserted == {layout.statement_iri(t) for t in split.shared}


def test_layout_a_statement_stays_while_one_article_asserts_it():
    store = GraphStore(None)
    store.replace_graph(iris.article_graph("a1"), article("a1", (PUTIN, MKG.country, RUSSIA)))
    store.replace_graph(iris.article_graph("a2"), article("a2"))
    country = ox.Quad(PUTIN, MKG.country, RUSSIA, ENTITY_GRAPH)
    assert len(list(store.quads_matching(ox.Quad(PUTIN, RDF.type, MKG.Person, ENTITY_GRAPH)))) == 1  # once
    assert list(store.quads_matching(country))
    assert_stored_once(store)

    store.replace_graph(iris.article_graph("a1"), article("a1"))  # a1 no longer says it
    assert not list(store.quads_matching(country))
    assert list(store.quads_matching(ox.Quad(PUTIN, RDF.type, MKG.Person, ENTITY_GRAPH)))  # a2 still says this
    assert_stored_once(store)

    store.withdraw_graph(iris.article_graph("a2"), ox.Quad(iris.article("a2"), MKG.withdrawnAt, ox.Literal("x"), iris.WITHDRAWALS_GRAPH))
    store.drop_graph(iris.article_graph("a1"))
    assert not list(store.quads(ENTITY_GRAPH)) and not list(store.quads(SUMMARY_GRAPH)) and not list(store.quads(ENTRY_GRAPH))
    assert_stored_once(store)


def test_layout_summaries_count_the_articles_that_report_an_entity():
    store = GraphStore(None)
    for article_id in ("a1", "a2", "a3"):
        store.replace_graph(iris.article_graph(article_id), article(article_id))
    count = f"SELECT ?n WHERE {{ GRAPH {SUMMARY_GRAPH} {{ {PUTIN} {MKG.articleCount} ?n }} }}"
    assert [row["n"].value for row in store.query(count)] == ["3"]
    store.drop_graph(iris.article_graph("a3"))
    assert [row["n"].value for row in store.query(count)] == ["2"]
    assert_stored_once(store)


def test_layout_graph_triples_give_back_what_was_written():
    store = GraphStore(None)
    written = article("a1", (PUTIN, MKG.country, RUSSIA))
    store.replace_graph(iris.article_graph("a1"), written)
    assert set(store.graph_triples(iris.article_graph("a1"))) == {q.triple for q in written}


def test_layout_adding_to_an_article_graph_lays_the_added_quads_out():
    store = GraphStore(None)
    store.replace_graph(iris.article_graph("a1"), article("a1"))
    store.add_quads([ox.Quad(PUTIN, MKG.country, RUSSIA, iris.article_graph("a1"))])
    assert list(store.quads_matching(ox.Quad(PUTIN, MKG.country, RUSSIA, ENTITY_GRAPH)))
    assert_stored_once(store)


@pytest.mark.parametrize("batch_articles", [layout.BULK_BATCH_ARTICLES, 3, 1])
def test_layout_bulk_load_equals_graph_by_graph_writes(tmp_path, batch_articles):
    # Quotes of Putin read with different confidences in articles of different dates: the property summaries'
    # counts, latest values and maxima (two articles share the highest confidence) are summed in Python. The
    # latest article also quotes him without evidence: its date and confidence count for nothing (the MAX of
    # a group with an unbound value is unbound), its latest quote does.
    quotes = {"a0": ("2024-05-01", "0.9"), "a1": ("2024-06-01", "0.6"), "a2": ("2024-04-01", "0.9"), "a3": ("2024-08-01", "0.95")}
    sources = {
        f"a{i}": article(f"a{i}", *([(PUTIN, MKG.country, RUSSIA)] if i % 2 else []), *_quote(f"a{i}", *quotes[f"a{i}"]))
        for i in range(4)
    }
    sources["a3"].append(ox.Quad(iris.resource("quote/a3/bare"), MKG.speaker, PUTIN, iris.article_graph("a3")))
    one_by_one = GraphStore(None)
    bulk = GraphStore(tmp_path / "bulk")
    for store in (bulk, one_by_one):  # the reference data first, as `kg load` and `kg ingest` of a new store do
        store.replace_graph(REFERENCE_GRAPH, [])
    for article_id, quads in sources.items():
        one_by_one.replace_graph(iris.article_graph(article_id), quads)
    # Entries computed by batches of articles (one of 4, uneven ones, one article each) read the same names.
    laid_out = layout.BulkLayout(bulk.quads(), batch_articles=batch_articles)
    bulk.bulk_load(laid_out.load((iris.article_graph(article_id), qs) for article_id, qs in sources.items()))
    bulk.summarise_bulk_load(laid_out.property_summaries())
    # The same quads, each article's ingest record and every summary included; only the times of the records differ.
    assert any(q.predicate == MKG.term("topConfidenceHolders") for q in bulk.quads(SUMMARY_GRAPH))
    assert timeless(bulk.quads()) == timeless(one_by_one.quads())
    assert_stored_once(bulk)
    # Writes into the bulk-loaded store keep what a fresh computation gives.
    bulk.replace_graph(iris.article_graph("a0"), article("a0", *_quote("a0", "2024-07-01", "0.5")))
    bulk.drop_graph(iris.article_graph("a2"))
    assert_stored_once(bulk)


def test_layout_date_order_sorts_as_the_dates_text_does():
    dates = ["2024-03-01", "--07-31", "2024", "--07", "2023-12", "2024-03", "--12", "2024-11-05", "2025"]
    assert sorted(dates, key=layout.date_order) == sorted(dates)


def test_layout_a_dated_event_gets_its_date_order_outside_its_logical_graph():
    event = iris.resource("event/a1/raid")
    graph = iris.article_graph("a1")
    quads = article("a1", (event, RDF.type, MKG.Event), (event, MKG.date, ox.Literal("2024-08", datatype=XSD.gYearMonth)))
    split = layout.split(graph, quads)
    assert ox.Quad(event, MKG.dateOrder, ox.Literal("20240800", datatype=XSD.integer), graph) in split.own
    store = GraphStore(None)
    store.replace_graph(graph, quads)
    assert set(store.graph_triples(graph)) == {q.triple for q in quads}


def _figure(article_id: str, quantity: ox.NamedNode, value: str) -> list[tuple]:
    figure, node = iris.resource(f"figure/{article_id}/1"), iris.article(article_id)
    decimal = XSD.decimal
    return [
        (node, RDFS.label, ox.Literal(f"Article ({article_id})")),
        (quantity, RDF.type, MKG.Quantity),
        (figure, MKG.quantity, quantity),
        (figure, MKG.value, ox.Literal(value, datatype=decimal)),
        (figure, MKG.valueText, ox.Literal(value)),
        (figure, MKG.reportedIn, node),
        (figure, MKG.factConfidence, ox.Literal("0.9", datatype=decimal)),
    ]


def test_layout_a_quantitys_summary_follows_the_claims_about_it_and_its_broader_quantities():
    narrow, broad = iris.resource("quantity/killed/x/moscow/2024"), iris.resource("quantity/killed/x/-/-")
    store = GraphStore(None)
    store.replace_graph(iris.article_graph("a1"), article("a1", *_figure("a1", narrow, "10"), (narrow, MKG.broaderQuantity, broad)))
    store.replace_graph(iris.article_graph("a2"), article("a2", *_figure("a2", broad, "20")))
    values = f"SELECT ?p ?v WHERE {{ GRAPH {SUMMARY_GRAPH} {{ {narrow} ?p ?v }} }}"

    def summary() -> dict[str, str]:
        return {row["p"].value.rsplit("#", 1)[1]: row["v"].value for row in store.query(values)}

    # the broad claim, written after the narrow quantity's, counts for it too
    assert {k: summary()[k] for k in ("lowestValue", "highestValue", "claimArticleCount")} == {
        "lowestValue": "10", "highestValue": "20", "claimArticleCount": "2"}
    assert summary()["claims"] == "10 (no claimant, undated, Article (a1)) | 20 (no claimant, undated, Article (a2))"
    assert_stored_once(store)
    store.drop_graph(iris.article_graph("a2"))
    assert (summary()["highestValue"], summary()["claimArticleCount"]) == ("10", "1")
    assert_stored_once(store)


def _quote(article_id: str, published: str, confidence: str) -> list[tuple]:
    """A quotation of Putin in the article, read with `confidence`, in an article published on `published`."""
    node, quote, evidence = iris.article(article_id), iris.resource(f"quote/{article_id}/q"), iris.resource(f"evidence/{article_id}/q")
    decimal = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    return [
        (node, MKG.datePublished, ox.Literal(published, datatype=XSD.date)),
        (quote, MKG.speaker, PUTIN), (quote, MKG.evidence, evidence), (evidence, MKG.article, node),
        (evidence, MKG.confidence, ox.Literal(confidence, datatype=decimal)),
    ]


def test_layout_entity_page_keeps_counts_and_maxima_under_replace_and_withdraw():
    from kg.queries import parse_query_file, run_canned
    from kg.settings import PROJECT_ROOT

    entity_query = parse_query_file(PROJECT_ROOT / "queries" / "entity.rq")

    def speaker_row(store: GraphStore) -> dict:
        rows = run_canned(store, entity_query, {ox.Variable("id"): PUTIN}, page_size=100, offset=0).rows
        return next(r for r in rows if r["direction"] == "in" and r["property"]["id"] == MKG.speaker.value)

    store = GraphStore(None)
    store.replace_graph(iris.article_graph("a1"), article("a1", *_quote("a1", "2024-05-01", "0.9")))
    store.replace_graph(iris.article_graph("a2"), article("a2", *_quote("a2", "2024-06-01", "0.6")))
    store.replace_graph(iris.article_graph("a3"), article("a3", *_quote("a3", "2024-04-01", "0.9")))
    row = speaker_row(store)
    assert (row["values"], row["latest"]["id"], row["latestDate"], row["confidence"]) == (
        3, iris.resource("quote/a2/q").value, "2024-06-01", 0.9)
    assert_stored_once(store)

    # The latest article no longer quotes him: the latest quote is looked for again among the others.
    store.replace_graph(iris.article_graph("a2"), article("a2"))
    row = speaker_row(store)
    assert (row["values"], row["latest"]["id"], row["latestDate"]) == (2, iris.resource("quote/a1/q").value, "2024-05-01")
    assert_stored_once(store)

    # One of the two readings at 0.9 goes, the other still holds it; then neither does.
    store.withdraw_graph(iris.article_graph("a1"), ox.Quad(iris.article("a1"), MKG.withdrawnAt, ox.Literal("x"), iris.WITHDRAWALS_GRAPH))
    assert speaker_row(store)["confidence"] == 0.9 and speaker_row(store)["values"] == 1
    assert_stored_once(store)
    store.replace_graph(iris.article_graph("a3"), article("a3", *_quote("a3", "2024-04-01", "0.5")))
    assert speaker_row(store)["confidence"] == 0.5
    assert_stored_once(store)
    store.drop_graph(iris.article_graph("a3"))
    assert not any(r["property"]["id"] == MKG.speaker.value
                   for r in run_canned(store, entity_query, {ox.Variable("id"): PUTIN}, page_size=100, offset=0).rows)
    assert_stored_once(store)
