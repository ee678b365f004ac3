"""The corpus generator: article graphs copied from a template with their own ids, entities, numbers and
dates, and text files that `kg.load` reads to the id and content hash each graph records."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from bench.corpus import generate, make_template
from kg import iris
from kg.load import load_file
from kg.vocab import MKG, RDF, RDFS, XSD

TEXT = "title: Raid in Moscow\n\nPolice detained 1,200 migrants. Ivan Sidorov, a lawyer, said so in 2024.\n"
PUTIN, SIDOROV = iris.resource("person/vladimir-putin"), iris.resource("person/ivan-sidorov")


def template_quads(article_id: str) -> list[ox.Quad]:
    graph, article = iris.article_graph(article_id), iris.article(article_id)
    figure = iris.resource(f"figure/{article_id}/f1")
    event = iris.resource(f"event/{article_id}/e1")
    triples = [
        (article, RDF.type, MKG.Article),
        (article, RDFS.label, ox.Literal("Raid in Moscow")),
        (article, MKG.contentHash, ox.Literal("template hash")),
        (article, MKG.extractorVersion, ox.Literal("2")),
        (SIDOROV, RDF.type, MKG.Person),
        (SIDOROV, RDFS.label, ox.Literal("Ivan Sidorov")),
        (PUTIN, RDF.type, MKG.Person),
        (figure, MKG.value, ox.Literal("1200.0", datatype=XSD.decimal)),
        (figure, MKG.valueText, ox.Literal("1,200")),
        (figure, RDFS.label, ox.Literal("1,200 migrants")),
        (figure, MKG.claimant, SIDOROV),
        (event, MKG.date, ox.Literal("2024", datatype=XSD.gYear)),
        (event, MKG.agent, PUTIN),
    ]
    return [ox.Quad(s, p, o, graph) for s, p, o in triples]


def test_corpus_generate_writes_graphs_that_match_their_text_files(tmp_path: Path):
    (tmp_path / "a.txt").write_text(TEXT)
    article = load_file(tmp_path / "a.txt", tmp_path, max_bytes=10_000).articles[0]
    template_id = article.id
    template = make_template(article, template_quads(template_id), {PUTIN.value})
    corpus = generate([template], 30, tmp_path / "corpus")

    graphs = sorted(corpus.nq.glob("*.nq"))
    texts = sorted(corpus.texts.rglob("*.txt"))
    assert len(graphs) == len(texts) == 30
    seen_people, values = set(), set()
    for text in texts:
        loaded = load_file(text, corpus.texts, max_bytes=100_000).articles[0]
        assert loaded.id != template_id
        quads = list(ox.parse(path=str(corpus.nq / f"{loaded.id}.nq"), format=ox.RdfFormat.N_QUADS))
        by_predicate = {(q.subject, q.predicate): q.object for q in quads}
        article = iris.article(loaded.id)
        assert {q.graph_name for q in quads} == {iris.article_graph(loaded.id)}
        assert by_predicate[article, MKG.contentHash].value == loaded.content_hash  # `kg ingest` skips it
        assert by_predicate[article, MKG.headline].value == loaded.title
        assert by_predicate[article, MKG.datePublished].value == loaded.published.isoformat()
        assert all(template_id not in q.subject.value for q in quads)  # no IRI keeps the template's id
        people = {q.subject for q in quads if q.object == MKG.Person}
        assert PUTIN in people and SIDOROV not in people  # reference entities stay, the others are replaced
        seen_people |= people - {PUTIN}
        figure = iris.resource(f"figure/{loaded.id}/f1")
        value = int(float(by_predicate[figure, MKG.value].value))
        assert by_predicate[figure, MKG.valueText].value == f"{value:,}"
        assert by_predicate[figure, RDFS.label].value == f"{value:,} migrants"
        assert by_predicate[figure, MKG.claimant] in people
        values.add(value)
        year = int(by_predicate[iris.resource(f"event/{loaded.id}/e1"), MKG.date].value)
        assert year == loaded.published.year  # the template's year moves with its publication date
    assert 1 < len(seen_people) < 30  # synthetic people recur across articles, and there are several
    assert len(values) > 10
